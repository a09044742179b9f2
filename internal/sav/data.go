package sav

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"math"
)

// maxCells bounds the values a file may hold (cases × slots), so that a
// small hostile file (a zlib bomb, a run of end-less command bytes) cannot
// make Read allocate without limit: 2^28 slots are 2 GiB of values.
const maxCells = 1 << 28

// What a case's 8-byte slot holds.
const (
	slotNumeric = iota
	slotString
)

// caseReader yields the 8-byte units of the data: the slots of uncompressed
// data, or the command blocks and raw values of compressed data.
type caseReader interface {
	next8() ([]byte, bool, error)
	offset() int // for messages: byte offset of the next unit
}

// memUnits reads units from the file's bytes.
type memUnits struct {
	b   []byte
	pos int
}

func (m *memUnits) next8() ([]byte, bool, error) {
	if len(m.b)-m.pos < 8 {
		return nil, false, nil
	}
	u := m.b[m.pos : m.pos+8]
	m.pos += 8
	return u, true, nil
}

func (m *memUnits) offset() int { return m.pos }

// cases reads the data records into the variables of f.
//
// Long on purpose: the three encodings (none, bytecode, zlib) share one
// inner loop over the cases, kept in one function so the hot path makes no
// calls per value (the .sav reader must stay within 2× of the CSV loader).
func (p *parser) cases(f *File, d *dict, h *header) error {
	nslots := d.slots
	kinds := make([]uint8, nslots)
	slotVar := make([]int, nslots)
	var strVars []int // the string variables, whose values are assembled per case
	for i, v := range f.Variables {
		if v.Width > 0 {
			strVars = append(strVars, i)
		}
		for _, s := range v.segs {
			n := (s.bytes + 7) / 8
			if v.Width == 0 {
				n = 1
			}
			for k := 0; k < n; k++ {
				kinds[s.slot+k] = slotString
				slotVar[s.slot+k] = i
			}
		}
	}
	// Numbers go straight to their column: numCol[slot] for a numeric
	// variable's slot, nil for the others.
	numCol := make([]*[]float64, nslots)
	want := int64(-1)
	if h.ncases >= 0 {
		want = int64(h.ncases)
	} else if d.ncases64 >= 0 {
		want = d.ncases64
	}

	var src caseReader
	var dataBytes int
	// at names a position in the data for messages.
	at := func() string {
		if h.compression == 2 {
			return fmt.Sprintf("byte %d of the decompressed data", src.offset())
		}
		return fmt.Sprintf("byte %d", src.offset())
	}
	name := func(slot int) string { return f.Variables[slotVar[slot]].Name }
	switch h.compression {
	case 0, 1:
		src = &memUnits{b: p.b, pos: p.pos}
		dataBytes = p.left()
	case 2:
		z, n, err := p.zlibUnits()
		if err != nil {
			return err
		}
		src, dataBytes = z, n
	}
	// Capacity: never more cases than the data could hold.
	maxCases := int64(dataBytes) / 8 / int64(nslots)
	if h.compression != 0 {
		maxCases = int64(dataBytes) / int64(nslots) // a command byte per slot at best
	}
	if want >= 0 && want < maxCases {
		maxCases = want
	}
	// Reserve for the cases the data can hold, up to a point: beyond it
	// the columns grow as cases are read.
	maxCases = min(maxCases+1, maxCells/int64(nslots), 1<<20)
	for i := range f.Variables {
		v := &f.Variables[i]
		if v.Width == 0 {
			v.Numeric = make([]float64, 0, maxCases)
			numCol[v.segs[0].slot] = &v.Numeric
			kinds[v.segs[0].slot] = slotNumeric
		} else {
			v.Strings = make([]string, 0, maxCases)
		}
	}

	td, _ := d.decoder()
	o := p.order
	sysmis := math.Float64frombits(sysmisBits)
	altSysmis := sysmis
	if d.haveSysmis {
		altSysmis = d.sysmis
	}
	img := make([]byte, 8*nslots)
	var str []byte
	var cmdBuf [8]byte
	var cmd []byte // the current command block
	var ci int     // next command in cmd
	bias := h.bias
	nan := math.NaN()
	// num reads a stored number: the system-missing value becomes NaN.
	num := func(bits uint64) float64 {
		x := math.Float64frombits(bits)
		if x == sysmis || x == altSysmis || x != x {
			return nan
		}
		return x
	}
	// Strings repeat (group names, codes): short ones are shared.
	caches := make([]map[string]string, len(f.Variables))
	var spaces [8]byte
	copy(spaces[:], "        ")

	n := int64(0)
cases:
	for want < 0 || n < want {
		if n*int64(nslots) >= maxCells {
			return errorf(src.offset(), "the data hold more than %d values (%d cases of %d 8-byte slots, at %s); a file this large is not read", maxCells, n, nslots, at())
		}
		start := src.offset()
		if h.compression == 0 {
			for s := 0; s < nslots; s++ {
				u, ok, err := src.next8()
				if err != nil {
					return err
				}
				if !ok {
					if s == 0 {
						break cases
					}
					return errorf(src.offset(), "truncated .sav: case %d (from byte %d) ends at byte %d, before variable %s", n+1, start, len(p.b), name(s))
				}
				if kinds[s] == slotNumeric {
					col := numCol[s]
					*col = append(*col, num(o.Uint64(u)))
				} else {
					copy(img[8*s:], u)
				}
			}
		} else {
			for s := 0; s < nslots; {
				if ci == len(cmd) {
					u, ok, err := src.next8()
					if err != nil {
						return err
					}
					if !ok {
						if s == 0 {
							break cases
						}
						return errorf(src.offset(), "truncated .sav: the compressed data end at %s in the middle of case %d, before variable %s", at(), n+1, name(s))
					}
					copy(cmdBuf[:], u)
					cmd, ci = cmdBuf[:], 0
				}
				c := cmd[ci]
				ci++
				dst := img[8*s : 8*s+8]
				switch c {
				case 0:
					continue
				case 252:
					if s == 0 {
						break cases
					}
					return errorf(src.offset(), "the compressed data end (code 252) in the middle of case %d, before variable %s (near %s)", n+1, name(s), at())
				case 253:
					u, ok, err := src.next8()
					if err != nil {
						return err
					}
					if !ok {
						return errorf(src.offset(), "truncated .sav: the compressed data end at %s before the value of case %d, variable %s", at(), n+1, name(s))
					}
					if kinds[s] == slotNumeric {
						col := numCol[s]
						*col = append(*col, num(o.Uint64(u)))
					} else {
						copy(dst, u)
					}
				case 254:
					if kinds[s] == slotNumeric {
						return errorf(src.offset(), "corrupt compressed data near %s: code 254 (spaces) for numeric variable %s in case %d", at(), name(s), n+1)
					}
					copy(dst, spaces[:])
				case 255:
					if kinds[s] == slotString {
						return errorf(src.offset(), "corrupt compressed data near %s: code 255 (system-missing) for string variable %s in case %d", at(), name(s), n+1)
					}
					col := numCol[s]
					*col = append(*col, nan)
				default:
					if kinds[s] == slotString {
						// A number code in a string: SPSS 14 wrote
						// code-bias = 0 for 8 NUL bytes.
						if float64(c)-bias != 0 {
							return errorf(src.offset(), "corrupt compressed data near %s: number code %d for string variable %s in case %d", at(), c, name(s), n+1)
						}
						clear(dst)
					} else {
						col := numCol[s]
						*col = append(*col, float64(c)-bias)
					}
				}
				s++
			}
		}
		// Spread the case over the variables.
		for _, i := range strVars {
			v := &f.Variables[i]
			var b []byte
			if len(v.segs) == 1 {
				s := v.segs[0]
				b = img[8*s.slot : 8*s.slot+s.bytes]
			} else {
				str = str[:0]
				for _, s := range v.segs {
					str = append(str, img[8*s.slot:8*s.slot+s.bytes]...)
				}
				b = str[:min(len(str), v.Width)]
			}
			b = bytes.TrimRight(b, " \x00")
			if len(b) > 32 {
				v.Strings = append(v.Strings, td.String(b))
				continue
			}
			cache := caches[i]
			if cache == nil {
				cache = map[string]string{}
				caches[i] = cache
			}
			text, ok := cache[string(b)]
			if !ok {
				text = td.String(b)
				if len(cache) < 1024 {
					cache[string(b)] = text
				}
			}
			v.Strings = append(v.Strings, text)
		}
		n++
	}
	if want >= 0 && n < want {
		return errorf(src.offset(), "truncated .sav: the data end at %s after %d cases, but the header declares %d", at(), n, want)
	}
	f.Cases = int(n)
	return nil
}

