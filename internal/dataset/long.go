package dataset

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// A long layout has a row per participant and time point: an id column, a
// time column, and either an item and a value column (a row per item) or a
// column per item without a time suffix (SSQ_1, SSQ_2, ...). Other columns
// (group, site) are per participant and repeated on every row. It is
// pivoted into the wide table pssa reads everywhere else, with every
// problem located in the long file.

// timeColumnNames, itemColumnNames and valueColumnNames are the header
// names that make a long layout.
var (
	timeColumnNames  = []string{"TIME", "WAVE", "VISIT", "TIMEPOINT", "TIME_POINT", "OCCASION", "ASSESSMENT", "TIEMPO", "MOMENTO", "MOMENT"}
	itemColumnNames  = []string{"ITEM", "VARIABLE", "QUESTION", "ITEM_NAME"}
	valueColumnNames = []string{"VALUE", "RESPONSE", "SCORE", "ANSWER", "VALOR", "RESPUESTA"}
)

// longHeader is what a long layout's header holds.
type longHeader struct {
	id, group, time, item, value int          // positions, -1 when absent
	items                        []int        // columns of items without a time suffix
	specs                        []ColumnSpec // their specs, in step with items
	errs                         []error      // what is wrong with their names
	extra                        []int        // per-participant pass-through columns
}

// readLongHeader finds the columns of a long layout; ok is false when the
// header is not one (no id or time column, or no item columns, or columns
// with a time suffix).
func readLongHeader(header []string, p *headerParser) (longHeader, bool) {
	h := longHeader{id: -1, group: -1, time: -1, item: -1, value: -1}
	find := func(names []string) int {
		for i, raw := range header {
			up := strings.ToUpper(strings.TrimSpace(raw))
			if slices.Contains(names, up) {
				return i
			}
		}
		return -1
	}
	h.time = find(timeColumnNames)
	h.item = find(itemColumnNames)
	h.value = find(valueColumnNames)
	if h.item < 0 || h.value < 0 {
		h.item, h.value = -1, -1
	}
	timed := false
	for i, raw := range header {
		up := strings.ToUpper(strings.TrimSpace(raw))
		switch {
		case up == "":
			continue
		case p.m.isID(up):
			h.id = i
			continue
		case p.m.isGroup(up):
			h.group = i
			continue
		case i == h.time || i == h.item || i == h.value:
			continue
		}
		if spec, err, ok := p.untimed(up); ok && (err != nil || spec.Kind != KindExtra) {
			if gs, gerr := p.grammar(up); err != nil && gerr == nil && gs.Kind != KindExtra {
				timed = true // SSQ_1_T1 beside a pass-through "time" column: a wide file
				h.extra = append(h.extra, i)
				continue
			}
			h.items = append(h.items, i)
			h.specs = append(h.specs, spec)
			h.errs = append(h.errs, err)
			continue
		}
		if spec, err := p.grammar(up); err == nil && spec.Kind != KindExtra {
			timed = true
		}
		h.extra = append(h.extra, i)
	}
	ok := h.id >= 0 && h.time >= 0 && !timed && (h.item >= 0 || len(h.items) > 0)
	return h, ok
}

// isLong says whether a header is a long layout.
func isLong(header []string, schema Schema, m *Mapping) bool {
	// A long layout has a time column. Without one, as in every wide file,
	// the names need not be parsed twice (half a millisecond of a
	// study-sized run).
	hasTime := slices.ContainsFunc(header, func(raw string) bool {
		return slices.Contains(timeColumnNames, strings.ToUpper(strings.TrimSpace(raw)))
	})
	if !hasTime {
		return false
	}
	_, ok := readLongHeader(header, newHeaderParser(m, schema))
	return ok
}

// wideKey identifies a column of the pivoted table.
type wideKey struct {
	inst, scale, problem string
	item, time           int
	kind                 Kind
}

