package analysis

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/pssa-project/pssa/internal/scoring"

	"github.com/pssa-project/pssa/internal/results"
	"github.com/pssa-project/pssa/stats"
	"github.com/pssa-project/pssa/stats/mixed"
)

// groupTimeDesign lays out one scale's scores as a group × time design:
// the groups observed at two or more time points, and the time points all of
// them share. Participants with no score at any of those time points are
// left out (they carry no information on change). It returns nil when fewer
// than two groups share two time points, and the groups left out for having
// one time point only.
func groupTimeDesign(scores []*scoring.Score, groups []string, rowsOf map[string][]int) (*mixed.Design, []string) {
	scores = append([]*scoring.Score(nil), scores...)
	sort.SliceStable(scores, func(a, b int) bool { return scores[a].TimeIndex < scores[b].TimeIndex })
	// Time points observed in each group.
	seen := make([][]bool, len(groups))
	for gi, g := range groups {
		seen[gi] = make([]bool, len(scores))
		for j, s := range scores {
			for _, i := range rowsOf[g] {
				if !math.IsNaN(s.Value(i)) {
					seen[gi][j] = true
					break
				}
			}
		}
	}
	var use []int // group indices
	var left []string
	for gi := range groups {
		n := 0
		for _, ok := range seen[gi] {
			if ok {
				n++
			}
		}
		if n >= 2 {
			use = append(use, gi)
		} else if n == 1 {
			left = append(left, groups[gi])
		}
	}
	var times []int
	for j := range scores {
		all := true
		for _, gi := range use {
			all = all && seen[gi][j]
		}
		if all {
			times = append(times, j)
		}
	}
	if len(use) < 2 || len(times) < 2 {
		return nil, nil
	}
	d := &mixed.Design{}
	for _, j := range times {
		d.Times = append(d.Times, scores[j].Time)
	}
	n := 0
	for _, gi := range use {
		n += len(rowsOf[groups[gi]])
	}
	k := len(times)
	// Rows and changes are slices of one backing array each (a registry
	// holds a million participants).
	flat := make([]float64, 0, n*k)
	flatChange := make([]float64, 0, n*(k-1))
	group := make([]int, 0, n)
	vals := make([]float64, k) // a row's scores at the design's times
	// Compact scores' changes from their ratio tables, or as b − a when
	// they are whole numbers, without a branch a row (scoring.ExactChange).
	whole, compact := true, true
	for _, j := range times {
		whole = whole && scores[j].WholeValued()
		compact = compact && scores[j].RatioTable()
	}
	for di, gi := range use {
		d.Groups = append(d.Groups, groups[gi])
		for _, i := range rowsOf[groups[gi]] {
			any := false
			for t, j := range times {
				v := scores[j].Value(i)
				any = any || v == v
				vals[t] = v
			}
			if !any {
				continue
			}
			flat = append(flat, vals...)
			group = append(group, di)
			switch {
			case whole:
				for t := 1; t < k; t++ {
					flatChange = append(flatChange, vals[t]-vals[t-1])
				}
			case compact:
				for t := 1; t < k; t++ {
					flatChange = append(flatChange, scoring.ExactChange(scores[times[t-1]], scores[times[t]], i))
				}
			default:
				flatChange = appendExactChanges(flatChange, scores, times, i, vals)
			}
		}
	}
	d.Group, d.Flat, d.FlatChange = group, flat, flatChange
	return d, left
}

// appendExactChanges appends participant i's changes between consecutive
// time points of the design (vals: the participant's scores at them), each formed exactly from the scores' integer
// ratios where they have them (item scales), else by subtracting the scores;
// NaN where either score is missing. Whole-numbered scores subtract exactly
// (see pairs).
func appendExactChanges(out []float64, scores []*scoring.Score, times []int, i int, vals []float64) []float64 {
	for j := 1; j < len(times); j++ {
		a, b := vals[j-1], vals[j]
		c := b - a
		if !math.IsNaN(c) && (a != math.Trunc(a) || b != math.Trunc(b)) {
			from, to := scores[times[j-1]], scores[times[j]]
			n1, d1, ok1 := from.Ratio(i)
			n2, d2, ok2 := to.Ratio(i)
			if ok1 && ok2 {
				c = float64(n2*d1-n1*d2) / float64(d1*d2)
			}
		}
		out = append(out, c)
	}
	return out
}

