package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/pssa-project/pssa/internal/results"
	"github.com/pssa-project/pssa/stats"
)

// DefaultGroupNames are the model study's groups.
var DefaultGroupNames = map[string]string{
	"PSW": "Peer support workers",
	"SU":  "Service users",
	"MHP": "Mental health professionals",
}

// AnalysisView is how analyze's results are presented.
type AnalysisView struct {
	GroupNames map[string]string // code → heading; defaults to DefaultGroupNames
}

func (v AnalysisView) groupName(code string) string {
	if n, ok := v.GroupNames[code]; ok {
		return fmt.Sprintf("%s (%s)", n, code)
	}
	if n, ok := DefaultGroupNames[code]; ok {
		return fmt.Sprintf("%s (%s)", n, code)
	}
	return code
}

// ScaleLabel names a scale for reading: "SSQ", "CAMI AU", "COPM PERF".
func ScaleLabel(s *results.Scale) string {
	if s.Code == "TOTAL" {
		return s.Instrument
	}
	return s.Instrument + " " + s.Code
}

func arrow(s *results.Scale) string {
	switch s.Better {
	case "higher":
		return "↑"
	case "lower":
		return "↓"
	}
	return ""
}

func mSD(m, sd float64) string {
	if math.IsNaN(m) {
		return "–"
	}
	if math.IsNaN(sd) {
		return FormatNumber(m, 2)
	}
	return fmt.Sprintf("%s (%s)", FormatNumber(m, 2), FormatNumber(sd, 2))
}

func signed(v float64, digits int) string {
	s := FormatNumber(v, digits)
	if !math.IsNaN(v) && v > 0 && s != FormatNumber(0, digits) {
		return "+" + s
	}
	return s
}

func (v AnalysisView) pCell(p float64, alpha float64, note string) Cell {
	c := P(p)
	c.Star = !math.IsNaN(p) && p < alpha
	if math.IsNaN(p) && note != "" {
		c.Note = "n/a†"
	}
	return c
}

// dagger collects the reasons behind the "n/a†" cells of a table.
func dagger(t *Table, what, note string) {
	if note == "" {
		return
	}
	t.Notes = append(t.Notes, "† "+what+": "+note+".")
}

// AnalysisDocument lays analyze's results out like a paper's results
// section, plus the tidy table and the JSON of docs/json.md: per group (in
// the file's order) its scores, changes, omnibus tests and COPM block; then
// the between-group tables; then the round-2 sections (sectionTables).
func AnalysisDocument(res *results.Analysis, v AnalysisView) *Document {
	l := newLayout(res, v)
	doc := &Document{}
	add := func(t Table) {
		if len(t.Rows) > 0 {
			doc.Tables = append(doc.Tables, t)
		}
	}
	for _, g := range res.Input.Groups {
		add(l.scoresTable(g))
		add(l.changeTable(g))
		add(l.omnibusTable(g))
		add(l.copmTable(g))
	}
	for _, tp := range res.Input.TimePoints {
		add(l.betweenTable(tp))
	}
	for _, sec := range res.Sections() {
		if render, ok := sectionTables[sec.Key]; ok {
			for _, t := range render(res, v) {
				add(t)
			}
		}
	}
	notes := footnotes(res, l.effect)
	if len(doc.Tables) > 0 {
		last := &doc.Tables[len(doc.Tables)-1]
		last.Notes = append(last.Notes, notes...)
	} else {
		doc.Tables = append(doc.Tables, Table{Title: "No results", Columns: []string{"note"}, Notes: notes})
	}
	doc.Tidy = tidy(res)
	doc.JSON = res.Document()
	return doc
}

// layout is what the tables of one analysis share.
type layout struct {
	res      *results.Analysis
	v        AnalysisView
	opt      results.Options
	effect   string // d_z or d_av
	dByGroup map[string][]*results.Descriptive
}

func newLayout(res *results.Analysis, v AnalysisView) *layout {
	l := &layout{res: res, v: v, opt: res.Options, effect: "d_z", dByGroup: map[string][]*results.Descriptive{}}
	if l.opt.Effect == "dav" {
		l.effect = "d_av"
	}
	for _, d := range res.Descriptives {
		l.dByGroup[d.Group] = append(l.dByGroup[d.Group], d)
	}
	return l
}

