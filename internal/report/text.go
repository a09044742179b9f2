package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pssa-project/pssa/internal/results"
	"github.com/pssa-project/pssa/stats"
)

// renderSentences writes --format text: analyze's results as the sentences
// of a paper's results section (APA 7 number style), a paragraph per group
// and scale, then the between-group, group × time and clinical significance
// paragraphs, then a methods paragraph. Every number is read from the
// document's typed results; nothing is computed here.
func renderSentences(w io.Writer, doc *Document) error {
	if doc.Results == nil {
		if line, ok := testSentence(doc.JSON); ok {
			_, err := io.WriteString(w, line+"\n")
			return err
		}
		return fmt.Errorf("--format text writes the sentences of analyze's results (and of describe, change and pssa test); this command's output has no text form (use --format table or markdown)")
	}
	tx := &texter{res: doc.Results, v: doc.View, version: doc.Version}
	_, err := io.WriteString(w, tx.all())
	return err
}

// ResultsText is analyze's results section as paragraphs (the --format text
// output without the methods), for the HTML report.
func ResultsText(doc *Document) []Paragraph {
	if doc.Results == nil {
		return nil
	}
	tx := &texter{res: doc.Results, v: doc.View, version: doc.Version}
	return tx.results()
}

// MethodsText is the methods paragraph of --format text.
func MethodsText(doc *Document) string {
	if doc.Results == nil {
		return ""
	}
	tx := &texter{res: doc.Results, v: doc.View, version: doc.Version}
	return tx.methods()
}

// Paragraph is a heading (Heading set, Text empty) or a paragraph of text.
type Paragraph struct {
	Heading string
	Text    string
}

type texter struct {
	res     *results.Analysis
	v       AnalysisView
	version string
}

func (tx *texter) all() string {
	var b strings.Builder
	for _, p := range tx.results() {
		if p.Heading != "" {
			b.WriteString(p.Heading + "\n\n")
			continue
		}
		b.WriteString(p.Text + "\n\n")
	}
	b.WriteString("Methods\n\n")
	b.WriteString(tx.methods() + "\n")
	return b.String()
}

// inText says whether a scale gets sentences: every scale but the COPM's
// per-problem scores (the COPM is reported by its performance and
// satisfaction means, as in its tables).
func inText(s *results.Scale) bool {
	return !s.COPM || s.Code == "PERF" || s.Code == "SAT"
}

func (tx *texter) alpha() float64 { return tx.res.Options.Alpha }

func (tx *texter) sig(p float64) bool { return !math.IsNaN(p) && p < tx.alpha() }

// descriptivesOnly says whether there are no tests to report (describe, or
// data with one time point and one group): then the sentences give the
// descriptives and reliabilities.
func (tx *texter) descriptivesOnly() bool {
	r := tx.res
	return len(r.Paired) == 0 && len(r.Omnibus) == 0 && len(r.Between) == 0 && len(r.GroupTime) == 0 && len(r.Change) == 0
}

func (tx *texter) results() []Paragraph {
	res := tx.res
	var out []Paragraph
	if tx.descriptivesOnly() {
		return tx.descriptives()
	}
	for _, g := range res.Input.Groups {
		var ps []Paragraph
		for _, s := range res.Scales {
			if !inText(s) {
				continue
			}
			if t := tx.groupScale(g, s); t != "" {
				ps = append(ps, Paragraph{Text: t})
			}
		}
		if len(ps) > 0 {
			out = append(out, Paragraph{Heading: tx.v.groupName(g)})
			out = append(out, ps...)
		}
	}
	// The sections after the groups: a heading and a paragraph per scale
	// that has something to say.
	sections := []struct {
		heading string
		text    func(*results.Scale) string
		all     bool // every scale, not only those inText keeps
	}{
		{"Between groups", tx.between, false},
		{"Group × time", tx.groupTime, true},
		{"Clinical significance", tx.change, true},
	}
	for _, sec := range sections {
		var ps []Paragraph
		for _, s := range res.Scales {
			if !sec.all && !inText(s) {
				continue
			}
			if t := sec.text(s); t != "" {
				ps = append(ps, Paragraph{Text: t})
			}
		}
		if len(ps) > 0 {
			out = append(out, Paragraph{Heading: sec.heading})
			out = append(out, ps...)
		}
	}
	return out
}

