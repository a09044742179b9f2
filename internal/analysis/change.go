package analysis

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/pssa-project/pssa/internal/scoring"

	"github.com/pssa-project/pssa/instruments"
	"github.com/pssa-project/pssa/internal/results"
	"github.com/pssa-project/pssa/stats"
)

// SDSource says which SD enters Jacobson–Truax's S_diff.
type SDSource int

const (
	// SDGroup is the SD (n − 1) of the from-scores of the group's complete pairs.
	SDGroup SDSource = iota
	// SDPooled pools the from-scores of every group's complete pairs of the
	// contrast (within-group SD, N − G degrees of freedom).
	SDPooled
	// SDNorm is the dysfunctional population's SD.
	SDNorm
)

// CutoffKind chooses the Jacobson–Truax criterion.
type CutoffKind int

const (
	// CutoffAuto is c when both populations are known, else a or b, else none.
	CutoffAuto CutoffKind = iota
	CutoffA
	CutoffB
	CutoffC
)

// ScaleNorms are the populations given for a scale (nil when unknown).
type ScaleNorms struct {
	Functional, Dysfunctional *stats.Norm
	Source                    string
}

// ChangeOptions configure clinical significance (pssa change, analyze's
// change section). The zero value is Jacobson–Truax with z = 1.96, the
// group's SD and the definitions' reliabilities and norms.
type ChangeOptions struct {
	// HA adds Hageman–Arrindell rows beside the Jacobson–Truax rows.
	HA bool
	SD SDSource
	// Z is the reliable-change threshold (1.96 when 0).
	Z float64
	// ReliabilityStudy uses each group's Cronbach's alpha at the contrast's
	// from time point.
	ReliabilityStudy bool
	// Reliability overrides by key: the instrument code for TOTAL (SWLS),
	// CODE_SCALE for a subscale (CAMI_AU).
	Reliability map[string]float64
	// Norms override the definitions' norms, by the same keys.
	Norms  map[string]ScaleNorms
	Cutoff CutoffKind
	// PerParticipant keeps each participant's category (Results.
	// ChangeParticipants), for pssa change --per-participant and the figure.
	PerParticipant bool
}

// ScaleKey is how --reliability and --norms name a scale: the instrument
// code for TOTAL, CODE_SCALE otherwise.
func ScaleKey(instrument, scale string) string {
	if scale == "TOTAL" {
		return instrument
	}
	return instrument + "_" + scale
}

// ChangeSDWarnBelow is the number of participants below which the SD behind
// S_diff is flagged as unstable.
const ChangeSDWarnBelow = 30

// changePlan is what a scale's change rows need, resolved once per scale.
type changePlan struct {
	scale    *results.Scale
	def      *instruments.Definition
	sdef     *instruments.Scale
	better   stats.Better
	dirErr   error
	mid      float64
	norms    ScaleNorms
	cutKind  string
	cutoff   float64
	cutErr   string
	relValue float64 // NaN when none
	relSrc   string
}

func (o *ChangeOptions) z() float64 {
	if o.Z == 0 {
		return 1.96
	}
	return o.Z
}

func planChange(scale *results.Scale, s *scoring.Score, o *ChangeOptions) *changePlan {
	p := &changePlan{scale: scale, def: s.Def, sdef: s.Scale, cutoff: math.NaN(), relValue: math.NaN()}
	p.better, p.dirErr = stats.ParseBetter(scale.Better)
	if s.Def.ClinicalChange > 0 {
		p.mid = s.Def.ClinicalChange
	}
	key := ScaleKey(scale.Instrument, scale.Code)
	// Norms: flags first, then the definition.
	if n, ok := o.Norms[key]; ok {
		p.norms = n
	} else if s.Scale != nil && s.Scale.Norms != nil {
		dn := s.Scale.Norms
		if f := dn.Functional; f != nil {
			p.norms.Functional = &stats.Norm{Mean: f.Mean, SD: f.SD}
		}
		if d := dn.Dysfunctional; d != nil {
			p.norms.Dysfunctional = &stats.Norm{Mean: d.Mean, SD: d.SD}
		}
		p.norms.Source = "definition"
	}
	fun, dys := p.norms.Functional, p.norms.Dysfunctional
	kind := o.Cutoff
	if kind == CutoffAuto {
		switch {
		case fun != nil && dys != nil:
			kind = CutoffC
		case dys != nil:
			kind = CutoffA
		case fun != nil:
			kind = CutoffB
		}
	}
	if p.dirErr == nil {
		switch kind {
		case CutoffA:
			if dys == nil {
				p.cutErr = "criterion a needs a dysfunctional norm (--norms " + key + "=FM:FSD,DM:DSD or norms in the definition)"
			} else {
				p.cutKind, p.cutoff = "a", stats.CutoffA(*dys, p.better)
			}
		case CutoffB:
			if fun == nil {
				p.cutErr = "criterion b needs a functional norm (--norms " + key + "=FM:FSD or norms in the definition)"
			} else {
				p.cutKind, p.cutoff = "b", stats.CutoffB(*fun, p.better)
			}
		case CutoffC:
			if fun == nil || dys == nil {
				p.cutErr = "criterion c needs a functional and a dysfunctional norm (--norms " + key + "=FM:FSD,DM:DSD)"
			} else {
				p.cutKind, p.cutoff = "c", stats.CutoffC(*fun, *dys)
			}
		}
	}
	// Reliability: a flag for this scale, else the definition's (unless
	// --reliability study asks for the study's own alpha).
	if v, ok := o.Reliability[key]; ok {
		p.relValue, p.relSrc = v, "--reliability "+key
	} else if !o.ReliabilityStudy && s.Scale != nil && s.Scale.Reliability != nil {
		r := s.Scale.Reliability
		p.relValue, p.relSrc = r.Value, r.Kind+": "+r.Source
	}
	return p
}

