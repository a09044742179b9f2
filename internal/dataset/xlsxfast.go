package dataset

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"html"
	"io"
	"path"
	"strconv"
	"strings"
)

// The fast sheet reader. excelize's streaming Rows decodes a sheet with
// encoding/xml, a token at a time: about 2.5 µs a cell, 25-50 times the
// time pssa takes to read the same data as CSV. For the cells alone pssa
// reads the sheet part itself: the package's small parts (workbook,
// relationships, shared strings, styles) with encoding/xml, and the sheet's
// <row>/<c>/<v> elements with a byte scanner, which handles what
// spreadsheet programs write (namespace prefixes, inline strings, shared
// strings with rich text runs, formulas with cached values, error values,
// rows and cells without a reference). Anything it does not recognise
// (errUnsupported) is read with excelize instead, and the tests compare
// the two readers on the same workbooks.

// A sheet has at most 2^20 rows and 2^14 columns (Excel's limits).
const (
	maxSheetRows    = 1 << 20
	maxSheetColumns = 1 << 14
)

// errUnsupported says the fast reader leaves a workbook to excelize.
var errUnsupported = errors.New("xlsx: not handled by the fast reader")

// fastBook is an opened package.
type fastBook struct {
	zr      *zip.Reader
	sheets  []string          // names in workbook order
	paths   map[string]string // sheet name → part path
	strings []string          // shared strings
	dateXf  []bool            // cell style index → shows a date or time
}

func openFastBook(data []byte) (*fastBook, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, errUnsupported
	}
	b := &fastBook{zr: zr, paths: map[string]string{}}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := b.decodePart("xl/workbook.xml", &wb); err != nil {
		return nil, err
	}
	if err := b.decodePart("xl/_rels/workbook.xml.rels", &rels); err != nil {
		return nil, err
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
	}
	for _, s := range wb.Sheets {
		p, ok := target[s.RID]
		if !ok || b.file(p) == nil {
			return nil, errUnsupported
		}
		b.sheets = append(b.sheets, s.Name)
		b.paths[s.Name] = p
	}
	if err := b.readSharedStrings(); err != nil {
		return nil, err
	}
	if err := b.readStyles(); err != nil {
		return nil, err
	}
	return b, nil
}

