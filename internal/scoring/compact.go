package scoring

import (
	"math"

	"github.com/pssa-project/pssa/internal/dataset"
)

// A computed score is held in one of three forms (docs/architecture.md,
// "Speed and memory: the registry-sized path"):
//
//   - values: a float64 a row. Scores given in the file (the column
//     itself), and scores whose items are not whole numbers in a small
//     range.
//   - keys: a uint16 a row, into table. A score formed from whole-numbered
//     item responses depends on the row only through the sum of the
//     answered items and how many were answered; the key packs the two as
//     (sum − answered·base)·(k+1) + answered, k the scale's item count and
//     base the smallest scored response (keySpace), so that adding an item
//     adds a whole number to the key, and table[key] is the value
//     fillItems computes from that sum and count, to the bit. Key 0 is "no
//     item answered". A COPM mean over p rated problems is keyed the same
//     way, sum·(p+1) + count (fillMeanKeys).
//   - nib: a COPM rating column's own 4-bit codes (two rows a byte, see
//     dataset.Column.ResponseCodes), into a 16-entry table: a problem's
//     rating is its score, so the score takes no memory of its own.
//
// Each key or code also has its Ratio (the sum and count it packs), so
// exact changes need not read the items again.
//
// Keys take a quarter of the memory of float64 values (a registry's
// analysis holds a scale's scores at every time point, for two scales at a
// time), and reading them is a table lookup. The float64 form is the
// reference: TestCompactAsFloats and TestCompactRowCounts compare every
// value, prorated flag and ratio.

// compactScores is false in tests that compute the float64 form, to compare.
var compactScores = true

// rowsPerKey is the fewest rows a possible key for the keys form: its
// tables take about 30 bytes a key against 6 bytes a row saved, and a
// study-sized file (160 rows, a 40-item scale with 6 601 possible keys) is
// better off with float64 values (tests set it to 0 to reach the keys
// form on small files).
var rowsPerKey = 5

// Value returns row i's score (NaN when missing). The score must be
// computed.
func (s *Score) Value(i int) float64 {
	switch {
	case s.keys != nil:
		return s.table[s.keys[i]]
	case s.nib != nil:
		return s.table[s.nib[i>>1]>>(uint(i&1)<<2)&15]
	}
	return s.values[i]
}

// Has returns 1 when row i has a score, 0 when it is missing, for loops
// that count or skip without a branch.
func (s *Score) Has(i int) uint8 {
	switch {
	case s.keys != nil:
		return s.present[s.keys[i]]
	case s.nib != nil:
		return s.present[s.nib[i>>1]>>(uint(i&1)<<2)&15]
	}
	if v := s.values[i]; v == v {
		return 1
	}
	return 0
}

// ProratedAt reports whether row i's score was prorated from answered items
// (a sum scale with missing items).
func (s *Score) ProratedAt(i int) bool {
	switch {
	case s.keys != nil:
		return s.protab != nil && s.protab[s.keys[i]]
	case s.prorated != nil:
		return s.prorated[i]
	}
	return false
}

// Floats returns every row's score as float64 (NaN when missing): the
// score's own slice when it is held that way (not to be modified), else a
// new one.
func (s *Score) Floats() []float64 {
	if s.values != nil || !s.Computed() {
		return s.values
	}
	out := make([]float64, s.Rows())
	for i := range out {
		out[i] = s.Value(i)
	}
	return out
}

// Rows is the number of rows of a computed score.
func (s *Score) Rows() int {
	switch {
	case s.keys != nil:
		return len(s.keys)
	case s.nib != nil:
		return s.nrows
	}
	return len(s.values)
}