// changeGroupPairs are one group's complete pairs for a contrast.
type changeGroupPairs struct {
	group     string
	gi        int
	ids       []int // dataset rows of the complete pairs
	from, to  []float64
	fromScore *scoring.Score
	toScore   *scoring.Score
	rows      []int
}

// newChangeGroupPairs gathers a group's complete pairs of scores a → b.
func newChangeGroupPairs(group string, gi int, a, b *scoring.Score, rows []int) *changeGroupPairs {
	gp := &changeGroupPairs{group: group, gi: gi, fromScore: a, toScore: b, rows: rows}
	// Counted, then gathered without a branch on missing scores (as pairs).
	n := 0
	for _, i := range rows {
		n += int(a.Has(i) & b.Has(i))
	}
	ids, from, to := make([]int, n+1), make([]float64, n+1), make([]float64, n+1)
	j := 0
	for _, i := range rows {
		ids[j], from[j], to[j] = i, a.Value(i), b.Value(i)
		j += int(a.Has(i) & b.Has(i))
	}
	gp.ids, gp.from, gp.to = ids[:n:n], from[:n:n], to[:n:n]
	return gp
}

// changeScale computes the change rows of one scale for every group and
// contrast, and the tests across groups. byGroup[gi] lists the group's time
// points with answers, as runScale found them.
func changeScale(scale *results.Scale, byGroup [][]*scoring.Score, groups []string, rowsOf map[string][]int, opt Options) ([][]*results.Change, [][]*results.ChangeParticipant) {
	o := opt.Change
	rows := make([][]*results.Change, len(groups))
	parts := make([][]*results.ChangeParticipant, len(groups))
	var first *scoring.Score
	for _, ss := range byGroup {
		if len(ss) > 0 {
			first = ss[0]
			break
		}
	}
	// COPM's per-problem scores (PERF_FINDWORK, ...) are not scales of the
	// definition: only PERF and SAT are classified.
	if first == nil || first.Def.Scale(scale.Code) == nil {
		return rows, parts
	}
	plan := planChange(scale, first, o)
	// Contrasts in first-seen order, each with the groups that have it.
	type contrastKey struct{ from, to string }
	var order []contrastKey
	members := map[contrastKey][]*changeGroupPairs{}
	for gi, ss := range byGroup {
		for _, c := range contrasts(len(ss), opt.Contrasts) {
			a, b := ss[c[0]], ss[c[1]]
			k := contrastKey{a.Time, b.Time}
			if _, ok := members[k]; !ok {
				order = append(order, k)
			}
			members[k] = append(members[k], newChangeGroupPairs(groups[gi], gi, a, b, rowsOf[groups[gi]]))
		}
	}
	methods := []string{"jt"}
	if plan.mid > 0 {
		methods = []string{"mid"}
	} else if o.HA {
		methods = append(methods, "ha")
	}
	for _, k := range order {
		gs := members[k]
		pooled, pooledN := pooledSD(gs)
		for _, method := range methods {
			var contrastRows []*results.Change
			var table [][]int
			for _, gp := range gs {
				row, cats := changeRow(plan, gp, method, pooled, pooledN, o)
				contrastRows = append(contrastRows, row)
				rows[gp.gi] = append(rows[gp.gi], row)
				parts[gp.gi] = append(parts[gp.gi], cats...)
				if row.NUnchanged != nil {
					table = append(table, countsOf(row))
				}
			}
			if len(table) == 0 {
				continue
			}
			ct, err := stats.CompareCategories(table)
			if err != nil || ct.Test == "" {
				continue
			}
			for _, r := range contrastRows {
				if r.NUnchanged != nil {
					t := ct.Test
					r.Test, r.P = &t, ct.P
				}
			}
		}
	}
	return rows, parts
}

