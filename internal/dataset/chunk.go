package dataset

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math/bits"
	"runtime"
	"sync"
)

// The plain-file path of Load. A registry-sized wide file is almost always
// plain: one record a line (quoted fields, if any, end on their line and
// hold no escaped quote), no carriage returns but before a line end, no
// blank lines, every row with the header's number of fields.
// Such a file is read in large blocks; the reader only cuts each block at a
// line end and counts its lines (which are then its records, so each block
// knows its first row and line), and workers split AND parse whole blocks
// on every core, each writing its rows' cells in place into columns sized
// beforehand. The serial scanner (scan.go) and the record loop of Load take
// over, for the rest of the file, at the first block that is not plain in
// this sense, so that a file reads the same whichever path reads it: the
// same values, and the same problems (merged by line and column as Load
// merges them, the cap applied afterwards).

// defaultChunkBytes is the size of the blocks read.
const defaultChunkBytes = 2 << 20

// chunk is one block: whole lines of the file, and what a worker made of
// them until the reader merges it into the dataset, in file order.
type chunk struct {
	buf    []byte // the block's storage (reused)
	data   []byte // whole lines, the last one's end possibly the file's
	first  int    // row index of the first record
	line   int    // line of the first record
	rows   int    // records (= lines)
	crlf   bool   // data holds a carriage return
	quotes bool   // data holds a quote
	bad    bool   // not plain, known before parsing (a read error, a long line)

	// Set by the worker.
	plain       bool // every line was a plain record and is parsed
	ids         Texts
	groupOf     []uint32 // per row, an index into groups
	groups      []string // the rows' group labels, in order of first appearance
	texts       []Texts  // KindExtra columns' cells (positions as in Dataset.Columns)
	rowProblems []located
	cells       []located // the first maxProblems cell problems
	omitted     int       // cell problems beyond those
	done        chan struct{}
}

// plainLoader runs the plain-file path for one Load.
type plainLoader struct {
	d         *Dataset
	nf        int
	idCol     int
	groupCol  int
	header    []string
	missing   missingSet
	groupIdx  map[string]uint16
	sizeHint  int64
	headerOff int64 // bytes before the first record
	size      int   // block size

	tmpl     []Column     // the columns, copied before any worker starts
	cellTabs []*cellTable // by field: an item column's table (nil: another field)
	jobs     chan *chunk
	wg       sync.WaitGroup
	inflight []*chunk // handed to the workers, not yet merged, in file order
	free     []*chunk
	maxQueue int

	firstLine     int   // line of the first record
	rows, capRows int   // rows merged; rows the columns are sized for
	queued        int   // rows handed out (merged or not)
	line          int   // line of the next record
	offset        int64 // bytes merged, from the start of the input
	qbytes        int64 // bytes of the blocks handed out
	rowsWant      int   // rows to reserve room for after the next merge
	stopped       bool  // a block was not plain: the rest goes the serial way
	tail          [][]byte

	rowProblems, cells []located
	omitted            int
}

// loadPlain reads what it can of a wide file's records (after the header,
// which sc has read from br) the plain-file way, and returns the scanner
// that reads the rest of the file (at its end when the file was read
// whole), with the problems found so far: row problems, and cell problems
// (the first maxProblems of each block) with how many more there were. The
// dataset's columns then hold every row read, as Load's record loop would
// have left them.
func (d *Dataset) loadPlain(sc *scanner, br *bufio.Reader, opt Options, header []string, idCol, groupCol int, missing missingSet, groupIdx map[string]uint16) (*scanner, []located, []located, int) {
	size := opt.chunkBytes
	if size == 0 {
		size = defaultChunkBytes
		if rest := opt.SizeHint - sc.Offset; opt.SizeHint > 0 && rest+4096 < int64(size) {
			size = int(rest) + 4096 // a study-sized file: one block of its size
		}
	}
	if size < 0 {
		return sc, nil, nil, 0
	}
	l := &plainLoader{d: d, nf: len(header), idCol: idCol, groupCol: groupCol, header: header,
		missing: missing, groupIdx: groupIdx, sizeHint: opt.SizeHint, headerOff: sc.Offset, size: size,
		firstLine: sc.line + 1, line: sc.line + 1, offset: sc.Offset}
	rest := l.run(br)
	l.sizeColumns(l.rows)
	if !l.stopped {
		return sc, l.rowProblems, l.cells, l.omitted
	}
	// The serial scanner goes on where the plain path stopped.
	readers := make([]io.Reader, 0, len(l.tail)+1)
	for _, b := range l.tail {
		readers = append(readers, bytes.NewReader(b))
	}
	readers = append(readers, rest)
	next := newScanner(bufio.NewReaderSize(io.MultiReader(readers...), 1<<20), rune(sc.delim))
	next.line, next.Offset = l.line-1, l.offset
	return next, l.rowProblems, l.cells, l.omitted
}

