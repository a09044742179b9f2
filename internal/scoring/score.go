package scoring

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/pssa-project/pssa/instruments"
	"github.com/pssa-project/pssa/internal/dataset"
)

// Score is one scale of one instrument at one time point, for every row of
// the dataset.
type Score struct {
	Def       *instruments.Definition
	Scale     *instruments.Scale // for COPM per-problem scores, a synthesised scale
	Code      string             // scale code: TOTAL, AU, PERF, PERF_FINDWORK, ...
	Time      string
	TimeIndex int
	// The values (NaN when missing) are read with Value, Pick and Floats:
	// computed (Compute), they are held in one of the forms in compact.go.
	values   []float64
	keys     []uint16   // or: a key a row, into table
	nib      []byte     // or: a rating column's own 4-bit codes, into table
	table    []float64  // the value of each key or code
	prorated []bool     // values: true where missing items were prorated
	protab   []bool     // keys: true for the keys of prorated scores
	ratios   [][2]int64 // keys and nib: each key's or code's Ratio
	present  []uint8    // keys and nib: 1 for the keys or codes of a score, 0 for missing
	anyScore bool       // keys: some row has a score
	// compactable: Compute will hold it in a compact form (Compactable).
	compactable bool
	nrows       int // nib: the number of rows
	NProrated   int
	// FromItems is false when the score was given pre-scored in the file.
	FromItems bool
	// Items are the item columns the score was formed from (scale order),
	// with Reversed[i] saying whether item i was reversed; nil when given.
	Items    []*dataset.Column
	Reversed []bool
	// Warnings holds the rows where a given pre-scored column disagrees
	// with the items, found by the last Compute.
	Warnings []dataset.Problem
	// NDisagree is the number of rows where the given pre-scored column
	// disagrees with the items, found by the last Compute (Warnings shows
	// the first ShownDisagreements of them).
	NDisagree int

	// fill computes the values (nil for scores given in the file, whose values
	// are the column itself).
	fill func(*Score)
	// ratio is Ratio's computation (nil for scores given in the file).
	ratio func(i int) (num, den int64, ok bool)
	// packed reads the items for ItemRow and Ratio when they are packed
	// (a COPM score's: its rating columns, for Ratio).
	packed packedItems
	// cols are the response columns the score is formed from (its items
	// that are there; a COPM score's rating columns), for ItemRelease.
	cols []*dataset.Column
}

// Ratio returns row i's score as a ratio of whole numbers, num/den with
// den > 0, for scores formed from item responses: a sum is sum/1, a prorated
// sum sum·k/answered, a mean sum/answered, a COPM score the sum of the
// ratings over their count. Value(i) is num/den rounded once. ok is false
// when the score is missing there or was given pre-scored in the file (its
// value is then only the number written), or not computed. Differences of such scores are
// exact as (num₁·den₂ − num₂·den₁)/(den₁·den₂), so ties among them do not
// depend on floating-point noise.
func (s *Score) Ratio(i int) (num, den int64, ok bool) {
	if s.ratio == nil || !s.Computed() || math.IsNaN(s.Value(i)) {
		return 0, 0, false
	}
	if s.ratios != nil {
		// The compact forms know each key's sum and count (compact.go).
		var r [2]int64
		if s.keys != nil {
			r = s.ratios[s.keys[i]]
		} else {
			r = s.ratios[s.nib[i>>1]>>(uint(i&1)<<2)&15]
		}
		return r[0], r[1], true
	}
	return s.ratio(i)
}

// HasRatio reports whether the score has ratios of whole numbers (Ratio can
// be ok): formed from item responses with whole-numbered limits.
func (s *Score) HasRatio() bool { return s.ratio != nil }

