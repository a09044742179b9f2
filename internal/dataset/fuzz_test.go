package dataset_test

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/pssa-project/pssa/internal/dataset"
	"github.com/xuri/excelize/v2"
)

// Seeds live in the repository's testdata/fuzz (see Makefile's fuzz target).
func seedFiles(f *testing.F, dir string) {
	paths, _ := filepath.Glob(filepath.Join("../../testdata/fuzz", dir, "*"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

func seedLines(f *testing.F, file string) {
	b, err := os.ReadFile(filepath.Join("../../testdata/fuzz", file))
	if err != nil {
		f.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f.Add(sc.Text())
	}
}

// FuzzLoad: any bytes load without panic; a dataset without errors is
// consistent (columns as long as the rows, items inside their range).
func FuzzLoad(f *testing.F) {
	seedFiles(f, "load")
	s := schema(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, err := dataset.Load(bytes.NewReader(data), "fuzz.csv", dataset.Options{Schema: s})
		if err != nil {
			if _, ok := err.(*dataset.FatalError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		_ = ds.Err()
		for _, c := range ds.Columns {
			n := c.Len()
			if n != ds.Rows() {
				t.Fatalf("column %s has %d values for %d rows", c.Name, n, ds.Rows())
			}
			if ds.Err() != nil {
				continue
			}
			inst, _ := s.Instrument(c.Instrument)
			for i := 0; i < ds.Rows(); i++ {
				v := c.Value(i)
				if c.HasResponses() && !math.IsNaN(v) && (v < inst.Min || v > inst.Max) {
					t.Fatalf("%s row %d = %v outside %v..%v", c.Name, i, v, inst.Min, inst.Max)
				}
				if math.IsInf(v, 0) {
					t.Fatalf("%s row %d is infinite", c.Name, i)
				}
			}
		}
	})
}

// FuzzParseColumnName: the grammar never panics and what it accepts is
// inside the instrument.
func FuzzParseColumnName(f *testing.F) {
	seedLines(f, "columns.txt")
	s := schema(f)
	f.Fuzz(func(t *testing.T, name string) {
		spec, err := dataset.ParseColumnName(name, s)
		if err != nil {
			return
		}
		switch spec.Kind {
		case dataset.KindItem:
			inst, ok := s.Instrument(spec.Instrument)
			if !ok || spec.Item < 1 || spec.Item > inst.Items || spec.TimeIndex < 0 {
				t.Fatalf("%q accepted as item %d of %s at %s", name, spec.Item, spec.Instrument, spec.Time)
			}
		case dataset.KindScale, dataset.KindRating:
			if _, ok := s.Instrument(spec.Instrument); !ok || spec.TimeIndex < 0 {
				t.Fatalf("%q accepted as %+v", name, spec)
			}
		}
	})
}

// FuzzParseNumber: accepted numbers are finite and equal what strconv reads
// from the same text (with a decimal comma turned into a point).
func FuzzParseNumber(f *testing.F) {
	seedLines(f, "numbers.txt")
	f.Fuzz(func(t *testing.T, s string) {
		for _, comma := range []bool{false, true} {
			v, err := dataset.ParseNumber(s, comma)
			if err != nil {
				continue
			}
			if math.IsNaN(v) || math.IsInf(v, 0) || math.Signbit(v) && v == 0 {
				t.Fatalf("ParseNumber(%q) = %v", s, v)
			}
			norm := []byte(s)
			for i, c := range norm {
				if c == ',' {
					norm[i] = '.'
				}
			}
			w, err := strconv.ParseFloat(string(norm), 64)
			if err != nil || (w != v && !(w == 0 && v == 0)) {
				t.Fatalf("ParseNumber(%q) = %v, strconv %v %v", s, v, w, err)
			}
		}
	})
}

// FuzzTemplate: a template and a column name (on two lines) never panic,
// and what a template reads is inside its instrument.
func FuzzTemplate(f *testing.F) {
	seedFiles(f, "templates")
	s := schema(f)
	times, err := dataset.ParseTimesMap("pre=T1,post=T2,fup=T3")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tmpl, name, _ := bytes.Cut(data, []byte("\n"))
		tm, err := dataset.ParseTemplate(string(tmpl))
		if err != nil {
			return
		}
		m := &dataset.Mapping{Times: times, Names: []*dataset.Template{tm}}
		spec, err := m.ParseColumn(string(name), s)
		if err != nil {
			return
		}
		switch spec.Kind {
		case dataset.KindItem:
			inst, ok := s.Instrument(spec.Instrument)
			if !ok || spec.Item < 1 || spec.Item > inst.Items || spec.TimeIndex < 0 || spec.Time == "" {
				t.Fatalf("%q with %q accepted as item %d of %s at %q", name, tmpl, spec.Item, spec.Instrument, spec.Time)
			}
		case dataset.KindScale, dataset.KindRating:
			if _, ok := s.Instrument(spec.Instrument); !ok || spec.TimeIndex < 0 || spec.Time == "" {
				t.Fatalf("%q with %q accepted as %+v", name, tmpl, spec)
			}
		}
	})
}

// FuzzLong: any bytes read as a long layout never panic; a pivoted table
// without errors has a row per distinct id and its values in range.
func FuzzLong(f *testing.F) {
	seedFiles(f, "long")
	s := schema(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, err := dataset.Load(bytes.NewReader(data), "fuzz.csv", dataset.Options{Schema: s, Layout: "long"})
		if err != nil {
			if _, ok := err.(*dataset.FatalError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		if ds.Err() != nil {
			return
		}
		ids := map[string]bool{}
		for i := 0; i < ds.Rows(); i++ {
			if ids[ds.ID(i)] {
				t.Fatalf("id %q twice in the pivoted table", ds.ID(i))
			}
			ids[ds.ID(i)] = true
		}
		for _, c := range ds.Columns {
			if n := c.Len(); n != ds.Rows() {
				t.Fatalf("column %s has %d values for %d rows", c.Name, n, ds.Rows())
			}
			if !c.HasResponses() {
				continue
			}
			inst, _ := s.Instrument(c.Instrument)
			for i := 0; i < ds.Rows(); i++ {
				if v := c.Value(i); !math.IsNaN(v) && (v < inst.Min || v > inst.Max) {
					t.Fatalf("%s row %d = %v outside %v..%v", c.Name, i, v, inst.Min, inst.Max)
				}
			}
		}
	})
}

// FuzzSheet: any sheet XML in an otherwise valid workbook reads without
// panic: pssa's reader reads it or refuses it with a FatalError.
func FuzzSheet(f *testing.F) {
	seedFiles(f, "sheets")
	s := schema(f)
	f.Fuzz(func(t *testing.T, sheet []byte) {
		data := sheetWorkbook(sheet)
		ds, err := dataset.LoadXLSX(bytes.NewReader(data), "fuzz.xlsx", "", dataset.Options{Schema: s})
		if err != nil {
			if _, ok := err.(*dataset.FatalError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		for _, c := range ds.Columns {
			if n := c.Len(); n != ds.Rows() {
				t.Fatalf("column %s has %d values for %d rows", c.Name, n, ds.Rows())
			}
		}
	})
}

// FuzzSheetAgainstExcelize: a sheet that is well-formed XML with its rows
// and cells in order reads as excelize reads it, values and every located
// problem, whenever both read it. (Out of order, pssa places cells by
// their references and refuses rows, where excelize appends or misnumbers
// them: TestXLSXCellsOutOfOrder, TestXLSXDamaged.)
func FuzzSheetAgainstExcelize(f *testing.F) {
	seedFiles(f, "sheets")
	s := schema(f)
	f.Fuzz(func(t *testing.T, sheet []byte) {
		if !orderedXML(sheet) {
			return
		}
		data := sheetWorkbook(sheet)
		a, errA := dataset.LoadXLSX(bytes.NewReader(data), "fuzz.xlsx", "", dataset.Options{Schema: s})
		b, errB := dataset.LoadXLSXExcelize(data, "fuzz.xlsx", "", dataset.Options{Schema: s})
		if errA != nil || errB != nil {
			return
		}
		va, vb := values(a), values(b)
		if err := a.Err(); err != nil {
			va += err.Error()
		}
		if err := b.Err(); err != nil {
			vb += err.Error()
		}
		if va != vb {
			t.Fatalf("pssa's reader\n%s\nexcelize\n%s", va, vb)
		}
	})
}

// orderedXML says whether a sheet is well-formed XML whose rows and cells
// (where they have references) come in order, with no formula whose saved
// value is "" (which excelize cannot tell from a formula without a value).
func orderedXML(sheet []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(sheet))
	col, row := 0, 0
	var sawF, sawV bool
	var v []byte
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return true
		}
		if err != nil {
			return false
		}
		switch t := tok.(type) {
		case xml.CharData:
			v = append(v, t...)
		case xml.EndElement:
			if t.Name.Local == "c" && sawF && sawV && len(bytes.TrimSpace(v)) == 0 {
				return false
			}
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "f":
			sawF = true
		case "v":
			sawV, v = true, v[:0]
		case "row":
			col = 0
			row++
			for _, a := range se.Attr {
				if a.Name.Local == "r" {
					n, err := strconv.Atoi(a.Value)
					if err != nil || n < row {
						return false
					}
					row = n
				}
			}
		case "c":
			col++
			sawF, sawV = false, false
			for _, a := range se.Attr {
				if a.Name.Local == "r" {
					c, _, err := excelize.CellNameToCoordinates(a.Value)
					if err != nil || c < col {
						return false
					}
					col = c
				}
			}
		}
	}
}

// sheetWorkbook wraps a sheet part in the smallest workbook package, with
// two shared strings ("id", "SSQ_1_T1") and a date style at index 1.
func sheetWorkbook(sheet []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`},
		{"xl/sharedStrings.xml", `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>id</t></si><si><r><t>SSQ_1</t></r><r><t>_T1</t></r></si></sst>`},
		{"xl/styles.xml", `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`},
		{"xl/worksheets/sheet1.xml", string(sheet)},
	}
	for _, p := range parts {
		w, _ := zw.Create(p.name)
		w.Write([]byte(p.body))
	}
	zw.Close()
	return buf.Bytes()
}

// FuzzParquet: any bytes read as Parquet give a dataset or a FatalError,
// never a panic (parquet-go's own panics on damaged files are recovered).
func FuzzParquet(f *testing.F) {
	seedFiles(f, "parquet")
	s := schema(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := dataset.LoadParquet(bytes.NewReader(data), "fuzz.parquet", dataset.Options{Schema: s})
		if err != nil {
			if _, ok := err.(*dataset.FatalError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
		}
	})
}
