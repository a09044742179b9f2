package report

import (
	"bytes"
	"io"
	"reflect"
	"strings"
	"sync"

	"github.com/olekukonko/ll"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/pkg/twcache"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// boxTables writes pssa's text tables: tablewriter's Blueprint renderer in
// the light box style, left-aligned header and cells, no wrapping, no
// auto-formatted headers.
//
// tablewriter.Table.Render prepares every table for features pssa does not
// use (merged cells, multi-line cells, captions, per-cell contexts with the
// cells above and below), which was most of the cost of the text format. A
// plain table (a header, rectangular rows, one-line cells) is therefore
// drawn without it: with the column widths Table.Render would compute (the
// widest trimmed cell of each column in tablewriter's display width,
// pkg/twwidth, which follows the East Asian width setting of the
// environment, plus the cell padding), the Blueprint renderer draws the
// borders and the header line, and the data rows are written as Blueprint
// writes them (see render). Any other table goes through tablewriter.Table
// as before. texttable_test.go checks that the paths write the same bytes.
type boxTables struct {
	bp     *renderer.Blueprint
	cfg    tw.Rendition
	padW   int
	widths tw.Mapper[int, int]
	cells  map[int]tw.CellContext
	line   []string
	plain  *tablewriter.Table
	// blueprintRows has Blueprint write the data rows too (for the test).
	blueprintRows bool
}

func newBoxRenderer() *renderer.Blueprint {
	return renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleLight)})
}

// quietLogger is the Blueprint's logger. A Blueprint made on its own logs
// through a logger that is disabled but not suspended, which formats every
// debug message before dropping it (a third of the renderer's time);
// tablewriter.Table hands its renderer a suspended one, as this is.
var (
	quietOnce   sync.Once
	quietLogger *ll.Logger
)

func newBoxTables() *boxTables {
	quietOnce.Do(func() {
		// twwidth memoises display widths in a process-wide LRU cache
		// behind a mutex. Each cell's width is asked for once here, and
		// nearly every cell of a document is a different string: for
		// pssa's short cells the lookup and the insertion cost more than
		// the measure (analyze on testdata/example.csv, renderText in a
		// fresh process: 1.56 ms with the cache, 1.22 ms without). The
		// widths are the same: the cache only remembers them.
		twwidth.SetCacheCapacity(0)
		quietLogger = ll.New("pssa").Suspend()
	})
	bp := newBoxRenderer()
	bp.Logger(quietLogger)
	pad := tw.PaddingDefault
	return &boxTables{
		bp:     bp,
		cfg:    bp.Config(),
		padW:   twwidth.Width(pad.Left) + twwidth.Width(pad.Right),
		widths: tw.NewMapper[int, int](),
		cells:  make(map[int]tw.CellContext),
	}
}

// document writes doc's tables, each with its title and notes, a blank
// line between tables.
func (b *boxTables) document(buf *bytes.Buffer, doc *Document) error {
	for i := range doc.Tables {
		t := &doc.Tables[i]
		if i > 0 {
			buf.WriteByte('\n')
		}
		if t.Title != "" {
			buf.WriteString(t.Title)
			buf.WriteByte('\n')
		}
		if err := b.render(buf, t); err != nil {
			return err
		}
		for _, n := range t.Notes {
			buf.WriteString(wrap(n, 100))
			buf.WriteByte('\n')
		}
	}
	return nil
}

