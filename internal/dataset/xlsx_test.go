package dataset_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pssa-project/pssa/internal/dataset"
)

// workbook builds an .xlsx in memory: each sheet's rows of cell values.
func workbook(t testing.TB, sheets map[string][][]any, order []string, opts ...excelize.Options) []byte {
	t.Helper()
	f := excelize.NewFile()
	for i, name := range order {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sheets[name] {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf, opts...); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func loadXLSX(t testing.TB, data []byte, sheet string, opt dataset.Options) (*dataset.Dataset, error) {
	if opt.Schema == nil {
		opt.Schema = schema(t)
	}
	return dataset.LoadXLSX(bytes.NewReader(data), "w.xlsx", sheet, opt)
}

func TestXLSX(t *testing.T) {
	rows := [][]any{
		{"id", "group", "note", "SWLS_1_T1", "SWLS_TOTAL_T1"},
		{"b", "Control", "a, \"quoted\"\nnote", 3, 20.5},
		{"a", "Intervention", nil, 1, nil},
	}
	data := workbook(t, map[string][][]any{"Info": {{"read me"}}, "Data": rows}, []string{"Info", "Data"})
	ds, err := loadXLSX(t, data, "data", dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ds.Err(); err != nil {
		t.Fatal(err)
	}
	if got := values(ds); got != "b Control: note=a, \"quoted\" note SWLS_1@T1=3 SWLS_TOTAL@T1=20.5\na Intervention: note= SWLS_1@T1=1 SWLS_TOTAL@T1=NA\n" {
		t.Errorf("values:\n%s", got)
	}
	if ds2, err := loadXLSX(t, data, "2", dataset.Options{}); err != nil || ds2.Rows() != 2 {
		t.Errorf("--sheet 2: %v", err)
	}
	for _, c := range []struct{ sheet, want string }{
		{"", `w.xlsx: Info row 1, no id column`},
		{"Nope", `w.xlsx: --sheet "Nope": no such sheet (sheets: Info, Data)`},
		{"3", `w.xlsx: --sheet 3: the workbook has 2 sheets (Info, Data)`},
	} {
		ds, err := loadXLSX(t, data, c.sheet, dataset.Options{})
		if err == nil {
			err = ds.Err()
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("sheet %q: %v, want %q", c.sheet, err, c.want)
		}
	}
}

func TestXLSXProblems(t *testing.T) {
	date := time.Date(2023, 7, 15, 0, 0, 0, 0, time.UTC)
	rows := [][]any{
		{"id", "group", "SWLS_1_T1", "SWLS_2_T1"},
		{"a", "X", 3, "n/a?"},
		{},
		{"b", "X", 9, date},
	}
	ds, err := loadXLSX(t, workbook(t, map[string][][]any{"Sheet 1": rows}, []string{"Sheet 1"}), "", dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := ds.Err().Error()
	for _, want := range []string{
		`w.xlsx: 'Sheet 1'!D2, column "SWLS_2_T1": value "n/a?" is not a number`,
		`w.xlsx: 'Sheet 1'!C4, column "SWLS_1_T1": value "9" is outside 1..7`,
		`w.xlsx: 'Sheet 1'!D4, column "SWLS_2_T1": the cell holds a date, where pssa expects a number`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("got\n%s\nwant %q", got, want)
		}
	}
	// A long layout in a sheet is located in the sheet.
	long := [][]any{{"id", "time", "item", "value"}, {"a", "T1", "SWLS_1", 3}, {"a", "T1", "SWLS_1", 4}}
	ds, err = loadXLSX(t, workbook(t, map[string][][]any{"L": long}, []string{"L"}), "", dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ds.Err(); err == nil || !strings.Contains(err.Error(), `w.xlsx: L row 3, SWLS_1 at T1 for id "a" is given twice (lines 2 and 3)`) {
		t.Errorf("long in a sheet: %v", err)
	}
}

func TestXLSXFatal(t *testing.T) {
	good := workbook(t, map[string][][]any{"S": {{"id"}, {"a"}}}, []string{"S"})
	locked := workbook(t, map[string][][]any{"S": {{"id"}, {"a"}}}, []string{"S"}, excelize.Options{Password: "secret"})
	for _, c := range []struct {
		name, want string
		data       []byte
	}{
		{"password", "w.xlsx: the workbook is encrypted (password-protected)", locked},
		{"no sheets", "w.xlsx: the workbook has no sheets", noSheets(t, good)},
		{"not a zip", "w.xlsx: not an Excel workbook: a .xlsx file is a zip archive and this one is not", []byte("id,group\n")},
		{"empty sheet", `w.xlsx: sheet "S" is empty`, workbook(t, map[string][][]any{"S": nil}, []string{"S"})},
	} {
		_, err := loadXLSX(t, c.data, "", dataset.Options{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

// noSheets removes every sheet from a workbook's list of sheets.
func noSheets(t testing.TB, data []byte) []byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "xl/workbook.xml" {
			b = regexp.MustCompile(`<sheets>.*</sheets>`).ReplaceAll(b, []byte("<sheets></sheets>"))
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	return out.Bytes()
}

// The fast sheet reader and excelize read the same workbooks alike: the
// values, and every problem with its location.
func TestXLSXReadersAgree(t *testing.T) {
	date := time.Date(2023, 7, 15, 0, 0, 0, 0, time.UTC)
	books := map[string][]byte{
		"values": workbook(t, map[string][][]any{"Data": {
			{"id", "group", "note", "SWLS_1_T1", "SWLS_TOTAL_T1", "SWLS_2_T1"},
			{"b", "Control", "a, \"quoted\" <b>&amp;</b>", 3, 20.5, true},
			{},
			{"a", "Intervención", nil, 1, nil, 9},
			{"c", "Control", "x", date, 12.25, "#N/A"},
		}}, []string{"Data"}),
		"long": workbook(t, map[string][][]any{"L": {{"id", "time", "item", "value"}, {"a", "T1", "SWLS_1", 3}, {"a", "T1", "SWLS_1", 4}}}, []string{"L"}),
	}
	study, err := os.ReadFile("../../testdata/study/study.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	books["openxlsx"] = study
	for name, data := range books {
		if !dataset.FastReads(data, "") {
			t.Errorf("%s: the fast reader leaves it to excelize", name)
		}
		var out [2]string
		for k := range out {
			opt := dataset.Options{Mapping: &dataset.Mapping{ID: "record_id", Group: "grupo", Times: mustTimes(t, "pre,post"),
				Names: []*dataset.Template{mustTemplate(t, "{instrument}{item}_{time}")}}}
			if name != "openxlsx" {
				opt.Mapping = nil
			}
			var ds *dataset.Dataset
			var err error
			if k == 1 {
				opt.Schema = schema(t)
				ds, err = dataset.LoadXLSXExcelize(data, "w.xlsx", "", opt)
			} else {
				ds, err = loadXLSX(t, data, "", opt)
			}
			if err != nil {
				t.Fatal(err)
			}
			out[k] = values(ds)
			if err := ds.Err(); err != nil {
				out[k] += err.Error()
			}
		}
		if out[0] != out[1] {
			t.Errorf("%s: fast reader\n%s\nexcelize\n%s", name, out[0], out[1])
		}
	}
}

// A date in an item column is refused even when its serial number is
// within the response range.
func TestXLSXSmallDate(t *testing.T) {
	rows := [][]any{{"id", "when", "SWLS_1_T1"}, {"a", time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), time.Date(1900, 1, 3, 0, 0, 0, 0, time.UTC)}}
	ds, err := loadXLSX(t, workbook(t, map[string][][]any{"S": rows}, []string{"S"}), "", dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ds.Err(); err == nil || !strings.Contains(err.Error(), `w.xlsx: S!C2, column "SWLS_1_T1": the cell holds a date`) || strings.Contains(err.Error(), "B2") {
		t.Errorf("%v", err)
	}
}
