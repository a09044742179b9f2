package dataset

import (
	"fmt"
	"strings"
)

// Template is a naming template such as {instrument}{item}_{time}: the
// placeholders {instrument} (a code or alias), {item} (an item number or
// name, or a scale code) and {time} (a time label), with literal text
// between them, all matched case-insensitively. A template without {time}
// names the item columns of a long layout.
type Template struct {
	Text    string
	parts   []tmplPart
	hasTime bool
}

type tmplPart struct {
	lit string // upper case; "" for a placeholder
	ph  byte   // 'i' instrument, 'n' item, 't' time; 0 for a literal
}

// maxTemplateName bounds the names a template is matched against (longer
// names are never instrument columns), which bounds the matcher's work.
const maxTemplateName = 120

// ParseTemplate reads a naming template; it needs exactly one {instrument}
// and one {item}, and at most one {time}.
func ParseTemplate(s string) (*Template, error) {
	t := &Template{Text: s}
	fail := func(format string, args ...any) (*Template, error) {
		return nil, fmt.Errorf("--names %q: %s (a template such as '{instrument}{item}_{time}')", s, fmt.Sprintf(format, args...))
	}
	if len(s) > 200 {
		return fail("longer than 200 characters")
	}
	count := map[byte]int{}
	rest := s
	for rest != "" {
		open := strings.IndexByte(rest, '{')
		close := strings.IndexByte(rest, '}')
		if close >= 0 && (open < 0 || close < open) {
			return fail("a } without its {")
		}
		if open < 0 {
			t.addLit(rest)
			break
		}
		if open > 0 {
			t.addLit(rest[:open])
		}
		if close < 0 {
			return fail("a { without its }")
		}
		name := strings.ToLower(strings.TrimSpace(rest[open+1 : close]))
		var ph byte
		switch name {
		case "instrument":
			ph = 'i'
		case "item", "scale":
			ph = 'n'
		case "time":
			ph = 't'
		default:
			return fail("unknown placeholder {%s} (known: {instrument}, {item}, {time})", rest[open+1:close])
		}
		count[ph]++
		t.parts = append(t.parts, tmplPart{ph: ph})
		rest = rest[close+1:]
	}
	switch {
	case count['i'] != 1:
		return fail("it needs {instrument} exactly once")
	case count['n'] != 1:
		return fail("it needs {item} exactly once")
	case count['t'] > 1:
		return fail("{time} appears more than once")
	}
	t.hasTime = count['t'] == 1
	return t, nil
}

func (t *Template) addLit(s string) {
	if n := len(t.parts); n > 0 && t.parts[n-1].ph == 0 {
		t.parts[n-1].lit += strings.ToUpper(s)
		return
	}
	t.parts = append(t.parts, tmplPart{lit: strings.ToUpper(s)})
}

// String returns the template as written.
func (t *Template) String() string { return t.Text }

// tmplMatch is one way a name fits a template.
type tmplMatch struct {
	inst       *Instrument
	item, time string
	timeAt     int // position of the time token in the name
}

// matches calls yield for each way up (an upper-case name) fits the
// template, longest instrument, item and time tokens first, until yield
// returns false or a bound on the work is reached.
func (p *headerParser) matches(t *Template, up string, yield func(tmplMatch) bool) {
	if len(up) > maxTemplateName {
		return
	}
	budget := 4096
	var cur tmplMatch
	var rec func(pi, pos int) bool
	rec = func(pi, pos int) bool {
		if budget--; budget < 0 {
			return false
		}
		if pi == len(t.parts) {
			if pos == len(up) {
				return yield(cur)
			}
			return true
		}
		part := t.parts[pi]
		rest := up[pos:]
		switch part.ph {
		case 0:
			if strings.HasPrefix(rest, part.lit) {
				return rec(pi+1, pos+len(part.lit))
			}
			return true
		case 'i':
			for n := min(len(rest), 40); n >= 1; n-- {
				if inst := p.instrument(rest[:n]); inst != nil {
					cur.inst = inst
					if !rec(pi+1, pos+n) {
						return false
					}
				}
			}
			return true
		case 'n':
			n := 0
			for n < len(rest) && isAlnum(rest[n]) {
				n++
			}
			for ; n >= 1; n-- {
				cur.item = rest[:n]
				if !rec(pi+1, pos+n) {
					return false
				}
			}
			return true
		default: // time
			for n := len(rest); n >= 1; n-- {
				cur.time, cur.timeAt = rest[:n], pos
				if !rec(pi+1, pos+n) {
					return false
				}
			}
			return true
		}
	}
	rec(0, 0)
}

