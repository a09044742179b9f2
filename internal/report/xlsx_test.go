package report

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pssa-project/pssa/internal/results"
)

// sampleReport has every kind of cell the xlsx writer meets: text, numbers
// of each precision, integers, p-values with and without the star, missing
// numbers with and without a reason, compound cells with parts, text that
// XML must escape, titles that make invalid or duplicate sheet names, a
// table without rows, footnotes and warnings.
func sampleReport() *Report {
	num := func(v float64, d int) Cell { return N(v, d) }
	star := P(0.0123)
	star.Star = true
	missing := N(math.NaN(), 2)
	missing.Note = "n < 2"
	parts := func(m, sd float64) Cell {
		c := T(fmt.Sprintf("%.2f (%.2f)", m, sd))
		c.Parts = []Cell{{Kind: Number, Text: "M", Num: m, Digits: 2}, {Kind: Number, Text: "SD", Num: sd, Digits: 2}}
		return c
	}
	tables := []Table{
		{
			Title:   "PSW: scores by time point",
			Columns: []string{"Scale", "T1 M (SD)", "n", "p", "d", "ratio"},
			Rows: [][]Cell{
				{T("SSQ"), parts(61.16826923076923, 16.370927682191454), I(16), P(0.5), num(-0.123456789012345, 2), num(1.5e-7, -1)},
				{T("SWLS & <co> \"q\" 'a'"), parts(3, 0.1), I(0), star, missing, N(math.NaN(), 2)},
				{T("  padded  "), T("plain"), I(-3), P(1e-20), num(12345.678, 0), num(math.Inf(1), 1)},
				{T("line\nbreak\ttab"), {Kind: Text}, I(2), P(math.NaN()), num(0.1, 3), num(2, 1)},
			},
			Notes: []string{"M (SD): mean (standard deviation).", "p: two-sided."},
		},
		{Title: "PSW: scores by time point", Columns: []string{"a"}, Rows: [][]Cell{{T("x")}}},
		{Title: "Between groups: a/b [c]? *x* — and a title well beyond thirty-one characters", Columns: []string{"t (df)", "95% CI", "M₁ (SD)"},
			Rows: [][]Cell{{{Kind: Text, Text: "2.1 (14)", Parts: []Cell{{Kind: Number, Text: "t", Num: 2.1, Digits: 2}, {Kind: Int, Text: "df", Num: 14}}},
				{Kind: Text, Text: "[1, 2]", Parts: []Cell{{Kind: Number, Text: "low", Num: 1, Digits: 2}, {Kind: Number, Text: "high", Num: 2, Digits: 2}}},
				parts(1, 2)}}},
		{Title: "Empty", Columns: []string{"x", "y"}},
		{Title: "notes"},
	}
	return &Report{
		Doc:      &Document{Tables: tables, Version: "0.1.0-test", Results: &results.Analysis{}},
		File:     "study data.csv",
		SHA256:   strings.Repeat("ab", 32),
		Command:  "pssa report 'study data.csv' -o r.xlsx",
		Warnings: []string{"pssa: a warning & <another>"},
	}
}

// TestXLSXMatchesExcelize: the workbook pssa writes reads back, with
// excelize, as the one excelize wrote: sheets and their order, the active
// sheet, every cell's value, type, number format and boldness, column
// widths, frozen panes and merged ranges.
func TestXLSXMatchesExcelize(t *testing.T) {
	rep := sampleReport()
	var ours, ref bytes.Buffer
	if err := renderXLSX(&ours, rep); err != nil {
		t.Fatal(err)
	}
	if err := renderXLSXExcelize(&ref, rep); err != nil {
		t.Fatal(err)
	}
	a, b := describeXLSX(t, ours.Bytes()), describeXLSX(t, ref.Bytes())
	if a != b {
		t.Errorf("pssa's workbook and excelize's differ:\n%s", lineDiff(a, b))
	}
	// The same report gives the same bytes.
	var again bytes.Buffer
	if err := renderXLSX(&again, rep); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), ours.Bytes()) {
		t.Error("two renderings of one report differ")
	}
}

