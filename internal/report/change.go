package report

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/pssa-project/pssa/internal/results"
)

// changeSDWarnBelow matches analysis.ChangeSDWarnBelow (report does not
// import analysis).
const changeSDWarnBelow = 30

// ChangeTables lays out the clinical significance rows: one table per group,
// a row per scale, contrast and method with n and the count (%) in each
// category, and the test of the categories across groups. Rows that could
// not be computed because the scale has no reliability are gathered in one
// note instead of a row each.
//
// Long because a row has many cells (method, reliability, cutoff, five
// categories, the test) laid out in their columns.
func ChangeTables(res *results.Analysis, v AnalysisView) []Table {
	if len(res.Change) == 0 {
		return nil
	}
	var out []Table
	noRel := map[string]bool{}
	var noRelOrder []string
	noDir := map[string]bool{}
	var noDirOrder []string
	smallSD := false
	for _, g := range res.Input.Groups {
		t := Table{Title: v.groupName(g) + ": clinical significance (reliable change)",
			Columns: []string{"Scale", "", "Contrast", "Method", "n", "r", "S_diff", "Cutoff", "Recovered", "Improved", "Unchanged", "Deteriorated", "Harmed", "Test", "p"}}
		for _, c := range res.Change {
			if c.Group != g {
				continue
			}
			label := ScaleLabel(c.Scale)
			if c.NUnchanged == nil && strings.HasPrefix(c.Note, "no reliability for ") {
				if !noRel[label] {
					noRel[label] = true
					noRelOrder = append(noRelOrder, label)
				}
				continue
			}
			if c.NUnchanged == nil && c.Scale.Better != "higher" && c.Scale.Better != "lower" {
				if !noDir[label] {
					noDir[label] = true
					noDirOrder = append(noDirOrder, label)
				}
				continue
			}
			sdiff := N(c.SDiff, 2)
			if c.Method != "mid" && c.SDN > 0 && c.SDN < changeSDWarnBelow && !math.IsNaN(c.SDiff) {
				sdiff = T(FormatNumber(c.SDiff, 2) + " ⚠")
				smallSD = true
			}
			cut := T("")
			if c.CutoffKind != nil {
				cut = T(fmt.Sprintf("%s = %s", *c.CutoffKind, FormatNumber(c.Cutoff, 2)))
			}
			test := ""
			if c.Test != nil {
				test = map[string]string{"fisher": "Fisher", "chisq": "χ²"}[*c.Test]
			}
			row := []Cell{T(label), T(arrow(c.Scale)), T(c.From + "–" + c.To), T(c.Method), I(c.N), N(c.Reliability, 2), sdiff, cut,
				pct(c.NRecovered, c.N), pct(c.NImproved, c.N), pct(c.NUnchanged, c.N), pct(c.NDeteriorated, c.N), pct(c.NHarmed, c.N),
				T(test), v.pCell(c.P, res.Options.Alpha, "")}
			if c.Test == nil {
				row[len(row)-1] = T("")
			}
			t.Rows = append(t.Rows, row)
			dagger(&t, label+" "+c.From+"–"+c.To+" ("+c.Method+")", c.Note)
		}
		if len(t.Rows) > 0 {
			out = append(out, t)
		}
	}
	var notes []string
	if len(noRelOrder) > 0 {
		sort.Strings(noRelOrder)
		notes = append(notes, "No reliability for "+strings.Join(noRelOrder, ", ")+
			": their definitions cite none; pass --reliability CODE=VALUE (CODE_SCALE for a subscale) or --reliability study.")
	}
	if len(noDirOrder) > 0 {
		sort.Strings(noDirOrder)
		notes = append(notes, "Not classified: "+strings.Join(noDirOrder, ", ")+
			" have no direction (better: none), so improvement cannot be told from deterioration.")
	}
	notes = append(notes,
		"Reliable change (Jacobson & Truax 1991): |to − from| > z·S_diff with S_diff = √2·SD·√(1 − r); ha: Hageman & Arrindell (1999) RC_indiv; mid: change of at least the instrument's minimal important difference. "+
			"Recovered = reliable improvement from the dysfunctional to the functional side of the cutoff (a score on the cutoff is functional); harmed = the reverse; blank without a cutoff. Counts with % of n.",
		"Test: the categories compared across the groups of the contrast (empty categories dropped): χ² (Yates on 2 × 2) when every expected count is at least 5, else Fisher's exact test.")
	if smallSD {
		notes = append(notes, fmt.Sprintf("⚠ the SD behind S_diff comes from fewer than %d participants: the reliable-change threshold is imprecise.", changeSDWarnBelow))
	}
	if len(out) == 0 {
		out = append(out, Table{Title: "Clinical significance (reliable change)", Columns: []string{"note"}})
	}
	last := &out[len(out)-1]
	last.Notes = append(last.Notes, notes...)
	return out
}

// pct is "3 (27%)", blank when the count is null.
func pct(k *int, n int) Cell {
	if k == nil {
		return T("")
	}
	if n == 0 {
		return I(*k)
	}
	return T(fmt.Sprintf("%d (%.0f%%)", *k, 100*float64(*k)/float64(n)))
}

// RowsTable is a table of typed result rows, one column per tidy key (csv
// and tsv at full precision, text cells spreadsheet-safe).
func RowsTable(rows any) *Table {
	fields := results.Fields(results.RowType(rows))
	t := &Table{}
	var use []results.Field
	for _, f := range fields {
		if f.Tidy {
			use = append(use, f)
			t.Columns = append(t.Columns, f.Name)
		}
	}
	for _, r := range results.Rows(rows) {
		row := make([]Cell, len(use))
		for i, f := range use {
			row[i] = tidyCell(results.Value(r, f))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// ChangeDocument is pssa change's output: the tables per group, the rows
// as csv/tsv, and the rows as a JSON array.
func ChangeDocument(res *results.Analysis, v AnalysisView) *Document {
	rows := res.Change
	if rows == nil {
		rows = []*results.Change{}
	}
	// The text form words the change rows only.
	words := &results.Analysis{Input: res.Input, Options: res.Options, Scales: res.Scales, Change: res.Change, Warnings: res.Warnings}
	return &Document{Tables: ChangeTables(res, v), Tidy: RowsTable(rows), JSON: rows, Results: words, View: v}
}

// ChangeParticipantsDocument is pssa change --per-participant's output: one
// row per participant, scale, contrast and method.
func ChangeParticipantsDocument(res *results.Analysis) *Document {
	rows := res.ChangeParticipants
	if rows == nil {
		rows = []*results.ChangeParticipant{}
	}
	t := RowsTable(rows)
	return &Document{Tables: []Table{*t}, Tidy: t, JSON: rows}
}