// scoresTable: one row per scale, n and M (SD) at each time point the
// group has.
func (l *layout) scoresTable(g string) Table {
	seenT := map[string]bool{}
	for _, d := range l.dByGroup[g] {
		if !d.Scale.COPM {
			seenT[d.Time] = true
		}
	}
	var times []string
	for _, t := range l.res.Input.TimePoints {
		if seenT[t] {
			times = append(times, t)
		}
	}
	t := Table{Title: l.v.groupName(g) + ": scores by time point", Columns: []string{"Scale", ""}}
	if len(times) == 0 {
		return t
	}
	for _, tp := range times {
		t.Columns = append(t.Columns, tp+" n", tp+" M (SD)")
	}
	for _, s := range l.res.Scales {
		if s.COPM {
			continue
		}
		row := []Cell{T(ScaleLabel(s)), T(arrow(s))}
		any := false
		for _, tp := range times {
			d := findDesc(l.dByGroup[g], s, tp)
			if d == nil {
				row = append(row, T(""), T("–"))
				continue
			}
			any = true
			row = append(row, I(d.N), T(mSD(d.Mean, d.SD)))
		}
		if any {
			t.Rows = append(t.Rows, row)
		}
	}
	return t
}

// changeTable: the paired contrasts of the group's scales (not COPM).
func (l *layout) changeTable(g string) Table {
	statName := "V"
	if l.opt.PairedTest == "t" {
		statName = "t"
	}
	ct := Table{Title: l.v.groupName(g) + ": change between time points", Columns: []string{"Scale", "", "Contrast", "n", "Δ", statName, "p", l.effect}}
	if l.opt.Adjust != "none" {
		ct.Columns = append(ct.Columns, "p adj.")
	}
	for _, p := range l.res.Paired {
		if p.Group != g || p.Scale.COPM {
			continue
		}
		ct.Rows = append(ct.Rows, l.v.pairedRow(p, l.opt, l.effect))
		dagger(&ct, ScaleLabel(p.Scale)+" "+p.From+"–"+p.To, p.Note)
	}
	return ct
}

// omnibusTable: RM-ANOVA and Friedman over the group's time points.
func (l *layout) omnibusTable(g string) Table {
	opt := l.opt
	ot := Table{Title: l.v.groupName(g) + ": omnibus tests over " + "all time points (complete cases)",
		Columns: []string{"Scale", "Times", "n", "F (df)", "p", "ε GG", "p GG", "η²p", "Friedman χ²", "p"}}
	for _, o := range l.res.Omnibus {
		if o.Group != g || o.Scale.COPM {
			continue
		}
		ot.Rows = append(ot.Rows, []Cell{T(ScaleLabel(o.Scale)), T(strings.Join(o.Times, "–")), I(o.N),
			T(fstat(o)), l.v.pCell(o.P, opt.Alpha, o.Note), N(o.GGEpsilon, 2), l.v.pCell(o.GGP, opt.Alpha, o.Note),
			N(o.PartialEtaSq, 2), N(o.FriedmanStatistic, 2), l.v.pCell(o.FriedmanP, opt.Alpha, o.Note)})
		dagger(&ot, ScaleLabel(o.Scale), o.Note)
	}
	return ot
}

