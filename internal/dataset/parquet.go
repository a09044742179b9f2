package dataset

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"
)

// LoadParquet reads a Parquet file (a registry's export from a warehouse)
// with github.com/parquet-go/parquet-go as Load reads a CSV: a flat schema
// of one column per variable, nulls as missing, numbers as numbers
// (decimals scaled), dates written as dates (refused in item columns);
// problems are located as "row 12, column X".
func LoadParquet(r io.Reader, name string, opt Options) (*Dataset, error) {
	fatal := func(format string, args ...any) error {
		return &FatalError{Problem{File: name, Message: fmt.Sprintf(format, args...)}}
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fatal("cannot read: %v", err)
	}
	f, fields, err := openParquet(data)
	if err != nil {
		return nil, fatal("not a readable Parquet file (%v)", err)
	}
	if len(fields) == 0 {
		return nil, fatal("the Parquet file has no columns")
	}
	header := make([]string, len(fields))
	kinds := make([]string, len(fields))
	for i, fl := range fields {
		if !fl.Leaf() || fl.Repeated() {
			return nil, fatal("column %q is nested or repeated; pssa reads flat tables (one column per variable)", fl.Name())
		}
		header[i] = fl.Name()
		kinds[i] = fl.Type().String()
	}
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(safeParquetCSV(f, header, kinds, pw))
	}()
	popt := opt
	popt.Delimiter, popt.Encoding, popt.SizeHint = ',', "", 0
	d, err := Load(pr, name, popt)
	pr.CloseWithError(io.ErrClosedPipe)
	if err != nil {
		return nil, err
	}
	d.setLocate(func(p *Problem) {
		switch {
		case p.Line == 1:
			p.Where = "the column names"
		case p.Line > 1:
			p.Where = fmt.Sprintf("row %d", p.Line-1)
		}
	})
	return d, nil
}

// openParquet opens a file and reads its schema's fields; a panic in
// parquet-go on a damaged footer is an error.
func openParquet(data []byte) (f *parquet.File, fields []parquet.Field, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, fields, err = nil, nil, fmt.Errorf("damaged: %v", r)
		}
	}()
	f, err = parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, err
	}
	return f, f.Schema().Fields(), nil
}

// safeParquetCSV is writeParquetCSV with parquet-go's panics on damaged
// files turned into errors.
func safeParquetCSV(f *parquet.File, header, kinds []string, w io.Writer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the Parquet data are damaged (%v)", r)
		}
	}()
	return writeParquetCSV(f, header, kinds, w)
}

func writeParquetCSV(f *parquet.File, header, kinds []string, w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	out := appendCSVLine(nil, header)
	if _, err := bw.Write(out); err != nil {
		return err
	}
	cells := make([]string, len(header))
	rows := make([]parquet.Row, 256)
	for _, rg := range f.RowGroups() {
		rr := rg.Rows()
		for {
			n, err := rr.ReadRows(rows)
			for _, row := range rows[:n] {
				for i := range cells {
					cells[i] = ""
				}
				for _, v := range row {
					if c := v.Column(); c >= 0 && c < len(cells) {
						cells[c] = parquetText(v, kinds[c])
					}
				}
				out = appendCSVLine(out[:0], cells)
				if _, err := bw.Write(out); err != nil {
					rr.Close()
					return err
				}
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				rr.Close()
				return fmt.Errorf("the Parquet data cannot be read: %v", err)
			}
		}
		rr.Close()
	}
	return bw.Flush()
}

// parquetText writes a value as the CSV loader reads it.
func parquetText(v parquet.Value, kind string) string {
	kind = strings.ToUpper(kind)
	if v.IsNull() {
		return ""
	}
	switch v.Kind() {
	case parquet.Boolean:
		if v.Boolean() {
			return "1"
		}
		return "0"
	case parquet.Int32, parquet.Int64:
		n := v.Int64()
		switch {
		case strings.HasPrefix(kind, "DATE"):
			return "date " + time.Unix(n*86400, 0).UTC().Format("2006-01-02")
		case strings.HasPrefix(kind, "DECIMAL"):
			return strconv.FormatFloat(float64(n)/math.Pow10(decimalScale(kind)), 'f', -1, 64)
		}
		return strconv.FormatInt(n, 10)
	case parquet.Float:
		return strconv.FormatFloat(float64(v.Float()), 'g', -1, 32)
	case parquet.Double:
		return strconv.FormatFloat(v.Double(), 'g', -1, 64)
	case parquet.ByteArray, parquet.FixedLenByteArray:
		return string(v.ByteArray())
	}
	return v.String()
}

// decimalScale reads the scale of a DECIMAL(precision,scale) type name.
func decimalScale(kind string) int {
	i := strings.IndexByte(kind, ',')
	j := strings.IndexByte(kind, ')')
	if i < 0 || j < i {
		return 0
	}
	s, err := strconv.Atoi(strings.TrimSpace(kind[i+1 : j]))
	if err != nil || s < 0 || s > 30 {
		return 0
	}
	return s
}