// construct names a scale in a sentence: "satisfaction with life (SWLS)",
// from the definition's scale name without its parenthesis, first letter
// lower case unless the word is an acronym.
func construct(s *results.Scale) string {
	name, _, _ := strings.Cut(s.Name, " (")
	if name == "" {
		return ScaleLabel(s)
	}
	r, size := utf8.DecodeRuneInString(name)
	if r2, _ := utf8.DecodeRuneInString(name[size:]); !unicode.IsUpper(r2) {
		name = string(unicode.ToLower(r)) + name[size:]
	}
	label := ScaleLabel(s)
	// Where a higher score means less of what the name says (SSQ: "self-
	// stigma", higher = less self-stigma), the sentence says so, so that
	// "improved, increasing" is not read the wrong way round.
	for _, less := range []string{"less ", "fewer ", "lower "} {
		if strings.HasPrefix(s.HigherMeans, less) {
			label += "; higher = " + s.HigherMeans
			break
		}
	}
	return name + " (" + label + ")"
}

func capitalise(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

// apa writes a number APA style: digits decimals, the typographic minus.
func apa(v float64, digits int) string { return FormatNumber(v, digits) }

// apaBounded writes a quantity that cannot exceed 1 in absolute value (r,
// η²) without its leading zero, as APA 7 asks: ".28", "−.08".
func apaBounded(v float64, digits int) string {
	s := FormatNumber(v, digits)
	if strings.HasPrefix(s, "−0.") {
		return "−" + s[len("−0"):]
	}
	return strings.TrimPrefix(s, "0")
}

// pText is "p = .042" or "p < .001".
func pText(p float64) string {
	s := FormatP(p)
	if strings.HasPrefix(s, "<") {
		return "p " + s
	}
	return "p = " + s
}

func boundedCI(level string, lo, hi float64) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return ""
	}
	return ", " + level + " CI [" + apaBounded(lo, 2) + ", " + apaBounded(hi, 2) + "]"
}

func ci(level string, lo, hi float64) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return ""
	}
	return ", " + level + " CI " + interval(lo, hi, 2)
}

func (tx *texter) level() string { return FormatNumber(100*confLevel(tx.res.Options), -1) + "%" }

// mSDText is "M = 26.57, SD = 4.10".
func mSDText(m, sd float64) string {
	if math.IsNaN(sd) {
		return "M = " + apa(m, 2)
	}
	return "M = " + apa(m, 2) + ", SD = " + apa(sd, 2)
}

// verb says how a scale changed: "did not change significantly", or the
// direction, with its meaning where the scale says which way is better
// ("improved, increasing").
func (tx *texter) verb(diff, p float64, s *results.Scale) string {
	if !tx.sig(p) {
		return "did not change significantly"
	}
	dir, ing := "changed", "changing"
	switch {
	case diff > 0:
		dir, ing = "increased", "increasing"
	case diff < 0:
		dir, ing = "decreased", "decreasing"
	}
	if s.Better == "higher" || s.Better == "lower" {
		if diff != 0 {
			if (diff > 0) == (s.Better == "higher") {
				return "improved, " + ing
			}
			return "worsened, " + ing
		}
	}
	return dir
}

// adjusted adds the adjusted p where the tables show one.
func (tx *texter) adjusted(padj float64) string {
	switch tx.res.Options.Adjust {
	case "none", "":
		return ""
	}
	name := map[string]string{"holm": "Holm", "BH": "Benjamini–Hochberg"}[tx.res.Options.Adjust]
	if name == "" {
		name = tx.res.Options.Adjust
	}
	return " (" + name + "-adjusted " + pText(padj) + ")"
}

// pairedStats is "V = 4.0, Z = −2.03, p = .042, d_z = −0.61, 95% CI [−1.22, 0.02]".
func (tx *texter) pairedStats(p *results.Paired) string {
	var parts []string
	if p.Test == "paired-t" || tx.res.Options.PairedTest == "t" {
		parts = append(parts, "t("+dfText(p.DF)+") = "+apa(p.Statistic, 2))
	} else {
		parts = append(parts, "V = "+apa(p.Statistic, 1))
		if !math.IsNaN(p.Z) {
			parts = append(parts, "Z = "+apa(p.Z, 2))
		}
	}
	parts = append(parts, pText(p.P)+tx.adjusted(p.PAdj))
	eff, lo, hi, name := p.Dz, p.DzCILow, p.DzCIHigh, "d_z"
	if tx.res.Options.Effect == "dav" {
		eff, lo, hi, name = p.Dav, p.DavCILow, p.DavCIHigh, "d_av"
	}
	s := strings.Join(parts, ", ")
	if !math.IsNaN(eff) {
		s += ", " + name + " = " + apa(eff, 2) + ci(tx.level(), lo, hi)
	}
	return s
}

