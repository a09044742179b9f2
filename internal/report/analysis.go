package report

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/pssa-project/pssa/internal/results"
	"github.com/pssa-project/pssa/stats"
)

// AnalysisView is how analyze's results are presented.
type AnalysisView struct {
	GroupNames map[string]string // code → display name (--group-names)
}

// groupName is a group's heading: "Peer support workers (PSW)" when it
// has a display name, else its code.
func (v AnalysisView) groupName(code string) string {
	if n, ok := v.GroupNames[code]; ok && n != code {
		return fmt.Sprintf("%s (%s)", n, code)
	}
	return code
}

// labels joins groups' display names ("Intervention, Control").
func (v AnalysisView) labels(codes []string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = v.label(c)
	}
	return strings.Join(out, ", ")
}

// label is a group's display name in rows ("Intervention vs Control").
func (v AnalysisView) label(code string) string {
	if n, ok := v.GroupNames[code]; ok {
		return n
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
	return AnalysisDocumentFor(res, v, "")
}

// AnalysisDocumentFor is AnalysisDocument for one output format: json
// writes the results alone, so its document skips laying out the tables
// and the tidy rows (a tenth of a study-sized analyze); only csv and tsv
// write the tidy rows, so the other formats skip them. "" gets the whole
// document.
func AnalysisDocumentFor(res *results.Analysis, v AnalysisView, format string) *Document {
	if format == "json" {
		return &Document{JSON: res.Document(), Results: res, View: v}
	}
	l := newLayout(res, v)
	doc := &Document{}
	add := func(t Table) bool {
		if len(t.Rows) > 0 {
			doc.Tables = append(doc.Tables, t)
			return true
		}
		return false
	}
	var on shown // which kinds of table printed: the footnotes name only those
	for _, g := range res.Input.Groups {
		add(l.scoresTable(g))
		on.paired = add(l.changeTable(g)) || on.paired
		on.omnibus = add(l.omnibusTable(g)) || on.omnibus
		cp, tested := l.copmTable(g)
		on.copm = add(cp) && tested || on.copm
	}
	for _, tp := range res.Input.TimePoints {
		on.between = add(l.betweenTable(tp)) || on.between
	}
	for _, sec := range res.Sections() {
		if render, ok := sectionTables[sec.Key]; ok {
			for _, t := range render(res, v) {
				add(t)
			}
		}
	}
	notes := footnotes(res, l.effect, on)
	if len(doc.Tables) > 0 {
		last := &doc.Tables[len(doc.Tables)-1]
		last.Notes = append(last.Notes, notes...)
	} else {
		doc.Tables = append(doc.Tables, Table{Title: "No results", Columns: []string{"note"}, Notes: notes})
	}
	if format == "" || format == "csv" || format == "tsv" {
		doc.Tidy = tidy(res)
	}
	doc.JSON = res.Document()
	doc.Results, doc.View = res, v
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
			row = append(row, I(d.N), mSDCell(d.Mean, d.SD))
		}
		if any {
			t.Rows = append(t.Rows, row)
		}
	}
	return t
}

// changeTable: the paired contrasts of the group's scales (not COPM).
func (l *layout) changeTable(g string) Table {
	// M from and M to over the complete pairs beside Δ (the paper's "a
	// decrease of 2.1 (T1 = 80.60–T2 = 78.50)"), the test's own statistic,
	// p, and d with its interval.
	ct := Table{Title: l.v.groupName(g) + ": change between time points", Columns: []string{"Scale", "", "Times", "n", "M from", "M to", "Δ"}}
	if l.opt.PairedTest == "t" {
		ct.Columns = append(ct.Columns, "t (df)")
	} else {
		ct.Columns = append(ct.Columns, "V", "Z")
	}
	ct.Columns = append(ct.Columns, "p", l.effect, ciHeader(l.opt))
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
	// The time points go in the title when every row has the same ones
	// (the usual case), in a column otherwise.
	var oms []*results.Omnibus
	sameTimes := true
	for _, o := range l.res.Omnibus {
		if o.Group != g || o.Scale.COPM {
			continue
		}
		if len(oms) > 0 && strings.Join(o.Times, "–") != strings.Join(oms[0].Times, "–") {
			sameTimes = false
		}
		oms = append(oms, o)
	}
	ot := Table{Title: l.v.groupName(g) + ": omnibus tests over all time points (complete cases)",
		Columns: []string{"Scale", "Times", "n", "F (df)", "p", "ε GG", "p GG", "η²p", ciHeader(opt), "Friedman χ²", "p"}}
	if sameTimes && len(oms) > 0 {
		ot.Title = l.v.groupName(g) + ": omnibus tests over " + strings.Join(oms[0].Times, ", ") + " (complete cases)"
		ot.Columns = slices.Delete(ot.Columns, 1, 2)
	}
	for _, o := range oms {
		row := []Cell{T(ScaleLabel(o.Scale)), T(strings.Join(o.Times, "–")), I(o.N),
			fstatCell(o), l.v.pCell(o.P, opt.Alpha, o.Note), N(o.GGEpsilon, 2), l.v.pCell(o.GGP, opt.Alpha, o.Note),
			N(o.PartialEtaSq, 2), intervalCell(o.PartialEtaSqCILow, o.PartialEtaSqCIHi, 2),
			N(o.FriedmanStatistic, 2), l.v.pCell(o.FriedmanP, opt.Alpha, o.Note)}
		if sameTimes {
			row = slices.Delete(row, 1, 2)
		}
		ot.Rows = append(ot.Rows, row)
		dagger(&ot, ScaleLabel(o.Scale), o.Note)
	}
	return ot
}