// pivotCell is one value of the pivoted table and the long line it came from.
type pivotCell struct {
	value string
	line  int32
	src   int32 // index into the pivot's source descriptions
}

type pivotParticipant struct {
	id        string
	line      int // first line
	group     string
	groupLine int
	extra     []string
	cells     []pivotCell // by wide column; line 0 when absent
}

// loadLong reads the rest of a long layout from sc (the header is read)
// and loads the pivoted table.
//
// Long because it is one pass over the file that keeps, per record, the
// participant, the time label, the item and their lines for the messages
// about repeated or conflicting values; the pivot itself is in pivot.
func loadLong(sc *scanner, d *Dataset, header []string, opt Options) (*Dataset, error) {
	name := d.File
	p := newHeaderParser(opt.Mapping, opt.Schema)
	h, ok := readLongHeader(header, p)
	col := func(i int) string { return strings.TrimSpace(header[i]) }
	if !ok {
		var missing []string
		if h.id < 0 {
			missing = append(missing, fmt.Sprintf("an id column (%s)", p.m.idName()))
		}
		if h.time < 0 {
			missing = append(missing, "a time column (time, wave or visit)")
		}
		if h.item < 0 && len(h.items) == 0 {
			missing = append(missing, "item and value columns, or columns named by item without a time (SSQ_1, SSQ_2, ...)")
		}
		if len(missing) == 0 {
			missing = append(missing, "no column with a time suffix (SSQ_1_T1 is a wide layout's column)")
		}
		return nil, &FatalError{Problem{File: name, Line: 1, Message: "--layout long: the header needs " + strings.Join(missing, ", ") + fmt.Sprintf("; it has %s", describeHeader(header))}}
	}
	missing := newMissingSet(opt.Missing, d.DecimalComma)
	var (
		people   []*pivotParticipant
		byID     = map[string]int{}
		keys     []wideKey
		keyIndex = map[wideKey]int{}
		sources  []string // what a cell's column is, for messages
		srcIndex = map[string]int32{}
	)
	type shared struct {
		msg   string
		lines []int
	}
	var sharedKeys []string
	sharedBy := map[string]*shared{}
	addShared := func(key, msg string, line int) {
		s := sharedBy[key]
		if s == nil {
			s = &shared{msg: msg}
			sharedBy[key] = s
			sharedKeys = append(sharedKeys, key)
		}
		s.lines = append(s.lines, line)
	}
	problem := func(line int, column, format string, args ...any) {
		d.AddProblem(Problem{Line: line, Column: column, Message: fmt.Sprintf(format, args...)})
	}
	source := func(s string) int32 {
		if i, ok := srcIndex[s]; ok {
			return i
		}
		sources = append(sources, s)
		srcIndex[s] = int32(len(sources) - 1)
		return int32(len(sources) - 1)
	}
	set := func(pp *pivotParticipant, spec ColumnSpec, label string, value []byte, line int, src int32, what string) {
		k := wideKey{inst: spec.Instrument, scale: spec.Scale, problem: spec.Problem, item: spec.Item, time: spec.TimeIndex, kind: spec.Kind}
		ci, ok := keyIndex[k]
		if !ok {
			ci = len(keys)
			keys = append(keys, k)
			keyIndex[k] = ci
		}
		for len(pp.cells) <= ci {
			pp.cells = append(pp.cells, pivotCell{})
		}
		if prev := pp.cells[ci]; prev.line != 0 {
			problem(line, "", "%s at %s for id %q is given twice (lines %d and %d)", what, label, pp.id, prev.line, line)
			return
		}
		pp.cells[ci] = pivotCell{value: string(value), line: int32(line), src: src}
	}
	nf := len(header)
	for {
		rec, line, err := sc.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvFatal(name, err)
		}
		if allEmptyBytes(rec) {
			continue
		}
		if len(rec) != nf {
			problem(line, "", "the row has %d fields, the header has %d (a missing or extra delimiter?)", len(rec), nf)
			continue
		}
		id := string(bytes.TrimSpace(rec[h.id]))
		if id == "" {
			problem(line, col(h.id), "empty id (every row needs the id of its participant)")
			continue
		}
		tl := string(bytes.TrimSpace(rec[h.time]))
		label, ti, ok := p.m.resolveTime(strings.ToUpper(tl))
		if !ok {
			if tl == "" || missing.has(tl) {
				problem(line, col(h.time), "empty time label (every row needs its time point)")
			} else {
				addShared("time "+strings.ToUpper(tl), fmt.Sprintf("time label %q is not %s", tl, p.m.timeRule()), line)
			}
			continue
		}
		pi, seen := byID[id]
		if !seen {
			pi = len(people)
			byID[id] = pi
			people = append(people, &pivotParticipant{id: id, line: line, extra: make([]string, len(h.extra))})
		}
		pp := people[pi]
		if h.group >= 0 {
			g := string(bytes.TrimSpace(rec[h.group]))
			switch {
			case pp.groupLine == 0:
				pp.group, pp.groupLine = g, line
			case g != pp.group:
				problem(line, col(h.group), "group %q differs from %q on line %d (a participant's group is the same on every row)", g, pp.group, pp.groupLine)
			}
		}
		for j, c := range h.extra {
			if pp.extra[j] == "" {
				pp.extra[j] = string(bytes.TrimSpace(rec[c]))
			}
		}
		if h.item >= 0 {
			it := strings.TrimSpace(string(rec[h.item]))
			if it == "" {
				problem(line, col(h.item), "empty item name")
				continue
			}
			spec, err, ok := p.untimed(strings.ToUpper(it))
			switch {
			case ok && err != nil:
				addShared("item "+strings.ToUpper(it), fmt.Sprintf("item %q: %v", it, err), line)
				continue
			case !ok || spec.Kind == KindExtra:
				addShared("item "+strings.ToUpper(it), fmt.Sprintf("item %q is not an instrument's item or scale (expected names such as SSQ_1 or SWLS_TOTAL)", it), line)
				continue
			}
			spec.Time, spec.TimeIndex = label, ti
			set(pp, spec, label, rec[h.value], line, source(col(h.value)+"\x00"+it), it)
			continue
		}
		for j, c := range h.items {
			if h.errs[j] != nil {
				continue
			}
			spec := h.specs[j]
			spec.Time, spec.TimeIndex = label, ti
			set(pp, spec, label, rec[c], line, source(col(c)), col(c))
		}
	}
	for _, k := range sharedKeys {
		s := sharedBy[k]
		msg := s.msg
		if len(s.lines) > 1 {
			msg += fmt.Sprintf(" (%d rows, first on line %d)", len(s.lines), s.lines[0])
		}
		d.AddProblem(Problem{Line: s.lines[0], Message: msg})
	}
	// Item columns whose names are wrong (an item beyond the instrument).
	for j, c := range h.items {
		if h.errs[j] != nil {
			d.AddProblem(Problem{Line: 1, Column: col(c), Message: h.errs[j].Error()})
		}
	}
	if len(people) == 0 {
		if len(d.Errors()) == 0 {
			d.AddProblem(Problem{Message: "the file has a header but no data rows"})
		}
		d.Header, d.Layout = header, "long"
		return d, nil
	}
	return pivot(d, header, h, people, keys, sources, opt)
}

