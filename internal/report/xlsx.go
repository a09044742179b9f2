package report

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// renderXLSX writes the report as an Excel workbook: one sheet per table of
// analyze (title in A1, header in row 2, rows below, frozen below the
// header), numbers stored as numbers at full precision with display
// formats that round them (p 0.000, M and SD 0.00; a significant p's
// format adds the *), the numbers of a compound cell ("61.17 (16.37)") in
// columns of their own; then a Notes sheet with every table's footnotes,
// the warnings, the methods paragraph and the provenance.
//
// pssa writes the SpreadsheetML package itself (ECMA-376 Part 1, §18, the
// parts listed in §12.3; the zip container of Part 2), not through a
// spreadsheet library, whose package initialisation every run of pssa
// would pay (docs/architecture.md, "Output"); cmd and this package's tests
// read the workbook back with excelize and compare it with what excelize
// itself wrote.
func renderXLSX(w io.Writer, r *Report) error {
	doc := r.Doc
	if doc == nil || doc.Results == nil {
		return fmt.Errorf("the report needs analyze's results")
	}
	x := &xlsxWriter{used: map[string]bool{}, styles: map[string]int{}, sst: map[string]int{}}
	for _, t := range doc.Tables {
		s := x.newSheet(x.sheetName(t.Title))
		x.table(s, t)
	}
	x.notes(x.newSheet(x.sheetName("Notes")), r)
	return x.write(w)
}

// xlsxWriter builds the workbook in memory.
type xlsxWriter struct {
	used    map[string]bool // sheet names, lower case
	sheets  []*xlsxSheet
	formats []string       // number formats in style order (style 2 onwards)
	styles  map[string]int // number format → style index
	sst     map[string]int // shared string → index
	strs    []string
}

// The cell styles (cellXfs): 0 the default, 1 bold, 2 onwards a number
// format each.
const (
	styleNone = 0
	styleBold = 1
)

type xlsxSheet struct {
	name   string
	cells  []xlsxCell
	widths [][3]float64 // first column, last column, width
	freeze int          // rows frozen at the top (0: none)
}

// xlsxCell is one cell: a number (v, the number as written) or a shared
// string (str), with a style.
type xlsxCell struct {
	row, col int // from 1
	style    int
	isStr    bool
	str      int    // shared string index
	v        string // a number's text
	blank    bool   // a styled cell with no value
}

func (x *xlsxWriter) newSheet(name string) *xlsxSheet {
	s := &xlsxSheet{name: name}
	x.sheets = append(x.sheets, s)
	return s
}

// sheetName makes a table's title a valid, unique sheet name: at most 31
// characters, none of : \ / ? * [ ], unique ignoring case.
func (x *xlsxWriter) sheetName(title string) string {
	s := strings.Map(func(r rune) rune {
		switch r {
		case ':', '\\', '/', '?', '*', '[', ']':
			return ' '
		}
		return r
	}, title)
	s = strings.Join(strings.Fields(s), " ")
	s = strings.Trim(s, "'")
	if s == "" {
		s = "Table"
	}
	base := truncRunes(s, 31)
	name := base
	for i := 2; x.used[strings.ToLower(name)]; i++ {
		suffix := " (" + strconv.Itoa(i) + ")"
		name = truncRunes(s, 31-utf8.RuneCountInString(suffix)) + suffix
	}
	x.used[strings.ToLower(name)] = true
	return name
}

func truncRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return strings.TrimSpace(string([]rune(s)[:n]))
}

// numberFormat is the display format of a cell: its digits for numbers,
// 0.000 for p (with a literal * when significant).
func numberFormat(c Cell) string {
	switch c.Kind {
	case Int:
		return "0"
	case PValue:
		if c.Star {
			return `0.000"*"`
		}
		return "0.000"
	}
	switch {
	case c.Digits < 0:
		return "General"
	case c.Digits == 0:
		return "0"
	}
	return "0." + strings.Repeat("0", c.Digits)
}

// subHeader names a part's column: "T1 M (SD)" → "T1 M" and "T1 SD",
// "M₁ (SD)" → "M₁" and "SD₁", "t (df)" → "t" and "df", "95% CI" → "95% CI
// low" and "95% CI high"; an unnamed part keeps the header.
func subHeader(header, name string) string {
	switch {
	case name == "":
		return header
	case strings.Contains(header, "M (SD)"):
		return strings.Replace(header, "M (SD)", name, 1)
	case strings.HasSuffix(header, " (SD)"):
		base := strings.TrimSuffix(header, " (SD)")
		if name == "SD" {
			return "SD" + strings.TrimPrefix(base, "M")
		}
		return base
	case strings.Contains(header, "(df)"):
		return name
	}
	return header + " " + name
}

