package dataset

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Excel workbooks are read by pssa's own reader (xlsxfast.go), which
// streams a sheet's rows, so that a registry-sized sheet is never held as a
// grid of cells. Each row is written as a CSV line into a pipe that Load
// reads, with row n of the sheet on line n, so that every problem Load
// finds is located in the sheet as Sheet1!D14. Cells are read raw: numbers
// as the numbers stored (not as displayed), formulas as their cached
// values, booleans as 1 and 0, error values (#DIV/0!) as text that the
// item checks refuse.

// LoadXLSX reads a sheet of an .xlsx workbook (the first when sheet is "";
// else by name, or by number from 1) as Load reads a CSV.
func LoadXLSX(r io.Reader, name, sheet string, opt Options) (*Dataset, error) {
	fatal := func(format string, args ...any) error {
		return &FatalError{Problem{File: name, Message: fmt.Sprintf(format, args...)}}
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fatal("cannot read: %v", err)
	}
	if bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		// An OLE compound file: what Excel writes for an encrypted
		// workbook (and for the old .xls format).
		return nil, fatal("the workbook is encrypted (password-protected), or is an old .xls file renamed .xlsx; save an unprotected copy as .xlsx or CSV UTF-8")
	}
	if len(data) == 0 {
		return nil, fatal("the file is empty (expected an Excel workbook)")
	}
	if !bytes.HasPrefix(data, []byte("PK")) {
		// Every .xlsx is a zip archive; this is some other file named .xlsx.
		return nil, fatal("not an Excel workbook: a .xlsx file is a zip archive and this one is not (a CSV or text file named .xlsx? rename it to .csv)")
	}
	book, err := openFastBook(data)
	if err != nil {
		return nil, fatal("not a readable .xlsx workbook (%v); save it again from Excel as .xlsx, or as CSV UTF-8", err)
	}
	if len(book.sheets) == 0 {
		return nil, fatal("the workbook has no sheets")
	}
	sh, err := pickSheet(book.sheets, sheet)
	if err != nil {
		return nil, fatal("%v", err)
	}
	// The sheet is scanned while Load reads what the scanner writes.
	pr, pw := io.Pipe()
	var marks map[[2]int]byte
	var scanErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		marks, scanErr = book.writeSheetFast(sh, pw)
		pw.CloseWithError(scanErr)
	}()
	d, err := loadSheetCSV(pr, name, sh, opt, func(row, ci int) bool {
		<-done
		return marks[[2]int{row, ci}] == markDate
	})
	pr.CloseWithError(io.ErrClosedPipe) // stop the scanner if Load stopped early
	<-done
	if se := (*sheetError)(nil); errors.As(scanErr, &se) {
		// The sheet cannot be read: say where, whatever Load made of the
		// part it had.
		p := Problem{File: name, Message: se.msg}
		if se.row > 0 {
			p.Where = sheetWhere(sh, se.row, se.col)
		} else {
			p.Message = fmt.Sprintf("sheet %q: %s", sh, se.msg)
		}
		return nil, &FatalError{p}
	}
	if err == nil {
		refuseMarked(d, marks)
		d.Source = &SourceInfo{Format: "Excel workbook", Sheet: sh, Sheets: book.sheets}
	}
	return d, err
}

// loadSheetCSV loads a sheet written as CSV (row n on line n) and locates
// its problems in the sheet; isDate says whether a cell shows a date.
func loadSheetCSV(r io.Reader, name, sh string, opt Options, isDate func(row, ci int) bool) (*Dataset, error) {
	xopt := opt
	xopt.Delimiter, xopt.Encoding, xopt.SizeHint = ',', "", 0
	d, err := Load(r, name, xopt)
	if err != nil {
		var fe *FatalError
		if errors.As(err, &fe) {
			fe.Problem.Where = sheetWhere(sh, fe.Problem.Line, -1)
			if strings.HasPrefix(fe.Problem.Message, "the file is empty") {
				fe.Problem.Message = fmt.Sprintf("sheet %q is empty (expected a header row with an id column)", sh)
				fe.Problem.Where = ""
			}
		}
		return nil, err
	}
	header := d.Header
	col := map[string]int{}
	for i, h := range header {
		if _, dup := col[strings.ToUpper(strings.TrimSpace(h))]; !dup {
			col[strings.ToUpper(strings.TrimSpace(h))] = i
		}
	}
	locate := func(p *Problem) {
		if p.Line <= 0 {
			return
		}
		ci, ok := col[strings.ToUpper(p.Column)]
		if !ok {
			ci = -1
		}
		p.Where = sheetWhere(sh, p.Line, ci)
		if ci >= 0 && !p.Warning && isDate(p.Line, ci) {
			p.Message = "the cell holds a date, where pssa expects a number (is the column formatted as a date in Excel?)"
		}
	}
	d.setLocate(locate)
	return d, nil
}

