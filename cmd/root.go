// Package cmd holds pssa's Cobra commands, one file each; every command has
// an options struct and a runX function, and writes only to the command's
// own output streams so that it can be tested in-process.
package cmd

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"

	"github.com/spf13/pflag"

	"github.com/spf13/cobra"

	"github.com/pssa-project/pssa/internal/report"
)

// Version is set at build time with -ldflags "-X github.com/pssa-project/pssa/cmd.Version=...".
var Version = "0.1.0-dev"

// Exit codes.
const (
	ExitOK    = 0
	ExitData  = 1 // data or runtime error
	ExitUsage = 2 // usage error
)

// usageError marks an error in how pssa was called (exit 2).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// silentError carries an exit code whose message was already printed.
type silentError struct{ code int }

func (e *silentError) Error() string { return "" }

// globalOptions are the flags every command shares.
type globalOptions struct {
	format      string
	output      string
	instruments []string
	variants    []string
	missing     []string
	delimiter   string
	cpuProfile  string
	memProfile  string
	stopProfile func()
	// latexStandalone makes --format latex a whole document.
	latexStandalone bool
	inputs          inputOptions
	// process is set when pssa runs as its own process (Main), not
	// in-process (tests): only then may it set process-wide limits.
	process bool
	// dropIDs lets scoreFile free the participants' ids after loading: the
	// command never names a row by id (analyze without per-participant
	// change categories).
	dropIDs bool
	// releaseItems says the analysis will free the items as it goes
	// (analysis.Options.ReleaseItems), which lowers the memory limit.
	releaseItems bool
	// warnings are printed once, to standard error, when the command ends
	// (whether it succeeds or fails), in the order they were found.
	warnings []string
}

// warn records a warning for the end of the run.
func (g *globalOptions) warn(msg string) { g.warnings = append(g.warnings, msg) }

// Main runs pssa with os.Args and returns the exit code.
func Main() int {
	return run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, true)
}

// Run runs pssa with args and the given streams and returns the exit code.
// Every write to standard output is checked: a failed write (a full disk)
// ends the run with exit 1 and the reason, whatever command wrote; a closed
// pipe ends it quietly, as other Unix tools do.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return run(args, stdin, stdout, stderr, false)
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer, process bool) int {
	g := &globalOptions{process: process}
	root := newRootCmd(g, commandNamed(args))
	out := &checkedWriter{w: stdout}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(out)
	root.SetErr(stderr)
	c, err := root.ExecuteC()
	if g.stopProfile != nil {
		g.stopProfile() // also when the command failed: the profile is complete
	}
	for _, w := range g.warnings {
		fmt.Fprintf(stderr, "pssa: %s\n", w)
	}
	if out.err != nil {
		if !errors.Is(out.err, syscall.EPIPE) {
			fmt.Fprintf(stderr, "pssa: write standard output: %v\n", out.err)
		}
		return ExitData
	}
	if err == nil {
		return ExitOK
	}
	var se *silentError
	if errors.As(err, &se) {
		return se.code
	}
	fmt.Fprintf(stderr, "pssa: %s\n", err.Error())
	var ue *usageError
	if errors.As(err, &ue) {
		path := "pssa"
		if c != nil {
			path = c.CommandPath() // the command the usage error is about: 'pssa test lmm --help'
		}
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", path)
		return ExitUsage
	}
	return ExitData
}

// checkedWriter remembers the first failed write; later writes fail too,
// so a command cannot go on as if its output had been written.
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	if err != nil {
		c.err = err
	}
	return n, err
}

// flagError turns pflag's errors into usage errors (exit 2), with the
// message of an enum flag's own check where there is one.
func flagError(c *cobra.Command, err error) error {
	var iv *pflag.InvalidValueError
	if errors.As(err, &iv) {
		f := iv.GetFlag()
		if _, ok := f.Value.(*enumValue); ok {
			return usagef("--%s %v", f.Name, errors.Unwrap(iv))
		}
		var ne *strconv.NumError // strconv's words are Go's, not the user's
		if errors.As(err, &ne) {
			want := map[string]string{"float64": "a number", "int": "a whole number", "uint64": "a whole number (0 or more)",
				"bool": "true or false", "float64Slice": "a list of numbers"}[f.Value.Type()]
			if want == "" {
				want = "a valid value"
			}
			if ne.Err == strconv.ErrRange {
				return usagef("--%s %q is out of range", f.Name, ne.Num)
			}
			return usagef("--%s %q is not %s", f.Name, ne.Num, want)
		}
		if inner := errors.Unwrap(iv); inner != nil && strings.HasPrefix(inner.Error(), f.Name+" ") {
			return usagef("--%v", inner) // digits-rank "x" is not ...
		}
	}
	var ne *pflag.NotExistError
	if errors.As(err, &ne) && c.Parent() != nil && c.Parent().Name() == "test" {
		var own []string
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if !f.Hidden && f.Name != "help" {
				own = append(own, "--"+f.Name)
			}
		})
		return usagef("--%s does not apply to pssa test %s (its flags: %s)", ne.GetSpecifiedName(), c.Name(), strings.Join(own, ", "))
	}
	return &usageError{err}
}

