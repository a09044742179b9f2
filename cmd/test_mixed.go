package cmd

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pssa-project/pssa/internal/dataset"
	"github.com/pssa-project/pssa/internal/report"
	"github.com/pssa-project/pssa/internal/results"
	"github.com/pssa-project/pssa/stats/mixed"
)

func newTestMixedCmd(g *globalOptions) *cobra.Command {
	in := &testInput{globalOptions: g}
	var cols, groups []string
	var by string
	c := testCommand(in, "mixed FILE --by G --cols A,B,C", "Mixed (split-plot) ANOVA: group × time on complete cases",
		`mixed runs the mixed (split-plot) ANOVA of the time points in --cols (in that
order) between the groups of --by: effects group, time and group:time with type
III sums of squares and sum-to-zero contrasts, so unequal group sizes are fine
(afex::aov_ez(type = 3), SPSS GLM Repeated Measures). Only participants with
every time point are used (n_dropped counts the others). Mauchly's test and the
Greenhouse-Geisser and Huynh-Feldt corrections (HF as car: Lecoutre's form,
capped at 1) apply to time and group:time. --groups A,B,... chooses the groups
and their order (default: all, in order of first appearance).`,
		`  pssa test mixed scored.csv --by group --cols SSQ_TOTAL_T1,SSQ_TOTAL_T3
  pssa test mixed scored.csv --by group --groups PSW,SU --cols SSQ_TOTAL_T1,SSQ_TOTAL_T3 --format json`,
		func(cmd *cobra.Command, t *dataset.Table) (any, error) {
			d, err := groupTimeColumns(t, "mixed", by, groups, cols, in.warn)
			if err != nil {
				return nil, err
			}
			r, err := mixed.MixedANOVA(*d)
			if err != nil {
				return nil, testErr("mixed", in.file, err)
			}
			row := &results.MixedANOVATest{
				Caption: results.Caption{Title: fmt.Sprintf("Mixed ANOVA: %s by %s", strings.Join(cols, ", "), by), Notes: []string{
					"type III sums of squares, sum-to-zero contrasts (afex::aov_ez(type = 3)); complete cases only (n_dropped rows left out).",
					"generalized eta squared with no factor observed (afex's default); hf_epsilon is Lecoutre's Huynh-Feldt capped at 1, as car."}},
				Test: "mixed", MauchlyW: r.MauchlyW, MauchlyP: r.MauchlyP, N: r.N, NPerGroup: r.NPerGroup, NDropped: r.Dropped,
				Groups: d.Groups, Times: d.Times,
			}
			for _, e := range r.Effects {
				row.Effects = append(row.Effects, results.MixedANOVAEffect{Effect: e.Effect, DF1: e.DF1, DF2: e.DF2, F: e.F, P: e.P,
					PartialEtaSq: e.PartialEtaSq, GeneralizedEtaSq: e.GeneralizedEtaSq,
					GGEpsilon: e.GGEpsilon, GGP: e.GGP, HFEpsilon: e.HFEpsilon, HFP: e.HFP})
			}
			return row, nil
		})
	f := c.Flags()
	f.StringVar(&by, "by", "", "the group column")
	f.StringSliceVar(&groups, "groups", nil, "the groups to compare, in order (e.g. PSW,SU); default: all, in order of first appearance")
	f.StringSliceVar(&cols, "cols", nil, "the time-point columns, in order")
	return c
}

