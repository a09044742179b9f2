package cmd

import (
	"fmt"
	"io"
	"math"
	"math/bits"
	"runtime"
	"strconv"
	"sync"

	"github.com/pssa-project/pssa/internal/scoring"

	"github.com/spf13/cobra"

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
				cols[k] = encodeColumn(s.Values)
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

func encodeColumn(values []float64) scoredColumn {
	d := newFloatDict()
	codes := make([]uint16, len(values))
	for i, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue // code 0: the empty cell
		}
		c, ok := d.code(v)
		if !ok {
			return scoredColumn{values: values}
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

// writeScored writes the scored file (the bytes report.StreamDelimited
// would write for scoredRows) in blocks of rows formatted on every core
// and written in order.
func writeScored(w io.Writer, comma byte, sc *scoring.Scores, cols []scoredColumn) error {
	header, _ := scoredRows(sc)
	var line []byte
	for j, h := range header {
		if j > 0 {
			line = append(line, comma)
		}
		line = report.AppendField(line, h, comma)
	}
	if _, err := w.Write(append(line, '\n')); err != nil {
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
			row[k] = report.N(s.Values[i], 2)
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