// zlibUnits reads a .zsav's zlib data header and trailer and returns the
// decompressed bytecode stream, block by block, and its total size.
func (p *parser) zlibUnits() (*zUnits, int, error) {
	hdrOff := p.pos
	if err := p.need(24, "the zlib data header"); err != nil {
		return nil, 0, err
	}
	zheader := p.i64()
	ztrailer := p.i64()
	ztrailerLen := p.i64()
	size := int64(len(p.b))
	switch {
	case zheader != int64(hdrOff):
		return nil, 0, errorf(hdrOff, "zlib data header at byte %d gives its own offset as %d", hdrOff, zheader)
	case ztrailer < int64(p.pos) || ztrailer > size || ztrailerLen < 24 || ztrailerLen > size-ztrailer:
		return nil, 0, errorf(hdrOff+8, "truncated .sav: the zlib trailer (at byte %d, %d bytes) lies outside the file of %d bytes", ztrailer, ztrailerLen, size)
	}
	t := parser{b: p.b[ztrailer : ztrailer+ztrailerLen], order: p.order}
	t.i64() // bias
	t.i64() // zero
	blockSize := t.i32()
	nBlocks := t.i32()
	if nBlocks < 0 || int64(nBlocks)*24+24 != ztrailerLen {
		return nil, 0, errorf(int(ztrailer)+20, "zlib trailer at byte %d lists %d blocks, but its length is %d bytes (expected 24 + 24 per block)", ztrailer, nBlocks, ztrailerLen)
	}
	if blockSize <= 0 || blockSize > 1<<30 {
		return nil, 0, errorf(int(ztrailer)+16, "zlib trailer at byte %d gives block size %d", ztrailer, blockSize)
	}
	z := &zUnits{file: p.b}
	total := 0
	next := int64(p.pos)
	for i := int32(0); i < nBlocks; i++ {
		off := int(ztrailer) + 24 + 24*int(i)
		t.i64() // uncompressed offset
		cOff := t.i64()
		uSize := t.i32()
		cSize := t.i32()
		// Deflate expands at most 1032:1, so a block claiming more is
		// corrupt (and would make Read allocate for nothing).
		if cOff != next || cSize < 0 || int64(cSize) > ztrailer-cOff || uSize < 0 || uSize > blockSize || int64(uSize) > int64(cSize)*1032+64 {
			return nil, 0, errorf(off, "zlib block %d (described at byte %d): compressed at byte %d, %d bytes, %d uncompressed, does not fit between the zlib header and trailer", i+1, off, cOff, cSize, uSize)
		}
		next = cOff + int64(cSize)
		z.blocks = append(z.blocks, zBlock{off: int(cOff), size: int(cSize), usize: int(uSize)})
		total += int(uSize)
	}
	return z, total, nil
}

