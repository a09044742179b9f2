package sav

import (
	"bytes"
	"encoding/binary"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// dict is the dictionary as recorded, before the variables are assembled.
type dict struct {
	vars       []*rawVar
	slots      int
	bySlot     map[int]*rawVar
	docs       []string
	longNames  []byte // subtype 13
	veryLong   []byte // subtype 14
	encoding   string // subtype 20
	codepage   int32  // subtype 3
	sysmis     float64
	haveSysmis bool
	longLabels []byte // subtype 21
	longMiss   []byte // subtype 22
	// offsets of the bodies of extension records, for messages
	veryLongOff, encodingOff, longLabelsOff, longMissOff int
	labelSets                                            []labelSet
	ncases64                                             int64
	byteOrder                                            binary.ByteOrder
}

type labelSet struct {
	off    int
	labels []rawLabel
	slots  []int32
}

// dictionary reads records up to and including the termination record.
func (p *parser) dictionary() (*dict, error) {
	d := &dict{bySlot: map[int]*rawVar{}, ncases64: -1, byteOrder: p.order}
	p.inDict = true
	defer func() { p.inDict = false }()
	var last *rawVar // the last variable record, for continuation records
	for {
		if p.left() < 4 {
			return nil, errorf(p.pos, "truncated .sav: the dictionary ends at byte %d before the termination record", len(p.b))
		}
		off := p.pos
		rt := p.i32()
		switch rt {
		case 2:
			v, cont, err := p.variable(off)
			if err != nil {
				return nil, err
			}
			if cont {
				if last == nil || last.width == 0 || last.nslots >= (last.width+7)/8 {
					return nil, errorf(off, "continuation variable record at byte %d follows no string variable that needs one", off)
				}
				last.nslots++
				d.slots++
				continue
			}
			if last != nil && last.width > 0 && last.nslots != (last.width+7)/8 {
				return nil, errorf(off, "string variable %s of width %d has %d continuation records, expected %d (variable record at byte %d)",
					last.shortName, last.width, last.nslots-1, (last.width+7)/8-1, off)
			}
			v.slot = d.slots
			d.slots++
			d.vars = append(d.vars, v)
			d.bySlot[v.slot] = v
			last = v
		case 3:
			ls, err := p.valueLabels(off)
			if err != nil {
				return nil, err
			}
			d.labelSets = append(d.labelSets, ls)
		case 4:
			return nil, errorf(off, "value label variables record (type 4) at byte %d does not follow a value label record (type 3)", off)
		case 6:
			if err := p.need(4, "the document record's line count"); err != nil {
				return nil, err
			}
			n := p.i32()
			if n < 0 || int64(n)*80 > int64(p.left()) {
				return nil, errorf(p.pos-4, "truncated .sav: the document record at byte %d declares %d lines of 80 bytes, but the file ends at byte %d", off, n, len(p.b))
			}
			for i := int32(0); i < n; i++ {
				d.docs = append(d.docs, string(bytes.TrimRight(p.bytes(80), " \x00")))
			}
		case 7:
			if err := p.extension(off, d); err != nil {
				return nil, err
			}
		case 999:
			if err := p.need(4, "the termination record's filler"); err != nil {
				return nil, err
			}
			p.pos += 4
			if last != nil && last.width > 0 && last.nslots != (last.width+7)/8 {
				return nil, errorf(off, "string variable %s of width %d has %d continuation records, expected %d",
					last.shortName, last.width, last.nslots-1, (last.width+7)/8-1)
			}
			if len(d.vars) == 0 {
				return nil, errorf(off, "the dictionary ends at byte %d without any variable record", off)
			}
			return d, nil
		default:
			return nil, errorf(off, "unknown record type %d at byte %d (expected 2, 3, 6, 7 or 999)", rt, off)
		}
	}
}

// variable reads a variable record (type 2) after its record type; cont is
// true for a continuation record of a long string.
func (p *parser) variable(off int) (*rawVar, bool, error) {
	if err := p.need(28, "the rest of the variable record"); err != nil {
		return nil, false, err
	}
	typ := p.i32()
	hasLabel := p.i32()
	nMiss := p.i32()
	p.pos += 8 // print and write formats
	name := p.bytes(8)
	if typ == -1 {
		return nil, true, nil
	}
	if typ < 0 || typ > 255 {
		return nil, false, errorf(off+4, "variable record at byte %d has type %d (expected 0 for numeric or a string width 1..255)", off, typ)
	}
	v := &rawVar{off: off, width: int(typ), nslots: 1, shortName: string(bytes.TrimRight(name, " \x00")), nMissing: nMiss}
	switch hasLabel {
	case 0:
	case 1:
		if err := p.need(4, "the variable label length"); err != nil {
			return nil, false, err
		}
		n := p.i32()
		padded := (int64(n) + 3) / 4 * 4
		if n < 0 || padded > int64(p.left()) {
			return nil, false, errorf(p.pos-4, "truncated .sav: variable %s's label at byte %d declares %d bytes, but the file ends at byte %d", v.shortName, p.pos-4, n, len(p.b))
		}
		v.label = p.bytes(int(padded))[:n]
	default:
		return nil, false, errorf(off+8, "variable record at byte %d has label flag %d (expected 0 or 1)", off, hasLabel)
	}
	var n int
	switch nMiss {
	case 0, 1, 2, 3:
		n = int(nMiss)
	case -2, -3:
		if typ != 0 {
			return nil, false, errorf(off+12, "string variable %s at byte %d has a missing-value range (code %d), which only numeric variables can have", v.shortName, off, nMiss)
		}
		n = int(-nMiss)
	default:
		return nil, false, errorf(off+12, "variable record at byte %d has missing-value code %d (expected -3..3)", off, nMiss)
	}
	if err := p.need(8*n, "the variable's missing values"); err != nil {
		return nil, false, err
	}
	for i := 0; i < n; i++ {
		var m [8]byte
		copy(m[:], p.bytes(8))
		v.missing = append(v.missing, m)
	}
	return v, false, nil
}

// valueLabels reads a value label record (type 3) and the variable index
// record (type 4) that must follow it.
func (p *parser) valueLabels(off int) (labelSet, error) {
	ls := labelSet{off: off}
	if err := p.need(4, "the value label count"); err != nil {
		return ls, err
	}
	n := p.i32()
	// Each label takes at least 16 bytes (value, length byte, padding).
	if n < 0 || int64(n)*16 > int64(p.left()) {
		return ls, errorf(off+4, "truncated .sav: the value label record at byte %d declares %d labels, but the file ends at byte %d", off, n, len(p.b))
	}
	ls.labels = make([]rawLabel, 0, n)
	for i := int32(0); i < n; i++ {
		if err := p.need(9, "a value label"); err != nil {
			return ls, err
		}
		var l rawLabel
		copy(l.value[:], p.bytes(8))
		ln := int(p.b[p.pos])
		padded := (ln+1+7)/8*8 - 1
		p.pos++
		if err := p.need(padded, "a value label's text"); err != nil {
			return ls, err
		}
		l.label = p.bytes(padded)[:ln]
		ls.labels = append(ls.labels, l)
	}
	off4 := p.pos
	if p.left() < 8 {
		return ls, errorf(p.pos, "truncated .sav: the value label record at byte %d is not followed by its variable record (type 4); the file ends at byte %d", off, len(p.b))
	}
	if rt := p.i32(); rt != 4 {
		return ls, errorf(off4, "record type %d at byte %d, expected 4 (the variables of the value label record at byte %d)", rt, off4, off)
	}
	nv := p.i32()
	if nv < 0 || int64(nv)*4 > int64(p.left()) {
		return ls, errorf(off4+4, "truncated .sav: the value label variables record at byte %d declares %d variables, but the file ends at byte %d", off4, nv, len(p.b))
	}
	ls.slots = make([]int32, nv)
	for i := range ls.slots {
		ls.slots[i] = p.i32()
	}
	return ls, nil
}

// extension reads an extension record (type 7), keeping the subtypes the
// reader uses and skipping the others by their declared length.
func (p *parser) extension(off int, d *dict) error {
	if err := p.need(12, "the extension record header"); err != nil {
		return err
	}
	sub := p.i32()
	size := p.i32()
	count := p.i32()
	n := int64(size) * int64(count)
	if size < 0 || count < 0 || n > int64(p.left()) {
		return errorf(off, "truncated .sav: extension record subtype %d at byte %d declares %d × %d bytes, but the file ends at byte %d", sub, off, size, count, len(p.b))
	}
	body := p.bytes(int(n))
	// Extension records are read in the file's byte order.
	le := parser{b: body, order: p.order}
	switch sub {
	case 3: // machine integer info: 8 int32, the last the character code
		if size == 4 && count >= 8 {
			le.pos = 28
			d.codepage = le.i32()
		}
	case 4: // machine floating-point info: sysmis, highest, lowest
		if size == 8 && count >= 1 {
			d.sysmis = le.f64()
			d.haveSysmis = true
		}
	case 6: // date info
	case 13:
		d.longNames = body
	case 14:
		d.veryLong, d.veryLongOff = body, p.pos-len(body)
	case 16: // 64-bit case count: int64 1, int64 ncases
		if size == 8 && count == 2 {
			le.pos = 8
			d.ncases64 = le.i64()
		}
	case 20:
		d.encoding, d.encodingOff = string(bytes.TrimRight(body, " \x00")), p.pos-len(body)
	case 21:
		d.longLabels, d.longLabelsOff = body, p.pos-len(body)
	case 22:
		d.longMiss, d.longMissOff = body, p.pos-len(body)
	}
	return nil
}

// build assembles the variables of f from the dictionary records.
//
// Long because it follows the file format's own order (variables, long
// names, very long strings, labels, missing values, encoding), each step a
// short block that needs the previous ones.
func (d *dict) build(f *File, h *header) error {
	f.Product = strings.TrimSpace(h.product)
	switch h.compression {
	case 0:
		f.Compression = "none"
	case 1:
		f.Compression = "bytecode"
	case 2:
		f.Compression = "zlib"
	}
	td, err := d.decoder()
	if err != nil {
		return err
	}
	f.Encoding = d.encodingName(td)
	dec := td.String
	f.Label = strings.TrimRight(dec([]byte(h.label)), " \x00")
	for _, l := range d.docs {
		f.Documents = append(f.Documents, dec([]byte(l)))
	}

	// Very long strings: short name → width.
	widths := map[string]int{}
	for _, kv := range splitPairs(d.veryLong) {
		w, err := strconv.Atoi(strings.TrimLeft(kv[1], "0 "))
		if kv[1] != "" && strings.Trim(kv[1], "0") == "" {
			w, err = 0, nil
		}
		if err != nil || w < 0 || w > 32767 {
			return errorf(d.veryLongOff, "very long string record at byte %d: width %q for variable %s is not a number from 0 to 32767", d.veryLongOff, kv[1], kv[0])
		}
		widths[strings.ToUpper(kv[0])] = w
	}
	longNames := map[string]string{}
	for _, kv := range splitPairs(d.longNames) {
		longNames[strings.ToUpper(kv[0])] = kv[1]
	}

	byShort := map[string]int{}
	for i := 0; i < len(d.vars); i++ {
		rv := d.vars[i]
		v := Variable{ShortName: dec([]byte(rv.shortName)), Width: rv.width}
		v.Label = dec(rv.label)
		key := strings.ToUpper(rv.shortName)
		v.Name = v.ShortName
		if ln, ok := longNames[key]; ok && ln != "" {
			v.Name = dec([]byte(ln))
		}
		v.segs = []segment{{slot: rv.slot, bytes: rv.width}}
		if rv.width == 0 {
			v.segs[0].bytes = 8
		}
		if w, ok := widths[key]; ok && w > 255 {
			if rv.width != 255 {
				return errorf(rv.off, "very long string %s of width %d: its first segment (variable record at byte %d) has width %d, expected 255", v.Name, w, rv.off, rv.width)
			}
			nseg := (w + 251) / 252
			if i+nseg > len(d.vars) {
				return errorf(rv.off, "very long string %s of width %d needs %d segments, but the dictionary has only %d variables from byte %d on", v.Name, w, nseg, len(d.vars)-i, rv.off)
			}
			v.segs[0].bytes = 255
			for s := 1; s < nseg; s++ {
				sv := d.vars[i+s]
				want := 255
				if s == nseg-1 {
					want = w - (nseg-1)*252
				}
				if sv.width < want || (sv.width+7)/8 != (want+7)/8 {
					return errorf(sv.off, "very long string %s of width %d: segment %d (variable record at byte %d) has width %d, expected %d", v.Name, w, s+1, sv.off, sv.width, want)
				}
				v.segs = append(v.segs, segment{slot: sv.slot, bytes: min(sv.width, 255)})
			}
			v.Width = w
			i += nseg - 1
		}
		if err := rv.missingSpec(&v, d, dec); err != nil {
			return err
		}
		byShort[key] = len(f.Variables)
		f.Variables = append(f.Variables, v)
	}
	if h.weightIndex > 0 {
		if rv, ok := d.bySlot[int(h.weightIndex)-1]; ok {
			if i, ok := byShort[strings.ToUpper(rv.shortName)]; ok {
				f.Weight = f.Variables[i].Name
			}
		}
	}

	// Value labels (types 3 and 4).
	bySlot := map[int]int{}
	for i, v := range f.Variables {
		bySlot[v.segs[0].slot] = i
	}
	// A label set is usually shared by many variables (a Likert scale's
	// items): they share one slice, converted once per kind, so that a
	// hostile file cannot multiply labels by variables. A variable in more
	// than one set gets its own copy, within a budget.
	budget := 1 << 22
	for _, ls := range d.labelSets {
		var numeric, text []ValueLabel
		for _, s := range ls.slots {
			i, ok := bySlot[int(s)-1]
			if !ok {
				return errorf(ls.off, "value label record at byte %d names dictionary index %d, which is not the first slot of a variable", ls.off, s)
			}
			v := &f.Variables[i]
			var set []ValueLabel
			if v.Width == 0 {
				if numeric == nil {
					numeric = make([]ValueLabel, len(ls.labels))
					for k, l := range ls.labels {
						numeric[k] = ValueLabel{Value: math.Float64frombits(d.order().Uint64(l.value[:])), Label: dec(l.label)}
					}
				}
				set = numeric
			} else {
				if text == nil {
					text = make([]ValueLabel, len(ls.labels))
					for k, l := range ls.labels {
						text[k] = ValueLabel{Text: dec(bytes.TrimRight(l.value[:], " \x00")), Label: dec(l.label)}
					}
				}
				set = text
			}
			if v.ValueLabels == nil {
				v.ValueLabels = set[:len(set):len(set)]
				continue
			}
			if budget -= len(v.ValueLabels) + len(set); budget < 0 {
				return errorf(ls.off, "value label record at byte %d: too many value labels for one variable (%s)", ls.off, v.Name)
			}
			v.ValueLabels = append(v.ValueLabels[:len(v.ValueLabels):len(v.ValueLabels)], set...)
		}
	}
	byName := map[string]int{}
	for i, v := range f.Variables {
		byName[strings.ToUpper(v.Name)] = i
	}
	if err := d.readLongLabels(f, byName, dec); err != nil {
		return err
	}
	return d.readLongMissing(f, byName, dec)
}

// order is the byte order of the file.
func (d *dict) order() binary.ByteOrder { return d.byteOrder }

// decoder picks the text decoder from the encoding record or the code page.
func (d *dict) decoder() (*textDecoder, error) {
	if d.encoding != "" {
		td, ok := newTextDecoder(d.encoding)
		if !ok {
			return nil, errorf(d.encodingOff, "unknown character encoding %q in the character encoding record at byte %d", d.encoding, d.encodingOff)
		}
		return td, nil
	}
	if name := codepageName(d.codepage); name != "" {
		td, ok := newTextDecoder(name)
		if ok {
			return td, nil
		}
	}
	// No usable encoding information: UTF-8 if the dictionary is valid
	// UTF-8, else the Windows code page most such files come from.
	if d.validUTF8() {
		return &textDecoder{utf8: true}, nil
	}
	td, _ := newTextDecoder("windows-1252")
	return td, nil
}

func (d *dict) encodingName(td *textDecoder) string {
	switch {
	case d.encoding != "":
		return d.encoding
	case codepageName(d.codepage) != "":
		return codepageName(d.codepage)
	case td.utf8:
		return "UTF-8"
	}
	return "windows-1252"
}

func (d *dict) validUTF8() bool {
	for _, v := range d.vars {
		if !utf8.ValidString(v.shortName) || !utf8.Valid(v.label) {
			return false
		}
	}
	for _, ls := range d.labelSets {
		for _, l := range ls.labels {
			if !utf8.Valid(l.label) {
				return false
			}
		}
	}
	return utf8.Valid(d.longNames)
}

// splitPairs splits "KEY=VALUE" pairs separated by tabs (and, in the very
// long string record, NULs).
func splitPairs(b []byte) [][2]string {
	var out [][2]string
	for _, part := range strings.FieldsFunc(string(b), func(r rune) bool { return r == '\t' || r == 0 }) {
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			continue
		}
		out = append(out, [2]string{strings.TrimSpace(k), strings.TrimRight(v, " \x00")})
	}
	return out
}

