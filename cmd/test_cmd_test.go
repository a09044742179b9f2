package cmd_test

import (
	"bytes"
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pssa-project/pssa/cmd"
)

func run(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = cmd.Run(args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

func jsonOf(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("%v in %q", err, s)
	}
	return m
}

// pairedCSV writes x and y as columns A and B, with two rows that have a
// missing value in one of them (they must be left out and counted).
func pairedCSV(x, y []string) string {
	var b strings.Builder
	b.WriteString("A,B,label\n")
	for i := range x {
		b.WriteString(x[i] + "," + y[i] + ",r\n")
	}
	b.WriteString("NA,3,r\n5,,r\n")
	return b.String()
}

// Values from testdata/r/stats_reference.tsv (case likert12; R 4.2.2 and coin 1.4.2).
func TestTestCommandAgainstR(t *testing.T) {
	x := strings.Split("5,6,4,7,5,6,3,5,6,7,4,5", ",")
	y := strings.Split("4,6,3,5,5,4,3,6,4,5,4,3", ",")
	csv := pairedCSV(x, y)
	cases := []struct {
		args []string
		want map[string]float64
	}{
		// wilcox.test(x, y, paired = TRUE, exact = FALSE, correct = TRUE)
		{[]string{"--method", "asymptotic"}, map[string]float64{"statistic": 34, "p": 0.025271161776870613, "n": 12, "n_zero": 4, "n_dropped": 2}},
		// correct = FALSE: SPSS's Asymp. Sig.
		{[]string{"--method", "asymptotic", "--continuity=false"}, map[string]float64{"statistic": 34, "p": 0.020921335337794011}},
		// coin::wilcoxsign_test(distribution = "exact", zero.method = "Wilcoxon")
		{[]string{"--method", "exact"}, map[string]float64{"statistic": 34, "p": 0.03125}},
		{[]string{"--method", "exact", "--alternative", "greater"}, map[string]float64{"p": 0.015625}},
	}
	for _, c := range cases {
		args := append([]string{"test", "wilcoxon", "-", "--x", "A", "--y", "B", "--format", "json"}, c.args...)
		out, errs, code := run(t, csv, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d %s", args, code, errs)
		}
		m := jsonOf(t, out)
		for k, w := range c.want {
			if g, ok := m[k].(float64); !ok || math.Abs(g-w) > 1e-9*math.Abs(w) {
				t.Errorf("%v: %s = %v, want %v", c.args, k, m[k], w)
			}
		}
	}
}

func checkJSON(t *testing.T, what, out string, want map[string]float64) {
	t.Helper()
	m := jsonOf(t, out)
	for k, w := range want {
		if g, ok := m[k].(float64); !ok || math.Abs(g-w) > 1e-9*math.Abs(w) {
			t.Errorf("%s: %s = %v, want %v", what, k, m[k], w)
		}
	}
}

// Case small_ties and k3 of testdata/r/stats_reference.tsv.
func TestTestCommandTwoGroupsAndOmnibus(t *testing.T) {
	csv := "v;g\n1;a\n2;a\n2;a\n3;a\n2;b\n3;b\n3;b\n4;b\n4;b\n9;c\nNA;a\n"
	out, errs, code := run(t, csv, "test", "mannwhitney", "-", "--value", "v", "--by", "g", "--groups", "a,b", "--format", "json")
	if code != 0 {
		t.Fatal(errs)
	}
	// coin::wilcox_test(distribution = "exact"): ties, exact conditional p.
	checkJSON(t, "mannwhitney", out, map[string]float64{"statistic": 3, "p": 0.10317460317460317, "n1": 4, "n2": 5, "n_dropped": 1})
	// A row without a group is left out and counted, as a missing value is.
	out, _, _ = run(t, csv+"5;\n", "test", "mannwhitney", "-", "--value", "v", "--by", "g", "--groups", "a,b", "--format", "json")
	checkJSON(t, "mannwhitney, a row with no group", out, map[string]float64{"statistic": 3, "n1": 4, "n2": 5, "n_dropped": 2})
	out, _, _ = run(t, csv, "test", "mannwhitney", "-", "--value", "v", "--by", "g", "--groups", "a,b", "--format", "json", "--alternative", "less")
	checkJSON(t, "mannwhitney less", out, map[string]float64{"p": 0.079365079365079361})
	out, _, _ = run(t, csv, "test", "mannwhitney", "-", "--value", "v", "--by", "g", "--groups", "a,b", "--format", "json", "--method", "asymptotic")
	checkJSON(t, "mannwhitney asymptotic", out, map[string]float64{"p": 0.097831668984776479})

	// A third group needs --groups.
	if _, errs, code := run(t, csv, "test", "mannwhitney", "-", "--value", "v", "--by", "g"); code != 2 || !strings.Contains(errs, "column g has 3 groups (a, b, c): choose two with --groups") {
		t.Errorf("exit %d: %s", code, errs)
	}

	k3 := "t1,t2,t3\n45,50,55\n42,42,45\n36,41,43\n39,35,40\n51,55,59\n44,49,56\n40,41,42\n38,44,47\n40,,41\n"
	out, errs, code = run(t, k3, "test", "rmanova", "-", "--cols", "t1,t2,t3", "--format", "json")
	if code != 0 {
		t.Fatal(errs)
	}
	// car::Anova(mlm, idesign = ~time), summary(multivariate = FALSE).
	checkJSON(t, "rmanova", out, map[string]float64{"n": 8, "n_dropped": 1, "f": 16.040358744394624, "df1": 2, "df2": 14,
		"p": 0.00023892501498806471, "mauchly_w": 0.51229664783124473, "mauchly_p": 0.13445115654122777,
		"gg_epsilon": 0.67217701603092617, "gg_p": 0.0017696845782614015, "hf_epsilon": 0.77399047837558754,
		"hf_p": 0.00094633596406844332, "partial_eta_sq": 0.69618528610354224, "generalized_eta_sq": 0.17399446690785278})
	out, _, _ = run(t, k3, "test", "friedman", "-", "--cols", "t1,t2,t3", "--format", "json")
	checkJSON(t, "friedman", out, map[string]float64{"statistic": 14, "df": 2, "p": 0.00091188196555451624})
}

// Errors name the column and the file; degenerate data give a reason.
func TestTestCommandErrors(t *testing.T) {
	cases := []struct {
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"A,B\n1,2\n", []string{"--x", "A", "--y", "C"}, 1, `<stdin>: no column "C" (columns: A, B)`},
		{"A,B\n1,2\nx,3\n", []string{"--x", "A", "--y", "B"}, 1, `<stdin>: line 3, column "A": value "x" is not a number (expected a number or a missing-value code)`},
		{"A,B\n1,\n,2\n", []string{"--x", "A", "--y", "B"}, 1, `no row has both A and B`},
		{"A,B\n1,1\n2,2\n", []string{"--x", "A", "--y", "B"}, 1, `wilcoxon on -: all 2 differences are zero`},
		{"A,B\n1,1\n", []string{"--x", "A"}, 2, `wilcoxon needs --y`},
		{"A,B\n1,1\n", []string{"--x", "A", "--y", "B", "--method", "magic"}, 2, `--method "magic" is not one of auto, exact, asymptotic`},
	}
	for _, c := range cases {
		_, errs, code := run(t, c.stdin, append([]string{"test", "wilcoxon", "-"}, c.args...)...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, errs, c.code, c.want)
		}
	}
	if _, errs, code := run(t, "a,b,c\n1,1,1\n2,2,2\n", "test", "rmanova", "-", "--cols", "a,b,c"); code != 1 || !strings.Contains(errs, "the error sum of squares is zero") {
		t.Errorf("rmanova zero variance: %d %s", code, errs)
	}
	if _, errs, code := run(t, "a\n1\n", "test", "sign", "-"); code != 2 || !strings.Contains(errs, "unknown test \"sign\"") {
		t.Errorf("unknown kind: %d %s", code, errs)
	}
}

