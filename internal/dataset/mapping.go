package dataset

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Mapping says how a lab names its columns when its names are not pssa's
// own (README, "Your files"): which columns are the id and the group, what
// its time labels mean, and naming templates such as
// {instrument}{item}_{time}. pssa's own grammar always applies as well; a
// nil *Mapping is that grammar alone.
type Mapping struct {
	ID, Group string      // header names ("" = the columns named id and group)
	Times     []TimeLabel // the user's time labels, in time order
	Names     []*Template // extra naming templates, tried in order
}

// TimeLabel is one of the user's time labels and the time point it stands
// for: Index orders time points (T<Index> in pssa's grammar).
type TimeLabel struct {
	Label string // as the user wrote it; reports show it
	Index int
}

// ParseTimesMap reads --times-map: comma-separated LABEL=T<n> or bare LABEL
// entries, in time order; a bare label stands for T<its position>. Labels
// are matched case-insensitively; the indexes must increase in the order
// given.
func ParseTimesMap(s string) ([]TimeLabel, error) {
	var out []TimeLabel
	seen := map[string]bool{}
	for i, e := range strings.Split(s, ",") {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		label, t, hasT := strings.Cut(e, "=")
		label = strings.TrimSpace(label)
		idx := i + 1
		if hasT {
			n, ok := parseTimeIndex(strings.ToUpper(strings.TrimSpace(t)))
			if !ok {
				return nil, fmt.Errorf("--times-map %q: %q is not T followed by a whole number (T0, T1, T2, ...)", s, strings.TrimSpace(t))
			}
			idx = n
		}
		if label == "" || strings.ContainsAny(label, " \t{}") {
			return nil, fmt.Errorf("--times-map %q: %q is not a time label (LABEL=T<n>, e.g. pre=T1,post=T2)", s, e)
		}
		if seen[strings.ToUpper(label)] {
			return nil, fmt.Errorf("--times-map %q: label %q is given twice", s, label)
		}
		seen[strings.ToUpper(label)] = true
		if n := len(out); n > 0 && idx <= out[n-1].Index {
			return nil, fmt.Errorf("--times-map %q: %s=T%d comes after %s=T%d; list the labels in time order, each with a later time point", s, label, idx, out[n-1].Label, out[n-1].Index)
		}
		out = append(out, TimeLabel{Label: label, Index: idx})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--times-map %q names no time label (e.g. pre=T1,post=T2,fup=T3)", s)
	}
	return out, nil
}

// FormatTimesMap writes labels back as --times-map takes them.
func FormatTimesMap(ts []TimeLabel) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = fmt.Sprintf("%s=T%d", t.Label, t.Index)
	}
	return strings.Join(parts, ",")
}

// resolveTime reads a time label (upper case): one of the mapped labels, or
// T<n> (n ≥ 0; a mapped T<n> shows the user's label).
func (m *Mapping) resolveTime(s string) (string, int, bool) {
	if m != nil {
		for _, t := range m.Times {
			if strings.EqualFold(s, t.Label) {
				return t.Label, t.Index, true
			}
		}
	}
	n, ok := parseTimeIndex(s)
	if !ok {
		return "", 0, false
	}
	if m != nil {
		for _, t := range m.Times {
			if t.Index == n {
				return t.Label, n, true
			}
		}
	}
	return "T" + strconv.Itoa(n), n, true
}

// timeRule describes the time labels accepted, for messages.
func (m *Mapping) timeRule() string {
	if m == nil || len(m.Times) == 0 {
		return "T followed by a whole number (T0, T1, T2, ...)"
	}
	labels := make([]string, len(m.Times))
	for i, t := range m.Times {
		labels[i] = t.Label
	}
	return fmt.Sprintf("one of --times-map's labels (%s) or T followed by a whole number", strings.Join(labels, ", "))
}

// isID and isGroup say whether a header name (trimmed, upper case) is the id
// or the group column.
func (m *Mapping) isID(up string) bool {
	if m != nil && m.ID != "" {
		return up == strings.ToUpper(strings.TrimSpace(m.ID))
	}
	return up == "ID"
}

func (m *Mapping) isGroup(up string) bool {
	if m != nil && m.Group != "" {
		return up == strings.ToUpper(strings.TrimSpace(m.Group))
	}
	return up == "GROUP"
}

// idName and groupName are the expected column names, for messages.
func (m *Mapping) idName() string {
	if m != nil && m.ID != "" {
		return m.ID
	}
	return "id"
}

