package dataset_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/pssa-project/pssa/internal/dataset"
)

// TestLoadBlocksAsLoad checks that the blocks LoadBlocks hands over, put end
// to end, are the rows Load reads (ids, groups, lines and every column's
// values), and that the problems are Load's, on generated files spanning
// many blocks (duplicate ids far apart, blank lines, records over several
// lines, bad cells past the cap) and on the bad-input corpus.
func TestLoadBlocksAsLoad(t *testing.T) {
	inputs := map[string][]byte{"wide": wideCSV(5000)}
	var b bytes.Buffer
	b.WriteString("id,group,note,SWLS_1_T1,SWLS_2_T1,SWLS_TOTAL_T1\n")
	for i := 0; i < 6000; i++ {
		id := fmt.Sprintf("P%d", i)
		switch i {
		case 4100, 5999:
			id = "P7"
		case 300:
			id = ""
		}
		note := "n"
		if i%700 == 0 {
			note = "\"two\nlines, \"\"q\"\"\""
		}
		v := fmt.Sprint(1 + i%7)
		if i%900 == 0 {
			v = "x"
		}
		fmt.Fprintf(&b, "%s,G%d,%s,%s,%d,%d\n", id, i%5, note, v, 1+i%6, 20)
		if i%1500 == 0 {
			b.WriteString("\n,,,,,\n")
		}
	}
	inputs["messy"] = b.Bytes()
	var many bytes.Buffer
	many.WriteString("id,group,SWLS_1_T1\n")
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&many, "P%d,G,%d\n", i, 9)
	}
	inputs["many errors"] = many.Bytes()
	var long bytes.Buffer
	long.WriteString("id,group,time,item,value\n")
	for i := 0; i < 2049; i++ {
		for _, tm := range []string{"T1", "T2"} {
			for k := 1; k <= 5; k++ {
				if (i+k)%11 != 0 {
					fmt.Fprintf(&long, "L%d,G%d,%s,SWLS_%d,%d\n", i, i%2, tm, k, 1+(i+k)%7)
				}
			}
		}
	}
	inputs["long"] = long.Bytes()
	files, _ := filepath.Glob("../../testdata/bad/*.csv")
	files = append(files, "../../testdata/example.csv", "../../testdata/study/long.csv")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue // a-directory.csv
		}
		inputs[f] = data
	}
	for name, data := range inputs {
		t.Run(name, func(t *testing.T) {
			opt := dataset.Options{Schema: schema(t), SizeHint: int64(len(data))}
			want, werr := dataset.Load(bytes.NewReader(data), "f.csv", opt)
			var ids, groups []string
			var lines []int
			values := map[string][]string{}
			got, gerr := dataset.LoadBlocks(bytes.NewReader(data), "f.csv", opt, func(blk *dataset.Dataset) error {
				for i := 0; i < blk.Rows(); i++ {
					ids = append(ids, blk.ID(i))
					groups = append(groups, blk.Group(i))
					lines = append(lines, blk.Line(i))
				}
				for _, c := range blk.Columns {
					for i := 0; i < blk.Rows(); i++ {
						values[c.Name] = append(values[c.Name], cell(c, i))
					}
				}
				return nil
			})
			var wf, gf *dataset.FatalError
			if errors.As(werr, &wf) || errors.As(gerr, &gf) {
				if fmt.Sprint(werr) != fmt.Sprint(gerr) {
					t.Fatalf("errors differ: Load %v, LoadBlocks %v", werr, gerr)
				}
				return
			}
			if werr != nil || gerr != nil {
				t.Fatalf("Load %v, LoadBlocks %v", werr, gerr)
			}
			t.Logf("%d rows (%s), %d problems", want.Rows(), want.Layout, len(want.Problems))
			if fmt.Sprint(want.Problems) != fmt.Sprint(got.Problems) || want.Omitted != got.Omitted {
				t.Errorf("problems differ:\nLoad       %v (+%d)\nLoadBlocks %v (+%d)", want.Problems, want.Omitted, got.Problems, got.Omitted)
			}
			if fmt.Sprint(want.Err()) != fmt.Sprint(got.Err()) {
				t.Errorf("Err differs:\n%v\n%v", want.Err(), got.Err())
			}
			if len(ids) != want.Rows() || got.Rows() != want.Rows() {
				t.Fatalf("%d rows in blocks, %d kept, Load %d", len(ids), got.Rows(), want.Rows())
			}
			for i := 0; i < want.Rows(); i++ {
				if ids[i] != want.ID(i) || groups[i] != want.Group(i) || lines[i] != want.Line(i) || got.ID(i) != want.ID(i) {
					t.Fatalf("row %d: %q %q line %d, Load %q %q line %d", i, ids[i], groups[i], lines[i], want.ID(i), want.Group(i), want.Line(i))
				}
			}
			for _, c := range want.Columns {
				var w []string
				for i := 0; i < want.Rows(); i++ {
					w = append(w, cell(c, i))
				}
				if !reflect.DeepEqual(w, values[c.Name]) && len(w) > 0 {
					t.Errorf("column %s differs", c.Name)
				}
			}
		})
	}
}

func cell(c *dataset.Column, i int) string {
	if c.Kind == dataset.KindExtra {
		return c.Text.At(i)
	}
	v := c.Value(i)
	if math.IsNaN(v) {
		return "NA"
	}
	return fmt.Sprint(v)
}

// TestLoadBlocksStops checks that an error from emit stops the reading and
// is returned.
func TestLoadBlocksStops(t *testing.T) {
	data := wideCSV(10000)
	stop := errors.New("stop")
	n := 0
	_, err := dataset.LoadBlocks(bytes.NewReader(data), "f.csv", dataset.Options{Schema: schema(t)}, func(*dataset.Dataset) error {
		n++
		if n == 2 {
			return stop
		}
		return nil
	})
	if err != stop || n != 2 {
		t.Errorf("err %v after %d blocks, want stop after 2", err, n)
	}
}
