package cmd

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pssa-project/pssa/internal/scoring"

	"github.com/spf13/cobra"

	"github.com/pssa-project/pssa/internal/dataset"
	"github.com/pssa-project/pssa/internal/report"
)

type validateOptions struct {
	*globalOptions
	file string
}

func newValidateCmd(g *globalOptions) *cobra.Command {
	o := &validateOptions{globalOptions: g}
	return &cobra.Command{
		Use:   "validate FILE",
		Short: "List every problem in a wide CSV (exit 1 when there is any error)",
		Long: `validate reads FILE as pssa's other commands do and lists every problem it finds,
each with the file, line, column and value and what was expected: duplicate or
empty ids, unknown instrument prefixes, item numbers beyond an instrument,
non-numeric or out-of-range values, ragged rows, duplicate columns. Warnings (a
pre-scored total that disagrees with its items, item columns absent at a time
point) are listed too but do not make validate fail. FILE "-" reads standard input.`,
		Example: `  pssa validate scores.csv
  pssa validate scores.csv --missing -9,99
  pssa validate scores.csv --format json | jq .errors`,
		Args: exactArgs(1, "one FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.file = args[0]
			return runValidate(cmd, o)
		},
	}
}

func runValidate(cmd *cobra.Command, o *validateOptions) error {
	l, err := o.load(cmd, o.file, false)
	if err != nil {
		return err
	}
	ds := l.data
	if ds.Err() == nil {
		sc := scoring.ScoreLazy(ds, l.reg)
		if len(sc.Scores) == 0 {
			// analyze would refuse the file: say so the same way.
			return noInstruments(l)
		}
		// Score one scale at a time for the warnings (given totals that
		// disagree with their items), without keeping the scores.
		for _, s := range sc.Scores {
			s.Compute()
			for _, w := range s.Warnings {
				ds.AddProblem(w)
			}
			s.Release()
		}
	}
	errs, warns := ds.Errors(), ds.Warnings()
	doc := validateDocument(ds, errs, warns)
	if err := o.emit(cmd, doc, o.file); err != nil {
		return err
	}
	if len(errs) > 0 {
		n := len(errs) + ds.Omitted
		fmt.Fprintf(cmd.ErrOrStderr(), "pssa: %s: %d %s\n", ds.File, n, plural(n, "error", "errors"))
		return &silentError{code: ExitData}
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func validateDocument(ds *dataset.Dataset, errs, warns []dataset.Problem) *report.Document {
	t := report.Table{Title: "Problems in " + ds.File, Columns: []string{"severity", "line", "column", "problem"}}
	add := func(ps []dataset.Problem, sev string) {
		for _, p := range ps {
			line := ""
			switch {
			case p.Where != "":
				line = p.Where
			case p.Line > 0:
				line = fmt.Sprint(p.Line)
			}
			t.Rows = append(t.Rows, []report.Cell{report.T(sev), report.T(line), report.T(p.Column), report.T(p.Message)})
		}
	}
	add(errs, "error")
	add(warns, "warning")
	if ds.Omitted > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("... and %d more errors not listed", ds.Omitted))
	}
	summary := summarise(ds)
	t.Notes = append(t.Notes, summary...)
	if len(errs) == 0 && len(warns) == 0 {
		t.Rows = nil
		t.Title = ds.File + ": no problems"
	}
	type jp struct {
		Line    int    `json:"line,omitempty"`
		Column  string `json:"column,omitempty"`
		Message string `json:"message"`
		Text    string `json:"text"`
	}
	conv := func(ps []dataset.Problem) []jp {
		out := []jp{}
		for _, p := range ps {
			out = append(out, jp{p.Line, p.Column, p.Message, p.String()})
		}
		return out
	}
	doc := &report.Document{Tables: []report.Table{t}}
	doc.JSON = map[string]any{
		"file": ds.File, "rows": ds.Rows(), "valid": len(errs) == 0,
		"errors": conv(errs), "errors_not_listed": ds.Omitted, "warnings": conv(warns),
		"summary": summary,
	}
	if len(errs) == 0 && len(warns) == 0 {
		doc.Tables[0].Columns = []string{"summary"}
		for _, s := range summary {
			doc.Tables[0].Rows = append(doc.Tables[0].Rows, []report.Cell{report.T(s)})
		}
		doc.Tables[0].Notes = nil
	}
	if src := ds.Source; src != nil && len(src.Variables) > 0 {
		doc.Tables = append(doc.Tables, sourceTable(ds.File, src))
		doc.JSON.(map[string]any)["variables"] = src.Variables
	}
	return doc
}

// sourceTable lists an SPSS file's variables with their labels and their
// user-missing and system-missing cells (all read as missing).
func sourceTable(file string, src *dataset.SourceInfo) report.Table {
	t := report.Table{Title: fmt.Sprintf("Variables in %s (%s)", file, src.Format),
		Columns: []string{"variable", "label", "user-missing", "system-missing"}}
	var user, system int
	for _, v := range src.Variables {
		t.Rows = append(t.Rows, []report.Cell{report.T(v.Name), report.T(v.Label), report.I(v.UserMissing), report.I(v.SystemMissing)})
		user += v.UserMissing
		system += v.SystemMissing
	}
	t.Notes = append(t.Notes, fmt.Sprintf("%d user-missing and %d system-missing cells, all read as missing", user, system))
	if src.Product != "" {
		t.Notes = append(t.Notes, fmt.Sprintf("written by %s; text encoding %s", src.Product, src.Encoding))
	}
	return t
}

// summarise describes what the file holds: rows, groups, instruments and
// their time points, pass-through columns.
func summarise(ds *dataset.Dataset) []string {
	counts := make([]int, len(ds.GroupNames))
	for i := 0; i < ds.Rows(); i++ {
		counts[ds.GroupIndex(i)]++
	}
	var gs []string
	for gi, g := range ds.GroupNames {
		gs = append(gs, fmt.Sprintf("%s %d", g, counts[gi]))
	}
	rows := "rows"
	if ds.Rows() == 1 {
		rows = "row"
	}
	lines := []string{fmt.Sprintf("%d %s; groups: %s", ds.Rows(), rows, strings.Join(gs, ", "))}
	if src := ds.Source; src != nil && src.Sheet != "" {
		lines = append(lines, fmt.Sprintf("sheet %q of %d (%s); --sheet picks another", src.Sheet, len(src.Sheets), strings.Join(src.Sheets, ", ")))
	}
	if ds.Layout == "long" {
		lines[0] = fmt.Sprintf("%d participants (long layout: a row per participant and time point); groups: %s", ds.Rows(), strings.Join(gs, ", "))
	}
	times := map[string]map[string]bool{}
	timeIndex := map[string]int{}
	var insts []string
	var extra []string
	for _, c := range ds.Columns {
		if c.Kind == dataset.KindExtra {
			extra = append(extra, c.Name)
			continue
		}
		if times[c.Instrument] == nil {
			times[c.Instrument] = map[string]bool{}
			insts = append(insts, c.Instrument)
		}
		times[c.Instrument][c.Time] = true
		timeIndex[c.Time] = c.TimeIndex
	}
	for _, in := range insts {
		var ts []string
		for t := range times[in] {
			ts = append(ts, t)
		}
		sort.Slice(ts, func(a, b int) bool { return timeIndex[ts[a]] < timeIndex[ts[b]] })
		lines = append(lines, fmt.Sprintf("%s at %s", in, strings.Join(ts, ", ")))
	}
	if len(extra) > 0 {
		lines = append(lines, "passed through (not instrument columns): "+strings.Join(extra, ", "))
	}
	return lines
}
