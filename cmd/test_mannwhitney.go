package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pssa-project/pssa/internal/dataset"
	"github.com/pssa-project/pssa/internal/results"
	"github.com/pssa-project/pssa/stats"
)

func newTestMannWhitneyCmd(g *globalOptions) *cobra.Command {
	in := &testInput{globalOptions: g}
	var gf groupFlags
	var rf rankFlags
	c := testCommand(in, "mannwhitney FILE --value V --by G", "Mann-Whitney U test between two groups",
		`mannwhitney compares the values of --value between two groups of --by with the
Mann-Whitney U (Wilcoxon rank-sum) test: W = U of the first group (R's
convention), mid-ranks for ties; exact p-values are exact conditional ones.
--groups A,B fixes which two groups are compared and their order (default: the
first two in order of appearance; a third group is an error without it).`,
		`  pssa test mannwhitney scored.csv --value SWLS_TOTAL_T1 --by group --groups PSW,SU`,
		func(cmd *cobra.Command, t *dataset.Table) (any, error) {
			x, y, g1, g2, dropped, err := gf.columns(t, "mannwhitney")
			if err != nil {
				return nil, err
			}
			if err := checkLevel(rf.level); err != nil {
				return nil, err
			}
			opt := rf.options()
			r, err := stats.MannWhitney(x, y, opt)
			for _, w := range r.Warnings {
				in.warn(w)
			}
			if err != nil {
				return nil, testErr("mannwhitney", in.file, err)
			}
			plain := opt
			plain.Continuity = false
			r0, _ := stats.MannWhitney(x, y, plain)
			rlo, rhi, _ := stats.CorrelationCI(r.R, r.N1+r.N2, rf.level)
			blo, bhi, _ := stats.MannWhitneyRankBiserialCI(r.RankBiserial, r.N1, r.N2, rf.level)
			return &results.MannWhitneyTest{
				Caption: results.Caption{Title: fmt.Sprintf("Mann-Whitney U test: %s by %s (%s vs %s)", gf.value, gf.by, g1, g2), Notes: []string{
					"statistic: W = U of the first group (R's convention); rank-biserial = 2W/(n1·n2) − 1, positive when the first group is larger.",
					"z_spss: SPSS's Z, (smaller U − mean)/SD without continuity correction (never positive).",
					fmt.Sprintf("Intervals (%g%%, two-sided): r by Fisher's z (psych::r.con); rank-biserial by Fisher's z with its SE (effectsize).", 100*rf.level)}},
				Test: "mannwhitney", Method: r.Method.String(), Alternative: opt.Alternative.String(), Continuity: rf.continuity, DigitsRank: stats.FormatDigitsRank(opt.DigitsRank),
				Group1: g1, Group2: g2, N1: r.N1, N2: r.N2, NDropped: dropped, Statistic: r.W, Z: r.Z, ZSPSS: stats.SPSSZ(r0.Z), P: r.P,
				ConfLevel: rf.level, R: r.R, RCILow: rlo, RCIHigh: rhi, RankBiserial: r.RankBiserial, RBCILow: blo, RBCIHigh: bhi,
			}, nil
		})
	gf.add(c)
	rf.add(c)
	return c
}