// groupScale is one group's paragraph on one scale: each paired contrast,
// the COPM's clinically important changes, then the omnibus test.
func (tx *texter) groupScale(g string, s *results.Scale) string {
	var sentences []string
	subject := func() string {
		if len(sentences) == 0 {
			return "For " + tx.v.label(g) + ", " + construct(s)
		}
		return "It"
	}
	for _, p := range tx.res.Paired {
		if p.Group != g || p.Scale != s {
			continue
		}
		if math.IsNaN(p.P) {
			reason := ""
			if p.Note != "" {
				reason = " (" + p.Note + ")"
			}
			sentences = append(sentences, fmt.Sprintf("%s could not be tested from %s to %s%s.", subject(), p.From, p.To, reason))
			continue
		}
		sent := fmt.Sprintf("%s %s from %s (%s) to %s (%s), %s.", subject(), tx.verb(p.Diff, p.P, s),
			p.From, mSDText(p.MeanFrom, p.SDFrom), p.To, mSDText(p.MeanTo, p.SDTo), tx.pairedStats(p))
		if p.Improved != nil && p.Worsened != nil {
			mid := FormatNumber(s.ClinicalChange, -1)
			sent += fmt.Sprintf(" Of the %d participants, %d improved and %d worsened by at least the clinically important %s points.", p.N, *p.Improved, *p.Worsened, mid)
		}
		sentences = append(sentences, sent)
	}
	for _, o := range tx.res.Omnibus {
		if o.Group != g || o.Scale != s {
			continue
		}
		sentences = append(sentences, tx.omnibus(o, len(sentences) == 0, g))
	}
	return strings.Join(sentences, " ")
}

// times is "T1, T2 and T3".
func times(ts []string) string {
	if len(ts) < 2 {
		return strings.Join(ts, "")
	}
	return strings.Join(ts[:len(ts)-1], ", ") + " and " + ts[len(ts)-1]
}

func (tx *texter) omnibus(o *results.Omnibus, first bool, g string) string {
	head := fmt.Sprintf("Over %s (complete cases, n = %d), ", times(o.Times), o.N)
	if first {
		head = fmt.Sprintf("For %s, the omnibus tests of %s over %s used the %d complete cases: ", tx.v.label(g), construct(o.Scale), times(o.Times), o.N)
	}
	if math.IsNaN(o.P) && math.IsNaN(o.FriedmanP) {
		reason := ""
		if o.Note != "" {
			reason = " (" + o.Note + ")"
		}
		return head + "the omnibus tests could not be computed" + reason + "."
	}
	var b strings.Builder
	b.WriteString(head)
	aSig := tx.sig(o.P)
	if !math.IsNaN(o.P) {
		if aSig {
			b.WriteString("the repeated-measures ANOVA showed a significant change")
		} else {
			b.WriteString("the repeated-measures ANOVA showed no significant change")
		}
		fmt.Fprintf(&b, ", F(%s, %s) = %s, %s", dfText(o.DF1), dfText(o.DF2), apa(o.F, 2), pText(o.P))
		var aside []string
		if a := tx.adjusted(o.PAdj); a != "" {
			aside = append(aside, strings.Trim(a, " ()"))
		}
		if !math.IsNaN(o.GGEpsilon) && !math.IsNaN(o.GGP) {
			aside = append(aside, fmt.Sprintf("Greenhouse–Geisser ε = %s, %s", apa(o.GGEpsilon, 2), pText(o.GGP)))
		}
		if len(aside) > 0 {
			b.WriteString(" (" + strings.Join(aside, "; ") + ")")
		}
		if !math.IsNaN(o.PartialEtaSq) {
			b.WriteString(", η²p = " + apaBounded(o.PartialEtaSq, 2) + boundedCI(tx.level(), o.PartialEtaSqCILow, o.PartialEtaSqCIHi))
		}
	}
	if !math.IsNaN(o.FriedmanP) {
		fSig := tx.sig(o.FriedmanP)
		stat := fmt.Sprintf("χ²(%d) = %s, %s", len(o.Times)-1, apa(o.FriedmanStatistic, 2), pText(o.FriedmanP))
		switch {
		case math.IsNaN(o.P) && fSig:
			b.WriteString("the Friedman test showed a significant change, " + stat)
		case math.IsNaN(o.P):
			b.WriteString("the Friedman test showed no significant change, " + stat)
		case aSig && fSig:
			b.WriteString("; so did the Friedman test, " + stat)
		case aSig:
			b.WriteString("; the Friedman test did not, " + stat)
		case fSig:
			b.WriteString("; the Friedman test did, " + stat)
		default:
			b.WriteString("; nor did the Friedman test, " + stat)
		}
	}
	b.WriteString(".")
	return b.String()
}