// partNames are the names of column j's parts, from its first cell that
// has them all.
func partNames(t Table, j, n int) []string {
	for _, row := range t.Rows {
		if j < len(row) && len(row[j].Parts) == n {
			out := make([]string, n)
			for k, p := range row[j].Parts {
				out[k] = p.Text
			}
			return out
		}
	}
	out := make([]string, n)
	for k := range out {
		out[k] = strconv.Itoa(k + 1)
	}
	return out
}

// style is the style of a number format, made once.
func (x *xlsxWriter) style(format string) int {
	if id, ok := x.styles[format]; ok {
		return id
	}
	x.formats = append(x.formats, format)
	id := styleBold + len(x.formats)
	x.styles[format] = id
	return id
}

// text puts a string in a cell; "" leaves the cell blank (styled, when
// it has a style).
func (x *xlsxWriter) text(s *xlsxSheet, row, col int, v string, style int) {
	if v == "" {
		if style != styleNone {
			s.cells = append(s.cells, xlsxCell{row: row, col: col, style: style, blank: true})
		}
		return
	}
	x.str(s, row, col, v, style)
}

// str puts a string in a cell, "" too (as excelize's SetCellStr did: a
// blank header reads as "", not as missing, in R's openxlsx).
func (x *xlsxWriter) str(s *xlsxSheet, row, col int, v string, style int) {
	// A cell holds at most 32767 characters (Excel's limit).
	if utf8.RuneCountInString(v) > 32767 {
		v = string([]rune(v)[:32767])
	}
	i, ok := x.sst[v]
	if !ok {
		i = len(x.strs)
		x.sst[v] = i
		x.strs = append(x.strs, v)
	}
	s.cells = append(s.cells, xlsxCell{row: row, col: col, style: style, isStr: true, str: i})
}

func (x *xlsxWriter) number(s *xlsxSheet, row, col int, v string, style int) {
	s.cells = append(s.cells, xlsxCell{row: row, col: col, style: style, v: v})
}

func (x *xlsxWriter) table(s *xlsxSheet, t Table) {
	// A column whose cells carry parts becomes one column per part.
	parts := make([]int, len(t.Columns))
	for _, row := range t.Rows {
		for j, c := range row {
			if j < len(parts) && len(c.Parts) > parts[j] {
				parts[j] = len(c.Parts)
			}
		}
	}
	x.str(s, 1, 1, t.Title, styleBold)
	var headers []string
	for j, h := range t.Columns {
		if parts[j] == 0 {
			headers = append(headers, h)
			continue
		}
		for _, n := range partNames(t, j, parts[j]) {
			headers = append(headers, subHeader(h, n))
		}
	}
	for i, h := range headers {
		x.str(s, 2, i+1, h, styleBold)
	}
	if len(headers) == 0 {
		x.text(s, 2, 1, "", styleBold)
	}
	for i, row := range t.Rows {
		col := 1
		for j, c := range row {
			if j < len(parts) && parts[j] > 0 {
				for k := 0; k < parts[j]; k++ {
					if k < len(c.Parts) {
						x.cell(s, col, i+3, c.Parts[k])
					}
					col++
				}
				continue
			}
			x.cell(s, col, i+3, c)
			col++
		}
	}
	if n := len(headers); n > 0 {
		s.widths = append(s.widths, [3]float64{1, 1, 14})
		if n > 1 {
			s.widths = append(s.widths, [3]float64{2, float64(n), 10})
		}
	}
	s.freeze = 2
}

// cell writes one cell: numbers as numbers (a missing one blank, or its
// reason), text as text.
func (x *xlsxWriter) cell(s *xlsxSheet, col, row int, c Cell) {
	switch c.Kind {
	case Number, PValue:
		if math.IsNaN(c.Num) || math.IsInf(c.Num, 0) {
			x.text(s, row, col, c.Note, styleNone)
			return
		}
		x.number(s, row, col, strconv.FormatFloat(c.Num, 'f', -1, 64), x.style(numberFormat(c)))
	case Int:
		x.number(s, row, col, strconv.FormatInt(int64(c.Num), 10), x.style(numberFormat(c)))
	default:
		x.text(s, row, col, c.Text, styleNone)
	}
}

