package report

import (
	"strings"

	"github.com/pssa-project/pssa/internal/results"
)

// DescribeDocument lays out describe's table: one row per group × scale ×
// time point.
func DescribeDocument(res *results.Analysis, v AnalysisView) *Document {
	t := Table{Title: "Descriptives and reliability", Columns: []string{"Group", "Scale", "Time", "n", "M", "SD", "Mdn", "Q1", "Q3", "Min", "Max", "Prorated", "α", "α std"}}
	for _, d := range res.Descriptives {
		t.Rows = append(t.Rows, []Cell{T(d.Group), T(strings.TrimSpace(ScaleLabel(d.Scale) + " " + arrow(d.Scale))), T(d.Time), I(d.N), N(d.Mean, 2), N(d.SD, 2),
			N(d.Median, 2), N(d.Q1, 2), N(d.Q3, 2), N(d.Min, 2), N(d.Max, 2), I(d.Prorated), N(d.Alpha, 3), N(d.AlphaStd, 3)})
	}
	t.Notes = []string{
		"↑ higher is better; ↓ lower is better. SD with n − 1; quartiles by R's quantile type 7; Prorated: scores formed with up to " + prorating(res.Scales) + " of the items missing.",
		"α: Cronbach's alpha from the items (raw; α std from the correlations), participants with every item answered; – where not computed.",
	}
	return &Document{Tables: []Table{t}, JSON: res.Document("descriptives")}
}