// errReader returns a read error again, for the serial scanner to report.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// run reads blocks until the end of the input or the first block that is
// not plain, and returns what the serial scanner is to read after the
// blocks left in l.tail.
//
// Long because it is the reader's loop in order: read a block, cut it at
// its last line end, count its lines, size the columns from the first one,
// hand it to the workers, merge finished blocks in file order, and stop at
// the first block that is not plain.
func (l *plainLoader) run(br *bufio.Reader) io.Reader {
	d := l.d
	w := max(1, runtime.GOMAXPROCS(0))
	l.maxQueue = 2*w + 1
	l.tmpl = make([]Column, len(d.Columns))
	for i, c := range d.Columns {
		l.tmpl[i] = *c
		l.tmpl[i].resp.nib, l.tmpl[i].resp.i8, l.tmpl[i].resp.n = nil, nil, 0
		l.tmpl[i].Float, l.tmpl[i].Text = nil, Texts{}
	}
	// One table for the columns of the same response range and storage (an
	// instrument's items share one): a study-sized file has hundreds of
	// item columns and a handful of ranges.
	l.cellTabs = make([]*cellTable, l.nf)
	type rangeKey struct {
		lo, hi float64
		packed bool
	}
	shared := map[rangeKey]*cellTable{}
	for i := range l.tmpl {
		c := &l.tmpl[i]
		if c.inst == nil || (c.Kind != KindItem && c.Kind != KindRating) {
			continue
		}
		k := rangeKey{c.inst.Min, c.inst.Max, c.resp.packed}
		t, ok := shared[k]
		if !ok {
			t = newCellTable(c, l.missing)
			shared[k] = t
		}
		l.cellTabs[c.Index] = t
	}
	l.jobs = make(chan *chunk, l.maxQueue)
	for range w {
		l.wg.Add(1)
		go l.work()
	}
	defer func() {
		close(l.jobs)
		l.wg.Wait()
	}()
	var carry []byte // the start of a line read with the block before
	eof := false
	for !l.stopped && !(eof && len(carry) == 0) {
		ch := l.take()
		if l.stopped {
			break
		}
		buf := append(ch.buf[:0], carry...)
		carry = carry[:0]
		var rerr error
		lines := 0
		for !eof {
			n, err := io.ReadFull(br, buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				eof = true
			} else if err != nil {
				rerr = err
				break
			}
			// Two whole lines at least, so that a block's row count can be
			// made even (see below).
			if lines = bytes.Count(buf, []byte{'\n'}); lines >= 2 || eof {
				break
			}
			if cap(buf) >= 8*l.size {
				break // lines too long for blocks: the serial way
			}
			buf = append(buf, make([]byte, cap(buf))...)[:len(buf)]
		}
		ch.buf = buf
		switch {
		case rerr != nil:
			ch.data, ch.bad = buf, true
			l.queue(ch)
			l.drain()
			return errReader{rerr}
		case !eof && lines < 2:
			ch.data, ch.bad = buf, true
			l.queue(ch)
			l.drain()
			return br
		}
		data := buf
		if !eof || (len(buf) > 0 && buf[len(buf)-1] == '\n') {
			// Cut after the last line end; keep an even number of rows in
			// every block but the last, so that every block starts at an
			// even row (storage that packs two rows a byte can then take
			// blocks side by side).
			end := bytes.LastIndexByte(buf, '\n') + 1
			if !eof && lines%2 == 1 {
				end = bytes.LastIndexByte(buf[:end-1], '\n') + 1
				lines--
			}
			data, carry = buf[:end], append(carry, buf[end:]...)
		} else {
			lines++ // the last line has no line end
		}
		if len(data) == 0 {
			l.recycle(ch)
			break
		}
		ch.data, ch.rows = data, lines
		ch.quotes = bytes.IndexByte(data, '"') >= 0
		ch.crlf = bytes.IndexByte(data, '\r') >= 0
		if !l.ensure(l.queued+ch.rows, l.qbytes+int64(len(data)), float64(len(data))/float64(ch.rows)) {
			ch.bad = true
			l.queue(ch)
			break
		}
		ch.first, ch.line = l.queued, l.firstLine+l.queued
		l.queued += ch.rows
		l.qbytes += int64(len(data))
		l.queue(ch)
	}
	l.drain()
	if len(carry) > 0 {
		if !l.stopped {
			// Can only be a line that could not be made a block.
			l.stopped = true
		}
		l.tail = append(l.tail, carry)
	}
	return br
}

// estimate returns the rows to size the columns for, rows having been
// handed out in used bytes, the last block's rows last bytes each: from
// the file's size when known and the bytes a row so far, as Load's record
// loop estimates it, or from the bytes left and the last block's bytes a
// row when that says more (rows that get shorter further on: a registry
// sorted by group), but no more than the rest of the file can hold (a
// plain record takes at least a byte a field, delimiters and line end
// included). The estimate from the bytes a row so far leaves half as much
// again: sizing again copies every column, and until the collector runs
// the old and new copies are both resident (a registry sorted by group,
// its rows half as long further on: 1.8× the columns' memory at the end of
// loading). Room sized and not used costs no resident memory (see grow);
// it counts as heap for the collector's pacing and against pssa's memory
// limit (cmd/common.go, limitMemoryForAnalysis).
func (l *plainLoader) estimate(rows int, used int64, last float64) int {
	if l.sizeHint <= 0 || rows == 0 || used <= 0 {
		return 2 * l.capRows
	}
	rest := max(0, l.sizeHint-l.headerOff-used)
	per := float64(used) / float64(rows)
	est := int(float64(l.sizeHint-l.headerOff)/per*1.5) + 64
	est = max(est, rows+int(float64(rest)/last*1.02)+64)
	return min(est, rows+int(rest/int64(l.nf))+1)
}

// take returns a free block, merging the oldest one handed out when the
// workers have enough to do.
func (l *plainLoader) take() *chunk {
	for len(l.inflight) >= l.maxQueue && !l.stopped {
		l.mergeNext()
	}
	if n := len(l.free); n > 0 {
		ch := l.free[n-1]
		l.free = l.free[:n-1]
		return ch
	}
	return &chunk{buf: make([]byte, 0, l.size), done: make(chan struct{}, 1)}
}

