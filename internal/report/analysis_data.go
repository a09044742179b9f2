package report

import (
	"math"
	"slices"

	"github.com/pssa-project/pssa/internal/results"
)

// tidyBase fixes the order of the tidy csv/tsv's first columns; the keys of
// any other section's rows follow in the order their types declare them.
var tidyBase = []string{"section", "group", "instrument", "scale", "time", "from", "to", "group1", "group2",
	"n", "n1", "n2", "mean", "sd", "median", "q1", "q3", "min", "max", "alpha", "prorated",
	"mean_from", "sd_from", "mean_to", "sd_to", "diff", "mean1", "sd1", "mean2", "sd2",
	"test", "method", "statistic", "z", "df1", "df2", "p", "p_adjusted", "d_z", "d_av", "d", "r",
	"mauchly_w", "mauchly_p", "gg_epsilon", "gg_p", "hf_epsilon", "hf_p", "partial_eta_sq", "generalized_eta_sq",
	"friedman_statistic", "friedman_p"}

// tidyExtra is implemented by rows that place some values in columns other
// than their own keys (an omnibus row's time span as from and to).
type tidyExtra interface{ TidyExtra() map[string]any }

// tidyColumns is the tidy header for a set of sections: tidyBase, every
// other tidy key of the sections' row types, then note.
func tidyColumns(secs []results.Section) []string {
	cols := slices.Clone(tidyBase)
	for _, sec := range secs {
		for _, f := range results.Fields(results.RowType(sec.Rows)) {
			if f.Tidy && f.Name != "note" && !slices.Contains(cols, f.Name) {
				cols = append(cols, f.Name)
			}
		}
	}
	return append(cols, "note")
}

// tidy is the csv/tsv form of an analysis: one row per result, each row's
// tidy keys in their columns, the section's name first.
func tidy(res *results.Analysis) *Table {
	secs := res.Sections()
	cols := tidyColumns(secs)
	at := map[string]int{}
	for i, c := range cols {
		at[c] = i
	}
	t := &Table{Columns: cols}
	for _, sec := range secs {
		fields := results.Fields(results.RowType(sec.Rows))
		for _, r := range results.Rows(sec.Rows) {
			row := make([]Cell, len(cols))
			for i := range row {
				row[i] = T("")
			}
			row[0] = T(sec.Name)
			for _, f := range fields {
				if f.Tidy {
					row[at[f.Name]] = tidyCell(results.Value(r, f))
				}
			}
			if x, ok := r.(tidyExtra); ok {
				for k, v := range x.TidyExtra() {
					row[at[k]] = tidyCell(v)
				}
			}
			t.Rows = append(t.Rows, row)
		}
	}
	return t
}

func tidyCell(v any) Cell {
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) {
			return T("")
		}
		return N(x, 4)
	case int:
		return I(x)
	case string:
		return T(x)
	}
	return T("")
}