// Count returns the number of the given rows that have a score.
func (s *Score) Count(rows []int) int {
	n := 0
	switch {
	case s.keys != nil:
		// Without a branch on missing scores (a quarter of a registry's
		// rows, in no pattern the branch predictor can follow).
		keys, has := s.keys, s.present
		for _, i := range rows {
			n += int(has[keys[i]])
		}
	case s.nib != nil:
		nib, has := s.nib, s.present
		for _, i := range rows {
			n += int(has[nib[i>>1]>>(uint(i&1)<<2)&15])
		}
	default:
		for _, i := range rows {
			if v := s.values[i]; v == v {
				n++
			}
		}
	}
	return n
}

// Compactable reports whether Compute will hold the score in a compact
// form (keys or a rating column's codes) rather than float64 values, as
// far as the definition and the columns tell (a response outside the
// instrument's range, found while computing, still falls back): what the
// analysis's memory estimate needs before computing.
func (s *Score) Compactable() bool { return s.compactable }

// Picked returns the non-missing scores of the given rows, in their
// order, in a new slice of their exact length (nil when there are none).
func (s *Score) Picked(rows []int) []float64 {
	vals, _ := s.PickedInto(nil, rows)
	return vals
}

// PickedInto is Picked written into buf when it has room for one more than
// the scores, else into a new slice: vals are the scores (their capacity
// is their length), backing the slice written, for a caller that passes it
// again once it is done with the values.
func (s *Score) PickedInto(buf []float64, rows []int) (vals, backing []float64) {
	n := s.Count(rows)
	if n == 0 {
		return nil, buf
	}
	// One slot more, so that each row's value is written before it is
	// known to count (the next row's overwrites it if not): no branch.
	out := buf[:cap(buf)]
	if len(out) < n+1 {
		out = make([]float64, n+1)
	}
	j := 0
	switch {
	case s.keys != nil:
		keys, table, has := s.keys, s.table, s.present
		for _, i := range rows {
			k := keys[i]
			out[j] = table[k]
			j += int(has[k])
		}
	case s.nib != nil:
		nib, table, has := s.nib, s.table, s.present
		for _, i := range rows {
			c := nib[i>>1] >> (uint(i&1) << 2) & 15
			out[j] = table[c]
			j += int(has[c])
		}
	default:
		for _, i := range rows {
			if v := s.values[i]; v == v {
				out[j] = v
				j++
			}
		}
	}
	return out[:n:n], out
}

// presence is a table's present flags (1 where the value is not NaN).
func presence(table []float64) []uint8 {
	has := make([]uint8, len(table))
	for k, v := range table {
		if v == v {
			has[k] = 1
		}
	}
	return has
}

// AllMissing reports whether no row has a score.
func (s *Score) AllMissing() bool {
	switch {
	case s.keys != nil:
		return !s.anyScore
	case s.nib != nil:
		for i := range s.nrows {
			if !math.IsNaN(s.Value(i)) {
				return false
			}
		}
		return true
	}
	for _, x := range s.values {
		if !math.IsNaN(x) {
			return false
		}
	}
	return true
}

// maxKey is the largest key compact forms use: keys are uint16.
const maxKey = 1<<16 - 1

// keySpace is the keys form's layout for a scale formed from items: the
// smallest scored response (base), the key of one answered item more
// (stride, the item count + 1) and the number of possible keys; ok is false
// when the scale does not fit the form (items not whole numbers, more than
// 255 items, keys beyond maxKey).
func keySpace(s *Score) (base, stride int64, size int, ok bool) {
	def, sc := s.Def, s.Scale
	lo, hi := def.Min, def.Max
	k := len(sc.Items)
	if !compactScores || lo != math.Trunc(lo) || hi != math.Trunc(hi) || hi < lo || k == 0 || k > 255 ||
		math.Abs(lo) > 1<<20 || math.Abs(hi) > 1<<20 {
		return 0, 0, 0, false
	}
	ilo, ihi := int64(lo), int64(hi)
	// The keys' base and span: the instrument's range, widened to every
	// value a packed column's responses can take (its own range, which a
	// custom definition may set apart from the instrument's; codes beyond
	// it never occur, dataset.Column.ResponseRange).
	base, top := ilo, ihi
	for j, c := range s.Items {
		if c == nil {
			continue
		}
		if _, dec, ok := c.ResponseCodes(); ok {
			clo, chi, _ := c.ResponseRange()
			for _, r := range dec {
				if r != dataset.Missing8 && r >= clo && r <= chi {
					v := int64(r)
					if s.Reversed[j] {
						v = ilo + ihi - v
					}
					base, top = min(base, v), max(top, v)
				}
			}
		}
	}
	stride = int64(k) + 1
	if top-base > maxKey || int64(k)*(top-base)*stride+int64(k) > maxKey {
		return 0, 0, 0, false
	}
	return base, stride, int(int64(k)*(top-base)*stride+int64(k)) + 1, true
}

