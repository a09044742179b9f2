package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pssa-project/pssa/internal/dataset"
	"github.com/pssa-project/pssa/internal/results"
	"github.com/pssa-project/pssa/stats"
)

func newTestRMANOVACmd(g *globalOptions) *cobra.Command {
	in := &testInput{globalOptions: g}
	var cols []string
	var level float64
	c := testCommand(in, "rmanova FILE --cols A,B,C", "Repeated-measures ANOVA with Mauchly, Greenhouse-Geisser and Huynh-Feldt",
		`rmanova runs the one-way repeated-measures ANOVA over the columns of --cols
(complete cases), as car::Anova on an mlm: F, Mauchly's test of sphericity,
Greenhouse-Geisser and Huynh-Feldt corrections (HF capped at 1), partial and
generalized eta squared.`,
		`  pssa test rmanova scored.csv --cols RAS-R_TOTAL_T1,RAS-R_TOTAL_T2,RAS-R_TOTAL_T3 --format json`,
		func(cmd *cobra.Command, t *dataset.Table) (any, error) {
			if err := checkLevel(level); err != nil {
				return nil, err
			}
			data, dropped, err := wideColumns(t, "rmanova", cols)
			if err != nil {
				return nil, err
			}
			r, err := stats.RepeatedMeasuresANOVA(data)
			if err != nil {
				return nil, testErr("rmanova", in.file, err)
			}
			lo, hi, _ := stats.PartialEtaSqCI(r.F, r.DF1, r.DF2, level)
			return &results.RMANOVATest{
				Caption: results.Caption{Title: "Repeated-measures ANOVA: " + strings.Join(cols, ", "), Notes: []string{
					"complete cases only (n_dropped rows left out); hf_epsilon is capped at 1, as car.",
					fmt.Sprintf("partial eta squared: %g%% two-sided interval from the noncentral F (effectsize::F_to_eta2's mapping).", 100*level)}},
				Test: "rmanova", N: r.N, NDropped: dropped, F: r.F, DF1: r.DF1, DF2: r.DF2, P: r.P,
				MauchlyW: r.MauchlyW, MauchlyP: r.MauchlyP, GGEpsilon: r.GGEpsilon, GGP: r.GGP, HFEpsilon: r.HFEpsilon, HFP: r.HFP,
				PartialEtaSq: r.PartialEtaSq, ConfLevel: level, PartialEtaSqLow: lo, PartialEtaSqHigh: hi, GeneralizedEtaSq: r.GeneralizedEtaSq,
			}, nil
		})
	c.Flags().StringSliceVar(&cols, "cols", nil, "the time-point columns, in order")
	addConfLevel(c, &level)
	return c
}

func newTestFriedmanCmd(g *globalOptions) *cobra.Command {
	in := &testInput{globalOptions: g}
	var cols []string
	var digitsRank int
	c := testCommand(in, "friedman FILE --cols A,B,C", "Friedman rank-sum test over time points",
		`friedman runs the Friedman rank-sum test over the columns of --cols (complete
cases), as R's friedman.test, with Kendall's W = χ²/(n(k − 1)). Each subject's
values are rounded to 12 significant digits before ranking (--digits-rank).`,
		`  pssa test friedman scored.csv --cols RAS-R_TOTAL_T1,RAS-R_TOTAL_T2,RAS-R_TOTAL_T3`,
		func(cmd *cobra.Command, t *dataset.Table) (any, error) {
			data, dropped, err := wideColumns(t, "friedman", cols)
			if err != nil {
				return nil, err
			}
			r, err := stats.FriedmanWithOptions(data, stats.RankOptions{DigitsRank: digitsRank})
			for _, w := range r.Warnings {
				in.warn(w)
			}
			if err != nil {
				return nil, testErr("friedman", in.file, err)
			}
			return &results.FriedmanTest{
				Caption: results.Caption{Title: "Friedman rank-sum test: " + strings.Join(cols, ", ")},
				Test:    "friedman", DigitsRank: stats.FormatDigitsRank(digitsRank), N: r.N, NDropped: dropped, Statistic: r.Statistic, DF: r.DF, P: r.P, KendallW: r.KendallW,
			}, nil
		})
	c.Flags().StringSliceVar(&cols, "cols", nil, "the time-point columns, in order")
	digitsRankFlag(c, &digitsRank)
	return c
}
