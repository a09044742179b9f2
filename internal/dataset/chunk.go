package dataset

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
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

	tmpl     []Column // the columns, copied before any worker starts
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
// it counts as heap for the collector's pacing, and pssa's memory limit
// for the analysis leaves it out (Dataset.SpareBytes).
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

// worker is a worker's scratch: its views of the columns, the view of each
// field (-1: none), and the current block's groups.
type worker struct {
	views   []Column
	colOf   []int
	fields  [][]byte // a line with quotes
	groups  map[string]uint32
	missing []bool // per group of the block: a missing label
}

// work parses blocks.
func (l *plainLoader) work() {
	defer l.wg.Done()
	w := &worker{views: make([]Column, len(l.tmpl)), colOf: make([]int, l.nf), groups: map[string]uint32{}}
	copy(w.views, l.tmpl)
	for i := range w.colOf {
		w.colOf[i] = -1
	}
	for k, c := range w.views {
		w.colOf[c.Index] = k
	}
	for ch := range l.jobs {
		ch.plain = l.parse(ch, w)
		ch.done <- struct{}{}
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
	views, colOf, groups := w.views, w.colOf, w.groups
	ch.ids.reset()
	ch.groupOf, ch.groups = ch.groupOf[:0], ch.groups[:0]
	ch.rowProblems, ch.cells, ch.omitted = ch.rowProblems[:0], ch.cells[:0], 0
	if len(ch.texts) != len(d.Columns) {
		ch.texts = make([]Texts, len(d.Columns))
	}
	clear(groups)
	w.missing = w.missing[:0]
	for i, c := range d.Columns {
		window(&views[i], c, ch.first, ch.rows, &ch.texts[i])
	}
	idCol, groupCol := l.idCol, l.groupCol
	sep := byte(d.Delimiter)
	decimalComma := d.DecimalComma
	var lastGroup []byte
	lastIdx := uint32(0)
	haveLast := false
	data := ch.data
	line := ch.line
	for row := 0; row < ch.rows; row++ {
		var rec []byte
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			rec, data = data, nil
		} else {
			rec, data = data[:i], data[i+1:]
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
		n, from := 0, 0
		quoted := ch.quotes && bytes.IndexByte(rec, '"') >= 0
		if quoted {
			// A line with quotes: split as the scanner's readQuoted does,
			// then parsed field by field as below. The field's handling is
			// written out in both loops on purpose: in the plain loop it runs
			// for every cell of a registry (10^8), where a call per field
			// would cost more than the parsing.
			fields, ok := splitQuoted(rec, sep, w.fields[:0])
			w.fields = fields
			if !ok || len(fields) != len(colOf) {
				return false
			}
			if allEmptyBytes(fields) {
				return false // a row of empty cells, which Load skips
			}
			for n, f := range fields {
				if k := colOf[n]; k >= 0 {
					if msg := parseCell(&views[k], f, decimalComma, l.missing); msg != "" {
						if len(ch.cells) < d.maxProblems {
							ch.cells = append(ch.cells, located{line, n, Problem{Line: line, Column: views[k].Name, Message: msg}})
						} else {
							ch.omitted++
						}
					}
				} else if n == idCol {
					id, hasID = bytes.TrimSpace(f), true
				} else if n == groupCol {
					g = bytes.TrimSpace(f)
				}
			}
			n = len(fields)
			from = len(rec) + 1 // the loop below is done
		}
		// One pass over the line: each field is parsed as it is found.
		for j := from; j <= len(rec); j++ {
			if j < len(rec) && rec[j] != sep {
				continue
			}
			f := rec[from:j]
			from = j + 1
			if n >= len(colOf) {
				return false // more fields than the header
			}
			if k := colOf[n]; k >= 0 {
				if msg := parseCell(&views[k], f, decimalComma, l.missing); msg != "" {
					if len(ch.cells) < d.maxProblems {
						ch.cells = append(ch.cells, located{line, n, Problem{Line: line, Column: views[k].Name, Message: msg}})
					} else {
						ch.omitted++
					}
				}
			} else if n == idCol {
				id, hasID = bytes.TrimSpace(f), true
			} else if n == groupCol {
				g = bytes.TrimSpace(f)
			}
			n++
		}
		if n != len(colOf) {
			return false // fewer fields than the header
		}
		if !quoted && len(id) == 0 && allEmptyFields(rec, sep) {
			return false // a row of empty cells, which Load skips
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
	if len(data) != 0 {
		return false
	}
	for i, c := range d.Columns {
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
