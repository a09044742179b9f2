// Package analysis applies the study design to scored data: descriptives per
// group, scale and time point; paired contrasts between time points; an
// omnibus test where a group has three or more; between-group comparisons at
// each time point. It calls stats for every number and formats nothing.
package analysis

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/pssa-project/pssa/internal/scoring"

	"github.com/pssa-project/pssa/internal/dataset"
	"github.com/pssa-project/pssa/internal/results"
	"github.com/pssa-project/pssa/stats"
	"github.com/pssa-project/pssa/stats/mixed"
)

// Options choose the tests and what to analyse.
type Options struct {
	PairedTest  string // wilcoxon (default) or t
	BetweenTest string // mannwhitney (default) or welch
	Contrasts   string // consecutive (default) or all
	Adjust      stats.Adjustment
	Alpha       float64
	Method      stats.Method
	Continuity  bool
	// DigitsRank is the tie rule of the rank tests (stats.RankOptions):
	// 0 keeps 12 significant digits, stats.DigitsRankExact ranks values as
	// they are. Paired changes of scores formed from items are exact
	// (pairs) and need no rule.
	DigitsRank  int
	Effect      string   // dz (default) or dav: the d shown for paired contrasts
	Groups      []string // subset and order of groups (default: all, file order)
	Instruments []string // subset of instrument codes (default: all)
	Times       []string // subset of time labels (default: all)
	// GroupLabels are display names of groups (--group-names), recorded on
	// the rows as group_label.
	GroupLabels map[string]string
	// DescriptivesOnly skips every test (pssa describe).
	DescriptivesOnly bool
	// NoGroupTime leaves out the group × time block (--group-time=false).
	NoGroupTime bool
	// Change computes clinical significance (change.go); nil leaves it out.
	Change *ChangeOptions
	// ConfLevel is the level of every confidence interval (default 0.95).
	ConfLevel float64
	// Like is "spss", "r" or "" (pssa's own conventions). Method, Continuity
	// and Effect are set by the caller; Like adds what they cannot say:
	// "spss" reports z as SPSS does (−|z|, see stats.SPSSZ); "r" chooses the
	// exact p-value only where R's wilcox.test does (fewer than 50 pairs or
	// per group, no ties, no zero differences), the normal approximation
	// otherwise, instead of pssa's exact conditional p with ties.
	Like string
	// MixedModel is the covariance of the block's linear mixed model;
	// NoMixedModel leaves the model out (--mixed-model none).
	MixedModel   mixed.Covariance
	NoMixedModel bool
	// ReleaseItems frees each item column's responses once the analysis is
	// done with them (scoring.ItemRelease), for a caller that reads neither
	// the items nor the scores after Run.
	ReleaseItems bool
}

// ZConvention is the z that Run reports for the rank tests.
func (o Options) ZConvention() string {
	if o.Like == "spss" {
		return "spss"
	}
	return "signed"
}

// SelectionError is a choice of groups, instruments or time points that
// the data do not have; the command that took the choice names its flag.
type SelectionError struct {
	Option string // groups, instruments or times
	Msg    string
}

func (e *SelectionError) Error() string { return e.Msg }

// Results is what analyze reports (the typed rows of internal/results).
type Results = results.Analysis

type scaleKey struct{ inst, code string }

// taskResult holds what one scale contributes, per group, so that tasks can
// run in parallel and still be assembled in a fixed order.
type taskResult struct {
	desc     [][]*results.Descriptive
	paired   [][]*results.Paired
	omnibus  [][]*results.Omnibus
	between  []*results.Between
	gt       []*results.GroupTime
	change   [][]*results.Change
	parts    [][]*results.ChangeParticipant
	warnings []string
	times    map[string]int
}

// Run analyses scored data. Each scale (with all its time points) is one
// task: its scores are computed, every test that uses them is run, and they
// are released, so memory holds a few scales at a time whatever the file's
// size. Tasks run on all cores; results are assembled in a fixed order, so
// the output is the same on one core or many.
func Run(sc *scoring.Scores, opt Options) (*Results, error) {
	if opt.Alpha == 0 {
		opt.Alpha = 0.05
	}
	if opt.ConfLevel == 0 {
		opt.ConfLevel = 0.95
	}
	ds := sc.Data
	res := &Results{Options: opt.echo(), Input: results.Input{File: ds.File, Rows: ds.Rows()}}
	groups, rowsOf, err := selectGroups(ds, opt.Groups)
	if err != nil {
		return nil, err
	}
	res.Input.Groups = groups
	order, byScale, err := selectScales(sc, opt, res)
	if err != nil {
		return nil, err
	}
	rankOpt := stats.RankOptions{Alternative: stats.TwoSided, Method: opt.Method, Continuity: opt.Continuity, DigitsRank: opt.DigitsRank}
	var rel *scoring.ItemRelease
	if opt.ReleaseItems {
		var all []*scoring.Score
		for _, k := range order {
			all = append(all, byScale[k]...)
		}
		rel = sc.ReleaseItemsAfter(all)
	}
	tasks := make([]taskResult, len(order))
	parallel(len(order), func(ti int) {
		tasks[ti] = runScale(res.Scales[ti], byScale[order[ti]], groups, rowsOf, opt, rankOpt, rel)
	})
	assemble(res, tasks, len(groups))
	if len(res.Descriptives) == 0 {
		return nil, emptySelection(ds.File, groups, res.Scales, opt)
	}
	if opt.Change != nil {
		assembleChange(res, tasks, len(groups), ds.ID)
	}
	adjust(res, opt.Adjust)
	labelGroups(res, opt.GroupLabels)
	res.Warnings = append(provisionalKeys(sc, res), res.Warnings...)
	return res, nil
}

