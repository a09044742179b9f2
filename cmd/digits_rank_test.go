package cmd_test

import (
	"math"
	"strings"
	"testing"
)

// The tie-rule reproducer through the command line: values that
// differ in the 13th significant digit are equal to the default rule (exit 1
// with the reason and the hint), and --digits-rank inf gives R's
// wilcox.test(a, b): W = 1, p = 2/3.
func TestDigitsRank(t *testing.T) {
	csv := "value,group\n1000000.000001,A\n1000000.000003,A\n1000000.000002,B\n1000000.000004,B\n"
	args := []string{"test", "mannwhitney", "-", "--value", "value", "--by", "group", "--groups", "A,B"}
	_, errs, code := run(t, csv, args...)
	if code != 1 || !strings.Contains(errs, "all 4 values are equal when rounded to 12 significant digits") ||
		!strings.Contains(errs, "--digits-rank inf") {
		t.Errorf("default rule: exit %d, stderr %q", code, errs)
	}
	out, errs, code := run(t, csv, append(args, "--digits-rank", "inf", "--format", "json")...)
	if code != 0 {
		t.Fatalf("inf: exit %d: %s", code, errs)
	}
	m := jsonOf(t, out)
	if m["statistic"].(float64) != 1 || math.Abs(m["p"].(float64)-2.0/3) > 1e-12 || errs != "" {
		t.Errorf("inf: %v, stderr %q", m, errs)
	}
	for _, bad := range []string{"0", "-3", "x", "1.5"} {
		if _, errs, code := run(t, csv, append(args, "--digits-rank", bad)...); code != 2 || !strings.Contains(errs, "--digits-rank") {
			t.Errorf("--digits-rank %s: exit %d, stderr %q", bad, code, errs)
		}
	}

	// Paired differences that need 13 digits: a warning with the hint, and
	// none with inf.
	paired := "x,y\n1000000.000001,0\n1000000.000003,0\n5,1\n7,2\n2.5,3\n9,1\n"
	_, errs, code = run(t, paired, "test", "wilcoxon", "-", "--x", "x", "--y", "y")
	if code != 0 || !strings.Contains(errs, "differ beyond 12 significant digits were ranked as ties (e.g. 1000000.000001 and 1000000.000003)") {
		t.Errorf("wilcoxon: exit %d, stderr %q", code, errs)
	}
	_, errs, code = run(t, paired, "test", "wilcoxon", "-", "--x", "x", "--y", "y", "--digits-rank", "inf")
	if code != 0 || errs != "" {
		t.Errorf("wilcoxon inf: exit %d, stderr %q", code, errs)
	}
	// Decimals whose differences tie only after rounding (2.3 − 2.1 and
	// 1.2 − 1.0): the rule's purpose, no warning.
	decimals := "x,y\n2.3,2.1\n1.2,1.0\n3.5,3.0\n4.4,4.1\n"
	if _, errs, code := run(t, decimals, "test", "wilcoxon", "-", "--x", "x", "--y", "y"); code != 0 || errs != "" {
		t.Errorf("decimals: exit %d, stderr %q", code, errs)
	}
	// Friedman takes the flag; the t tests do not.
	wide := "a,b,c\n1.000000000001,1.000000000002,3\n1,2,3\n2,1,3\n"
	if _, errs, code := run(t, wide, "test", "friedman", "-", "--cols", "a,b,c"); code != 0 || !strings.Contains(errs, "--digits-rank inf") {
		t.Errorf("friedman: exit %d, stderr %q", code, errs)
	}
	if _, errs, code := run(t, wide, "test", "friedman", "-", "--cols", "a,b,c", "--digits-rank", "inf"); code != 0 || errs != "" {
		t.Errorf("friedman inf: exit %d, stderr %q", code, errs)
	}
	if _, errs, code := run(t, paired, "test", "paired-t", "-", "--x", "x", "--y", "y", "--digits-rank", "inf"); code != 2 || !strings.Contains(errs, "--digits-rank") {
		t.Errorf("paired-t: exit %d, stderr %q", code, errs)
	}
}

// analyze records the rule in its options and accepts inf.
func TestAnalyzeDigitsRank(t *testing.T) {
	for _, d := range []string{"12", "inf"} {
		out, errs, code := run(t, "", "analyze", "../testdata/example.csv", "--digits-rank", d, "--format", "json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		opts := jsonOf(t, out)["options"].(map[string]any)
		if opts["digits_rank"] != d {
			t.Errorf("options.digits_rank = %v, want %s", opts["digits_rank"], d)
		}
	}
}
