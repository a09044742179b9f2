package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pssa-project/pssa/internal/dataset"
	"github.com/pssa-project/pssa/internal/results"
	"github.com/pssa-project/pssa/stats/mixed"
)

func newTestLMMCmd(g *globalOptions) *cobra.Command {
	in := &testInput{globalOptions: g}
	var cols, groups []string
	var by, cov string
	c := testCommand(in, "lmm FILE --by G --cols A,B,C", "Linear mixed model: group × time on all available observations",
		`lmm fits the linear mixed model y ~ group*time (sum-to-zero contrasts, REML)
to the time points in --cols (in that order) between the groups of --by, using
every observation: a participant who missed a visit still counts with the
others (n_partial says how many did).
--covariance ri (default): a random intercept per participant, as
lmerTest::lmer(y ~ group*time + (1|id)), type III F tests with Satterthwaite df
as anova(m, type = 3). --covariance un: an unstructured covariance of the time
points (MMRM), as nlme::gls(correlation = corSymm, weights = varIdent by time),
F tests as emmeans::joint_tests.
Estimated marginal means per group and time point, the change within each group
between consecutive time points (later - earlier) and the difference in change
between each pair of groups (group1 - group2), with Satterthwaite df, 95% CIs
and unadjusted p-values (emmeans). --groups A,B,... chooses the groups and their
order (default: all, in order of first appearance).`,
		`  pssa test lmm scored.csv --by group --cols SSQ_TOTAL_T1,SSQ_TOTAL_T2,SSQ_TOTAL_T3
  pssa test lmm scored.csv --by group --cols SWLS_TOTAL_T1,SWLS_TOTAL_T3 --covariance un --format json`,
		func(cmd *cobra.Command, t *dataset.Table) (any, error) {
			d, err := groupTimeColumns(t, "lmm", by, groups, cols, in.warn)
			if err != nil {
				return nil, err
			}
			cv, _ := mixed.ParseCovariance(cov)
			r, err := mixed.FitLMM(*d, cv)
			if err != nil {
				return nil, testErr("lmm", in.file, err)
			}
			return lmmRow(r, d, by, cols), nil
		})
	f := c.Flags()
	f.StringVar(&by, "by", "", "the group column")
	f.StringSliceVar(&groups, "groups", nil, "the groups to compare, in order (e.g. PSW,SU); default: all, in order of first appearance")
	f.StringSliceVar(&cols, "cols", nil, "the time-point columns, in order")
	enumFlag(c, f, &cov, "covariance", "", "ri", []string{"ri", "un"}, nil, "within-participant covariance: ri (random intercept) or un (unstructured)")
	return c
}

// lmmRow turns a mixed.LMMResult into the `pssa test lmm` row.
func lmmRow(r *mixed.LMMResult, d *mixed.Design, by string, cols []string) *results.LMMTest {
	model := "random intercept per participant (lmerTest::lmer, anova(type = 3))"
	if r.Covariance == "un" {
		model = "unstructured covariance of the time points (nlme::gls corSymm + varIdent; emmeans::joint_tests)"
	}
	row := &results.LMMTest{
		Caption: results.Caption{Title: fmt.Sprintf("Linear mixed model: %s by %s", strings.Join(cols, ", "), by), Notes: []string{
			"REML, sum-to-zero contrasts, " + model + "; all available observations (n_partial participants have only some time points).",
			"Satterthwaite df; changes are later - earlier, interaction contrasts group1 - group2 of the change; p unadjusted."}},
		Test: "lmm", Covariance: r.Covariance, NParticipants: r.NParticipants, NObservations: r.NObservations, NPartial: r.NPartial,
		REMLLogLik: r.REMLLogLik, Iterations: r.Iterations, Groups: d.Groups, Times: d.Times, Warnings: r.Warnings,
	}
	for _, e := range r.Effects {
		row.Effects = append(row.Effects, results.LMMEffect{Effect: e.Effect, DF1: e.DF1, DF2: e.DF2, F: e.F, P: e.P, Note: e.Reason})
	}
	for _, e := range r.EMMeans {
		row.EMMeans = append(row.EMMeans, results.LMMEMM{Group: e.Group, Time: e.Time, Estimate: e.Estimate, SE: e.SE, DF: e.DF,
			CILow: e.CILow, CIHigh: e.CIHigh, Note: e.Reason})
	}
	for _, e := range r.Changes {
		row.Changes = append(row.Changes, results.LMMChange{Group: e.Group, From: e.From, To: e.To, Estimate: e.Estimate, SE: e.SE,
			DF: e.DF, CILow: e.CILow, CIHigh: e.CIHigh, P: e.P, Note: e.Reason})
	}
	for _, e := range r.InteractionContrasts {
		row.InteractionContrasts = append(row.InteractionContrasts, results.LMMInteraction{From: e.From, To: e.To, Group1: e.Group1,
			Group2: e.Group2, Estimate: e.Estimate, SE: e.SE, DF: e.DF, CILow: e.CILow, CIHigh: e.CIHigh, P: e.P, Note: e.Reason})
	}
	return row
}
