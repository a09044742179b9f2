package sav_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pssa-project/pssa/internal/sav"
)

var nan = math.NaN()

// The study of testdata/sav/pspp_write.sps and haven_write.R. Expected
// values are what GNU PSPP 1.6.2 lists and displays for each file
// (testdata/sav/pspp_golden.sh writes NAME.pspp.csv; the data are listed at 8
// decimals there).
var (
	wantNames  = []string{"record_id", "grupo", "SSQ_1_pre", "SSQ_1_post", "RAS_R_12_T1", "comentario", "peso", "nota_larga"}
	wantLabels = []string{"", "Grupo de estudio", "SSQ item 1 (pre)", "", "RAS-R item 12, T1", "Comentario libre", "", ""}
	wantMiss   = []string{"", "", "999", "999", "90 THRU 99; -9", `"NA"`, "", ""}
	wantNum    = map[string][]float64{
		"record_id":   {1, 2, 3, 4, 5, 6},
		"grupo":       {1, 2, 1, 2, nan, 1},
		"SSQ_1_pre":   {3, 999, nan, 2, 1, 7},
		"SSQ_1_post":  {5, 4, 7, 6, 2, 999},
		"RAS_R_12_T1": {1.5, 95, -9, 3.2, 99, 4},
		"peso":        {0.1, nan, 12345678.25, -2.5, 1e10, 1e-5},
	}
	longText = strings.Repeat("0123456789abcdefghij", 14) + "0123456789ABCDEFGHIJ"
	wantStr  = map[string][]string{
		"comentario": {"Intervención", "NA", "", "ñandú", "x", `with,comma "q"`},
		"nota_larga": {longText, "corta", "", "", "", ""},
	}
	// DISPLAY DICTIONARY's value labels. haven writes comentario's label
	// in a long string value label record of width 16 for a variable of
	// width 14; PSPP ignores it with a warning, this reader keeps it.
	wantValueLabels = map[string][]sav.ValueLabel{
		"grupo":       {{Value: 1, Label: "Control"}, {Value: 2, Label: "Intervención"}},
		"RAS_R_12_T1": {{Value: 1, Label: "Strongly disagree"}, {Value: 5, Label: "Strongly agree"}},
		"comentario":  {{Text: "x", Label: "Equis"}},
	}
)

// WriteCSV of the study with grupo's labels.
const wantCSV = `record_id,grupo,SSQ_1_pre,SSQ_1_post,RAS_R_12_T1,comentario,peso,nota_larga
1,Control,3,5,1.5,Intervención,0.1,` + "0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789ABCDEFGHIJ" + `
2,Intervención,,4,,,,corta
3,Control,,7,,,12345678.25,
4,Intervención,2,6,3.2,ñandú,-2.5,
5,,1,2,,x,10000000000,
6,Control,7,,4,"with,comma ""q""",1e-05,
`

func readFile(t testing.TB, name string) *sav.File {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "sav", name))
	if err != nil {
		t.Fatal(err)
	}
	f, err := sav.Read(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return f
}

func sameFloat(a, b float64) bool { return a == b || (a != a && b != b) }

