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
type cellParsers struct {
	d        *Dataset
	nf       int
	missing  missingSet
	batch    *cellBatch
	queues   []chan *cellBatch
	free     chan *cellBatch
	wg       sync.WaitGroup
	problems [][]located
	omitted  []int // problems beyond the cap, per worker (only counted)
	started  bool  // a batch has been handed to the workers
}

// cellBatch holds batchRows records: their bytes end to end in buf, with
// the start and end offset of each field.
type cellBatch struct {
	buf     []byte
	starts  []int32
	ends    []int32
	lines   []int
	pending atomic.Int32
}

const batchRows = 4096

func (b *cellBatch) field(r, f, nf int) []byte {
	i := r*nf + f
	return b.buf[b.starts[i]:b.ends[i]]
}

func newCellParsers(d *Dataset, nf int, missing missingSet) *cellParsers {
	w := max(1, min(runtime.GOMAXPROCS(0), len(d.Columns)))
	p := &cellParsers{d: d, nf: nf, missing: missing, free: make(chan *cellBatch, 2*w+2),
		queues: make([]chan *cellBatch, w), problems: make([][]located, w), omitted: make([]int, w)}
	// Round-robin: neighbouring columns (items of one instrument, of one
	// kind) spread evenly over the workers.
	shares := make([][]*Column, w)
	for i, c := range d.Columns {
		shares[i%w] = append(shares[i%w], c)
	}
	for k := range p.queues {
		p.queues[k] = make(chan *cellBatch, 2)
		p.wg.Add(1)
		go p.work(k, shares[k])
	}
	return p
}

func (p *cellParsers) work(k int, cols []*Column) {
	defer p.wg.Done()
	decimalComma := p.d.DecimalComma
	for b := range p.queues[k] {
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
		if b.pending.Add(-1) == 0 {
			p.recycle(b)
		}
	}
}

func (p *cellParsers) recycle(b *cellBatch) {
	b.buf, b.starts, b.ends, b.lines = b.buf[:0], b.starts[:0], b.ends[:0], b.lines[:0]
	select {
	case p.free <- b:
	default:
	}
}

// add copies the scanner's current record into the current batch, in one
// piece.
func (p *cellParsers) add(sc *scanner, line int) {
	if p.batch == nil {
		select {
		case p.batch = <-p.free:
		default:
			p.batch = &cellBatch{}
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
	if len(b.lines) == batchRows || len(b.buf) > 1<<26 {
		p.flush()
	}
}

func (p *cellParsers) flush() {
	b := p.batch
	if b == nil || len(b.lines) == 0 {
		return
	}
	p.started = true
	p.batch = nil
	b.pending.Store(int32(len(p.queues)))
	for _, q := range p.queues {
		q <- b
	}
}

// finish parses what is left, waits for the workers and returns their
// problems and how many more they only counted.
func (p *cellParsers) finish() ([]located, int) {
	p.flush()
	p.stop()
	var all []located
	omitted := 0
	for k, ps := range p.problems {
		all = append(all, ps...)
		omitted += p.omitted[k]
	}
	return all, omitted
}

// stop ends the workers (after a fatal error, or from finish).
func (p *cellParsers) stop() {
	for _, q := range p.queues {
		close(q)
	}
	p.wg.Wait()
	p.queues = nil
}
