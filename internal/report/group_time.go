package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/pssa-project/pssa/internal/results"
)

// groupTimeTables lays out the group × time block: one table per scale, its
// interaction test first, then the change-score comparisons of each pair of
// groups between consecutive time points.
func groupTimeTables(res *results.Analysis, v AnalysisView) []Table {
	alpha := res.Options.Alpha
	var out []Table
	var cur *Table
	var curScale *results.Scale
	for _, r := range res.GroupTime {
		if r.Scale != curScale {
			curScale = r.Scale
			out = append(out, Table{
				Title:   fmt.Sprintf("%s: group × time (%s; %s)", ScaleLabel(r.Scale), strings.Join(r.Groups, ", "), strings.Join(r.Times, "–")),
				Columns: []string{"Contrast", "Groups", "Test", "n", "Δ₁", "Δ₂", "Statistic", "p", "Effect"},
			})
			cur = &out[len(out)-1]
			n := fmt.Sprintf("%d", r.ANOVAN)
			if r.ANOVADropped > 0 {
				n += fmt.Sprintf(" (%d dropped)", r.ANOVADropped)
			}
			cur.Rows = append(cur.Rows, []Cell{T(strings.Join(r.Times, "–")), T(v.labels(r.Groups)),
				T("mixed ANOVA, group × time"), T(n), T(""), T(""), T(fTest(r.ANOVAF, r.ANOVADF1, r.ANOVADF2)),
				v.pCell(r.ANOVAP, alpha, r.ANOVANote), T(etaG(r.ANOVAGenEtaSq))})
			dagger(cur, ScaleLabel(r.Scale)+" mixed ANOVA", r.ANOVANote)
			if r.LMMCovariance != "" {
				n := fmt.Sprintf("%d (%d obs.", r.LMMNParticipants, r.LMMNObservations)
				if r.LMMNPartial > 0 {
					n += fmt.Sprintf(", %d partial", r.LMMNPartial)
				}
				cur.Rows = append(cur.Rows, []Cell{T(strings.Join(r.Times, "–")), T(v.labels(r.Groups)),
					T("mixed model (" + r.LMMCovariance + "), group × time"), T(n + ")"), T(""), T(""),
					T(fTest(r.LMMF, r.LMMDF1, r.LMMDF2)), v.pCell(r.LMMP, alpha, r.LMMNote), T("")})
				dagger(cur, ScaleLabel(r.Scale)+" mixed model", r.LMMNote)
			}
		}
		cur.Rows = append(cur.Rows, []Cell{T(r.From + "–" + r.To), T(v.label(r.Group1) + " vs " + v.label(r.Group2)),
			T("Mann-Whitney, change"), T(fmt.Sprintf("%d/%d", r.ChangeN1, r.ChangeN2)),
			signedCell(r.ChangeMean1, 2), signedCell(r.ChangeMean2, 2), T(uStat(r.ChangeU)),
			v.pCell(r.ChangeP, alpha, r.ChangeNote), T(rEffect(r.ChangeR))})
		dagger(cur, ScaleLabel(r.Scale)+" "+r.From+"–"+r.To+" "+r.Group1+" vs "+r.Group2, r.ChangeNote)
		if r.LMMCovariance != "" {
			cur.Rows = append(cur.Rows, []Cell{T(r.From + "–" + r.To), T(v.label(r.Group1) + " − " + v.label(r.Group2)),
				T("mixed model, change"), T(""),
				T(withCI(r.LMMChange1, r.LMMChange1CILow, r.LMMChange1CIHigh)),
				T(withCI(r.LMMChange2, r.LMMChange2CILow, r.LMMChange2CIHigh)),
				T("Δ₁ − Δ₂ = " + withCI(r.LMMDiff, r.LMMDiffCILow, r.LMMDiffCIHigh)),
				v.pCell(r.LMMDiffP, alpha, ""), T("")})
		}
	}
	if len(out) > 0 {
		last := &out[len(out)-1]
		last.Notes = append(last.Notes,
			"Group × time: mixed (split-plot) ANOVA with type III sums of squares (afex::aov_ez, SPSS GLM Repeated Measures) on the participants observed at every time point listed (complete cases; dropped = participants with a missing one); F of the group × time interaction, η²G generalized eta squared.",
			"Mann-Whitney, change: Mann-Whitney U test (U of the first group) of the change scores (later − earlier) between the two groups, on the participants observed at both time points; Δ₁, Δ₂ mean change of each group; r = z/√(n1 + n2), positive when the first group changes more.")
		if res.Options.MixedModel == "ri" || res.Options.MixedModel == "un" {
			model := "a random intercept per participant (lmerTest::lmer)"
			if res.Options.MixedModel == "un" {
				model = "an unstructured covariance over time points (MMRM, nlme::gls)"
			}
			last.Notes = append(last.Notes, "Mixed model: linear mixed model on all available observations, REML, "+model+
				"; F of the group × time interaction (type III, Satterthwaite df); n = participants (observations; partial = participants with some time points missing); "+
				"mixed model, change: each group's estimated change with its "+ciHeader(res.Options)+" (emmeans) and the difference in change Δ₁ − Δ₂ with its "+ciHeader(res.Options)+" and p.")
		}
	}
	return out
}

func fTest(f, df1, df2 float64) string {
	if math.IsNaN(f) {
		return "–"
	}
	return fmt.Sprintf("F(%s, %s) = %s", dfText(df1), dfText(df2), FormatNumber(f, 2))
}

// dfText writes a whole df as it is and Satterthwaite's to one decimal.
func dfText(df float64) string {
	if df == math.Trunc(df) {
		return FormatNumber(df, 0)
	}
	return FormatNumber(df, 1)
}

func uStat(u float64) string {
	if math.IsNaN(u) {
		return "–"
	}
	return "U = " + FormatNumber(u, 1)
}

func etaG(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return "η²G = " + FormatNumber(x, 2)
}

func rEffect(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return "r = " + FormatNumber(x, 2)
}

// withCI writes an estimate and its interval: "+3.41 [−3.35, 10.17]".
func withCI(est, lo, hi float64) string {
	if math.IsNaN(est) {
		return "–"
	}
	return signed(est, 2) + " " + interval(lo, hi, 2)
}
