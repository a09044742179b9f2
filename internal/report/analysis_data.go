package report

import (
	"math"
	"slices"

	"github.com/pssa-project/pssa/internal/analysis"
)

// analysisJSON builds the JSON object of DESIGN.md section 6.
func analysisJSON(res *analysis.Results) any {
	top := NewObject()
	in := NewObject()
	in.Set("file", res.Input.File)
	in.Set("rows", res.Input.Rows)
	in.Set("groups", nonNil(res.Input.Groups))
	in.Set("instruments", nonNil(res.Input.Instruments))
	in.Set("time_points", nonNil(res.Input.TimePoints))
	top.Set("input", in)
	opts := NewObject()
	o := res.Options
	opts.Set("paired_test", o.PairedTest)
	opts.Set("between_test", o.BetweenTest)
	opts.Set("contrasts", o.Contrasts)
	opts.Set("method", o.Method.String())
	opts.Set("continuity", o.Continuity)
	opts.Set("adjust", o.Adjust.String())
	opts.Set("alpha", o.Alpha)
	opts.Set("effect", o.Effect)
	top.Set("options", opts)

	desc := []*Object{}
	for _, d := range res.Descriptives {
		j := NewObject()
		j.Set("group", d.Group)
		j.Set("instrument", d.Scale.Instrument)
		j.Set("scale", d.Scale.Code)
		j.Set("time", d.Time)
		j.Set("n", d.N)
		j.Set("mean", d.Mean)
		j.Set("sd", d.SD)
		j.Set("median", d.Median)
		j.Set("q1", d.Q1)
		j.Set("q3", d.Q3)
		j.Set("min", d.Min)
		j.Set("max", d.Max)
		j.Set("alpha", d.Alpha)
		j.Set("alpha_std", d.AlphaStd)
		j.Set("alpha_n", d.AlphaN)
		j.Set("prorated", d.Prorated)
		j.Set("better", d.Scale.Better)
		desc = append(desc, j)
	}
	top.Set("descriptives", desc)

	paired := []*Object{}
	for _, p := range res.Paired {
		j := NewObject()
		j.Set("group", p.Group)
		j.Set("instrument", p.Scale.Instrument)
		j.Set("scale", p.Scale.Code)
		j.Set("from", p.From)
		j.Set("to", p.To)
		j.Set("n", p.N)
		j.Set("mean_from", p.MeanFrom)
		j.Set("sd_from", p.SDFrom)
		j.Set("mean_to", p.MeanTo)
		j.Set("sd_to", p.SDTo)
		j.Set("diff", p.Diff)
		j.Set("test", p.Test)
		j.Set("method", p.Method)
		j.Set("statistic", p.Statistic)
		j.Set("z", p.Z)
		j.Set("p", p.P)
		j.Set("p_adjusted", p.PAdj)
		j.Set("d_z", p.Dz)
		j.Set("d_av", p.Dav)
		j.Set("r", p.R)
		if p.Scale.COPM {
			j.Set("clinically_improved", p.Improved)
			j.Set("clinically_worsened", p.Worsened)
		}
		j.Set("note", p.Note)
		paired = append(paired, j)
	}
	top.Set("paired", paired)

	omni := []*Object{}
	for _, m := range res.Omnibus {
		j := NewObject()
		j.Set("group", m.Group)
		j.Set("instrument", m.Scale.Instrument)
		j.Set("scale", m.Scale.Code)
		j.Set("times", m.Times)
		j.Set("n", m.N)
		j.Set("f", m.F)
		j.Set("df1", m.DF1)
		j.Set("df2", m.DF2)
		j.Set("p", m.P)
		j.Set("p_adjusted", m.PAdj)
		j.Set("mauchly_w", m.MauchlyW)
		j.Set("mauchly_p", m.MauchlyP)
		j.Set("gg_epsilon", m.GGEpsilon)
		j.Set("gg_p", m.GGP)
		j.Set("hf_epsilon", m.HFEpsilon)
		j.Set("hf_p", m.HFP)
		j.Set("partial_eta_sq", m.PartialEtaSq)
		j.Set("generalized_eta_sq", m.GeneralizedEtaSq)
		j.Set("friedman_statistic", m.FriedmanStatistic)
		j.Set("friedman_p", m.FriedmanP)
		j.Set("note", m.Note)
		omni = append(omni, j)
	}
	top.Set("omnibus", omni)

	betw := []*Object{}
	for _, b := range res.Between {
		j := NewObject()
		j.Set("instrument", b.Scale.Instrument)
		j.Set("scale", b.Scale.Code)
		j.Set("time", b.Time)
		j.Set("group1", b.Group1)
		j.Set("group2", b.Group2)
		j.Set("n1", b.N1)
		j.Set("n2", b.N2)
		j.Set("mean1", b.Mean1)
		j.Set("sd1", b.SD1)
		j.Set("mean2", b.Mean2)
		j.Set("sd2", b.SD2)
		j.Set("test", b.Test)
		j.Set("method", b.Method)
		j.Set("statistic", b.Statistic)
		j.Set("z", b.Z)
		j.Set("p", b.P)
		j.Set("p_adjusted", b.PAdj)
		j.Set("r", b.R)
		j.Set("d", b.D)
		j.Set("note", b.Note)
		betw = append(betw, j)
	}
	top.Set("between", betw)
	top.Set("warnings", nonNil(res.Warnings))
	return top
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// tidyColumns is the header of the tidy csv/tsv: one row per result.
var tidyColumns = []string{"section", "group", "instrument", "scale", "time", "from", "to", "group1", "group2",
	"n", "n1", "n2", "mean", "sd", "median", "q1", "q3", "min", "max", "alpha", "prorated",
	"mean_from", "sd_from", "mean_to", "sd_to", "diff", "mean1", "sd1", "mean2", "sd2",
	"test", "method", "statistic", "z", "df1", "df2", "p", "p_adjusted", "d_z", "d_av", "d", "r",
	"mauchly_w", "mauchly_p", "gg_epsilon", "gg_p", "hf_epsilon", "hf_p", "partial_eta_sq", "generalized_eta_sq",
	"friedman_statistic", "friedman_p", "note"}

// tidy is the csv/tsv form: one row per result of the JSON document, its
// keys spread over tidyColumns (keys without a column, such as alpha_std,
// are JSON-only). An omnibus row's times become from and to, its F the
// statistic.
func tidy(res *analysis.Results) *Table {
	t := &Table{Columns: tidyColumns}
	doc := analysisJSON(res).(*Object)
	sections := []struct{ key, name string }{
		{"descriptives", "descriptive"}, {"paired", "paired"}, {"omnibus", "omnibus"}, {"between", "between"},
	}
	for _, sec := range sections {
		for _, o := range doc.vals[sec.key].([]*Object) {
			row := make([]Cell, len(tidyColumns))
			for i, c := range tidyColumns {
				row[i] = tidyCell(o.vals[c])
			}
			row[0] = T(sec.name)
			if sec.key == "omnibus" {
				times := o.vals["times"].([]string)
				row[slices.Index(tidyColumns, "from")] = T(times[0])
				row[slices.Index(tidyColumns, "to")] = T(times[len(times)-1])
				row[slices.Index(tidyColumns, "test")] = T("rmanova")
				row[slices.Index(tidyColumns, "statistic")] = tidyCell(o.vals["f"])
			}
			t.Rows = append(t.Rows, row)
		}
	}
	return t
}

func tidyCell(v any) Cell {
	switch x := v.(type) {
	case Float:
		if math.IsNaN(float64(x)) {
			return T("")
		}
		return N(float64(x), 4)
	case int:
		return I(x)
	case string:
		return T(x)
	}
	return T("")
}