// between is a scale's paragraph comparing the groups at each time point.
func (tx *texter) between(s *results.Scale) string {
	var sentences []string
	for _, tp := range tx.res.Input.TimePoints {
		for _, r := range tx.res.Between {
			if r.Scale != s || r.Time != tp {
				continue
			}
			subject := "At " + tp + ", " + construct(s)
			if len(sentences) > 0 {
				subject = "At " + tp + ", it"
			}
			g1, g2 := tx.v.label(r.Group1), tx.v.label(r.Group2)
			if math.IsNaN(r.P) {
				reason := ""
				if r.Note != "" {
					reason = " (" + r.Note + ")"
				}
				sentences = append(sentences, fmt.Sprintf("%s could not be compared between %s and %s%s.", subject, g1, g2, reason))
				continue
			}
			var how string
			switch {
			case !tx.sig(r.P):
				how = fmt.Sprintf("did not differ significantly between %s (%s) and %s (%s)", g1, mSDText(r.Mean1, r.SD1), g2, mSDText(r.Mean2, r.SD2))
			case tx.firstHigher(r):
				how = fmt.Sprintf("was higher in %s (%s) than in %s (%s)", g1, mSDText(r.Mean1, r.SD1), g2, mSDText(r.Mean2, r.SD2))
			default:
				how = fmt.Sprintf("was lower in %s (%s) than in %s (%s)", g1, mSDText(r.Mean1, r.SD1), g2, mSDText(r.Mean2, r.SD2))
			}
			sentences = append(sentences, fmt.Sprintf("%s %s, %s.", subject, how, tx.betweenStats(r)))
		}
	}
	return strings.Join(sentences, " ")
}

// firstHigher says which way a significant between-group difference goes:
// by the rank test's own effect for Mann-Whitney, by the means for Welch.
func (tx *texter) firstHigher(r *results.Between) bool {
	if r.Test == "mannwhitney" && !math.IsNaN(r.RankBiserial) {
		return r.RankBiserial > 0
	}
	return r.Diff > 0
}

func (tx *texter) betweenStats(r *results.Between) string {
	if r.Test == "welch" {
		s := fmt.Sprintf("t(%s) = %s, %s%s", dfText(r.DF), apa(r.Statistic, 2), pText(r.P), tx.adjusted(r.PAdj))
		if !math.IsNaN(r.D) {
			s += ", d = " + apa(r.D, 2) + ci(tx.level(), r.DCILow, r.DCIHigh)
		}
		return s
	}
	s := "U = " + apa(r.Statistic, 1)
	if !math.IsNaN(r.Z) {
		s += ", Z = " + apa(r.Z, 2)
	}
	s += ", " + pText(r.P) + tx.adjusted(r.PAdj)
	if !math.IsNaN(r.R) {
		s += ", r = " + apaBounded(r.R, 2) + boundedCI(tx.level(), r.RCILow, r.RCIHigh)
	}
	return s
}

