package report

import (
	"fmt"
	"io"
	"math"

	"github.com/xuri/excelize/v2"
)

// The reference: the report's workbook as excelize wrote it before pssa
// wrote .xlsx itself (the same sheets, cells, styles and panes), for
// TestXLSXMatchesExcelize.

func renderXLSXExcelize(w io.Writer, r *Report) error {
	doc := r.Doc
	if doc == nil || doc.Results == nil {
		return fmt.Errorf("the report needs analyze's results")
	}
	f := excelize.NewFile()
	defer f.Close()
	x := &refWriter{f: f, styles: map[string]int{}, used: map[string]bool{}}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	x.bold = bold
	first := true
	for _, t := range doc.Tables {
		name := x.sheetName(t.Title)
		if first {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
			first = false
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := x.table(name, t); err != nil {
			return fmt.Errorf("sheet %q: %v", name, err)
		}
	}
	notes := x.sheetName("Notes")
	if first {
		if err := f.SetSheetName("Sheet1", notes); err != nil {
			return err
		}
	} else if _, err := f.NewSheet(notes); err != nil {
		return err
	}
	if err := x.notes(notes, r); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

type refWriter struct {
	f      *excelize.File
	bold   int
	styles map[string]int // number format → style
	used   map[string]bool
}

func (x *refWriter) sheetName(title string) string {
	return (&xlsxWriter{used: x.used}).sheetName(title)
}

// style is the style of a number format, made once.
func (x *refWriter) style(format string) (int, error) {
	if id, ok := x.styles[format]; ok {
		return id, nil
	}
	id, err := x.f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	if err != nil {
		return 0, err
	}
	x.styles[format] = id
	return id, nil
}

func (x *refWriter) table(sheet string, t Table) error {
	f := x.f
	// A column whose cells carry parts becomes one column per part.
	parts := make([]int, len(t.Columns))
	for _, row := range t.Rows {
		for j, c := range row {
			if j < len(parts) && len(c.Parts) > parts[j] {
				parts[j] = len(c.Parts)
			}
		}
	}
	if err := f.SetCellValue(sheet, "A1", t.Title); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", "A1", x.bold); err != nil {
		return err
	}
	col := 1
	var headers []string
	for j, h := range t.Columns {
		if parts[j] == 0 {
			headers = append(headers, h)
			continue
		}
		names := partNames(t, j, parts[j])
		for _, n := range names {
			headers = append(headers, subHeader(h, n))
		}
	}
	for _, h := range headers {
		ref, _ := excelize.CoordinatesToCellName(col, 2)
		if err := f.SetCellValue(sheet, ref, h); err != nil {
			return err
		}
		col++
	}
	last, _ := excelize.CoordinatesToCellName(max(len(headers), 1), 2)
	if err := f.SetCellStyle(sheet, "A2", last, x.bold); err != nil {
		return err
	}
	for i, row := range t.Rows {
		col := 1
		for j, c := range row {
			if j < len(parts) && parts[j] > 0 {
				for k := 0; k < parts[j]; k++ {
					if k < len(c.Parts) {
						if err := x.cell(sheet, col, i+3, c.Parts[k]); err != nil {
							return err
						}
					}
					col++
				}
				continue
			}
			if err := x.cell(sheet, col, i+3, c); err != nil {
				return err
			}
			col++
		}
	}
	for c := 1; c <= len(headers); c++ {
		name, _ := excelize.ColumnNumberToName(c)
		width := 10.0
		if c == 1 {
			width = 14
		}
		if err := f.SetColWidth(sheet, name, name, width); err != nil {
			return err
		}
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"})
}

// cell writes one cell: numbers as numbers (a missing one blank, or its
// reason), text as text.
func (x *refWriter) cell(sheet string, col, row int, c Cell) error {
	ref, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	switch c.Kind {
	case Number, PValue:
		if math.IsNaN(c.Num) || math.IsInf(c.Num, 0) {
			if c.Note != "" {
				return x.f.SetCellValue(sheet, ref, c.Note)
			}
			return nil
		}
		if err := x.f.SetCellFloat(sheet, ref, c.Num, -1, 64); err != nil {
			return err
		}
	case Int:
		if err := x.f.SetCellInt(sheet, ref, int64(c.Num)); err != nil {
			return err
		}
	default:
		if c.Text == "" {
			return nil
		}
		return x.f.SetCellStr(sheet, ref, c.Text)
	}
	id, err := x.style(numberFormat(c))
	if err != nil {
		return err
	}
	return x.f.SetCellStyle(sheet, ref, ref, id)
}

// notes writes the Notes sheet: what the tables' footnotes say, the
// warnings, the methods paragraph and the provenance.
func (x *refWriter) notes(sheet string, r *Report) error {
	f := x.f
	row := 1
	put := func(a, b string, bold bool) error {
		ra, _ := excelize.CoordinatesToCellName(1, row)
		rb, _ := excelize.CoordinatesToCellName(2, row)
		if err := f.SetCellStr(sheet, ra, a); err != nil {
			return err
		}
		if b != "" {
			if err := f.SetCellStr(sheet, rb, b); err != nil {
				return err
			}
		}
		if bold {
			if err := f.SetCellStyle(sheet, ra, rb, x.bold); err != nil {
				return err
			}
		}
		row++
		return nil
	}
	var err error
	try := func(a, b string, bold bool) {
		if err == nil {
			err = put(a, b, bold)
		}
	}
	doc := r.Doc
	try("Provenance", "", true)
	try("pssa version", doc.Version, false)
	try("Command", r.Command, false)
	try("Input file", r.File, false)
	try("Input SHA-256", shaText(r.SHA256), false)
	for _, o := range optionRows(doc.Results.Options) {
		try("Option "+o[0], o[1], false)
	}
	row++
	try("Warnings", "", true)
	if len(r.Warnings) == 0 {
		try("", "None.", false)
	}
	for _, wn := range r.Warnings {
		try("", wn, false)
	}
	row++
	try("Methods", "", true)
	try("", MethodsText(doc), false)
	row++
	try("Table", "Note", true)
	for _, t := range doc.Tables {
		for _, n := range t.Notes {
			try(t.Title, n, false)
		}
	}
	if err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "A", "A", 28); err != nil {
		return err
	}
	return f.SetColWidth(sheet, "B", "B", 120)
}