func countsOf(r *results.Change) []int {
	v := func(p *int) int {
		if p == nil {
			return 0
		}
		return *p
	}
	return []int{v(r.NRecovered), v(r.NImproved), v(r.NUnchanged), v(r.NDeteriorated), v(r.NHarmed)}
}

// pooledSD is the within-group SD of the from-scores of every group's
// complete pairs: √(Σ_g Σ_i (x_gi − x̄_g)² / (N − G)).
func pooledSD(gs []*changeGroupPairs) (float64, int) {
	ss, n, g := 0.0, 0, 0
	for _, gp := range gs {
		if len(gp.from) == 0 {
			continue
		}
		m := 0.0
		for _, x := range gp.from {
			m += x
		}
		m /= float64(len(gp.from))
		for _, x := range gp.from {
			ss += (x - m) * (x - m)
		}
		n += len(gp.from)
		g++
	}
	if n-g < 1 {
		return math.NaN(), n
	}
	return math.Sqrt(ss / float64(n-g)), n
}

// changeRow classifies the participants of one group, scale, contrast and
// method and counts the categories.
//
// Long because the method (JT, HA, MID), the SD source and the cutoff each
// choose how the row's numbers are formed, and the row records every one.
func changeRow(p *changePlan, gp *changeGroupPairs, method string, pooled float64, pooledN int, o *ChangeOptions) (*results.Change, []*results.ChangeParticipant) {
	nan := math.NaN()
	r := &results.Change{Scale: p.scale, Group: gp.group, Instrument: p.scale.Instrument, ScaleCode: p.scale.Code,
		From: gp.fromScore.Time, To: gp.toScore.Time, N: len(gp.from), Method: method,
		Reliability: nan, SDFrom: nan, SDiff: nan, RDD: nan, Cutoff: nan, P: nan}
	if p.cutKind != "" {
		k := p.cutKind
		r.CutoffKind, r.Cutoff = &k, p.cutoff
	}
	fail := func(format string, args ...any) (*results.Change, []*results.ChangeParticipant) {
		r.Note = fmt.Sprintf(format, args...)
		return r, nil
	}
	if p.dirErr != nil {
		return fail("scale %s has no direction (better: %s), so improvement cannot be told from deterioration", ScaleKey(p.scale.Instrument, p.scale.Code), p.scale.Better)
	}
	if r.N == 0 {
		return fail("no participant has both scores")
	}
	crit := stats.Criterion{Z: o.z(), Better: p.better, Cutoff: p.cutoff}
	var res stats.ChangeResult
	var err error
	switch method {
	case "mid":
		if p.cutErr != "" {
			return fail("%s", p.cutErr)
		}
		r.ReliabilitySource = fmt.Sprintf("minimal important difference of %g points (%s definition)", p.mid, p.def.Code)
		r.SDFrom, r.SDN = sdOf(gp.from), len(gp.from) // reported, not used
		res, err = stats.MinimalImportantChange(gp.from, gp.to, p.mid, crit)
	default:
		rel, src := p.relValue, p.relSrc
		if math.IsNaN(rel) && o.ReliabilityStudy {
			a, n, why := studyAlpha(gp)
			if why != "" {
				return fail("--reliability study: %s", why)
			}
			rel, src = a, fmt.Sprintf("study: Cronbach's alpha of %s at %s (n = %d)", gp.group, gp.fromScore.Time, n)
		}
		if math.IsNaN(rel) {
			return fail("no reliability for %s: the definition cites none; pass --reliability %s=VALUE or --reliability study", ScaleKey(p.scale.Instrument, p.scale.Code), ScaleKey(p.scale.Instrument, p.scale.Code))
		}
		r.Reliability, r.ReliabilitySource = rel, src
		if p.cutErr != "" {
			return fail("%s", p.cutErr)
		}
		if method == "ha" {
			r.SDFrom, r.SDN = sdOf(gp.from), len(gp.from)
			res, err = stats.HagemanArrindell(gp.from, gp.to, rel, crit)
			r.RDD = res.RDD
			break
		}
		switch o.SD {
		case SDPooled:
			r.SDFrom, r.SDN = pooled, pooledN
		case SDNorm:
			if p.norms.Dysfunctional == nil {
				return fail("--rci-sd norm needs a dysfunctional norm for %s", ScaleKey(p.scale.Instrument, p.scale.Code))
			}
			r.SDFrom = p.norms.Dysfunctional.SD
		default:
			r.SDFrom, r.SDN = sdOf(gp.from), len(gp.from)
			if r.SDN < 2 {
				return fail("n = %d: the SD of the from-scores needs at least 2 complete pairs (--rci-sd pooled or norm gives one)", r.SDN)
			}
			if r.SDFrom == 0 {
				return fail("the from-scores do not vary (SD 0), so S_diff is 0 (--rci-sd pooled or norm gives another SD)")
			}
		}
		res, err = stats.JacobsonTruax(gp.from, gp.to, r.SDFrom, rel, crit)
	}
	if err != nil {
		return fail("%v", err)
	}
	r.SDiff = res.SDiff
	counts := res.Counts
	ip := func(k stats.Category) *int { v := counts[k]; return &v }
	r.NImproved, r.NUnchanged, r.NDeteriorated = ip(stats.Improved), ip(stats.Unchanged), ip(stats.Deteriorated)
	if !math.IsNaN(p.cutoff) {
		r.NRecovered, r.NHarmed = ip(stats.Recovered), ip(stats.Harmed)
	}
	if !o.PerParticipant {
		return r, nil
	}
	parts := make([]*results.ChangeParticipant, len(gp.from))
	for j, i := range gp.ids {
		parts[j] = &results.ChangeParticipant{Row: i, Group: gp.group, Instrument: p.scale.Instrument, ScaleCode: p.scale.Code,
			From: r.From, To: r.To, ScoreFrom: gp.from[j], ScoreTo: gp.to[j], Difference: gp.to[j] - gp.from[j],
			RCI: res.Index[j], Category: res.Categories[j].String(), Method: method}
	}
	return r, parts
}