// fillKeys is fillItems in the keys form; false (nothing done) when the
// scale does not fit it: items not whole numbers, more than 255 items, keys
// beyond maxKey, or (an item stored one int8 a row) a response outside the
// instrument's range.
func fillKeys(s *Score, n int, maxMiss float64) bool {
	base, stride, size, ok := keySpace(s)
	if !ok || size*rowsPerKey > n {
		return false
	}
	def, sc := s.Def, s.Scale
	k := len(sc.Items)
	ilo, ihi := int64(def.Min), int64(def.Max)
	top := base + (int64(size)-1-int64(k))/(int64(k)*stride)
	scored := func(r int8, rev bool) int64 {
		if rev {
			return ilo + ihi - int64(r)
		}
		return int64(r)
	}
	keys := make([]uint16, n)
	// Written before the items are added into it (see fillItems).
	clear(keys)
	for j, c := range s.Items {
		if c == nil {
			continue
		}
		rev := s.Reversed[j]
		if codes, dec, ok := c.ResponseCodes(); ok {
			clo, chi, _ := c.ResponseRange()
			var inc [16]uint16
			for x, r := range dec {
				if r != dataset.Missing8 && r >= clo && r <= chi {
					inc[x] = uint16((scored(r, rev)-base)*stride + 1)
				}
			}
			addKeysPacked(keys, codes, &inc)
			continue
		}
		inRange := eachAnswer(c, n, func(i int, r int8) bool {
			v := scored(r, rev)
			if v < base || v > top {
				return false
			}
			keys[i] += uint16((v-base)*stride + 1)
			return true
		})
		if !inRange {
			return false
		}
	}
	// Each key's value as fillItems computes it: the float64 sum of whole
	// numbers is exact, then one division or the proration sum·k/a. Only
	// the keys that occur are filled in (a 40-item 1..5 scale has 6 601
	// possible keys; a file uses a few hundred): the rest of a table fresh
	// from the operating system is never written, so never faulted in (Go
	// clears a reused span in full, which the keys' size bound keeps small).
	count := make([]int32, size)
	clear(count) // counted into: written before it is read
	for _, key := range keys {
		count[key]++
	}
	table, protab, ratios, present := make([]float64, size), make([]bool, size), make([][2]int64, size), make([]uint8, size)
	kf := float64(k)
	s.NProrated, s.anyScore = 0, false
	for key, c := range count {
		if c == 0 {
			continue
		}
		a := int64(key) % stride
		af := float64(a)
		missing := kf - af
		if a == 0 || missing/kf > maxMiss+1e-12 {
			table[key] = math.NaN()
			continue
		}
		isum := int64(key)/stride + a*base
		sum := float64(isum)
		// Ratio as itemRatio gives it: sum/a for a mean, sum·k/a for a sum.
		if sc.Aggregate == "mean" {
			table[key], ratios[key] = sum/af, [2]int64{isum, a}
		} else {
			table[key], ratios[key] = sum*kf/af, [2]int64{isum * int64(k), a}
		}
		present[key], s.anyScore = 1, true
		if missing > 0 {
			protab[key] = true
			s.NProrated += int(c)
		}
	}
	s.keys, s.table, s.protab, s.ratios, s.present = keys, table, protab, ratios, present
	return true
}

