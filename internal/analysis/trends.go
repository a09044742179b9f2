package analysis

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/pssa-project/pssa/internal/scoring"

	"github.com/pssa-project/pssa/internal/results"

	"github.com/pssa-project/pssa/stats"
)

// Trend is one scale's means over time per group, for the figure.
type Trend struct {
	Scale     *results.Scale
	Min, Max  float64 // the scale's possible range
	Times     []string
	Groups    []TrendGroup
	Prorated  int
	Aggregate string
}

// TrendGroup is one group's line: mean and confidence interval at each time
// point (NaN where nobody in the group has a score), and, when asked for,
// the trajectories of its first participants.
type TrendGroup struct {
	Group        string
	Mean, Lo, Hi []float64
	N            []int
	Trajectories [][]float64
}

// TrendOptions choose what the figure shows.
type TrendOptions struct {
	Scales          []string // "SSQ", "RAS-R PCH" or "RAS-R_PCH"; default: every scale with a direction, no COPM per-problem scores
	Groups          []string
	Level           float64
	MaxTrajectories int // per group; 0: none
}

// Trends computes the figure's numbers: means with t-based confidence
// intervals (stats.MeanCI, as R's t.test) per scale, group and time point.
//
// Long because it selects the scales to draw (named, or every scale with a
// direction) and then fills each panel's series and trajectories in one
// pass over the scores, releasing each scale's scores after its panel.
func Trends(sc *scoring.Scores, opt TrendOptions) ([]Trend, error) {
	ds := sc.Data
	groups, rowsOf, err := selectGroups(ds, opt.Groups)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, s := range opt.Scales {
		want[normalScale(s)] = true
	}
	type key struct{ inst, code string }
	byScale := map[key][]*scoring.Score{}
	var order []key
	for _, s := range sc.Scores {
		k := key{s.Def.Code, s.Code}
		label := normalScale(s.Def.Code + " " + s.Code)
		if len(want) > 0 {
			if !want[label] && !(s.Code == "TOTAL" && want[normalScale(s.Def.Code)]) {
				continue
			}
		} else if s.Scale.Better == "none" || s.Def.IsCOPM() && s.Code != "PERF" && s.Code != "SAT" {
			continue
		}
		if _, ok := byScale[k]; !ok {
			order = append(order, k)
		}
		byScale[k] = append(byScale[k], s)
	}
	if len(order) == 0 {
		return nil, fmt.Errorf("no scale to plot (asked for %s)", strings.Join(opt.Scales, ", "))
	}
	var out []Trend
	for _, k := range order {
		ss := byScale[k]
		sort.SliceStable(ss, func(a, b int) bool { return ss[a].TimeIndex < ss[b].TimeIndex })
		first := ss[0]
		lo, hi := first.Def.Range(first.Scale)
		tr := Trend{Scale: scaleOf(first), Min: lo, Max: hi, Aggregate: first.Scale.Aggregate}
		for _, s := range ss {
			s.Compute()
			tr.Times = append(tr.Times, s.Time)
		}
		for _, g := range groups {
			tg := TrendGroup{Group: g}
			for _, s := range ss {
				vals := pick(s, rowsOf[g])
				m, l, h := stats.MeanCI(vals, opt.Level)
				tg.Mean, tg.Lo, tg.Hi, tg.N = append(tg.Mean, m), append(tg.Lo, l), append(tg.Hi, h), append(tg.N, len(vals))
			}
			for _, i := range rowsOf[g] {
				if len(tg.Trajectories) >= opt.MaxTrajectories {
					break
				}
				line := make([]float64, len(ss))
				any := 0
				for t, s := range ss {
					line[t] = s.Value(i)
					if !math.IsNaN(line[t]) {
						any++
					}
				}
				if any >= 2 {
					tg.Trajectories = append(tg.Trajectories, line)
				}
			}
			tr.Groups = append(tr.Groups, tg)
		}
		for _, s := range ss {
			s.Release()
		}
		out = append(out, tr)
	}
	for _, tr := range out {
		for _, tg := range tr.Groups {
			if slices.ContainsFunc(tg.N, func(n int) bool { return n > 0 }) {
				return out, nil
			}
		}
	}
	var names []string // an empty figure would look like a result
	for _, tr := range out {
		name := tr.Scale.Instrument
		if tr.Scale.Code != "TOTAL" {
			name += " " + tr.Scale.Code
		}
		names = append(names, name)
	}
	return nil, &SelectionError{Option: "selection", Msg: fmt.Sprintf("nothing to plot in %s: no participant of %s has a score of %s",
		ds.File, strings.Join(groups, ", "), strings.Join(names, ", "))}
}

func normalScale(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.ReplaceAll(s, "_", " ")
	return strings.TrimSuffix(s, " TOTAL")
}