// A flag that another kind uses is a usage error naming the kind, not
// silently ignored (pssa test wilcoxon --by group once ran on everyone).
func TestTestFlagsOfOtherKinds(t *testing.T) {
	csv := "A,B,group\n1,2,X\n2,4,X\n3,3,Y\n5,1,Y\n"
	_, errs, code := run(t, csv, "test", "wilcoxon", "-", "--x", "A", "--y", "B", "--by", "group")
	if code != 2 || !strings.Contains(errs, "--by does not apply to pssa test wilcoxon (its flags: ") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	_, errs, code = run(t, csv, "test", "rmanova", "-", "--cols", "A,B", "--method", "exact")
	if code != 2 || !strings.Contains(errs, "--method does not apply to pssa test rmanova") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

// --where runs a test on a subset of rows and says how many rows it kept.
func TestTestWhere(t *testing.T) {
	csv := "A,B,group,site\n1,2,X,s1\n2,4,X,s1\n3,3,Y,s1\n5,1,Y,s2\n4,6,X,s2\n"
	out, errs, code := run(t, csv, "test", "paired-t", "-", "--x", "B", "--y", "A", "--where", "group=X", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	m := jsonOf(t, out)
	// X rows: differences 1, 2, 2: mean 5/3.
	if m["n"].(float64) != 3 || m["rows_kept"].(float64) != 3 || math.Abs(m["mean_diff"].(float64)-5.0/3) > 1e-15 {
		t.Errorf("%v", m)
	}
	out, _, code = run(t, csv, "test", "paired-t", "-", "--x", "B", "--y", "A", "--where", "group=X", "--where", "site=s1", "--format", "json")
	if m := jsonOf(t, out); code != 0 || m["rows_kept"].(float64) != 2 {
		t.Errorf("exit %d: %v", code, m)
	}
	_, errs, code = run(t, csv, "test", "paired-t", "-", "--x", "B", "--y", "A", "--where", "group=Z")
	if code != 1 || !strings.Contains(errs, "no row meets --where group=Z") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	_, errs, code = run(t, csv, "test", "paired-t", "-", "--x", "B", "--y", "A", "--where", "group")
	if code != 2 || !strings.Contains(errs, `--where "group" is not COL=VALUE`) {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	// Without --where the JSON has no where keys (unchanged).
	out, _, _ = run(t, csv, "test", "paired-t", "-", "--x", "B", "--y", "A", "--format", "json")
	if strings.Contains(out, "rows_kept") {
		t.Errorf("rows_kept without --where: %s", out)
	}
}

// Values whose squares overflow are refused with their line and column:
// every statistic would otherwise come out null with no reason.
func TestTestHugeValues(t *testing.T) {
	csv := "id,g,a,b\n1,X,1e308,1\n2,X,1.5e308,2\n3,X,2,0\n4,Y,1,3\n5,Y,3,4\n6,Y,2,1\n"
	for _, args := range [][]string{
		{"paired-t", "--x", "a", "--y", "b"},
		{"welch", "--value", "a", "--by", "g"},
		{"rmanova", "--cols", "a,b"},
		{"mixed", "--by", "g", "--cols", "a,b"},
		{"lmm", "--by", "g", "--cols", "a,b"},
	} {
		_, errs, code := run(t, csv, append([]string{"test", args[0], "-"}, args[1:]...)...)
		if code != 1 || !strings.Contains(errs, `<stdin>: line 2, column "a": value "1e308" is too large to compute with`) {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
	_, errs, code := run(t, "a,b\n1e-200,3e-200\n2e-200,2.5e-200\n0,1\n", "test", "paired-t", "-", "--x", "a", "--y", "b")
	if code != 1 || !strings.Contains(errs, `line 2, column "a": value "1e-200" is too small to compute with`) {
		t.Errorf("tiny values: exit %d, stderr %q", code, errs)
	}
	// Values about 1e12 are computed.
	out, errs, code := run(t, "a,b\n1e12,2e12\n1.5e12,2.1e12\n1.2e12,1.9e12\n", "test", "paired-t", "-", "--x", "a", "--y", "b", "--format", "json")
	if code != 0 {
		t.Fatal(errs)
	}
	if m := jsonOf(t, out); m["statistic"] == nil || m["p"] == nil {
		t.Errorf("paired t of values about 1e12: %v", m)
	}
}

// Every example in 'pssa test KIND --help' runs on the example study's
// scored file (MHP answered other instruments than the PSW and SU).
func TestTestHelpExamplesRun(t *testing.T) {
	dir := t.TempDir()
	scored := filepath.Join(dir, "scored.csv")
	if _, errs, code := run(t, "", "score", "../testdata/example.csv", "-o", scored); code != 0 {
		t.Fatal(errs)
	}
	help, _, _ := run(t, "", "test", "--help")
	var kinds []string
	for _, l := range strings.Split(help, "\n") {
		if f := strings.Fields(l); len(f) > 1 && strings.HasPrefix(l, "  ") && !strings.HasPrefix(f[0], "pssa") && !strings.HasPrefix(f[0], "-") {
			kinds = append(kinds, f[0])
		}
	}
	if len(kinds) < 9 {
		t.Fatalf("kinds %v from:\n%s", kinds, help)
	}
	n := 0
	for _, k := range kinds {
		h, _, _ := run(t, "", "test", k, "--help")
		_, ex, _ := strings.Cut(h, "Examples:\n")
		ex, _, _ = strings.Cut(ex, "\n\n")
		for _, l := range strings.Split(ex, "\n") {
			args := strings.Fields(l)
			if len(args) < 3 || args[0] != "pssa" {
				continue
			}
			for i, a := range args {
				if a == "scored.csv" {
					args[i] = scored
				}
			}
			n++
			if _, errs, code := run(t, "", args[1:]...); code != 0 {
				t.Errorf("%s: exit %d: %s", l, code, errs)
			}
		}
	}
	if n < 9 {
		t.Errorf("ran %d examples", n)
	}
}