// addKeysPacked adds one item's packed responses to the rows' keys: inc is
// each code's step (0 for missing).
func addKeysPacked(keys []uint16, codes []byte, inc *[16]uint16) {
	n := len(keys)
	codes = codes[:(n+1)/2]
	for b, x := range codes[:n/2] {
		if x == 0xFF {
			continue // two missing responses
		}
		keys[2*b] += inc[x&15]
		keys[2*b+1] += inc[x>>4]
	}
	if n&1 == 1 {
		keys[n-1] += inc[codes[n/2]&15]
	}
}

// fillRatingView makes a COPM problem's score a view of its packed rating
// column (the nib form); false when the column is not packed.
func fillRatingView(s *Score, c *dataset.Column, n int) bool {
	codes, dec, ok := c.ResponseCodes()
	if !compactScores || !ok {
		return false
	}
	table, ratios := make([]float64, 16), make([][2]int64, 16)
	for x, r := range dec {
		if r == dataset.Missing8 {
			table[x] = math.NaN()
		} else {
			table[x], ratios[x] = float64(r), [2]int64{int64(r), 1}
		}
	}
	s.nib, s.table, s.ratios, s.present, s.nrows = codes, table, ratios, presence(table), n
	return true
}

// meanKeySpace is the largest key of the COPM mean's keys form over the
// rated problems' columns; ok is false when a column is not packed, a
// rating can be negative or the keys would pass maxKey.
func meanKeySpace(rated []*dataset.Column) (top int64, ok bool) {
	if !compactScores || len(rated) == 0 || len(rated) > 255 {
		return 0, false
	}
	stride := int64(len(rated)) + 1
	for _, c := range rated {
		// The responses the column can hold (codes beyond never occur).
		clo, chi, packed := c.ResponseRange()
		if !packed || clo < 0 {
			return 0, false
		}
		top += int64(chi)*stride + 1
		if top > maxKey {
			return 0, false
		}
	}
	return top, true
}

// fillMeanKeys is the COPM mean over the rated problems in the keys form:
// key sum·(p+1) + count over p problems; false when a column is not packed
// or a rating is negative or the keys would pass maxKey.
func fillMeanKeys(s *Score, rated []*dataset.Column, n int) bool {
	top, ok := meanKeySpace(rated)
	if !ok || (top+1)*int64(rowsPerKey) > int64(n) {
		return false // see rowsPerKey
	}
	stride := int64(len(rated)) + 1
	incs := make([][16]uint16, len(rated))
	codes := make([][]byte, len(rated))
	for j, c := range rated {
		cs, dec, _ := c.ResponseCodes()
		clo, chi, _ := c.ResponseRange()
		for x, r := range dec {
			if r != dataset.Missing8 && r >= clo && r <= chi {
				incs[j][x] = uint16(int64(r)*stride + 1)
			}
		}
		codes[j] = cs
	}
	keys := make([]uint16, n)
	clear(keys)
	for j := range rated {
		addKeysPacked(keys, codes[j], &incs[j])
	}
	// As the float64 fill: the sum of whole ratings is exact, then divided
	// by their count (only the keys that occur, as fillKeys).
	size := int(top) + 1
	count := make([]int32, size)
	clear(count) // counted into: written before it is read
	for _, key := range keys {
		count[key]++
	}
	table, ratios, present := make([]float64, size), make([][2]int64, size), make([]uint8, size)
	s.anyScore = false
	for key, n := range count {
		if n == 0 {
			continue
		}
		c := int64(key) % stride
		if c == 0 {
			table[key] = math.NaN()
			continue
		}
		table[key], ratios[key] = float64(int64(key)/stride)/float64(c), [2]int64{int64(key) / stride, c}
		present[key], s.anyScore = 1, true
	}
	s.keys, s.table, s.ratios, s.present = keys, table, ratios, present
	return true
}