// TestXLSXFilesAgree compares two workbooks named by PSSA_XLSX_A and
// PSSA_XLSX_B (say, pssa report's before and after a change), as
// TestXLSXMatchesExcelize does.
func TestXLSXFilesAgree(t *testing.T) {
	pa, pb := os.Getenv("PSSA_XLSX_A"), os.Getenv("PSSA_XLSX_B")
	if pa == "" || pb == "" {
		t.Skip("PSSA_XLSX_A and PSSA_XLSX_B name the workbooks to compare")
	}
	da, err := os.ReadFile(pa)
	if err != nil {
		t.Fatal(err)
	}
	db, err := os.ReadFile(pb)
	if err != nil {
		t.Fatal(err)
	}
	a, b := describeXLSX(t, da), describeXLSX(t, db)
	if a != b {
		t.Errorf("%s and %s differ:\n%s", pa, pb, lineDiff(a, b))
	}
	t.Logf("%d lines of description agree", strings.Count(a, "\n"))
}

// describeXLSX reads a workbook with excelize and describes what a reader
// sees, one line per fact.
func describeXLSX(t *testing.T, data []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	fmt.Fprintf(&b, "active sheet %d\n", f.GetActiveSheetIndex())
	for _, sh := range f.GetSheetList() {
		fmt.Fprintf(&b, "sheet %q\n", sh)
		panes, err := f.GetPanes(sh)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "  panes freeze=%v split=%v x=%d y=%d top-left=%q active=%q\n", panes.Freeze, panes.Split, panes.XSplit, panes.YSplit, panes.TopLeftCell, panes.ActivePane)
		merged, err := f.GetMergeCells(sh)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range merged {
			fmt.Fprintf(&b, "  merged %s:%s %q\n", m.GetStartAxis(), m.GetEndAxis(), m.GetCellValue())
		}
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		width := 0
		for _, r := range rows {
			width = max(width, len(r))
		}
		for c := 1; c <= width+1; c++ {
			name, _ := excelize.ColumnNumberToName(c)
			w, err := f.GetColWidth(sh, name)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "  column %s width %g\n", name, w)
		}
		for r := 1; r <= len(rows)+1; r++ {
			for c := 1; c <= width+1; c++ {
				ref, _ := excelize.CoordinatesToCellName(c, r)
				v, err := f.GetCellValue(sh, ref, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				typ, err := f.GetCellType(sh, ref)
				if err != nil {
					t.Fatal(err)
				}
				id, err := f.GetCellStyle(sh, ref)
				if err != nil {
					t.Fatal(err)
				}
				st, err := f.GetStyle(id)
				if err != nil {
					t.Fatal(err)
				}
				// Built-in format 0 is General (ECMA-376 Part 1, §18.8.30).
				format := fmt.Sprint(st.NumFmt)
				if st.CustomNumFmt != nil {
					format = *st.CustomNumFmt
				} else if st.NumFmt == 0 {
					format = "General"
				}
				bold := st.Font != nil && st.Font.Bold
				if v == "" && !bold && format == "General" {
					continue // nothing there to see
				}
				// A blank cell reads as unset or as an empty string: the same to a reader.
				if v == "" && typ == excelize.CellTypeSharedString {
					typ = excelize.CellTypeUnset
				}
				fmt.Fprintf(&b, "  %s %q type %d format %q bold %v\n", ref, v, typ, format, bold)
			}
		}
	}
	return b.String()
}

// lineDiff lists the lines of a and b that differ, by position.
func lineDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out strings.Builder
	n := 0
	for i := 0; i < max(len(la), len(lb)) && n < 40; i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			fmt.Fprintf(&out, "line %d:\n  ours: %s\n  ref:  %s\n", i+1, x, y)
			n++
		}
	}
	return out.String()
}