// provisionalKeys warns once per analysed instrument whose definition is
// marked provisional, saying what the key assumes: the numbers stand or
// fall with it.
func provisionalKeys(sc *scoring.Scores, res *Results) []string {
	used := map[string]bool{}
	for _, d := range res.Descriptives {
		used[d.Instrument] = true // scored in a group analysed, not merely present in the file
	}
	var out []string
	seen := map[string]bool{}
	for _, s := range sc.Scores {
		d := s.Def
		if !used[d.Code] || seen[d.Code] || d.Status != "provisional" {
			continue
		}
		seen[d.Code] = true
		assumed := fmt.Sprintf("%d items scored %g-%g", d.Items, d.Min, d.Max)
		if t := d.Scale("TOTAL"); t != nil {
			rev := "no reverse keys"
			if r := d.ReverseSet(t); len(r) > 0 {
				rev = fmt.Sprintf("%d reverse-keyed items", len(r))
			}
			assumed += fmt.Sprintf(", total = %s of the items, %s", t.Aggregate, rev)
		}
		out = append(out, fmt.Sprintf("%s: the scoring key is provisional (%s; not confirmed from a primary source): check it against the questionnaire you used ('pssa instruments show %s') or supply your own definition of it ('pssa instruments --help')",
			d.Code, assumed, d.Code))
	}
	return out
}

// labelGroups records the groups' display names on the rows.
func labelGroups(res *Results, labels map[string]string) {
	if len(labels) == 0 {
		return
	}
	for _, d := range res.Descriptives {
		d.GroupLabel = labels[d.Group]
	}
	for _, p := range res.Paired {
		p.GroupLabel = labels[p.Group]
	}
	for _, o := range res.Omnibus {
		o.GroupLabel = labels[o.Group]
	}
	for _, b := range res.Between {
		b.Group1Label, b.Group2Label = labels[b.Group1], labels[b.Group2]
	}
}

// selectGroups returns the groups in file order, restricted and ordered
// by the selection when there is one, and the rows of each.
func selectGroups(ds *dataset.Dataset, sel []string) ([]string, map[string][]int, error) {
	rowsOf := map[string][]int{}
	if distinct(ds.GroupNames) {
		// Counted first, so that each group's rows take one allocation of
		// their size (appending a registry's 10^6 rows allocated 40 MB).
		count := make([]int, len(ds.GroupNames))
		for i := 0; i < ds.Rows(); i++ {
			count[ds.GroupIndex(i)]++
		}
		byIndex := make([][]int, len(ds.GroupNames))
		for k, c := range count {
			if c > 0 {
				byIndex[k] = make([]int, 0, c)
			}
		}
		for i := 0; i < ds.Rows(); i++ {
			k := ds.GroupIndex(i)
			byIndex[k] = append(byIndex[k], i)
		}
		for k, rows := range byIndex {
			if rows != nil {
				rowsOf[ds.GroupNames[k]] = rows
			}
		}
	} else {
		for i := 0; i < ds.Rows(); i++ {
			g := ds.GroupNames[ds.GroupIndex(i)]
			rowsOf[g] = append(rowsOf[g], i)
		}
	}
	groups := append([]string(nil), ds.GroupNames...)
	if len(sel) == 0 {
		return groups, rowsOf, nil
	}
	for i, g := range sel {
		if _, ok := rowsOf[g]; !ok {
			return nil, nil, &SelectionError{Option: "groups", Msg: fmt.Sprintf("no group %q in %s (groups: %s)", g, ds.File, strings.Join(groups, ", "))}
		}
		if slices.Contains(sel[:i], g) {
			return nil, nil, &SelectionError{Option: "groups", Msg: fmt.Sprintf("%s is named twice (it would be compared with itself)", g)}
		}
	}
	return append([]string(nil), sel...), rowsOf, nil
}

