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
			cur.Rows = append(cur.Rows, []Cell{T(strings.Join(r.Times, "–")), T(strings.Join(r.Groups, ", ")),
				T("mixed ANOVA, group × time"), T(n), T(""), T(""), T(fTest(r.ANOVAF, r.ANOVADF1, r.ANOVADF2)),
				v.pCell(r.ANOVAP, alpha, r.ANOVANote), T(etaG(r.ANOVAGenEtaSq))})
			dagger(cur, ScaleLabel(r.Scale)+" mixed ANOVA", r.ANOVANote)
		}
		cur.Rows = append(cur.Rows, []Cell{T(r.From + "–" + r.To), T(v.label(r.Group1) + " vs " + v.label(r.Group2)),
			T("Mann-Whitney, change"), T(fmt.Sprintf("%d/%d", r.ChangeN1, r.ChangeN2)),
			T(signed(r.ChangeMean1, 2)), T(signed(r.ChangeMean2, 2)), T(uStat(r.ChangeU)),
			v.pCell(r.ChangeP, alpha, r.ChangeNote), T(rEffect(r.ChangeR))})
		dagger(cur, ScaleLabel(r.Scale)+" "+r.From+"–"+r.To+" "+r.Group1+" vs "+r.Group2, r.ChangeNote)
	}
	if len(out) > 0 {
		last := &out[len(out)-1]
		last.Notes = append(last.Notes,
			"Group × time: mixed (split-plot) ANOVA with type III sums of squares (afex::aov_ez, SPSS GLM Repeated Measures) on the participants observed at every time point listed (complete cases; dropped = participants with a missing one); F of the group × time interaction, η²G generalized eta squared.",
			"Mann-Whitney, change: Mann-Whitney U test (U of the first group) of the change scores (later − earlier) between the two groups, on the participants observed at both time points; Δ₁, Δ₂ mean change of each group; r = z/√(n1 + n2), positive when the first group changes more.")
	}
	return out
}

func fTest(f, df1, df2 float64) string {
	if math.IsNaN(f) {
		return "–"
	}
	return fmt.Sprintf("F(%s, %s) = %s", FormatNumber(df1, -1), FormatNumber(df2, -1), FormatNumber(f, 2))
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