// studyAlpha is Cronbach's alpha of the group's item responses at the
// contrast's from time point (listwise complete respondents).
func studyAlpha(gp *changeGroupPairs) (float64, int, string) {
	s := gp.fromScore
	if s.Items == nil || len(s.Items) < 2 {
		return 0, 0, fmt.Sprintf("%s has no item responses to compute alpha from (given scores or fewer than 2 items)", s.Name())
	}
	vals := pick(s, gp.rows)
	d := describe(gp.group, &results.Scale{Better: "higher"}, s, gp.rows, vals)
	if math.IsNaN(d.Alpha) {
		return 0, d.AlphaN, fmt.Sprintf("alpha of %s in %s could not be computed (%d complete respondents)", s.Name(), gp.group, d.AlphaN)
	}
	if !(d.Alpha > 0 && d.Alpha < 1) {
		return 0, d.AlphaN, fmt.Sprintf("alpha of %s in %s is %.3f, not between 0 and 1", s.Name(), gp.group, d.Alpha)
	}
	return d.Alpha, d.AlphaN, ""
}

// assembleChange puts the scales' change rows in the analysis, group by
// group as the other sections, and names each participant by id.
func assembleChange(res *Results, tasks []taskResult, groups int, id func(int) string) {
	res.Change = []*results.Change{}
	for gi := 0; gi < groups; gi++ {
		for _, r := range tasks {
			if r.change == nil {
				continue
			}
			res.Change = append(res.Change, r.change[gi]...)
			for _, p := range r.parts[gi] {
				p.ID = id(p.Row)
				res.ChangeParticipants = append(res.ChangeParticipants, p)
			}
		}
	}
}

// echo is the options as analyze's JSON records them (nil when off).
func (o *ChangeOptions) echo() *results.ChangeOptions {
	if o == nil {
		return nil
	}
	e := &results.ChangeOptions{RCI: "jt", SD: [...]string{"group", "pooled", "norm"}[o.SD], Z: o.z(),
		Cutoff: [...]string{"auto", "a", "b", "c"}[o.Cutoff], Reliability: []string{}, Norms: []string{}}
	if o.HA {
		e.RCI = "ha"
	}
	if o.ReliabilityStudy {
		e.Reliability = append(e.Reliability, "study")
	}
	for k, v := range o.Reliability {
		e.Reliability = append(e.Reliability, k+"="+strconv.FormatFloat(v, 'g', -1, 64))
	}
	norm := func(n *stats.Norm) string {
		if n == nil {
			return ""
		}
		return strconv.FormatFloat(n.Mean, 'g', -1, 64) + ":" + strconv.FormatFloat(n.SD, 'g', -1, 64)
	}
	for k, n := range o.Norms {
		v := k + "=" + norm(n.Functional)
		if n.Dysfunctional != nil {
			v += "," + norm(n.Dysfunctional)
		}
		e.Norms = append(e.Norms, v)
	}
	sort.Strings(e.Reliability)
	sort.Strings(e.Norms)
	return e
}

// sdOf is the SD Describe reports.
func sdOf(x []float64) float64 {
	_, sd := stats.MeanSD(x)
	return sd
}