// groupTime is a scale's group × time paragraph: the mixed ANOVA's
// interaction, then each change-score comparison.
func (tx *texter) groupTime(s *results.Scale) string {
	var sentences []string
	for _, r := range tx.res.GroupTime {
		if r.Scale != s {
			continue
		}
		if len(sentences) == 0 {
			groups := make([]string, len(r.Groups))
			for i, g := range r.Groups {
				groups[i] = tx.v.label(g)
			}
			head := fmt.Sprintf("For %s, the group × time interaction of a mixed ANOVA over %s (groups %s; n = %d complete cases",
				construct(s), times(r.Times), strings.Join(groups, ", "), r.ANOVAN)
			if r.ANOVADropped > 0 {
				head += fmt.Sprintf(", %d dropped for a missing time point", r.ANOVADropped)
			}
			head += ")"
			switch {
			case math.IsNaN(r.ANOVAP):
				reason := ""
				if r.ANOVANote != "" {
					reason = " (" + r.ANOVANote + ")"
				}
				sentences = append(sentences, head+" could not be computed"+reason+".")
			default:
				was := "was not significant"
				if tx.sig(r.ANOVAP) {
					was = "was significant"
				}
				st := fmt.Sprintf("%s %s, F(%s, %s) = %s, %s", head, was, dfText(r.ANOVADF1), dfText(r.ANOVADF2), apa(r.ANOVAF, 2), pText(r.ANOVAP))
				if !math.IsNaN(r.ANOVAPartialEtaSq) {
					st += ", η²p = " + apaBounded(r.ANOVAPartialEtaSq, 2)
				}
				if !math.IsNaN(r.ANOVAGenEtaSq) {
					st += ", η²G = " + apaBounded(r.ANOVAGenEtaSq, 2)
				}
				sentences = append(sentences, st+".")
			}
		}
		g1, g2 := tx.v.label(r.Group1), tx.v.label(r.Group2)
		chg := func(m float64, n int) string { return fmt.Sprintf("mean change %s, n = %d", signed(m, 2), n) }
		if math.IsNaN(r.ChangeP) {
			reason := ""
			if r.ChangeNote != "" {
				reason = " (" + r.ChangeNote + ")"
			}
			sentences = append(sentences, fmt.Sprintf("From %s to %s, the change scores of %s and %s could not be compared%s.", r.From, r.To, g1, g2, reason))
			continue
		}
		how := fmt.Sprintf("did not differ significantly between %s (%s) and %s (%s)", g1, chg(r.ChangeMean1, r.ChangeN1), g2, chg(r.ChangeMean2, r.ChangeN2))
		if tx.sig(r.ChangeP) {
			more := "higher"
			if r.ChangeR < 0 {
				more = "lower"
			}
			how = fmt.Sprintf("were %s in %s (%s) than in %s (%s)", more, g1, chg(r.ChangeMean1, r.ChangeN1), g2, chg(r.ChangeMean2, r.ChangeN2))
		}
		st := fmt.Sprintf("From %s to %s, the change scores %s, U = %s", r.From, r.To, how, apa(r.ChangeU, 1))
		if !math.IsNaN(r.ChangeZ) {
			st += ", Z = " + apa(r.ChangeZ, 2)
		}
		st += ", " + pText(r.ChangeP)
		if !math.IsNaN(r.ChangeR) {
			st += ", r = " + apaBounded(r.ChangeR, 2)
		}
		sentences = append(sentences, st+".")
	}
	return strings.Join(sentences, " ")
}

var changeMethodName = map[string]string{
	"jt":  "the Jacobson–Truax reliable change index",
	"ha":  "Hageman and Arrindell's RC_indiv",
	"mid": "the minimal important difference",
}

// change is a scale's clinical significance paragraph: per contrast and
// method, each group's counts, then the test across the groups.
func (tx *texter) change(s *results.Scale) string {
	var sentences []string
	notes := map[string]bool{}
	var noteOrder []string
	type key struct{ from, to, method string }
	done := map[key]bool{}
	for _, c := range tx.res.Change {
		if c.Scale != s {
			continue
		}
		k := key{c.From, c.To, c.Method}
		if done[k] {
			continue
		}
		done[k] = true
		var groups []string
		var test *results.Change
		for _, c2 := range tx.res.Change {
			if c2.Scale != s || c2.From != c.From || c2.To != c.To || c2.Method != c.Method {
				continue
			}
			if c2.NUnchanged == nil {
				if c2.Note != "" && !notes[c2.Note] {
					notes[c2.Note] = true
					noteOrder = append(noteOrder, c2.Note)
				}
				continue
			}
			groups = append(groups, tx.counts(c2))
			if c2.Test != nil && test == nil {
				test = c2
			}
		}
		if len(groups) == 0 {
			continue
		}
		what := changeMethodName[c.Method]
		if what == "" {
			what = c.Method
		}
		subject := construct(s)
		if len(sentences) > 0 {
			subject = ScaleLabel(s)
		}
		st := fmt.Sprintf("From %s to %s, by %s, %s: %s.", c.From, c.To, what, subject, strings.Join(groups, "; "))
		if test != nil {
			name := map[string]string{"fisher": "Fisher's exact test", "chisq": "χ² test"}[*test.Test]
			if tx.sig(test.P) {
				st += fmt.Sprintf(" The categories differed significantly between the groups (%s, %s).", name, pText(test.P))
			} else {
				st += fmt.Sprintf(" The categories did not differ significantly between the groups (%s, %s).", name, pText(test.P))
			}
		}
		sentences = append(sentences, st)
	}
	if len(sentences) == 0 {
		return ""
	}
	for _, n := range noteOrder {
		sentences = append(sentences, "Not computed: "+n+".")
	}
	return strings.Join(sentences, " ")
}

