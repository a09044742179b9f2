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

// changeExamples are the pssa change runs that reproduce the "example" cases
// of testdata/r/change_reference.R (R scores the items itself and computes
// Jacobson-Truax / Hageman-Arrindell from the published formulas).
var changeExamples = map[string][]string{
	"ssq-c":            {"--groups", "PSW,SU", "--only", "SSQ", "--times", "T1,T3", "--reliability", "SSQ=0.9", "--norms", "SSQ=80:10,55:12", "--cutoff", "c"},
	"swls-pooled":      {"--groups", "PSW,SU", "--only", "SWLS", "--times", "T1,T3", "--reliability", "SWLS=0.82", "--rci-sd", "pooled"},
	"swls-group":       {"--groups", "PSW,SU", "--only", "SWLS", "--times", "T1,T3"}, // the definition's .82
	"ras-study":        {"--groups", "PSW,SU", "--only", "RAS-R", "--times", "T1,T3", "--reliability", "study"},
	"ras-ha":           {"--groups", "PSW,SU", "--only", "RAS-R", "--times", "T1,T3", "--reliability", "RAS-R=0.93", "--rci", "ha"},
	"pch-b":            {"--groups", "PSW", "--only", "RAS-R", "--times", "T1,T2", "--reliability", "RAS-R_PCH=0.8", "--norms", "RAS-R_PCH=4.5:0.3", "--cutoff", "b"},
	"au-lower-a":       {"--groups", "MHP", "--only", "CAMI", "--times", "T1,T2", "--reliability", "CAMI_AU=0.68", "--norms", "CAMI_AU=,24:4", "--cutoff", "a"},
	"au-lower-norm-sd": {"--groups", "MHP", "--only", "CAMI", "--times", "T1,T2", "--reliability", "CAMI_AU=0.68", "--rci-sd", "norm", "--norms", "CAMI_AU=18:3,24:4"},
	"copm-mid":         {"--groups", "PSW,SU", "--only", "COPM", "--times", "T1,T3"},
}

func runJSON(t *testing.T, args []string, v any) {
	t.Helper()
	var out, errb bytes.Buffer
	if code := cmd.Run(args, nil, &out, &errb); code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errb.String())
	}
	if err := json.Unmarshal(out.Bytes(), v); err != nil {
		t.Fatalf("%v: %v", args, err)
	}
}

func num(v any) float64 {
	if v == nil {
		return math.NaN()
	}
	return v.(float64)
}

func refNum(s string) float64 {
	if s == "NA" {
		return math.NaN()
	}
	x, _ := strconv.ParseFloat(s, 64)
	return x
}

func relClose(got, want float64) bool {
	if math.IsNaN(want) || math.IsNaN(got) {
		return math.IsNaN(want) && math.IsNaN(got)
	}
	if want == 0 {
		return math.Abs(got) < 1e-12
	}
	return math.Abs(got-want) <= 1e-9*math.Abs(want)
}

