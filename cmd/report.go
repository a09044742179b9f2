package cmd

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/pssa-project/pssa/internal/analysis"
	"github.com/pssa-project/pssa/internal/report"
)

type reportOptions struct {
	analyzeOptions
	figures bool
}

func newReportCmd(g *globalOptions) *cobra.Command {
	o := &reportOptions{analyzeOptions: analyzeOptions{globalOptions: g}}
	c := &cobra.Command{
		Use:   "report FILE -o report.html|report.xlsx",
		Short: "Write analyze's results to one file: an HTML report (tables, figure, methods, results in words) or an Excel workbook",
		Long: `report runs analyze (same flags) and writes everything to one file; the format
follows -o's extension.

report.html is one self-contained page (inline style sheet and figure, no script,
nothing fetched): the input (file, rows, groups, instruments, time points) and the
warnings, the methods paragraph, every table of analyze with its footnotes, the
figure of the means over time, the results in words (as --format text) and the
provenance: pssa's version, the command, the options in effect and the SHA-256 of
the input. It prints on A4 or Letter with each part on a new page, and Word opens
it (File > Open) with its tables as Word tables.

report.xlsx has one sheet per table, numbers stored as numbers at full precision
with display formats that round them (p 0.000, M and SD 0.00), and a Notes sheet
with the footnotes, warnings, methods and provenance.`,
		Example: `  pssa report scores.csv -o report.html
  pssa report scores.csv -o report.xlsx --group-names "PSW=Peer support workers,SU=Service users"
  pssa report scores.csv -o report.html --paired-test t --like spss`,
		Args: exactArgs(1, "one FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.file = args[0]
			return runReport(cmd, o)
		},
	}
	addTestFlags(c, &o.analyzeOptions)
	addCommonAnalysisFlags(c, &o.analyzeOptions)
	c.Flags().BoolVar(&o.figures, "figures", true, "draw the figure of the means over time (html)")
	return c
}

func runReport(cmd *cobra.Command, o *reportOptions) error {
	if o.output == "" || o.output == "-" {
		return usagef("report needs -o FILE ending in .html or .xlsx")
	}
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(o.output)), ".")
	if format == "htm" {
		format = "html"
	}
	if !slices.Contains(report.ReportFormats, format) {
		return usagef("-o %s: the report's format comes from the extension: .html or .xlsx", o.output)
	}
	if cmd.Flags().Changed("format") {
		return usagef("--format: the report's format comes from -o's extension (.html or .xlsx)")
	}
	if o.file != "-" && samePath(o.output, o.file) {
		return usagef("-o %s is the input file; pssa never writes over its input", o.output)
	}
	res, view, sc, err := o.resultsAndScores(cmd, false)
	if err != nil {
		return err
	}
	doc := report.AnalysisDocument(res, view)
	doc.Version = Version
	rep := &report.Report{Doc: doc, File: o.file, Command: commandLine(cmd, o.file), Warnings: o.warnings}
	if o.file != "-" {
		if rep.SHA256, err = fileSHA256(o.file); err != nil {
			return err
		}
	}
	if o.figures && format == "html" {
		trends, err := analysis.Trends(sc, analysis.TrendOptions{Groups: o.groups, Level: o.confLevel})
		if err != nil {
			// A file with no scale to draw still gets its report.
			o.warn("report: no figure: " + err.Error())
		} else {
			rep.Figure = report.FigureFrom(trends, o.confLevel)
			rep.Figure.Style.GroupNames = view.GroupNames
		}
		rep.Warnings = o.warnings
	}
	var buf bytes.Buffer
	if err := report.RenderReport(&buf, format, rep); err != nil {
		return err
	}
	return writeFileAtomic(o.output, buf.Bytes())
}

// fileSHA256 is the hex SHA-256 of a file's bytes.
func fileSHA256(file string) (string, error) {
	f, err := os.Open(file)
	if err != nil {
		return "", fmt.Errorf("%s: cannot read: %v", file, pathErr(err))
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("%s: cannot read: %v", file, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// commandLine rebuilds the command as given: its name, FILE and every flag
// that was set, in name order.
func commandLine(cmd *cobra.Command, file string) string {
	parts := []string{cmd.CommandPath(), shellQuote(file)}
	cmd.Flags().Visit(func(f *pflag.Flag) {
		v := f.Value.String()
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			v = strings.Join(sv.GetSlice(), ",")
		}
		if f.Value.Type() == "bool" {
			parts = append(parts, "--"+f.Name+"="+v)
			return
		}
		flag := "--" + f.Name
		if f.Name == "output" {
			flag = "-o"
		}
		parts = append(parts, flag, shellQuote(v))
	})
	return strings.Join(parts, " ")
}

// shellQuote quotes a word that a shell would split or expand.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`*?[]{}()<>|&;#~!") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