func (l *plainLoader) recycle(ch *chunk) {
	ch.bad, ch.plain, ch.crlf, ch.quotes, ch.data = false, false, false, false, nil
	l.free = append(l.free, ch)
}

// queue hands a block to the workers (a bad one straight to the merge).
func (l *plainLoader) queue(ch *chunk) {
	l.inflight = append(l.inflight, ch)
	if ch.bad {
		ch.done <- struct{}{}
		return
	}
	l.jobs <- ch
}

// drain merges every block handed out.
func (l *plainLoader) drain() {
	for len(l.inflight) > 0 {
		l.mergeNext()
	}
}

// ensure sizes the columns for n rows at least (see estimate for the
// other arguments), after waiting for the workers that write them; false
// when they cannot be.
func (l *plainLoader) ensure(n int, used int64, last float64) bool {
	if n <= l.capRows {
		return true
	}
	l.drain()
	if l.stopped {
		return false
	}
	want := max(n, l.estimate(n, used, last))
	if l.sizeHint <= 0 {
		want = max(want, l.capRows+l.capRows/4)
	}
	if want > 1<<31 {
		return false
	}
	l.sizeColumns(l.rows)
	l.grow(want)
	l.capRows = l.sizeColumns(-1)
	l.rowsWant = want
	if l.rows > 0 {
		l.reserveRows()
	}
	return n <= l.capRows
}

// reserveRows gives the rows' ids, groups and lines and the KindExtra
// columns room for l.rowsWant rows, from the average lengths of the rows
// merged (the reader alone writes these: no need to wait for the workers).
func (l *plainLoader) reserveRows() {
	d, n := l.d, l.rowsWant
	l.rowsWant = 0
	rows := d.Rows()
	if n <= rows {
		return
	}
	d.ids.grow(n-rows, len(d.ids.buf)/max(rows, 1)+1)
	d.groupOf = regrow(d.groupOf, n)
	for _, c := range d.Columns {
		if c.Kind == KindExtra {
			c.Text.grow(n-rows, len(c.Text.buf)/max(rows, 1)+1)
		}
	}
}

