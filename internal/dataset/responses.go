package dataset

import "slices"

// responses are an item column's answers (KindItem, KindRating). When the
// response range has at most 15 whole values (every instrument pssa ships:
// 0..3, 1..5, 1..7, 1..10, ...) they are packed two a byte, 4 bits each:
// the response minus the range's minimum, 15 when missing; a registry of
// 10^6 participants then holds 0.5 MB an item column instead of 1 MB.
// Other ranges keep one int8 each (Missing8 when missing).
//
// The parser appends one int8 a cell to i8 whatever the storage (as cheap
// as it gets) and settles each batch of rows: a packed column's staged
// responses are then packed into nib, two at a time.
type responses struct {
	packed bool
	n      int        // rows settled
	nib    []byte     // packed: row i in the low (even i) or high (odd i) half of nib[i/2]
	i8     []int8     // not packed: the responses; packed: those not yet settled
	dec    [16]int8   // packed: a 4-bit code's response (Missing8 for 15)
	enc    *[256]byte // packed: a response's code, by its byte
}

// packResponses decides an item column's storage from its response range.
func (c *Column) packResponses() {
	if c.inst == nil || (c.Kind != KindItem && c.Kind != KindRating) {
		return
	}
	lo, hi := c.inst.Min, c.inst.Max
	if lo != float64(int8(lo)) || hi != float64(int8(hi)) || hi-lo > 14 || lo == float64(Missing8) {
		return
	}
	r := &c.resp
	r.packed = true
	r.enc = new([256]byte)
	for k := range r.dec {
		r.dec[k] = int8(lo) + int8(k)
		r.enc[uint8(r.dec[k])] = byte(k)
	}
	r.dec[15] = Missing8
	r.enc[0x80] = 15 // Missing8's byte
}

// addValue stages a response that is not missing: a whole number within
// the column's response range (parseCell checks it).
func (c *Column) addValue(v int8) { c.resp.i8 = append(c.resp.i8, v) }

// addMissing stages a missing response.
func (c *Column) addMissing() { c.resp.i8 = append(c.resp.i8, Missing8) }

// settle makes the staged responses readable: packs them into a packed
// column (two a byte), counts them in an int8 one.
func (r *responses) settle() {
	if !r.packed {
		r.n = len(r.i8)
		return
	}
	vs := r.i8
	if len(vs) == 0 {
		return
	}
	enc := r.enc
	if r.n&1 == 1 {
		r.nib[len(r.nib)-1] |= enc[uint8(vs[0])] << 4
		vs = vs[1:]
	}
	old := len(r.nib)
	r.nib = slices.Grow(r.nib, (len(vs)+1)/2)[:old+(len(vs)+1)/2]
	dst := r.nib[old : old+len(vs)/2]
	pairs := vs[:2*len(dst)]
	for k := range dst {
		dst[k] = enc[uint8(pairs[2*k])] | enc[uint8(pairs[2*k+1])]<<4
	}
	if len(vs)&1 == 1 {
		r.nib[len(r.nib)-1] = enc[uint8(vs[len(vs)-1])]
	}
	r.n += len(r.i8)
	r.i8 = r.i8[:0]
}

func (r *responses) reset() {
	r.n, r.nib, r.i8 = 0, r.nib[:0], r.i8[:0]
}

// grow makes room for n more rows. The columns of a large file are
// allocated whole pages each: each starts 64·(col mod 64) bytes into its
// allocation, so that the same row of many columns (a scale's items, read
// row by row by ItemRow and Ratio) falls on different cache sets rather
// than all on one (on the benchmarks of internal/scoring at 200,000 rows,
// ItemRow and Ratio take a third less time).
func (r *responses) grow(n, col int) {
	if r.packed {
		if need := (r.n+n+1)/2 - len(r.nib); cap(r.nib)-len(r.nib) < need {
			off := colOffset(col, need)
			nib := make([]byte, off+len(r.nib), off+len(r.nib)+need)[off:]
			copy(nib, r.nib)
			r.nib = nib
		}
		return
	}
	if cap(r.i8)-len(r.i8) < n {
		off := colOffset(col, n)
		i8 := make([]int8, off+len(r.i8), off+len(r.i8)+n)[off:]
		copy(i8, r.i8)
		r.i8 = i8
	}
}

// HasResponses says whether the column holds item responses (KindItem or
// KindRating: read them with Response or Responses).
func (c *Column) HasResponses() bool { return c.Kind == KindItem || c.Kind == KindRating }

// Len returns the number of values the column holds.
func (c *Column) Len() int { return c.resp.n + len(c.Float) + c.Text.Len() }

// Response returns row i's response, Missing8 when missing.
func (c *Column) Response(i int) int8 {
	r := &c.resp
	if r.packed {
		return r.dec[r.nib[i>>1]>>(uint(i&1)<<2)&15]
	}
	return r.i8[i]
}

// ReleaseResponses frees an item or rating column's responses, for a
// caller that will not read them again (pssa analyze, once every score
// formed from the column is done with it: scoring.ItemRelease). Reading
// them afterwards panics; the column keeps its name, kind and range.
func (c *Column) ReleaseResponses() { c.resp.nib, c.resp.i8 = nil, nil }

// Responses fills dst with the responses of rows lo, lo+1, ...,
// lo+len(dst)−1 (Missing8 where missing): for loops over many rows of one
// column.
func (c *Column) Responses(dst []int8, lo int) {
	r := &c.resp
	if !r.packed {
		copy(dst, r.i8[lo:lo+len(dst)])
		return
	}
	if len(dst) == 0 {
		return
	}
	_ = r.nib[(lo+len(dst)-1)>>1] // one bounds check
	k := 0
	if lo&1 == 1 {
		dst[0] = r.dec[r.nib[lo>>1]>>4]
		k, lo = 1, lo+1
	}
	b := r.nib[lo>>1:]
	for ; k+1 < len(dst); k += 2 {
		x := b[0]
		dst[k], dst[k+1] = r.dec[x&15], r.dec[x>>4]
		b = b[1:]
	}
	if k < len(dst) {
		dst[k] = r.dec[b[0]&15]
	}
}

// ResponseCodes returns, for a packed column, its 4-bit codes (row i in
// the low half of byte i/2 when i is even, the high half when odd) and
// the response of each code (Missing8 for 15); ok is false when the column
// is stored one int8 a row (use Response or Responses).
func (c *Column) ResponseCodes() (codes []byte, dec *[16]int8, ok bool) {
	r := &c.resp
	if !r.packed {
		return nil, nil, false
	}
	return r.nib, &r.dec, true
}

// colOffset is where column col's allocation of n more bytes starts (see
// grow): 64·(col mod 64) bytes in when the allocation spans pages, at the
// start when it is smaller than a page, where the offset would only waste
// memory (up to 4 KiB a column: a megabyte, faulted in, on a study-sized
// file of 500 item columns).
func colOffset(col, n int) int {
	if n < 4096 {
		return 0
	}
	return col % 64 * 64
}

// ResponseRange returns the responses a packed column can hold: every one
// stored is within lo..hi (parseCell checks the range before addValue), so
// of its sixteen codes only those standing for lo..hi (and 15, missing)
// occur. ok is false for a column stored one int8 a row.
func (c *Column) ResponseRange() (lo, hi int8, ok bool) {
	if !c.resp.packed {
		return 0, 0, false
	}
	return int8(c.inst.Min), int8(c.inst.Max), true
}