// copmTable: COPM performance and satisfaction with the counts of
// clinically important changes (the definition's clinical_change); tested
// is false when it shows only descriptives (COPM at one time point).
func (l *layout) copmTable(g string) (t Table, tested bool) {
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
			N(p.MeanFrom, 2), N(p.MeanTo, 2), signedCell(p.Diff, 2), count(p.Improved), count(p.Worsened),
			l.v.pCell(p.P, opt.Alpha, p.Note), N(eff, 2)})
		dagger(&cp, ScaleLabel(p.Scale)+" "+p.From+"–"+p.To, p.Note)
	}
	tested = len(cp.Rows) > 0
	if len(cp.Rows) == 0 {
		// A group with COPM at one time point only: show its descriptives.
		for _, d := range l.dByGroup[g] {
			if d.Scale.COPM {
				cp.Rows = append(cp.Rows, []Cell{T(ScaleLabel(d.Scale)), T(d.Time), I(d.N), N(d.Mean, 2), T(""), T(""), T(""), T(""), T(""), T("")})
			}
		}
	}
	if len(cp.Rows) > 0 {
		// before the † notes of the rows, not instead of them
		cp.Notes = append([]string{fmt.Sprintf("≥ +%[1]s / ≤ −%[1]s: participants whose rating changed by at least the clinically important %[1]s points.", FormatNumber(mid, -1))}, cp.Notes...)
	}
	return cp, tested
}

// betweenTable: each pair of groups at one time point.
func (l *layout) betweenTable(tp string) Table {
	opt := l.opt
	// Mann-Whitney: U, Z, p and r; Welch: t (df), p and d with its
	// interval. Each table shows only what its test fills.
	bt := Table{Title: "Between groups at " + tp, Columns: []string{"Scale", "Groups", "n", "M₁ (SD)", "M₂ (SD)"}}
	if opt.BetweenTest == "welch" {
		bt.Columns = append(bt.Columns, "t (df)", "p", "d", ciHeader(opt))
	} else {
		bt.Columns = append(bt.Columns, "U", "Z", "p", "r")
	}
	if opt.Adjust != "none" {
		bt.Columns = append(bt.Columns, "p adj.")
	}
	for _, b := range l.res.Between {
		if b.Time != tp || (b.Scale.COPM && b.Scale.Code != "PERF" && b.Scale.Code != "SAT") {
			continue
		}
		row := []Cell{T(ScaleLabel(b.Scale)), T(l.v.label(b.Group1) + " vs " + l.v.label(b.Group2)), T(fmt.Sprintf("%d/%d", b.N1, b.N2)),
			mSDCell(b.Mean1, b.SD1), mSDCell(b.Mean2, b.SD2)}
		if b.Test == "welch" {
			row = append(row, tdfCell(b.Statistic, b.DF), l.v.pCell(b.P, opt.Alpha, b.Note), N(b.D, 2), intervalCell(b.DCILow, b.DCIHigh, 2))
		} else {
			row = append(row, N(b.Statistic, 1), N(b.Z, 2), l.v.pCell(b.P, opt.Alpha, b.Note), N(b.R, 2))
		}
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
	eff, lo, hi := p.Dz, p.DzCILow, p.DzCIHigh
	if effect == "d_av" {
		eff, lo, hi = p.Dav, p.DavCILow, p.DavCIHigh
	}
	row := []Cell{T(ScaleLabel(p.Scale)), T(arrow(p.Scale)), T(p.From + "–" + p.To), I(p.N),
		N(p.MeanFrom, 2), N(p.MeanTo, 2), signedCell(p.Diff, 2)}
	if opt.PairedTest == "t" {
		row = append(row, tdfCell(p.Statistic, p.DF))
	} else {
		row = append(row, N(p.Statistic, 1), N(p.Z, 2))
	}
	row = append(row, v.pCell(p.P, opt.Alpha, p.Note), N(eff, 2), intervalCell(lo, hi, 2))
	if opt.Adjust != "none" {
		row = append(row, v.pCell(p.PAdj, opt.Alpha, p.Note))
	}
	return row
}

// ciHeader names the interval column: "95% CI".
func ciHeader(opt results.Options) string {
	return FormatNumber(100*confLevel(opt), -1) + "% CI"
}

func confLevel(opt results.Options) float64 {
	if opt.ConfLevel == 0 {
		return 0.95
	}
	return opt.ConfLevel
}

// interval writes [lo, hi] ("–" when either bound is missing).
func interval(lo, hi float64, digits int) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return "–"
	}
	return "[" + FormatNumber(lo, digits) + ", " + FormatNumber(hi, digits) + "]"
}