func TestStudyFiles(t *testing.T) {
	for _, tc := range []struct {
		file, compression string
		comentarioWidth   int
	}{
		{"study.sav", "bytecode", 20},
		{"study_uncompressed.sav", "none", 20},
		{"study_zlib.zsav", "zlib", 20},
		{"haven_byte.sav", "bytecode", 14},
		{"haven_none.sav", "none", 14},
		{"haven_zsav.zsav", "zlib", 14},
	} {
		t.Run(tc.file, func(t *testing.T) {
			f := readFile(t, tc.file)
			if f.Cases != 6 || f.Compression != tc.compression || f.Encoding != "UTF-8" {
				t.Errorf("cases %d, compression %q, encoding %q; want 6, %q, UTF-8", f.Cases, f.Compression, f.Encoding, tc.compression)
			}
			if len(f.Variables) != len(wantNames) {
				t.Fatalf("%d variables, want %d", len(f.Variables), len(wantNames))
			}
			for i, v := range f.Variables {
				if v.Name != wantNames[i] || v.Label != wantLabels[i] || v.Missing.String() != wantMiss[i] {
					t.Errorf("variable %d: %q label %q missing %q; want %q, %q, %q", i, v.Name, v.Label, v.Missing.String(), wantNames[i], wantLabels[i], wantMiss[i])
				}
				if want, ok := wantNum[v.Name]; ok {
					if v.Width != 0 || len(v.Numeric) != 6 {
						t.Fatalf("%s: width %d, %d values", v.Name, v.Width, len(v.Numeric))
					}
					for c, x := range v.Numeric {
						if !sameFloat(x, want[c]) {
							t.Errorf("%s case %d = %v, want %v", v.Name, c+1, x, want[c])
						}
					}
				}
				if want, ok := wantStr[v.Name]; ok {
					w := map[string]int{"comentario": tc.comentarioWidth, "nota_larga": 300}[v.Name]
					if v.Width != w {
						t.Errorf("%s: width %d, want %d", v.Name, v.Width, w)
					}
					for c, s := range v.Strings {
						if s != want[c] {
							t.Errorf("%s case %d = %q, want %q", v.Name, c+1, s, want[c])
						}
					}
				}
				if want := wantValueLabels[v.Name]; len(want) != len(v.ValueLabels) {
					t.Errorf("%s: value labels %v, want %v", v.Name, v.ValueLabels, want)
				} else {
					for k := range want {
						if want[k] != v.ValueLabels[k] {
							t.Errorf("%s: value label %v, want %v", v.Name, v.ValueLabels[k], want[k])
						}
					}
				}
			}
			var buf bytes.Buffer
			if err := f.WriteCSV(&buf, sav.CSVOptions{Labels: func(n string) bool { return n == "grupo" }}); err != nil {
				t.Fatal(err)
			}
			if buf.String() != wantCSV {
				t.Errorf("WriteCSV:\n%s\nwant:\n%s", buf.String(), wantCSV)
			}
			var counts []string
			for _, m := range f.MissingCounts() {
				counts = append(counts, m.Variable+":"+strconv.Itoa(m.User)+"/"+strconv.Itoa(m.System))
			}
			const wantCounts = "record_id:0/0 grupo:0/1 SSQ_1_pre:1/1 SSQ_1_post:1/0 RAS_R_12_T1:3/0 comentario:1/0 peso:0/1 nota_larga:0/0"
			if got := strings.Join(counts, " "); got != wantCounts {
				t.Errorf("missing counts %s\nwant %s", got, wantCounts)
			}
		})
	}
}

func TestLatin1(t *testing.T) {
	// pspp_latin1.sps: SET LOCALE='windows-1252'; PSPP lists
	// Intervención, Señal año (study_latin1.sav.pspp.csv).
	f := readFile(t, "study_latin1.sav")
	if f.Encoding != "WINDOWS-1252" {
		t.Errorf("encoding %q", f.Encoding)
	}
	v := f.Variables[2]
	if v.Name != "nombre" || v.Label != "Descripción" || v.Strings[0] != "Intervención" || v.Strings[1] != "Señal año" {
		t.Errorf("nombre: %q %q %q", v.Name, v.Label, v.Strings)
	}
	g := f.Variables[1].ValueLabels
	if len(g) != 2 || g[0].Label != "Intervención" || g[1].Label != "Atención habitual" {
		t.Errorf("grupo labels %v", g)
	}
}

func TestLocation(t *testing.T) {
	f := readFile(t, "study.sav")
	for _, tc := range []struct {
		line, col int
		want      string
	}{
		{1, 0, "the header, variable record_id"},
		{2, 2, "case 1, variable SSQ_1_pre"},
		{7, 4, "case 6, variable RAS_R_12_T1"},
		{8, 0, "line 8, variable record_id"},
		{3, 8, "case 2, column 9"},
		{3, -1, "case 2, column 0"},
	} {
		if got := f.Location(tc.line, tc.col); got != tc.want {
			t.Errorf("Location(%d, %d) = %q, want %q", tc.line, tc.col, got, tc.want)
		}
	}
}

