package cmd

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/bits"
	"os"
	"runtime"
	"strconv"
	"sync"

	"github.com/spf13/cobra"

	"github.com/pssa-project/pssa/instruments"
	"github.com/pssa-project/pssa/internal/scoring"

	"github.com/pssa-project/pssa/internal/dataset"
	"github.com/pssa-project/pssa/internal/report"
)

type scoreOptions struct {
	*globalOptions
	file string
}

func newScoreCmd(g *globalOptions) *cobra.Command {
	o := &scoreOptions{globalOptions: g}
	return &cobra.Command{
		Use:   "score FILE",
		Short: "Write the scored wide file: id, group, pass-through columns, then every scale score",
		Long: `score applies each instrument's key (reverse items, subscales, prorating when at
most 20% of a scale's items are missing) and writes one row per participant:
id, group, the pass-through columns, then <INSTRUMENT>_<SCALE>_<TIME> columns
(e.g. CAMI_AU_T1, RAS-R_PCH_T2, COPM_PERF_T1). Missing scores are empty in csv/tsv
and null in json. The number of prorated scores goes to standard error.`,
		Example: `  pssa score scores.csv --format csv > scored.csv
  pssa score scores.csv -o scored.csv
  pssa score scores.csv --variant SWLS=spanish-5 --format tsv`,
		Args: exactArgs(1, "one FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.file = args[0]
			return runScore(cmd, o)
		},
	}
}

func runScore(cmd *cobra.Command, o *scoreOptions) error {
	if (o.format == "csv" || o.format == "tsv") && fileFormat(o.file) == "csv" {
		if sink := o.newScoredSink(cmd); sink != nil {
			defer sink.close()
			return o.streamScore(cmd, sink)
		}
	}
	l, err := o.load(cmd, o.file, true)
	if err != nil {
		return err
	}
	delimited := o.format == "csv" || o.format == "tsv"
	var sc *scoring.Scores
	var cols []scoredColumn
	if delimited {
		// Row by row from compact columns: a registry's scored file is never
		// held as a table, nor every score as floats at once.
		sc = scoring.ScoreLazy(l.data, l.reg)
		cols = encodeScores(sc)
	} else {
		sc = scoring.ScoreDataset(l.data, l.reg)
	}
	o.warnProblems(l.data.Warnings())
	if len(sc.Scores) == 0 {
		return noInstruments(l)
	}
	total, scales := 0, 0
	for _, s := range sc.Scores {
		if s.NProrated > 0 {
			total += s.NProrated
			scales++
		}
	}
	if total > 0 {
		o.warn(fmt.Sprintf("note: %d %s prorated in %d %s (items missing, within each instrument's limit); 'pssa describe' counts them per scale",
			total, plural(total, "score", "scores"), scales, plural(scales, "column", "columns")))
	}
	if delimited {
		comma := byte(',')
		if o.format == "tsv" {
			comma = '\t'
		}
		return o.emitStream(cmd, func(w io.Writer) error {
			return writeScored(w, comma, sc, cols)
		}, o.file)
	}
	return o.emit(cmd, scoredDocument(sc), o.file)
}

// scoredColumn is one score column ready to write: each row's code into a
// table of the column's distinct values, formatted once (scores are sums or
// means of a few small integers: a few hundred distinct values at most).
// A column with more distinct values than codes keeps its floats.
type scoredColumn struct {
	text    [][]byte // text[0] is the empty cell of a missing score
	codes8  []uint8
	codes16 []uint16
	values  []float64
}

func (c *scoredColumn) append(dst []byte, i int) []byte {
	switch {
	case c.codes8 != nil:
		return append(dst, c.text[c.codes8[i]]...)
	case c.codes16 != nil:
		return append(dst, c.text[c.codes16[i]]...)
	}
	return appendFullPrecision(dst, c.values[i])
}

// appendFullPrecision appends report.FullPrecision(v) without a string.
func appendFullPrecision(dst []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return dst
	}
	return strconv.AppendFloat(dst, v, 'g', -1, 64)
}

// encodeScores computes each score (two at a time), encodes it and drops
// its floats; the scores' row warnings are added to the dataset in score
// order, as ScoreDataset adds them.
func encodeScores(sc *scoring.Scores) []scoredColumn {
	cols := make([]scoredColumn, len(sc.Scores))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(sc.Scores)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				s := sc.Scores[k]
				s.Compute()
				cols[k] = encodeScore(s)
				if cols[k].values == nil {
					warnings := s.Warnings
					s.Release()
					s.Warnings = warnings
				}
			}
		}()
	}
	for k := range sc.Scores {
		next <- k
	}
	close(next)
	wg.Wait()
	for _, s := range sc.Scores {
		for _, w := range s.Warnings {
			sc.Data.AddProblem(w)
		}
		s.Warnings = nil
	}
	return cols
}

