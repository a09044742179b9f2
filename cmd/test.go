package cmd

import (
	"fmt"
	"math"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pssa-project/pssa/internal/dataset"
	"github.com/pssa-project/pssa/internal/report"
	"github.com/pssa-project/pssa/internal/results"
	"github.com/pssa-project/pssa/stats"
)

type testOptions struct {
	*globalOptions
	kind, file  string
	x, y        string
	value, by   string
	groups      []string
	cols        []string
	method      string
	alternative string
	continuity  bool
	level       float64
}

var testKinds = []string{"wilcoxon", "mannwhitney", "paired-t", "welch", "student", "rmanova", "friedman"}

func newTestCmd(g *globalOptions) *cobra.Command {
	o := &testOptions{globalOptions: g}
	c := &cobra.Command{
		Use:   "test KIND FILE",
		Short: "Run one test on named columns of any CSV",
		Long: `test runs one test on columns of any CSV (for instance the output of pssa score).
Rows with a missing value in a used column are left out and counted.

  wilcoxon     --x A --y B             Wilcoxon signed-rank on A − B (V = sum of positive ranks, as R)
  mannwhitney  --value V --by G        Mann-Whitney U (W = U of the first group, as R)
  paired-t     --x A --y B             paired t on A − B, with d_z and d_av
  welch        --value V --by G        Welch's t, with pooled-SD Cohen's d and Hedges' g
  student      --value V --by G        Student's t (pooled variance)
  rmanova      --cols A,B,C            repeated-measures ANOVA with Mauchly, GG and HF
  friedman     --cols A,B,C            Friedman rank-sum test

--groups A,B fixes which two groups of G are compared and their order (default:
the first two in order of appearance; a third group is an error without it).
Rank tests: --method exact|asymptotic|auto (auto: exact up to 50 pairs or 50 per
group, with or without ties), --continuity (default true; false matches SPSS's
Asymp. Sig.). --alternative two-sided|less|greater.`,
		Example: `  pssa test wilcoxon scored.csv --x SSQ_TOTAL_T2 --y SSQ_TOTAL_T1
  pssa test wilcoxon scored.csv --x SSQ_TOTAL_T2 --y SSQ_TOTAL_T1 --method asymptotic --continuity=false
  pssa test mannwhitney scored.csv --value SWLS_TOTAL_T1 --by group --groups PSW,SU
  pssa test rmanova scored.csv --cols RAS-R_TOTAL_T1,RAS-R_TOTAL_T2,RAS-R_TOTAL_T3 --format json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usagef("test takes KIND and FILE (kinds: %s)", strings.Join(testKinds, ", "))
			}
			return nil
		},
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			if len(args) == 0 {
				return testKinds, cobra.ShellCompDirectiveNoFileComp
			}
			return nil, cobra.ShellCompDirectiveDefault
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.kind, o.file = args[0], args[1]
			return runTest(cmd, o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.x, "x", "", "first column of a paired test (statistics are on x − y)")
	f.StringVar(&o.y, "y", "", "second column of a paired test")
	f.StringVar(&o.value, "value", "", "value column of a two-group test")
	f.StringVar(&o.by, "by", "", "group column of a two-group test")
	f.StringSliceVar(&o.groups, "groups", nil, "the two groups to compare, in order (e.g. PSW,SU)")
	f.StringSliceVar(&o.cols, "cols", nil, "the time-point columns of rmanova or friedman, in order")
	f.StringVar(&o.method, "method", "auto", "rank tests: exact, asymptotic or auto")
	f.StringVar(&o.alternative, "alternative", "two-sided", "two-sided, less or greater")
	f.BoolVar(&o.continuity, "continuity", true, "continuity correction of the asymptotic rank tests")
	f.Float64Var(&o.level, "conf-level", 0.95, "confidence level of Cohen's d intervals")
	return c
}

// testResult is a test's output: ordered keys for the table and the JSON.
type testResult struct {
	title string
	keys  []string
	vals  map[string]any
	notes []string
}

func (r *testResult) set(k string, v any) {
	if _, ok := r.vals[k]; !ok {
		r.keys = append(r.keys, k)
	}
	r.vals[k] = v
}

func runTest(cmd *cobra.Command, o *testOptions) error {
	alt, err := stats.ParseAlternative(o.alternative)
	if err != nil {
		return &usageError{err}
	}
	method, err := stats.ParseMethod(o.method)
	if err != nil {
		return &usageError{err}
	}
	if !(o.level > 0 && o.level < 1) {
		return usagef("--conf-level %g must be between 0 and 1", o.level)
	}
	known := false
	for _, k := range testKinds {
		known = known || k == o.kind
	}
	if !known {
		return usagef("unknown test %q (kinds: %s)", o.kind, strings.Join(testKinds, ", "))
	}
	in, name, err := openInput(cmd, o.file)
	if err != nil {
		return err
	}
	defer in.Close()
	t, err := dataset.LoadTable(in, name, o.delimiterRune(), o.missing)
	if err != nil {
		return err
	}
	res := &testResult{vals: map[string]any{}}
	res.set("test", o.kind)
	rankOpt := stats.RankOptions{Alternative: alt, Method: method, Continuity: o.continuity}
	switch o.kind {
	case "wilcoxon", "paired-t":
		x, y, dropped, err := pairedColumns(t, o)
		if err != nil {
			return err
		}
		if o.kind == "wilcoxon" {
			r, err := stats.SignedRank(x, y, rankOpt)
			if err != nil {
				return testErr(o, err)
			}
			res.title = fmt.Sprintf("Wilcoxon signed-rank test: %s − %s", o.x, o.y)
			res.set("method", r.Method.String())
			res.set("alternative", alt.String())
			res.set("continuity", o.continuity)
			res.set("n", r.N)
			res.set("n_zero", r.NZero)
			res.set("n_dropped", dropped)
			res.set("statistic", r.V)
			res.set("z", r.Z)
			res.set("p", r.P)
			res.set("r", r.R)
			res.set("rank_biserial", r.RankBiserial)
			res.notes = append(res.notes, "statistic: V = sum of the ranks of the positive differences (R's convention); zeros dropped (n_zero).",
				"z: tie-corrected normal deviate of V"+map[bool]string{true: " with continuity correction", false: ""}[o.continuity]+"; r = z/√n with n the complete pairs.")
		} else {
			r, err := stats.PairedT(x, y, alt)
			if err != nil {
				return testErr(o, err)
			}
			lo, hi, _ := stats.CohensDCI(r.T, r.DF, math.Sqrt(float64(r.N)), o.level)
			res.title = fmt.Sprintf("Paired t-test: %s − %s", o.x, o.y)
			res.set("alternative", alt.String())
			res.set("n", r.N)
			res.set("n_dropped", dropped)
			res.set("statistic", r.T)
			res.set("df", r.DF)
			res.set("p", r.P)
			res.set("mean_diff", r.MeanDiff)
			res.set("sd_diff", r.SDDiff)
			res.set("d_z", r.Dz)
			res.set("d_z_ci_low", lo)
			res.set("d_z_ci_high", hi)
			res.set("d_av", r.Dav)
			res.notes = append(res.notes, "d_z = mean difference / SD of the differences (SPSS 28's Cohen's d for paired samples); d_av = mean difference / mean of the two SDs.",
				fmt.Sprintf("d_z interval: %g%% by inverting the noncentral t.", 100*o.level))
		}
	case "mannwhitney", "welch", "student":
		x, y, g1, g2, dropped, err := groupColumns(t, o)
		if err != nil {
			return err
		}
		if o.kind == "mannwhitney" {
			r, err := stats.MannWhitney(x, y, rankOpt)
			if err != nil {
				return testErr(o, err)
			}
			res.title = fmt.Sprintf("Mann-Whitney U test: %s by %s (%s vs %s)", o.value, o.by, g1, g2)
			res.set("method", r.Method.String())
			res.set("alternative", alt.String())
			res.set("continuity", o.continuity)
			res.set("group1", g1)
			res.set("group2", g2)
			res.set("n1", r.N1)
			res.set("n2", r.N2)
			res.set("n_dropped", dropped)
			res.set("statistic", r.W)
			res.set("z", r.Z)
			res.set("p", r.P)
			res.set("r", r.R)
			res.set("rank_biserial", r.RankBiserial)
			res.notes = append(res.notes, "statistic: W = U of the first group (R's convention); rank-biserial = 2W/(n1·n2) − 1, positive when the first group is larger.")
		} else {
			f := stats.WelchT
			title := "Welch's t-test"
			if o.kind == "student" {
				f, title = stats.StudentT, "Student's t-test"
			}
			r, err := f(x, y, alt)
			if err != nil {
				return testErr(o, err)
			}
			scale := math.Sqrt(float64(r.N1*r.N2) / float64(r.N1+r.N2))
			lo, hi, _ := stats.CohensDCI(r.D*scale, float64(r.N1+r.N2-2), scale, o.level)
			res.title = fmt.Sprintf("%s: %s by %s (%s vs %s)", title, o.value, o.by, g1, g2)
			res.set("alternative", alt.String())
			res.set("group1", g1)
			res.set("group2", g2)
			res.set("n1", r.N1)
			res.set("n2", r.N2)
			res.set("n_dropped", dropped)
			res.set("mean1", r.Mean1)
			res.set("mean2", r.Mean2)
			res.set("statistic", r.T)
			res.set("df", r.DF)
			res.set("p", r.P)
			res.set("d", r.D)
			res.set("d_ci_low", lo)
			res.set("d_ci_high", hi)
			res.set("g", r.G)
			res.notes = append(res.notes, "d = (mean1 − mean2) / pooled SD; g = Hedges' g with the exact gamma correction.")
		}
	case "rmanova", "friedman":
		data, dropped, err := wideColumns(t, o)
		if err != nil {
			return err
		}
		if o.kind == "rmanova" {
			r, err := stats.RepeatedMeasuresANOVA(data)
			if err != nil {
				return testErr(o, err)
			}
			res.title = "Repeated-measures ANOVA: " + strings.Join(o.cols, ", ")
			res.set("n", r.N)
			res.set("n_dropped", dropped)
			res.set("f", r.F)
			res.set("df1", r.DF1)
			res.set("df2", r.DF2)
			res.set("p", r.P)
			res.set("mauchly_w", r.MauchlyW)
			res.set("mauchly_p", r.MauchlyP)
			res.set("gg_epsilon", r.GGEpsilon)
			res.set("gg_p", r.GGP)
			res.set("hf_epsilon", r.HFEpsilon)
			res.set("hf_p", r.HFP)
			res.set("partial_eta_sq", r.PartialEtaSq)
			res.set("generalized_eta_sq", r.GeneralizedEtaSq)
			res.notes = append(res.notes, "complete cases only (n_dropped rows left out); hf_epsilon is capped at 1, as car.")
		} else {
			r, err := stats.Friedman(data)
			if err != nil {
				return testErr(o, err)
			}
			res.title = "Friedman rank-sum test: " + strings.Join(o.cols, ", ")
			res.set("n", r.N)
			res.set("n_dropped", dropped)
			res.set("statistic", r.Statistic)
			res.set("df", r.DF)
			res.set("p", r.P)
			res.set("kendall_w", r.KendallW)
		}
	}
	return o.emit(cmd, testDocument(res), o.file)
}

func testErr(o *testOptions, err error) error {
	return fmt.Errorf("%s on %s: %v", o.kind, o.file, err)
}

func need(flag, val, kind string) error {
	if strings.TrimSpace(val) == "" {
		return usagef("%s needs --%s", kind, flag)
	}
	return nil
}

func pairedColumns(t *dataset.Table, o *testOptions) (x, y []float64, dropped int, err error) {
	if err := need("x", o.x, o.kind); err != nil {
		return nil, nil, 0, err
	}
	if err := need("y", o.y, o.kind); err != nil {
		return nil, nil, 0, err
	}
	xs, err := numericColumn(t, o.x)
	if err != nil {
		return nil, nil, 0, err
	}
	ys, err := numericColumn(t, o.y)
	if err != nil {
		return nil, nil, 0, err
	}
	for i := range xs {
		if math.IsNaN(xs[i]) || math.IsNaN(ys[i]) {
			dropped++
			continue
		}
		x = append(x, xs[i])
		y = append(y, ys[i])
	}
	if len(x) == 0 {
		return nil, nil, 0, fmt.Errorf("%s: no row has both %s and %s (%d rows, all with one missing)", t.File, o.x, o.y, len(xs))
	}
	return x, y, dropped, nil
}

func numericColumn(t *dataset.Table, name string) ([]float64, error) {
	c, err := t.Column(name)
	if err != nil {
		return nil, err
	}
	return t.Numeric(c)
}

func groupColumns(t *dataset.Table, o *testOptions) (x, y []float64, g1, g2 string, dropped int, err error) {
	if err := need("value", o.value, o.kind); err != nil {
		return nil, nil, "", "", 0, err
	}
	if err := need("by", o.by, o.kind); err != nil {
		return nil, nil, "", "", 0, err
	}
	vals, err := numericColumn(t, o.value)
	if err != nil {
		return nil, nil, "", "", 0, err
	}
	bc, err := t.Column(o.by)
	if err != nil {
		return nil, nil, "", "", 0, err
	}
	labels := t.Text(bc)
	var order []string
	seen := map[string]bool{}
	for _, l := range labels {
		if l != "" && !seen[l] {
			seen[l] = true
			order = append(order, l)
		}
	}
	switch {
	case len(o.groups) == 2:
		g1, g2 = strings.TrimSpace(o.groups[0]), strings.TrimSpace(o.groups[1])
		for _, g := range []string{g1, g2} {
			if !seen[g] {
				return nil, nil, "", "", 0, fmt.Errorf("%s: column %s has no group %q (groups: %s)", t.File, o.by, g, strings.Join(order, ", "))
			}
		}
		if g1 == g2 {
			return nil, nil, "", "", 0, usagef("--groups names %s twice", g1)
		}
	case len(o.groups) != 0:
		return nil, nil, "", "", 0, usagef("--groups takes exactly two groups, e.g. --groups PSW,SU")
	case len(order) == 2:
		g1, g2 = order[0], order[1]
	case len(order) < 2:
		return nil, nil, "", "", 0, fmt.Errorf("%s: column %s has %d group(s) (%s); a two-group test needs two", t.File, o.by, len(order), strings.Join(order, ", "))
	default:
		return nil, nil, "", "", 0, usagef("column %s has %d groups (%s): choose two with --groups", o.by, len(order), strings.Join(order, ", "))
	}
	for i, l := range labels {
		if l != g1 && l != g2 {
			continue
		}
		if math.IsNaN(vals[i]) {
			dropped++
			continue
		}
		if l == g1 {
			x = append(x, vals[i])
		} else {
			y = append(y, vals[i])
		}
	}
	return x, y, g1, g2, dropped, nil
}

func wideColumns(t *dataset.Table, o *testOptions) ([][]float64, int, error) {
	if len(o.cols) < 2 {
		return nil, 0, usagef("%s needs --cols with at least two columns, e.g. --cols A_T1,A_T2,A_T3", o.kind)
	}
	cols := make([][]float64, len(o.cols))
	for j, name := range o.cols {
		v, err := numericColumn(t, name)
		if err != nil {
			return nil, 0, err
		}
		cols[j] = v
	}
	var data [][]float64
	dropped := 0
	for i := range cols[0] {
		row := make([]float64, len(cols))
		ok := true
		for j := range cols {
			row[j] = cols[j][i]
			ok = ok && !math.IsNaN(row[j])
		}
		if !ok {
			dropped++
			continue
		}
		data = append(data, row)
	}
	if len(data) < 2 {
		return nil, 0, fmt.Errorf("%s: %d complete rows over %s (need at least 2; %d rows have a missing value)", t.File, len(data), strings.Join(o.cols, ", "), dropped)
	}
	return data, dropped, nil
}

func testDocument(r *testResult) *report.Document {
	t := report.Table{Title: r.title, Columns: []string{"quantity", "value"}, Notes: r.notes}
	js := results.NewObject()
	for _, k := range r.keys {
		v := r.vals[k]
		var cell report.Cell
		switch x := v.(type) {
		case float64:
			js.Set(k, x)
			if k == "p" || strings.HasSuffix(k, "_p") {
				cell = report.P(x)
			} else {
				cell = report.N(x, 4)
			}
		case int:
			js.Set(k, x)
			cell = report.I(x)
		case bool:
			js.Set(k, x)
			cell = report.T(fmt.Sprint(x))
		default:
			js.Set(k, v)
			cell = report.T(fmt.Sprint(v))
		}
		t.Rows = append(t.Rows, []report.Cell{report.T(k), cell})
	}
	return &report.Document{Tables: []report.Table{t}, JSON: js}
}
