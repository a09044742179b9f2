package mixed

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/pssa-project/pssa/stats"
)

// lmmTol is the relative tolerance against R: the reference values are
// R's, refined to the REML optimum (testdata/r/lmm_reference.R); pssa's
// optimiser stops at a gradient of 1e-9·N.
const lmmTol = 1e-6

// lmmReadDesign reads testdata/r/lmm_<name>.csv (id, group, time columns).
func lmmReadDesign(t testing.TB, name string) Design {
	t.Helper()
	f, err := os.Open("../../testdata/r/lmm_" + name + ".csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	d := Design{Times: rows[0][2:]}
	gi := map[string]int{}
	for _, r := range rows[1:] {
		g, ok := gi[r[1]]
		if !ok {
			g = len(d.Groups)
			gi[r[1]] = g
			d.Groups = append(d.Groups, r[1])
		}
		y := make([]float64, len(d.Times))
		for j, v := range r[2:] {
			if v == "" {
				y[j] = math.NaN()
				continue
			}
			if y[j], err = strconv.ParseFloat(v, 64); err != nil {
				t.Fatal(err)
			}
		}
		d.Y = append(d.Y, y)
		d.Group = append(d.Group, g)
	}
	return d
}

type lmmRefKey struct{ design, cov, section, name, quantity string }

func lmmReadRef(t *testing.T) (map[lmmRefKey]float64, [][2]string) {
	f, err := os.Open("../../testdata/r/lmm_reference.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ref := map[lmmRefKey]float64{}
	var fits [][2]string
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		p := strings.Split(sc.Text(), "\t")
		v := math.NaN()
		if p[5] != "NA" {
			if v, err = strconv.ParseFloat(p[5], 64); err != nil {
				t.Fatal(err)
			}
		}
		k := lmmRefKey{p[0], p[1], p[2], p[3], p[4]}
		ref[k] = v
		if p[2] == "fit" && p[4] == "reml_loglik" {
			fits = append(fits, [2]string{p[0], p[1]})
		}
	}
	return ref, fits
}

func lmmClose(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol*math.Max(math.Abs(want), 1e-8)
}

// TestFitLMMAgainstR checks every number of FitLMM against the R reference
// (lmerTest::lmer + anova(type = 3) + emmeans for ri; nlme::gls +
// emmeans::joint_tests for un), refined to the REML optimum.
func TestFitLMMAgainstR(t *testing.T) {
	ref, fits := lmmReadRef(t)
	if len(fits) < 9 {
		t.Fatalf("only %d fits in the reference", len(fits))
	}
	for _, dc := range fits {
		design, covName := dc[0], dc[1]
		t.Run(design+"/"+covName, func(t *testing.T) {
			d := lmmReadDesign(t, design)
			cov, err := ParseCovariance(covName)
			if err != nil {
				t.Fatal(err)
			}
			res, err := FitLMM(d, cov)
			if err != nil {
				t.Fatal(err)
			}
			worst := 0.0
			cmp := func(section, name, q string, got float64) {
				t.Helper()
				want, ok := ref[lmmRefKey{design, covName, section, name, q}]
				if !ok {
					t.Errorf("%s %s %s: no reference value", section, name, q)
					return
				}
				if !lmmClose(got, want, lmmTol) {
					t.Errorf("%s %s %s = %.12g, R %.12g (rel %.2g)", section, name, q, got, want, math.Abs(got-want)/math.Abs(want))
				}
				if !math.IsNaN(want) {
					worst = math.Max(worst, math.Abs(got-want)/math.Max(math.Abs(want), 1e-8))
				}
			}
			cmp("fit", "-", "reml_loglik", res.REMLLogLik)
			cmp("fit", "-", "n_participants", float64(res.NParticipants))
			cmp("fit", "-", "n_observations", float64(res.NObservations))
			cmp("fit", "-", "n_partial", float64(res.NPartial))
			if cov == RandomIntercept {
				cmp("fit", "-", "sigma", math.Sqrt(res.Sigma2))
				cmp("fit", "-", "sd_id", math.Sqrt(res.Tau2))
			}
			for _, e := range res.Effects {
				cmp("effect", e.Effect, "df1", e.DF1)
				cmp("effect", e.Effect, "df2", e.DF2)
				cmp("effect", e.Effect, "f", e.F)
				cmp("effect", e.Effect, "p", e.P)
			}
			for _, e := range res.EMMeans {
				n := e.Group + "|" + e.Time
				cmp("emm", n, "estimate", e.Estimate)
				cmp("emm", n, "se", e.SE)
				cmp("emm", n, "df", e.DF)
				cmp("emm", n, "ci_low", e.CILow)
				cmp("emm", n, "ci_high", e.CIHigh)
				if math.IsNaN(e.Estimate) != (e.Reason != "") {
					t.Errorf("emm %s: estimate %v with reason %q", n, e.Estimate, e.Reason)
				}
			}
			for _, c := range res.Changes {
				n := c.Group + "|" + c.From + "|" + c.To
				cmp("change", n, "estimate", c.Estimate)
				cmp("change", n, "se", c.SE)
				cmp("change", n, "df", c.DF)
				cmp("change", n, "ci_low", c.CILow)
				cmp("change", n, "ci_high", c.CIHigh)
				cmp("change", n, "p", c.P)
			}
			for _, c := range res.InteractionContrasts {
				n := c.From + "|" + c.To + "|" + c.Group1 + "|" + c.Group2
				cmp("interaction", n, "estimate", c.Estimate)
				cmp("interaction", n, "se", c.SE)
				cmp("interaction", n, "df", c.DF)
				cmp("interaction", n, "ci_low", c.CILow)
				cmp("interaction", n, "ci_high", c.CIHigh)
				cmp("interaction", n, "p", c.P)
			}
			if !res.Converged {
				t.Errorf("not converged after %d iterations", res.Iterations)
			}
			t.Logf("worst relative difference to R: %.2g (%d BFGS iterations)", worst, res.Iterations)
		})
	}
}

func TestFitLMMDegenerate(t *testing.T) {
	nan := math.NaN()
	base := func() Design {
		return Design{
			Y:      [][]float64{{1, 2, 3}, {2, 2, 4}, {3, 5, 4}, {1, 1, 2}, {2, 4, 3}, {4, 4, 6}},
			Group:  []int{0, 0, 0, 1, 1, 1},
			Groups: []string{"A", "B"},
			Times:  []string{"T1", "T2", "T3"},
		}
	}
	cases := []struct {
		name   string
		mod    func(*Design)
		cov    Covariance
		reason string // substring of the error; "" = fits
	}{
		{"one group", func(d *Design) { d.Groups = d.Groups[:1]; d.Group = []int{0, 0, 0, 0, 0, 0} }, RandomIntercept, "at least 2 groups"},
		{"one time point", func(d *Design) {
			d.Times = d.Times[:1]
			for i := range d.Y {
				d.Y[i] = d.Y[i][:1]
			}
		}, RandomIntercept, "at least 2 time points"},
		{"empty group", func(d *Design) { d.Groups = append(d.Groups, "C") }, RandomIntercept, "group C has no observations"},
		{"no variance", func(d *Design) {
			for i := range d.Y {
				d.Y[i] = []float64{1, 2, 3}
			}
		}, RandomIntercept, "no variance"},
		{"no residual df", func(d *Design) { d.Y = d.Y[:2]; d.Group = []int{0, 1} }, RandomIntercept, "no residual degrees of freedom"},
		{"pair never observed", func(d *Design) {
			for i := range d.Y {
				if i%2 == 0 {
					d.Y[i][0] = nan
				} else {
					d.Y[i][2] = nan
				}
			}
		}, Unstructured, "both T1 and T3"},
		{"no within-participant variation", func(d *Design) {
			for i := range d.Y {
				d.Y[i] = []float64{float64(i), float64(i) + 1, float64(i) + 2}
			}
		}, RandomIntercept, "residual variance is estimated as 0"},
		{"perfect correlation, un", func(d *Design) {
			for i := range d.Y {
				d.Y[i] = []float64{float64(i), float64(i) + 1, float64(i) + 2}
			}
		}, Unstructured, "singular"},
		{"one participant in a group", func(d *Design) { d.Group = []int{0, 0, 0, 0, 0, 1} }, RandomIntercept, ""},
		{"empty cell", func(d *Design) {
			for i := 3; i < 6; i++ {
				d.Y[i][2] = nan
			}
		}, RandomIntercept, ""},
		{"all missing row", func(d *Design) { d.Y[0] = []float64{nan, nan, nan} }, Unstructured, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := base()
			c.mod(&d)
			res, err := FitLMM(d, c.cov)
			if c.reason == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			var de *stats.DegenerateError
			if !errors.As(err, &de) || !strings.Contains(de.Reason, c.reason) {
				t.Fatalf("error %v, want a DegenerateError containing %q (result %v)", err, c.reason, res)
			}
		})
	}
}