// encodeScore codes a computed score's values for writing, read in
// whatever form the score is held (scoring's compact forms are not expanded
// to float64 first).
func encodeScore(s *scoring.Score) scoredColumn {
	return encodeValues(s.Rows(), s.Value, s.Floats)
}

// encodeValues codes n values read by at (floats returns them all, kept
// as they are when there are too many distinct ones to code).
func encodeValues(n int, at func(int) float64, floats func() []float64) scoredColumn {
	d := newFloatDict()
	codes := make([]uint16, n)
	for i := range codes {
		v := at(i)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue // code 0: the empty cell
		}
		c, ok := d.code(v)
		if !ok {
			return scoredColumn{values: floats()}
		}
		codes[i] = c
	}
	col := scoredColumn{text: d.text}
	if len(d.text) <= 1<<8 {
		col.codes8 = make([]uint8, len(codes))
		for i, c := range codes {
			col.codes8[i] = uint8(c)
		}
	} else {
		col.codes16 = codes
	}
	return col
}

// floatDict numbers distinct float64 values (by their bits, so that 0 and
// −0, which format differently, stay apart) in an open-addressing table.
type floatDict struct {
	keys  []uint64
	codes []uint16 // 0: empty slot
	text  [][]byte
}

func newFloatDict() *floatDict {
	return &floatDict{keys: make([]uint64, 1024), codes: make([]uint16, 1024), text: [][]byte{nil}}
}

func (d *floatDict) code(v float64) (uint16, bool) {
	bits := math.Float64bits(v)
	mask := uint64(len(d.keys) - 1)
	for h := slotOf(bits, mask); ; h = (h + 1) & mask {
		switch {
		case d.codes[h] == 0:
			if len(d.text) == 1<<16 {
				return 0, false
			}
			c := uint16(len(d.text))
			d.text = append(d.text, appendFullPrecision(nil, v))
			d.keys[h], d.codes[h] = bits, c
			if 2*len(d.text) > len(d.keys) {
				d.grow()
			}
			return c, true
		case d.keys[h] == bits:
			return d.codes[h], true
		}
	}
}

func (d *floatDict) grow() {
	keys, codes := d.keys, d.codes
	d.keys, d.codes = make([]uint64, 2*len(keys)), make([]uint16, 2*len(keys))
	mask := uint64(len(d.keys) - 1)
	for i, c := range codes {
		if c == 0 {
			continue
		}
		h := slotOf(keys[i], mask)
		for d.codes[h] != 0 {
			h = (h + 1) & mask
		}
		d.keys[h], d.codes[h] = keys[i], c
	}
}

// scoredSink is where a streamed scored file goes until the whole input is
// known to have no errors: -o's temporary file, renamed into place at the
// end, or a spool file copied at the end to standard output (or to -o onto
// a device or a pipe). An input with errors thus writes nothing, as the
// whole-file path does.
type scoredSink struct {
	file  *atomicFile // -o, a regular file
	spool *os.File
	bw    *bufio.Writer
	err   error // the first failed write
}

// newScoredSink returns nil when -o fails the checks emitStream makes: the
// whole-file path then reports that in its turn (after the input's errors).
func (o *scoreOptions) newScoredSink(cmd *cobra.Command) *scoredSink {
	s := &scoredSink{}
	if o.output != "" && o.output != "-" {
		if o.file != "" && o.file != "-" && samePath(o.file, o.output) || o.checkOutputExt(cmd) != nil {
			return nil
		}
		if st, err := os.Stat(o.output); err != nil || st.Mode().IsRegular() {
			f, err := createAtomic(o.output)
			if err != nil {
				return nil
			}
			s.file = f
			s.bw = bufio.NewWriterSize(f, 1<<20)
			return s
		}
	}
	f, err := os.CreateTemp("", "pssa-score-*.tmp")
	if err != nil {
		return nil
	}
	s.spool = f
	s.bw = bufio.NewWriterSize(f, 1<<20)
	return s
}

func (s *scoredSink) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.bw.Write(p)
	if err != nil {
		s.err = err
	}
	return n, err
}

// close removes what was not committed.
func (s *scoredSink) close() {
	if s.file != nil {
		s.file.Abort()
	}
	if s.spool != nil {
		s.spool.Close()
		os.Remove(s.spool.Name())
	}
}

