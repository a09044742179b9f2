package dataset

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// located is a problem with the column position that orders it within its
// line (-1: the row as a whole).
type located struct {
	line, col int
	p         Problem
}

// cellParsers parse the cells of a wide file on all cores while the reader
// goes on splitting records: records are copied into batches, and each
// worker parses its own share of the columns for every batch, in order, so
// that no column is written by two goroutines and every column ends up in
// row order. Problems are collected per worker and merged by the caller.
//
// With emit set (LoadBlocks), each batch parses into columns of its own,
// and a consumer hands the parsed batches to emit in file order, one at a
// time, then reuses them: the file's values are never all held at once.
type cellParsers struct {
	d        *Dataset
	nf       int
	missing  missingSet
	batch    *cellBatch
	queues   []chan *cellBatch
	free     chan *cellBatch
	wg       sync.WaitGroup
	shares   [][]*Column // each worker's columns (of d.Columns)
	at       [][]int     // their positions in d.Columns
	problems [][]located
	omitted  []int // problems beyond the cap, per worker (only counted)
	started  bool  // a batch has been handed to the workers
	rows     int   // records a batch

	emit     func(*Dataset) error
	ordered  chan *cellBatch // batches in file order, to the consumer
	consumed chan struct{}   // closed when the consumer has ended
	emitErr  error           // emit's error (read after consumed is closed)
	failed   atomic.Bool     // emit failed: the reader stops
	abort    atomic.Bool     // a fatal error: emit nothing more
}

// cellBatch holds batchRows records: their bytes end to end in buf, with
// the start and end offset of each field.
type cellBatch struct {
	buf     []byte
	starts  []int32
	ends    []int32
	lines   []int
	pending atomic.Int32

	// With emit: the batch's own columns (positions as in d.Columns), its
	// rows' ids and groups, the group names as they were when it was
	// flushed, and a token sent when every worker is done with it.
	cols    []*Column
	ids     Texts
	groupOf []uint16
	groups  []string
	parsed  chan struct{}
}

// Records a batch: Load's, and LoadBlocks' (smaller, as it keeps a few
// batches alive at any time and nothing else of the cells).
const (
	batchRows       = 4096
	streamBatchRows = 1024
)

func (b *cellBatch) field(r, f, nf int) []byte {
	i := r*nf + f
	return b.buf[b.starts[i]:b.ends[i]]
}

func newCellParsers(d *Dataset, nf int, missing missingSet, emit func(*Dataset) error) *cellParsers {
	w := max(1, min(runtime.GOMAXPROCS(0), len(d.Columns)))
	p := &cellParsers{d: d, nf: nf, missing: missing, free: make(chan *cellBatch, 2*w+6),
		queues: make([]chan *cellBatch, w), problems: make([][]located, w), omitted: make([]int, w),
		shares: make([][]*Column, w), at: make([][]int, w), emit: emit, rows: batchRows}
	// Round-robin: neighbouring columns (items of one instrument, of one
	// kind) spread evenly over the workers.
	for i, c := range d.Columns {
		p.shares[i%w] = append(p.shares[i%w], c)
		p.at[i%w] = append(p.at[i%w], i)
	}
	for k := range p.queues {
		p.queues[k] = make(chan *cellBatch, 2)
		p.wg.Add(1)
		go p.work(k)
	}
	if emit != nil {
		p.rows = streamBatchRows
		p.ordered = make(chan *cellBatch, 1)
		p.consumed = make(chan struct{})
		go p.consume()
	}
	return p
}

func (p *cellParsers) work(k int) {
	defer p.wg.Done()
	decimalComma := p.d.DecimalComma
	own := make([]*Column, len(p.shares[k]))
	for b := range p.queues[k] {
		cols := p.shares[k]
		if b.cols != nil {
			for j, i := range p.at[k] {
				own[j] = b.cols[i]
			}
			cols = own
		}
		for r, line := range b.lines {
			for _, c := range cols {
				if msg := parseCell(c, b.field(r, c.Index, p.nf), decimalComma, p.missing); msg != "" {
					// A worker's first problems in file order include every
					// one of its problems among the first maxProblems overall.
					if len(p.problems[k]) < p.d.maxProblems {
						p.problems[k] = append(p.problems[k], located{line, c.Index, Problem{Line: line, Column: c.Name, Message: msg}})
					} else {
						p.omitted[k]++
					}
				}
			}
		}
		for _, c := range cols {
			c.resp.settle()
		}
		if b.pending.Add(-1) == 0 {
			if p.emit != nil {
				b.parsed <- struct{}{}
			} else {
				p.recycle(b)
			}
		}
	}
}