// counts is "in PSW (n = 14), 1 recovered, 2 improved, 10 were unchanged
// and 1 deteriorated" (recovered and harmed only with a cutoff).
func (tx *texter) counts(c *results.Change) string {
	var parts []string
	add := func(k *int, what string) {
		if k != nil {
			parts = append(parts, fmt.Sprintf("%d %s", *k, what))
		}
	}
	add(c.NRecovered, "recovered")
	add(c.NImproved, "improved")
	add(c.NUnchanged, "were unchanged")
	add(c.NDeteriorated, "deteriorated")
	add(c.NHarmed, "were harmed")
	list := strings.Join(parts, ", ")
	if len(parts) > 1 {
		list = strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
	}
	return fmt.Sprintf("in %s (n = %d), %s", tx.v.label(c.Group), c.N, list)
}

// descriptives is a paragraph per group and scale: M, SD and n at each
// time point, with Cronbach's α and McDonald's ω where computed.
func (tx *texter) descriptives() []Paragraph {
	var out []Paragraph
	for _, g := range tx.res.Input.Groups {
		var ps []Paragraph
		for _, s := range tx.res.Scales {
			if !inText(s) {
				continue
			}
			var parts []string
			for _, d := range tx.res.Descriptives {
				if d.Group != g || d.Scale != s {
					continue
				}
				p := fmt.Sprintf("%s at %s (n = %d", mSDText(d.Mean, d.SD), d.Time, d.N)
				if !math.IsNaN(d.Alpha) {
					p += ", α = " + apaBounded(d.Alpha, 2)
				}
				if !math.IsNaN(d.Omega) {
					p += ", ω = " + apaBounded(d.Omega, 2)
				}
				parts = append(parts, p+")")
			}
			if len(parts) > 0 {
				ps = append(ps, Paragraph{Text: fmt.Sprintf("For %s, %s had %s.", tx.v.label(g), construct(s), joinAnd(parts))})
			}
		}
		if len(ps) > 0 {
			out = append(out, Paragraph{Heading: tx.v.groupName(g)})
			out = append(out, ps...)
		}
	}
	return out
}

// joinAnd is "a, b and c"; items with commas of their own are joined by
// semicolons.
func joinAnd(items []string) string {
	switch len(items) {
	case 0, 1:
		return strings.Join(items, "")
	case 2:
		return items[0] + " and " + items[1]
	}
	return strings.Join(items[:len(items)-1], "; ") + "; and " + items[len(items)-1]
}

