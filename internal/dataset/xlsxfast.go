package dataset

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"path"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// The .xlsx reader. A workbook is an Open Packaging Conventions zip archive
// of SpreadsheetML parts (ECMA-376 Part 1, §18; Part 2 for the package).
// pssa reads it itself rather than through a spreadsheet library: the small
// parts (package and workbook relationships, workbook, shared strings,
// styles) with encoding/xml, and the sheet's <row>/<c>/<v> elements with a
// byte scanner, about 25-50 times faster than a token-at-a-time XML
// decoder, and without a library whose package initialisation every run of
// pssa would pay (docs/architecture.md, "Input"). The scanner handles what
// spreadsheet programs write: namespace prefixes (x:row), the strict and
// transitional namespaces, inline strings, shared strings with rich text
// runs (phonetic runs left out), formulas with cached values, booleans,
// error values, CDATA, comments, rows and cells without a reference, cells
// out of column order; the tests compare it with excelize, the reference,
// on workbooks from Excel, excelize, openxlsx and hand-written variants. A
// workbook it cannot read is refused with the sheet, row or cell and what
// was wrong, never read as something else.

// A sheet has at most 2^20 rows and 2^14 columns (Excel's limits).
const (
	maxSheetRows    = 1 << 20
	maxSheetColumns = 1 << 14
)

// A sheetError stops the reading of a sheet: its row (0: the sheet as a
// whole) and column (from 0; -1: the row as a whole).
type sheetError struct {
	row, col int
	msg      string
}

func (e *sheetError) Error() string { return e.msg }

// damaged is the advice for a sheet whose XML pssa cannot follow.
const damaged = "save the workbook again from Excel or LibreOffice, or as CSV UTF-8"

// fastBook is an opened package.
type fastBook struct {
	files   map[string]*zip.File // by part name ('\' read as '/')
	lower   map[string]*zip.File // by lower-case part name
	wbPath  string               // the workbook part
	relPath string               // the workbook's relationships part
	sheets  []string             // names in workbook order
	paths   []string             // in step with sheets: the sheet's part ("" when not found)
	why     []string             // in step with sheets: why the part was not found
	strings []string             // shared strings
	dateXf  []bool               // cell style index → shows a date or time
}

// relationships is a relationships part (ECMA-376 Part 2, §9.3).
type relationships struct {
	Rels []struct {
		ID         string `xml:"Id,attr"`
		Type       string `xml:"Type,attr"`
		Target     string `xml:"Target,attr"`
		TargetMode string `xml:"TargetMode,attr"`
	} `xml:"Relationship"`
}

// target returns the part name of the first internal relationship whose
// type ends in kind ("/officeDocument": the transitional and the strict
// namespaces name types alike after the last slash), resolved against dir.
func (r *relationships) target(dir, kind string) string {
	for _, rel := range r.Rels {
		if strings.HasSuffix(rel.Type, kind) && rel.TargetMode != "External" {
			return resolvePart(dir, rel.Target)
		}
	}
	return ""
}