func (m *Mapping) groupName() string {
	if m != nil && m.Group != "" {
		return m.Group
	}
	return "group"
}

// headerError is a problem with a column name that the header reports once
// for every column sharing its key (an unknown instrument prefix, an
// unknown time label), with the number of columns.
type headerError struct {
	key  string // "" for a problem reported column by column
	msg  string
	many string // the message for several columns ("" = msg)
}

func (e *headerError) Error() string { return e.msg }

// headerParser parses a header's names with a mapping, caching the
// schema's instruments.
type headerParser struct {
	m      *Mapping
	schema Schema
	insts  map[string]*Instrument // upper-case code or alias → instrument (nil: unknown)
	// matched counts the columns each template matched.
	matched []int
}

func newHeaderParser(m *Mapping, schema Schema) *headerParser {
	p := &headerParser{m: m, schema: schema, insts: map[string]*Instrument{}}
	if m != nil {
		p.matched = make([]int, len(m.Names))
	}
	return p
}

func (p *headerParser) instrument(code string) *Instrument {
	if inst, ok := p.insts[code]; ok {
		return inst
	}
	var inst *Instrument
	if len(code) <= 40 {
		if in, ok := p.schema.Instrument(code); ok {
			inst = in
		}
	}
	p.insts[code] = inst
	return inst
}

// ParseColumn is ParseColumnName with the mapping applied: the id and group
// columns it names, its time labels, then pssa's grammar and, for a name
// that is not in it, the templates in order.
func (m *Mapping) ParseColumn(name string, schema Schema) (ColumnSpec, error) {
	return newHeaderParser(m, schema).parse(name)
}

func (p *headerParser) parse(name string) (ColumnSpec, error) {
	up := strings.ToUpper(strings.TrimSpace(name))
	switch {
	case p.m.isID(up):
		return ColumnSpec{Kind: KindID}, nil
	case p.m.isGroup(up):
		return ColumnSpec{Kind: KindGroup}, nil
	}
	spec, err := p.grammar(up)
	if err == nil && spec.Kind != KindExtra {
		return spec, nil
	}
	if p.m != nil {
		for i, t := range p.m.Names {
			if s, terr, ok := p.template(t, up, true); ok {
				p.matched[i]++
				return s, terr
			}
		}
	}
	return spec, err
}

// grammar applies pssa's own column grammar: <INSTRUMENT>_<ITEM>_<TIME>,
// <INSTRUMENT>_<SCALE>_<TIME>, COPM_PERF|SAT[_<PROBLEM>]_<TIME>, where the
// instrument is a code or an alias (which may hold underscores: RAS_R).
func (p *headerParser) grammar(up string) (ColumnSpec, error) {
	parts := strings.Split(up, "_")
	if len(parts) > 64 {
		return ColumnSpec{Kind: KindExtra}, nil
	}
	// The longest known prefix of parts names the instrument.
	var inst *Instrument
	k := 0
	for j := len(parts) - 1; j >= 1; j-- {
		if in := p.instrument(strings.Join(parts[:j], "_")); in != nil {
			inst, k = in, j
			break
		}
	}
	if inst != nil {
		// A known instrument's prefix commits the column to the grammar:
		// nothing that starts with SSQ_ is passed through silently.
		rest := parts[k:]
		if len(rest) < 2 {
			return ColumnSpec{}, fmt.Errorf("%s columns are %s_<ITEM>_<TIME> or %s_<SCALE>_<TIME>, e.g. %s_1_T1", inst.Code, inst.Code, inst.Code, inst.Code)
		}
		tl := rest[len(rest)-1]
		label, idx, ok := p.m.resolveTime(tl)
		if !ok {
			return ColumnSpec{}, p.timeError(tl)
		}
		spec, err := p.itemSpec(inst, rest[:len(rest)-1])
		spec.Time, spec.TimeIndex = label, idx
		return spec, err
	}
	if len(parts) < 3 {
		return ColumnSpec{Kind: KindExtra}, nil
	}
	label, idx, ok := p.m.resolveTime(parts[len(parts)-1])
	if !ok {
		return ColumnSpec{Kind: KindExtra}, nil
	}
	codes := p.schema.Codes()
	hint := closest(parts[0], codes)
	looksLikeItem := len(parts) == 3 && isDigits(parts[1])
	if hint == "" && !looksLikeItem && parts[1] != "TOTAL" {
		return ColumnSpec{Kind: KindExtra}, nil
	}
	msg := fmt.Sprintf("unknown instrument %q (known: %s)", parts[0], strings.Join(codes, ", "))
	if hint != "" {
		msg += fmt.Sprintf("; did you mean %s?", hint)
	}
	spec := ColumnSpec{Time: label, TimeIndex: idx}
	return spec, &headerError{key: "instrument " + parts[0],
		msg:  msg + "; define it with --instruments, or rename the column if it is not an instrument column",
		many: msg + "; define it with --instruments, or rename the columns if they are not instrument columns"}
}