// missingSpec fills v.Missing from the variable record's missing values.
func (rv *rawVar) missingSpec(v *Variable, d *dict, dec func([]byte) string) error {
	if len(rv.missing) == 0 {
		return nil
	}
	o := d.order()
	if v.Width > 0 {
		for _, m := range rv.missing {
			v.Missing.Strings = append(v.Missing.Strings, dec(bytes.TrimRight(m[:], " \x00")))
		}
		return nil
	}
	vals := make([]float64, len(rv.missing))
	for i, m := range rv.missing {
		vals[i] = math.Float64frombits(o.Uint64(m[:]))
	}
	if rv.nMissing < 0 {
		lo, hi := vals[0], vals[1]
		if b := math.Float64bits(lo); b == sysmisBits || b == lowestOldBits {
			lo = math.Inf(-1)
		}
		if math.Float64bits(hi) == highestBits {
			hi = math.Inf(1)
		}
		v.Missing.Range, v.Missing.Low, v.Missing.High = true, lo, hi
		vals = vals[2:]
	}
	v.Missing.Values = append([]float64(nil), vals...)
	return nil
}

// lpReader reads the length-prefixed fields of extension subtypes 21 and 22.
type lpReader struct {
	p   parser
	off int // file offset of the record's body
	sub int
}