// distinct reports whether no name is repeated.
func distinct(names []string) bool {
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		if seen[n] {
			return false
		}
		seen[n] = true
	}
	return true
}

// emptySelection is the error for a choice of groups, instruments and
// time points under which nobody has a score (a report of empty tables
// would look like a result).
func emptySelection(file string, groups []string, scales []*results.Scale, opt Options) error {
	insts := opt.Instruments
	if len(insts) == 0 {
		for _, s := range scales {
			if !slices.Contains(insts, s.Instrument) {
				insts = append(insts, s.Instrument)
			}
		}
	}
	what := "no instrument score"
	if len(insts) > 0 {
		what = "no score of " + strings.Join(insts, ", ")
	}
	if len(opt.Times) > 0 {
		what += " at " + strings.Join(opt.Times, ", ")
	}
	who := "group " + groups[0] + " has"
	if len(groups) > 1 {
		who = "groups " + strings.Join(groups, ", ") + " have"
	}
	return &SelectionError{Option: "selection", Msg: fmt.Sprintf("nothing to analyse in %s: %s %s", file, who, what)}
}

// selectScales groups the scores by scale (in the order scales first
// appear), keeping the instruments and time points selected, and records
// each scale in res.Scales.
func selectScales(sc *scoring.Scores, opt Options, res *Results) ([]scaleKey, map[scaleKey][]*scoring.Score, error) {
	keepInst := setOf(opt.Instruments)
	keepTime := setOf(opt.Times)
	byScale := map[scaleKey][]*scoring.Score{}
	var order []scaleKey
	instSeen, timeSeen := map[string]bool{}, map[string]bool{}
	for _, s := range sc.Scores {
		instSeen[s.Def.Code] = true
		timeSeen[strings.ToUpper(s.Time)] = true // a user's labels (pre, post) as given in any case
		if keepInst != nil && !keepInst[s.Def.Code] || keepTime != nil && !keepTime[strings.ToUpper(s.Time)] {
			continue
		}
		k := scaleKey{s.Def.Code, s.Code}
		if _, ok := byScale[k]; !ok {
			order = append(order, k)
			res.Scales = append(res.Scales, scaleOf(s))
		}
		byScale[k] = append(byScale[k], s)
	}
	for _, c := range opt.Instruments {
		if !instSeen[c] {
			return nil, nil, &SelectionError{Option: "instruments", Msg: fmt.Sprintf("%s has no scores in %s (instruments: %s)", c, sc.Data.File,
				strings.Join(present(sc, func(s *scoring.Score) string { return s.Def.Code }), ", "))}
		}
	}
	for _, t := range opt.Times {
		if !timeSeen[strings.ToUpper(t)] {
			return nil, nil, &SelectionError{Option: "times", Msg: fmt.Sprintf("no time point %s in %s", t, sc.Data.File)}
		}
	}
	return order, byScale, nil
}

// parallel runs task(0..n-1) on all cores.
func parallel(n int, task func(i int)) {
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), max(1, n)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				task(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		work <- i
	}
	close(work)
	wg.Wait()
}

// assemble puts the tasks' rows in their fixed order: per group (file
// order) every scale's descriptives, contrasts and omnibus tests; then the
// between-group comparisons; the time points and instruments met.
func assemble(res *Results, tasks []taskResult, nGroups int) {
	times := map[string]int{}
	for _, r := range tasks {
		res.Warnings = append(res.Warnings, r.warnings...)
		for t, i := range r.times {
			times[t] = i
		}
	}
	for gi := 0; gi < nGroups; gi++ {
		for _, r := range tasks {
			res.Descriptives = append(res.Descriptives, r.desc[gi]...)
			res.Paired = append(res.Paired, r.paired[gi]...)
			res.Omnibus = append(res.Omnibus, r.omnibus[gi]...)
		}
	}
	for _, r := range tasks {
		res.Between = append(res.Between, r.between...)
		res.GroupTime = append(res.GroupTime, r.gt...)
	}
	for t := range times {
		res.Input.TimePoints = append(res.Input.TimePoints, t)
	}
	sort.Slice(res.Input.TimePoints, func(a, b int) bool {
		return times[res.Input.TimePoints[a]] < times[res.Input.TimePoints[b]]
	})
	seen := map[string]bool{}
	for _, s := range res.Scales {
		if !seen[s.Instrument] {
			seen[s.Instrument] = true
			res.Input.Instruments = append(res.Input.Instruments, s.Instrument)
		}
	}
}

