package stats

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// The expected values in ../testdata/r/stats_reference.tsv were printed by
// R (4.2.2, coin 1.4.2, car 3.1.1, psych 2.2.9, effectsize 0.8.3) with 17 significant digits;
// testdata/r/stats_reference.R made them.

type refCase map[string]string

func loadReference(t *testing.T) []refCase { return readReference(t, "stats_reference.tsv") }

// readReference reads one of testdata/r's reference files: a line per
// case, tab-separated key=value fields (values printed by R with 17
// significant digits).
func readReference(t *testing.T, name string) []refCase {
	t.Helper()
	f, err := os.Open("../testdata/r/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []refCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		c := refCase{}
		for _, field := range strings.Split(sc.Text(), "\t") {
			k, v, _ := strings.Cut(field, "=")
			c[k] = v
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

func (c refCase) num(t *testing.T, k string) float64 {
	t.Helper()
	v, ok := c[k]
	if !ok {
		t.Fatalf("reference case has no %q", k)
	}
	if v == "NA" {
		return math.NaN()
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		t.Fatalf("reference %s=%q: %v", k, v, err)
	}
	return x
}

func (c refCase) vec(t *testing.T, k string) []float64 {
	t.Helper()
	var out []float64
	for _, s := range strings.Split(c[k], ",") {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("reference %s: %v", k, err)
		}
		out = append(out, x)
	}
	return out
}

func (c refCase) label() string {
	return c["test"] + "/" + c["name"] + "/" + c["alternative"] + "/" + c["method"] + "/correct=" + c["correct"] + "/" + c["source"]
}

func (c refCase) alt(t *testing.T) Alternative {
	a, err := ParseAlternative(c["alternative"])
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// effects checks z and r (recovered in R from wilcox.test's own p-value,
// |z| = Φ⁻¹(1 − p/2): a few ulps of p become ~1e-12 of z) and the
// rank-biserial correlation (effectsize::rank_biserial), where the case has them.
func (c refCase) effects(t *testing.T, z, r, rb float64) {
	t.Helper()
	if v, ok := c["z"]; ok && v != "NaN" && v != "NA" {
		check(t, "z", z, c.num(t, "z"), 1e-9)
		check(t, "r", r, c.num(t, "r"), 1e-9)
	}
	if _, ok := c["rank_biserial"]; ok {
		check(t, "rank-biserial", rb, c.num(t, "rank_biserial"), relTol)
	}
}

// relTol is the relative tolerance every comparison against R meets.
const relTol = 1e-9

func near(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	if got == want {
		return true
	}
	return math.Abs(got-want) <= tol*math.Max(math.Abs(want), 1e-300)
}

func check(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if !near(got, want, tol) {
		t.Errorf("%s = %.17g, want %.17g (R); relative error %.3g", what, got, want, math.Abs(got-want)/math.Abs(want))
	}
}

func TestAgainstR(t *testing.T) {
	counts := map[string]int{}
	for _, c := range loadReference(t) {
		counts[c["test"]]++
		switch c["test"] {
		case "signedrank":
			t.Run(c.label(), func(t *testing.T) {
				m, _ := ParseMethod(c["method"])
				r, err := SignedRank(c.vec(t, "x"), c.vec(t, "y"), RankOptions{Alternative: c.alt(t), Method: m, Continuity: c["correct"] == "TRUE"})
				if err != nil {
					t.Fatal(err)
				}
				check(t, "V", r.V, c.num(t, "statistic"), relTol)
				check(t, "p", r.P, c.num(t, "p"), relTol)
				c.effects(t, r.Z, r.R, r.RankBiserial)
			})
		case "mannwhitney":
			t.Run(c.label(), func(t *testing.T) {
				m, _ := ParseMethod(c["method"])
				r, err := MannWhitney(c.vec(t, "x"), c.vec(t, "y"), RankOptions{Alternative: c.alt(t), Method: m, Continuity: c["correct"] == "TRUE"})
				if err != nil {
					t.Fatal(err)
				}
				check(t, "W", r.W, c.num(t, "statistic"), relTol)
				check(t, "p", r.P, c.num(t, "p"), relTol)
				c.effects(t, r.Z, r.R, r.RankBiserial)
			})
		case "pairedt":
			t.Run(c.label(), func(t *testing.T) {
				r, err := PairedT(c.vec(t, "x"), c.vec(t, "y"), c.alt(t))
				if err != nil {
					t.Fatal(err)
				}
				checkPairedT(t, c, r)
			})
		case "student", "welch":
			t.Run(c.label(), func(t *testing.T) {
				f := StudentT
				if c["test"] == "welch" {
					f = WelchT
				}
				x, y := c.vec(t, "x"), c.vec(t, "y")
				r, err := f(x, y, c.alt(t))
				if err != nil {
					t.Fatal(err)
				}
				checkIndependentT(t, c, r)
			})
		case "rmanova":
			t.Run(c.label(), func(t *testing.T) {
				k := int(c.num(t, "k"))
				flat := c.vec(t, "data")
				var data [][]float64
				for i := 0; i < len(flat); i += k {
					data = append(data, flat[i:i+k])
				}
				r, err := RepeatedMeasuresANOVA(data)
				if err != nil {
					t.Fatal(err)
				}
				checkRMANOVA(t, c, r)
				check(t, "partial eta²", r.PartialEtaSq, c.num(t, "partial_eta_sq"), relTol)
				check(t, "generalized eta²", r.GeneralizedEtaSq, c.num(t, "generalized_eta_sq"), relTol)
				fr, err := Friedman(data)
				if err != nil {
					t.Fatal(err)
				}
				check(t, "Friedman", fr.Statistic, c.num(t, "friedman"), relTol)
				check(t, "Friedman df", fr.DF, c.num(t, "friedman_df"), relTol)
				check(t, "Friedman p", fr.P, c.num(t, "friedman_p"), relTol)
				check(t, "Kendall's W", fr.KendallW, c.num(t, "kendall_w"), relTol)
			})
		case "padjust":
			t.Run("padjust/"+c["method"], func(t *testing.T) {
				m, err := ParseAdjustment(c["method"])
				if err != nil {
					t.Fatal(err)
				}
				got := AdjustP(c.vec(t, "p"), m)
				want := c.vec(t, "adjusted")
				for i := range want {
					check(t, "p["+strconv.Itoa(i)+"]", got[i], want[i], relTol)
				}
			})
		case "describe":
			t.Run("describe/"+c["n"], func(t *testing.T) {
				s := Describe(c.vec(t, "x"))
				check(t, "n", float64(s.N), c.num(t, "n"), 0)
				check(t, "mean", s.Mean, c.num(t, "mean"), relTol)
				check(t, "sd", s.SD, c.num(t, "sd"), relTol)
				check(t, "q1", s.Q1, c.num(t, "q1"), relTol)
				check(t, "median", s.Median, c.num(t, "median"), relTol)
				check(t, "q3", s.Q3, c.num(t, "q3"), relTol)
				check(t, "min", s.Min, c.num(t, "min"), 0)
				check(t, "max", s.Max, c.num(t, "max"), 0)
			})
		case "meanci":
			t.Run("meanci/"+c["n"], func(t *testing.T) {
				m, lo, hi := MeanCI(c.vec(t, "x"), 0.95)
				check(t, "mean", m, c.num(t, "mean"), relTol)
				check(t, "lo", lo, c.num(t, "lo"), relTol)
				check(t, "hi", hi, c.num(t, "hi"), relTol)
			})
		case "alpha":
			t.Run("alpha/"+c["name"], func(t *testing.T) {
				k := int(c.num(t, "k"))
				flat := c.vec(t, "data")
				var data [][]float64
				for i := 0; i < len(flat); i += k {
					data = append(data, flat[i:i+k])
				}
				a, err := CronbachAlpha(data)
				if err != nil {
					t.Fatal(err)
				}
				check(t, "raw alpha", a.Raw, c.num(t, "raw"), relTol)
				check(t, "std alpha", a.Std, c.num(t, "std"), relTol)
				// The exact integer accumulator (item responses shifted to 0).
				acc := NewIntCovAccumulator(k)
				row := make([]uint32, k)
				for _, r := range data {
					for j, v := range r {
						row[j] = uint32(v - 1)
					}
					acc.Add(row)
				}
				ai, err := acc.Alpha()
				if err != nil {
					t.Fatal(err)
				}
				check(t, "raw alpha (int)", ai.Raw, c.num(t, "raw"), relTol)
				check(t, "std alpha (int)", ai.Std, c.num(t, "std"), relTol)
			})
		default:
			t.Errorf("unknown reference test %q", c["test"])
		}
	}
	for _, k := range []string{"signedrank", "mannwhitney", "pairedt", "student", "welch", "rmanova", "padjust", "describe", "meanci", "alpha"} {
		if counts[k] == 0 {
			t.Errorf("no reference cases for %s", k)
		}
	}
}

// checkPairedT compares a paired t-test with a reference case (t.test and
// the d_z interval from uniroot on pt(ncp = )).
// checkRMANOVA checks a repeated-measures ANOVA against its R reference
// (F, df, p, sums of squares, Mauchly, Greenhouse–Geisser, Huynh–Feldt).
func checkRMANOVA(t *testing.T, c refCase, r RMANOVAResult) {
	t.Helper()
	check(t, "F", r.F, c.num(t, "f"), relTol)
	check(t, "df1", r.DF1, c.num(t, "df1"), relTol)
	check(t, "df2", r.DF2, c.num(t, "df2"), relTol)
	check(t, "p", r.P, c.num(t, "p"), relTol)
	check(t, "SS_time", r.SSTime, c.num(t, "ss_time"), relTol)
	check(t, "SS_err", r.SSErr, c.num(t, "ss_err"), relTol)
	check(t, "SS_subj", r.SSSubject, c.num(t, "ss_subj"), relTol)
	check(t, "Mauchly W", r.MauchlyW, c.num(t, "mauchly_w"), relTol)
	check(t, "Mauchly p", r.MauchlyP, c.num(t, "mauchly_p"), relTol)
	check(t, "GG epsilon", r.GGEpsilon, c.num(t, "gg_epsilon"), relTol)
	check(t, "GG p", r.GGP, c.num(t, "gg_p"), relTol)
	check(t, "HF epsilon (raw)", r.HFEpsilonRaw, c.num(t, "hf_epsilon_raw"), relTol)
	check(t, "HF epsilon", r.HFEpsilon, math.Min(1, c.num(t, "hf_epsilon_raw")), relTol)
	check(t, "HF p", r.HFP, c.num(t, "hf_p"), relTol)
}

func checkPairedT(t *testing.T, c refCase, r PairedTResult) {
	t.Helper()
	check(t, "t", r.T, c.num(t, "statistic"), relTol)
	check(t, "df", r.DF, c.num(t, "df"), relTol)
	check(t, "p", r.P, c.num(t, "p"), relTol)
	check(t, "mean_diff", r.MeanDiff, c.num(t, "mean_diff"), relTol)
	check(t, "d_z", r.Dz, c.num(t, "d_z"), relTol)
	check(t, "d_av", r.Dav, c.num(t, "d_av"), relTol)
	lo, hi, err := CohensDCI(r.T, r.DF, math.Sqrt(float64(r.N)), 0.95)
	if err != nil {
		t.Fatal(err)
	}
	check(t, "ci_lo", lo, c.num(t, "ci_lo"), relTol)
	check(t, "ci_hi", hi, c.num(t, "ci_hi"), relTol)
}

// checkIndependentT compares a Student or Welch t-test with a reference
// case (t.test, effectsize's d and g, the d interval by inverting pt).
func checkIndependentT(t *testing.T, c refCase, r IndependentTResult) {
	t.Helper()
	check(t, "t", r.T, c.num(t, "statistic"), relTol)
	check(t, "df", r.DF, c.num(t, "df"), relTol)
	check(t, "p", r.P, c.num(t, "p"), relTol)
	check(t, "d", r.D, c.num(t, "d"), relTol)
	check(t, "g", r.G, c.num(t, "g"), relTol)
	scale := math.Sqrt(float64(r.N1*r.N2) / float64(r.N1+r.N2))
	lo, hi, err := CohensDCI(r.D*scale, float64(r.N1+r.N2-2), scale, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	check(t, "ci_lo", lo, c.num(t, "ci_lo"), relTol)
	check(t, "ci_hi", hi, c.num(t, "ci_hi"), relTol)
}