// refuseMarked adds an error for each marked cell in an instrument column
// of a wide sheet that no other problem already names: a date (within an
// item's range it would otherwise be read as a number), a formula without
// a saved value (written by a program that does not calculate formulas; it
// would otherwise be read as a missing answer).
func refuseMarked(d *Dataset, marks map[[2]int]byte) {
	if d.Layout == "long" || len(marks) == 0 {
		return
	}
	inst := map[int]*Column{}
	for _, c := range d.Columns {
		if c.Kind != KindExtra {
			inst[c.Index] = c
		}
	}
	seen := map[[2]int]bool{}
	for _, p := range d.Problems {
		if c, ok := inst[indexOf(d.Header, p.Column)]; ok {
			seen[[2]int{p.Line, c.Index}] = true
		}
	}
	var cells [][2]int
	for k := range marks {
		if _, ok := inst[k[1]]; ok && !seen[k] {
			cells = append(cells, k)
		}
	}
	slices.SortFunc(cells, func(a, b [2]int) int {
		if a[0] != b[0] {
			return a[0] - b[0]
		}
		return a[1] - b[1]
	})
	for _, k := range cells {
		msg := "date" // worded by the locating (loadSheetCSV)
		if marks[k] == markFormula {
			msg = "the cell holds a formula without a saved value (the workbook was written by a program that does not calculate formulas); open it in Excel or LibreOffice and save it again"
		}
		d.AddProblem(Problem{Line: k[0], Column: inst[k[1]].Name, Message: msg})
	}
	slices.SortStableFunc(d.Problems, func(a, b Problem) int { return a.Line - b.Line })
}

func indexOf(header []string, name string) int {
	for i, h := range header {
		if strings.EqualFold(strings.TrimSpace(h), name) {
			return i
		}
	}
	return -1
}

// pickSheet resolves --sheet: a name (case-insensitive), or a number from 1.
func pickSheet(sheets []string, want string) (string, error) {
	want = strings.TrimSpace(want)
	if want == "" {
		return sheets[0], nil
	}
	for _, s := range sheets {
		if strings.EqualFold(s, want) {
			return s, nil
		}
	}
	if n, err := strconv.Atoi(want); err == nil {
		if n >= 1 && n <= len(sheets) {
			return sheets[n-1], nil
		}
		return "", fmt.Errorf("--sheet %d: the workbook has %d sheets (%s)", n, len(sheets), strings.Join(sheets, ", "))
	}
	return "", fmt.Errorf("--sheet %q: no such sheet (sheets: %s)", want, strings.Join(sheets, ", "))
}

// sheetWhere names a cell (Sheet1!D14), or a row when the column is not
// known (ci < 0).
func sheetWhere(sheet string, row, ci int) string {
	q := sheet
	if strings.ContainsAny(sheet, " !'-") {
		q = "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
	}
	if row <= 0 {
		return ""
	}
	if ci < 0 {
		return fmt.Sprintf("%s row %d", q, row)
	}
	return fmt.Sprintf("%s!%s%d", q, columnName(ci+1), row)
}

// isDateFormat says whether a custom number format has date or time codes
// (d, m, y, h, s outside quotes and brackets other than [h]/[m]/[s]).
func isDateFormat(f string) bool {
	inQuote, inBracket := false, false
	for i := 0; i < len(f); i++ {
		c := f[i]
		switch {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '\\':
			i++
		case c == '[':
			inBracket = true
		case c == ']':
			inBracket = false
		case inBracket:
		default:
			switch c | 0x20 {
			case 'd', 'm', 'y', 'h', 's':
				return true
			}
		}
	}
	return false
}

// appendCSVLine writes cells as one CSV line: fields quoted when they hold
// a comma or a quote, line ends inside a cell turned into spaces (row n of
// the sheet stays line n).
func appendCSVLine(b []byte, cells []string) []byte {
	for i, c := range cells {
		if i > 0 {
			b = append(b, ',')
		}
		if strings.ContainsAny(c, "\r\n") {
			c = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(c)
		}
		if strings.ContainsAny(c, ",\"") {
			b = append(b, '"')
			b = append(b, bytes.ReplaceAll([]byte(c), []byte(`"`), []byte(`""`))...)
			b = append(b, '"')
			continue
		}
		b = append(b, c...)
	}
	return append(b, '\n')
}