func (p *headerParser) timeError(label string) error {
	msg := fmt.Sprintf("time label %q is not %s", label, p.m.timeRule())
	if p.m == nil || len(p.m.Times) == 0 {
		msg += "; map your labels to time points with --times-map, e.g. --times-map pre=T1,post=T2"
	}
	return &headerError{key: "time " + label, msg: msg}
}

// itemSpec reads what comes between an instrument and its time label: an
// item number or name, a scale code, or COPM's PERF|SAT[_PROBLEM].
func (p *headerParser) itemSpec(inst *Instrument, mid []string) (ColumnSpec, error) {
	spec := ColumnSpec{Instrument: inst.Code}
	if inst.COPM {
		if len(mid) >= 1 && (mid[0] == "PERF" || mid[0] == "SAT") {
			switch len(mid) {
			case 1:
				spec.Kind, spec.Scale = KindScale, mid[0]
				return spec, nil
			case 2:
				if validProblem(mid[1]) {
					spec.Kind, spec.Scale, spec.Problem = KindRating, mid[0], mid[1]
					return spec, nil
				}
			}
		}
		return spec, fmt.Errorf("COPM columns are COPM_PERF_<PROBLEM>_<TIME> or COPM_SAT_<PROBLEM>_<TIME> (PROBLEM: letters, digits, hyphens), or pre-scored COPM_PERF_<TIME> and COPM_SAT_<TIME>")
	}
	if len(mid) != 1 {
		return spec, fmt.Errorf("%s columns are %s_<ITEM>_<TIME> or %s_<SCALE>_<TIME>", inst.Code, inst.Code, inst.Code)
	}
	tok := mid[0]
	if isDigits(tok) {
		n, err := strconv.Atoi(tok)
		if err != nil || n < 1 || n > inst.Items {
			return spec, fmt.Errorf("item %s is beyond %s's %d items (expected 1..%d)", tok, inst.Label, inst.Items, inst.Items)
		}
		spec.Kind, spec.Item = KindItem, n
		return spec, nil
	}
	for i, n := range inst.ItemNames {
		if n == tok {
			spec.Kind, spec.Item = KindItem, i+1
			return spec, nil
		}
	}
	if _, ok := inst.Scales[tok]; ok {
		spec.Kind, spec.Scale = KindScale, tok
		return spec, nil
	}
	codes := make([]string, 0, len(inst.Scales))
	for c := range inst.Scales {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	what := "an item number"
	if len(inst.ItemNames) > 0 {
		what = fmt.Sprintf("an item number or name (%s, ...)", strings.Join(inst.ItemNames[:min(3, len(inst.ItemNames))], ", "))
	}
	msg := fmt.Sprintf("%q is neither %s nor a scale of %s (scales: %s)", tok, what, inst.Label, strings.Join(codes, ", "))
	if h := closest(tok, append(codes, inst.ItemNames...)); h != "" {
		msg += fmt.Sprintf("; did you mean %s?", h)
	}
	return spec, fmt.Errorf("%s", msg)
}

// untimed parses an item column of a long layout, where the time is in its
// own column: <INSTRUMENT>_<ITEM>, <INSTRUMENT>_<SCALE>, or a template
// without {time}. ok is false when the name is not an instrument column.
func (p *headerParser) untimed(up string) (ColumnSpec, error, bool) {
	var spec ColumnSpec
	var err error
	found := false
	parts := strings.Split(up, "_")
	if len(parts) <= 64 {
		for j := len(parts) - 1; j >= 1; j-- {
			if inst := p.instrument(strings.Join(parts[:j], "_")); inst != nil {
				spec, err = p.itemSpec(inst, parts[j:])
				found = true
				break
			}
		}
	}
	if found && err == nil {
		return spec, nil, true
	}
	if p.m != nil {
		for i, t := range p.m.Names {
			if t.hasTime {
				continue
			}
			if s, terr, ok := p.template(t, up, false); ok {
				p.matched[i]++
				return s, terr, true
			}
		}
	}
	return spec, err, found
}