// commit puts the scored file in place.
func (s *scoredSink) commit(cmd *cobra.Command, o *scoreOptions) error {
	if s.err != nil {
		return s.err
	}
	if s.file != nil {
		if err := s.bw.Flush(); err != nil {
			return fmt.Errorf("-o %s: %v", o.output, err)
		}
		return s.file.Commit()
	}
	if err := s.bw.Flush(); err != nil {
		return err
	}
	if _, err := s.spool.Seek(0, io.SeekStart); err != nil {
		return err
	}
	return o.emitStream(cmd, func(w io.Writer) error {
		_, err := io.Copy(w, struct{ io.Reader }{s.spool})
		return err
	}, o.file)
}

// streamScore is runScore for a CSV written as csv or tsv: the rows are
// scored and written block by block as they are read (dataset.LoadBlocks),
// so that a registry-sized file is never held whole. What needs every row
// (the duplicate-id check, the problems, the prorating counts, the first
// rows where a given score disagrees with its items) is kept as it goes;
// the messages and the bytes written are those of the whole-file path.
func (o *scoreOptions) streamScore(cmd *cobra.Command, sink *scoredSink) error {
	reg, err := o.registry()
	if err != nil {
		return err
	}
	comma := byte(',')
	if o.format == "tsv" {
		comma = '\t'
	}
	bs := &blockScorer{reg: reg, comma: comma, w: sink}
	l, err := o.loadBlocks(cmd, o.file, true, reg, bs.block)
	if err != nil {
		return err
	}
	ds := l.data
	sc := scoring.ScoreLazy(ds, reg) // adds the header-level warnings, in their place
	total, scales := 0, 0
	for k := range sc.Scores {
		if bs.tallies == nil {
			break // no rows
		}
		t := &bs.tallies[k]
		for _, w := range t.warnings {
			ds.AddProblem(w)
		}
		if t.bad > scoring.ShownDisagreements {
			ds.AddProblem(scoring.MoreDisagreements(ds.File, t.column, t.bad-scoring.ShownDisagreements))
		}
		if t.prorated > 0 {
			total += t.prorated
			scales++
		}
	}
	o.warnProblems(ds.Warnings())
	if len(sc.Scores) == 0 {
		return noInstruments(l)
	}
	if total > 0 {
		o.warn(fmt.Sprintf("note: %d %s prorated in %d %s (items missing, within each instrument's limit); 'pssa describe' counts them per scale",
			total, plural(total, "score", "scores"), scales, plural(scales, "column", "columns")))
	}
	if !bs.started {
		bs.writeHeader(sc)
	}
	return sink.commit(cmd, o)
}

// blockScorer scores and writes the blocks of rows LoadBlocks reads.
type blockScorer struct {
	reg     *instruments.Registry
	comma   byte
	w       io.Writer
	started bool // the header line is written
	tallies []scoreTally
	dicts   []*floatDict // each score column's formatted values
	buf     []byte
}

// scoreTally is what a score column's blocks add up to.
type scoreTally struct {
	prorated int
	bad      int               // rows where a given score disagrees with the items
	warnings []dataset.Problem // the first ShownDisagreements of them
	column   string            // the given score's column
}

func (bs *blockScorer) writeHeader(sc *scoring.Scores) {
	bs.started = true
	bs.w.Write(scoredHeader(sc, bs.comma))
}

func (bs *blockScorer) block(b *dataset.Dataset) error {
	sc := scoring.ScoreLazy(b, bs.reg)
	if !bs.started {
		bs.writeHeader(sc)
		bs.tallies = make([]scoreTally, len(sc.Scores))
		bs.dicts = make([]*floatDict, len(sc.Scores))
		for k := range bs.dicts {
			bs.dicts[k] = newFloatDict()
		}
	}
	for k, s := range sc.Scores {
		s.Compute()
		t := &bs.tallies[k]
		t.prorated += s.NProrated
		rows := s.Warnings[:min(len(s.Warnings), s.NDisagree, scoring.ShownDisagreements)]
		if len(rows) > 0 && t.column == "" {
			t.column = rows[0].Column
		}
		for _, w := range rows {
			if len(t.warnings) < scoring.ShownDisagreements {
				t.warnings = append(t.warnings, w)
			}
		}
		t.bad += s.NDisagree
	}
	var extra []*dataset.Column
	for _, c := range b.Columns {
		if c.Kind == dataset.KindExtra {
			extra = append(extra, c)
		}
	}
	comma := bs.comma
	buf := bs.buf[:0]
	for i := 0; i < b.Rows(); i++ {
		buf = report.AppendText(buf, b.ID(i), comma)
		buf = append(buf, comma)
		buf = report.AppendText(buf, b.Group(i), comma)
		for _, c := range extra {
			buf = append(buf, comma)
			buf = report.AppendText(buf, c.Text.At(i), comma)
		}
		for k, s := range sc.Scores {
			buf = append(buf, comma)
			v := s.Value(i)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			if c, ok := bs.dicts[k].code(v); ok {
				buf = append(buf, bs.dicts[k].text[c]...)
			} else {
				buf = appendFullPrecision(buf, v)
			}
		}
		buf = append(buf, '\n')
	}
	bs.buf = buf
	bs.w.Write(buf) // a failed write is the sink's, returned at the end
	return nil
}