// pivot writes the participants as a wide table, loads it and locates its
// problems in the long file.
//
// Long because writing the wide table and mapping each of its problems
// back to the long file's line and column share the same column keys.
func pivot(d *Dataset, header []string, h longHeader, people []*pivotParticipant, keys []wideKey, sources []string, opt Options) (*Dataset, error) {
	col := func(i int) string { return strings.TrimSpace(header[i]) }
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	instOrder := map[string]int{}
	for _, k := range keys {
		if _, ok := instOrder[k.inst]; !ok {
			instOrder[k.inst] = len(instOrder)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ka, kb := keys[a], keys[b]
		switch {
		case ka.inst != kb.inst:
			return instOrder[ka.inst] - instOrder[kb.inst]
		case ka.time != kb.time:
			return ka.time - kb.time
		case ka.kind != kb.kind:
			return int(ka.kind) - int(kb.kind)
		case ka.item != kb.item:
			return ka.item - kb.item
		case ka.scale != kb.scale:
			return strings.Compare(ka.scale, kb.scale)
		}
		return strings.Compare(ka.problem, kb.problem)
	})
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Comma = d.Delimiter
	wh := []string{col(h.id)}
	if h.group >= 0 {
		wh = append(wh, col(h.group))
	}
	for _, c := range h.extra {
		wh = append(wh, col(c))
	}
	first := len(wh)
	for _, ki := range order {
		k := keys[ki]
		var n string
		switch k.kind {
		case KindItem:
			n = k.inst + "_" + strconv.Itoa(k.item)
		case KindScale:
			n = k.inst + "_" + k.scale
		case KindRating:
			n = k.inst + "_" + k.scale + "_" + k.problem
		}
		wh = append(wh, n+"_T"+strconv.Itoa(k.time))
	}
	w.Write(wh)
	row := make([]string, len(wh))
	for _, pp := range people {
		row = row[:0]
		row = append(row, pp.id)
		if h.group >= 0 {
			row = append(row, pp.group)
		}
		row = append(row, pp.extra...)
		for _, ki := range order {
			v := ""
			if ki < len(pp.cells) {
				v = pp.cells[ki].value
			}
			row = append(row, v)
		}
		w.Write(row)
	}
	w.Flush()
	wm := &Mapping{ID: col(h.id), Times: nil}
	if opt.Mapping != nil {
		wm.Times = opt.Mapping.Times
	}
	if h.group >= 0 {
		wm.Group = col(h.group)
	} else if opt.Mapping != nil {
		wm.Group = opt.Mapping.Group // absent: the wide table says so
	}
	wopt := opt
	wopt.Layout, wopt.Mapping, wopt.Delimiter, wopt.Encoding = "wide", wm, d.Delimiter, ""
	wopt.SizeHint = int64(buf.Len())
	wd, err := Load(&buf, d.File, wopt)
	if err != nil {
		return nil, err
	}
	// Locate the wide table's problems in the long file.
	rowOf := make(map[int]int, wd.Rows())
	for r := range wd.Rows() {
		l := wd.Line(r)
		rowOf[l] = r
	}
	wideCol := map[string]int{}
	for i, n := range wh {
		wideCol[strings.ToUpper(n)] = i
	}
	locate := func(p *Problem) {
		if p.Line <= 1 {
			if p.Line == 1 {
				p.Column = ""
			}
			return
		}
		r, ok := rowOf[p.Line]
		if !ok {
			return
		}
		pp := people[r]
		p.Line = pp.line
		ci, ok := wideCol[strings.ToUpper(p.Column)]
		switch {
		case !ok:
		case h.group >= 0 && ci == 1:
			p.Line = pp.groupLine
		case ci >= first:
			ki := order[ci-first]
			if ki < len(pp.cells) && pp.cells[ki].line != 0 {
				c := pp.cells[ki]
				p.Line = int(c.line)
				src := sources[c.src]
				if colName, item, ok := strings.Cut(src, "\x00"); ok {
					p.Column = colName
					p.Message = item + ": " + p.Message
				} else {
					p.Column = src
				}
			}
		}
	}
	wd.setLocate(locate)
	wd.Problems = append(d.Problems, wd.Problems...)
	slices.SortStableFunc(wd.Problems, func(a, b Problem) int { return a.Line - b.Line })
	wd.errors += d.errors
	wd.Omitted += d.Omitted
	wd.Header = header
	wd.Layout = "long"
	return wd, nil
}