type zBlock struct{ off, size, usize int }

// zUnits decompresses one block at a time and hands out its 8-byte units.
type zUnits struct {
	file   []byte
	blocks []zBlock
	cur    int // index of the next block to decompress
	buf    []byte
	pos    int
	base   int // decompressed offset of buf[0]
	zr     io.ReadCloser
	carry  [8]byte
}

func (z *zUnits) offset() int { return z.base + z.pos }

func (z *zUnits) next8() ([]byte, bool, error) {
	if len(z.buf)-z.pos >= 8 {
		u := z.buf[z.pos : z.pos+8]
		z.pos += 8
		return u, true, nil
	}
	// Units may straddle blocks: keep what is left and decompress on.
	n := copy(z.carry[:], z.buf[z.pos:])
	for n < 8 {
		if z.cur == len(z.blocks) {
			return nil, false, nil
		}
		if err := z.fill(); err != nil {
			return nil, false, err
		}
		k := copy(z.carry[n:], z.buf)
		z.pos = k
		n += k
	}
	return z.carry[:], true, nil
}

// fill decompresses the next block into buf.
func (z *zUnits) fill() error {
	b := z.blocks[z.cur]
	z.cur++
	z.base += len(z.buf)
	src := bytes.NewReader(z.file[b.off : b.off+b.size])
	var err error
	if z.zr == nil {
		z.zr, err = zlib.NewReader(src)
	} else {
		err = z.zr.(zlib.Resetter).Reset(src, nil)
	}
	if err != nil {
		return errorf(b.off, "zlib block %d at byte %d: %v", z.cur, b.off, err)
	}
	if cap(z.buf) < b.usize {
		z.buf = make([]byte, b.usize)
	}
	z.buf = z.buf[:b.usize]
	if _, err := io.ReadFull(z.zr, z.buf); err != nil {
		return errorf(b.off, "zlib block %d at byte %d does not decompress to the %d bytes its trailer entry gives: %v", z.cur, b.off, b.usize, err)
	}
	var one [1]byte
	if k, _ := z.zr.Read(one[:]); k > 0 {
		return errorf(b.off, "zlib block %d at byte %d decompresses to more than the %d bytes its trailer entry gives", z.cur, b.off, b.usize)
	}
	z.pos = 0
	return nil
}