// copmTable: COPM performance and satisfaction with the counts of
// clinically important changes (the definition's clinical_change).
func (l *layout) copmTable(g string) Table {
	opt := l.opt
	mid := 2.0 // the COPM's own minimal important change, unless the definition says otherwise
	for _, p := range l.res.Paired {
		if p.Group == g && p.Scale.COPM && p.Scale.ClinicalChange > 0 {
			mid = p.Scale.ClinicalChange
			break
		}
	}
	cp := Table{Title: l.v.groupName(g) + ": COPM performance and satisfaction", Columns: []string{"Scale", "Contrast", "n", "M from", "M to", "Δ",
		"≥ +" + FormatNumber(mid, -1), "≤ −" + FormatNumber(mid, -1), "p", l.effect}}
	for _, p := range l.res.Paired {
		if p.Group != g || !p.Scale.COPM {
			continue
		}
		eff := p.Dz
		if opt.Effect == "dav" {
			eff = p.Dav
		}
		cp.Rows = append(cp.Rows, []Cell{T(ScaleLabel(p.Scale)), T(p.From + "–" + p.To), I(p.N),
			N(p.MeanFrom, 2), N(p.MeanTo, 2), T(signed(p.Diff, 2)), count(p.Improved), count(p.Worsened),
			l.v.pCell(p.P, opt.Alpha, p.Note), N(eff, 2)})
		dagger(&cp, ScaleLabel(p.Scale)+" "+p.From+"–"+p.To, p.Note)
	}
	if len(cp.Rows) == 0 {
		// A group with COPM at one time point only: show its descriptives.
		for _, d := range l.dByGroup[g] {
			if d.Scale.COPM {
				cp.Rows = append(cp.Rows, []Cell{T(ScaleLabel(d.Scale)), T(d.Time), I(d.N), N(d.Mean, 2), T(""), T(""), T(""), T(""), T(""), T("")})
			}
		}
	}
	if len(cp.Rows) > 0 {
		cp.Notes = []string{fmt.Sprintf("≥ +%[1]s / ≤ −%[1]s: participants whose rating changed by at least the clinically important %[1]s points.", FormatNumber(mid, -1))}
	}
	return cp
}

// betweenTable: each pair of groups at one time point.
func (l *layout) betweenTable(tp string) Table {
	opt := l.opt
	statName := "U"
	if opt.BetweenTest == "welch" {
		statName = "t"
	}
	bt := Table{Title: "Between groups at " + tp, Columns: []string{"Scale", "Groups", "n", "M₁ (SD)", "M₂ (SD)", statName, "p", "r", "d"}}
	if opt.Adjust != "none" {
		bt.Columns = append(bt.Columns, "p adj.")
	}
	for _, b := range l.res.Between {
		if b.Time != tp || (b.Scale.COPM && b.Scale.Code != "PERF" && b.Scale.Code != "SAT") {
			continue
		}
		digits := 1
		if b.Test != "mannwhitney" {
			digits = 2
		}
		row := []Cell{T(ScaleLabel(b.Scale)), T(b.Group1 + " vs " + b.Group2), T(fmt.Sprintf("%d/%d", b.N1, b.N2)),
			T(mSD(b.Mean1, b.SD1)), T(mSD(b.Mean2, b.SD2)), N(b.Statistic, digits), l.v.pCell(b.P, opt.Alpha, b.Note), N(b.R, 2), N(b.D, 2)}
		if opt.Adjust != "none" {
			row = append(row, l.v.pCell(b.PAdj, opt.Alpha, b.Note))
		}
		bt.Rows = append(bt.Rows, row)
		dagger(&bt, ScaleLabel(b.Scale)+" "+b.Group1+" vs "+b.Group2, b.Note)
	}
	return bt
}

func findDesc(ds []*results.Descriptive, s *results.Scale, time string) *results.Descriptive {
	for _, d := range ds {
		if d.Scale == s && d.Time == time {
			return d
		}
	}
	return nil
}

func fstat(o *results.Omnibus) string {
	if math.IsNaN(o.F) {
		return "–"
	}
	return fmt.Sprintf("%s (%s, %s)", FormatNumber(o.F, 2), FormatNumber(o.DF1, 0), FormatNumber(o.DF2, 0))
}

func (v AnalysisView) pairedRow(p *results.Paired, opt results.Options, effect string) []Cell {
	digits := 1
	if p.Test != "wilcoxon" {
		digits = 2
	}
	eff := p.Dz
	if effect == "d_av" {
		eff = p.Dav
	}
	row := []Cell{T(ScaleLabel(p.Scale)), T(arrow(p.Scale)), T(p.From + "–" + p.To), I(p.N), T(signed(p.Diff, 2)),
		N(p.Statistic, digits), v.pCell(p.P, opt.Alpha, p.Note), N(eff, 2)}
	if opt.Adjust != "none" {
		row = append(row, v.pCell(p.PAdj, opt.Alpha, p.Note))
	}
	return row
}