// resolvePart resolves a relationship's target: absolute from the package
// root, else relative to the source part's folder.
func resolvePart(dir, target string) string {
	target = strings.ReplaceAll(target, `\`, "/")
	if strings.HasPrefix(target, "/") {
		return path.Clean(strings.TrimPrefix(target, "/"))
	}
	return strings.TrimPrefix(path.Join(dir, target), "/")
}

func openFastBook(data []byte) (*fastBook, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	b := &fastBook{files: map[string]*zip.File{}, lower: map[string]*zip.File{}}
	for _, f := range zr.File {
		name := strings.ReplaceAll(f.Name, `\`, "/")
		if _, dup := b.files[name]; !dup {
			b.files[name] = f
		}
		if _, dup := b.lower[strings.ToLower(name)]; !dup {
			b.lower[strings.ToLower(name)] = f
		}
	}
	// The workbook part is the package's officeDocument relationship's
	// target; xl/workbook.xml by convention.
	b.wbPath = "xl/workbook.xml"
	if b.file("_rels/.rels") != nil {
		var pkg relationships
		if err := b.decodePart("_rels/.rels", &pkg); err != nil {
			return nil, err
		}
		if t := pkg.target("", "/officeDocument"); t != "" && b.file(t) != nil {
			b.wbPath = t
		}
	}
	if b.file(b.wbPath) == nil {
		return nil, fmt.Errorf("the archive has no workbook part, %s", b.wbPath)
	}
	var wb struct {
		Sheets []struct {
			Name  string     `xml:"name,attr"`
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := b.decodePart(b.wbPath, &wb); err != nil {
		return nil, err
	}
	dir := path.Dir(b.wbPath)
	if dir == "." {
		dir = ""
	}
	b.relPath = path.Join(dir, "_rels", path.Base(b.wbPath)+".rels")
	var rels relationships
	if b.file(b.relPath) != nil {
		if err := b.decodePart(b.relPath, &rels); err != nil {
			return nil, err
		}
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		if r.TargetMode != "External" {
			target[r.ID] = resolvePart(dir, r.Target)
		}
	}
	for _, s := range wb.Sheets {
		// r:id, in the transitional or the strict relationships namespace.
		rid := ""
		for _, a := range s.Attrs {
			if a.Name.Local == "id" && a.Name.Space != "" {
				rid = a.Value
			}
		}
		p, why := target[rid], ""
		switch {
		case rid == "":
			why = fmt.Sprintf("%s names no part for it (no r:id)", b.wbPath)
		case p == "":
			why = fmt.Sprintf("its relationship %s is not in %s", rid, b.relPath)
		case b.file(p) == nil:
			why = fmt.Sprintf("its part %s is missing from the archive", p)
			p = ""
		}
		b.sheets = append(b.sheets, s.Name)
		b.paths = append(b.paths, p)
		b.why = append(b.why, why)
	}
	ss := rels.target(dir, "/sharedStrings")
	if ss == "" || b.file(ss) == nil {
		ss = "xl/sharedStrings.xml"
	}
	if err := b.readSharedStrings(ss); err != nil {
		return nil, err
	}
	st := rels.target(dir, "/styles")
	if st == "" || b.file(st) == nil {
		st = "xl/styles.xml"
	}
	if err := b.readStyles(st); err != nil {
		return nil, err
	}
	return b, nil
}

// file finds a part by name, or else by name ignoring case (as Windows
// tools sometimes write them).
func (b *fastBook) file(name string) *zip.File {
	if f, ok := b.files[name]; ok {
		return f
	}
	return b.lower[strings.ToLower(name)]
}

// sheetPart returns the part of the i-th sheet, or why it has none.
func (b *fastBook) sheetPart(sheet string) (*zip.File, error) {
	for i, s := range b.sheets {
		if s == sheet {
			if b.paths[i] == "" {
				return nil, errors.New(b.why[i])
			}
			return b.file(b.paths[i]), nil
		}
	}
	return nil, fmt.Errorf("no such sheet")
}

func (b *fastBook) decodePart(name string, v any) error {
	f := b.file(name)
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	defer rc.Close()
	r, err := partReader(rc)
	if err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	dec := xml.NewDecoder(r)
	dec.CharsetReader = charsetReader
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	return nil
}

// partReader reads a part as UTF-8: a byte order mark's UTF-16 decoded, or
// the encoding its XML declaration names (ECMA-376 Part 2, §8.1.4, allows
// UTF-8 and UTF-16; some older tools declare ISO-8859-1 or Windows-1252).
func partReader(r io.Reader) (*bufio.Reader, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	head, _ := br.Peek(256)
	if len(head) >= 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF) {
		return bufio.NewReaderSize(transform.NewReader(br, unicode.BOMOverride(transform.Nop)), 1<<16), nil
	}
	label := declaredEncoding(head)
	if label == "" {
		return br, nil
	}
	_, e, err := LookupEncoding(label)
	if err != nil {
		return nil, fmt.Errorf("the part's XML declares the encoding %q, which pssa does not know", label)
	}
	if e == nil || strings.HasPrefix(strings.ToLower(label), "utf-16") {
		return br, nil // UTF-8; UTF-16 without a byte order mark is read as written
	}
	return bufio.NewReaderSize(transform.NewReader(br, e.NewDecoder()), 1<<16), nil
}

// charsetReader lets encoding/xml read a part partReader has decoded: it
// is UTF-8 whatever its declaration says.
func charsetReader(label string, r io.Reader) (io.Reader, error) { return r, nil }

// declaredEncoding is the encoding an XML declaration names ("" when none).
func declaredEncoding(head []byte) string {
	if !bytes.HasPrefix(head, []byte("<?xml")) {
		return ""
	}
	end := bytes.Index(head, []byte("?>"))
	if end < 0 {
		return ""
	}
	decl := head[:end]
	i := bytes.Index(decl, []byte("encoding"))
	if i < 0 {
		return ""
	}
	rest := bytes.TrimLeft(decl[i+len("encoding"):], " \t\r\n")
	if len(rest) == 0 || rest[0] != '=' {
		return ""
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) == 0 || rest[0] != '"' && rest[0] != '\'' {
		return ""
	}
	j := bytes.IndexByte(rest[1:], rest[0])
	if j < 0 {
		return ""
	}
	return string(rest[1 : 1+j])
}

// readSharedStrings reads <si> items: the text of their <t> elements,
// runs concatenated, phonetic runs (<rPh>) left out (ECMA-376 Part 1,
// §18.4).
func (b *fastBook) readSharedStrings(name string) error {
	f := b.file(name)
	if f == nil {
		return nil
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	defer rc.Close()
	pr, err := partReader(rc)
	if err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	dec := xml.NewDecoder(pr)
	dec.CharsetReader = charsetReader
	var cur strings.Builder
	inSI, inT, inRPh := false, false, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI = true
				cur.Reset()
			case "t":
				inT = inSI && !inRPh
			case "rPh":
				inRPh = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				inSI = false
				b.strings = append(b.strings, cur.String())
			case "t":
				inT = false
			case "rPh":
				inRPh = false
			}
		case xml.CharData:
			if inT {
				cur.Write(t)
			}
		}
	}
}

// readStyles reads which cell formats (cellXfs) show dates or times: a
// built-in date format (ECMA-376 Part 1, §18.8.30: ids 14-22, and the
// East Asian 27-36, 45-47, 50-58) or a custom format with date codes.
func (b *fastBook) readStyles(name string) error {
	var st struct {
		NumFmts []struct {
			ID   string `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID string `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if b.file(name) == nil {
		return nil
	}
	if err := b.decodePart(name, &st); err != nil {
		return err
	}
	custom := map[int]bool{}
	for _, f := range st.NumFmts {
		if id, err := strconv.Atoi(strings.TrimSpace(f.ID)); err == nil {
			custom[id] = isDateFormat(f.Code)
		}
	}
	for _, x := range st.Xfs {
		n, _ := strconv.Atoi(strings.TrimSpace(x.NumFmtID))
		date, ok := custom[n]
		if !ok {
			date = n >= 14 && n <= 22 || n >= 27 && n <= 36 || n >= 45 && n <= 47 || n >= 50 && n <= 58
		}
		b.dateXf = append(b.dateXf, date)
	}
	return nil
}

// Marks of cells that read as something else than what they show.
const (
	markDate    = 1 + iota // a number shown as a date or time
	markFormula            // a formula without a saved value (reads as blank)
)

// sheetScanner reads the rows of one sheet part.
type sheetScanner struct {
	r      *bufio.Reader
	b      *fastBook
	row    int  // the current row's number
	inData bool // inside <sheetData>
	col    int  // the current cell's column (from 1)
	cells  []string
	marks  []byte // in step with cells: markDate, markFormula or 0
	sawF   bool   // the current cell has a formula
	sawV   bool   // the current cell has a value, if empty (a formula's result "")
	tagBuf []byte // a tag longer than the reader's buffer, or with a quoted '>'
	seg    []byte // character data being read
}

// errf is a sheetError at the current row (and cell, inCell).
func (s *sheetScanner) errf(inCell bool, format string, args ...any) error {
	col := -1
	if inCell && s.col > 0 {
		col = s.col - 1
	}
	return &sheetError{row: s.row, col: col, msg: fmt.Sprintf(format, args...)}
}

// readErr turns an error of the part's reader into a sheetError; io.EOF
// stays io.EOF (the caller decides whether the sheet may end there).
func (s *sheetScanner) readErr(err error) error {
	var se *sheetError
	if err == io.EOF || errors.As(err, &se) {
		return err
	}
	if err == io.ErrUnexpectedEOF {
		return s.errf(false, "the sheet's XML ends inside a tag; %s", damaged)
	}
	return &sheetError{row: s.row, col: -1, msg: fmt.Sprintf("the sheet's part cannot be read (%v); %s", err, damaged)}
}

// cutShort is the error for a sheet that ends inside a row.
func (s *sheetScanner) cutShort(err error) error {
	if err == io.EOF {
		return s.errf(false, "the sheet's XML ends inside row %d; %s", s.row, damaged)
	}
	return err
}

// next returns the next row's cells (by column, blanks as ""), its row
// number and, per cell, its mark; io.EOF after the last row.
func (s *sheetScanner) next() ([]string, []byte, int, error) {
	for {
		name, attrs, selfClosing, closing, err := s.nextTag()
		if err == io.EOF && s.inData {
			return nil, nil, 0, &sheetError{msg: fmt.Sprintf("the sheet's XML ends before </sheetData>, after row %d; %s", s.row, damaged)}
		}
		if err != nil {
			return nil, nil, 0, err
		}
		if closing {
			if name == "sheetData" {
				return nil, nil, 0, io.EOF
			}
			continue
		}
		if name == "sheetData" && !selfClosing {
			s.inData = true
		}
		if name != "row" {
			if name == "sheetData" && selfClosing {
				return nil, nil, 0, io.EOF
			}
			continue
		}
		if !eachAttr(attrs, func(k, v []byte) {}) {
			if attrs, selfClosing, err = s.repairTag(attrs, selfClosing); err != nil {
				return nil, nil, 0, err
			}
		}
		if r, ok := attr(attrs, "r"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(r))
			if err != nil || n < 1 {
				return nil, nil, 0, &sheetError{row: s.row + 1, col: -1, msg: fmt.Sprintf("the row after row %d has r=%q, not a row number; %s", s.row, r, damaged)}
			}
			if n > maxSheetRows {
				return nil, nil, 0, &sheetError{msg: fmt.Sprintf("row %d is beyond Excel's last row, %d; %s", n, maxSheetRows, damaged)}
			}
			if n <= s.row {
				return nil, nil, 0, &sheetError{row: n, col: -1, msg: fmt.Sprintf("rows out of order: row %d comes after row %d; %s", n, s.row, damaged)}
			}
			s.row = n
		} else if s.row++; s.row > maxSheetRows {
			return nil, nil, 0, &sheetError{msg: fmt.Sprintf("the sheet has more than %d rows, Excel's limit", maxSheetRows)}
		}
		s.cells, s.marks, s.col = s.cells[:0], s.marks[:0], 0
		if selfClosing {
			return s.cells, s.marks, s.row, nil
		}
		if err := s.readCells(); err != nil {
			return nil, nil, 0, s.cutShort(err)
		}
		return s.cells, s.marks, s.row, nil
	}
}

// readCells reads the <c> elements up to </row>.
func (s *sheetScanner) readCells() error {
	for {
		name, attrs, selfClosing, closing, err := s.nextTag()
		if err != nil {
			return err
		}
		if closing {
			if name == "row" {
				return nil
			}
			continue
		}
		if name != "c" {
			continue
		}
		var ref, t, sv []byte
		get := func(k, v []byte) {
			if len(k) == 1 {
				switch k[0] {
				case 'r':
					ref = v
				case 't':
					t = v
				case 's':
					sv = v
				}
			}
		}
		ok := eachAttr(attrs, get)
		if !ok {
			if attrs, selfClosing, err = s.repairTag(attrs, selfClosing); err != nil {
				return err
			}
			ref, t, sv = nil, nil, nil
			ok = eachAttr(attrs, get)
		}
		if !ok {
			s.col++
			return s.errf(true, "a cell's attributes cannot be read (<c%s>); %s", attrs, damaged)
		}
		if ref != nil {
			c, ok := columnOf(ref)
			if !ok {
				s.col = 0
				return s.errf(false, "a cell has the reference %q, not a cell such as D14; %s", ref, damaged)
			}
			s.col = c
		} else if s.col++; s.col > maxSheetColumns {
			return s.errf(false, "the row has more than %d columns, Excel's limit", maxSheetColumns)
		}
		typ := string(t)
		// The style index; one that is not a number is style 0, as in
		// excelize.
		style := 0
		for _, c := range sv {
			if c < '0' || c > '9' || style > 1<<20 {
				style = 0
				break
			}
			style = style*10 + int(c-'0')
		}
		var v string
		s.sawF, s.sawV = false, false
		if !selfClosing {
			v, err = s.cellValue(typ)
			if err != nil {
				return err
			}
		}
		var mark byte
		switch {
		case v == "":
			if s.sawF && !s.sawV {
				mark = markFormula
			}
		case typ == "d" || (typ == "" || typ == "n") && style < len(s.b.dateXf) && s.b.dateXf[style]:
			mark = markDate
		}
		// A cell goes in its column; cells out of order, which no
		// spreadsheet program writes but some generators do, are put where
		// their references say.
		if i := s.col - 1; i < len(s.cells) {
			s.cells[i], s.marks[i] = v, mark
			continue
		}
		for len(s.cells) < s.col-1 {
			s.cells = append(s.cells, "")
			s.marks = append(s.marks, 0)
		}
		s.cells = append(s.cells, v)
		s.marks = append(s.marks, mark)
	}
}

// cellValue reads a cell's content up to </c>: <v> (a number, a shared
// string's index, a cached formula result, a boolean 0/1, an error), or
// <is> (an inline string, its runs concatenated, phonetic runs left out).
func (s *sheetScanner) cellValue(typ string) (string, error) {
	if typ == "" || typ == "n" || typ == "s" {
		// The common cell, <c ...><v>3</v></c>, read in one step.
		if b, err := s.r.Peek(3); err == nil && string(b) == "<v>" {
			if line, err := s.r.Peek(64); err == nil || len(line) > 3 {
				if end := bytes.Index(line, []byte("</v></c>")); end >= 3 {
					v := line[3:end]
					if bytes.IndexByte(v, '<') < 0 && bytes.IndexByte(v, '&') < 0 {
						var out string
						if typ == "s" {
							var err error
							if out, err = s.sharedString(v); err != nil {
								return "", err
							}
						} else {
							out = string(v)
						}
						s.r.Discard(end + len("</v></c>"))
						return out, nil
					}
				}
			}
		}
	}
	var v string
	inRPh := false
	for {
		name, _, selfClosing, closing, err := s.nextTag()
		if err != nil {
			return "", err
		}
		if closing {
			switch name {
			case "c":
				return v, nil
			case "rPh":
				inRPh = false
			}
			continue
		}
		switch name {
		case "rPh":
			inRPh = !selfClosing
		case "f":
			s.sawF = true
		case "v":
			s.sawV = true
		}
		if selfClosing || (name != "v" && name != "t") {
			continue
		}
		text, err := s.text(name)
		if err != nil {
			return "", err
		}
		switch {
		case name == "t":
			if !inRPh {
				v += text // inline string runs
			}
		case typ == "s":
			if v, err = s.sharedString([]byte(text)); err != nil {
				return "", err
			}
		default:
			v = text
		}
	}
}

// sharedString returns the shared string a cell's <v> indexes.
func (s *sheetScanner) sharedString(v []byte) (string, error) {
	i, err := strconv.Atoi(string(bytes.TrimSpace(v)))
	if err != nil || i < 0 || i >= len(s.b.strings) {
		return "", s.errf(true, "the cell refers to shared string %q, and the workbook's shared strings are numbered 0 to %d; %s", v, len(s.b.strings)-1, damaged)
	}
	return s.b.strings[i], nil
}

// text reads the character data of element name (entities decoded, CDATA
// sections kept as they are) and its end tag.
func (s *sheetScanner) text(name string) (string, error) {
	// The common case, plain text and the end tag, in one allocation.
	b, err := s.r.ReadSlice('<')
	switch {
	case err == nil && bytes.IndexByte(b, '&') < 0:
		str := string(b[:len(b)-1])
		if p, err := s.r.Peek(len(name) + 2); err == nil && p[0] == '/' && p[len(p)-1] == '>' && string(p[1:len(p)-1]) == name {
			s.r.Discard(len(p))
			return str, nil
		}
		return s.textFrom(name, append(s.seg[:0], str...), true)
	case err == nil:
		return s.textFrom(name, append(s.seg[:0], b[:len(b)-1]...), true)
	case err == bufio.ErrBufferFull:
		return s.textFrom(name, append(s.seg[:0], b...), false)
	}
	return "", s.readErr(err)
}

// textFrom goes on reading element name's text: seg holds the character
// data read so far, up to the '<' when atLT.
func (s *sheetScanner) textFrom(name string, seg []byte, atLT bool) (string, error) {
	var out []byte
	for {
		for !atLT {
			b, err := s.r.ReadSlice('<')
			if err == nil {
				seg = append(seg, b[:len(b)-1]...)
				atLT = true
			} else if err == bufio.ErrBufferFull {
				seg = append(seg, b...)
			} else {
				return "", s.readErr(err)
			}
		}
		if bytes.IndexByte(seg, '&') >= 0 {
			out = append(out, html.UnescapeString(string(seg))...)
		} else {
			out = append(out, seg...)
		}
		seg, atLT = seg[:0], false
		s.seg = seg
		tag, err := s.readTag()
		if err != nil {
			return "", s.readErr(err)
		}
		if bytes.HasPrefix(tag, []byte("![CDATA[")) {
			out = append(out, tag[len("![CDATA["):len(tag)-len("]]")]...)
			continue
		}
		if len(tag) > 0 && (tag[0] == '!' || tag[0] == '?') {
			continue // a comment or processing instruction
		}
		if len(tag) > 0 && tag[0] == '/' {
			nm := tag[1:]
			if i := bytes.IndexByte(nm, ':'); i >= 0 {
				nm = nm[i+1:]
			}
			if string(bytes.TrimRight(nm, " \t\r\n")) == name {
				return string(out), nil
			}
		}
		return "", s.errf(true, "unexpected <%s> inside <%s>; %s", tag, name, damaged)
	}
}

// readTag reads a tag's bytes after its '<', up to the '>' that ends it
// (for a comment or CDATA, the one after -- or ]]), without the '>'. The
// bytes are valid until the next read. A '>' inside a quoted attribute
// value ends the tag early: repairTag mends that where attributes are read.
func (s *sheetScanner) readTag() ([]byte, error) {
	tag, err := s.r.ReadSlice('>')
	if err == nil && tag[0] != '!' {
		return tag[:len(tag)-1], nil
	}
	s.tagBuf = append(s.tagBuf[:0], tag...)
	for {
		if err == nil && (s.tagBuf[0] != '!' || markupEnds(s.tagBuf[:len(s.tagBuf)-1])) {
			return s.tagBuf[:len(s.tagBuf)-1], nil
		}
		if err != nil && err != bufio.ErrBufferFull {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		tag, err = s.r.ReadSlice('>')
		s.tagBuf = append(s.tagBuf, tag...)
	}
}

// markupEnds says whether a '>' after a comment or CDATA section ends it.
func markupEnds(tag []byte) bool {
	switch {
	case bytes.HasPrefix(tag, []byte("!--")):
		return len(tag) >= 5 && bytes.HasSuffix(tag, []byte("--"))
	case bytes.HasPrefix(tag, []byte("![CDATA[")):
		return bytes.HasSuffix(tag, []byte("]]"))
	}
	return true
}

// quotesClosed says whether every quoted value in a tag's attributes is
// closed.
func quotesClosed(a []byte) bool {
	var q byte
	for _, c := range a {
		if c == '"' || c == '\'' {
			switch q {
			case 0:
				q = c
			case c:
				q = 0
			}
		}
	}
	return q == 0
}

// repairTag reads on when a '>' inside a quoted attribute value ended a
// tag early (XML allows a bare '>' there): it returns the whole tag's
// attributes and whether it closes itself.
func (s *sheetScanner) repairTag(attrs []byte, selfClosing bool) ([]byte, bool, error) {
	if quotesClosed(attrs) {
		return attrs, selfClosing, nil // malformed, not cut short
	}
	buf := append(s.tagBuf[:0], attrs...)
	if selfClosing {
		buf = append(buf, '/')
	}
	for !quotesClosed(buf) {
		buf = append(buf, '>')
		for {
			b, err := s.r.ReadSlice('>')
			if err == nil {
				buf = append(buf, b[:len(b)-1]...)
				break
			}
			if err != bufio.ErrBufferFull {
				if err == io.EOF {
					err = io.ErrUnexpectedEOF
				}
				return nil, false, s.readErr(err)
			}
			buf = append(buf, b...)
		}
	}
	s.tagBuf = buf
	if n := len(buf); n > 0 && buf[n-1] == '/' {
		return buf[:n-1], true, nil
	}
	return buf, false, nil
}

// nextTag reads the next tag (skipping text, comments, CDATA and
// processing instructions) and returns its local name (prefix dropped),
// its attribute bytes (valid until the next call), whether it closes
// itself and whether it is a closing tag.
func (s *sheetScanner) nextTag() (name string, attrs []byte, selfClosing, closing bool, err error) {
	for {
		if _, err := s.r.ReadSlice('<'); err != nil {
			if err == bufio.ErrBufferFull {
				continue // long text between tags
			}
			return "", nil, false, false, s.readErr(err)
		}
		tag, err := s.readTag()
		if err != nil {
			return "", nil, false, false, s.readErr(err)
		}
		if len(tag) == 0 || tag[0] == '?' || tag[0] == '!' {
			continue
		}
		if tag[0] == '/' {
			closing = true
			tag = tag[1:]
		}
		if n := len(tag); n > 0 && tag[n-1] == '/' {
			selfClosing = true
			tag = tag[:n-1]
		}
		end := bytes.IndexAny(tag, " \t\r\n")
		if end < 0 {
			end = len(tag)
		}
		nm := tag[:end]
		if i := bytes.IndexByte(nm, ':'); i >= 0 {
			nm = nm[i+1:]
		}
		// The attributes stay valid until the next read: callers use them
		// at once.
		return tagName(nm), tag[end:], selfClosing, closing, nil
	}
}

// tagName returns the element names the scanner meets without allocating.
func tagName(b []byte) string {
	switch string(b) {
	case "c":
		return "c"
	case "v":
		return "v"
	case "row":
		return "row"
	case "f":
		return "f"
	case "t":
		return "t"
	case "is":
		return "is"
	case "r":
		return "r"
	case "rPr":
		return "rPr"
	}
	return string(b)
}

// attr returns an attribute's value from a tag's attribute bytes.
func attr(attrs []byte, name string) (string, bool) {
	var val []byte
	found := false
	eachAttr(attrs, func(k, v []byte) {
		if !found && string(k) == name {
			val, found = v, true
		}
	})
	if !found {
		return "", false
	}
	if bytes.IndexByte(val, '&') >= 0 {
		return html.UnescapeString(string(val)), true
	}
	return string(val), true
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// eachAttr calls fn with each attribute's name (prefix kept) and raw value;
// false when the attributes are malformed.
func eachAttr(a []byte, fn func(k, v []byte)) bool {
	i := 0
	for {
		for i < len(a) && isSpace(a[i]) {
			i++
		}
		if i == len(a) {
			return true
		}
		k0 := i
		for i < len(a) && a[i] != '=' && !isSpace(a[i]) {
			i++
		}
		k := a[k0:i]
		for i < len(a) && isSpace(a[i]) {
			i++
		}
		if i == len(a) || a[i] != '=' {
			return false
		}
		i++
		for i < len(a) && isSpace(a[i]) {
			i++
		}
		if i == len(a) || a[i] != '"' && a[i] != '\'' {
			return false
		}
		q := a[i]
		i++
		end := bytes.IndexByte(a[i:], q)
		if end < 0 {
			return false
		}
		fn(k, a[i:i+end])
		i += end + 1
	}
}

// columnOf reads the column number (from 1) of a cell reference such as D14
// (letters in either case, an optional $).
func columnOf(ref []byte) (int, bool) {
	n, i := 0, 0
	if i < len(ref) && ref[i] == '$' {
		i++
	}
	start := i
	for ; i < len(ref); i++ {
		c := ref[i] &^ 0x20 // upper case
		if c < 'A' || c > 'Z' {
			break
		}
		n = n*26 + int(c-'A'+1)
		if n > maxSheetColumns {
			return 0, false
		}
	}
	return n, i > start
}

// columnName is the letters of column n (from 1): 1 → A, 27 → AA.
func columnName(n int) string {
	var b [4]byte
	i := len(b)
	for n > 0 {
		n--
		i--
		b[i] = byte('A' + n%26)
		n /= 26
	}
	return string(b[i:])
}

// writeSheetFast streams the sheet's rows as CSV lines to w, row n on line
// n, and returns the marked cells (by row and column: dates, formulas
// without a value) for the locating of problems.
func (b *fastBook) writeSheetFast(sheet string, w io.Writer) (map[[2]int]byte, error) {
	f, err := b.sheetPart(sheet)
	if err != nil {
		return nil, &sheetError{msg: fmt.Sprintf("the sheet cannot be read: %v; %s", err, damaged)}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, &sheetError{msg: fmt.Sprintf("the sheet's part cannot be read (%v); %s", err, damaged)}
	}
	// Inflate in its own goroutine, ahead of the scanner.
	ir, iw := io.Pipe()
	go func() {
		_, err := io.Copy(iw, rc)
		rc.Close()
		iw.CloseWithError(err)
	}()
	defer ir.CloseWithError(io.ErrClosedPipe)
	br, err := partReader(ir)
	if err != nil {
		return nil, &sheetError{msg: fmt.Sprintf("the sheet cannot be read: %v", err)}
	}
	s := &sheetScanner{r: br, b: b}
	bw := bufio.NewWriterSize(w, 1<<16)
	marks := map[[2]int]byte{}
	line, width := 0, 0
	var out []byte
	for {
		cells, ms, row, err := s.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		for line < row-1 {
			bw.WriteByte('\n')
			line++
		}
		cells = padRow(cells, &width)
		for i, m := range ms {
			if m != 0 && i < len(cells) {
				marks[[2]int{row, i}] = m
			}
		}
		out = appendCSVLine(out[:0], cells)
		if _, err := bw.Write(out); err != nil {
			return nil, err
		}
		line = row
	}
	return marks, bw.Flush()
}

// padRow pads a row to the header's width and drops blanks beyond it (a
// sheet stores no cell for a blank); width is set by the first row.
func padRow(cells []string, width *int) []string {
	switch {
	case *width == 0:
		for len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
			cells = cells[:len(cells)-1]
		}
		*width = len(cells)
	case len(cells) > 0 && len(cells) < *width:
		for len(cells) < *width {
			cells = append(cells, "")
		}
	case len(cells) > *width:
		for len(cells) > *width && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1]
		}
	}
	return cells
}
