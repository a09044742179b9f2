package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pssa-project/pssa/internal/dataset"
	"github.com/pssa-project/pssa/internal/results"
	"github.com/pssa-project/pssa/stats"
)

func newTestWilcoxonCmd(g *globalOptions) *cobra.Command {
	in := &testInput{globalOptions: g}
	var x, y string
	var rf rankFlags
	c := testCommand(in, "wilcoxon FILE --x A --y B", "Wilcoxon signed-rank test on A − B",
		`wilcoxon tests the paired differences A − B (--x A --y B) with the Wilcoxon
signed-rank test: V = sum of the ranks of the positive differences (R's
convention), zeros dropped and counted (n_zero), mid-ranks for ties. Exact
p-values are exact conditional ones that hold with ties and zeros.`,
		`  pssa test wilcoxon scored.csv --x SSQ_TOTAL_T2 --y SSQ_TOTAL_T1
  pssa test wilcoxon scored.csv --x SSQ_TOTAL_T2 --y SSQ_TOTAL_T1 --method asymptotic --continuity=false
  pssa test wilcoxon scored.csv --x SSQ_TOTAL_T2 --y SSQ_TOTAL_T1 --where group=PSW`,
		func(cmd *cobra.Command, t *dataset.Table) (any, error) {
			xs, ys, dropped, err := pairedColumns(t, "wilcoxon", x, y)
			if err != nil {
				return nil, err
			}
			if err := checkLevel(rf.level); err != nil {
				return nil, err
			}
			opt := rf.options()
			r, err := stats.SignedRank(xs, ys, opt)
			for _, w := range r.Warnings {
				in.warn(w)
			}
			if err != nil {
				return nil, testErr("wilcoxon", in.file, err)
			}
			plain := opt
			plain.Continuity = false
			r0, _ := stats.SignedRank(xs, ys, plain)
			diff := make([]float64, len(xs))
			for i := range xs {
				diff[i] = xs[i] - ys[i]
			}
			neg, pos, _ := stats.SignCounts(diff)
			rlo, rhi, _ := stats.CorrelationCI(r.R, r.N, rf.level)
			blo, bhi, _ := stats.SignedRankRankBiserialCI(r.RankBiserial, r.NRanked, rf.level)
			return &results.SignedRankTest{
				Caption: results.Caption{Title: fmt.Sprintf("Wilcoxon signed-rank test: %s − %s", x, y), Notes: []string{
					"statistic: V = sum of the ranks of the positive differences (R's convention); zeros dropped (n_zero).",
					"z: tie-corrected normal deviate of V" + map[bool]string{true: " with continuity correction", false: ""}[rf.continuity] + "; r = z/√n with n the complete pairs.",
					"z_spss: SPSS's Z, (smaller rank sum − mean)/SD without continuity correction (never positive); n_negative, n_positive, n_zero: SPSS's ranks counts.",
					fmt.Sprintf("Intervals (%g%%, two-sided): r by Fisher's z (psych::r.con); rank-biserial by Fisher's z with its SE (effectsize).", 100*rf.level)}},
				Test: "wilcoxon", Method: r.Method.String(), Alternative: opt.Alternative.String(), Continuity: rf.continuity, DigitsRank: stats.FormatDigitsRank(opt.DigitsRank),
				N: r.N, NZero: r.NZero, NNegative: neg, NPositive: pos, NDropped: dropped, Statistic: r.V, Z: r.Z, ZSPSS: stats.SPSSZ(r0.Z), P: r.P,
				ConfLevel: rf.level, R: r.R, RCILow: rlo, RCIHigh: rhi, RankBiserial: r.RankBiserial, RBCILow: blo, RBCIHigh: bhi,
			}, nil
		})
	c.Flags().StringVar(&x, "x", "", "first column (statistics are on x − y)")
	c.Flags().StringVar(&y, "y", "", "second column")
	rf.add(c)
	return c
}