// tdf writes a t statistic with its df, "2.05 (13)"; Welch's df keep one
// decimal.
func tdf(t, df float64) string {
	if math.IsNaN(t) {
		return "–"
	}
	return FormatNumber(t, 2) + " (" + dfText(df) + ")"
}

// shown says which kinds of table an analysis printed, so that the
// footnotes name only what is on the page.
type shown struct{ paired, omnibus, copm, between bool }

func footnotes(res *results.Analysis, effect string, on shown) []string {
	opt := res.Options
	level := FormatNumber(100*confLevel(opt), -1) + "%"
	var n []string
	if on.paired || on.copm {
		const head = "Wilcoxon signed-rank test (V = sum of positive ranks of to − from; zeros dropped; "
		paired := head + "exact conditional p up to " + strconv.Itoa(stats.ExactThreshold) + " pairs, ties included, else normal approximation"
		switch {
		case opt.Like == "r" && opt.Method == "auto":
			paired = head + "exact p under 50 pairs without ties or zero changes, else normal approximation"
		case opt.Method == "exact":
			paired = head + "exact conditional p"
		case opt.Method == "asymptotic":
			paired = head + "normal approximation"
		}
		if opt.Method != "exact" {
			if opt.Continuity {
				paired += " with continuity correction"
			} else {
				paired += " without continuity correction"
			}
		}
		paired += ")"
		if on.paired {
			paired += "; " + zNote(opt, "V", "scores rose")
		}
		if opt.PairedTest == "t" {
			paired = "paired t-test, t (df)"
		}
		n = append(n, "Paired contrasts: "+paired+".")
		if on.paired {
			n = append(n, "M from, M to and Δ (later minus earlier time point) over the complete pairs; n = complete pairs.")
		}
		d := map[string]string{
			"d_z":  "mean change / SD of the changes, SPSS's Cohen's d for paired samples",
			"d_av": "mean change / mean of the two SDs"}[effect]
		if on.paired {
			ci := "inverting the noncentral t"
			if effect == "d_av" {
				ci = "inverting the noncentral t of the paired t, scaled by the ratio of the two standardizers (Algina & Keselman 2003)"
			}
			d += "; " + level + " CI by " + ci
		}
		n = append(n, fmt.Sprintf("Effect size for paired contrasts: %s (%s).", effect, d))
	}
	if on.omnibus {
		n = append(n, "Omnibus: one-way repeated-measures ANOVA, F (df1, df2), with the Greenhouse-Geisser correction (ε GG, p GG); η²p = partial eta squared with its "+
			level+" CI from the noncentral F; Friedman test. Complete cases.")
	}
	if on.between {
		u := "U of the first group"
		if opt.ZConvention == "spss" {
			u = "U = the smaller of the two groups' U, as SPSS prints it"
		}
		between := "Mann-Whitney U test (" + u + "); " + zNote(opt, "U", "the first group scores higher") + "; r = z/√(n1 + n2), positive when the first group scores higher"
		if opt.BetweenTest == "welch" {
			between = "Welch's t-test, t (df); d = Cohen's d with the pooled SD (first group minus second), " + level + " CI by inverting the noncentral t"
		}
		n = append(n, "Between groups: "+between+".")
	}
	n = append(n,
		"↑ higher is better; ↓ lower is better. M (SD) over the participants with a score at that time point (pssa describe adds quartiles, Cronbach's alpha and McDonald's omega).",
		"Missing items: a scale is prorated when at most "+prorating(res.Scales)+" of its items are missing (see pssa describe for the counts), missing otherwise.",
	)
	if on.paired || on.omnibus || on.copm || on.between {
		n = append(n, fmt.Sprintf("* p < %s (two-sided).", strings.TrimPrefix(strconv.FormatFloat(opt.Alpha, 'g', -1, 64), "0")))
		if opt.Adjust != "none" {
			n = append(n, fmt.Sprintf("p adj.: %s adjustment within each family: a group's paired contrasts (its change and COPM tables together), a group's omnibus tests, the between-group comparisons at one time point.", map[string]string{"holm": "Holm", "BH": "Benjamini-Hochberg"}[opt.Adjust]))
		}
	}
	return n
}

// zNote says which Z a rank test's column shows.
func zNote(opt results.Options, stat, positive string) string {
	if opt.ZConvention == "spss" {
		cc := ""
		if opt.Continuity {
			cc = ", with continuity correction"
		}
		return "Z = (smaller rank sum − its mean)/SD, tie-corrected" + cc + ", as SPSS prints it (never positive)"
	}
	cc := ", without continuity correction"
	if opt.Continuity {
		cc = ", with the continuity correction"
	}
	return "Z = normal deviate of " + stat + ", tie-corrected" + cc + ", positive when " + positive
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
