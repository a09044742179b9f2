// Package report renders result tables in pssa's six output formats. It
// formats numbers and never computes a statistic.
package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pssa-project/pssa/internal/results"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/pkg/twcache"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// writers are the output formats, in the order help text shows them. A
// new format is one file in this package with its render function, and one
// line here.
var writers = []struct {
	name   string
	render func(io.Writer, *Document) error
}{
	{"table", renderText},
	{"csv", func(w io.Writer, d *Document) error { return renderTidyOrTables(w, ',', d) }},
	{"tsv", func(w io.Writer, d *Document) error { return renderTidyOrTables(w, '\t', d) }},
	{"json", renderJSON},
	{"markdown", renderMarkdown},
	{"latex", renderLatex},
	{"yaml", renderYAML},
	{"text", renderSentences},
}

// Formats lists the output formats in the order help text shows them.
var Formats = func() []string {
	out := make([]string, len(writers))
	for i, w := range writers {
		out[i] = w.name
	}
	return out
}()

// CellKind says how a cell is written.
type CellKind int

const (
	Text   CellKind = iota
	Number          // rounded to Digits decimals in tables, full precision in csv/tsv
	Int
	PValue // APA style in tables (.038, < .001), full precision in csv/tsv
)

// Cell is one value of a table.
type Cell struct {
	Kind   CellKind
	Text   string
	Num    float64
	Digits int
	// Note replaces a missing number with a reason ("n < 2").
	Note string
	// Star marks a significant p-value in tables.
	Star bool
	// Parts, on a text cell that shows numbers ("61.17 (16.37)"), are
	// those numbers as cells, each named by its Text ("M", "SD"), for the
	// writers that keep numbers as numbers (xlsx).
	Parts []Cell
}

// T makes a text cell.
func T(s string) Cell { return Cell{Kind: Text, Text: s} }

// N makes a number cell rounded to digits decimals in tables.
func N(v float64, digits int) Cell { return Cell{Kind: Number, Num: v, Digits: digits} }

// I makes an integer cell.
func I(v int) Cell { return Cell{Kind: Int, Num: float64(v)} }

// P makes a p-value cell.
func P(v float64) Cell { return Cell{Kind: PValue, Num: v} }

// Table is a titled table with footnotes.
type Table struct {
	Title   string
	Columns []string
	Rows    [][]Cell
	Notes   []string
}

// Document is what a command renders: tables for reading, a tidy table for
// csv/tsv, and a value for json.
type Document struct {
	Tables []Table
	// Tidy, when set, is what csv and tsv write (one row per result);
	// otherwise the tables are written one after another.
	Tidy *Table
	// JSON, when set, is what json writes; otherwise the tables.
	JSON any
	// Standalone asks the latex writer for a whole document that compiles
	// on its own (--latex-standalone) instead of tables to \input.
	Standalone bool
	// YAML, when set, is what yaml writes (instrument definitions, in the
	// schema --instruments reads); other documents have no yaml form.
	YAML any
	// Results, when set, are the typed results the tables were laid out
	// from (analyze); the text writer words its sentences from them.
	Results *results.Analysis
	// View is how the results were presented (--group-names).
	View AnalysisView
	// Version is pssa's version, for the methods paragraph and provenance.
	Version string
}

// Render writes doc in the format.
func Render(w io.Writer, format string, doc *Document) error {
	for _, wr := range writers {
		if wr.name == format {
			return wr.render(w, doc)
		}
	}
	return fmt.Errorf("unknown format %q (formats: %s)", format, strings.Join(Formats, ", "))
}

// renderTidyOrTables writes csv or tsv: the tidy table when the document
// has one (one row per result), else its tables one after another.
func renderTidyOrTables(w io.Writer, sep rune, doc *Document) error {
	if doc.Tidy != nil {
		return renderDelimited(w, sep, []Table{*doc.Tidy})
	}
	return renderDelimited(w, sep, doc.Tables)
}

// renderJSON writes the document's value (the typed results) as JSON, or
// its tables when it has no value.
func renderJSON(w io.Writer, doc *Document) error {
	v := doc.JSON
	if v == nil {
		v = tablesJSON(doc.Tables)
	}
	b, err := results.MarshalIndent(v)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// FormatP writes a p-value APA style: no leading zero, three decimals,
// "< .001" below that.
func FormatP(p float64) string {
	switch {
	case math.IsNaN(p):
		return "–"
	case p < 0.001:
		return "< .001"
	}
	s := strconv.FormatFloat(p, 'f', 3, 64)
	return strings.TrimPrefix(s, "0")
}

// FormatNumber rounds v to digits decimals for reading ("–" for NaN),
// negative numbers with the typographic minus sign.
func FormatNumber(v float64, digits int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	s := strconv.FormatFloat(v, 'f', digits, 64)
	if s == "-0" || strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-")
	}
	// One minus sign in the reading formats: the typographic − (U+2212),
	// as in the labels (≤ −2); csv, tsv and json keep ASCII numbers.
	if strings.HasPrefix(s, "-") {
		s = "−" + s[1:]
	}
	return s
}

