package sav_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"strings"
)

// builder writes small system files for tests, benchmarks and fuzz seeds:
// numeric and short string variables, long names, an encoding record, and
// the cases uncompressed or bytecode-compressed, in either byte order. It
// follows the layout of the PSPP guide; the files PSPP and haven wrote
// (testdata/sav) check that both sides read it alike.
type builder struct {
	order    binary.ByteOrder
	compress bool
	vars     []bvar
	rows     [][]any // float64 (NaN: system-missing) or string
	unknown  bool    // write -1 (unknown) as the case count
	encoding string
}

type bvar struct {
	name    string // long name; the short name is derived
	width   int
	label   string
	missing []float64 // discrete numeric missing values
}

func (b *builder) short(i int) string { return fmt.Sprintf("V%d", i+1) }

func (b *builder) bytes() []byte {
	var w bytes.Buffer
	o := b.order
	i32 := func(v int32) { binary.Write(&w, o, v) }
	f64 := func(v float64) { binary.Write(&w, o, v) }
	pad := func(s string, n int) {
		w.WriteString(s)
		w.WriteString(strings.Repeat(" ", n-len(s)))
	}
	slots := 0
	for _, v := range b.vars {
		slots += max(1, (v.width+7)/8)
	}
	w.WriteString("$FL2")
	pad("@(#) SPSS DATA FILE pssa test builder", 60)
	i32(2)
	i32(int32(slots))
	if b.compress {
		i32(1)
	} else {
		i32(0)
	}
	i32(0)
	if b.unknown {
		i32(-1)
	} else {
		i32(int32(len(b.rows)))
	}
	f64(100)
	pad("01 Jan 25", 9)
	pad("12:00:00", 8)
	pad("", 64)
	w.Write([]byte{0, 0, 0})
	for i, v := range b.vars {
		i32(2)
		i32(int32(v.width))
		if v.label != "" {
			i32(1)
		} else {
			i32(0)
		}
		i32(int32(len(v.missing)))
		i32(0x050800)
		i32(0x050800)
		pad(b.short(i), 8)
		if v.label != "" {
			i32(int32(len(v.label)))
			w.WriteString(v.label)
			w.Write(make([]byte, (len(v.label)+3)/4*4-len(v.label)))
		}
		for _, m := range v.missing {
			f64(m)
		}
		for k := 1; k < (v.width+7)/8; k++ {
			i32(2)
			i32(-1)
			i32(0)
			i32(0)
			i32(0)
			i32(0)
			pad("", 8)
		}
	}
	var names []string
	for i, v := range b.vars {
		names = append(names, b.short(i)+"="+v.name)
	}
	ln := strings.Join(names, "\t")
	i32(7)
	i32(13)
	i32(1)
	i32(int32(len(ln)))
	w.WriteString(ln)
	if b.encoding != "" {
		i32(7)
		i32(20)
		i32(1)
		i32(int32(len(b.encoding)))
		w.WriteString(b.encoding)
	}
	i32(999)
	i32(0)

	// Cases.
	var units [][8]byte
	var codes []byte
	flush := func() {
		for len(codes) < 8 {
			codes = append(codes, 0)
		}
		w.Write(codes)
		for _, u := range units {
			w.Write(u[:])
		}
		codes, units = codes[:0], units[:0]
	}
	emit := func(code byte, raw *[8]byte) {
		if !b.compress {
			w.Write(raw[:])
			return
		}
		codes = append(codes, code)
		if code == 253 {
			units = append(units, *raw)
		}
		if len(codes) == 8 {
			flush()
		}
	}
	for _, row := range b.rows {
		for j, v := range b.vars {
			if v.width == 0 {
				x := row[j].(float64)
				var raw [8]byte
				if math.IsNaN(x) {
					o.PutUint64(raw[:], math.Float64bits(-math.MaxFloat64))
					emit(255, &raw)
					continue
				}
				o.PutUint64(raw[:], math.Float64bits(x))
				if x == math.Trunc(x) && x >= -99 && x <= 151 {
					emit(byte(x+100), &raw)
				} else {
					emit(253, &raw)
				}
				continue
			}
			s := row[j].(string)
			s += strings.Repeat(" ", (v.width+7)/8*8-len(s))
			for k := 0; k < len(s); k += 8 {
				var raw [8]byte
				copy(raw[:], s[k:k+8])
				if s[k:k+8] == "        " {
					emit(254, &raw)
				} else {
					emit(253, &raw)
				}
			}
		}
	}
	if b.compress {
		codes = append(codes, 252)
		flush()
	}
	return w.Bytes()
}
