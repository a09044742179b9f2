package dataset_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/pssa-project/pssa/internal/dataset"
)

// dump writes everything Load returns that a command can see: the fatal
// error, or the dataset's rows, groups, lines, every column's values and
// the problems with the cap's count.
func dump(ds *dataset.Dataset, err error) string {
	var b strings.Builder
	if err != nil {
		var fe *dataset.FatalError
		if !errors.As(err, &fe) {
			return fmt.Sprintf("error of type %T: %v", err, err)
		}
		return "fatal: " + err.Error()
	}
	fmt.Fprintf(&b, "delim %q comma %v rows %d groups %q hasGroup %v omitted %d\n", ds.Delimiter, ds.DecimalComma, ds.Rows(), ds.GroupNames, ds.HasGroup, ds.Omitted)
	for _, p := range ds.Problems {
		fmt.Fprintf(&b, "problem %v %q\n", p.Warning, p.String())
	}
	if e := ds.Err(); e != nil {
		fmt.Fprintf(&b, "err %s\n", e)
	}
	for i := 0; i < ds.Rows(); i++ {
		fmt.Fprintf(&b, "row %d %q %q %d line %d\n", i, ds.ID(i), ds.Group(i), ds.GroupIndex(i), ds.Line(i))
	}
	for _, c := range ds.Columns {
		fmt.Fprintf(&b, "column %q %d %d:", c.Name, c.Index, c.Kind)
		if c.Kind == dataset.KindExtra {
			fmt.Fprintf(&b, " %d values", c.Text.Len())
			for i := 0; i < c.Text.Len(); i++ {
				fmt.Fprintf(&b, " %q", c.Text.At(i))
			}
		} else {
			fmt.Fprintf(&b, " %d values", c.Len())
			for i := 0; i < ds.Rows(); i++ {
				fmt.Fprintf(&b, " %x", math.Float64bits(c.Value(i)))
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// loadBoth loads data the serial way and with blocks of the given sizes,
// and fails the test when any load differs from the serial one.
func loadBoth(t *testing.T, data []byte, opt dataset.Options, sizes ...int) {
	t.Helper()
	serial := opt
	dataset.ChunkBytes(&serial, -1)
	want := dump(dataset.Load(bytes.NewReader(data), "f.csv", serial))
	for _, n := range sizes {
		o := opt
		dataset.ChunkBytes(&o, n)
		got := dump(dataset.Load(bytes.NewReader(data), "f.csv", o))
		if got != want {
			t.Fatalf("blocks of %d bytes: the load differs from the serial one\ninput %q\n%s", n, clipDiff(data), firstDiff(want, got))
		}
	}
}

func clipDiff(b []byte) []byte {
	if len(b) > 2000 {
		return b[:2000]
	}
	return b
}

// firstDiff shows the first line where two dumps differ.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\nserial  %.400s\nblocks  %.400s", i+1, a, b)
		}
	}
	return ""
}

// chunkSizes cut files at many places: blocks of a few lines, of one line,
// and lines longer than a block.
var chunkSizes = []int{1, 7, 16, 61, 256, 4096}

// mutations are what the plain path must hand to the serial one (or parse
// as it does) when they appear anywhere in a file.
var mutations = []func(r *rand.Rand, lines []string, i int){
	func(r *rand.Rand, l []string, i int) { l[i] += "\r" },                            // CRLF
	func(r *rand.Rand, l []string, i int) { l[i] = "" },                               // blank line
	func(r *rand.Rand, l []string, i int) { l[i] = strings.Repeat(",", r.IntN(3)+2) }, // empty row
	func(r *rand.Rand, l []string, i int) { l[i] = `"` + l[i] + `"` },                 // a quoted field
	func(r *rand.Rand, l []string, i int) { l[i] = strings.Replace(l[i], ",", `,"`, 1) },
	func(r *rand.Rand, l []string, i int) { l[i] += "," }, // ragged
	func(r *rand.Rand, l []string, i int) { l[i] = strings.Replace(l[i], ",", ";", 2) },
	func(r *rand.Rand, l []string, i int) { l[i] = strings.Replace(l[i], ",", ",9", 3) }, // out of range
	func(r *rand.Rand, l []string, i int) { l[i] = strings.Replace(l[i], ",", ",x", 2) },
	func(r *rand.Rand, l []string, i int) { _, rest, _ := strings.Cut(l[i], ","); l[i] = "," + rest }, // empty id
	func(r *rand.Rand, l []string, i int) { l[i] = strings.Replace(l[i], ",G", ",NA", 1) },            // missing group
	func(r *rand.Rand, l []string, i int) { l[i] = strings.Replace(l[i], ",", ",\r", 1) },             // CR inside
	func(r *rand.Rand, l []string, i int) { l[i] = strings.Replace(l[i], ",", ", ", 4) },
	func(r *rand.Rand, l []string, i int) {
		l[i] = strings.Replace(l[i], ",G", fmt.Sprintf(",g%d", r.IntN(5)), 1)
	},
	func(r *rand.Rand, l []string, i int) { l[i] += "\r\r" },
	func(r *rand.Rand, l []string, i int) { l[i] = "\ufeff" + l[i] },
	func(r *rand.Rand, l []string, i int) { l[i] = "  ,  ,\t" },
	func(r *rand.Rand, l []string, i int) { l[i] = strings.Replace(l[i], `"`, ``, 2) },
	func(r *rand.Rand, l []string, i int) { l[i] = strings.Replace(l[i], `"`, `" `, 1) },
	func(r *rand.Rand, l []string, i int) { l[i] = strings.Replace(l[i], `",`, `"x,`, 1) },
	func(r *rand.Rand, l []string, i int) { l[i] = strings.Replace(l[i], `"`, `""`, 1) },
}

// oddCells are item cells the plain path's own loop does not read (or
// reads only in some columns): outside a range, a missing-value code,
// leading zeros, spaces, signs, decimals, three digits, text.
var oddCells = []string{"0", "8", "9", "07", "00", "10", "11", "99", "100", "120", "009", " 3", "3 ", " ", "+3", "-1", "3.0", "3,0", "1e0", "NA", "na", ".", "x", "3x", "٣"}

// mutated returns a generated wide file (ids, groups, an extra text
// column, items, COPM ratings and a pre-scored scale) with a few random
// mutations.
func mutated(r *rand.Rand) []byte {
	rows := r.IntN(60)
	header := []string{"id", "group", "site", "SWLS_1_T1", "SWLS_2_T1", "SWLS_3_T1", "SWLS_4_T1", "SWLS_5_T1", "SWLS_TOTAL_T2", "COPM_PERF_FINDWORK_T1", "COPM_SAT_FINDWORK_T1"}
	perm := r.Perm(len(header))
	join := func(f []string) string {
		out := make([]string, len(f))
		for i, p := range perm {
			out[i] = f[p]
		}
		return strings.Join(out, ",")
	}
	// As R's write.csv writes them: the header and text quoted.
	quoteText := r.IntN(3) == 0
	q := func(f []string, n int) []string {
		if quoteText {
			for i := range n {
				f[i] = `"` + f[i] + `"`
			}
		}
		return f
	}
	lines := []string{join(q(slices.Clone(header), len(header)))}
	sites := []string{"", "s", "ss", "a,b", " x ", `a""b`, "a\nb", "NA"}
	for i := range rows {
		site := sites[r.IntN(len(sites))]
		if !quoteText {
			site = strings.Repeat("s", r.IntN(4))
		}
		f := q([]string{fmt.Sprintf("P%d", i), fmt.Sprintf("G%d", r.IntN(3)), site}, 3)
		cell := func(hi int) string {
			switch k := r.IntN(24); {
			case k < 3:
				return ""
			case k == 3:
				return oddCells[r.IntN(len(oddCells))]
			}
			return fmt.Sprint(1 + r.IntN(hi))
		}
		for range 5 {
			f = append(f, cell(7))
		}
		f = append(f, fmt.Sprint(5+r.IntN(31)), cell(10), cell(10))
		lines = append(lines, join(f))
	}
	for range r.IntN(4) {
		if len(lines) > 1 {
			mutations[r.IntN(len(mutations))](r, lines, 1+r.IntN(len(lines)-1))
		}
	}
	data := strings.Join(lines, "\n")
	if r.IntN(3) > 0 {
		data += "\n"
	}
	if r.IntN(5) == 0 {
		data = strings.ReplaceAll(data, "\n", "\r\n")
	}
	return []byte(data)
}

// TestPlainPathMatchesSerial: the plain-file path reads generated files,
// cut into blocks at many places, as the serial path does (values, lines,
// groups, problems in order and the cap's count).
func TestPlainPathMatchesSerial(t *testing.T) {
	s := schema(t)
	r := rand.New(rand.NewPCG(16, 1))
	// SWLS items stored an int8 a row (a range of more than 15 values).
	wideRange := rangeSchema{Schema: s, code: "SWLS", min: 0, max: 100}
	for range 400 {
		data := mutated(r)
		loadBoth(t, data, dataset.Options{Schema: s}, chunkSizes...)
		loadBoth(t, data, dataset.Options{Schema: s, MaxProblems: 2, SizeHint: int64(len(data))}, chunkSizes...)
		// Numeric missing-value codes that are also responses.
		loadBoth(t, data, dataset.Options{Schema: s, Missing: []string{"9", "07", "x"}}, 7, 4096)
		loadBoth(t, data, dataset.Options{Schema: wideRange, Missing: []string{"99"}}, 16, 4096)
	}
	// Registry-like files: lines longer than a word of field ends (64
	// bytes), with runs of empty and one-digit cells across words, some
	// cells made odd.
	for trial := range 40 {
		lines := strings.Split(string(registryLike(50+r.IntN(200))), "\n")
		for i := 1; i < len(lines)-1; i++ {
			if r.IntN(3) > 0 {
				continue
			}
			f := strings.Split(lines[i], ",")
			for range 1 + r.IntN(4) {
				k := 2 + r.IntN(len(f)-2)
				switch r.IntN(3) {
				case 0:
					f[k] = oddCells[r.IntN(len(oddCells))]
				case 1:
					f[k] = ""
				default:
					f[k] = fmt.Sprint(r.IntN(11))
				}
			}
			lines[i] = strings.Join(f, ",")
		}
		data := []byte(strings.Join(lines, "\n"))
		loadBoth(t, data, dataset.Options{Schema: s, MaxProblems: 1 + trial%5}, 61, 256, 4096, 1<<16)
		loadBoth(t, data, dataset.Options{Schema: wideRange, Missing: []string{"9"}}, 4096)
	}
	// The benchmark's file, and one with a quote late.
	wide := wideCSV(3000)
	loadBoth(t, wide, dataset.Options{Schema: s, SizeHint: int64(len(wide))}, 1000, 1<<14, 1<<20)
	loadBoth(t, wide, dataset.Options{Schema: s, SizeHint: int64(len(wide)) / 3}, 1<<14)
	late := append(bytes.Clone(wide), "P9999999,\"G1\""+strings.Repeat(",1", 156)+"\n"...)
	loadBoth(t, late, dataset.Options{Schema: s}, 1000, 1<<14)
	// A read error after whole blocks.
	for _, n := range []int{8, 64, 1 << 14} {
		o := dataset.Options{Schema: s}
		dataset.ChunkBytes(&o, n)
		_, err := dataset.Load(&failAfter{data: wide[:len(wide)/2]}, "f.csv", o)
		if err == nil || !strings.Contains(err.Error(), "f.csv: cannot read: input/output error") {
			t.Errorf("blocks of %d: got %v", n, err)
		}
	}
}

// rangeSchema is a schema with one instrument's response range changed.
type rangeSchema struct {
	dataset.Schema
	code     string
	min, max float64
}

func (s rangeSchema) Instrument(code string) (*dataset.Instrument, bool) {
	in, ok := s.Schema.Instrument(code)
	if ok && in.Code == s.code {
		c := *in
		c.Min, c.Max = s.min, s.max
		return &c, true
	}
	return in, ok
}

// failAfter reads data, then fails.
type failAfter struct{ data []byte }

func (f *failAfter) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, errReadFailed
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

// FuzzPlainPath: any input loads the same through the plain-file path, cut
// into small blocks, as through the serial path.
func FuzzPlainPath(f *testing.F) {
	seedFiles(f, "plain")
	seedFiles(f, "load")
	s := schema(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		loadBoth(t, data, dataset.Options{Schema: s}, 1, 16, 61)
		loadBoth(t, data, dataset.Options{Schema: s, MaxProblems: 1, Missing: []string{"9"}, SizeHint: int64(len(data))}, 23)
	})
}