// itemRatio is Ratio for a scale formed from item responses.
func itemRatio(s *Score) func(i int) (int64, int64, bool) {
	lo, hi := s.Def.Min, s.Def.Max
	if lo != math.Trunc(lo) || hi != math.Trunc(hi) {
		return nil // reversed responses would not be whole numbers
	}
	k := int64(len(s.Scale.Items))
	result := func(sum, a int64) (int64, int64, bool) {
		switch {
		case a == 0:
			return 0, 0, false
		case s.Scale.Aggregate == "mean":
			return sum, a, true
		}
		return sum * k, a, true
	}
	// s.packed is read at each call, not captured: ItemRelease drops it.
	return func(i int) (int64, int64, bool) {
		var sum, a int64
		if p := s.packed; p != nil {
			b, shift := i>>1, uint(i&1)<<2
			for j := range p {
				it := &p[j]
				x := it.codes[b] >> shift & 15
				if x == 15 {
					continue
				}
				sum += it.value[x]
				a++
			}
			return result(sum, a)
		}
		for j, c := range s.Items {
			if c == nil {
				continue
			}
			r := c.Response(i)
			if r == dataset.Missing8 {
				continue
			}
			v := int64(r)
			if s.Reversed[j] {
				v = int64(lo+hi) - v
			}
			sum += v
			a++
		}
		return result(sum, a)
	}
}

// packedItems are a score's item columns when every one is there and packed
// (dataset.Column.ResponseCodes), read by ItemRow and Ratio with one table
// lookup an item: each item's 4-bit codes (15: missing), and for each code
// the response with the reverse key applied, shifted to start at 0
// (ItemRow) and not shifted (Ratio), side by side in memory.
type packedItems []packedItem

type packedItem struct {
	codes   []byte
	shifted [16]uint32
	value   [16]int64
}

// packColumns is packedItems for columns read as they are (COPM ratings:
// no reverse keys; shifted is left empty), or nil when one is not packed.
func packColumns(cols []*dataset.Column) packedItems {
	var p packedItems
	for _, c := range cols {
		codes, dec, ok := c.ResponseCodes()
		if !ok {
			return nil
		}
		var val [16]int64
		for x, r := range dec[:15] {
			val[x] = int64(r)
		}
		p = append(p, packedItem{codes: codes, value: val})
	}
	return p
}

// packItems returns s's packedItems, or nil when an item column is absent
// or not packed, or the range is not whole numbers.
func packItems(s *Score) packedItems {
	lo, hi := s.Def.Min, s.Def.Max
	if lo != math.Trunc(lo) || hi != math.Trunc(hi) {
		return nil
	}
	p := make(packedItems, 0, len(s.Items))
	for j, c := range s.Items {
		if c == nil {
			return nil
		}
		codes, dec, ok := c.ResponseCodes()
		if !ok {
			return nil
		}
		var sh [16]uint32
		var val [16]int64
		for x, r := range dec[:15] {
			v := int(r)
			if s.Reversed[j] {
				v = int(lo) + int(hi) - v
			}
			sh[x], val[x] = uint32(v-int(lo)), int64(v)
		}
		p = append(p, packedItem{codes: codes, shifted: sh, value: val})
	}
	return p
}

// Compute computes the values if they are not there. Scores from
// ScoreDataset are computed; those from ScoreLazy are computed on demand,
// so that a registry-sized file never holds every score at once.
func (s *Score) Compute() {
	if !s.Computed() && s.fill != nil {
		s.fill(s)
	}
}

// Computed reports whether the values are there (Compute).
func (s *Score) Computed() bool { return s.values != nil || s.keys != nil || s.nib != nil }

// Release drops computed values (a later Compute recomputes them).
func (s *Score) Release() {
	if s.fill != nil {
		s.values, s.keys, s.nib, s.table, s.prorated, s.protab, s.ratios, s.present, s.Warnings = nil, nil, nil, nil, nil, nil, nil, nil, nil
		s.anyScore = false
	}
}

// Name is the column name of the score in the scored file: SSQ_TOTAL_T1.
func (s *Score) Name() string { return s.Def.Code + "_" + s.Code + "_" + s.Time }