func TestChangeAgainstR(t *testing.T) {
	f, err := os.Open("../testdata/r/change_reference.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type runOut struct {
		rows  []map[string]any
		parts []map[string]any
	}
	cache := map[string]*runOut{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	checked := 0
	for sc.Scan() {
		c := map[string]string{}
		for _, fld := range strings.Split(sc.Text(), "\t") {
			k, v, _ := strings.Cut(fld, "=")
			c[k] = v
		}
		if c["kind"] != "example" {
			continue
		}
		name := c["name"]
		args, ok := changeExamples[name]
		if !ok {
			t.Fatalf("no pssa run for R example %s", name)
		}
		ro := cache[name]
		if ro == nil {
			ro = &runOut{}
			base := append([]string{"change", "../testdata/example.csv", "--format", "json"}, args...)
			runJSON(t, base, &ro.rows)
			runJSON(t, append(base, "--per-participant"), &ro.parts)
			cache[name] = ro
		}
		inst, scale, _ := strings.Cut(c["scale"], "/")
		var row map[string]any
		for _, r := range ro.rows {
			if r["group"] == c["group"] && r["instrument"] == inst && r["scale"] == scale && r["from"] == c["from_t"] && r["to"] == c["to_t"] && r["method"] == c["method"] {
				row = r
			}
		}
		if row == nil {
			t.Errorf("%s %s: no pssa row for %s %s %s–%s", name, c["method"], c["group"], c["scale"], c["from_t"], c["to_t"])
			continue
		}
		label := name + "/" + c["group"]
		if int(num(row["n"])) != int(refNum(c["n"])) {
			t.Errorf("%s: n %v, R %s", label, row["n"], c["n"])
		}
		for _, k := range [][2]string{{"reliability", "reliability"}, {"sd_from", "sd_from"}, {"s_diff", "s_diff"}, {"r_dd", "rdd"}, {"cutoff", "cutoff"}, {"p", "p"}} {
			if got, want := num(row[k[0]]), refNum(c[k[1]]); !relClose(got, want) {
				t.Errorf("%s: %s %.17g, R %.17g", label, k[0], got, want)
			}
		}
		wantCounts := strings.Split(c["counts"], ",")
		hasCut := c["cutoff"] != "NA"
		for i, k := range []string{"n_recovered", "n_improved", "n_unchanged", "n_deteriorated", "n_harmed"} {
			if (i == 0 || i == 4) && !hasCut {
				if row[k] != nil {
					t.Errorf("%s: %s = %v without a cutoff, want null", label, k, row[k])
				}
				continue
			}
			if row[k] == nil || strconv.Itoa(int(num(row[k]))) != wantCounts[i] {
				t.Errorf("%s: %s %v, R %s", label, k, row[k], wantCounts[i])
			}
		}
		wantTest := c["test"]
		if gotTest, _ := row["test"].(string); (wantTest == "NA" && row["test"] != nil) || (wantTest != "NA" && gotTest != wantTest) {
			t.Errorf("%s: test %v, R %s", label, row["test"], wantTest)
		}
		// Per participant: the same ids, categories and indices.
		ids := strings.Split(c["ids"], ",")
		cats := strings.Split(c["categories"], ",")
		idx := strings.Split(c["index"], ",")
		byID := map[string]map[string]any{}
		for _, p := range ro.parts {
			if p["group"] == c["group"] && p["instrument"] == inst && p["scale"] == scale && p["from"] == c["from_t"] && p["to"] == c["to_t"] && p["method"] == c["method"] {
				byID[p["id"].(string)] = p
			}
		}
		if len(byID) != len(ids) {
			t.Errorf("%s: %d participants, R %d", label, len(byID), len(ids))
		}
		for i, id := range ids {
			p := byID[id]
			if p == nil {
				t.Errorf("%s: participant %s missing", label, id)
				continue
			}
			if p["category"] != cats[i] {
				t.Errorf("%s: %s is %v, R %s", label, id, p["category"], cats[i])
			}
			if got, want := num(p["rci"]), refNum(idx[i]); !relClose(got, want) {
				t.Errorf("%s: %s rci %.17g, R %.17g", label, id, got, want)
			}
		}
		checked++
	}
	if checked < 10 {
		t.Fatalf("only %d example rows checked", checked)
	}
}

func TestChangeBadInput(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--reliability", "SWLS=1.2"}, 2, `--reliability SWLS: "1.2" is not a reliability between 0 and 1`},
		{[]string{"--reliability", "SWLS=0"}, 2, `--reliability SWLS: "0" is not a reliability between 0 and 1`},
		{[]string{"--reliability", "SWLS"}, 2, `--reliability "SWLS" is not study or CODE=VALUE`},
		{[]string{"--reliability", "SWLZ=0.8"}, 2, "--reliability SWLZ: no such scale in the analysis"},
		{[]string{"--norms", "SWLS=25:0"}, 2, "--norms SWLS: functional norm SD 0 must be positive"},
		{[]string{"--norms", "SWLS=25:5,14:-1"}, 2, "--norms SWLS: dysfunctional norm SD -1 must be positive"},
		{[]string{"--norms", "SWLS=25"}, 2, `--norms SWLS: functional norm "25" is not MEAN:SD`},
		{[]string{"--rci-z", "0"}, 2, "--rci-z 0 must be a positive number"},
		{[]string{"--rci", "xx"}, 2, `"xx" is not one of jt, ha`},
	} {
		var out, errb bytes.Buffer
		code := cmd.Run(append([]string{"change", "../testdata/example.csv"}, c.args...), nil, &out, &errb)
		if code != c.code || !strings.Contains(errb.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", c.args, code, errb.String(), c.code, c.want)
		}
	}
}

