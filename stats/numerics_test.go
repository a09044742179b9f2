package stats

import (
	"errors"
	"strings"
	"testing"
)

// The expected values in ../testdata/r/numerics_reference.tsv were printed
// by R (4.2.2, coin 1.4.2, car 3.1.1, psych 2.2.9) with 17 significant
// digits; testdata/r/numerics_reference.R made them. It covers every test
// kind on each family of data (Likert, integers, continuous, 0.1 steps,
// 10^6 offsets, negative values, item means k/5 and k/12, values near
// 10^-3) and the tie rule at 12 digits and at inf.

func loadNumericsReference(t *testing.T) []refCase { return readReference(t, "numerics_reference.tsv") }

func (c refCase) matrix(t *testing.T) [][]float64 {
	k := int(c.num(t, "k"))
	flat := c.vec(t, "data")
	var data [][]float64
	for i := 0; i < len(flat); i += k {
		data = append(data, flat[i:i+k])
	}
	return data
}

func (c refCase) rankOptions(t *testing.T) RankOptions {
	m, err := ParseMethod(c["method"])
	if err != nil {
		t.Fatal(err)
	}
	d, err := ParseDigitsRank(c["digits_rank"])
	if err != nil {
		t.Fatal(err)
	}
	return RankOptions{Method: m, Continuity: c["correct"] == "TRUE", DigitsRank: d}
}

// noTieWarning fails when a family case (whose values have at most 12
// significant digits as written) gets a tie-rule warning.
func noTieWarning(t *testing.T, c refCase, w []string) {
	t.Helper()
	if c["family"] != "tierule" && len(w) > 0 {
		t.Errorf("unexpected warnings %q", w)
	}
}