// ItemRow fills dst (one entry per item, scale order) with row i's scored
// responses shifted to start at 0 (reverse keys applied: response − min,
// or max − response when reversed), and reports whether every item was
// answered. Shifting keeps covariances and lets them be summed exactly in
// integers. It is false for scores given pre-scored (no items).
func (s *Score) ItemRow(i int, dst []uint32) bool {
	if s.Items == nil {
		return false
	}
	if p := s.packed; p != nil {
		// Even rows in the low halves, odd ones in the high: one loop
		// each, without a variable shift.
		b := i >> 1
		dst = dst[:len(p)]
		if i&1 == 0 {
			for j := range p {
				it := &p[j]
				x := it.codes[b] & 15
				if x == 15 {
					return false
				}
				dst[j] = it.shifted[x]
			}
			return true
		}
		for j := range p {
			it := &p[j]
			x := it.codes[b] >> 4
			if x == 15 {
				return false
			}
			dst[j] = it.shifted[x]
		}
		return true
	}
	lo, hi := int(s.Def.Min), int(s.Def.Max)
	for j, c := range s.Items {
		if c == nil {
			return false
		}
		r := c.Response(i)
		if r == dataset.Missing8 {
			return false
		}
		v := int(r)
		if s.Reversed[j] {
			v = lo + hi - v
		}
		dst[j] = uint32(v - lo)
	}
	return true
}

// Scores holds every score computed from a dataset.
type Scores struct {
	Data   *dataset.Dataset
	Scores []*Score // by instrument (registry order), time, then scale (definition order)
}

// Find returns the score of an instrument's scale at a time, or nil.
func (s *Scores) Find(code, scale, time string) *Score {
	for _, sc := range s.Scores {
		if sc.Def.Code == code && sc.Code == scale && sc.Time == time {
			return sc
		}
	}
	return nil
}

// ScoreDataset scores every instrument found in the dataset. Warnings (a
// pre-scored total that disagrees with its items, item columns absent at a
// time point) are added to the dataset's problems.
func ScoreDataset(ds *dataset.Dataset, reg *instruments.Registry) *Scores {
	sc := ScoreLazy(ds, reg)
	for _, s := range sc.Scores {
		s.Compute()
		for _, w := range s.Warnings {
			ds.AddProblem(w)
		}
	}
	return sc
}

// ScoreLazy is ScoreDataset with every score left to compute on demand
// (Score.Compute); header-level warnings are added to the dataset at once,
// row-level ones are collected in each Score's Warnings when it is computed.
func ScoreLazy(ds *dataset.Dataset, reg *instruments.Registry) *Scores {
	type key struct {
		code string
		time int
	}
	groups := map[key][]*dataset.Column{}
	var keys []key
	for _, c := range ds.Columns {
		if c.Kind == dataset.KindExtra {
			continue
		}
		k := key{c.Instrument, c.TimeIndex}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], c)
	}
	sort.SliceStable(keys, func(a, b int) bool {
		ia, ib := reg.Index(keys[a].code), reg.Index(keys[b].code)
		if ia != ib {
			return ia < ib
		}
		return keys[a].time < keys[b].time
	})
	out := &Scores{Data: ds}
	for _, k := range keys {
		def, _ := reg.Active(k.code)
		cols := groups[k]
		if def.IsCOPM() {
			out.Scores = append(out.Scores, scoreCOPM(ds, def, cols)...)
		} else {
			out.Scores = append(out.Scores, scoreItems(ds, def, cols)...)
		}
	}
	return out
}

func timeLabel(cols []*dataset.Column) (string, int) { return cols[0].Time, cols[0].TimeIndex }

