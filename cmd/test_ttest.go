package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pssa-project/pssa/internal/dataset"
	"github.com/pssa-project/pssa/internal/results"
	"github.com/pssa-project/pssa/stats"
)

func newTestPairedTCmd(g *globalOptions) *cobra.Command {
	in := &testInput{globalOptions: g}
	var x, y string
	var tf tFlags
	c := testCommand(in, "paired-t FILE --x A --y B", "Paired t-test on A − B, with d_z and d_av",
		`paired-t tests the mean of the paired differences A − B (--x A --y B), as R's
t.test(A, B, paired = TRUE), with Cohen's d_z (SPSS 28's d for paired samples)
and its noncentral-t interval, and d_av.`,
		`  pssa test paired-t scored.csv --x SSQ_TOTAL_T2 --y SSQ_TOTAL_T1`,
		func(cmd *cobra.Command, t *dataset.Table) (any, error) {
			alt, err := tf.check()
			if err != nil {
				return nil, err
			}
			xs, ys, dropped, err := pairedColumns(t, "paired-t", x, y)
			if err != nil {
				return nil, err
			}
			r, err := stats.PairedT(xs, ys, alt)
			if err != nil {
				return nil, testErr("paired-t", in.file, err)
			}
			ci, _ := stats.PairedCI(xs, ys, tf.level)
			return &results.PairedTTest{
				Caption: results.Caption{Title: fmt.Sprintf("Paired t-test: %s − %s", x, y), Notes: []string{
					"d_z = mean difference / SD of the differences (SPSS 28's Cohen's d for paired samples); d_av = mean difference / mean of the two SDs.",
					fmt.Sprintf("Intervals (%g%%, two-sided): mean difference as t.test; d_z by inverting the noncentral t; d_av by the same noncentral t scaled by the ratio of the standardizers (Algina & Keselman 2003).", 100*tf.level)}},
				Test: "paired-t", Alternative: alt.String(), N: r.N, NDropped: dropped, Statistic: r.T, DF: r.DF, P: r.P, ConfLevel: tf.level,
				MeanDiff: r.MeanDiff, MeanDiffLow: ci.MeanDiffLow, MeanDiffHi: ci.MeanDiffHigh, SDDiff: r.SDDiff,
				Dz: r.Dz, DzCILow: ci.DzLow, DzCIHigh: ci.DzHigh, Dav: r.Dav, DavCILow: ci.DavLow, DavCIHigh: ci.DavHigh,
			}, nil
		})
	c.Flags().StringVar(&x, "x", "", "first column (statistics are on x − y)")
	c.Flags().StringVar(&y, "y", "", "second column")
	tf.add(c)
	return c
}

// newTestIndependentTCmd is `pssa test welch` or `pssa test student`.
func newTestIndependentTCmd(g *globalOptions, kind string) *cobra.Command {
	in := &testInput{globalOptions: g}
	var gf groupFlags
	var tf tFlags
	f, title, short := stats.WelchT, "Welch's t-test", "Welch's t-test between two groups, with Cohen's d and Hedges' g"
	if kind == "student" {
		f, title, short = stats.StudentT, "Student's t-test", "Student's t-test (pooled variance) between two groups"
	}
	c := testCommand(in, kind+" FILE --value V --by G", short,
		kind+` compares the means of --value between two groups of --by (`+title+`, as
R's t.test), with Cohen's d (pooled SD) and its noncentral-t interval, and
Hedges' g. --groups A,B fixes the two groups and their order.`,
		`  pssa test `+kind+` scored.csv --value SWLS_TOTAL_T1 --by group --groups PSW,SU`,
		func(cmd *cobra.Command, t *dataset.Table) (any, error) {
			alt, err := tf.check()
			if err != nil {
				return nil, err
			}
			x, y, g1, g2, dropped, err := gf.columns(t, kind)
			if err != nil {
				return nil, err
			}
			r, err := f(x, y, alt)
			if err != nil {
				return nil, testErr(kind, in.file, err)
			}
			ci, _ := stats.IndependentCI(x, y, kind == "student", tf.level)
			return &results.IndependentTTest{
				Caption: results.Caption{Title: fmt.Sprintf("%s: %s by %s (%s vs %s)", title, gf.value, gf.by, g1, g2), Notes: []string{
					"d = (mean1 − mean2) / pooled SD; g = Hedges' g with the exact gamma correction.",
					fmt.Sprintf("Intervals (%g%%, two-sided): mean difference as t.test; d by inverting the noncentral t; g = d's bounds times the correction.", 100*tf.level)}},
				Test: kind, Alternative: alt.String(), Group1: g1, Group2: g2, N1: r.N1, N2: r.N2, NDropped: dropped,
				Mean1: r.Mean1, Mean2: r.Mean2, Statistic: r.T, DF: r.DF, P: r.P, ConfLevel: tf.level,
				MeanDiff: r.Mean1 - r.Mean2, MeanDiffLow: ci.MeanDiffLow, MeanDiffHi: ci.MeanDiffHigh,
				D: r.D, DCILow: ci.DLow, DCIHigh: ci.DHigh, G: r.G, GCILow: ci.GLow, GCIHigh: ci.GHigh,
			}, nil
		})
	gf.add(c)
	tf.add(c)
	return c
}
