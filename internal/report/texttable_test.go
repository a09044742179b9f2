package report

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

// renderTextPlain is renderText with every table drawn by
// tablewriter.Table.Render, as before the direct Blueprint path: the
// reference the direct path must match byte for byte.
func renderTextPlain(doc *Document) []byte {
	var buf bytes.Buffer
	tbl := newPlainTable(&buf)
	for i, t := range doc.Tables {
		if i > 0 {
			fmt.Fprintln(&buf)
		}
		if t.Title != "" {
			fmt.Fprintln(&buf, t.Title)
		}
		if i > 0 {
			tbl.Reset()
		}
		if err := renderPlainTable(tbl, &t); err != nil {
			panic(err)
		}
		for _, n := range t.Notes {
			fmt.Fprintln(&buf, wrap(n, 100))
		}
	}
	return buf.Bytes()
}

// cellPool is what generated tables are made of: pssa's own cells (numbers,
// p-values, arrows, minus signs, CIs), and text a user's file can bring into
// a table (group and column names): accents, CJK and other wide characters,
// emoji, combining and zero-width characters, spaces tablewriter trims, and
// the characters that send a table to the general path (newline, tab, an
// escape sequence).
var cellPool = []string{
	"", " ", "  padded  ", "x", "Scale", "T1 M (SD)", "61.17 (16.37)", "[−0.02, 1.11]", "+5.36", "↑", "↓", "Δ",
	"Pär", "Ünïcødé", "患者", "患者さん", "Ωμέγα ☃", "😀 ok", "e\u0301te\u0301", "zero\u200bwidth", "\u00a0nbsp\u00a0",
	"ＡＢＣ full", "…", "–", "'=HYPERLINK(x)", "a much longer cell that is wider than the others in its column",
	"한국어", "ไทย", "עברית", "·", "≥ 0.80", "χ²(2)",
}

var controlPool = []string{"two\nlines", "tab\there", "\x1b[31mred\x1b[0m", "cr\r", "del\x7f"}

func genTable(r *rand.Rand, control bool) Table {
	pick := func() string {
		if control && r.IntN(8) == 0 {
			return controlPool[r.IntN(len(controlPool))]
		}
		return cellPool[r.IntN(len(cellPool))]
	}
	ncol := 1 + r.IntN(8)
	if r.IntN(20) == 0 {
		ncol = 0
	}
	t := Table{Title: pick()}
	for j := 0; j < ncol; j++ {
		t.Columns = append(t.Columns, pick())
	}
	nrow := r.IntN(7)
	for i := 0; i < nrow; i++ {
		n := ncol
		if control && r.IntN(10) == 0 {
			n = r.IntN(ncol + 2) // ragged
		}
		row := make([]Cell, n)
		for j := range row {
			switch r.IntN(6) {
			case 0:
				row[j] = N(r.NormFloat64()*100, r.IntN(4))
			case 1:
				row[j] = P(r.Float64() / 10)
				row[j].Star = r.IntN(2) == 0
			case 2:
				row[j] = I(r.IntN(2000) - 100)
			case 3:
				row[j] = N(math.NaN(), 2)
				row[j].Note = pick()
			default:
				row[j] = T(pick())
			}
		}
		t.Rows = append(t.Rows, row)
	}
	for k := r.IntN(3); k > 0; k-- {
		t.Notes = append(t.Notes, pick()+" "+cellPool[len(cellPool)-1]+" note text that goes on for a while, longer than one line of a hundred characters, so that it wraps")
	}
	return t
}

// TestBoxTablesMatchTablewriter compares renderText with the plain
// tablewriter path on generated documents, in tablewriter's three width
// settings: the default, East Asian (ambiguous characters such as box
// drawing and arrows are two columns wide: LANG=ja_JP.UTF-8 or
// RUNEWIDTH_EASTASIAN=1) and East Asian with narrow borders (the same in a
// terminal tablewriter takes for modern).
func TestBoxTablesMatchTablewriter(t *testing.T) {
	origEA := twwidth.IsEastAsian()
	origNarrow := origEA && twwidth.Width("─") == 1
	defer twwidth.SetOptions(twwidth.Options{EastAsianWidth: origEA, ForceNarrowBorders: origNarrow})

	modes := []struct {
		name string
		opts twwidth.Options
	}{
		{"narrow", twwidth.Options{}},
		{"east-asian", twwidth.Options{EastAsianWidth: true}},
		{"east-asian-narrow-borders", twwidth.Options{EastAsianWidth: true, ForceNarrowBorders: true}},
	}
	for _, m := range modes {
		twwidth.SetOptions(m.opts)
		r := rand.New(rand.NewPCG(17, 1))
		for d := 0; d < 300; d++ {
			doc := &Document{}
			for k := 1 + r.IntN(4); k > 0; k-- {
				doc.Tables = append(doc.Tables, genTable(r, d%2 == 1))
			}
			want := renderTextPlain(doc)
			var got bytes.Buffer
			if err := renderText(&got, doc); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Fatalf("%s, document %d: direct path\n%s\ntablewriter.Table\n%s", m.name, d, got.Bytes(), want)
			}
			// The same with the data rows written by Blueprint.Row.
			bt := newBoxTables()
			bt.blueprintRows = true
			got.Reset()
			if err := bt.document(&got, doc); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Fatalf("%s, document %d: Blueprint rows\n%s\ntablewriter.Table\n%s", m.name, d, got.Bytes(), want)
			}
		}
	}
}