// TestBadFiles reads testdata/sav/bad (written by make_bad.py): each file
// gives a *sav.Error whose message is NAME.golden.
func TestBadFiles(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "sav", "bad")
	files, _ := filepath.Glob(filepath.Join(dir, "*.*sav"))
	if len(files) < 5 {
		t.Fatalf("only %d bad files", len(files))
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		_, err = sav.Read(bytes.NewReader(b))
		var se *sav.Error
		if !errors.As(err, &se) {
			t.Errorf("%s: error %v is not a *sav.Error", name, err)
			continue
		}
		golden := strings.TrimSuffix(name, filepath.Ext(name)) + ".golden"
		if os.Getenv("UPDATE_GOLDEN") != "" {
			os.WriteFile(golden, []byte(err.Error()+"\n"), 0o644)
			continue
		}
		want, _ := os.ReadFile(golden)
		if err.Error()+"\n" != string(want) {
			t.Errorf("%s:\n got %s\nwant %s", filepath.Base(name), err, want)
		}
	}
}

func TestBuilderRoundTrip(t *testing.T) {
	rows := [][]any{
		{1.0, "abc", 0.25, nan},
		{2.0, "", -99.0, 151.0},
		{3.0, "a longer string!", 1e300, -1e-300},
		{nan, "x", 152.0, -100.0},
	}
	for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
		for _, compress := range []bool{false, true} {
			for _, unknown := range []bool{false, true} {
				b := &builder{order: order, compress: compress, unknown: unknown, encoding: "UTF-8",
					vars: []bvar{{name: "id"}, {name: "texto_largo", width: 17, label: "Texto"},
						{name: "SSQ_1_pre", missing: []float64{999}}, {name: "RAS_R_12_T1"}},
					rows: rows}
				f, err := sav.Read(bytes.NewReader(b.bytes()))
				if err != nil {
					t.Fatalf("%v compress=%v unknown=%v: %v", order, compress, unknown, err)
				}
				if f.Cases != len(rows) || f.Variables[1].Name != "texto_largo" || f.Variables[1].Width != 17 || f.Variables[1].Label != "Texto" {
					t.Fatalf("%v compress=%v: %d cases, %+v", order, compress, f.Cases, f.Variables[1])
				}
				for c, row := range rows {
					for j, v := range f.Variables {
						if v.Width == 0 {
							if !sameFloat(v.Numeric[c], row[j].(float64)) {
								t.Errorf("%v compress=%v: case %d %s = %v, want %v", order, compress, c+1, v.Name, v.Numeric[c], row[j])
							}
						} else if v.Strings[c] != row[j].(string) {
							t.Errorf("%v compress=%v: case %d %s = %q, want %q", order, compress, c+1, v.Name, v.Strings[c], row[j])
						}
					}
				}
			}
		}
	}
}

func TestAppendNumber(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want string
	}{
		{0, "0"}, {math.Copysign(0, -1), "0"}, {3, "3"}, {-9, "-9"}, {1e10, "10000000000"},
		{0.1, "0.1"}, {12345678.25, "12345678.25"}, {1e-5, "1e-05"}, {1e15, "1e+15"}, {-2.5, "-2.5"},
		{0.0001, "0.0001"}, {123456789012345, "123456789012345"},
	} {
		if got := string(sav.AppendNumber(nil, tc.x)); got != tc.want {
			t.Errorf("AppendNumber(%v) = %q, want %q", tc.x, got, tc.want)
		}
	}
}