// A row says why when the cutoff's norm is missing, when a scale has no
// direction, and when there is no reliability; never a silent category.
func TestChangeRowsSayWhy(t *testing.T) {
	var rows []map[string]any
	runJSON(t, []string{"change", "../testdata/example.csv", "--format", "json", "--only", "SWLS,CAMI", "--cutoff", "a", "--groups", "PSW,MHP"}, &rows)
	notes := map[string]string{}
	for _, r := range rows {
		notes[r["instrument"].(string)+"_"+r["scale"].(string)] = r["note"].(string)
		if r["note"] != "" && r["n_unchanged"] != nil {
			t.Errorf("%v %v: a note and counts", r["instrument"], r["scale"])
		}
	}
	for k, want := range map[string]string{
		"SWLS_TOTAL":     "criterion a needs a dysfunctional norm",
		"CAMI_RAW":       "has no direction",
		"CAMI_AU":        "no reliability for CAMI_AU",
		"CAMI_CONSTRUCT": "has no direction",
	} {
		if !strings.Contains(notes[k], want) {
			t.Errorf("%s: note %q, want %q", k, notes[k], want)
		}
	}
}

func TestChangePlot(t *testing.T) {
	svg := t.TempDir() + "/jt.svg"
	var out, errb bytes.Buffer
	if code := cmd.Run([]string{"plot", "../testdata/example.csv", "--kind", "change", "-o", svg, "--scales", "SWLS", "--norms", "SWLS=28:4"}, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	b, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<svg", "PSW, SWLS: T1–T2 (JT)", "SU, SWLS: T1–T3 (JT)", "unchanged 43", ">cutoff<"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("figure lacks %q", want)
		}
	}
	// Nothing to draw is an error that says what to do.
	code := cmd.Run([]string{"plot", "../testdata/example.csv", "--kind", "change", "-o", svg, "--scales", "SSQ"}, nil, &out, &errb)
	if code == 0 || !strings.Contains(errb.String(), "--reliability") {
		t.Errorf("no reliability: exit %d, %s", code, errb.String())
	}
}

