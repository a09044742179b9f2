package sav

import (
	"bytes"
	"encoding/binary"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// File is a whole system file: its dictionary and its cases.
type File struct {
	Variables []Variable
	// Cases is the number of cases read (rows of data).
	Cases int
	// Encoding is the character encoding the strings were decoded from:
	// the name in the file's character encoding record, else the one its
	// code page number stands for, else "UTF-8" when every string is
	// valid UTF-8 and "windows-1252" when not.
	Encoding string
	// Product is the writer's product string from the file header
	// ("@(#) SPSS DATA FILE GNU pspp ..."), trimmed.
	Product string
	// Label is the file label, trimmed; Documents the lines of the
	// document record (DOCUMENT command), trimmed.
	Label     string
	Documents []string
	// Compression is how the cases were stored: "none", "bytecode" or
	// "zlib" (a .zsav).
	Compression string
	// Weight is the name of the weighting variable, "" if unweighted.
	Weight string
}

// Variable is one variable: its dictionary entry and its values.
type Variable struct {
	Name      string // the long variable name (up to 64 bytes), as users see it
	ShortName string // the 8-byte name of the variable record
	Label     string
	// Width is 0 for a numeric variable, else the string width in bytes
	// (1..32767).
	Width       int
	ValueLabels []ValueLabel
	Missing     MissingSpec
	// Numeric holds a numeric variable's values, one per case, with the
	// system-missing value as NaN; user-missing codes are kept as they
	// are. Nil for a string variable.
	Numeric []float64
	// Strings holds a string variable's values, one per case, trailing
	// spaces removed. Nil for a numeric variable.
	Strings []string

	// slots where this variable's data sit in a case (8 bytes each), per
	// segment: a very long string is several segments.
	segs []segment
}

// ValueLabel is one value label: Value for a numeric variable, Text (trailing
// spaces removed) for a string variable.
type ValueLabel struct {
	Value float64
	Text  string
	Label string
}

// MissingSpec is a variable's user-missing values: up to three discrete
// values, or a range (Low to High, both included; -Inf for LO/LOWEST, +Inf
// for HI/HIGHEST) plus at most one discrete value. String variables have only
// discrete values (Strings, trailing spaces removed).
type MissingSpec struct {
	Values    []float64
	Strings   []string
	Range     bool
	Low, High float64
}

// IsMissing reports whether x is one of the user-missing values of a numeric
// variable. NaN (system-missing) is not a user-missing value.
func (m *MissingSpec) IsMissing(x float64) bool {
	if m.Range && x >= m.Low && x <= m.High {
		return true
	}
	for _, v := range m.Values {
		if x == v {
			return true
		}
	}
	return false
}

// IsMissingString reports whether s (trailing spaces removed) is a
// user-missing value of a string variable.
func (m *MissingSpec) IsMissingString(s string) bool {
	for _, v := range m.Strings {
		if s == v {
			return true
		}
	}
	return false
}

// Empty reports whether there are no user-missing values.
func (m *MissingSpec) Empty() bool {
	return !m.Range && len(m.Values) == 0 && len(m.Strings) == 0
}

// String writes the specification the way PSPP's DISPLAY DICTIONARY does:
// "90 THRU 99; -9", "999", "LOWEST THRU 0", `"NA"`.
func (m *MissingSpec) String() string {
	var parts []string
	num := func(x float64) string {
		switch {
		case math.IsInf(x, -1):
			return "LOWEST"
		case math.IsInf(x, 1):
			return "HIGHEST"
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	if m.Range {
		parts = append(parts, num(m.Low)+" THRU "+num(m.High))
	}
	for _, v := range m.Values {
		parts = append(parts, num(v))
	}
	for _, s := range m.Strings {
		parts = append(parts, strconv.Quote(s))
	}
	return strings.Join(parts, "; ")
}

// CountMissing counts the cases whose value is user-missing and those whose
// value is system-missing (NaN; a string variable has none).
func (v *Variable) CountMissing() (user, system int) {
	if v.Width == 0 {
		for _, x := range v.Numeric {
			if x != x {
				system++
			} else if v.Missing.IsMissing(x) {
				user++
			}
		}
		return user, system
	}
	if len(v.Missing.Strings) == 0 {
		return 0, 0
	}
	for _, s := range v.Strings {
		if v.Missing.IsMissingString(s) {
			user++
		}
	}
	return user, 0
}

// segment is a run of a case's 8-byte slots holding (part of) a variable.
type segment struct {
	slot  int // first slot
	bytes int // bytes of the variable's value in this segment
}

// rawVar is one variable record (type 2) with its continuation records.
type rawVar struct {
	off       int // byte offset of the record
	slot      int // its first slot in a case
	width     int // 0 numeric, 1..255 string
	nslots    int // 1 + continuation records
	shortName string
	label     []byte
	nMissing  int32
	missing   [][8]byte
	labels    []rawLabel
}

type rawLabel struct {
	value [8]byte
	label []byte
}

const (
	// sysmis is the system-missing value in IEEE files: -DBL_MAX.
	sysmisBits = 0xffefffffffffffff
	// lowestOld is LOWEST as files before SPSS 21 write it.
	lowestOldBits = 0xffeffffffffffffe
	highestBits   = 0x7fefffffffffffff
)

// parser walks the file's bytes.
type parser struct {
	b      []byte
	pos    int
	order  binary.ByteOrder
	inDict bool // reading the dictionary: a short file is a truncated dictionary
}

func (p *parser) left() int { return len(p.b) - p.pos }

// need fails unless n more bytes are there for what.
func (p *parser) need(n int, what string) error {
	if n < 0 || p.left() < n {
		if p.inDict {
			return errorf(p.pos, "truncated .sav: the dictionary ends at byte %d before the termination record (%s at byte %d needs %d bytes)", len(p.b), what, p.pos, n)
		}
		return errorf(p.pos, "truncated .sav: %s at byte %d needs %d bytes, but the file ends at byte %d", what, p.pos, n, len(p.b))
	}
	return nil
}

func (p *parser) i32() int32 {
	v := int32(p.order.Uint32(p.b[p.pos:]))
	p.pos += 4
	return v
}

func (p *parser) i64() int64 {
	v := int64(p.order.Uint64(p.b[p.pos:]))
	p.pos += 8
	return v
}

func (p *parser) f64() float64 {
	v := math.Float64frombits(p.order.Uint64(p.b[p.pos:]))
	p.pos += 8
	return v
}

func (p *parser) bytes(n int) []byte {
	v := p.b[p.pos : p.pos+n : p.pos+n]
	p.pos += n
	return v
}

// header is the file header record.
type header struct {
	magic       string
	product     string
	compression int32
	weightIndex int32
	ncases      int32
	bias        float64
	label       string
}

// Read reads a whole system file from r.
func Read(r io.Reader) (*File, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return parse(b)
}

func parse(b []byte) (*File, error) {
	p := &parser{b: b}
	h, err := p.header()
	if err != nil {
		return nil, err
	}
	d, err := p.dictionary()
	if err != nil {
		return nil, err
	}
	f := &File{}
	if err := d.build(f, h); err != nil {
		return nil, err
	}
	if err := p.cases(f, d, h); err != nil {
		return nil, err
	}
	return f, nil
}

// header reads the 176-byte file header record.
func (p *parser) header() (*header, error) {
	if len(p.b) == 0 {
		return nil, errorf(0, "empty file: a .sav file starts with \"$FL2\" (or \"$FL3\" for .zsav)")
	}
	if len(p.b) < 4 || (string(p.b[:4]) != "$FL2" && string(p.b[:4]) != "$FL3") {
		m := p.b[:min(4, len(p.b))]
		return nil, errorf(0, "not an SPSS system file: it starts with %q, not \"$FL2\" (or \"$FL3\" for .zsav)", m)
	}
	if err := p.need(176, "the file header"); err != nil {
		return nil, err
	}
	h := &header{magic: string(p.b[:4])}
	h.product = strings.TrimRight(string(p.b[4:64]), " \x00")
	lay := p.b[64:68]
	switch {
	case binary.LittleEndian.Uint32(lay) == 2 || binary.LittleEndian.Uint32(lay) == 3:
		p.order = binary.LittleEndian
	case binary.BigEndian.Uint32(lay) == 2 || binary.BigEndian.Uint32(lay) == 3:
		p.order = binary.BigEndian
	default:
		return nil, errorf(64, "unknown layout code %d at byte 64 (expected 2 or 3)", int32(binary.LittleEndian.Uint32(lay)))
	}
	p.pos = 68
	p.i32() // nominal case size: recomputed from the variable records
	h.compression = p.i32()
	h.weightIndex = p.i32()
	h.ncases = p.i32()
	h.bias = p.f64()
	p.pos += 9 + 8 // creation date and time
	h.label = string(p.bytes(64))
	p.pos += 3
	switch {
	case h.compression < 0 || h.compression > 2:
		return nil, errorf(72, "unknown compression code %d at byte 72 (expected 0, 1 or 2)", h.compression)
	case h.compression == 2 && h.magic != "$FL3", h.compression != 2 && h.magic == "$FL3":
		return nil, errorf(72, "compression code %d at byte 72 does not match the file's magic %q", h.compression, h.magic)
	case math.IsNaN(h.bias) || math.IsInf(h.bias, 0) || math.Abs(h.bias) > 1e6:
		return nil, errorf(84, "bias %g at byte 84 is not a usable compression bias (expected 100)", h.bias)
	}
	return h, nil
}

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
	labelSets  []labelSet
	ncases64   int64
	byteOrder  binary.ByteOrder
	end        int // byte offset just past the termination record
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
			d.end = p.pos
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
		d.veryLong = body
	case 16: // 64-bit case count: int64 1, int64 ncases
		if size == 8 && count == 2 {
			le.pos = 8
			d.ncases64 = le.i64()
		}
	case 20:
		d.encoding = string(bytes.TrimRight(body, " \x00"))
	case 21:
		d.longLabels = body
	case 22:
		d.longMiss = body
	}
	return nil
}

// build assembles the variables of f from the dictionary records.
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
			return errorf(0, "very long string record: width %q for variable %s is not a number from 256 to 32767", kv[1], kv[0])
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
	for _, ls := range d.labelSets {
		for _, s := range ls.slots {
			i, ok := bySlot[int(s)-1]
			if !ok {
				return errorf(ls.off, "value label record at byte %d names dictionary index %d, which is not the first slot of a variable", ls.off, s)
			}
			v := &f.Variables[i]
			for _, l := range ls.labels {
				vl := ValueLabel{Label: dec(l.label)}
				if v.Width == 0 {
					vl.Value = math.Float64frombits(d.order().Uint64(l.value[:]))
				} else {
					vl.Text = dec(bytes.TrimRight(l.value[:], " \x00"))
				}
				v.ValueLabels = append(v.ValueLabels, vl)
			}
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
			return nil, errorf(0, "unknown character encoding %q in the character encoding record", d.encoding)
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
		for _, m := range v.labels {
			if !utf8.Valid(m.label) {
				return false
			}
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
	off int
	sub int
}

func (r *lpReader) int32() (int, error) {
	if r.p.left() < 4 {
		return 0, errorf(0, "extension record subtype %d: truncated (expected a 4-byte length at byte %d of the record)", r.sub, r.p.pos)
	}
	return int(r.p.i32()), nil
}

func (r *lpReader) str(n int) ([]byte, error) {
	if n < 0 || n > r.p.left() {
		return nil, errorf(0, "extension record subtype %d: a field of %d bytes at byte %d of the record runs past its end (%d bytes)", r.sub, n, r.p.pos, len(r.p.b))
	}
	return r.p.bytes(n), nil
}

// readLongLabels reads the long string value labels record (subtype 21):
// per variable, its name, width, and (value, label) pairs of length-prefixed
// strings.
func (d *dict) readLongLabels(f *File, byName map[string]int, dec func([]byte) string) error {
	r := &lpReader{p: parser{b: d.longLabels, order: d.order()}, sub: 21}
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
			return errorf(0, "extension record subtype 21: %d labels for variable %s do not fit in the record", nl, dec(name))
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
	r := &lpReader{p: parser{b: d.longMiss, order: d.order()}, sub: 22}
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