func TestRangesAndLongStrings(t *testing.T) {
	// pspp_ranges.sps; PSPP displays the missing values as in want
	// (ranges.sav.pspp.csv), with LO/HI as LOWEST/HIGHEST.
	f := readFile(t, "ranges.sav")
	want := []string{"LOWEST THRU 0", "5 THRU HIGHEST", "1; 2; 3", `"a"; "b"; "c"`, `"NA"`}
	for i, v := range f.Variables {
		if got := v.Missing.String(); got != want[i] {
			t.Errorf("%s: missing %q, want %q", v.Name, got, want[i])
		}
	}
	if a := f.Variables[0].Missing; !math.IsInf(a.Low, -1) || a.High != 0 {
		t.Errorf("a: range %v..%v", a.Low, a.High)
	}
	if len(f.Documents) != 2 || f.Documents[0] != "DOCUMENT Written by pspp_ranges.sps for the pssa .sav reader tests." {
		t.Errorf("documents %q", f.Documents)
	}
	var buf bytes.Buffer
	if err := f.WriteCSV(&buf, sav.CSVOptions{Labels: func(string) bool { return true }}); err != nil {
		t.Fatal(err)
	}
	const wantCSV = "a,b,c,d,e\n,4,,,\n,,,,keep\n1,,,,Does not apply\n2,,4,Dee,NA  x\n"
	if buf.String() != wantCSV {
		t.Errorf("WriteCSV:\n%s\nwant:\n%s", buf.String(), wantCSV)
	}
	var counts []string
	for _, m := range f.MissingCounts() {
		counts = append(counts, m.Variable+":"+strconv.Itoa(m.User)+"/"+strconv.Itoa(m.System))
	}
	if got := strings.Join(counts, " "); got != "a:2/0 b:3/0 c:3/0 d:3/0 e:1/0" {
		t.Errorf("missing counts %s", got)
	}
}

func TestMalformed(t *testing.T) {
	base := func() *builder {
		return &builder{order: binary.LittleEndian, compress: true, encoding: "UTF-8",
			vars: []bvar{{name: "id"}, {name: "texto", width: 8}},
			rows: [][]any{{1.0, "a"}, {2.0, "b"}}}
	}
	good := base().bytes()
	// The data start after the termination record: 999, 0.
	end := bytes.Index(good, []byte{0xe7, 3, 0, 0, 0, 0, 0, 0}) + 8
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"unknown encoding", func() []byte { b := base(); b.encoding = "klingon-8"; return b.bytes() }(),
			`unknown character encoding "klingon-8" in the character encoding record`},
		{"spaces code for a number", func() []byte {
			b := bytes.Clone(good)
			b[end] = 254
			return b
		}(), "code 254 (spaces) for numeric variable id in case 1"},
		{"sysmis code for a string", func() []byte {
			b := bytes.Clone(good)
			b[end+1] = 255
			return b
		}(), "corrupt compressed data near byte"},
		{"fewer cases than declared", func() []byte {
			b := bytes.Clone(good)
			binary.LittleEndian.PutUint32(b[80:], 3)
			return b
		}(), "truncated .sav: the data end at byte"},
		{"end code inside a case", func() []byte {
			b := bytes.Clone(good)
			b[end+1] = 252
			return b
		}(), "the compressed data end (code 252) in the middle of case 1, before variable texto"},
		{"bad layout code", func() []byte {
			b := bytes.Clone(good)
			binary.LittleEndian.PutUint32(b[64:], 7)
			return b
		}(), "unknown layout code 7 at byte 64 (expected 2 or 3)"},
		{"no variables", func() []byte {
			b := bytes.Clone(good[:176])
			return append(b, 0xe7, 3, 0, 0, 0, 0, 0, 0)
		}(), "the dictionary ends at byte 176 without any variable record"},
	} {
		_, err := sav.Read(bytes.NewReader(tc.data))
		var se *sav.Error
		if !errors.As(err, &se) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want a *sav.Error containing %q", tc.name, err, tc.want)
		}
	}
}

func TestWriteCSVLineBreaks(t *testing.T) {
	b := &builder{order: binary.LittleEndian, compress: true, encoding: "UTF-8",
		vars: []bvar{{name: "id"}, {name: "nota", width: 16}},
		rows: [][]any{{1.0, "dos\nlíneas"}, {2.0, "a\r\nb, c"}}}
	f, err := sav.Read(bytes.NewReader(b.bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.WriteCSV(&buf, sav.CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	if want := "id,nota\n1,dos líneas\n2,\"a b, c\"\n"; buf.String() != want {
		t.Errorf("WriteCSV = %q, want %q", buf.String(), want)
	}
}

func TestIsSystemFile(t *testing.T) {
	for _, tc := range []struct {
		head string
		want bool
	}{{"$FL2@(#)", true}, {"$FL3", true}, {"$FL", false}, {"id,grupo", false}, {"", false}} {
		if got := sav.IsSystemFile([]byte(tc.head)); got != tc.want {
			t.Errorf("IsSystemFile(%q) = %v", tc.head, got)
		}
	}
}