// scoredHeader is the scored file's header line.
func scoredHeader(sc *scoring.Scores, comma byte) []byte {
	header, _ := scoredRows(sc)
	var line []byte
	for j, h := range header {
		if j > 0 {
			line = append(line, comma)
		}
		line = report.AppendField(line, h, comma)
	}
	return append(line, '\n')
}

// writeScored writes the scored file (the bytes report.StreamDelimited
// would write for scoredRows) in blocks of rows formatted on every core
// and written in order.
func writeScored(w io.Writer, comma byte, sc *scoring.Scores, cols []scoredColumn) error {
	if _, err := w.Write(scoredHeader(sc, comma)); err != nil {
		return err
	}
	ds := sc.Data
	var extra []*dataset.Column
	for _, c := range ds.Columns {
		if c.Kind == dataset.KindExtra {
			extra = append(extra, c)
		}
	}
	const block = 4096
	n := ds.Rows()
	format := func(buf []byte, lo, hi int) []byte {
		for i := lo; i < hi; i++ {
			buf = report.AppendText(buf, ds.ID(i), comma)
			buf = append(buf, comma)
			buf = report.AppendText(buf, ds.Group(i), comma)
			for _, c := range extra {
				buf = append(buf, comma)
				buf = report.AppendText(buf, c.Text.At(i), comma)
			}
			for k := range cols {
				buf = append(buf, comma)
				buf = cols[k].append(buf, i)
			}
			buf = append(buf, '\n')
		}
		return buf
	}
	// Blocks are formatted concurrently, at most 2·GOMAXPROCS ahead of the
	// writer, and written in file order.
	pending := make(chan chan *[]byte, 2*runtime.GOMAXPROCS(0))
	done := make(chan struct{})
	defer close(done)
	var free sync.Pool
	go func() {
		defer close(pending)
		for lo := 0; lo < n; lo += block {
			ch := make(chan *[]byte, 1)
			select {
			case pending <- ch:
			case <-done:
				return
			}
			go func(lo int) {
				buf, _ := free.Get().(*[]byte)
				if buf == nil {
					buf = new([]byte)
				}
				*buf = format((*buf)[:0], lo, min(lo+block, n))
				ch <- buf
			}(lo)
		}
	}()
	for ch := range pending {
		buf := <-ch
		if _, err := w.Write(*buf); err != nil {
			return err
		}
		free.Put(buf)
	}
	return nil
}

// scoredRows is the scored file's header and a function that fills row i.
func scoredRows(sc *scoring.Scores) ([]string, func(int, []report.Cell)) {
	ds := sc.Data
	header := []string{"id", "group"}
	var extra []*dataset.Column
	for _, c := range ds.Columns {
		if c.Kind == dataset.KindExtra {
			extra = append(extra, c)
			header = append(header, c.Name)
		}
	}
	for _, s := range sc.Scores {
		header = append(header, s.Name())
	}
	return header, func(i int, row []report.Cell) {
		row[0], row[1] = report.T(ds.ID(i)), report.T(ds.Group(i))
		k := 2
		for _, c := range extra {
			row[k] = report.T(c.Text.At(i))
			k++
		}
		for _, s := range sc.Scores {
			row[k] = report.N(s.Value(i), 2)
			k++
		}
	}
}

func scoredDocument(sc *scoring.Scores) *report.Document {
	header, fill := scoredRows(sc)
	t := report.Table{Columns: header}
	for i := 0; i < sc.Data.Rows(); i++ {
		row := make([]report.Cell, len(header))
		fill(i, row)
		t.Rows = append(t.Rows, row)
	}
	return &report.Document{Tables: []report.Table{t}}
}

// slotOf is the home slot of a float's bits in a table of mask+1 slots (a
// power of two): the top bits of a Fibonacci hash, which depend on every bit
// of the key (small integers and simple fractions have long runs of zero
// low bits, which the product's low and middle bits would keep).
func slotOf(key, mask uint64) uint64 {
	return (key * 0x9E3779B97F4A7C15) >> (64 - bits.OnesCount64(mask))
}
