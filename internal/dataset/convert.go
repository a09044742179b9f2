package dataset

import (
	"bytes"
	"fmt"
	"io"

	"github.com/pssa-project/pssa/internal/sav"
)

// AsCSV turns a workbook sheet ("xlsx"), an SPSS file ("sav") or a Parquet
// file ("parquet") into the CSV the loaders read (comma-delimited, row n of
// a sheet on line n, case n of a .sav on line n+1), for commands that read
// any table by its column names (pssa test). Other formats are returned as
// they are.
func AsCSV(r io.Reader, name, format, sheet string) (io.Reader, rune, error) {
	fatal := func(format string, args ...any) error {
		return &FatalError{Problem{File: name, Message: fmt.Sprintf(format, args...)}}
	}
	var buf bytes.Buffer
	switch format {
	case "xlsx":
		data, err := io.ReadAll(r)
		if err != nil {
			return nil, 0, fatal("cannot read: %v", err)
		}
		book, err := openFastBook(data)
		if err != nil {
			return nil, 0, fatal("not a workbook pssa can read as a table (save it as .xlsx again, or as CSV UTF-8)")
		}
		if len(book.sheets) == 0 {
			return nil, 0, fatal("the workbook has no sheets")
		}
		sh, err := pickSheet(book.sheets, sheet)
		if err != nil {
			return nil, 0, fatal("%v", err)
		}
		if _, err := book.writeSheetFast(sh, &buf); err != nil {
			return nil, 0, fatal("sheet %q cannot be read as a table", sh)
		}
	case "sav":
		f, err := sav.Read(r)
		if err != nil {
			return nil, 0, fatal("%v", err)
		}
		if err := f.WriteCSV(&buf, sav.CSVOptions{}); err != nil {
			return nil, 0, fatal("%v", err)
		}
	case "parquet":
		data, err := io.ReadAll(r)
		if err != nil {
			return nil, 0, fatal("cannot read: %v", err)
		}
		f, fields, err := openParquet(data)
		if err != nil {
			return nil, 0, fatal("not a readable Parquet file (%v)", err)
		}
		header := make([]string, len(fields))
		kinds := make([]string, len(fields))
		for i, fl := range fields {
			if !fl.Leaf() || fl.Repeated() {
				return nil, 0, fatal("column %q is nested or repeated; pssa reads flat tables", fl.Name())
			}
			header[i], kinds[i] = fl.Name(), fl.Type().String()
		}
		if err := safeParquetCSV(f, header, kinds, &buf); err != nil {
			return nil, 0, fatal("%v", err)
		}
	default:
		return r, 0, nil
	}
	return &buf, ',', nil
}