// consume hands the parsed batches to emit in file order (after a failed
// emit or a fatal error, only recycles them).
func (p *cellParsers) consume() {
	defer close(p.consumed)
	for b := range p.ordered {
		<-b.parsed
		if !p.failed.Load() && !p.abort.Load() {
			if err := p.emit(p.block(b)); err != nil {
				p.emitErr = err
				p.failed.Store(true)
			}
		}
		p.recycle(b)
	}
}

// block is a batch as a Dataset of its rows alone.
func (p *cellParsers) block(b *cellBatch) *Dataset {
	d := p.d
	blk := &Dataset{File: d.File, Delimiter: d.Delimiter, DecimalComma: d.DecimalComma, Columns: b.cols,
		ids: b.ids, groupOf: b.groupOf, GroupNames: b.groups, HasGroup: d.HasGroup,
		Header: d.Header, Layout: d.Layout, Source: d.Source, locate: d.locate, maxProblems: d.maxProblems}
	for _, l := range b.lines {
		blk.lines.add(l)
	}
	return blk
}

func (p *cellParsers) recycle(b *cellBatch) {
	b.buf, b.starts, b.ends, b.lines = b.buf[:0], b.starts[:0], b.ends[:0], b.lines[:0]
	if b.cols != nil {
		for _, c := range b.cols {
			c.resp.reset()
			c.Float = c.Float[:0]
			c.Text.reset()
		}
		b.ids.reset()
		b.groupOf, b.groups = b.groupOf[:0], nil
	}
	select {
	case p.free <- b:
	default:
	}
}

// add copies the scanner's current record into the current batch, in one
// piece (with emit, also the row's id and group).
func (p *cellParsers) add(sc *scanner, line int, id []byte, group uint16) {
	if p.batch == nil {
		select {
		case p.batch = <-p.free:
		default:
			p.batch = p.newBatch()
		}
	}
	b := p.batch
	base := int32(len(b.buf))
	b.buf = append(b.buf, sc.span...)
	n := len(b.starts)
	b.starts = append(b.starts, sc.starts...)
	b.ends = append(b.ends, sc.ends32...)
	for i := n; i < len(b.starts); i++ {
		b.starts[i] += base
		b.ends[i] += base
	}
	b.lines = append(b.lines, line)
	if p.emit != nil {
		b.ids.Append(id)
		b.groupOf = append(b.groupOf, group)
	}
	if len(b.lines) == p.rows || len(b.buf) > 1<<26 {
		p.flush()
	}
}

func (p *cellParsers) newBatch() *cellBatch {
	b := &cellBatch{}
	if p.emit != nil {
		b.cols = make([]*Column, len(p.d.Columns))
		for i, c := range p.d.Columns {
			cc := *c
			cc.resp.nib, cc.resp.i8, cc.resp.n = nil, nil, 0
			cc.Float, cc.Text = nil, Texts{}
			b.cols[i] = &cc
		}
		b.parsed = make(chan struct{}, 1)
	}
	return b
}

func (p *cellParsers) flush() {
	b := p.batch
	if b == nil || len(b.lines) == 0 {
		return
	}
	p.started = true
	p.batch = nil
	b.pending.Store(int32(len(p.queues)))
	b.groups = p.d.GroupNames
	for _, q := range p.queues {
		q <- b
	}
	if p.emit != nil {
		p.ordered <- b
	}
}

// finish parses what is left, waits for the workers (and the consumer)
// and returns their problems, how many more they only counted, and emit's
// error.
func (p *cellParsers) finish() ([]located, int, error) {
	if !p.failed.Load() {
		p.flush()
	}
	p.wait()
	if p.emitErr != nil {
		return nil, 0, p.emitErr
	}
	var all []located
	omitted := 0
	for k, ps := range p.problems {
		all = append(all, ps...)
		omitted += p.omitted[k]
	}
	return all, omitted, nil
}

// stop ends the workers after a fatal error.
func (p *cellParsers) stop() {
	p.abort.Store(true)
	p.wait()
}

func (p *cellParsers) wait() {
	for _, q := range p.queues {
		close(q)
	}
	p.wg.Wait()
	p.queues = nil
	if p.ordered != nil {
		close(p.ordered)
		<-p.consumed
		p.ordered = nil
	}
}