// groupTimeColumns reads a group × time design: one row per participant with
// a group label among the chosen groups, the --cols values as its time
// points (NaN when missing). Rows without a group label are left out; so,
// with a warning, is a group with no value in any of the columns when
// --groups does not name the groups (the model study's MHP answered other
// instruments than the PSW and SU).
func groupTimeColumns(t *dataset.Table, kind, by string, groups, cols []string, warn func(string)) (*mixed.Design, error) {
	if err := need("by", by, kind); err != nil {
		return nil, err
	}
	if len(cols) < 2 {
		return nil, usagef("%s needs --cols with at least two time-point columns, e.g. --cols A_T1,A_T2", kind)
	}
	labels, order, err := groupLabels(t, by)
	if err != nil {
		return nil, err
	}
	if len(groups) > 0 {
		var sel []string
		for _, g := range groups {
			g = strings.TrimSpace(g)
			if !slices.Contains(order, g) {
				return nil, fmt.Errorf("%s: column %s has no group %q (groups: %s)", t.File, by, g, strings.Join(order, ", "))
			}
			if slices.Contains(sel, g) {
				return nil, usagef("--groups names %s twice", g)
			}
			sel = append(sel, g)
		}
		order = sel
	}
	for i, c := range cols {
		cols[i] = strings.TrimSpace(c)
		if slices.Contains(cols[:i], cols[i]) {
			return nil, usagef("--cols names %s twice", cols[i])
		}
	}
	vals := make([][]float64, len(cols))
	for j, name := range cols {
		if vals[j], err = numericColumn(t, name); err != nil {
			return nil, err
		}
	}
	if len(groups) == 0 {
		observed := map[string]bool{}
		for i, l := range labels {
			for j := range cols {
				if !math.IsNaN(vals[j][i]) {
					observed[l] = true
				}
			}
		}
		var kept, empty []string
		for _, g := range order {
			if observed[g] {
				kept = append(kept, g)
			} else {
				empty = append(empty, g)
			}
		}
		if len(empty) > 0 && len(kept) >= 2 {
			warn(fmt.Sprintf("%s: group %s of column %s has no value in %s: left out (--groups names the groups to compare)",
				t.File, strings.Join(empty, ", "), by, strings.Join(cols, ", ")))
			order = kept
		}
	}
	if len(order) < 2 {
		return nil, fmt.Errorf("%s: column %s has %d group(s) (%s); %s needs at least two", t.File, by, len(order), strings.Join(order, ", "), kind)
	}
	d := &mixed.Design{Groups: order, Times: cols}
	flat := make([]float64, 0, len(labels)*len(cols))
	for i, l := range labels {
		gi := slices.Index(order, l)
		if gi < 0 {
			continue
		}
		start := len(flat)
		for j := range cols {
			flat = append(flat, vals[j][i])
		}
		d.Y = append(d.Y, flat[start:len(flat):len(flat)])
		d.Group = append(d.Group, gi)
	}
	return d, nil
}

// testCell is a number of a test row: a p-value when its key says so.
func testCell(key string, x float64) report.Cell {
	switch {
	case key == "p" || strings.HasSuffix(key, "_p"):
		return report.P(x)
	case strings.HasPrefix(key, "df") && x == math.Trunc(x):
		return report.N(x, 0)
	case strings.HasPrefix(key, "df"):
		return report.N(x, 2) // Satterthwaite's or a corrected df
	}
	return report.N(x, 4)
}

// nestedTable lays out a field that is a list of rows (a slice of structs,
// such as the effects of `pssa test mixed`) as a table with one column per
// key; ok is false for any other value.
func nestedTable(name string, v any) (report.Table, bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice || rv.Type().Elem().Kind() != reflect.Struct {
		return report.Table{}, false
	}
	fields := results.Fields(rv.Type().Elem())
	t := report.Table{Title: name}
	for _, f := range fields {
		t.Columns = append(t.Columns, f.Name)
	}
	for i := 0; i < rv.Len(); i++ {
		var cells []report.Cell
		for _, f := range fields {
			switch x := results.Value(rv.Index(i).Interface(), f).(type) {
			case float64:
				cells = append(cells, testCell(f.Name, x))
			case int:
				cells = append(cells, report.I(x))
			default:
				cells = append(cells, report.T(fmt.Sprint(x)))
			}
		}
		t.Rows = append(t.Rows, cells)
	}
	return t, true
}
