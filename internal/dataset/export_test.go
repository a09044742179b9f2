package dataset

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// FastReads says whether pssa's reader reads a workbook's sheet.
func FastReads(data []byte, sheet string) bool {
	b, err := openFastBook(data)
	if err != nil || len(b.sheets) == 0 {
		return false
	}
	sh, err := pickSheet(b.sheets, sheet)
	if err != nil {
		return false
	}
	_, err = b.writeSheetFast(sh, &bytes.Buffer{})
	return err == nil
}

// LoadXLSXExcelize reads a sheet as LoadXLSX does, with excelize's
// streaming rows: the reference the tests compare pssa's reader with (it
// was pssa's reader for what the fast scanner did not handle, until pssa
// stopped linking excelize; docs/architecture.md, "Input").
func LoadXLSXExcelize(data []byte, name, sheet string, opt Options) (*Dataset, error) {
	fatal := func(format string, args ...any) error {
		return &FatalError{Problem{File: name, Message: fmt.Sprintf(format, args...)}}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		switch {
		case errors.Is(err, excelize.ErrWorkbookFileFormat), errors.Is(err, excelize.ErrWorkbookPassword):
			return nil, fatal("the workbook is encrypted (password-protected), or is an old .xls file renamed .xlsx; save an unprotected copy as .xlsx or CSV UTF-8")
		}
		return nil, fatal("not a readable .xlsx workbook (%v); save it again from Excel as .xlsx, or as CSV UTF-8", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fatal("the workbook has no sheets")
	}
	sh, err := pickSheet(sheets, sheet)
	if err != nil {
		return nil, fatal("%v", err)
	}
	rows, err := f.Rows(sh)
	if err != nil {
		return nil, fatal("sheet %q cannot be read: %v", sh, err)
	}
	pr, pw := io.Pipe()
	go func() {
		bw := bufio.NewWriterSize(pw, 1<<16)
		var line []byte
		width, n := 0, 0 // the header's width, rows so far
		for rows.Next() {
			if n++; n > maxSheetRows {
				pw.CloseWithError(fmt.Errorf("sheet %q has more than %d rows", sh, maxSheetRows))
				rows.Close()
				return
			}
			cells, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				pw.CloseWithError(fmt.Errorf("sheet %q: %v", sh, err))
				rows.Close()
				return
			}
			line = appendCSVLine(line[:0], padRow(cells, &width))
			if _, err := bw.Write(line); err != nil {
				rows.Close()
				return // the reader stopped
			}
		}
		err := rows.Error()
		if err == nil {
			err = bw.Flush()
		}
		rows.Close()
		pw.CloseWithError(err)
	}()
	d, err := loadSheetCSV(pr, name, sh, opt, func(row, ci int) bool { return isDateCell(f, sh, row, ci) })
	pr.CloseWithError(io.ErrClosedPipe) // stop the writer if Load stopped early
	if err == nil {
		// The rules of LoadXLSX: a number cell formatted as a date, a
		// formula without a value.
		grid, _ := f.GetRows(sh, excelize.Options{RawCellValue: true})
		marks := map[[2]int]byte{}
		for r, row := range grid {
			for c, v := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if v == "" {
					if fm, _ := f.GetCellFormula(sh, ref); fm != "" {
						marks[[2]int{r + 1, c}] = markFormula
					}
					continue
				}
				if !isDateCell(f, sh, r+1, c) {
					continue
				}
				if typ, _ := f.GetCellType(sh, ref); typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber {
					marks[[2]int{r + 1, c}] = markDate
				}
			}
		}
		refuseMarked(d, marks)
		d.Source = &SourceInfo{Format: "Excel workbook", Sheet: sh, Sheets: sheets}
	}
	return d, err
}

// isDateCell says whether a cell's number format shows a date or a time.
func isDateCell(f *excelize.File, sheet string, row, ci int) bool {
	cell, err := excelize.CoordinatesToCellName(ci+1, row)
	if err != nil {
		return false
	}
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil || id == 0 {
		return false
	}
	st, err := f.GetStyle(id)
	if err != nil || st == nil {
		return false
	}
	if st.CustomNumFmt != nil {
		return isDateFormat(*st.CustomNumFmt)
	}
	n := st.NumFmt
	return n >= 14 && n <= 22 || n >= 27 && n <= 36 || n >= 45 && n <= 47 || n >= 50 && n <= 58
}

// ColumnName exposes columnName.
func ColumnName(n int) string { return columnName(n) }