// groupTime fills the group × time rows of one scale: the mixed ANOVA's
// interaction (complete cases), the linear mixed model's (all available
// observations) and, for each consecutive pair of shared time points and each
// pair of groups, the Mann–Whitney test of change scores beside the mixed
// model's changes and difference in change.
//
// Long because each row joins three analyses (ANOVA, mixed model,
// change-score test) of the same design, copied field by field.
func groupTime(scale *results.Scale, scores []*scoring.Score, groups []string, rowsOf map[string][]int, opt Options, rankOpt stats.RankOptions) ([]*results.GroupTime, []string) {
	d, left := groupTimeDesign(scores, groups, rowsOf)
	if d == nil {
		return nil, nil // nothing to compare: one group, or no two shared time points
	}
	var warnings []string
	if len(left) > 0 {
		warnings = append(warnings, fmt.Sprintf("%s %s: group × time leaves out %s (observed at one time point only)",
			scale.Instrument, scale.Code, strings.Join(left, ", ")))
	}
	nan := math.NaN()
	base := results.GroupTime{Scale: scale, Instrument: scale.Instrument, ScaleCode: scale.Code,
		Groups: d.Groups, Times: d.Times,
		ANOVAF: nan, ANOVADF1: nan, ANOVADF2: nan, ANOVAP: nan, ANOVAGGP: nan, ANOVAHFP: nan,
		ANOVAGenEtaSq: nan, ANOVAPartialEtaSq: nan}
	a, err := mixed.MixedANOVA(*d)
	if err != nil {
		base.ANOVANote = err.Error()
	}
	if a != nil {
		base.ANOVAN, base.ANOVADropped = a.N, a.Dropped
		if e, ok := a.Effect("group:time"); ok {
			base.ANOVAF, base.ANOVADF1, base.ANOVADF2, base.ANOVAP = e.F, e.DF1, e.DF2, e.P
			base.ANOVAGGP, base.ANOVAHFP = e.GGP, e.HFP
			base.ANOVAGenEtaSq, base.ANOVAPartialEtaSq = e.GeneralizedEtaSq, e.PartialEtaSq
		}
	}
	base.LMMF, base.LMMDF1, base.LMMDF2, base.LMMP = nan, nan, nan, nan
	var m *mixed.LMMResult
	if !opt.NoMixedModel {
		base.LMMCovariance = opt.MixedModel.String()
		var err error
		m, err = mixed.FitLMMWith(*d, mixed.LMMOptions{Covariance: opt.MixedModel, Level: opt.ConfLevel,
			NoEMMeans: true, Effects: []string{"group:time"}}) // what the rows report
		if err != nil {
			base.LMMNote = err.Error()
		}
		if m != nil {
			base.LMMNParticipants, base.LMMNObservations, base.LMMNPartial = m.NParticipants, m.NObservations, m.NPartial
			for _, e := range m.Effects {
				if e.Effect == "group:time" {
					base.LMMF, base.LMMDF1, base.LMMDF2, base.LMMP = e.F, e.DF1, e.DF2, e.P
					if e.Reason != "" && base.LMMNote == "" {
						base.LMMNote = e.Reason
					}
				}
			}
		}
	}
	var rows []*results.GroupTime
	tests := mixed.ChangeMannWhitney(*d, rankOpt)
	var asymptotic []mixed.ChangeTest // --like r: R gives up the exact p with ties or 50 per group
	for i, c := range tests {
		t := c.Test
		if opt.Like == "r" && rankOpt.Method == stats.Auto && c.Reason == "" && t.Method == stats.Exact && (t.Ties || t.N1 >= 50 || t.N2 >= 50) {
			if asymptotic == nil {
				o := rankOpt
				o.Method = stats.Asymptotic
				asymptotic = mixed.ChangeMannWhitney(*d, o)
			}
			tests[i] = asymptotic[i]
		}
	}
	for _, c := range tests {
		r := base
		r.From, r.To, r.Group1, r.Group2 = c.From, c.To, c.Group1, c.Group2
		// The change scores are exact (appendExactChanges), so the tie rule's
		// warnings speak of the data, not of subtraction noise.
		for _, w := range c.Test.Warnings {
			warnings = append(warnings, fmt.Sprintf("%s %s, change %s–%s, %s vs %s: %s", scale.Instrument, scale.Code, c.From, c.To, c.Group1, c.Group2, w))
		}
		r.ChangeN1, r.ChangeN2 = c.Test.N1, c.Test.N2
		r.ChangeMean1, r.ChangeMean2 = c.Mean1, c.Mean2
		r.ChangeU, r.ChangeZ, r.ChangeP, r.ChangeR = nan, nan, nan, nan
		if c.Reason != "" {
			r.ChangeNote = c.Reason
		} else {
			r.ChangeU, r.ChangeZ, r.ChangeP, r.ChangeR = c.Test.W, c.Test.Z, c.Test.P, c.Test.R
			if opt.Like == "spss" {
				r.ChangeZ = stats.SPSSZ(c.Test.Z)
			}
			r.ChangeMethod = c.Test.Method.String()
		}
		lmmContrast(&r, m)
		rows = append(rows, &r)
	}
	return rows, warnings
}

// lmmContrast fills the mixed model's changes of r's two groups and their
// difference (NaN without a model or where it is not estimable).
func lmmContrast(r *results.GroupTime, m *mixed.LMMResult) {
	nan := math.NaN()
	r.LMMChange1, r.LMMChange1CILow, r.LMMChange1CIHigh = nan, nan, nan
	r.LMMChange2, r.LMMChange2CILow, r.LMMChange2CIHigh = nan, nan, nan
	r.LMMDiff, r.LMMDiffSE, r.LMMDiffDF, r.LMMDiffCILow, r.LMMDiffCIHigh, r.LMMDiffP = nan, nan, nan, nan, nan, nan
	if m == nil {
		return
	}
	for _, c := range m.Changes {
		if c.From != r.From || c.To != r.To {
			continue
		}
		switch c.Group {
		case r.Group1:
			r.LMMChange1, r.LMMChange1CILow, r.LMMChange1CIHigh = c.Estimate, c.CILow, c.CIHigh
		case r.Group2:
			r.LMMChange2, r.LMMChange2CILow, r.LMMChange2CIHigh = c.Estimate, c.CILow, c.CIHigh
		}
	}
	for _, c := range m.InteractionContrasts {
		if c.From == r.From && c.To == r.To && c.Group1 == r.Group1 && c.Group2 == r.Group2 {
			r.LMMDiff, r.LMMDiffSE, r.LMMDiffDF, r.LMMDiffCILow, r.LMMDiffCIHigh, r.LMMDiffP = c.Estimate, c.SE, c.DF, c.CILow, c.CIHigh, c.P
			if c.Reason != "" && r.LMMNote == "" {
				r.LMMNote = c.Reason
			}
		}
	}
}