// grow gives the item and scale columns room for n rows, in new memory
// that is not touched until the workers write it in place, in parallel
// (where Dataset.reserve's slices.Grow clears all of it first, on one
// core); copying the rows so far is the work, done on every core while
// the workers wait.
func (l *plainLoader) grow(n int) {
	d := l.d
	w := max(1, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for k := range w {
		wg.Go(func() {
			for i := k; i < len(d.Columns); i += w {
				switch c := d.Columns[i]; {
				case c.Kind == KindScale:
					c.Float = regrow(c.Float, n)
				case c.Kind != KindExtra && c.resp.packed:
					c.resp.nib = regrowAt(c.resp.nib, (n+1)/2, c.Index)
				case c.Kind != KindExtra:
					c.resp.i8 = regrowAt(c.resp.i8, n, c.Index)
				}
			}
		})
	}
	wg.Wait()
}

// regrowAt is regrow for the item columns, whose allocations start
// 64·(col mod 64) bytes in when they span pages (see responses.grow).
func regrowAt[E ~uint8 | ~int8](s []E, n, col int) []E {
	if cap(s) >= n {
		return s
	}
	off := colOffset(col, n-len(s))
	t := make([]E, off+len(s), off+n)[off:]
	copy(t, s)
	return t
}

// regrow returns s with room for n elements, in new memory when it has
// not.
func regrow[E any](s []E, n int) []E {
	if cap(s) >= n {
		return s
	}
	t := make([]E, len(s), n)
	copy(t, s)
	return t
}

// sizeColumns sets the item and scale columns' lengths to rows, or to their
// capacities when rows < 0 (workers write blocks in place up to there);
// it returns the rows every column then has room for.
func (l *plainLoader) sizeColumns(rows int) int {
	room := 1 << 62
	for _, c := range l.d.Columns {
		r := &c.resp
		switch {
		case c.Kind == KindExtra:
			continue
		case c.Kind == KindScale:
			if rows < 0 {
				c.Float = c.Float[:cap(c.Float)]
			} else {
				c.Float = c.Float[:rows]
			}
			room = min(room, len(c.Float))
		case r.packed:
			if rows < 0 {
				r.nib = r.nib[:cap(r.nib)]
			} else {
				r.nib, r.n = r.nib[:(rows+1)/2], rows
			}
			room = min(room, 2*len(r.nib))
		default:
			if rows < 0 {
				r.i8 = r.i8[:cap(r.i8)]
			} else {
				r.i8, r.n = r.i8[:rows], rows
			}
			room = min(room, len(r.i8))
		}
	}
	return room
}

// The column storage the plain path knows of: window, place, sizeColumns
// and grow (every block but the last has an even number of rows, so that
// storage packing two rows a byte could place blocks side by side).

// window points view's storage at rows first..first+n-1 of c's, so that
// parseCell's appends to view write them in place; KindExtra cells go to
// the block's own texts, appended to c's when the block is merged.
func window(view, c *Column, first, n int, texts *Texts) {
	switch {
	case c.Kind == KindExtra:
		view.Text = Texts{buf: texts.buf[:0], ends: texts.ends[:0]}
	case c.Kind == KindScale:
		view.Float = c.Float[first : first : first+n]
	case c.resp.packed:
		// Staged in the worker's own i8, packed in place by place (first
		// is even: the block's bytes are its own).
		view.resp.n, view.resp.i8 = 0, view.resp.i8[:0]
		view.resp.nib = c.resp.nib[first/2 : first/2 : first/2+(n+1)/2]
	default:
		view.resp.n, view.resp.i8 = 0, c.resp.i8[first:first:first+n]
	}
}

// place puts a block's n values, parsed into view, at rows first.. of c
// (done already: window) and says whether view took exactly n values.
func place(view, c *Column, first, n int) bool {
	switch {
	case view.Kind == KindExtra:
		return view.Text.Len() == n
	case view.Kind == KindScale:
		return len(view.Float) == n && cap(view.Float) == n
	case view.resp.packed:
		r := &view.resp
		if first%2 != 0 || len(r.i8) != n {
			return false
		}
		r.settle()
		return r.n == n && len(r.nib) == (n+1)/2 && cap(r.nib) == (n+1)/2
	default:
		return len(view.resp.i8) == n && cap(view.resp.i8) == n
	}
}

// mergeNext waits for the oldest block handed out and adds its rows to the
// dataset, in file order; a block that is not plain stops the plain path:
// it and every block after it go to the serial scanner.
func (l *plainLoader) mergeNext() {
	ch := l.inflight[0]
	<-ch.done
	l.inflight = l.inflight[1:]
	if l.stopped {
		l.tail = append(l.tail, ch.data)
		return // kept: its data is the tail's
	}
	if !ch.plain || !l.mergeGroups(ch) {
		l.stopped = true
		l.tail = append(l.tail, ch.data)
		return
	}
	d := l.d
	d.ids.appendTexts(&ch.ids)
	for i := range ch.rows {
		d.lines.add(ch.line + i)
	}
	for i, c := range d.Columns {
		if c.Kind == KindExtra {
			c.Text.appendTexts(&ch.texts[i])
		}
	}
	l.rowProblems = append(l.rowProblems, ch.rowProblems...)
	l.cells = append(l.cells, ch.cells...)
	l.omitted += ch.omitted
	l.rows += ch.rows
	l.line += ch.rows
	l.offset += int64(len(ch.data))
	if l.rowsWant > 0 {
		l.reserveRows() // the first block's: the average lengths are known now
	}
	l.recycle(ch)
}

// mergeGroups adds a block's group labels (new ones in order of first
// appearance, as Load's record loop adds them) and its rows' groups; false,
// with nothing added, when that would pass the limit on groups (the serial
// way then reports it).
func (l *plainLoader) mergeGroups(ch *chunk) bool {
	d := l.d
	added := 0
	for _, g := range ch.groups {
		if _, ok := l.groupIdx[g]; !ok {
			added++
		}
	}
	if len(d.GroupNames)+added > 1<<16-1 {
		return false
	}
	remap := make([]uint16, len(ch.groups))
	for j, g := range ch.groups {
		gi, ok := l.groupIdx[g]
		if !ok {
			gi = uint16(len(d.GroupNames))
			d.GroupNames = append(d.GroupNames, g)
			l.groupIdx[g] = gi
		}
		remap[j] = gi
	}
	for _, k := range ch.groupOf {
		d.groupOf = append(d.groupOf, remap[k])
	}
	return true
}

// appendTexts appends u's values to t.
func (t *Texts) appendTexts(u *Texts) {
	if len(t.wraps) > 0 || len(u.wraps) > 0 || (len(t.buf)+len(u.buf))>>wrapBits > 0 {
		for i := range u.Len() {
			t.Append(u.Bytes(i))
		}
		return
	}
	base := uint32(len(t.buf))
	t.buf = append(t.buf, u.buf...)
	for _, e := range u.ends {
		t.ends = append(t.ends, base+e)
	}
}

// The item columns' cells (KindItem, KindRating), nearly all of a
// registry's cells, are read by the plain loop itself (itemCells): a cell
// that is empty, or one or two ASCII digits, is looked up in its column's
// cellTable and its code staged, without a call; any other cell (spaces, a
// sign, a decimal point, a missing-value code, a value outside the range
// or one that is a numeric missing-value code, three digits) is read by
// parseCell, as the serial path reads every cell, and its code staged the
// same way. The staged codes are stored at their rows in the columns'
// storage, in place, 128 rows at a time (see stageRows).

// noCode in a cellTable: parseCell reads the cell.
const noCode = 0xFF

// An item column's cell is looked up by its width (0, 1, 2; a wider cell
// is parseCell's) and the classes of its first two bytes, read together
// (a digit's value, or classOther; a byte past the cell is read but not
// looked at): cellKeys gives its slot in a cellTable, its value (0..99),
// slotEmpty, or slotSlow (the cell is parseCell's).
const (
	classOther = 10
	slotEmpty  = 100
	slotSlow   = 0xFF
)

// cellKeys: by 128·width + 11·cellClass[b₀] + cellClass[b₁] of the first two bytes.
var cellKeys = func() (k [512]uint8) {
	for i := range k {
		k[i] = slotSlow
	}
	for c0 := range 11 {
		for c1 := range 11 {
			k[11*c0+c1] = slotEmpty
			if c0 < 10 {
				k[128+11*c0+c1] = uint8(c0)
			}
			if c0 < 10 && c1 < 10 {
				k[2*128+11*c0+c1] = uint8(10*c0 + c1)
			}
		}
	}
	return k
}()

// cellClass is a byte's class (see cellKeys): a digit's value, or
// classOther. A cell's first two bytes make 11·class₀ + class₁.
var cellClass = digitTable(classOther)

// noCodes are the codes of a field that is not an item column's.
var noCodes = func() (c [256]byte) {
	for i := range c {
		c[i] = noCode
	}
	return c
}()

// fieldEnds sets the bits of ends (one a byte of line, bit i%64 of
// ends[i/64]) where line's first n bytes hold sep, and bit n (the last
// field's end); line holds at least n rounded up to 8 bytes. It returns
// ends and the number of bits set: the line's fields.
//
// Eight bytes at a time (see sepMarks).
func fieldEnds(line []byte, n int, sep byte, ends []uint64) ([]uint64, int) {
	words := n>>6 + 1
	if cap(ends) < words {
		ends = make([]uint64, words)
	}
	ends = ends[:words]
	rep := uint64(sep) * 0x0101010101010101
	fields := 0
	for i := range ends {
		var m uint64
		base := i << 6
		if base+64 <= n {
			c := (*[64]byte)(line[base : base+64])
			m = sepMarks(le64(c[0:]), rep) | sepMarks(le64(c[8:]), rep)<<8 |
				sepMarks(le64(c[16:]), rep)<<16 | sepMarks(le64(c[24:]), rep)<<24 |
				sepMarks(le64(c[32:]), rep)<<32 | sepMarks(le64(c[40:]), rep)<<40 |
				sepMarks(le64(c[48:]), rep)<<48 | sepMarks(le64(c[56:]), rep)<<56
		} else {
			for o := 0; base+o < n; o += 8 {
				m |= sepMarks(binary.LittleEndian.Uint64(line[base+o:]), rep) << o
			}
			m = m&(1<<(n-base)-1) | 1<<(n-base) // (bytes past the line), the end
		}
		ends[i] = m
		fields += bits.OnesCount64(m)
	}
	return ends, fields
}

func le64(b []byte) uint64 { return binary.LittleEndian.Uint64(b) }

// sepMarks returns a bit for each of x's 8 bytes that equals the byte
// repeated in rep, bit i for byte i: such a byte is a zero byte of x^rep,
// marked by its top bit in z (exactly: no carry crosses bytes), and the
// eight marks are gathered into a byte by a multiplication (each mark
// lands on its own bit of the top byte, and no two products overlap).
func sepMarks(x, rep uint64) uint64 {
	x ^= rep
	z := ^((x&0x7F7F7F7F7F7F7F7F + 0x7F7F7F7F7F7F7F7F) | x) & 0x8080808080808080
	return z >> 7 * 0x0102040810204080 >> 56
}

// cellTable is what parseCell makes of an item column's cells that are
// empty or one or two ASCII digits with no problem: the code to store (a
// packed column's 4-bit code, an int8 column's response as a byte), by
// slot (see cellKeys).
type cellTable struct {
	packed bool
	code   [256]byte  // by slot: the code, or noCode
	enc    *[256]byte // packed: a response's code, by its byte
}

// newCellTable returns an item column's table (nil for another column).
// A value gets a code only where parseCell's own fast path stores it with
// no problem: within the response range and not a numeric missing-value
// code; the rest is parseCell's (noCode).
func newCellTable(c *Column, missing missingSet) *cellTable {
	if c.inst == nil || (c.Kind != KindItem && c.Kind != KindRating) {
		return nil
	}
	t := &cellTable{packed: c.resp.packed, enc: c.resp.enc}
	for v := range t.code {
		f := float64(v)
		switch {
		case v == slotEmpty:
			missing8 := Missing8
			t.code[v] = uint8(missing8)
			if t.packed {
				t.code[v] = t.enc[uint8(missing8)]
			}
		case v > slotEmpty || !(f >= c.inst.Min && f <= c.inst.Max) || missing.numeric(f):
			t.code[v] = noCode
		case t.packed:
			t.code[v] = t.enc[uint8(int8(v))]
		default:
			t.code[v] = uint8(int8(v))
		}
	}
	return t
}

// itemField is a worker's state for an item column's field: the column's
// table, the block's rows of its storage, and a column for parseCell.
type itemField struct {
	field int
	tab   *cellTable
	nib   []byte  // packed: the block's codes, two rows a byte
	i8    []int8  // int8: the block's responses
	slow  *Column // a copy of the column that parseCell appends to
}

// A row's codes are staged (a byte each, in the worker's cache) and stored
// stageRows rows at a time, a column after the other: stored at once, a
// row's cells would write as many places in memory as it has item columns
// (81 on the registry), which costs more than the parsing.
const stageRows = 128 // a power of 2

// setWindow points f at rows first..first+n-1 of c's storage (first is
// even: the block's bytes of packed storage are its own).
func (f *itemField) setWindow(c *Column, first, n int) {
	if f.tab.packed {
		f.nib = c.resp.nib[first/2 : first/2+(n+1)/2 : first/2+(n+1)/2]
	} else {
		f.i8 = c.resp.i8[first : first+n : first+n]
	}
}

// store stores the codes staged in st for rows from..to-1 of the block
// (from a multiple of stageRows, to at most stageRows after it).
func (f *itemField) store(st []byte, from, to int) {
	st = st[:to-from]
	if !f.tab.packed {
		for i, c := range st {
			f.i8[from+i] = int8(c)
		}
		return
	}
	dst := f.nib[from/2 : (to+1)/2]
	// Sixteen codes (4 bits each, in a byte each) to 8 bytes at a time:
	// each pair to the even byte of the pair, then the even bytes
	// gathered.
	if len(st) == stageRows {
		s, d := (*[stageRows]byte)(st), (*[stageRows / 2]byte)(dst)
		for k := 0; k < stageRows; k += 16 {
			lo, hi := pack8(le64(s[k:k+8])), pack8(le64(s[k+8:k+16]))
			binary.LittleEndian.PutUint64(d[k/2:k/2+8], lo|hi<<32)
		}
		return
	}
	for i := range len(st) / 2 {
		dst[i] = st[2*i] | st[2*i+1]<<4
	}
	if len(st)&1 == 1 {
		dst[len(dst)-1] = st[len(st)-1]
	}
}

// pack8 packs 8 bytes of 4-bit codes into 4 bytes: bytes 2i and 2i+1 to
// byte i, the first in the low half.
func pack8(x uint64) uint64 {
	x = (x | x>>4) & 0x00FF00FF00FF00FF
	x = (x | x>>8) & 0x0000FFFF0000FFFF
	return (x | x>>16) & 0x00000000FFFFFFFF
}

// slowCell reads a cell with parseCell and returns its code and
// parseCell's message.
func (f *itemField) slowCell(cell []byte, decimalComma bool, missing missingSet) (byte, string) {
	c := f.slow
	c.resp.i8 = c.resp.i8[:0]
	msg := parseCell(c, cell, decimalComma, missing)
	v := uint8(c.resp.i8[0])
	if f.tab.packed {
		v = f.tab.enc[v]
	}
	return v, msg
}

// itemSlot is a worker's codes of a field (its cellTable's; all noCode
// for a field that is not an item column's), the codes it staged, the
// item columns' fields from it on (0 for a field that is not an item
// column's), and its empty cell's code stageRows times: the stage holds
// that for the rows not yet read (see refill), so that an empty cell needs
// no code staged.
type itemSlot struct {
	items int
	code  [256]byte
	stage [stageRows]byte
	empty *[stageRows]byte
}

// fieldIter walks a line's fields by their ends (see fieldEnds): field n
// starts at p; the ends not yet passed are the bits of cur, in word wi of
// the ends, and the words after it.
type fieldIter struct {
	n, p, wi int
	cur      uint64
}

// next returns the end of field it.n and moves it to the next field.
func (it *fieldIter) next(ends []uint64) int {
	for it.cur == 0 {
		it.wi++
		it.cur = ends[it.wi]
	}
	end := it.wi<<6 | bits.TrailingZeros64(it.cur)
	it.cur &= it.cur - 1
	it.n, it.p = it.n+1, end+1
	return end
}

// itemCells stages the codes of fields it.n, it.n+1, ... for row r of the
// stage, as long as their cells have one (see cellKeys), and returns at
// the first field that has not (len(slots) past the last); ends are the
// fields' ends (see fieldEnds), and line has 2 bytes at least after the
// last.
//
// Runs of empty cells (ends on consecutive bytes) and of one-byte cells
// (ends on every other byte), which make most of a registry's rows, are
// read off the ends' bits a run at a time (an empty cell's code is the
// stage's already, see refill; digitRun); any other
// cell one at a time here.
//
// A function of its own with few variables: in parse, among every other
// variable of the row loop, the compiler would keep this loop's in memory
// rather than in registers (twice as many instructions a cell).
func itemCells(slots []*itemSlot, line []byte, ends []uint64, it fieldIter, r int) fieldIter {
	cls, keys := &cellClass, &cellKeys
	n, p, wi, cur := it.n, it.p, it.wi, it.cur
	for n < len(slots) {
		for cur == 0 {
			wi++
			cur = ends[wi]
		}
		if s := p - wi<<6; s >= 0 { // (else the field began in an earlier word)
			// The ends from p on: bit 0 set for an empty cell, bit 1 (and
			// not 0) for a one-byte cell; a run goes on while the pattern
			// does.
			x := cur >> uint(s)
			if x&1 != 0 {
				k := min(bits.TrailingZeros64(^x), slots[n].items) // (staged already: see refill)
				cur &^= (1<<uint(k) - 1) << uint(s)
				p, n = p+k, n+k
				if k > 0 {
					continue
				}
			} else if x&2 != 0 {
				k := digitRun(slots[n:], line[p:], min(bits.TrailingZeros64(x^0xAAAAAAAAAAAAAAAA)>>1, len(slots)-n), r)
				cur &^= (0xAAAAAAAAAAAAAAAA & (1<<uint(2*k) - 1)) << uint(s)
				p, n = p+2*k, n+k
				if k > 0 {
					continue
				}
			}
		}
		end := wi<<6 | bits.TrailingZeros64(cur)
		w := end - p
		_ = line[p+1]
		slot := keys[(w<<7+11*int(cls[line[p]])+int(cls[line[p+1]]))&(len(keys)-1)]
		f := slots[n]
		code := f.code[slot]
		if code == noCode || w > 2 {
			break
		}
		f.stage[r&(stageRows-1)] = code
		cur &= cur - 1
		p = end + 1
		n++
	}
	return fieldIter{n: n, p: p, wi: wi, cur: cur}
}

// digitRun stages the codes of k one-byte cells (line's bytes 0, 2, ...),
// of the fields of slots, for row r, as long as they have one, and returns
// how many it staged.
func digitRun(slots []*itemSlot, line []byte, k, r int) int {
	line = line[:2*k]
	for i, f := range slots[:k] {
		code := f.code[digitSlot[line[2*i]]]
		if code == noCode {
			return i
		}
		f.stage[r&(stageRows-1)] = code
	}
	return k
}

// digitSlot is a one-byte cell's slot in a cellTable: a digit's value, or
// slotSlow.
var digitSlot = digitTable(slotSlow)

// digitTable is a table by byte: a digit's value, other for the rest.
func digitTable(other uint8) (t [256]uint8) {
	for b := range t {
		t[b] = other
		if b >= '0' && b <= '9' {
			t[b] = uint8(b - '0')
		}
	}
	return t
}

// worker is a worker's scratch: its views of the columns, the view of each
// field (-1: none), its state for the item columns' fields and their
// staged codes, and the current block's groups.
type worker struct {
	views   []Column
	colOf   []int
	items   []itemField
	itemOf  []int       // by field: its index in items, -1: none
	slots   []*itemSlot // by field
	fields  [][]byte
	line    []byte   // a copy of a line, with room after it
	ends    []uint64 // the line's field ends (see fieldEnds)
	groups  map[string]uint32
	missing []bool // per group of the block: a missing label
}

// work parses blocks.
func (l *plainLoader) work() {
	defer l.wg.Done()
	// Built on the first block: a worker that gets none (a study-sized
	// file is one block) allocates nothing.
	var w *worker
	for ch := range l.jobs {
		if w == nil {
			w = l.newWorker()
		}
		ch.plain = l.parse(ch, w)
		ch.done <- struct{}{}
	}
}

// newWorker returns a worker's scratch: its views of the columns and its
// item fields' slots.
func (l *plainLoader) newWorker() *worker {
	w := &worker{views: make([]Column, len(l.tmpl)), colOf: make([]int, l.nf), itemOf: make([]int, l.nf),
		slots: make([]*itemSlot, l.nf), groups: map[string]uint32{}}
	var none itemSlot
	none.code = noCodes
	copy(w.views, l.tmpl)
	for i := range w.colOf {
		w.colOf[i], w.itemOf[i], w.slots[i] = -1, -1, &none
	}
	for k, c := range w.views {
		w.colOf[c.Index] = k
		if t := l.cellTabs[c.Index]; t != nil {
			slow := c
			slow.resp = responses{i8: make([]int8, 0, 1)}
			w.itemOf[c.Index] = len(w.items)
			w.items = append(w.items, itemField{field: c.Index, tab: t, slow: &slow})
			empty := new([stageRows]byte)
			for i := range empty {
				empty[i] = t.code[slotEmpty]
			}
			w.slots[c.Index] = &itemSlot{code: t.code, empty: empty}
		}
	}
	for i := l.nf - 2; i >= 0; i-- {
		if f := w.slots[i]; f != &none {
			f.items = 1 + w.slots[i+1].items
		}
	}
	if f := w.slots[l.nf-1]; f != &none {
		f.items = 1
	}
	return w
}

// storeItems stores the codes staged for rows from..to-1 of the block.
func (w *worker) storeItems(from, to int) {
	for i := range w.items {
		f := &w.items[i]
		f.store(w.slots[f.field].stage[:], from, to)
	}
}

// refill sets every item column's stage to its empty cell's code.
func (w *worker) refill() {
	for i := range w.items {
		s := w.slots[w.items[i].field]
		s.stage = *s.empty
	}
}

// parse splits and parses a block's lines; false as soon as one is not a
// plain record (Load's record loop would treat it otherwise than as a row
// of cells: a blank line, a row of empty cells, a row of another length, a
// carriage return inside a line, quotes splitQuoted does not take).
//
// Long because it is the per-row work of Load's record loop, in the same
// order, for one block.
func (l *plainLoader) parse(ch *chunk, w *worker) bool {
	d := l.d
	views, colOf, items, itemOf, groups := w.views, w.colOf, w.items, w.itemOf, w.groups
	ch.ids.reset()
	ch.groupOf, ch.groups = ch.groupOf[:0], ch.groups[:0]
	ch.rowProblems, ch.cells, ch.omitted = ch.rowProblems[:0], ch.cells[:0], 0
	if len(ch.texts) != len(d.Columns) {
		ch.texts = make([]Texts, len(d.Columns))
	}
	clear(groups)
	w.missing = w.missing[:0]
	if ch.first%2 != 0 {
		return false // (run makes every block start at an even row)
	}
	for i, c := range d.Columns {
		if k := itemOf[c.Index]; k >= 0 {
			items[k].setWindow(c, ch.first, ch.rows)
		} else {
			window(&views[i], c, ch.first, ch.rows, &ch.texts[i])
		}
	}
	w.refill()
	idCol, groupCol := l.idCol, l.groupCol
	sep := byte(d.Delimiter)
	decimalComma := d.DecimalComma
	var lastGroup []byte
	lastIdx := uint32(0)
	haveLast := false
	data := ch.data
	start := 0 // of the line in data
	line := ch.line
	// field reads a cell that is not an item column's common one.
	field := func(n, r int, f []byte) (id, g []byte, hasID, hasG bool) {
		var msg, name string
		if k := itemOf[n]; k >= 0 {
			it := &items[k]
			w.slots[n].stage[r], msg = it.slowCell(f, decimalComma, l.missing)
			name = it.slow.Name
		} else if k := colOf[n]; k >= 0 {
			msg, name = parseCell(&views[k], f, decimalComma, l.missing), views[k].Name
		} else if n == idCol {
			return bytes.TrimSpace(f), nil, true, false
		} else if n == groupCol {
			return nil, bytes.TrimSpace(f), false, true
		}
		if msg != "" {
			if len(ch.cells) < d.maxProblems {
				ch.cells = append(ch.cells, located{line, n, Problem{Line: line, Column: name, Message: msg}})
			} else {
				ch.omitted++
			}
		}
		return nil, nil, false, false
	}
	for row := 0; row < ch.rows; row++ {
		r := row & (stageRows - 1)
		if r == 0 && row > 0 {
			w.storeItems(row-stageRows, row)
			w.refill()
		}
		rec := data[start:]
		at := start
		if i := bytes.IndexByte(rec, '\n'); i >= 0 {
			rec, start = rec[:i], start+i+1
		} else {
			start = len(data)
		}
		if ch.crlf {
			if n := len(rec); n > 0 && rec[n-1] == '\r' {
				rec = rec[:n-1]
			}
			if bytes.IndexByte(rec, '\r') >= 0 {
				return false
			}
		}
		if len(rec) == 0 {
			return false // a blank line
		}
		var id, g []byte
		hasID := false
		quoted := ch.quotes && bytes.IndexByte(rec, '"') >= 0
		if quoted {
			// A line with quotes: split as the scanner's readQuoted does,
			// then every cell read by field.
			fields, ok := splitQuoted(rec, sep, w.fields[:0])
			w.fields = fields
			if !ok || len(fields) != len(colOf) {
				return false
			}
			if allEmptyBytes(fields) {
				return false // a row of empty cells, which Load skips
			}
			for n, f := range fields {
				i, gg, hi, hg := field(n, r, f)
				if hi {
					id, hasID = i, true
				} else if hg {
					g = gg
				}
			}
		} else {
			// The fields' ends are found first, 8 bytes at a time: the
			// line is read from the block with 8 bytes after it at least
			// (its line end and the next line's first bytes), or from a
			// copy with room after it (a block's last lines). Then the
			// item columns' common cells (empty, or one or two digits)
			// are staged by itemCells, and the other fields read here.
			ext := data[at:min(at+len(rec)+8, len(data))]
			if len(ext) < len(rec)+8 {
				var room [8]byte
				ext = append(append(w.line[:0], rec...), room[:]...)
				w.line = ext
			}
			ends, nfields := fieldEnds(ext, len(rec), sep, w.ends)
			w.ends = ends
			if nfields != len(colOf) {
				return false // more or fewer fields than the header
			}
			it := fieldIter{cur: ends[0]}
			for {
				it = itemCells(w.slots, ext, ends, it, r)
				if it.n == len(colOf) {
					break
				}
				n, p := it.n, it.p
				i, gg, hi, hg := field(n, r, rec[p:it.next(ends)])
				if hi {
					id, hasID = i, true
				} else if hg {
					g = gg
				}
			}
			if len(id) == 0 && allEmptyFields(rec, sep) {
				return false // a row of empty cells, which Load skips
			}
		}
		if hasID && len(id) == 0 {
			ch.rowProblems = append(ch.rowProblems, located{line, idCol, Problem{Line: line, Column: l.header[idCol], Message: emptyIDMessage}})
		}
		if groupCol < 0 {
			g = allGroup
		}
		if !haveLast || !bytes.Equal(g, lastGroup) {
			k, ok := groups[string(g)]
			if !ok {
				k = uint32(len(ch.groups))
				ch.groups = append(ch.groups, string(g))
				groups[string(g)] = k
				w.missing = append(w.missing, groupCol >= 0 && (len(g) == 0 || l.missing.has(string(g))))
			}
			lastGroup, lastIdx, haveLast = g, k, true
		}
		if w.missing[lastIdx] {
			ch.rowProblems = append(ch.rowProblems, located{line, groupCol, Problem{Line: line, Column: l.header[groupCol], Message: missingGroupMessage(g)}})
		}
		ch.ids.Append(id)
		ch.groupOf = append(ch.groupOf, lastIdx)
		line++
	}
	if start != len(data) {
		return false
	}
	if ch.rows > 0 {
		w.storeItems((ch.rows-1)&^(stageRows-1), ch.rows)
	}
	for i, c := range d.Columns {
		if itemOf[c.Index] >= 0 {
			continue // stored in place
		}
		if !place(&views[i], c, ch.first, ch.rows) {
			return false
		}
		if views[i].Kind == KindExtra {
			ch.texts[i] = views[i].Text
		}
	}
	return true
}

// splitQuoted splits a line with quotes as the scanner's readQuoted does
// (scan.go), appending its fields to fields; false for a line readQuoted
// would read otherwise than as one record of fields between quotes or
// delimiters: a quoted field that goes on past the line, a quote escaped
// (""), a character after a closing quote, a quote inside an unquoted
// field (the last two are errors, which the scanner reports).
func splitQuoted(rec []byte, sep byte, fields [][]byte) ([][]byte, bool) {
	pos := 0
	for {
		if pos < len(rec) && rec[pos] == '"' {
			q := bytes.IndexByte(rec[pos+1:], '"')
			if q < 0 {
				return fields, false
			}
			end := pos + 1 + q
			fields = append(fields, rec[pos+1:end])
			switch after := end + 1; {
			case after == len(rec):
				return fields, true
			case rec[after] == sep:
				pos = after + 1
			default:
				return fields, false
			}
			continue
		}
		// An unquoted field, most often a byte or two: a loop over them
		// costs less than calls to bytes.IndexByte.
		end := pos
		for end < len(rec) && rec[end] != sep {
			if rec[end] == '"' {
				return fields, false
			}
			end++
		}
		fields = append(fields, rec[pos:end])
		if end == len(rec) {
			return fields, true
		}
		pos = end + 1
	}
}

// allEmptyFields says whether every field of rec is blank.
func allEmptyFields(rec []byte, sep byte) bool {
	for len(rec) > 0 {
		f := rec
		if i := bytes.IndexByte(rec, sep); i >= 0 {
			f, rec = rec[:i], rec[i+1:]
		} else {
			rec = nil
		}
		if len(bytes.TrimSpace(f)) != 0 {
			return false
		}
	}
	return true
}

var allGroup = []byte("all")

// The row problems of Load's record loop, which the plain path finds too.
const emptyIDMessage = "empty id (every row needs a unique id)"

func missingGroupMessage(g []byte) string {
	return fmt.Sprintf("missing group %q (every row needs a group label, e.g. PSW, SU, MHP)", g)
}