// runScale computes one scale's scores at every time point and everything
// that uses them, then releases the scores, and tells rel (nil: keep
// them) when each score is done with its items: after its descriptives
// when it is held in keys and the change analysis will not read its items
// for alpha (--reliability study), else once released.
//
// Long because it is the per-scale task in order: compute, describe per
// group, contrasts and omnibus per group, between groups, group × time,
// change; each step is a call.
func runScale(scale *results.Scale, scores []*scoring.Score, groups []string, rowsOf map[string][]int, opt Options, rankOpt stats.RankOptions, rel *scoring.ItemRelease) taskResult {
	r := taskResult{desc: make([][]*results.Descriptive, len(groups)), paired: make([][]*results.Paired, len(groups)),
		omnibus: make([][]*results.Omnibus, len(groups)), times: map[string]int{}}
	var answered []*scoring.Score
	for _, s := range scores {
		s.Compute()
		for _, w := range s.Warnings {
			r.warnings = append(r.warnings, w.String())
		}
		if s.AllMissing() {
			r.warnings = append(r.warnings, fmt.Sprintf("%s: no participant has a score (the time point is left out of %s %s)", s.Name(), s.Def.Code, s.Code))
			s.Release()
			rel.Done(s)
			continue
		}
		r.times[s.Time] = s.TimeIndex
		answered = append(answered, s)
	}
	defer func() {
		for _, s := range answered {
			s.Release()
			rel.Done(s)
		}
	}()
	// Each group's non-missing values of each score, picked once for the
	// descriptives and the between-group comparisons at that time point,
	// which run at once so that one time point's values are held at a time
	// (their results and warnings are kept in the order of the loops below).
	descs := make([][]*results.Descriptive, len(answered)) // [score][group], nil where empty
	descWarn := make([][]string, len(groups))
	var betweenWarn []string
	buf := &taskBuffers{picks: make([][]float64, len(groups))}
	for si, s := range answered {
		picked := make([][]float64, len(groups))
		descs[si] = make([]*results.Descriptive, len(groups))
		for gi, g := range groups {
			vals, b := s.PickedInto(buf.picks[gi], rowsOf[g])
			picked[gi], buf.picks[gi] = vals, b
			if len(vals) == 0 {
				continue
			}
			d := describe(g, scale, s, rowsOf[g], vals)
			if d.Alpha < 0 {
				descWarn[gi] = append(descWarn[gi], fmt.Sprintf("%s, %s %s at %s: Cronbach's alpha is negative (%.3f); a reverse-keyed item is probably missing from the definition",
					g, scale.Instrument, scale.Code, s.Time, d.Alpha))
			}
			descs[si][gi] = d
		}
		if (opt.Change == nil || !opt.Change.ReliabilityStudy) && !s.ReadsItems() {
			rel.Done(s) // alpha was its items' last use
		}
		if opt.DescriptivesOnly {
			continue
		}
		for a := 0; a < len(groups); a++ {
			for b := a + 1; b < len(groups); b++ {
				x, y := picked[a], picked[b]
				if len(x) == 0 || len(y) == 0 {
					continue
				}
				bt, warns := between(scale, s.Time, groups[a], groups[b], x, y, opt, rankOpt)
				r.between = append(r.between, bt)
				for _, w := range warns {
					betweenWarn = append(betweenWarn, fmt.Sprintf("%s vs %s, %s %s at %s: %s", groups[a], groups[b], scale.Instrument, scale.Code, s.Time, w))
				}
			}
		}
	}
	buf.picks = nil // the picks are done: the pairs need other sizes
	presentBy := make([][]*scoring.Score, len(groups))
	for gi, g := range groups {
		rows := rowsOf[g]
		var present []*scoring.Score
		for si, s := range answered {
			d := descs[si][gi]
			if d == nil {
				continue
			}
			present = append(present, s)
			r.desc[gi] = append(r.desc[gi], d)
		}
		r.warnings = append(r.warnings, descWarn[gi]...)
		presentBy[gi] = present
		if opt.DescriptivesOnly {
			continue
		}
		for _, pair := range contrasts(len(present), opt.Contrasts) {
			p, warns := paired(g, scale, present[pair[0]], present[pair[1]], rows, opt, rankOpt, buf)
			r.paired[gi] = append(r.paired[gi], p)
			for _, w := range warns {
				r.warnings = append(r.warnings, fmt.Sprintf("%s, %s %s %s → %s: %s", g, scale.Instrument, scale.Code, p.From, p.To, w))
			}
		}
		if len(present) >= 3 {
			o, warns := omnibus(g, scale, present, rows, rankOpt, opt.ConfLevel, buf)
			r.omnibus[gi] = append(r.omnibus[gi], o)
			for _, w := range warns {
				r.warnings = append(r.warnings, fmt.Sprintf("%s, %s %s, Friedman: %s", g, scale.Instrument, scale.Code, w))
			}
		}
	}
	buf = nil // the gathers are done: their buffers go with it
	if opt.DescriptivesOnly {
		return r
	}
	if opt.Change != nil {
		r.change, r.parts = changeScale(scale, presentBy, groups, rowsOf, opt)
	}
	r.warnings = append(r.warnings, betweenWarn...)
	// Group × time: for COPM, the overall performance and satisfaction only.
	if !opt.NoGroupTime && (!scale.COPM || scale.Code == "PERF" || scale.Code == "SAT") {
		gt, w := groupTime(scale, answered, groups, rowsOf, opt, rankOpt)
		r.gt = gt
		r.warnings = append(r.warnings, w...)
	}
	return r
}