// methods is the methods paragraph: how scores were formed, which tests,
// which conventions, adjustment, level, and pssa's version.
//
// Long because the paragraph is built sentence by sentence, each sentence
// a short conditional block in the order it is read.
func (tx *texter) methods() string {
	res := tx.res
	opt := res.Options
	var s []string
	s = append(s, fmt.Sprintf("Scale scores were formed from the items as each instrument's definition specifies; a score was prorated when at most %s of its items were missing and treated as missing otherwise.", prorating(res.Scales)))
	var method string
	switch {
	case opt.Method == "exact":
		method = "exact conditional p-values"
	case opt.Method == "asymptotic":
		method = "the normal approximation"
	case opt.Like == "r":
		method = "exact p-values with fewer than 50 pairs (or observations per group) and no ties or zero changes, else the normal approximation (as R's wilcox.test)"
	default:
		method = fmt.Sprintf("exact conditional p-values up to %d pairs (or observations per group), ties included, else the normal approximation", stats.ExactThreshold)
	}
	if opt.Method != "exact" {
		if opt.Continuity {
			method += " with continuity correction"
		} else {
			method += " without continuity correction"
		}
	}
	if tx.descriptivesOnly() {
		s = append(s, "Scores are described by M and SD (n − 1) over the participants with a score at each time point; internal consistency by Cronbach's α and McDonald's ω total (one-factor maximum-likelihood factor analysis of the item correlations), over the participants with every item answered.")
		return strings.Join(append(s, "Analyses were run with pssa "+tx.versionText()+"."), " ")
	}
	effect := "d_z (the mean change divided by the SD of the changes, SPSS's Cohen's d for paired samples)"
	if opt.Effect == "dav" {
		effect = "d_av (the mean change divided by the mean of the two SDs)"
	}
	level := tx.level()
	if len(res.Paired) == 0 {
		// pssa change: no paired tests to describe.
	} else if opt.PairedTest == "t" {
		s = append(s, fmt.Sprintf("Changes within groups between %s time points were tested with paired t-tests; the effect size is %s with its %s confidence interval from the noncentral t distribution.", contrastWord(opt.Contrasts), effect, level))
	} else {
		s = append(s, fmt.Sprintf("Changes within groups between %s time points were tested with the Wilcoxon signed-rank test (V = sum of the positive ranks of the changes, zero changes dropped) using %s; the effect size is %s with its %s confidence interval from the noncentral t distribution.", contrastWord(opt.Contrasts), method, effect, level))
	}
	if len(res.Omnibus) > 0 {
		s = append(s, fmt.Sprintf("Where a group had three or more time points, a one-way repeated-measures ANOVA (with Mauchly's test and the Greenhouse–Geisser correction; partial η² with its %s confidence interval from the noncentral F distribution) and the Friedman test were run on the complete cases.", level))
	}
	if len(res.Between) > 0 {
		if opt.BetweenTest == "welch" {
			s = append(s, fmt.Sprintf("Groups were compared at each time point with Welch's t-test; d is Cohen's d with the pooled SD (first group minus second) and its %s confidence interval from the noncentral t distribution.", level))
		} else {
			with := "p-values as for the signed-rank test"
			if opt.PairedTest == "t" {
				with = method
			}
			s = append(s, fmt.Sprintf("Groups were compared at each time point with the Mann–Whitney U test (%s); r = Z/√N with its %s confidence interval.", with, level))
		}
	}
	if len(res.GroupTime) > 0 {
		s = append(s, "Group × time interactions were tested with a mixed (split-plot) ANOVA with type III sums of squares on the participants observed at every time point, and the change scores of each pair of groups with the Mann–Whitney U test.")
	}
	if len(res.Change) > 0 && opt.Change != nil {
		rci := changeMethodName[opt.Change.RCI]
		if rci == "" {
			rci = opt.Change.RCI
		}
		s = append(s, fmt.Sprintf("Clinically significant change was classified by %s (z = %s, SD of the %s), and the categories were compared between groups with Fisher's exact or the χ² test.", rci, strconv.FormatFloat(opt.Change.Z, 'g', -1, 64), map[string]string{"group": "group at the earlier time point", "pooled": "pooled groups at the earlier time point", "norm": "norm"}[opt.Change.SD]))
	}
	if (len(res.Paired) > 0 && opt.PairedTest != "t") || (len(res.Between) > 0 && opt.BetweenTest != "welch") || len(res.GroupTime) > 0 {
		if opt.ZConvention == "spss" {
			s = append(s, "Z of the rank tests is computed from the smaller rank sum, tie-corrected, as SPSS prints it (never positive).")
		} else {
			s = append(s, "Z of the rank tests is the signed normal deviate of V or U, tie-corrected, positive when scores rose (paired) or the first group scored higher.")
		}
	}
	switch opt.Like {
	case "spss":
		s = append(s, "Conventions were set to match SPSS (--like spss).")
	case "r":
		s = append(s, "Conventions were set to match R (--like r).")
	}
	alpha := strings.TrimPrefix(strconv.FormatFloat(opt.Alpha, 'g', -1, 64), "0")
	switch opt.Adjust {
	case "none", "":
		s = append(s, fmt.Sprintf("Tests were two-sided at α = %s, without adjustment for multiple comparisons.", alpha))
	default:
		name := map[string]string{"holm": "Holm", "BH": "Benjamini–Hochberg"}[opt.Adjust]
		if name == "" {
			name = opt.Adjust
		}
		s = append(s, fmt.Sprintf("Tests were two-sided at α = %s; p-values were also adjusted with the %s method within each family (a group's paired contrasts, a group's omnibus tests, the between-group comparisons at one time point).", alpha, name))
	}
	s = append(s, "Analyses were run with pssa "+tx.versionText()+".")
	return strings.Join(s, " ")
}

func (tx *texter) versionText() string {
	if tx.version == "" {
		return "(unknown version)"
	}
	return tx.version
}

func contrastWord(c string) string {
	if c == "all" {
		return "all pairs of"
	}
	return "consecutive"
}