// notes writes the Notes sheet: what the tables' footnotes say, the
// warnings, the methods paragraph and the provenance.
func (x *xlsxWriter) notes(s *xlsxSheet, r *Report) {
	row := 1
	put := func(a, b string, bold bool) {
		style := styleNone
		if bold {
			style = styleBold
		}
		x.str(s, row, 1, a, style)
		x.text(s, row, 2, b, style)
		row++
	}
	doc := r.Doc
	put("Provenance", "", true)
	put("pssa version", doc.Version, false)
	put("Command", r.Command, false)
	put("Input file", r.File, false)
	put("Input SHA-256", shaText(r.SHA256), false)
	for _, o := range optionRows(doc.Results.Options) {
		put("Option "+o[0], o[1], false)
	}
	row++
	put("Warnings", "", true)
	if len(r.Warnings) == 0 {
		put("", "None.", false)
	}
	for _, wn := range r.Warnings {
		put("", wn, false)
	}
	row++
	put("Methods", "", true)
	put("", MethodsText(doc), false)
	row++
	put("Table", "Note", true)
	for _, t := range doc.Tables {
		for _, n := range t.Notes {
			put(t.Title, n, false)
		}
	}
	s.widths = [][3]float64{{1, 1, 28}, {2, 2, 120}}
}

// The namespaces of the parts (ECMA-376 Part 1 transitional, Part 2).
const (
	nsMain   = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel    = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkgRel = "http://schemas.openxmlformats.org/package/2006/relationships"
	xmlHead  = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
)