func setOf(list []string) map[string]bool {
	if len(list) == 0 {
		return nil
	}
	m := map[string]bool{}
	for _, s := range list {
		m[s] = true
	}
	return m
}

func present(sc *scoring.Scores, f func(*scoring.Score) string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range sc.Scores {
		if v := f(s); !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// pick returns the non-missing values of rows, counted first to allocate
// them exactly (scoring.Score.Picked). A group that never answered the
// instrument (a registry's third group) costs a read and no allocation.
func pick(s *scoring.Score, rows []int) []float64 { return s.Picked(rows) }

// contrasts returns index pairs: consecutive (0-1, 1-2, ...) or all.
func contrasts(n int, mode string) [][2]int {
	var out [][2]int
	for a := 0; a < n; a++ {
		for b := a + 1; b < n; b++ {
			if mode == "all" || b == a+1 {
				out = append(out, [2]int{a, b})
			}
		}
	}
	return out
}

func describe(g string, scale *results.Scale, s *scoring.Score, rows []int, vals []float64) *results.Descriptive {
	sum := stats.Describe(vals)
	d := &results.Descriptive{Group: g, Time: s.Time, Scale: scale, Instrument: scale.Instrument, ScaleCode: scale.Code,
		Better: scale.Better, N: sum.N, Mean: sum.Mean, SD: sum.SD, Median: sum.Median, Q1: sum.Q1, Q3: sum.Q3,
		Min: sum.Min, Max: sum.Max, Alpha: math.NaN(), AlphaStd: math.NaN(), Omega: math.NaN()}
	if s.NProrated > 0 { // none for COPM and given scores: no pass over the rows
		for _, i := range rows {
			if s.ProratedAt(i) {
				d.Prorated++
			}
		}
	}
	// Alpha for every scale of two or more items, unless its definition
	// says alpha: false (CAMI's CONSTRUCT and RAW sums mix directions by
	// definition and would only show a negative alpha).
	if s.Items != nil && len(s.Items) >= 2 && s.Scale.WantsAlpha() {
		// Responses shifted to start at 0 (reversed ones too): covariances
		// are unchanged and the integer accumulator is exact.
		acc := stats.NewIntCovAccumulator(len(s.Items))
		row := make([]uint32, len(s.Items))
		for _, i := range rows {
			if s.ItemRow(i, row) {
				acc.Add(row)
			}
		}
		d.AlphaN = acc.N()
		if a, err := acc.Alpha(); err == nil {
			d.Alpha, d.AlphaStd = a.Raw, a.Std
		}
		if om, err := acc.Omega(); err == nil {
			d.Omega = om.Omega
		} else {
			d.OmegaNote = err.Error()
		}
	}
	return d
}

// paired fills one contrast; warnings are the rank test's (tie rule).
//
// Long because one contrast reports many numbers (means, change, its
// interval, d_z and d_av with intervals, the rank test with Z, r and the
// rank-biserial), each assigned from the stats call that makes it.
func paired(g string, scale *results.Scale, from, to *scoring.Score, rows []int, opt Options, rankOpt stats.RankOptions, buf *taskBuffers) (*results.Paired, []string) {
	nan := math.NaN()
	p := &results.Paired{Group: g, Scale: scale, Instrument: scale.Instrument, ScaleCode: scale.Code, From: from.Time, To: to.Time, Statistic: nan, Z: nan, P: nan, PAdj: nan,
		Dz: nan, Dav: nan, R: nan, MeanFrom: nan, SDFrom: nan, MeanTo: nan, SDTo: nan, Diff: nan,
		DiffCILow: nan, DiffCIHigh: nan, DF: nan, DzCILow: nan, DzCIHigh: nan, DavCILow: nan, DavCIHigh: nan,
		RCILow: nan, RCIHigh: nan, RankBiserial: nan, RankBiserialCILow: nan, RankBiserialCIHigh: nan}
	// x = to, y = from: statistics are on the change. The changes d are
	// exact where the scale allows (item sums and means), else x − y; the
	// signed-rank test and SPSS's rank counts use the same ones.
	x, y, d, exact := buf.pairs(from, to, rows)
	p.N = len(x)
	if p.N > 0 {
		p.MeanFrom, p.SDFrom = stats.MeanSD(y)
		p.MeanTo, p.SDTo = stats.MeanSD(x)
		p.Diff = p.MeanTo - p.MeanFrom
	}
	if !exact {
		d = make([]float64, len(x))
		for i := range x {
			d[i] = x[i] - y[i]
		}
	}
	p.NNegative, p.NPositive, p.NTies = stats.SignCounts(d)
	if scale.COPM && from.Def.ClinicalChange > 0 {
		improved, worsened := 0, 0
		for i := range x {
			switch d := x[i] - y[i]; {
			case d >= from.Def.ClinicalChange:
				improved++
			case d <= -from.Def.ClinicalChange:
				worsened++
			}
		}
		p.Improved, p.Worsened = &improved, &worsened
	}
	if p.N < 2 {
		p.Note = fmt.Sprintf("n = %d: too few complete pairs", p.N)
		if opt.PairedTest == "t" {
			p.Test = "paired-t"
		} else {
			p.Test = "wilcoxon"
		}
		return p, nil
	}
	effectNote := "" // why d_z is missing beside a rank test's p-value
	// x − y, formed by each call below in one scratch buffer.
	scratch := floats(&buf.diff, len(x))
	tTest := stats.PairedEffectsScratch // beside the signed-rank test: no t p-value
	if opt.PairedTest == "t" {
		tTest = func(x, y, scratch []float64) (stats.PairedTResult, error) {
			return stats.PairedTScratch(x, y, scratch, stats.TwoSided)
		}
	}
	if t, err := tTest(x, y, scratch); err == nil {
		p.Dz, p.Dav = t.Dz, t.Dav
		if opt.PairedTest == "t" {
			p.Test, p.Statistic, p.DF, p.P = "paired-t", t.T, t.DF, t.P
		}
	} else {
		p.Dav = t.Dav
		if opt.PairedTest == "t" {
			p.Test, p.Note = "paired-t", err.Error()
		} else {
			effectNote = "no d_z: " + err.Error()
			if slices.Min(d) == slices.Max(d) {
				effectNote = fmt.Sprintf("no d_z: the %d changes are all equal (SD 0)", len(d))
			}
		}
	}
	// Intervals: those that cannot be formed (all changes equal) stay NaN.
	ci, _ := stats.PairedCIScratch(x, y, scratch, opt.ConfLevel)
	p.DiffCILow, p.DiffCIHigh = ci.MeanDiffLow, ci.MeanDiffHigh
	p.DzCILow, p.DzCIHigh, p.DavCILow, p.DavCIHigh = ci.DzLow, ci.DzHigh, ci.DavLow, ci.DavHigh
	var warns []string
	if opt.PairedTest != "t" {
		p.Test = "wilcoxon"
		w, err := signedRank(d, exact, x, y, opt, rankOpt)
		if err != nil {
			p.Note = err.Error()
		} else {
			p.Method, p.Statistic, p.Z, p.P, p.R = w.Method.String(), w.V, w.Z, w.P, w.R
			if opt.Like == "spss" {
				p.Z = stats.SPSSZ(w.Z)
			}
			p.RCILow, p.RCIHigh, _ = stats.CorrelationCI(w.R, w.N, opt.ConfLevel)
			p.RankBiserial = w.RankBiserial
			p.RankBiserialCILow, p.RankBiserialCIHigh, _ = stats.SignedRankRankBiserialCI(w.RankBiserial, w.NRanked, opt.ConfLevel)
		}
		warns = w.Warnings
		if p.Note == "" {
			p.Note = effectNote
		}
	}
	return p, warns
}

// signedRank runs the signed-rank test, on the exact differences when
// there are some; with --like r it gives up the exact p-value where R does:
// ties, zero differences, or 50 non-zero ones.
func signedRank(d []float64, exact bool, x, y []float64, opt Options, rankOpt stats.RankOptions) (stats.SignedRankResult, error) {
	run := func(o stats.RankOptions) (stats.SignedRankResult, error) {
		if exact {
			return stats.SignedRankDifferences(d, o)
		}
		return stats.SignedRank(x, y, o)
	}
	w, err := run(rankOpt)
	if err == nil && opt.Like == "r" && rankOpt.Method == stats.Auto && w.Method == stats.Exact &&
		(w.Ties || w.NZero > 0 || w.NRanked >= 50) {
		rankOpt.Method = stats.Asymptotic
		return run(rankOpt)
	}
	return w, err
}

// mannWhitney runs the rank-sum test; with --like r it gives up the exact
// p-value where R does: ties, or a group of 50 or more.
func mannWhitney(x, y []float64, opt Options, rankOpt stats.RankOptions) (stats.MannWhitneyResult, error) {
	m, err := stats.MannWhitney(x, y, rankOpt)
	if err == nil && opt.Like == "r" && rankOpt.Method == stats.Auto && m.Method == stats.Exact &&
		(m.Ties || m.N1 >= 50 || m.N2 >= 50) {
		rankOpt.Method = stats.Asymptotic
		return stats.MannWhitney(x, y, rankOpt)
	}
	return m, err
}

// omnibus fills the test over all time points; warnings are Friedman's
// (tie rule).
func omnibus(g string, scale *results.Scale, ss []*scoring.Score, rows []int, rankOpt stats.RankOptions, level float64, buf *taskBuffers) (*results.Omnibus, []string) {
	nan := math.NaN()
	o := &results.Omnibus{Group: g, Scale: scale, Instrument: scale.Instrument, ScaleCode: scale.Code,
		FriedmanStatistic: nan, FriedmanP: nan, PAdj: nan, PartialEtaSqCILow: nan, PartialEtaSqCIHi: nan}
	for _, s := range ss {
		o.Times = append(o.Times, s.Time)
	}
	// Complete cases, their rows slices of one backing array.
	// Counted first (exactly sized), then written without a branch on
	// missing scores: a row's values go at j, which moves on only when the
	// row is complete (k slots more for the last row's).
	k := len(ss)
	complete := func(i int) int {
		all := uint8(1)
		for _, s := range ss {
			all &= s.Has(i)
		}
		return int(all)
	}
	n := 0
	for _, i := range rows {
		n += complete(i)
	}
	flat := floats(&buf.flat, (n+1)*k)
	j := 0
	for _, i := range rows {
		for t, s := range ss {
			flat[j+t] = s.Value(i)
		}
		j += k * complete(i)
	}
	flat = flat[: n*k : n*k]
	if cap(buf.rows) < n {
		buf.rows = make([][]float64, n)
	}
	data := buf.rows[:n:n]
	for j := range data {
		data[j] = flat[j*k : (j+1)*k : (j+1)*k]
	}
	r, err := stats.RepeatedMeasuresANOVA(data)
	o.F, o.DF1, o.DF2, o.P = r.F, r.DF1, r.DF2, r.P
	o.MauchlyW, o.MauchlyP, o.GGEpsilon, o.GGP, o.HFEpsilon, o.HFP = r.MauchlyW, r.MauchlyP, r.GGEpsilon, r.GGP, r.HFEpsilon, r.HFP
	o.PartialEtaSq, o.GeneralizedEtaSq = r.PartialEtaSq, r.GeneralizedEtaSq
	o.PartialEtaSqCILow, o.PartialEtaSqCIHi, _ = stats.PartialEtaSqCI(r.F, r.DF1, r.DF2, level)
	o.N = len(data)
	if err != nil {
		o.Note = err.Error()
		if len(data) < 2 {
			o.F, o.P, o.MauchlyW, o.MauchlyP, o.GGEpsilon, o.GGP, o.HFEpsilon, o.HFP = nan, nan, nan, nan, nan, nan, nan, nan
			o.PartialEtaSq, o.GeneralizedEtaSq, o.DF1, o.DF2 = nan, nan, nan, nan
			o.PartialEtaSqCILow, o.PartialEtaSqCIHi = nan, nan
		}
	}
	var warns []string
	if len(data) >= 2 {
		f, err := stats.FriedmanWithOptions(data, rankOpt)
		if err == nil {
			o.FriedmanStatistic, o.FriedmanP = f.Statistic, f.P
		} else if o.Note == "" {
			o.Note = err.Error()
		}
		warns = f.Warnings
	}
	return o, warns
}

// between fills one comparison of two groups; warnings are the rank
// test's (tie rule).
func between(scale *results.Scale, time, g1, g2 string, x, y []float64, opt Options, rankOpt stats.RankOptions) (*results.Between, []string) {
	nan := math.NaN()
	b := &results.Between{Scale: scale, Instrument: scale.Instrument, ScaleCode: scale.Code, Time: time, Group1: g1, Group2: g2, N1: len(x), N2: len(y),
		Statistic: nan, Z: nan, P: nan, PAdj: nan, R: nan, D: nan, DiffCILow: nan, DiffCIHigh: nan, DF: nan,
		RCILow: nan, RCIHigh: nan, RankBiserial: nan, RankBiserialCILow: nan, RankBiserialCIHigh: nan, DCILow: nan, DCIHigh: nan}
	b.Mean1, b.SD1 = stats.MeanSD(x)
	b.Mean2, b.SD2 = stats.MeanSD(y)
	b.Diff = b.Mean1 - b.Mean2
	welch := stats.WelchEffects // beside the Mann-Whitney test: no t p-value
	if opt.BetweenTest == "welch" {
		welch = func(x, y []float64) (stats.IndependentTResult, error) { return stats.WelchT(x, y, stats.TwoSided) }
	}
	t, terr := welch(x, y)
	if terr == nil || !math.IsNaN(t.D) {
		b.D = t.D
	}
	ci, _ := stats.IndependentCI(x, y, false, opt.ConfLevel)
	b.DiffCILow, b.DiffCIHigh, b.DCILow, b.DCIHigh = ci.MeanDiffLow, ci.MeanDiffHigh, ci.DLow, ci.DHigh
	if opt.BetweenTest == "welch" {
		b.Test = "welch"
		if terr != nil {
			b.Note = terr.Error()
		} else {
			b.Statistic, b.DF, b.P = t.T, t.DF, t.P
		}
		return b, nil
	}
	b.Test = "mannwhitney"
	m, err := mannWhitney(x, y, opt, rankOpt)
	if err != nil {
		b.Note = err.Error()
		return b, m.Warnings
	}
	b.Method, b.Statistic, b.Z, b.P, b.R = m.Method.String(), m.W, m.Z, m.P, m.R
	if opt.Like == "spss" {
		// SPSS prints the smaller U and a Z that is never positive.
		b.Statistic = math.Min(m.W, float64(m.N1*m.N2)-m.W)
		b.Z = stats.SPSSZ(m.Z)
	}
	b.RCILow, b.RCIHigh, _ = stats.CorrelationCI(m.R, m.N1+m.N2, opt.ConfLevel)
	b.RankBiserial = m.RankBiserial
	b.RankBiserialCILow, b.RankBiserialCIHigh, _ = stats.MannWhitneyRankBiserialCI(m.RankBiserial, m.N1, m.N2, opt.ConfLevel)
	return b, m.Warnings
}

// adjust fills PAdj within each family: a group's paired contrasts, a
// group's omnibus tests, and the between-group comparisons at each time.
func adjust(res *Results, method stats.Adjustment) {
	family := func(n int, key func(int) string, get func(int) float64, set func(int, float64)) {
		idx := map[string][]int{}
		var keys []string
		for i := 0; i < n; i++ {
			k := key(i)
			if _, ok := idx[k]; !ok {
				keys = append(keys, k)
			}
			idx[k] = append(idx[k], i)
		}
		for _, k := range keys {
			ps := make([]float64, len(idx[k]))
			for j, i := range idx[k] {
				ps[j] = get(i)
			}
			adj := stats.AdjustP(ps, method)
			for j, i := range idx[k] {
				set(i, adj[j])
			}
		}
	}
	family(len(res.Paired), func(i int) string { return res.Paired[i].Group },
		func(i int) float64 { return res.Paired[i].P }, func(i int, v float64) { res.Paired[i].PAdj = v })
	family(len(res.Omnibus), func(i int) string { return res.Omnibus[i].Group },
		func(i int) float64 { return res.Omnibus[i].P }, func(i int, v float64) { res.Omnibus[i].PAdj = v })
	family(len(res.Between), func(i int) string { return res.Between[i].Time },
		func(i int) float64 { return res.Between[i].P }, func(i int, v float64) { res.Between[i].PAdj = v })
}

// echo is the options as the results record them.
func (o Options) echo() results.Options {
	return results.Options{PairedTest: o.PairedTest, BetweenTest: o.BetweenTest, Contrasts: o.Contrasts,
		Method: o.Method.String(), Continuity: o.Continuity, DigitsRank: stats.FormatDigitsRank(o.DigitsRank),
		Adjust: o.Adjust.String(), Alpha: o.Alpha, Effect: o.Effect, GroupTime: !o.NoGroupTime, Change: o.Change.echo(),
		Like: o.Like, ZConvention: o.ZConvention(), ConfLevel: o.ConfLevel, MixedModel: o.mixedModel()}
}

// scaleOf describes the scale a score belongs to.
func scaleOf(s *scoring.Score) *results.Scale {
	return &results.Scale{Instrument: s.Def.Code, Code: s.Code, Name: s.Scale.Name, Better: s.Scale.Better,
		HigherMeans: s.Scale.HigherMeans, COPM: s.Def.IsCOPM(), ClinicalChange: s.Def.ClinicalChange,
		MaxMissingFraction: s.Def.MissingFraction()}
}

// mixedModel is the --mixed-model option as the results record it.
func (o Options) mixedModel() string {
	if o.NoGroupTime || o.NoMixedModel {
		return "none"
	}
	return o.MixedModel.String()
}
