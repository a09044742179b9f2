package dataset_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/pssa-project/pssa/internal/scoring"

	"github.com/pssa-project/pssa/instruments"
	"github.com/pssa-project/pssa/internal/dataset"
)

func schema(t testing.TB) dataset.Schema {
	t.Helper()
	r, err := instruments.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return scoring.Schema{Registry: r}
}

func loadString(t *testing.T, s string, opt dataset.Options) (*dataset.Dataset, error) {
	t.Helper()
	if opt.Schema == nil {
		opt.Schema = schema(t)
	}
	return dataset.Load(strings.NewReader(s), "f.csv", opt)
}

func TestFormats(t *testing.T) {
	cases := []struct {
		name, src string
		delim     rune
		want      []float64 // SWLS_1_T1 by row
	}{
		{"comma", "id,group,SWLS_1_T1\na,X,3\nb,X,\n", ',', []float64{3, math.NaN()}},
		{"semicolon decimal comma BOM CRLF", "\ufeffid;group;SWLS_TOTAL_T1\r\na;X;26,5\r\nb;X;NA\r\n", ';', []float64{26.5, math.NaN()}},
		{"tab", "id\tgroup\tswls_1_t01\na\tX\t7\n", '\t', []float64{7}},
		{"quoted fields", "id,group,SWLS_1_T1,note\n\"a\",\"X\",\"4\",\"hello, world\"\n", ',', []float64{4}},
		{"missing codes", "id,group,SWLS_1_T1\na,X,N/A\nb,X,.\nc,X,-9\n", ',', []float64{math.NaN(), math.NaN(), math.NaN()}},
		{"trailing blank rows", "id;group;SWLS_1_T1\na;X;2\n;;\n;;\n", ';', []float64{2}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds, err := loadString(t, c.src, dataset.Options{Missing: []string{"-9"}})
			if err != nil {
				t.Fatal(err)
			}
			if err := ds.Err(); err != nil {
				t.Fatal(err)
			}
			if ds.Delimiter != c.delim {
				t.Errorf("delimiter %q, want %q", ds.Delimiter, c.delim)
			}
			var col *dataset.Column
			for _, cc := range ds.Columns {
				if cc.Instrument == "SWLS" {
					col = cc
				}
			}
			if ds.Rows() != len(c.want) {
				t.Fatalf("rows = %d, want %d", ds.Rows(), len(c.want))
			}
			for i, w := range c.want {
				if g := col.Value(i); !(g == w || math.IsNaN(g) && math.IsNaN(w)) {
					t.Errorf("row %d = %v, want %v", i, g, w)
				}
			}
		})
	}
}

func TestGroupDefaultsToAll(t *testing.T) {
	ds, err := loadString(t, "id,SSQ_1_T1\na,3\n", dataset.Options{})
	if err != nil || ds.Err() != nil {
		t.Fatal(err, ds.Err())
	}
	if ds.Group(0) != "all" || ds.HasGroup {
		t.Errorf("groups %v", ds.GroupNames)
	}
}