// An empty cell: its EMM and every contrast using it carry a reason.
func TestFitLMMEmptyCell(t *testing.T) {
	d := lmmReadDesign(t, "missing_cell")
	res, err := FitLMM(d, RandomIntercept)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range res.EMMeans {
		if e.Reason != "" {
			n++
			if e.Group != "C" || e.Time != "T3" || !strings.Contains(e.Reason, "no data") {
				t.Errorf("unexpected non-estimable EMM %+v", e)
			}
		}
	}
	if n != 1 || len(res.Warnings) == 0 {
		t.Errorf("%d non-estimable EMMs, warnings %q", n, res.Warnings)
	}
}

// The random-intercept variance on its boundary: 0, as lmer's singular fit,
// with a warning.
func TestFitLMMBoundary(t *testing.T) {
	res, err := FitLMM(lmmReadDesign(t, "boundary"), RandomIntercept)
	if err != nil {
		t.Fatal(err)
	}
	if res.Tau2 != 0 || len(res.Warnings) == 0 || !strings.Contains(res.Warnings[0], "boundary") {
		t.Errorf("tau² = %v, warnings %q", res.Tau2, res.Warnings)
	}
}

// Non-convergence is an error with the iteration count, and the result says so.
func TestFitLMMNotConverged(t *testing.T) {
	res, err := FitLMMWith(lmmReadDesign(t, "groups3t4"), LMMOptions{Covariance: Unstructured, MaxIterations: 2})
	var de *stats.DegenerateError
	if !errors.As(err, &de) || !strings.Contains(de.Reason, "did not converge after 2 iterations") {
		t.Fatalf("error %v", err)
	}
	if res == nil || res.Converged || res.Iterations != 2 {
		t.Errorf("result %+v", res)
	}
}