func scoreItems(ds *dataset.Dataset, def *instruments.Definition, cols []*dataset.Column) []*Score {
	time, ti := timeLabel(cols)
	items := map[int]*dataset.Column{}
	given := map[string]*dataset.Column{}
	for _, c := range cols {
		switch c.Kind {
		case dataset.KindItem:
			items[c.Item] = c
		case dataset.KindScale:
			given[c.Scale] = c
		}
	}
	n := ds.Rows()
	var out []*Score
	if len(items) == 0 {
		for i := range def.Scales {
			sc := &def.Scales[i]
			c, ok := given[sc.Code]
			if !ok {
				continue
			}
			out = append(out, &Score{Def: def, Scale: sc, Code: sc.Code, Time: time, TimeIndex: ti, values: c.Float})
		}
		return out
	}
	var absent []int
	for i := 1; i <= def.Items; i++ {
		if items[i] == nil {
			absent = append(absent, i)
		}
	}
	if len(absent) > 0 {
		ds.AddProblem(dataset.Problem{Line: 1, Warning: true, Message: fmt.Sprintf(
			"%s at %s: no column for item(s) %s; those responses count as missing (scales with more than %g%% of their items missing are left missing)",
			def.Label(), time, instruments.ItemList(absent), 100*def.MissingFraction())})
	}
	maxMiss := def.MissingFraction()
	for si := range def.Scales {
		sc := &def.Scales[si]
		rev := def.ReverseSet(sc)
		s := &Score{Def: def, Scale: sc, Code: sc.Code, Time: time, TimeIndex: ti, FromItems: true}
		for _, it := range sc.Items {
			s.Items = append(s.Items, items[it])
			s.Reversed = append(s.Reversed, rev[it])
		}
		for _, c := range s.Items {
			if c != nil {
				s.cols = append(s.cols, c)
			}
		}
		given := given[sc.Code]
		s.packed = packItems(s)
		s.ratio = itemRatio(s)
		if _, _, size, ok := keySpace(s); ok && size*rowsPerKey <= n {
			s.compactable = true
		}
		s.fill = func(s *Score) {
			if !fillKeys(s, n, maxMiss) {
				fillItems(s, n, maxMiss)
			}
			if given != nil {
				compareGiven(ds, s, given)
			}
		}
		out = append(out, s)
	}
	return out
}

// fillItems forms a scale score from its items: reverse keys applied, sum
// (prorated: mean of the answered items times the item count) or mean, and
// missing when more than maxMiss of the items are missing.
func fillItems(s *Score, n int, maxMiss float64) {
	def, sc := s.Def, s.Scale
	s.values, s.prorated, s.NProrated = make([]float64, n), make([]bool, n), 0
	answered := make([]uint16, n)
	// Written before the items are added into them: memory fresh from the
	// operating system that is read first maps the shared zero page, and
	// the write after it costs a second fault and a TLB flush on every
	// core (perf on a study-sized run: 1% of the whole run in addPacked).
	clear(s.values)
	clear(answered)
	lo, hi := def.Min, def.Max
	// Column by column (each item's responses lie together in memory); the
	// per-row sums add the items in scale order, as a row-by-row loop would.
	for j, c := range s.Items {
		if c == nil {
			continue
		}
		rev := s.Reversed[j]
		if codes, dec, ok := c.ResponseCodes(); ok {
			addPacked(s.values[:n], answered[:n], codes, dec, rev, lo, hi)
			continue
		}
		eachAnswer(c, n, func(i int, r int8) bool {
			v := float64(r)
			if rev {
				v = lo + hi - v
			}
			s.values[i] += v
			answered[i]++
			return true
		})
	}
	k := float64(len(sc.Items))
	for i := range s.values {
		a := float64(answered[i])
		missing := k - a
		switch {
		case a == 0 || missing/k > maxMiss+1e-12:
			s.values[i] = math.NaN()
			continue
		case sc.Aggregate == "mean":
			s.values[i] /= a
		default:
			// Prorated sum: mean of the answered items times the item count,
			// as sum·k/a (one rounding: equal ratios give equal values).
			s.values[i] = s.values[i] * k / a
		}
		if missing > 0 {
			s.prorated[i] = true
			s.NProrated++
		}
	}
}

// eachAnswer calls f(row, response) for the answered rows of a column
// stored one int8 a row, in row order, reading a block of rows at a time;
// false as soon as f is.
func eachAnswer(c *dataset.Column, n int, f func(i int, r int8) bool) bool {
	var buf [2048]int8
	for from := 0; from < n; from += len(buf) {
		rs := buf[:min(len(buf), n-from)]
		c.Responses(rs, from)
		for k, r := range rs {
			if r != dataset.Missing8 && !f(from+k, r) {
				return false
			}
		}
	}
	return true
}