// template parses up with t: ok when the name fits the template with a
// known instrument; the spec (or its error) is that of the first fit that
// is valid, else the first fit's.
func (p *headerParser) template(t *Template, up string, timed bool) (ColumnSpec, error, bool) {
	if t.hasTime != timed {
		return ColumnSpec{}, nil, false
	}
	var first ColumnSpec
	var firstErr error
	found := false
	var good ColumnSpec
	done := false
	p.matches(t, up, func(m tmplMatch) bool {
		spec, err := p.itemSpec(m.inst, []string{m.item})
		if err == nil && timed {
			label, idx, ok := p.m.resolveTime(m.time)
			if !ok {
				err = p.timeError(m.time)
			}
			spec.Time, spec.TimeIndex = label, idx
		}
		if err == nil {
			good, done = spec, true
			return false
		}
		if !found {
			first, firstErr, found = spec, err, true
		}
		return true
	})
	if done {
		return good, nil, true
	}
	return first, firstErr, found
}

func isAlnum(c byte) bool { return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }

// pssaGrammar is pssa's own naming, as a template.
const pssaGrammar = "{instrument}_{item}_{time}"

// candidateTemplates are the naming conventions pssa recognises when it
// suggests a template for a header none of whose columns it can read.
var candidateTemplates = []string{
	"{instrument}{item}_{time}",
	pssaGrammar,
	"{instrument}{item}{time}",
	"{instrument}_{item}{time}",
	"{instrument}{item}.{time}",
	"{instrument}.{item}.{time}",
	"{instrument}_{item}.{time}",
	"{instrument}-{item}-{time}",
	"{instrument}{item}-{time}",
	"{time}_{instrument}_{item}",
	"{time}_{instrument}{item}",
	"{time}{instrument}{item}",
	"{time}.{instrument}{item}",
}

// SuggestNames looks for the naming template (and time labels) under which
// most of the header's columns would be instrument columns, and returns a
// hint such as "columns look like ssq1_pre: try --names
// '{instrument}{item}_{time}' --times-map pre=T1,post=T2", or "" when no
// template fits a column.
func SuggestNames(header []string, schema Schema, m *Mapping) string {
	p := newHeaderParser(m, schema)
	type cand struct {
		tmpl    string
		count   int
		example string
		labels  []string // unmapped time labels, in order of first appearance
	}
	var best cand
	for _, ts := range candidateTemplates {
		t, err := ParseTemplate(ts)
		if err != nil {
			continue
		}
		c := cand{tmpl: ts}
		seen := map[string]bool{}
		for _, name := range header {
			name = strings.TrimSpace(name)
			up := strings.ToUpper(name)
			var hit *tmplMatch
			p.matches(t, up, func(mt tmplMatch) bool {
				if _, err := p.itemSpec(mt.inst, []string{mt.item}); err == nil && plausibleTime(mt.time) {
					hit = &mt
					return false
				}
				return true
			})
			if hit == nil {
				continue
			}
			c.count++
			if c.example == "" {
				c.example = name
			}
			if _, _, ok := p.m.resolveTime(hit.time); !ok && !seen[hit.time] {
				seen[hit.time] = true
				label := hit.time
				if len(up) == len(name) {
					label = name[hit.timeAt : hit.timeAt+len(hit.time)]
				}
				c.labels = append(c.labels, label)
			}
		}
		if c.count > best.count {
			best = c
		}
	}
	if best.count == 0 {
		return ""
	}
	hint := fmt.Sprintf("columns look like %s: try --names '%s'", best.example, best.tmpl)
	if best.tmpl == pssaGrammar {
		hint = fmt.Sprintf("columns look like %s: try", best.example)
	}
	if len(best.labels) > 0 {
		maps := make([]string, len(best.labels))
		for i, l := range best.labels {
			maps[i] = fmt.Sprintf("%s=T%d", strings.ToLower(l), i+1)
		}
		hint += " --times-map " + strings.Join(maps, ",")
	}
	return hint
}

// plausibleTime says whether a token could be a time label: short, with no
// separator in it.
func plausibleTime(s string) bool {
	if len(s) > 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) {
			return false
		}
	}
	return true
}