// TestBoxTablesEdgeCases names the tables the generator may miss.
func TestBoxTablesEdgeCases(t *testing.T) {
	docs := map[string]Table{
		"no rows":           {Columns: []string{"Scale", "n"}},
		"no columns":        {},
		"one empty column":  {Columns: []string{""}, Rows: [][]Cell{{T("")}}},
		"empty header":      {Columns: []string{"", ""}, Rows: [][]Cell{{T("a"), T("")}}},
		"all-space cells":   {Columns: []string{"  "}, Rows: [][]Cell{{T("   ")}}},
		"wide header":       {Columns: []string{"患者さんの数"}, Rows: [][]Cell{{I(3)}}},
		"ragged long row":   {Columns: []string{"a"}, Rows: [][]Cell{{T("1"), T("2")}}},
		"ragged short row":  {Columns: []string{"a", "b"}, Rows: [][]Cell{{T("1")}}},
		"multi-line header": {Columns: []string{"a\nb"}, Rows: [][]Cell{{T("1")}}},
		"same headers":      {Columns: []string{"T1", "T1", "T1"}, Rows: [][]Cell{{T("1"), T("1"), T("1")}}},
	}
	for name, tab := range docs {
		doc := &Document{Tables: []Table{tab, tab}}
		var got bytes.Buffer
		if err := renderText(&got, doc); err != nil {
			t.Fatal(err)
		}
		if want := renderTextPlain(doc); !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: direct path\n%s\ntablewriter.Table\n%s", name, got.Bytes(), want)
		}
	}
}

// benchDoc is a document the size of analyze's on testdata/example.csv:
// 30 tables, about 7,000 cells.
func benchDoc() *Document {
	r := rand.New(rand.NewPCG(1, 2))
	doc := &Document{}
	for k := 0; k < 30; k++ {
		t := Table{Title: fmt.Sprintf("Table %d", k), Columns: []string{"Scale", "", "Times", "n", "M from", "M to", "Δ", "V", "Z", "p", "d_z", "95% CI"}}
		for i := 0; i < 20; i++ {
			t.Rows = append(t.Rows, []Cell{T("RAS-R PCH"), T("↑"), T("T1–T2"), I(r.IntN(20)), N(r.Float64()*100, 2), N(r.Float64()*100, 2),
				N(r.NormFloat64(), 2), N(r.Float64()*90, 1), N(r.Float64()*3, 2), P(r.Float64()), N(r.Float64(), 2), T("[−0.02, 1.11]")})
		}
		t.Notes = []string{"Wilcoxon signed-rank tests; p two-sided; d_z with a bootstrap 95% CI."}
		doc.Tables = append(doc.Tables, t)
	}
	return doc
}

func BenchmarkRenderText(b *testing.B) {
	doc := benchDoc()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := renderText(&buf, doc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderTextPlain(b *testing.B) {
	doc := benchDoc()
	for b.Loop() {
		renderTextPlain(doc)
	}
}

// TestRenderTextConcurrent renders from several goroutines at once (the
// Blueprint and its buffers are per call; twwidth's settings are global):
// run with -race.
func TestRenderTextConcurrent(t *testing.T) {
	doc := benchDoc()
	want := renderTextPlain(doc)
	errs := make(chan error, 4)
	for g := 0; g < 4; g++ {
		go func() {
			var buf bytes.Buffer
			err := renderText(&buf, doc)
			if err == nil && !bytes.Equal(buf.Bytes(), want) {
				err = fmt.Errorf("concurrent render differs from tablewriter.Table's")
			}
			errs <- err
		}()
	}
	for g := 0; g < 4; g++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