// addPacked adds one item's packed responses (two rows a byte, see
// dataset.Column.ResponseCodes) to the rows' sums and answered counts:
// each code's value and count come from a table, a missing response
// adding 0 to the sum (which leaves it unchanged, as skipping it would)
// and 0 to the count.
func addPacked(vals []float64, answered []uint16, codes []byte, dec *[16]int8, rev bool, lo, hi float64) {
	var val [16]float64
	var inc [16]uint16
	for k, r := range dec {
		if r == dataset.Missing8 {
			continue
		}
		v := float64(r)
		if rev {
			v = lo + hi - v
		}
		val[k], inc[k] = v, 1
	}
	n := len(vals)
	codes = codes[:(n+1)/2]
	for b, x := range codes[:n/2] {
		if x == 0xFF {
			continue // two missing responses (sparse columns: waves not reached)
		}
		i := 2 * b
		vals[i] += val[x&15]
		answered[i] += inc[x&15]
		vals[i+1] += val[x>>4]
		answered[i+1] += inc[x>>4]
	}
	if n&1 == 1 {
		x := codes[n/2]
		vals[n-1] += val[x&15]
		answered[n-1] += inc[x&15]
	}
}

// compareGiven warns, row by row, where a pre-scored column disagrees with
// the score formed from the items (the items win).
func compareGiven(ds *dataset.Dataset, s *Score, c *dataset.Column) {
	const show = ShownDisagreements
	bad := 0
	s.Warnings = nil
	defer func() { s.NDisagree = bad }()
	for i, g := range c.Float {
		v := s.Value(i)
		if math.IsNaN(g) || math.IsNaN(v) || math.Abs(g-v) <= 1e-6*math.Max(1, math.Abs(g)) {
			continue
		}
		bad++
		if bad <= show {
			s.Warnings = append(s.Warnings, ds.Locate(dataset.Problem{File: ds.File, Line: ds.Line(i), Column: c.Name, Warning: true, Message: fmt.Sprintf(
				"given %s %s is %g but the items score %s (the items are used)", s.Def.Code, s.Code, g, fmtNum(v))}))
		}
	}
	if bad > show {
		s.Warnings = append(s.Warnings, MoreDisagreements(ds.File, c.Name, bad-show))
	}
}

// ShownDisagreements is how many rows where a given score disagrees with
// its items are warned about one by one.
const ShownDisagreements = 5

// MoreDisagreements is the warning after the first ShownDisagreements: n
// more rows of the given column disagree with the items.
func MoreDisagreements(file, column string, n int) dataset.Problem {
	return dataset.Problem{File: file, Column: column, Warning: true, Message: fmt.Sprintf(
		"%d more rows where the given score disagrees with the items", n)}
}

func fmtNum(v float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.4f", v), "0"), ".")
}

