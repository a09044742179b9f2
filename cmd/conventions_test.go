package cmd_test

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/pssa-project/pssa/cmd"
)

// analyzeJSON runs analyze on the bundled example and decodes its JSON.
func analyzeJSON(t *testing.T, args ...string) (map[string]json.RawMessage, string) {
	t.Helper()
	var out, errb bytes.Buffer
	args = append([]string{"analyze", "../testdata/example.csv", "--format", "json"}, args...)
	if code := cmd.Run(args, nil, &out, &errb); code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errb.String())
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	return doc, errb.String()
}

func rowsOf(t *testing.T, doc map[string]json.RawMessage, key string) []map[string]any {
	t.Helper()
	var rows []map[string]any
	if err := json.Unmarshal(doc[key], &rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestLikeSPSS(t *testing.T) {
	doc, stderr := analyzeJSON(t, "--like", "spss")
	if !strings.HasPrefix(stderr, "pssa: --like spss: asymptotic p-values") || strings.Count(stderr, "--like") != 1 {
		t.Errorf("stderr = %q, want one line naming the conventions", stderr)
	}
	var opt map[string]any
	if err := json.Unmarshal(doc["options"], &opt); err != nil {
		t.Fatal(err)
	}
	if opt["method"] != "asymptotic" || opt["continuity"] != false || opt["z_convention"] != "spss" || opt["effect"] != "dz" {
		t.Errorf("options = %v", opt)
	}
	for _, sec := range []string{"paired", "between"} {
		for _, r := range rowsOf(t, doc, sec) {
			if z, ok := r["z"].(float64); ok && z > 0 {
				t.Errorf("%s row %v: SPSS's Z = %g is positive", sec, r["scale"], z)
			}
			if m := r["method"]; m != "asymptotic" && m != "" {
				t.Errorf("%s row %v: method %v", sec, r["scale"], m)
			}
			if sec == "between" && r["test"] == "mannwhitney" {
				if u, ok := r["statistic"].(float64); ok && u > r["n1"].(float64)*r["n2"].(float64)/2 {
					t.Errorf("between row %v: U = %g is not the smaller U", r["scale"], u)
				}
			}
		}
	}
	// An explicit flag wins over --like and is not claimed on stderr.
	doc, stderr = analyzeJSON(t, "--like", "spss", "--continuity=true")
	if strings.Contains(stderr, "continuity") {
		t.Errorf("stderr %q claims a continuity setting the user overrode", stderr)
	}
	if err := json.Unmarshal(doc["options"], &opt); err != nil || opt["continuity"] != true {
		t.Errorf("options = %v (%v)", opt, err)
	}
}

// --like r gives up the exact p-value where wilcox.test does: with zero
// changes (n_ties > 0) even under 50 pairs; pssa's own default keeps it.
func TestLikeR(t *testing.T) {
	own, _ := analyzeJSON(t)
	like, stderr := analyzeJSON(t, "--like", "r")
	if !strings.HasPrefix(stderr, "pssa: --like r: ") {
		t.Errorf("stderr = %q", stderr)
	}
	a, b := rowsOf(t, own, "paired"), rowsOf(t, like, "paired")
	checked := 0
	for i := range a {
		n, ties := a[i]["n"].(float64), a[i]["n_ties"].(float64)
		if n < 2 || n > 50 || a[i]["method"] == "" {
			continue
		}
		if ties > 0 {
			checked++
			if a[i]["method"] != "exact" || b[i]["method"] != "asymptotic" {
				t.Errorf("%v %v %v-%v with %v zero changes: method %v by default, %v with --like r", a[i]["group"], a[i]["scale"], a[i]["from"], a[i]["to"], ties, a[i]["method"], b[i]["method"])
			}
		}
	}
	if checked == 0 {
		t.Error("no contrast with zero changes in the example")
	}
}

func TestConfLevel(t *testing.T) {
	var out, errb bytes.Buffer
	if code := cmd.Run([]string{"analyze", "../testdata/example.csv", "--conf-level", "0.9", "--only", "SWLS"}, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "90% CI") || strings.Contains(out.String(), "95%") {
		t.Errorf("a 90%% run does not label its intervals 90%%:\n%s", out.String())
	}
	narrow, _ := analyzeJSON(t, "--conf-level", "0.9", "--only", "SWLS")
	wide, _ := analyzeJSON(t, "--only", "SWLS")
	n, w := rowsOf(t, narrow, "paired")[0], rowsOf(t, wide, "paired")[0]
	if !(n["d_z_ci_low"].(float64) > w["d_z_ci_low"].(float64) && n["d_z_ci_high"].(float64) < w["d_z_ci_high"].(float64)) {
		t.Errorf("90%% interval [%v, %v] not inside the 95%% one [%v, %v]", n["d_z_ci_low"], n["d_z_ci_high"], w["d_z_ci_low"], w["d_z_ci_high"])
	}
	out.Reset()
	errb.Reset()
	if code := cmd.Run([]string{"analyze", "../testdata/example.csv", "--conf-level", "95"}, nil, &out, &errb); code != 2 {
		t.Errorf("--conf-level 95: exit %d, want 2 (usage)", code)
	}
	if !strings.Contains(errb.String(), "--conf-level 95 must be between 0 and 1") {
		t.Errorf("stderr = %q", errb.String())
	}
}

// The test kinds carry the intervals too: rmanova's partial eta squared
// interval on the example's PSW RAS-R totals is the one R gives
// (testdata/r/pipeline_ci_reference.tsv), and --conf-level is checked.
func TestTestKindIntervals(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	scored := dir + "/scored.csv"
	if code := cmd.Run([]string{"score", "../testdata/example.csv", "-o", scored}, nil, &out, &errb); code != 0 {
		t.Fatalf("score: exit %d: %s", code, errb.String())
	}
	out.Reset()
	args := []string{"test", "rmanova", scored, "--cols", "RAS-R_TOTAL_T1,RAS-R_TOTAL_T2,RAS-R_TOTAL_T3", "--where", "group=PSW", "--format", "json"}
	if code := cmd.Run(args, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var r map[string]any
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]float64{"partial_eta_sq_ci_low": 0.090974954809890443, "partial_eta_sq_ci_high": 0.65664918743179579} {
		if got := r[k].(float64); math.Abs(got-want) > 1e-8*want {
			t.Errorf("%s = %.17g, R %.17g", k, got, want)
		}
	}
	out.Reset()
	args = []string{"test", "wilcoxon", scored, "--x", "SWLS_TOTAL_T3", "--y", "SWLS_TOTAL_T1", "--format", "json", "--conf-level", "0.9"}
	if code := cmd.Run(args, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if r["z_spss"].(float64) > 0 || r["conf_level"].(float64) != 0.9 || !(r["rank_biserial_ci_low"].(float64) < r["rank_biserial"].(float64)) {
		t.Errorf("wilcoxon row %v", r)
	}
	errb.Reset()
	if code := cmd.Run([]string{"test", "mannwhitney", scored, "--value", "SWLS_TOTAL_T1", "--by", "group", "--groups", "PSW,SU", "--conf-level", "2"}, nil, &out, &errb); code != 2 {
		t.Errorf("--conf-level 2: exit %d, want 2: %s", code, errb.String())
	}
}