func TestNumericsAgainstR(t *testing.T) {
	counts := map[string]map[string]int{}
	cases := loadNumericsReference(t)
	regression := false
	for _, c := range cases {
		// The RM-ANOVA case: 10^6 ± 1 data, F was off by 2.5e-9.
		regression = regression || c["test"] == "rmanova" && c["name"] == "pm1"
	}
	if !regression {
		t.Error("the 10^6 ± 1 RM-ANOVA case is missing")
	}
	for _, c := range cases {
		if counts[c["test"]] == nil {
			counts[c["test"]] = map[string]int{}
		}
		counts[c["test"]][c["family"]]++
		name := c["test"] + "/" + c["family"] + "/" + c["name"] + "/" + c["method"] + "/digits=" + c["digits_rank"] + "/correct=" + c["correct"]
		t.Run(name, func(t *testing.T) {
			switch c["test"] {
			case "signedrank":
				r, err := SignedRank(c.vec(t, "x"), c.vec(t, "y"), c.rankOptions(t))
				if err != nil {
					t.Fatal(err)
				}
				check(t, "V", r.V, c.num(t, "statistic"), relTol)
				check(t, "p", r.P, c.num(t, "p"), relTol)
				noTieWarning(t, c, r.Warnings)
			case "mannwhitney":
				r, err := MannWhitney(c.vec(t, "x"), c.vec(t, "y"), c.rankOptions(t))
				if err != nil {
					t.Fatal(err)
				}
				check(t, "W", r.W, c.num(t, "statistic"), relTol)
				check(t, "p", r.P, c.num(t, "p"), relTol)
				noTieWarning(t, c, r.Warnings)
			case "pairedt":
				r, err := PairedT(c.vec(t, "x"), c.vec(t, "y"), TwoSided)
				if err != nil {
					t.Fatal(err)
				}
				checkPairedT(t, c, r)
			case "student", "welch":
				f := StudentT
				if c["test"] == "welch" {
					f = WelchT
				}
				r, err := f(c.vec(t, "x"), c.vec(t, "y"), TwoSided)
				if err != nil {
					t.Fatal(err)
				}
				checkIndependentT(t, c, r)
				check(t, "mean1", r.Mean1, c.num(t, "mean1"), relTol)
				check(t, "mean2", r.Mean2, c.num(t, "mean2"), relTol)
				check(t, "sd1", r.SD1, c.num(t, "sd1"), relTol)
				check(t, "sd2", r.SD2, c.num(t, "sd2"), relTol)
			case "rmanova":
				data := c.matrix(t)
				r, err := RepeatedMeasuresANOVA(data)
				if err != nil {
					t.Fatal(err)
				}
				checkRMANOVA(t, c, r)
				for _, d := range []struct {
					key    string
					digits int
				}{{"12", 0}, {"inf", DigitsRankExact}} {
					fr, err := FriedmanWithOptions(data, RankOptions{DigitsRank: d.digits})
					if err != nil {
						t.Fatal(err)
					}
					check(t, "Friedman digits "+d.key, fr.Statistic, c.num(t, "friedman_"+d.key), relTol)
					check(t, "Friedman p digits "+d.key, fr.P, c.num(t, "friedman_"+d.key+"_p"), relTol)
					noTieWarning(t, c, fr.Warnings)
				}
			case "describe":
				x := c.vec(t, "x")
				s := Describe(x)
				check(t, "mean", s.Mean, c.num(t, "mean"), relTol)
				check(t, "sd", s.SD, c.num(t, "sd"), relTol)
				check(t, "q1", s.Q1, c.num(t, "q1"), relTol)
				check(t, "median", s.Median, c.num(t, "median"), relTol)
				check(t, "q3", s.Q3, c.num(t, "q3"), relTol)
				m, lo, hi := MeanCI(x, 0.95)
				check(t, "CI mean", m, c.num(t, "mean"), relTol)
				check(t, "CI lo", lo, c.num(t, "lo"), relTol)
				check(t, "CI hi", hi, c.num(t, "hi"), relTol)
			case "alpha":
				a, err := CronbachAlpha(c.matrix(t))
				if err != nil {
					t.Fatal(err)
				}
				check(t, "raw alpha", a.Raw, c.num(t, "raw"), relTol)
				check(t, "std alpha", a.Std, c.num(t, "std"), relTol)
			default:
				t.Fatalf("unknown reference test %q", c["test"])
			}
		})
	}
	families := []string{"likert", "integers", "continuous", "decimal", "offset6", "negative", "mean5", "mean12", "small"}
	for _, test := range []string{"signedrank", "mannwhitney", "pairedt", "welch", "student", "rmanova", "describe", "alpha"} {
		for _, f := range families {
			if counts[test][f] == 0 {
				t.Errorf("no %s reference case for the %s family", test, f)
			}
		}
	}
}

// The reproducer: Welch's t on values near 10^6 that differ in the
// fourth decimal. R on the raw values is itself slightly off; on the values
// minus 10^6 (an exact subtraction) it gives the t below.
func TestWelchLargeOffsetReproducer(t *testing.T) {
	a := []float64{1000000.0001, 1000000.0002, 1000000.0004}
	b := []float64{1000000.0003, 1000000.0005, 1000000.0006}
	r, err := WelchT(a, b, TwoSided)
	if err != nil {
		t.Fatal(err)
	}
	check(t, "t", r.T, -1.8708282266874987, 1e-9) // t.test(a - 1e6, b - 1e6)$statistic
}

// The tie-rule reproducer: values that differ in the 13th digit
// are all equal to 12 digits; pssa says so (and that they differ beyond),
// and ranks them as R's default does with DigitsRank: DigitsRankExact.
func TestTieRuleReproducer(t *testing.T) {
	a := []float64{1000000.000001, 1000000.000003}
	b := []float64{1000000.000002, 1000000.000004}
	_, err := MannWhitney(a, b, RankOptions{})
	var de *DegenerateError
	if !errors.As(err, &de) || !strings.Contains(de.Reason, "all 4 values are equal when rounded to 12 significant digits") ||
		!strings.Contains(de.Reason, "--digits-rank inf") {
		t.Errorf("12 digits: %v", err)
	}
	r, err := MannWhitney(a, b, RankOptions{DigitsRank: DigitsRankExact})
	if err != nil {
		t.Fatal(err)
	}
	check(t, "W", r.W, 1, 0)
	check(t, "p", r.P, 0.66666666666666663, 1e-9) // wilcox.test(a, b)$p.value
	if len(r.Warnings) != 0 {
		t.Errorf("exact ranking warns %q", r.Warnings)
	}
	// Equal values still get the plain message.
	_, err = MannWhitney([]float64{2, 2}, []float64{2, 2}, RankOptions{})
	if !errors.As(err, &de) || de.Reason != "all 4 values are equal" {
		t.Errorf("equal values: %v", err)
	}
}

