package sav

import (
	"encoding/binary"
	"io"
	"math"
	"strings"
)

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
	if !IsSystemFile(p.b) {
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

// IsSystemFile reports whether head, the first bytes of a file, begin like
// an SPSS system file ("$FL2", or "$FL3" for a .zsav), whatever the file's
// name says.
func IsSystemFile(head []byte) bool {
	return len(head) >= 4 && (string(head[:4]) == "$FL2" || string(head[:4]) == "$FL3")
}