// newRootCmd builds the command tree (no mutable globals, no init()): every
// command, or only the one named by only.
func newRootCmd(g *globalOptions, only string) *cobra.Command {
	root := &cobra.Command{
		Use:   "pssa",
		Short: "Score questionnaires and test pre/post changes in mental-health services research",
		Long: `pssa scores the instruments of a study file (one row per participant and one column per
item and time point, SSQ_3_T1, CAMI_07_T2, ...; or a long layout; CSV, .xlsx, SPSS .sav)
and runs the analysis of a pre/post study: Wilcoxon signed-rank tests between time
points, repeated-measures ANOVA and Friedman over three or more, Mann-Whitney U
between groups, the group × time question (mixed ANOVA and a mixed model that keeps
drop-outs), reliable and clinically significant change, with effect sizes and their
confidence intervals, printed as tables laid out like a paper's results, APA
sentences, LaTeX, an HTML report or an Excel workbook.

Every number is checked against R; see testdata/r/ in the source.`,
		Example: `  pssa validate scores.csv
  pssa analyze scores.csv
  pssa analyze scores.csv --format latex -o results.tex
  pssa score scores.csv --format csv > scored.csv
  pssa test wilcoxon scored.csv --x SSQ_TOTAL_T2 --y SSQ_TOTAL_T1
  pssa instruments show CAMI`,
		Version:       Version,
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			g.formatFromOutput(cmd)
			if g.latexStandalone && g.format != "latex" {
				return usagef("--latex-standalone goes with --format latex (the format is %s)", g.format)
			}
			if g.format == "yaml" && cmd.Name() != "show" {
				return usagef("--format yaml is for instrument definitions ('pssa instruments show CODE --format yaml'); use json for results")
			}
			if err := g.inputs.check(); err != nil {
				return err
			}
			if g.cpuProfile != "" {
				f, err := os.Create(g.cpuProfile)
				if err != nil {
					return err
				}
				if err := pprof.StartCPUProfile(f); err != nil {
					return err
				}
				g.stopProfile = func() { pprof.StopCPUProfile(); f.Close(); g.stopProfile = nil }
			}
			if g.memProfile != "" {
				// One sample every 4 KiB allocated; the profile's
				// alloc_space shows where garbage comes from.
				runtime.MemProfileRate = 4096
				stop := g.stopProfile
				g.stopProfile = func() {
					if stop != nil {
						stop()
					}
					if f, err := os.Create(g.memProfile); err == nil {
						_ = pprof.Lookup("allocs").WriteTo(f, 0)
						f.Close()
					}
					g.stopProfile = nil
				}
			}
			return nil
		},
	}
	root.SetFlagErrorFunc(flagError)
	// A word that is not a command is a usage error, not a help page.
	root.Args = cobra.ArbitraryArgs
	root.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usagef("unknown command %q for %q", args[0], cmd.CommandPath())
		}
		return cmd.Help()
	}
	addGlobalFlags(root, g)
	root.SetVersionTemplate("pssa {{.Version}}\n")

	for _, c := range subcommands {
		if only == "" || c.name == only {
			root.AddCommand(c.make(g))
		}
	}
	if only != "" {
		// The command is known: shell completion is not what runs.
		root.CompletionOptions.DisableDefaultCmd = true
	}
	return root
}

// subcommands are pssa's commands, in the order help lists them.
var subcommands = []struct {
	name string
	make func(*globalOptions) *cobra.Command
}{
	{"analyze", newAnalyzeCmd},
	{"change", newChangeCmd},
	{"describe", newDescribeCmd},
	{"score", newScoreCmd},
	{"test", newTestCmd},
	{"validate", newValidateCmd},
	{"instruments", newInstrumentsCmd},
	{"simulate", newSimulateCmd},
	{"check", newCheckCmd},
	{"plot", newPlotCmd},
	{"report", newReportCmd},
}

// commandNamed returns args[0] when it names one of the subcommands (then
// only that one is built: defining every command's flags took a third of a
// millisecond of each run), else "" (help, completion, an unknown word, a
// flag first: the whole tree).
func commandNamed(args []string) string {
	if len(args) > 0 {
		for _, c := range subcommands {
			if c.name == args[0] {
				return c.name
			}
		}
	}
	return ""
}

// addGlobalFlags defines the flags every command shares.
func addGlobalFlags(root *cobra.Command, g *globalOptions) {
	pf := root.PersistentFlags()
	enumFlag(root, pf, &g.format, "format", "f", "table", report.Formats, nil,
		"output format (default: from -o's extension, else table)")
	pf.StringVarP(&g.output, "output", "o", "", "write the output to this file instead of standard output (never the input file)")
	pf.StringArrayVar(&g.instruments, "instruments", nil, "YAML or JSON file of instrument definitions that add to or override the built-in ones (repeatable)")
	pf.StringSliceVar(&g.variants, "variant", nil, "use a variant of an instrument, as CODE=VARIANT (e.g. SWLS=spanish-5, CAMI=grouped)")
	pf.StringSliceVar(&g.missing, "missing", nil, "extra missing-value codes besides empty, NA, N/A and . (e.g. -9,99)")
	enumFlag(root, pf, &g.delimiter, "delimiter", "", "auto", []string{"auto", ",", ";", "tab"},
		map[string]string{"": "auto", `\t`: "tab", "\t": "tab", "comma": ",", "semicolon": ";"},
		"field delimiter: auto (detected from the header line), ',', ';' or tab")
	pf.BoolVar(&g.latexStandalone, "latex-standalone", false, "with --format latex: a whole document that compiles on its own (pdflatex), not tables to \\input")
	pf.StringVar(&g.cpuProfile, "cpuprofile", "", "write a CPU profile to this file (for performance work)")
	_ = pf.MarkHidden("cpuprofile")
	pf.StringVar(&g.memProfile, "memprofile", "", "write an allocation profile to this file (for performance work)")
	_ = pf.MarkHidden("memprofile")
	g.inputs.addFlags(root, pf)
}
