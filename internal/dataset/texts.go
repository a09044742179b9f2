package dataset

// Texts is a column of strings stored end to end in one byte slice: no
// pointer a string, so a million ids or pass-through cells cost the garbage
// collector nothing to scan and take the bytes they hold plus 8 a value.
type Texts struct {
	buf  []byte
	ends []int
}

// Append adds a value.
func (t *Texts) Append(b []byte) {
	t.buf = append(t.buf, b...)
	t.ends = append(t.ends, len(t.buf))
}

// Len returns the number of values.
func (t *Texts) Len() int { return len(t.ends) }

// Bytes returns value i without copying (do not modify it).
func (t *Texts) Bytes(i int) []byte {
	start := 0
	if i > 0 {
		start = t.ends[i-1]
	}
	return t.buf[start:t.ends[i]]
}

// At returns value i.
func (t *Texts) At(i int) string { return string(t.Bytes(i)) }

func (t *Texts) grow(n, avgBytes int) {
	if cap(t.ends)-len(t.ends) < n {
		ends := make([]int, len(t.ends), len(t.ends)+n)
		copy(ends, t.ends)
		t.ends = ends
	}
	if need := n * avgBytes; cap(t.buf)-len(t.buf) < need {
		buf := make([]byte, len(t.buf), len(t.buf)+need)
		copy(buf, t.buf)
		t.buf = buf
	}
}