func TestTieRuleWarnings(t *testing.T) {
	cases := []struct {
		name string
		run  func(RankOptions) []string
		warn bool // at 12 digits
	}{
		{"paired decimals: noise of the subtraction only", func(o RankOptions) []string {
			r, _ := SignedRank([]float64{2.3, 1.2, 3.5}, []float64{2.1, 1.0, 3.0}, o)
			return r.Warnings
		}, false},
		{"paired differences needing 13 digits", func(o RankOptions) []string {
			r, _ := SignedRank([]float64{1000000.000001, 1000000.000003, 5}, []float64{0, 0, 1}, o)
			return r.Warnings
		}, true},
		{"two samples needing 13 digits", func(o RankOptions) []string {
			r, _ := MannWhitney([]float64{5.000000000001, 7}, []float64{5.000000000002, 1}, o)
			return r.Warnings
		}, true},
		{"change scores formed elsewhere, with their subtraction noise", func(o RankOptions) []string {
			r, _ := MannWhitney([]float64{-0.1111111111111116, 0.5}, []float64{-0.11111111111111116, 1}, o)
			return r.Warnings
		}, false},
		{"two samples needing 13 digits, at 2e-13", func(o RankOptions) []string {
			r, _ := MannWhitney([]float64{5.000000000001, 7}, []float64{5.0000000000000, 1}, o)
			return r.Warnings
		}, true},
		{"two samples of Likert", func(o RankOptions) []string {
			r, _ := MannWhitney([]float64{1, 2, 2, 3}, []float64{2, 3, 3}, o)
			return r.Warnings
		}, false},
		{"Friedman needing 13 digits", func(o RankOptions) []string {
			r, _ := FriedmanWithOptions([][]float64{{1.000000000001, 1.000000000002, 3}, {1, 2, 3}}, o)
			return r.Warnings
		}, true},
		{"given differences", func(o RankOptions) []string {
			r, _ := SignedRankDifferences([]float64{0.1000000000001, 0.1000000000002, -3}, o)
			return r.Warnings
		}, true},
	}
	for _, c := range cases {
		w := c.run(RankOptions{})
		if (len(w) > 0) != c.warn {
			t.Errorf("%s: warnings %q, want warning %v", c.name, w, c.warn)
		}
		if c.warn && !strings.Contains(w[0], "--digits-rank inf") {
			t.Errorf("%s: warning %q does not suggest --digits-rank inf", c.name, w[0])
		}
		if w := c.run(RankOptions{DigitsRank: DigitsRankExact}); len(w) > 0 {
			t.Errorf("%s: exact ranking warns %q", c.name, w)
		}
	}
}

func TestParseDigitsRank(t *testing.T) {
	for s, want := range map[string]int{"12": 12, "inf": DigitsRankExact, "Inf": DigitsRankExact, "3": 3} {
		if got, err := ParseDigitsRank(s); err != nil || got != want {
			t.Errorf("ParseDigitsRank(%q) = %d, %v", s, got, err)
		}
	}
	for _, s := range []string{"0", "-1", "x", ""} {
		if _, err := ParseDigitsRank(s); err == nil {
			t.Errorf("ParseDigitsRank(%q) accepted", s)
		}
	}
	if FormatDigitsRank(DigitsRankExact) != "inf" || FormatDigitsRank(0) != "12" || FormatDigitsRank(7) != "7" {
		t.Error("FormatDigitsRank")
	}
}
