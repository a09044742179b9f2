package cmd_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/pssa-project/pssa/cmd"
)

// TestPipelineAgainstR compares cells of 'pssa analyze --format json' on the
// bundled example with testdata/r/pipeline_reference.tsv, which R computed
// from the raw items with its own scoring (testdata/r/pipeline_reference.R).
func TestPipelineAgainstR(t *testing.T) {
	var out, errb bytes.Buffer
	if code := cmd.Run([]string{"analyze", "../testdata/example.csv", "--format", "json"}, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var res map[string][]map[string]any
	dec := json.NewDecoder(bytes.NewReader(out.Bytes()))
	var raw map[string]json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		t.Fatal(err)
	}
	res = map[string][]map[string]any{}
	for _, k := range []string{"descriptives", "paired", "omnibus", "between"} {
		var rows []map[string]any
		if err := json.Unmarshal(raw[k], &rows); err != nil {
			t.Fatal(err)
		}
		res[k] = rows
	}
	if n := comparePipeline(t, res, "../testdata/r/pipeline_reference.tsv", func(string) float64 { return 1e-9 }); n < 70 {
		t.Errorf("checked only %d cells", n)
	}
	// The intervals, z, rank counts and omega (pipeline_ci_reference.R):
	// closed forms at 1e-9, inverted distributions and omega's fit at 1e-8.
	tol := func(key string) float64 {
		if key == "omega" || strings.HasPrefix(key, "d_") && strings.Contains(key, "_ci_") || strings.HasPrefix(key, "partial_eta_sq_ci") {
			return 1e-8
		}
		return 1e-9
	}
	if n := comparePipeline(t, res, "../testdata/r/pipeline_ci_reference.tsv", tol); n < 80 {
		t.Errorf("checked only %d interval cells", n)
	}
}

// comparePipeline checks the analysis JSON's rows against one reference
// file and returns how many cells it compared.
func comparePipeline(t *testing.T, res map[string][]map[string]any, file string, tol func(key string) float64) int {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	checked := 0
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		section, group, inst, scale, from, to, key := c[0], c[1], c[2], c[3], c[4], c[5], c[6]
		want, _ := strconv.ParseFloat(c[7], 64)
		var match func(map[string]any) bool
		list := section
		switch section {
		case "descriptive":
			list = "descriptives"
			match = func(r map[string]any) bool {
				return r["group"] == group && r["instrument"] == inst && r["scale"] == scale && r["time"] == from
			}
		case "paired":
			match = func(r map[string]any) bool {
				return r["group"] == group && r["instrument"] == inst && r["scale"] == scale && r["from"] == from && r["to"] == to
			}
		case "omnibus":
			match = func(r map[string]any) bool {
				return r["group"] == group && r["instrument"] == inst && r["scale"] == scale
			}
		case "between":
			match = func(r map[string]any) bool {
				return r["instrument"] == inst && r["scale"] == scale && r["time"] == from && r["group1"] == "PSW" && r["group2"] == "SU"
			}
		}
		found := false
		for _, r := range res[list] {
			if !match(r) {
				continue
			}
			found = true
			got, ok := r[key].(float64)
			if !ok {
				t.Errorf("%s: key %s is %v", sc.Text(), key, r[key])
				continue
			}
			if math.Abs(got-want) > tol(key)*math.Abs(want) && !(want == 0 && math.Abs(got) < 1e-12) {
				t.Errorf("%s %s %s %s %s-%s %s = %.17g, R %.17g", section, group, inst, scale, from, to, key, got, want)
			}
			checked++
		}
		if !found {
			t.Errorf("no %s row for %v", section, c[:6])
		}
	}
	return checked
}