// Every error message of the loader, with its location.
func TestProblems(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"duplicate id", "id,group\na,X\na,X\n", `f.csv: line 3, column "id": duplicate id "a" (first on line 2)`},
		{"empty id", "id,group\n ,X\n", `f.csv: line 2, column "id": empty id (every row needs a unique id)`},
		{"missing group", "id,group\na,\n", `f.csv: line 2, column "group": missing group "" (every row needs a group label, e.g. PSW, SU, MHP)`},
		{"no id column", "name,group\na,X\n", `f.csv: line 1, no id column (the header has "name", "group"; expected a column named id, or name yours with --id COLUMN)`},
		{"unknown prefix with hint", "id,CAM_1_T1\na,1\n", `f.csv: line 1, column "CAM_1_T1": unknown instrument "CAM" (known: SSQ, SWLS, EMAS, RAS-R, COPM, CAMI); did you mean CAMI?; define it with --instruments, or rename the column if it is not an instrument column`},
		{"item beyond count", "id,SWLS_6_T1\na,1\n", `f.csv: line 1, column "SWLS_6_T1": item 6 is beyond SWLS (variant original-7)'s 5 items (expected 1..5)`},
		{"item zero", "id,SWLS_0_T1\na,1\n", `item 0 is beyond SWLS (variant original-7)'s 5 items (expected 1..5)`},
		{"unknown scale", "id,RAS-R_PHC_T1\na,1\n", `"PHC" is neither an item number nor a scale of RAS-R (variant corrigan-24) (scales: GSO, NDS, PCH, RO, TOTAL, WAH); did you mean PCH?`},
		{"bad COPM", "id,COPM_PERFORM_X_T1\na,1\n", `COPM columns are COPM_PERF_<PROBLEM>_<TIME>`},
		{"non-numeric", "id,SSQ_1_T1\na,abc\n", `f.csv: line 2, column "SSQ_1_T1": value "abc" is not a number`},
		{"non-integer", "id,SSQ_1_T1\na,3.5\n", `f.csv: line 2, column "SSQ_1_T1": value "3.5" is not a whole number (SSQ (variant provisional-14) items take whole numbers 1..7)`},
		{"out of range", "id,CAMI_07_T1\na,6\n", `f.csv: line 2, column "CAMI_07_T1": value "6" is outside 1..5, the response range of CAMI (variant interleaved) items`},
		{"COPM rating range", "id,COPM_PERF_WORK_T1\na,11\n", `value "11" is outside 1..10, the response range of COPM ratings`},
		{"scale range", "id,SWLS_TOTAL_T1\na,36\n", `f.csv: line 2, column "SWLS_TOTAL_T1": value "36" is outside 5..35, the range of SWLS (variant original-7) TOTAL`},
		{"ragged row", "id,group\na,X,extra\n", `f.csv: line 2, the row has 3 fields, the header has 2 (a missing or extra delimiter?)`},
		{"duplicate column case", "id,SSQ_1_T1,ssq_1_t1\na,1,1\n", `f.csv: line 1, column "ssq_1_t1": duplicate column (column 2 and column 3, "SSQ_1_T1" and "ssq_1_t1" differ only in case)`},
		{"empty column name", "id,,x\na,1,2\n", `f.csv: line 1, column 2 has an empty name`},
		{"header only", "id,group\n", `f.csv: the file has a header but no data rows`},
		{"NaN", "id,SSQ_1_T1\na,NaN\n", `value "NaN" is not a number`},
		{"Inf", "id,SWLS_TOTAL_T1\na,Inf\n", `value "Inf" is not a number`},
		{"1e309", "id,SWLS_TOTAL_T1\na,1e309\n", `value "1e309" is not a finite number (too large)`},
		{"comma decimal in comma file", "id,group,SWLS_TOTAL_T1\na,X,\"26,5\"\n", `a comma is a decimal separator only in files delimited by ';' or tabs`},
		{"thousands", "id;SWLS_TOTAL_T1\na;1.026,5\n", `thousands separators are not read`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds, err := loadString(t, c.src, dataset.Options{})
			if err != nil {
				t.Fatal(err)
			}
			e := ds.Err()
			if e == nil || !strings.Contains(e.Error(), c.want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", e, c.want)
			}
		})
	}
}

func TestFatal(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"empty", "", "f.csv: the file is empty (expected a header line with an id column)"},
		{"blank", "\n\n  \n", "f.csv: the file is empty"},
		{"binary", "\x00\x01\x02garbage", "f.csv: line 1, the file holds NUL bytes: it is binary or UTF-16 without a byte order mark"},
		{"zip", "PK\x03\x04\x00\x00", "f.csv: line 1, the file is a zip archive (an .xlsx or .ods?)"},
		{"unterminated quote", "id,group\n\"a,X\n", "f.csv: line 2, character 5: extraneous or missing \" in quoted-field (a quote that is never closed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := loadString(t, c.src, dataset.Options{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error = %v, want %q", err, c.want)
			}
		})
	}
}

// The list of errors is capped, the rest counted.
func TestProblemCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,SSQ_1_T1\n")
	for i := 0; i < 150; i++ {
		b.WriteString("x,9\n")
	}
	ds, err := loadString(t, b.String(), dataset.Options{MaxProblems: 20})
	if err != nil {
		t.Fatal(err)
	}
	pe := ds.Err().(*dataset.ProblemsError)
	if len(pe.Problems) != 20 || pe.Omitted != 150+149-20 {
		t.Errorf("listed %d, omitted %d", len(pe.Problems), pe.Omitted)
	}
	if !strings.HasPrefix(pe.Error(), "f.csv: 299 errors\n") || !strings.HasSuffix(pe.Error(), "... and 279 more") {
		t.Errorf("message %q", pe.Error()[:40])
	}
}