func (r *lpReader) int32() (int, error) {
	if r.p.left() < 4 {
		return 0, errorf(r.off+r.p.pos, "extension record subtype %d (from byte %d) ends at byte %d where a 4-byte length was expected", r.sub, r.off, r.off+r.p.pos)
	}
	return int(r.p.i32()), nil
}

func (r *lpReader) str(n int) ([]byte, error) {
	if n < 0 || n > r.p.left() {
		return nil, errorf(r.off+r.p.pos, "extension record subtype %d (from byte %d): a field of %d bytes at byte %d runs past the record's end at byte %d", r.sub, r.off, n, r.off+r.p.pos, r.off+len(r.p.b))
	}
	return r.p.bytes(n), nil
}

// readLongLabels reads the long string value labels record (subtype 21):
// per variable, its name, width, and (value, label) pairs of length-prefixed
// strings.
func (d *dict) readLongLabels(f *File, byName map[string]int, dec func([]byte) string) error {
	r := &lpReader{p: parser{b: d.longLabels, order: d.order()}, off: d.longLabelsOff, sub: 21}
	for r.p.left() > 0 {
		n, err := r.int32()
		if err != nil {
			return err
		}
		name, err := r.str(n)
		if err != nil {
			return err
		}
		if _, err := r.int32(); err != nil { // width
			return err
		}
		nl, err := r.int32()
		if err != nil {
			return err
		}
		if nl < 0 || nl*8 > r.p.left() {
			return errorf(r.off+r.p.pos, "extension record subtype 21 (from byte %d): %d labels for variable %s do not fit in the record", r.off, nl, dec(name))
		}
		i, ok := byName[strings.ToUpper(dec(name))]
		for k := 0; k < nl; k++ {
			vn, err := r.int32()
			if err != nil {
				return err
			}
			val, err := r.str(vn)
			if err != nil {
				return err
			}
			ln, err := r.int32()
			if err != nil {
				return err
			}
			lab, err := r.str(ln)
			if err != nil {
				return err
			}
			if ok && f.Variables[i].Width > 0 {
				v := &f.Variables[i]
				v.ValueLabels = append(v.ValueLabels, ValueLabel{Text: dec(bytes.TrimRight(val, " \x00")), Label: dec(lab)})
			}
		}
	}
	return nil
}

