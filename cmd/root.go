// Package cmd holds pssa's Cobra commands, one file each; every command has
// an options struct and a runX function, and writes only to the command's
// own output streams so that it can be tested in-process.
package cmd

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"

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
	stopProfile func()
	inputs      inputOptions
}

// Main runs pssa with os.Args and returns the exit code.
func Main() int {
	return Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
}

// Run runs pssa with args and the given streams and returns the exit code.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := NewRootCmd()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	var se *silentError
	if errors.As(err, &se) {
		return se.code
	}
	msg := err.Error()
	fmt.Fprintf(stderr, "pssa: %s\n", msg)
	var ue *usageError
	if errors.As(err, &ue) || isCobraUsage(msg) {
		fmt.Fprintln(stderr, "Run 'pssa --help' for usage.")
		return ExitUsage
	}
	return ExitData
}

// isCobraUsage recognises the errors Cobra itself returns for bad flags,
// arguments and commands.
func isCobraUsage(msg string) bool {
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument",
		"invalid argument", "accepts ", "requires at least", "requires at most", "received", "required flag"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

// NewRootCmd builds the command tree (no globals, no init()).
func NewRootCmd() *cobra.Command {
	g := &globalOptions{}
	root := &cobra.Command{
		Use:   "pssa",
		Short: "Score questionnaires and test pre/post changes in mental-health services research",
		Long: `pssa scores the instruments of a wide CSV (one row per participant, one column per
item and time point: SSQ_3_T1, CAMI_07_T2, COPM_PERF_FINDWORK_T1, ...) and runs the
analysis of a pre/post study: Wilcoxon signed-rank tests between time points,
repeated-measures ANOVA and Friedman over three or more, Mann-Whitney U between
groups, with Cohen's d, printed as tables laid out like a paper's results.

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
			if !report.ValidFormat(g.format) {
				return usagef("--format %q is not one of %s", g.format, strings.Join(report.Formats, ", "))
			}
			switch g.delimiter {
			case "", ",", ";", "tab", `\t`, "\t":
			default:
				return usagef("--delimiter %q is not one of ',', ';', tab", g.delimiter)
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
				g.stopProfile = func() { pprof.StopCPUProfile(); f.Close() }
			}
			return nil
		},
		PersistentPostRun: func(cmd *cobra.Command, args []string) {
			if g.stopProfile != nil {
				g.stopProfile()
			}
		},
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return &usageError{err} })
	pf := root.PersistentFlags()
	pf.StringVarP(&g.format, "format", "f", "table", "output format: "+strings.Join(report.Formats, ", "))
	pf.StringVarP(&g.output, "output", "o", "", "write the output to this file instead of standard output (never the input file)")
	pf.StringArrayVar(&g.instruments, "instruments", nil, "YAML or JSON file of instrument definitions that add to or override the built-in ones (repeatable)")
	pf.StringSliceVar(&g.variants, "variant", nil, "use a variant of an instrument, as CODE=VARIANT (e.g. SWLS=spanish-5, CAMI=grouped)")
	pf.StringSliceVar(&g.missing, "missing", nil, "extra missing-value codes besides empty, NA, N/A and . (e.g. -9,99)")
	pf.StringVar(&g.delimiter, "delimiter", "", "field delimiter: ',', ';' or tab (default: detected from the header line)")
	pf.StringVar(&g.cpuProfile, "cpuprofile", "", "write a CPU profile to this file (for performance work)")
	_ = pf.MarkHidden("cpuprofile")
	g.inputs.addFlags(pf)
	root.SetVersionTemplate("pssa {{.Version}}\n")

	root.AddCommand(
		newAnalyzeCmd(g),
		newDescribeCmd(g),
		newScoreCmd(g),
		newTestCmd(g),
		newValidateCmd(g),
		newInstrumentsCmd(g),
		newSimulateCmd(g),
		newCheckCmd(g),
		newPlotCmd(g),
	)
	return root
}
