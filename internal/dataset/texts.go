package dataset

import "sort"

// Texts is a column of strings stored end to end in one byte slice: no
// pointer a string, so a million ids or pass-through cells cost the garbage
// collector nothing to scan and take the bytes they hold plus 4 a value.
type Texts struct {
	buf []byte
	// ends holds each value's end in buf modulo 2^wrapBits; wraps, for
	// each further multiple of 2^wrapBits, the first value whose end
	// reaches it (none below 4 GiB of text).
	ends  []uint32
	wraps []int
}

// wrapBits is 32 (a variable so that a test can wrap small texts).
var wrapBits = 32

// Append adds a value.
func (t *Texts) Append(b []byte) {
	t.buf = append(t.buf, b...)
	for len(t.buf)>>wrapBits > len(t.wraps) {
		t.wraps = append(t.wraps, len(t.ends))
	}
	t.ends = append(t.ends, uint32(len(t.buf)&(1<<wrapBits-1)))
}

// Len returns the number of values.
func (t *Texts) Len() int { return len(t.ends) }

// Bytes returns value i without copying (do not modify it).
func (t *Texts) Bytes(i int) []byte {
	if len(t.wraps) > 0 {
		return t.buf[t.end(i-1):t.end(i)]
	}
	start := 0
	if i > 0 {
		start = int(t.ends[i-1])
	}
	return t.buf[start:t.ends[i]]
}

// end is value i's end in buf (0 for i = −1).
func (t *Texts) end(i int) int {
	if i < 0 {
		return 0
	}
	k := sort.Search(len(t.wraps), func(k int) bool { return t.wraps[k] > i })
	return int(t.ends[i]) + k<<wrapBits
}

// At returns value i.
func (t *Texts) At(i int) string { return string(t.Bytes(i)) }

func (t *Texts) reset() { t.buf, t.ends, t.wraps = t.buf[:0], t.ends[:0], nil }

func (t *Texts) grow(n, avgBytes int) {
	if cap(t.ends)-len(t.ends) < n {
		ends := make([]uint32, len(t.ends), len(t.ends)+n)
		copy(ends, t.ends)
		t.ends = ends
	}
	if need := n * avgBytes; cap(t.buf)-len(t.buf) < need {
		buf := make([]byte, len(t.buf), len(t.buf)+need)
		copy(buf, t.buf)
		t.buf = buf
	}
}