// write writes the package: the same report gives the same bytes (fixed
// zip times, parts in a fixed order).
func (x *xlsxWriter) write(w io.Writer) error {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var werr error
	put := func(name, body string) {
		if werr != nil {
			return
		}
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			werr = err
			return
		}
		_, werr = io.WriteString(f, xmlHead+body)
	}
	var b bytes.Buffer
	b.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	b.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`)
	b.WriteString(`<Default Extension="xml" ContentType="application/xml"/>`)
	b.WriteString(`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`)
	for i := range x.sheets {
		fmt.Fprintf(&b, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
	}
	b.WriteString(`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`)
	b.WriteString(`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`)
	b.WriteString(`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`)
	b.WriteString(`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>`)
	b.WriteString(`</Types>`)
	put("[Content_Types].xml", b.String())
	put("_rels/.rels", `<Relationships xmlns="`+nsPkgRel+`">`+
		`<Relationship Id="rId1" Type="`+nsRel+`/officeDocument" Target="xl/workbook.xml"/>`+
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>`+
		`<Relationship Id="rId3" Type="`+nsRel+`/extended-properties" Target="docProps/app.xml"/>`+
		`</Relationships>`)
	put("docProps/core.xml", `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>pssa</dc:creator></cp:coreProperties>`)
	put("docProps/app.xml", `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>pssa</Application></Properties>`)

	// The workbook and its relationships: sheets rId1..rIdN, then styles
	// and shared strings.
	b.Reset()
	b.WriteString(`<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><bookViews><workbookView activeTab="0"/></bookViews><sheets>`)
	for i, s := range x.sheets {
		fmt.Fprintf(&b, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, xmlEscape(s.name), i+1, i+1)
	}
	b.WriteString(`</sheets></workbook>`)
	put("xl/workbook.xml", b.String())
	b.Reset()
	b.WriteString(`<Relationships xmlns="` + nsPkgRel + `">`)
	for i := range x.sheets {
		fmt.Fprintf(&b, `<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, nsRel, i+1)
	}
	n := len(x.sheets)
	fmt.Fprintf(&b, `<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/>`, n+1, nsRel)
	fmt.Fprintf(&b, `<Relationship Id="rId%d" Type="%s/sharedStrings" Target="sharedStrings.xml"/>`, n+2, nsRel)
	b.WriteString(`</Relationships>`)
	put("xl/_rels/workbook.xml.rels", b.String())
	for i, s := range x.sheets {
		put(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), s.xml(i == 0))
	}
	put("xl/styles.xml", x.stylesXML())
	b.Reset()
	fmt.Fprintf(&b, `<sst xmlns="%s" count="%d" uniqueCount="%d">`, nsMain, len(x.strs), len(x.strs))
	for _, s := range x.strs {
		b.WriteString(`<si>`)
		writeT(&b, s)
		b.WriteString(`</si>`)
	}
	b.WriteString(`</sst>`)
	put("xl/sharedStrings.xml", b.String())
	if werr != nil {
		return werr
	}
	if err := zw.Close(); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// stylesXML is the style sheet: the default and a bold font, the number
// formats (custom ids from 164, ECMA-376 Part 1 §18.8.30 reserving those
// below for built-in formats; General is built-in 0) and one cell format
// per style.
func (x *xlsxWriter) stylesXML() string {
	var b strings.Builder
	b.WriteString(`<styleSheet xmlns="` + nsMain + `">`)
	ids := make([]int, len(x.formats))
	custom := len(x.formats)
	if _, ok := x.styles["General"]; ok {
		custom--
	}
	if custom > 0 {
		fmt.Fprintf(&b, `<numFmts count="%d">`, custom)
	}
	next := 164
	for i, f := range x.formats {
		if f == "General" {
			continue
		}
		ids[i] = next
		fmt.Fprintf(&b, `<numFmt numFmtId="%d" formatCode="%s"/>`, next, xmlEscape(f))
		next++
	}
	if custom > 0 {
		b.WriteString(`</numFmts>`)
	}
	b.WriteString(`<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>`)
	b.WriteString(`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>`)
	b.WriteString(`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>`)
	b.WriteString(`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`)
	fmt.Fprintf(&b, `<cellXfs count="%d">`, 2+len(x.formats))
	b.WriteString(`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`)
	b.WriteString(`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>`)
	for _, id := range ids {
		fmt.Fprintf(&b, `<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`, id)
	}
	b.WriteString(`</cellXfs>`)
	b.WriteString(`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>`)
	b.WriteString(`</styleSheet>`)
	return b.String()
}

// xml is a worksheet part (ECMA-376 Part 1, §18.3.1.99: its children in
// the schema's order).
func (s *xlsxSheet) xml(selected bool) string {
	sort.SliceStable(s.cells, func(i, j int) bool {
		a, b := s.cells[i], s.cells[j]
		if a.row != b.row {
			return a.row < b.row
		}
		return a.col < b.col
	})
	var b strings.Builder
	b.WriteString(`<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">`)
	dim := "A1"
	if len(s.cells) > 0 {
		maxRow, maxCol := 1, 1
		for _, c := range s.cells {
			maxRow, maxCol = max(maxRow, c.row), max(maxCol, c.col)
		}
		if maxRow > 1 || maxCol > 1 {
			dim = "A1:" + cellRef(maxCol, maxRow)
		}
	}
	fmt.Fprintf(&b, `<dimension ref="%s"/>`, dim)
	b.WriteString(`<sheetViews><sheetView`)
	if selected {
		b.WriteString(` tabSelected="1"`)
	}
	b.WriteString(` workbookViewId="0">`)
	if s.freeze > 0 {
		fmt.Fprintf(&b, `<pane ySplit="%d" topLeftCell="%s" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/>`, s.freeze, cellRef(1, s.freeze+1))
	}
	b.WriteString(`</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>`)
	if len(s.widths) > 0 {
		b.WriteString(`<cols>`)
		for _, w := range s.widths {
			fmt.Fprintf(&b, `<col min="%d" max="%d" width="%s" customWidth="1"/>`, int(w[0]), int(w[1]), strconv.FormatFloat(w[2], 'f', -1, 64))
		}
		b.WriteString(`</cols>`)
	}
	b.WriteString(`<sheetData>`)
	for i := 0; i < len(s.cells); {
		row := s.cells[i].row
		fmt.Fprintf(&b, `<row r="%d">`, row)
		for ; i < len(s.cells) && s.cells[i].row == row; i++ {
			c := s.cells[i]
			fmt.Fprintf(&b, `<c r="%s"`, cellRef(c.col, c.row))
			if c.style != styleNone {
				fmt.Fprintf(&b, ` s="%d"`, c.style)
			}
			switch {
			case c.blank:
				b.WriteString(`/>`)
			case c.isStr:
				fmt.Fprintf(&b, ` t="s"><v>%d</v></c>`, c.str)
			default:
				fmt.Fprintf(&b, `><v>%s</v></c>`, c.v)
			}
		}
		b.WriteString(`</row>`)
	}
	b.WriteString(`</sheetData>`)
	b.WriteString(`<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>`)
	b.WriteString(`</worksheet>`)
	return b.String()
}

// cellRef names a cell: column col (from 1), row row → D14.
func cellRef(col, row int) string {
	var l [4]byte
	i := len(l)
	for n := col; n > 0; n = (n - 1) / 26 {
		i--
		l[i] = byte('A' + (n-1)%26)
	}
	return string(l[i:]) + strconv.Itoa(row)
}

// writeT writes a string as a <t> element, its spaces kept when it starts
// or ends with one.
func writeT(b *bytes.Buffer, s string) {
	if s != strings.TrimSpace(s) {
		b.WriteString(`<t xml:space="preserve">`)
	} else {
		b.WriteString(`<t>`)
	}
	b.WriteString(xmlEscape(s))
	b.WriteString(`</t>`)
}

// xmlEscape escapes text for XML character data and double-quoted
// attribute values (an apostrophe is left as it is: R's openxlsx shows
// &#39; as written);
// characters XML 1.0 cannot hold (most C0 controls) become U+FFFD, as in
// encoding/xml.
func xmlEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\n':
			b.WriteString("&#xA;")
		case r == '\r':
			b.WriteString("&#xD;")
		case r == '\t':
			b.WriteString("&#x9;")
		case r < 0x20, r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r <= 0xDFFF:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