// FullPrecision writes v with the shortest representation that reads back
// to the same float64 ("" for NaN).
func FullPrecision(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func (c Cell) display() string {
	switch c.Kind {
	case Number:
		if math.IsNaN(c.Num) && c.Note != "" {
			return c.Note
		}
		return FormatNumber(c.Num, c.Digits)
	case Int:
		return strconv.Itoa(int(c.Num))
	case PValue:
		if math.IsNaN(c.Num) && c.Note != "" {
			return c.Note
		}
		if c.Star {
			return FormatP(c.Num) + "*"
		}
		return FormatP(c.Num)
	}
	return c.Text
}

func (c Cell) raw() string {
	switch c.Kind {
	case Number, PValue:
		return FullPrecision(c.Num)
	case Int:
		return strconv.Itoa(int(c.Num))
	}
	return SafeText(c.Text)
}

// safeHeader guards column names as SafeText guards cells: a header comes
// from the user's file too (a pass-through column named =HYPERLINK(...)).
func safeHeader(cols []string) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = SafeText(c)
	}
	return out
}

// SafeText neutralises a text cell that a spreadsheet would take for a
// formula (OWASP "CSV injection"): a leading =, +, -, @, tab or carriage
// return gets a leading single quote. Numbers are never text cells here, so
// negative numbers are untouched.
func SafeText(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

func renderText(w io.Writer, doc *Document) error {
	// One table, reset between the document's tables, with a small stringer
	// cache: tablewriter v1.1.x makes a cache map with room for 10,240
	// entries in every NewTable and again in every Reset, and analyze on a
	// study writes some 30 tables (3 ms of a run). pssa's cells are strings:
	// the stringer and its cache are not used.
	var tbl *tablewriter.Table
	for i, t := range doc.Tables {
		if i > 0 {
			fmt.Fprintln(w)
		}
		if t.Title != "" {
			fmt.Fprintln(w, t.Title)
		}
		if tbl == nil {
			tbl = tablewriter.NewTable(w,
				tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleLight)})),
				tablewriter.WithHeaderAutoFormat(tw.Off),
				tablewriter.WithRowAutoWrap(tw.WrapNone),
				tablewriter.WithHeaderAlignment(tw.AlignLeft),
				tablewriter.WithStringerCacheCustom(twcache.NewLRU[reflect.Type, reflect.Value](1)),
			)
		} else {
			tbl.Reset()
		}
		tbl.Header(toAny(t.Columns)...)
		for _, r := range t.Rows {
			cells := make([]any, len(r))
			for j, c := range r {
				cells[j] = c.display()
			}
			if err := tbl.Append(cells...); err != nil {
				return err
			}
		}
		if err := tbl.Render(); err != nil {
			return err
		}
		for _, n := range t.Notes {
			fmt.Fprintln(w, wrap(n, 100))
		}
	}
	return nil
}

// wrap breaks text at spaces so that no line is longer than width (a
// longer word stands alone); continuation lines are indented two spaces.
func wrap(s string, width int) string {
	words := strings.Fields(s)
	var b strings.Builder
	col := 0
	for i, w := range words {
		n := utf8.RuneCountInString(w)
		if i > 0 {
			if col+1+n > width {
				b.WriteString("\n  ")
				col = 2
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(w)
		col += n
	}
	return b.String()
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func renderDelimited(w io.Writer, sep rune, tables []Table) error {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Comma = sep
	multi := len(tables) > 1
	for _, t := range tables {
		header := safeHeader(t.Columns)
		if multi {
			header = append([]string{"table"}, header...)
		}
		if err := cw.Write(header); err != nil {
			return err
		}
		for _, r := range t.Rows {
			rec := make([]string, 0, len(r)+1)
			if multi {
				rec = append(rec, SafeText(t.Title))
			}
			for _, c := range r {
				rec = append(rec, c.raw())
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		cw.Flush()
		if multi {
			buf.WriteString("\n")
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func tablesJSON(tables []Table) any {
	type jt struct {
		Title   string           `json:"title"`
		Columns []string         `json:"columns"`
		Rows    []map[string]any `json:"rows"`
		Notes   []string         `json:"notes,omitempty"`
	}
	out := make([]jt, 0, len(tables))
	for _, t := range tables {
		j := jt{Title: t.Title, Columns: t.Columns, Notes: t.Notes, Rows: []map[string]any{}}
		for _, r := range t.Rows {
			m := map[string]any{}
			for i, c := range r {
				switch c.Kind {
				case Number, PValue:
					m[t.Columns[i]] = c.Num
				case Int:
					m[t.Columns[i]] = int(c.Num)
				default:
					m[t.Columns[i]] = c.Text
				}
			}
			j.Rows = append(j.Rows, m)
		}
		out = append(out, j)
	}
	return out
}

// StreamDelimited writes a csv or tsv table row by row, for tables too large
// to hold as cells (a registry's scored file): fill sets row i's cells in
// the reused slice. Cells are written as in Render (full precision,
// spreadsheet-safe text).
func StreamDelimited(w io.Writer, format string, header []string, n int, fill func(i int, row []Cell)) error {
	cw := csv.NewWriter(w)
	if format == "tsv" {
		cw.Comma = '\t'
	}
	if err := cw.Write(safeHeader(header)); err != nil {
		return err
	}
	row := make([]Cell, len(header))
	rec := make([]string, len(header))
	for i := 0; i < n; i++ {
		fill(i, row)
		for j, c := range row {
			rec[j] = c.raw()
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