// readLongMissing reads the long string missing values record (subtype
// 22): per variable, its name, a one-byte count, one value length, and the
// values. Old PSPP wrote the length before every value; that is accepted.
func (d *dict) readLongMissing(f *File, byName map[string]int, dec func([]byte) string) error {
	r := &lpReader{p: parser{b: d.longMiss, order: d.order()}, off: d.longMissOff, sub: 22}
	for r.p.left() > 0 {
		n, err := r.int32()
		if err != nil {
			return err
		}
		name, err := r.str(n)
		if err != nil {
			return err
		}
		cnt, err := r.str(1)
		if err != nil {
			return err
		}
		vn, err := r.int32()
		if err != nil {
			return err
		}
		i, ok := byName[strings.ToUpper(dec(name))]
		for k := 0; k < int(cnt[0]); k++ {
			if k > 0 && r.p.left() >= 4+vn && int(int32(r.p.order.Uint32(r.p.b[r.p.pos:]))) == vn {
				r.p.pos += 4 // the old layout's repeated length
			}
			val, err := r.str(vn)
			if err != nil {
				return err
			}
			if ok && f.Variables[i].Width > 0 {
				v := &f.Variables[i]
				v.Missing.Strings = append(v.Missing.Strings, dec(bytes.TrimRight(val, " \x00")))
			}
		}
	}
	return nil
}