// The hand-made edge cases of change_reference.R (a score exactly on the
// cutoff, |RCI| exactly 1.96, missing scores at one time point, a scale where
// lower is better) run through the whole command: pre-scored columns in a
// CSV, the SD and cutoff given as norms so that they are R's.
func TestChangeEdgeCasesEndToEnd(t *testing.T) {
	cases := map[string]struct {
		col  string // instrument_scale of the pre-scored columns
		args []string
	}{
		// cutoff a = 12 + 2·4 = 20 (higher is better), SD 4 from the norm
		"cutoff-exact-z1.96": {"SWLS_TOTAL", []string{"--reliability", "SWLS=0.5", "--norms", "SWLS=,12:4", "--cutoff", "a", "--rci-sd", "norm"}},
		// z 1.645, same cutoff and SD
		"cutoff-exact-z1.645": {"SWLS_TOTAL", []string{"--reliability", "SWLS=0.5", "--norms", "SWLS=,12:4", "--cutoff", "a", "--rci-sd", "norm", "--rci-z", "1.645"}},
		// CAMI AU, lower is better: cutoff a = 28 − 2·4 = 20
		"cutoff-exact-lower": {"CAMI_AU", []string{"--reliability", "CAMI_AU=0.5", "--norms", "CAMI_AU=,28:4", "--cutoff", "a", "--rci-sd", "norm"}},
		// SD 6 from a dysfunctional norm whose cutoff (100 + 12) no score reaches
		"rci-exactly-1.96": {"SWLS_TOTAL", []string{"--reliability", "SWLS=0.5", "--norms", "SWLS=,100:6", "--rci-sd", "norm"}},
		// the group's SD over complete pairs; cutoff b = 22 − 2·2 = 18
		"missing-one-time": {"SWLS_TOTAL", []string{"--reliability", "SWLS=0.8", "--norms", "SWLS=22:2", "--cutoff", "b"}},
	}
	f, err := os.Open("../testdata/r/change_reference.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	done := 0
	for sc.Scan() {
		c := map[string]string{}
		for _, fld := range strings.Split(sc.Text(), "\t") {
			k, v, _ := strings.Cut(fld, "=")
			c[k] = v
		}
		tc, ok := cases[c["name"]]
		if !ok || !strings.HasPrefix(c["kind"], "jt") {
			continue
		}
		from, to := strings.Split(c["from"], ","), strings.Split(c["to"], ",")
		var b strings.Builder
		b.WriteString("id,group," + tc.col + "_T1," + tc.col + "_T2\n")
		for i := range from {
			cell := func(s string) string {
				if s == "NA" {
					return ""
				}
				return s
			}
			b.WriteString("P" + strconv.Itoa(i+1) + ",A," + cell(from[i]) + "," + cell(to[i]) + "\n")
		}
		path := t.TempDir() + "/edge.csv"
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		inst, _, _ := strings.Cut(tc.col, "_")
		var parts []map[string]any
		runJSON(t, append([]string{"change", path, "--format", "json", "--only", inst, "--per-participant"}, tc.args...), &parts)
		var rows []map[string]any
		runJSON(t, append([]string{"change", path, "--format", "json", "--only", inst}, tc.args...), &rows)
		var row map[string]any
		for _, r := range rows {
			if r["scale"] == strings.TrimPrefix(tc.col, inst+"_") {
				row = r
			}
		}
		if row == nil {
			t.Fatalf("%s: no row", c["name"])
		}
		if got, want := num(row["s_diff"]), refNum(c["sdiff"]); !relClose(got, want) {
			t.Errorf("%s: s_diff %.17g, R %.17g", c["name"], got, want)
		}
		cats := strings.Split(c["categories"], ",")
		idx := strings.Split(c["index"], ",")
		k := 0
		for i := range from {
			if from[i] == "NA" || to[i] == "NA" {
				continue // not a complete pair: no row
			}
			id := "P" + strconv.Itoa(i+1)
			var p map[string]any
			for _, q := range parts {
				if q["id"] == id {
					p = q
				}
			}
			if p == nil {
				t.Errorf("%s: %s has no row", c["name"], id)
				k++
				continue
			}
			if p["category"] != cats[k] {
				t.Errorf("%s: %s (%s → %s) is %v, R %s", c["name"], id, from[i], to[i], p["category"], cats[k])
			}
			if got, want := num(p["rci"]), refNum(idx[k]); !relClose(got, want) {
				t.Errorf("%s: %s rci %.17g, R %.17g", c["name"], id, got, want)
			}
			k++
		}
		if len(parts) != k {
			t.Errorf("%s: %d participant rows, want %d complete pairs", c["name"], len(parts), k)
		}
		done++
	}
	if done != len(cases) {
		t.Fatalf("checked %d of %d edge cases", done, len(cases))
	}
}

func TestChangeTinyGroups(t *testing.T) {
	path := t.TempDir() + "/tiny.csv"
	data := "id,group,SWLS_TOTAL_T1,SWLS_TOTAL_T2\nP1,A,20,25\nP2,B,20,30\nP3,B,20,12\nP4,C,,20\nP5,C,18,\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	runJSON(t, []string{"change", path, "--format", "json", "--reliability", "SWLS=0.8"}, &rows)
	want := map[string]string{"A": "n = 1: the SD of the from-scores needs at least 2", "B": "the from-scores do not vary", "C": "no participant has both scores"}
	for _, r := range rows {
		if w := want[r["group"].(string)]; !strings.Contains(r["note"].(string), w) || r["n_unchanged"] != nil {
			t.Errorf("group %v: note %q, want %q and no counts", r["group"], r["note"], w)
		}
	}
	if len(rows) != 3 {
		t.Errorf("%d rows, want one per group", len(rows))
	}
}
