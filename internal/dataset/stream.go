package dataset

import (
	"io"
	"sort"
)

// LoadBlocks reads a wide CSV as Load does, but hands its rows to emit as
// they are parsed, in blocks of consecutive rows in file order, so that a
// pass over the rows (pssa score) never holds the whole file's values.
//
// A block is a Dataset of its rows alone: its columns hold those rows'
// values, its Line their lines; it is valid only during the call (its
// memory is reused). Its Problems are empty: every problem of the file is
// in the returned Dataset, which is what Load would return (the same
// problems, in the same order, duplicate ids included; the ids, groups and
// lines of every row) except that its columns hold no values. Blocks come
// before the problems are known: a caller decides what the blocks were
// worth once LoadBlocks returns (Err). A long layout is pivoted whole and
// handed over in windows of rows. An error from emit stops the reading and is
// returned.
func LoadBlocks(r io.Reader, name string, opt Options, emit func(*Dataset) error) (*Dataset, error) {
	return load(r, name, opt, emit)
}

// lineIndex is the line of each row, kept as the rows whose line is not
// the previous row's plus one (the first row, a row after blank lines or
// after a record spanning lines) with their lines: nothing more for most
// files, where a []int would take 8 MB a million rows.
type lineIndex struct {
	n, last int
	rows    []int32
	lines   []int
}

func (x *lineIndex) add(line int) {
	if x.n == 0 || line != x.last+1 {
		x.rows = append(x.rows, int32(x.n))
		x.lines = append(x.lines, line)
	}
	x.last = line
	x.n++
}

func (x *lineIndex) line(row int) int {
	k := sort.Search(len(x.rows), func(k int) bool { return int(x.rows[k]) > row }) - 1
	return x.lines[k] + row - int(x.rows[k])
}

// Line returns the line in the file of row i (for a table pssa built, a
// pivoted long layout or a sheet, the line in that table: see Locate).
func (d *Dataset) Line(i int) int { return d.lines.line(i) }

// window is rows lo..hi−1 of d as a block (lo even: packed responses are
// shared, two a byte). Its Problems are empty.
func (d *Dataset) window(lo, hi int) *Dataset {
	w := &Dataset{File: d.File, Delimiter: d.Delimiter, DecimalComma: d.DecimalComma,
		ids: d.ids.window(lo, hi), groupOf: d.groupOf[lo:hi], GroupNames: d.GroupNames, HasGroup: d.HasGroup,
		Header: d.Header, Layout: d.Layout, Source: d.Source, locate: d.locate, maxProblems: d.maxProblems}
	for i := lo; i < hi; i++ {
		w.lines.add(d.Line(i))
	}
	for _, c := range d.Columns {
		wc := *c
		switch {
		case c.Kind == KindExtra:
			wc.Text = c.Text.window(lo, hi)
		case c.Kind == KindScale:
			wc.Float = c.Float[lo:hi]
		default:
			wc.resp = c.resp.window(lo, hi)
		}
		w.Columns = append(w.Columns, &wc)
	}
	return w
}

// window is a copy of values lo..hi−1.
func (t *Texts) window(lo, hi int) Texts {
	var w Texts
	for i := lo; i < hi; i++ {
		w.Append(t.Bytes(i))
	}
	return w
}

// window is rows lo..hi−1 (lo even), sharing r's storage.
func (r responses) window(lo, hi int) responses {
	w := r
	w.n = hi - lo
	if r.packed {
		w.nib, w.i8 = r.nib[lo/2:(hi+1)/2], nil
	} else {
		w.nib, w.i8 = nil, r.i8[lo:hi]
	}
	return w
}