// The unstructured model on a design with an empty cell: F tests NaN with a
// reason, the estimable means still there.
func TestFitLMMUnstructuredEmptyCell(t *testing.T) {
	res, err := FitLMM(lmmReadDesign(t, "missing_cell"), Unstructured)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Effects {
		if !math.IsNaN(e.F) || !strings.Contains(e.Reason, "no data at T3") {
			t.Errorf("%+v", e)
		}
	}
	if math.IsNaN(res.EMMeans[0].Estimate) {
		t.Errorf("EMM %+v", res.EMMeans[0])
	}
}

// Leaving out the marginal means and the main effects (as analyze does)
// changes nothing else: the same changes, contrasts and interaction test,
// bit for bit.
func TestFitLMMWithoutEMMeansSame(t *testing.T) {
	_, fits := lmmReadRef(t)
	for _, dc := range fits {
		d := lmmReadDesign(t, dc[0])
		cov, err := ParseCovariance(dc[1])
		if err != nil {
			t.Fatal(err)
		}
		full, err1 := FitLMMWith(d, LMMOptions{Covariance: cov})
		part, err2 := FitLMMWith(d, LMMOptions{Covariance: cov, NoEMMeans: true, Effects: []string{"group:time"}})
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("%v: errors %v, %v", dc, err1, err2)
		}
		if err1 != nil {
			continue
		}
		if part.EMMeans != nil || len(part.Effects) != 1 || part.Effects[0].Effect != "group:time" {
			t.Errorf("%v: EMMeans %d, effects %v", dc, len(part.EMMeans), part.Effects)
		}
		var gt LMMEffect
		for _, e := range full.Effects {
			if e.Effect == "group:time" {
				gt = e
			}
		}
		same := func(a, b any) bool { return fmt.Sprintf("%#v", a) == fmt.Sprintf("%#v", b) } // NaN == NaN
		if !same(part.Changes, full.Changes) || !same(part.InteractionContrasts, full.InteractionContrasts) || !same(part.Effects[0], gt) {
			t.Errorf("%v: the partial fit differs", dc)
		}
	}
}
