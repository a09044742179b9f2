package dataset

import (
	"fmt"
	"slices"
	"strings"
)

// readHeader reads the header's names into columns and returns the id and
// group columns' positions (-1 when absent). Problems shared by many columns
// (an unknown instrument prefix, an unknown time label) are reported once,
// with the number of columns.
//
// Long because it is one pass over the header that both assigns columns
// and groups the problems shared by many columns.
func (d *Dataset) readHeader(header []string, schema Schema, m *Mapping) (idCol, groupCol int) {
	d.Header = header
	idCol, groupCol = -1, -1
	p := newHeaderParser(m, schema)
	first := map[string]int{}
	type shared struct {
		msg   string
		many  string
		names []string
		first int
	}
	type atColumn struct {
		i int
		p Problem
	}
	var found []atColumn // header problems, by column
	add := func(i int, p Problem) { found = append(found, atColumn{i, p}) }
	var keys []string
	byKey := map[string]*shared{}
	for i, raw := range header {
		name := strings.TrimSpace(raw)
		up := strings.ToUpper(name)
		if name == "" {
			add(i, Problem{Line: 1, Message: fmt.Sprintf("column %d has an empty name", i+1)})
			continue
		}
		if j, dup := first[up]; dup {
			msg := fmt.Sprintf("duplicate column (column %d and column %d", j+1, i+1)
			if header[j] != raw {
				msg += fmt.Sprintf(", %q and %q differ only in case", strings.TrimSpace(header[j]), name)
			}
			add(i, Problem{Line: 1, Column: name, Message: msg + ")"})
			continue
		}
		first[up] = i
		spec, err := p.parse(name)
		if err != nil {
			if he, ok := err.(*headerError); ok && he.key != "" {
				s := byKey[he.key]
				if s == nil {
					s = &shared{msg: he.msg, many: he.many, first: i}
					byKey[he.key] = s
					keys = append(keys, he.key)
				}
				s.names = append(s.names, name)
				continue
			}
			add(i, Problem{Line: 1, Column: name, Message: err.Error()})
			continue
		}
		switch spec.Kind {
		case KindID:
			idCol = i
			continue
		case KindGroup:
			groupCol = i
			continue
		}
		col := &Column{Name: name, Index: i, ColumnSpec: spec}
		if spec.Instrument != "" {
			col.inst = p.instrument(spec.Instrument)
		}
		d.Columns = append(d.Columns, col)
	}
	// Unknown time labels: suggest a map of the header's own labels, in
	// the order they first appear.
	var labels []string
	for _, k := range keys {
		if l, ok := strings.CutPrefix(k, "time "); ok {
			name := byKey[k].names[0]
			if len(name) >= len(l) && strings.EqualFold(name[len(name)-len(l):], l) {
				l = name[len(name)-len(l):]
			}
			labels = append(labels, fmt.Sprintf("%s=T%d", strings.ToLower(l), len(labels)+1))
		}
	}
	for _, k := range keys {
		s := byKey[k]
		if strings.HasPrefix(k, "time ") && len(labels) > 0 && (m == nil || len(m.Times) == 0) {
			s.msg = strings.Replace(s.msg, "e.g. --times-map pre=T1,post=T2", "e.g. --times-map "+strings.Join(labels, ","), 1)
		}
		if len(s.names) == 1 {
			add(s.first, Problem{Line: 1, Column: s.names[0], Message: s.msg})
			continue
		}
		list := strings.Join(s.names[:min(3, len(s.names))], ", ")
		if len(s.names) > 3 {
			list += ", ..."
		}
		msg := s.msg
		if s.many != "" {
			msg = s.many
		}
		add(s.first, Problem{Line: 1, Message: fmt.Sprintf("%d columns (%s): %s", len(s.names), list, msg)})
	}
	slices.SortStableFunc(found, func(a, b atColumn) int { return a.i - b.i })
	for _, f := range found {
		d.AddProblem(f.p)
	}
	if m != nil {
		for i, t := range m.Names {
			if p.matched[i] == 0 && t.hasTime {
				msg := fmt.Sprintf("the naming template --names '%s' matches no column", t.Text)
				if h := SuggestNames(header, schema, m); h != "" {
					msg += "; " + h
				}
				d.AddProblem(Problem{Line: 1, Message: msg})
			}
		}
	}
	if idCol < 0 {
		msg := fmt.Sprintf("no id column (the header has %s; expected a column named %s", describeHeader(header), m.idName())
		if m == nil || m.ID == "" {
			if c := likelyColumn(header, idNames); c != "" {
				msg += fmt.Sprintf("; if %s holds the ids, add --id %s", c, quoteArg(c))
			} else {
				msg += ", or name yours with --id COLUMN"
			}
		}
		d.AddProblem(Problem{Line: 1, Message: msg + ")"})
	}
	if groupCol < 0 && m != nil && m.Group != "" {
		d.AddProblem(Problem{Line: 1, Message: fmt.Sprintf("no group column %q (--group); the header has %s", m.Group, describeHeader(header))})
	}
	if groupCol < 0 && (m == nil || m.Group == "") {
		if c := likelyColumn(header, groupNames); c != "" {
			d.AddProblem(Problem{Line: 1, Warning: true, Message: fmt.Sprintf("no column named group, so every row is in one group \"all\"; if %s holds the groups, add --group %s", c, quoteArg(c))})
		}
	}
	d.HasGroup = groupCol >= 0
	return idCol, groupCol
}

// Names that suggest an id or a group column under another name.
var (
	idNames    = []string{"RECORD_ID", "RECORDID", "PARTICIPANT", "PARTICIPANT_ID", "PARTICIPANTID", "SUBJECT", "SUBJECT_ID", "SUBJID", "PID", "PPID", "CASE_ID", "CASEID", "CODE", "CODIGO", "CÓDIGO", "IDENTIFICADOR", "ID_PARTICIPANTE", "RESPONDENT", "RESPONDENT_ID", "ID_"}
	groupNames = []string{"GRUPO", "GROUPE", "GRUPPE", "GRUPPO", "ARM", "CONDITION", "CONDICION", "CONDICIÓN", "TREATMENT", "TRATAMIENTO", "GROUP_", "_GROUP", "GRP", "GENDER", "SEX", "SEXO", "GENERO", "GÉNERO"}
)

// likelyColumn returns the first header name equal to one of names, or
// starting with a name that ends in "_", or ending with one that starts
// with "_".
func likelyColumn(header []string, names []string) string {
	for _, h := range header {
		up := strings.ToUpper(strings.TrimSpace(h))
		for _, n := range names {
			switch {
			case strings.HasSuffix(n, "_") && strings.HasPrefix(up, n) && len(up) > len(n),
				strings.HasPrefix(n, "_") && strings.HasSuffix(up, n) && len(up) > len(n),
				up == n:
				return strings.TrimSpace(h)
			}
		}
	}
	return ""
}

// quoteArg quotes a column name for a shell when it needs it.
func quoteArg(s string) string {
	for _, c := range s {
		if !(c == '_' || c == '-' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}