// render writes one table (its title and notes are the caller's).
func (b *boxTables) render(w *bytes.Buffer, t *Table) error {
	if !b.simple(t) {
		return b.renderPlain(w, t)
	}
	n := len(t.Columns)
	for j := 0; j < n; j++ {
		b.widths[j] = 0
	}
	for k := range b.widths {
		if k >= n {
			delete(b.widths, k)
		}
	}
	// Column widths as tablewriter's updateWidths: display width of the
	// trimmed cell plus padding, the maximum over header and rows.
	measure := func(j int, s string) {
		if cw := twwidth.Width(s) + b.padW; cw > b.widths[j] {
			b.widths[j] = cw
		}
	}
	for j, c := range t.Columns {
		measure(j, strings.TrimSpace(c))
	}
	if cap(b.line) < n {
		b.line = make([]string, n)
	}
	line := b.line[:n]
	texts := make([]string, len(t.Rows)*n)
	cellW := make([]int, len(t.Rows)*n)
	for i, r := range t.Rows {
		for j, c := range r {
			s := strings.TrimSpace(c.display())
			texts[i*n+j] = s
			cellW[i*n+j] = twwidth.Width(s)
			if cw := cellW[i*n+j] + b.padW; cw > b.widths[j] {
				b.widths[j] = cw
			}
		}
	}
	for j := 0; j < n; j++ {
		if b.widths[j] == 0 {
			b.widths[j] = 1
		}
	}

	bp, cfg := b.bp, b.cfg
	if err := bp.Start(w); err != nil {
		return err
	}
	if cfg.Borders.Top.Enabled() && cfg.Settings.Lines.ShowTop.Enabled() {
		bp.Line(tw.Formatting{
			Row:   tw.RowContext{Widths: b.widths, Position: tw.Header, Location: tw.LocationFirst},
			Level: tw.LevelHeader,
		})
	}
	for j, c := range t.Columns {
		line[j] = strings.TrimSpace(c)
	}
	b.setCells(line)
	bp.Header(nil, tw.Formatting{
		Row:              tw.RowContext{Widths: b.widths, Current: b.cells, Position: tw.Header, Location: tw.LocationFirst},
		Level:            tw.LevelHeader,
		NormalizedWidths: b.widths,
	})
	if cfg.Settings.Lines.ShowHeaderLine.Enabled() && len(t.Rows) > 0 {
		bp.Line(tw.Formatting{
			Row:   tw.RowContext{Widths: b.widths, Position: tw.Header, Location: tw.LocationMiddle},
			Level: tw.LevelBody,
		})
	}
	// The data rows, which are nearly all of a table's cells, are written
	// here as Blueprint.renderLine writes a line of one-line, left-aligned,
	// unmerged cells with the default padding: the column symbol as left
	// border and between columns, then per cell the left pad, the text and
	// spaces to the column width (the right pad among them), then the right
	// border. Blueprint asks for several display widths and builds several
	// strings per cell for the same bytes. The borders above and below and
	// the header line stay Blueprint's: junctions, and border segments in
	// East Asian width, are its business.
	col := cfg.Symbols.Column()
	direct := !b.blueprintRows && cfg.Borders.Left.Enabled() && cfg.Borders.Right.Enabled() &&
		cfg.Settings.Separators.BetweenColumns.Enabled() && b.padW == 2
	for i := range t.Rows {
		if direct {
			for j, s := range texts[i*n : (i+1)*n] {
				w.WriteString(col)
				w.WriteByte(' ')
				w.WriteString(s)
				writeSpaces(w, b.widths[j]-1-cellW[i*n+j])
			}
			w.WriteString(col)
			w.WriteString(tw.NewLine)
			continue
		}
		b.setCells(texts[i*n : (i+1)*n])
		loc := tw.LocationMiddle
		if i == len(t.Rows)-1 {
			loc = tw.LocationEnd
		}
		bp.Row(nil, tw.Formatting{
			Row:              tw.RowContext{Widths: b.widths, Current: b.cells, Position: tw.Row, Location: loc},
			Level:            tw.LevelBody,
			NormalizedWidths: b.widths,
		})
	}
	if cfg.Borders.Bottom.Enabled() && cfg.Settings.Lines.ShowBottom.Enabled() {
		pos := tw.Row
		if len(t.Rows) == 0 {
			pos = tw.Header
		}
		bp.Line(tw.Formatting{
			Row:   tw.RowContext{Widths: b.widths, Position: pos, Location: tw.LocationEnd},
			Level: tw.LevelFooter,
		})
	}
	return bp.Close()
}

func writeSpaces(w *bytes.Buffer, n int) {
	const spaces = "                                "
	for n > len(spaces) {
		w.WriteString(spaces)
		n -= len(spaces)
	}
	if n > 0 {
		w.WriteString(spaces[:n])
	}
}

func (b *boxTables) setCells(line []string) {
	for j, s := range line {
		b.cells[j] = tw.CellContext{Data: s, Align: tw.AlignLeft, Padding: tw.PaddingDefault, Width: b.widths[j]}
	}
	for k := range b.cells {
		if k >= len(line) {
			delete(b.cells, k)
		}
	}
}

// simple reports whether t is a table the direct path draws: a header,
// rows as long as the header, and no control character in any cell (a
// newline makes a multi-line cell, a tab is expanded, an escape sequence
// has no width).
func (b *boxTables) simple(t *Table) bool {
	if len(t.Columns) == 0 {
		return false
	}
	for _, c := range t.Columns {
		if hasControl(c) {
			return false
		}
	}
	for _, r := range t.Rows {
		if len(r) != len(t.Columns) {
			return false
		}
		for _, c := range r {
			if c.Kind == Text && hasControl(c.Text) || c.Note != "" && hasControl(c.Note) {
				return false
			}
		}
	}
	return true
}

func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return true
		}
	}
	return false
}

// renderPlain is the general path: tablewriter.Table with the same
// renderer settings. One Table is reused with Reset and a one-entry
// stringer cache: tablewriter v1.1.x makes a cache map with room for
// 10,240 entries in every NewTable and again in every Reset. pssa's cells
// are strings: the stringer and its cache are not used.
func (b *boxTables) renderPlain(w *bytes.Buffer, t *Table) error {
	if b.plain == nil {
		b.plain = newPlainTable(w)
	} else {
		b.plain.Reset()
	}
	return renderPlainTable(b.plain, t)
}

func newPlainTable(w io.Writer) *tablewriter.Table {
	return tablewriter.NewTable(w,
		tablewriter.WithRenderer(newBoxRenderer()),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithStringerCacheCustom(twcache.NewLRU[reflect.Type, reflect.Value](1)),
	)
}

func renderPlainTable(tbl *tablewriter.Table, t *Table) error {
	tbl.Header(toAny(t.Columns)...)
	for _, r := range t.Rows {
		cells := make([]any, len(r))
		for j, c := range r {
			cells[j] = c.display()
		}
		if err := tbl.Append(cells...); err != nil {
			return err
		}
	}
	return tbl.Render()
}