func TestParseNumber(t *testing.T) {
	ok := map[string]float64{"3": 3, "-2.5": -2.5, "+4": 4, "1e3": 1000, "-0": 0, ".5": 0.5, "5.": 5, "1E-2": 0.01}
	for s, want := range ok {
		got, err := dataset.ParseNumber(s, false)
		if err != nil || got != want || math.Signbit(got) != math.Signbit(want) {
			t.Errorf("ParseNumber(%q) = %v, %v", s, got, err)
		}
	}
	if v, err := dataset.ParseNumber("26,57", true); err != nil || v != 26.57 {
		t.Errorf("decimal comma: %v %v", v, err)
	}
	for _, s := range []string{"", "abc", "1.2.3", "0x10", "1_000", "Infinity", "nan", "1e", "e5", "--1", "1,5", " 1", "1e400"} {
		if _, err := dataset.ParseNumber(s, false); err == nil {
			t.Errorf("ParseNumber(%q) accepted", s)
		}
	}
}

type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n > 0 {
		f.n = 0
		return copy(p, "id,group\nP1,X\n"), nil
	}
	return 0, errReadFailed
}

var errReadFailed = errors.New("input/output error")

// A read that fails part-way is reported, never taken for the end of file.
func TestReadError(t *testing.T) {
	_, err := dataset.Load(&failingReader{n: 1}, "f.csv", dataset.Options{Schema: schema(t)})
	if err == nil || !strings.Contains(err.Error(), "f.csv: cannot read: input/output error") {
		t.Errorf("got %v", err)
	}
}

// TestDropIDs: after DropIDs the row count, groups and responses stay and
// ID is empty.
func TestDropIDs(t *testing.T) {
	ds, err := loadString(t, "id,group,SWLS_1_T1\na,PSW,3\nb,SU,\nc,SU,7\n", dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ds.ID(1) != "b" {
		t.Fatalf("before: id %q", ds.ID(1))
	}
	ds.DropIDs()
	if ds.Rows() != 3 || ds.ID(1) != "" || ds.Group(2) != "SU" || ds.Columns[0].Value(2) != 7 {
		t.Fatalf("after DropIDs: %d rows, id %q, group %q, value %v", ds.Rows(), ds.ID(1), ds.Group(2), ds.Columns[0].Value(2))
	}
	ds.DropIDs()
	if ds.Rows() != 3 {
		t.Fatalf("a second DropIDs: %d rows", ds.Rows())
	}
}

// TestDuplicateIDsAsSorting: the hash-table check of duplicate ids gives
// the problems the stable sort of the ids gave (which duplicates are kept
// under the cap, their order, the first line named), on random files.
func TestDuplicateIDsAsSorting(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for trial := 0; trial < 300; trial++ {
		rows := 1 + r.IntN(60)
		pool := 1 + r.IntN(rows+3)
		var b strings.Builder
		b.WriteString("id,group,SWLS_1_T1\n")
		ids := make([]string, rows)
		for i := range ids {
			ids[i] = fmt.Sprintf("P%d", r.IntN(pool))
			if r.IntN(15) == 0 {
				ids[i] = fmt.Sprintf("P%d ", r.IntN(pool)) // trimmed: the same id
			}
			fmt.Fprintf(&b, "%s,G,%d\n", ids[i], 1+r.IntN(7))
		}
		cap := 1 + r.IntN(8)
		ds, err := loadString(t, b.String(), dataset.Options{MaxProblems: cap})
		if err != nil {
			t.Fatal(err)
		}
		// The reference: rows stably sorted by id; each row after the
		// first of its id is a duplicate, added in that order under the
		// cap, then kept in line order.
		idx := make([]int, rows)
		for i := range idx {
			idx[i] = i
			ids[i] = strings.TrimSpace(ids[i])
		}
		sort.SliceStable(idx, func(a, b int) bool { return ids[idx[a]] < ids[idx[b]] })
		var want []string
		first := map[string]int{}
		for _, i := range idx {
			f, seen := first[ids[i]]
			if !seen {
				first[ids[i]] = i
				continue
			}
			if len(want) < cap {
				want = append(want, fmt.Sprintf("f.csv: line %d, column \"id\": duplicate id %q (first on line %d)", i+2, ids[i], f+2))
			}
		}
		sort.SliceStable(want, func(a, b int) bool { return lineOf(want[a]) < lineOf(want[b]) })
		var got []string
		for _, p := range ds.Problems {
			got = append(got, p.String())
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("trial %d (cap %d):\ngot  %q\nwant %q", trial, cap, got, want)
		}
	}
}

func lineOf(s string) int {
	var n int
	fmt.Sscanf(s[strings.Index(s, "line ")+5:], "%d", &n)
	return n
}