func footnotes(res *results.Analysis, effect string) []string {
	opt := res.Options
	var n []string
	paired := "Wilcoxon signed-rank test (V = sum of positive ranks of to − from; zeros dropped; exact conditional p up to " + strconv.Itoa(stats.ExactThreshold) + " pairs, ties included, else normal approximation"
	if opt.Method == "exact" {
		paired = "Wilcoxon signed-rank test (V = sum of positive ranks of to − from; zeros dropped; exact conditional p"
	} else if opt.Method == "asymptotic" {
		paired = "Wilcoxon signed-rank test (V = sum of positive ranks of to − from; zeros dropped; normal approximation"
	}
	if opt.Method != "exact" {
		if opt.Continuity {
			paired += " with continuity correction"
		} else {
			paired += " without continuity correction"
		}
	}
	paired += ")"
	if opt.PairedTest == "t" {
		paired = "paired t-test"
	}
	between := "Mann-Whitney U test (U of the first group)"
	if opt.BetweenTest == "welch" {
		between = "Welch's t-test"
	}
	n = append(n,
		"Paired contrasts: "+paired+". Δ = mean at the later minus the earlier time point over complete pairs; n = complete pairs.",
		fmt.Sprintf("Effect size for paired contrasts: %s (%s).", effect, map[string]string{
			"d_z":  "mean difference / SD of the differences, SPSS's Cohen's d for paired samples",
			"d_av": "mean difference / mean of the two SDs"}[effect]),
		"Omnibus: one-way repeated-measures ANOVA (Mauchly's test; Greenhouse-Geisser and Huynh-Feldt corrections) and Friedman test, complete cases.",
		"Between groups: "+between+"; r = z/√(n1 + n2); d = Cohen's d with the pooled SD.",
		"↑ higher is better; ↓ lower is better. M (SD) over the participants with a score at that time point (pssa describe adds quartiles and Cronbach's alpha).",
		"Missing items: a scale is prorated when at most "+prorating(res.Scales)+" of its items are missing (see pssa describe for the counts), missing otherwise.",
		fmt.Sprintf("* p < %s (two-sided).", strings.TrimPrefix(strconv.FormatFloat(opt.Alpha, 'g', -1, 64), "0")),
	)
	if opt.Adjust != "none" {
		n = append(n, fmt.Sprintf("p adj.: %s adjustment within each table.", map[string]string{"holm": "Holm", "BH": "Benjamini-Hochberg"}[opt.Adjust]))
	}
	return n
}

// count is an optional count's cell (blank when not counted).
func count(n *int) Cell {
	if n == nil {
		return T("")
	}
	return I(*n)
}

// prorating states the definitions' limits of missing items ("20%", or
// "20% (SWLS: 50%)" when a definition sets its own).
func prorating(scales []*results.Scale) string {
	pct := func(f float64) string { return strconv.FormatFloat(100*f, 'g', 4, 64) + "%" }
	counts := map[float64]int{}
	common := 0.0
	for _, s := range scales {
		counts[s.MaxMissingFraction]++
		if counts[s.MaxMissingFraction] > counts[common] {
			common = s.MaxMissingFraction
		}
	}
	out := pct(common)
	var others []string
	seen := map[string]bool{}
	for _, s := range scales {
		if s.MaxMissingFraction != common && !seen[s.Instrument] {
			seen[s.Instrument] = true
			others = append(others, s.Instrument+": "+pct(s.MaxMissingFraction))
		}
	}
	if len(others) > 0 {
		out += " (" + strings.Join(others, ", ") + ")"
	}
	return out
}

// sectionTables renders the sections that come after the between-group
// tables (round 2's group × time, clinical change, ...): one entry per
// section key of results.Analysis.Sections(); TestEverySectionRendered
// fails for a section without one.
var sectionTables = map[string]func(res *results.Analysis, v AnalysisView) []Table{
	"group_time": groupTimeTables,
	"change":     ChangeTables,
}

// coreSections are laid out by AnalysisDocument itself, group by group.
var coreSections = []string{"descriptives", "paired", "omnibus", "between"}