// testSentence words the result of a pssa test kind as the statistics of
// an APA sentence, e.g. "Wilcoxon signed-rank test (n = 14): V = 76.5, Z =
// 1.48, p = .140, r = .39, 95% CI [−.17, .76]."
func testSentence(row any) (string, bool) {
	lvl := func(l float64) string {
		if l == 0 {
			l = 0.95
		}
		return FormatNumber(100*l, -1) + "%"
	}
	side := func(alt string) string {
		if alt == "" || alt == "two.sided" || alt == "two-sided" {
			return ""
		}
		return ", one-sided (" + alt + ")"
	}
	rank := func(v, lo, hi float64, level string) string {
		if math.IsNaN(v) {
			return ""
		}
		return "; rank-biserial correlation = " + apaBounded(v, 2) + boundedCI(level, lo, hi)
	}
	rEff := func(v, lo, hi float64, level string) string {
		if math.IsNaN(v) {
			return ""
		}
		return ", r = " + apaBounded(v, 2) + boundedCI(level, lo, hi)
	}
	z := func(v float64) string {
		if math.IsNaN(v) {
			return ""
		}
		return ", Z = " + apa(v, 2)
	}
	switch r := row.(type) {
	case *results.SignedRankTest:
		l := lvl(r.ConfLevel)
		return fmt.Sprintf("Wilcoxon signed-rank test (n = %d, %d zero differences dropped%s): V = %s%s, %s%s%s.",
			r.N, r.NZero, side(r.Alternative), apa(r.Statistic, 1), z(r.Z), pText(r.P), rEff(r.R, r.RCILow, r.RCIHigh, l), rank(r.RankBiserial, r.RBCILow, r.RBCIHigh, l)), true
	case *results.PairedTTest:
		l := lvl(r.ConfLevel)
		return fmt.Sprintf("Paired t-test (n = %d%s): t(%s) = %s, %s, mean difference = %s%s%s.",
			r.N, side(r.Alternative), dfText(r.DF), apa(r.Statistic, 2), pText(r.P), apa(r.MeanDiff, 2), ci(l, r.MeanDiffLow, r.MeanDiffHi),
			effect("d_z", r.Dz, r.DzCILow, r.DzCIHigh, l)), true
	case *results.MannWhitneyTest:
		l := lvl(r.ConfLevel)
		return fmt.Sprintf("Mann–Whitney U test (%s n = %d, %s n = %d%s): U = %s%s, %s%s%s.",
			r.Group1, r.N1, r.Group2, r.N2, side(r.Alternative), apa(r.Statistic, 1), z(r.Z), pText(r.P), rEff(r.R, r.RCILow, r.RCIHigh, l), rank(r.RankBiserial, r.RBCILow, r.RBCIHigh, l)), true
	case *results.IndependentTTest:
		l := lvl(r.ConfLevel)
		name := "Welch's t-test"
		if r.Test == "student" {
			name = "Student's t-test"
		}
		return fmt.Sprintf("%s (%s: n = %d, M = %s; %s: n = %d, M = %s%s): t(%s) = %s, %s, mean difference = %s%s%s.",
			name, r.Group1, r.N1, apa(r.Mean1, 2), r.Group2, r.N2, apa(r.Mean2, 2), side(r.Alternative), dfText(r.DF), apa(r.Statistic, 2), pText(r.P),
			apa(r.MeanDiff, 2), ci(l, r.MeanDiffLow, r.MeanDiffHi), effect("d", r.D, r.DCILow, r.DCIHigh, l)), true
	case *results.RMANOVATest:
		gg := ""
		if !math.IsNaN(r.GGEpsilon) && !math.IsNaN(r.GGP) {
			gg = fmt.Sprintf(" (Greenhouse–Geisser ε = %s, %s)", apa(r.GGEpsilon, 2), pText(r.GGP))
		}
		return fmt.Sprintf("Repeated-measures ANOVA (n = %d complete cases): F(%s, %s) = %s, %s%s, η²p = %s%s.",
			r.N, dfText(r.DF1), dfText(r.DF2), apa(r.F, 2), pText(r.P), gg, apaBounded(r.PartialEtaSq, 2), boundedCI(lvl(r.ConfLevel), r.PartialEtaSqLow, r.PartialEtaSqHigh)), true
	case *results.FriedmanTest:
		return fmt.Sprintf("Friedman test (n = %d complete cases): χ²(%s) = %s, %s, Kendall's W = %s.",
			r.N, dfText(r.DF), apa(r.Statistic, 2), pText(r.P), apaBounded(r.KendallW, 2)), true
	}
	return "", false
}

// effect is ", d = 0.55, 95% CI [−0.02, 1.11]", or nothing when d is missing.
func effect(name string, v, lo, hi float64, level string) string {
	if math.IsNaN(v) {
		return ""
	}
	return ", " + name + " = " + apa(v, 2) + ci(level, lo, hi)
}
