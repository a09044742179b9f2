package report

import (
	"strings"

	"github.com/pssa-project/pssa/internal/results"
)

// DescribeDocument lays out describe's table: one row per group × scale ×
// time point.
func DescribeDocument(res *results.Analysis, v AnalysisView) *Document {
	t := Table{Title: "Descriptives and reliability", Columns: []string{"Group", "Scale", "Time", "n", "M", "SD", "Mdn", "Q1", "Q3", "Min", "Max", "Prorated", "α", "α std", "ω"}}
	for _, d := range res.Descriptives {
		t.Rows = append(t.Rows, []Cell{T(d.Group), T(strings.TrimSpace(ScaleLabel(d.Scale) + " " + arrow(d.Scale))), T(d.Time), I(d.N), N(d.Mean, 2), N(d.SD, 2),
			N(d.Median, 2), N(d.Q1, 2), N(d.Q3, 2), N(d.Min, 2), N(d.Max, 2), I(d.Prorated), N(d.Alpha, 3), N(d.AlphaStd, 3), omegaCell(d)})
	}
	t.Notes = []string{
		"↑ higher is better; ↓ lower is better. SD with n − 1; quartiles by R's quantile type 7; Prorated: scores formed with up to " + prorating(res.Scales) + " of the items missing.",
		"α: Cronbach's alpha from the items (raw; α std from the correlations), participants with every item answered; – where not computed.",
		"ω: McDonald's omega total from a one-factor maximum-likelihood factor analysis of the same participants' item correlations (as R's factanal); not computed with fewer than 3 items (k < 3), fewer participants than items or items that are linear combinations of others (singular), or an item loading of about 1 (Heywood: the one-factor model does not fit); the JSON's omega_note says which.",
	}
	return &Document{Tables: []Table{t}, JSON: res.Document("descriptives"), Results: res, View: v}
}

// omegaCell is ω, or a short reason where it was not computed.
func omegaCell(d *results.Descriptive) Cell {
	c := N(d.Omega, 3)
	switch note := d.OmegaNote; {
	case note == "":
	case strings.HasPrefix(note, "Heywood"):
		c.Note = "Heywood"
	case strings.Contains(note, "singular"):
		c.Note = "singular"
	case strings.Contains(note, "3 items"):
		c.Note = "k < 3"
	}
	return c
}