func (b *fastBook) file(name string) *zip.File {
	for _, f := range b.zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

func (b *fastBook) decodePart(name string, v any) error {
	f := b.file(name)
	if f == nil {
		return errUnsupported
	}
	rc, err := f.Open()
	if err != nil {
		return errUnsupported
	}
	defer rc.Close()
	if err := xml.NewDecoder(rc).Decode(v); err != nil {
		return errUnsupported
	}
	return nil
}

// readSharedStrings reads <si> items: the text of their <t> elements,
// runs concatenated, phonetic runs (<rPh>) left out.
func (b *fastBook) readSharedStrings() error {
	f := b.file("xl/sharedStrings.xml")
	if f == nil {
		return nil
	}
	rc, err := f.Open()
	if err != nil {
		return errUnsupported
	}
	defer rc.Close()
	dec := xml.NewDecoder(bufio.NewReader(rc))
	var cur strings.Builder
	inSI, inT, inRPh := false, false, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return errUnsupported
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

// readStyles reads which cell formats (cellXfs) show dates or times.
func (b *fastBook) readStyles() error {
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if b.file("xl/styles.xml") == nil {
		return nil
	}
	if err := b.decodePart("xl/styles.xml", &st); err != nil {
		return err
	}
	custom := map[int]bool{}
	for _, f := range st.NumFmts {
		custom[f.ID] = isDateFormat(f.Code)
	}
	for _, x := range st.Xfs {
		n := x.NumFmtID
		date, ok := custom[n]
		if !ok {
			date = n >= 14 && n <= 22 || n >= 27 && n <= 36 || n >= 45 && n <= 47 || n >= 50 && n <= 58
		}
		b.dateXf = append(b.dateXf, date)
	}
	return nil
}

// sheetScanner reads the rows of one sheet part.
type sheetScanner struct {
	r       *bufio.Reader
	b       *fastBook
	buf     []byte // the current element's bytes
	row     int    // the current row's number
	cells   []string
	dates   []bool // in step with cells: the cell shows a date
	scratch []byte
}

// next returns the next row's cells (by column, blanks as ""), its row
// number and, per cell, whether it is a date; io.EOF after the last row.
func (s *sheetScanner) next() ([]string, []bool, int, error) {
	for {
		name, attrs, selfClosing, err := s.nextStart()
		if err != nil {
			return nil, nil, 0, err
		}
		if name != "row" {
			if name == "sheetData" && selfClosing {
				return nil, nil, 0, io.EOF
			}
			continue
		}
		if r, ok := attr(attrs, "r"); ok {
			n, err := strconv.Atoi(r)
			if err != nil || n < 1 || n > maxSheetRows {
				return nil, nil, 0, errUnsupported
			}
			s.row = n
		} else if s.row++; s.row > maxSheetRows {
			return nil, nil, 0, errUnsupported
		}
		s.cells, s.dates = s.cells[:0], s.dates[:0]
		if selfClosing {
			return s.cells, s.dates, s.row, nil
		}
		if err := s.readCells(); err != nil {
			return nil, nil, 0, err
		}
		return s.cells, s.dates, s.row, nil
	}
}

// readCells reads the <c> elements up to </row>.
func (s *sheetScanner) readCells() error {
	col := 0
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
		ok := eachAttr(attrs, func(k, v []byte) {
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
		})
		if !ok {
			return errUnsupported
		}
		if ref != nil {
			c, ok := columnOf(ref)
			if !ok {
				return errUnsupported
			}
			col = c
		} else if col++; col > maxSheetColumns {
			return errUnsupported
		}
		typ := string(t)
		style := 0
		for _, c := range sv {
			if c < '0' || c > '9' || style > 1<<20 {
				return errUnsupported
			}
			style = style*10 + int(c-'0')
		}
		var v string
		if !selfClosing {
			v, err = s.cellValue(typ)
			if err != nil {
				return err
			}
		}
		for len(s.cells) < col-1 {
			s.cells = append(s.cells, "")
			s.dates = append(s.dates, false)
		}
		if col-1 < len(s.cells) {
			return errUnsupported // cells out of order
		}
		date := typ == "d" || (typ == "" || typ == "n") && style >= 0 && style < len(s.b.dateXf) && s.b.dateXf[style]
		s.cells = append(s.cells, v)
		s.dates = append(s.dates, date && v != "")
	}
}

// cellValue reads a cell's content up to </c>: <v> (a number, a shared
// string's index, a cached formula result, an error), or <is><t> (an
// inline string).
func (s *sheetScanner) cellValue(typ string) (string, error) {
	if typ == "" || typ == "n" {
		// The common cell, <c ...><v>3</v></c>, read in one step.
		if b, err := s.r.Peek(3); err == nil && string(b) == "<v>" {
			if line, err := s.r.Peek(64); err == nil || len(line) > 3 {
				if end := bytes.Index(line, []byte("</v></c>")); end >= 3 {
					v := line[3:end]
					if bytes.IndexByte(v, '<') < 0 && bytes.IndexByte(v, '&') < 0 {
						out := string(v)
						s.r.Discard(end + len("</v></c>"))
						return out, nil
					}
				}
			}
		}
	}
	var v string
	for {
		name, _, selfClosing, closing, err := s.nextTag()
		if err != nil {
			return "", err
		}
		if closing {
			if name == "c" {
				return v, nil
			}
			continue
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
			v += text // inline string runs
		case typ == "s":
			i, err := strconv.Atoi(strings.TrimSpace(text))
			if err != nil || i < 0 || i >= len(s.b.strings) {
				return "", errUnsupported
			}
			v = s.b.strings[i]
		default:
			v = text
		}
	}
}

// text reads character data up to the closing tag of name.
func (s *sheetScanner) text(name string) (string, error) {
	b, err := s.r.ReadSlice('<')
	if err != nil {
		return "", errUnsupported
	}
	raw := b[:len(b)-1]
	if err := s.r.UnreadByte(); err != nil {
		return "", errUnsupported
	}
	t := string(raw)
	if strings.IndexByte(t, '&') >= 0 {
		t = html.UnescapeString(t)
	}
	return t, nil
}

// nextStart skips to the next start tag and returns its local name and
// attributes.
func (s *sheetScanner) nextStart() (string, []byte, bool, error) {
	for {
		name, attrs, selfClosing, closing, err := s.nextTag()
		if err != nil {
			return "", nil, false, err
		}
		if closing {
			if name == "sheetData" {
				return "", nil, false, io.EOF
			}
			continue
		}
		return name, attrs, selfClosing, nil
	}
}

// nextTag reads the next tag (skipping text, comments and processing
// instructions) and returns its local name (prefix dropped), its attribute
// bytes (valid until the next call), whether it closes itself and whether
// it is a closing tag.
func (s *sheetScanner) nextTag() (name string, attrs []byte, selfClosing, closing bool, err error) {
	for {
		if _, err := s.r.ReadSlice('<'); err != nil {
			if err == io.EOF {
				return "", nil, false, false, io.EOF
			}
			if err != bufio.ErrBufferFull {
				return "", nil, false, false, errUnsupported
			}
			continue // long text between tags
		}
		tag, err := s.r.ReadSlice('>')
		if err != nil {
			return "", nil, false, false, errUnsupported
		}
		tag = tag[:len(tag)-1]
		if len(tag) == 0 || tag[0] == '?' || tag[0] == '!' {
			if len(tag) > 0 && tag[0] == '!' && bytes.HasPrefix(tag, []byte("![CDATA[")) {
				return "", nil, false, false, errUnsupported
			}
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

// columnOf reads the column number (from 1) of a cell reference such as D14.
func columnOf(ref []byte) (int, bool) {
	n, i := 0, 0
	for ; i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z'; i++ {
		n = n*26 + int(ref[i]-'A'+1)
		if n > maxSheetColumns {
			return 0, false
		}
	}
	return n, i > 0
}

// writeSheetFast streams the sheet's rows as CSV lines to w, row n on line
// n, and returns the cells that show dates (by row and column) for the
// locating of problems.
func (b *fastBook) writeSheetFast(sheet string, w io.Writer) (map[[2]int]bool, error) {
	f := b.file(b.paths[sheet])
	if f == nil {
		return nil, errUnsupported
	}
	rc, err := f.Open()
	if err != nil {
		return nil, errUnsupported
	}
	// Inflate in its own goroutine, ahead of the scanner.
	ir, iw := io.Pipe()
	go func() {
		_, err := io.Copy(iw, rc)
		rc.Close()
		iw.CloseWithError(err)
	}()
	defer ir.CloseWithError(io.ErrClosedPipe)
	s := &sheetScanner{r: bufio.NewReaderSize(ir, 1<<16), b: b}
	bw := bufio.NewWriterSize(w, 1<<16)
	dates := map[[2]int]bool{}
	line, width := 0, 0
	var out []byte
	for {
		cells, ds, row, err := s.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if row <= line {
			return nil, errUnsupported // rows out of order
		}
		for line < row-1 {
			bw.WriteByte('\n')
			line++
		}
		cells = padRow(cells, &width)
		for i, d := range ds {
			if d && i < len(cells) {
				dates[[2]int{row, i}] = true
			}
		}
		out = appendCSVLine(out[:0], cells)
		if _, err := bw.Write(out); err != nil {
			return nil, err
		}
		line = row
	}
	return dates, bw.Flush()
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