// scoreCOPM scores the COPM: performance and satisfaction per problem and
// their means over the problems rated, at each time point.
//
// Long because it gathers the ratings by problem and time, then builds
// each score with its fill function and the given-score checks.
func scoreCOPM(ds *dataset.Dataset, def *instruments.Definition, cols []*dataset.Column) []*Score {
	time, ti := timeLabel(cols)
	n := ds.Rows()
	var problems []string
	ratings := map[string]map[string]*dataset.Column{"PERF": {}, "SAT": {}}
	given := map[string]*dataset.Column{}
	for _, c := range cols {
		switch c.Kind {
		case dataset.KindRating:
			if _, ok := ratings["PERF"][c.Problem]; !ok {
				if _, ok2 := ratings["SAT"][c.Problem]; !ok2 {
					problems = append(problems, c.Problem)
				}
			}
			ratings[c.Scale][c.Problem] = c
		case dataset.KindScale:
			given[c.Scale] = c
		}
	}
	var out []*Score
	if len(problems) == 0 {
		for i := range def.Scales {
			sc := &def.Scales[i]
			if c, ok := given[sc.Code]; ok {
				out = append(out, &Score{Def: def, Scale: sc, Code: sc.Code, Time: time, TimeIndex: ti, values: c.Float})
			}
		}
		return out
	}
	if def.MaxProblems > 0 && len(problems) > def.MaxProblems {
		ds.AddProblem(dataset.Problem{Line: 1, Warning: true, Message: fmt.Sprintf(
			"COPM at %s has %d problems (%s); the COPM identifies at most %d", time, len(problems), strings.Join(problems, ", "), def.MaxProblems)})
	}
	var perProblem []*Score
	for si := range def.Scales {
		sc := &def.Scales[si]
		var rated []*dataset.Column
		for _, p := range problems {
			if c := ratings[sc.Code][p]; c != nil {
				rated = append(rated, c)
				ps := &instruments.Scale{Code: sc.Code + "_" + p, Name: sc.Name + ": " + p, Aggregate: "mean", Better: sc.Better, HigherMeans: sc.HigherMeans}
				col := c
				_, _, packed := col.ResponseCodes()
				perProblem = append(perProblem, &Score{Def: def, Scale: ps, Code: ps.Code, Time: time, TimeIndex: ti, FromItems: true, compactable: packed && compactScores,
					cols: []*dataset.Column{col},
					ratio: func(i int) (int64, int64, bool) {
						r := col.Response(i)
						if r == dataset.Missing8 {
							return 0, 0, false
						}
						return int64(r), 1, true
					},
					fill: func(s *Score) {
						if fillRatingView(s, col, n) {
							return
						}
						s.values = make([]float64, n)
						var buf [2048]int8
						for from := 0; from < n; from += len(buf) {
							rs := buf[:min(len(buf), n-from)]
							col.Responses(rs, from)
							for k, r := range rs {
								if r == dataset.Missing8 {
									s.values[from+k] = math.NaN()
								} else {
									s.values[from+k] = float64(r)
								}
							}
						}
					}})
			}
		}
		given := given[sc.Code]
		top, fits := meanKeySpace(rated)
		mean := &Score{Def: def, Scale: sc, Code: sc.Code, Time: time, TimeIndex: ti, FromItems: true,
			compactable: fits && (top+1)*int64(rowsPerKey) <= int64(n),
			packed:      packColumns(rated), cols: rated}
		// Items is nil, so ItemRow does not read packed: a COPM score has
		// no alpha.
		mean.ratio = func(i int) (int64, int64, bool) {
			var sum, k int64
			if p := mean.packed; p != nil {
				b, shift := i>>1, uint(i&1)<<2
				for j := range p {
					it := &p[j]
					if x := it.codes[b] >> shift & 15; x != 15 {
						sum += it.value[x]
						k++
					}
				}
				return sum, k, k > 0
			}
			for _, c := range rated {
				if r := c.Response(i); r != dataset.Missing8 {
					sum += int64(r)
					k++
				}
			}
			return sum, k, k > 0
		}
		mean.fill = func(s *Score) {
			if fillMeanKeys(s, rated, n) {
				if given != nil {
					compareGiven(ds, s, given)
				}
				return
			}
			// Rating by rating over runs of rows; each row's ratings are
			// still added in problem order.
			s.values = make([]float64, n)
			var buf [2048]int8
			var count [2048]uint32
			for from := 0; from < n; from += len(buf) {
				m := min(len(buf), n-from)
				sums, counts := s.values[from:from+m], count[:m]
				clear(counts)
				for _, c := range rated {
					rs := buf[:m]
					c.Responses(rs, from)
					for k, r := range rs {
						if r != dataset.Missing8 {
							sums[k] += float64(r)
							counts[k]++
						}
					}
				}
				for k, c := range counts {
					if c == 0 {
						sums[k] = math.NaN()
					} else {
						sums[k] /= float64(c)
					}
				}
			}
			if given != nil {
				compareGiven(ds, s, given)
			}
		}
		out = append(out, mean)
	}
	return append(out, perProblem...)
}
