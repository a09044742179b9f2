package report

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Figure is the pre/post figure: one panel per scale, one line per group.
type Figure struct {
	Panels []Panel
	Level  float64 // confidence level of the intervals, for the legend
	Style  FigureStyle
}

// Panel is one scale.
type Panel struct {
	Title      string   // "RAS-R PCH: personal confidence and hope"
	YLabel     string   // range and direction
	YMin, YMax float64  // the scale's possible range
	Times      []string // time point codes, the x axis (FigureStyle.TimeNames relabels them)
	Series     []Series
}

// Series is one group's means and intervals over the panel's time points
// (NaN where the group has no score at a time point), with its
// participants' trajectories when the figure shows them.
type Series struct {
	Group        string // the group's code (FigureStyle.GroupNames gives its display name)
	Color        int    // the group's index among all groups: one color a group in every panel
	Mean, Lo, Hi []float64
	N            []int
	Trajectories [][]float64 // one per participant, NaN where missing
}

// FigureStyle is how a figure is drawn. The zero value is the default:
// panels of 3.4 × 2.8 inches (change scatters 3.2 inches square), 150 dpi,
// 9 pt type, codes as names.
type FigureStyle struct {
	// Width and Height are the whole figure's; 0: from the number of panels.
	Width, Height vg.Length
	DPI           int       // png resolution; 0: 150
	FontSize      vg.Length // legend and tick labels; titles are 1 pt larger, axis labels 1 pt smaller; 0: 9 pt
	// GroupNames and TimeNames map codes (PSW, T1) to the names the figure
	// shows (--group-names, --time-names); a code without one shows as is.
	GroupNames, TimeNames map[string]string

	pdf bool // text for the pdf canvas (plot_pdf.go)
}

// forFormat is the style for drawing in format.
func (st FigureStyle) forFormat(format string) FigureStyle {
	st.pdf = format == "pdf"
	return st
}

// textHandler measures and draws the figure's text.
func (st FigureStyle) textHandler() text.Handler {
	if st.pdf {
		return pdfHandler{text.Plain{Fonts: font.DefaultCache}}
	}
	return plot.DefaultTextHandler
}

func (st FigureStyle) fontSize() vg.Length {
	if st.FontSize > 0 {
		return st.FontSize
	}
	return vg.Points(9)
}

func (st FigureStyle) dpi() int {
	if st.DPI > 0 {
		return st.DPI
	}
	return 150
}

func (st FigureStyle) group(code string) string {
	if n, ok := st.GroupNames[code]; ok && n != "" {
		return n
	}
	return code
}

func (st FigureStyle) time(code string) string {
	if n, ok := st.TimeNames[code]; ok && n != "" {
		return n
	}
	return code
}

var groupColors = []color.RGBA{
	{R: 0x1b, G: 0x6c, B: 0xa8, A: 0xff}, // blue
	{R: 0xd9, G: 0x5f, B: 0x02, A: 0xff}, // orange
	{R: 0x1b, G: 0x9e, B: 0x77, A: 0xff}, // green
	{R: 0x75, G: 0x70, B: 0xb3, A: 0xff}, // purple
	{R: 0xe7, G: 0x29, B: 0x8a, A: 0xff}, // pink
	{R: 0x66, G: 0x66, B: 0x66, A: 0xff}, // grey
}

// sans is the figures' typeface: Liberation Sans, which gonum/plot embeds
// (metrically compatible with Arial and Helvetica, as journals ask).
func sans(size vg.Length) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
}

// RenderFigure draws the figure as svg, png or pdf: the panels in a grid of
// at most three columns and one legend for all of them below the grid.
func RenderFigure(w io.Writer, format string, fig *Figure) error {
	st := fig.Style.forFormat(format)
	g, err := meansGrid(fig, st)
	if err != nil {
		return err
	}
	return g.render(w, format)
}

// meansGrid builds the panels of the means figure and their legend.
func meansGrid(fig *Figure, st FigureStyle) (*grid, error) {
	if len(fig.Panels) == 0 {
		return nil, fmt.Errorf("nothing to plot")
	}
	return newGrid(len(fig.Panels), st, vg.Point{X: 3.4 * vg.Inch, Y: 2.8 * vg.Inch}, meansLegend(fig),
		func(i int, tile vg.Point) (*plot.Plot, error) { return panelPlot(&fig.Panels[i], st, tile) })
}

// meansLegend has one entry per group, in the order of their colors, with
// its numbers of participants per time point ("n = 16/14/11"; a range
// where the panels differ, "16/14/10–11"), and one for the whiskers.
func meansLegend(fig *Figure) []legendEntry {
	type count struct{ lo, hi int }
	type group struct {
		code  string
		color int
		times []string
		n     map[string]*count
	}
	var groups []*group
	byColor := map[int]*group{}
	for _, pn := range fig.Panels {
		for _, s := range pn.Series {
			g := byColor[s.Color]
			if g == nil {
				g = &group{code: s.Group, color: s.Color, n: map[string]*count{}}
				byColor[s.Color] = g
				groups = append(groups, g)
			}
			for t, n := range s.N {
				if t >= len(pn.Times) {
					break
				}
				c := g.n[pn.Times[t]]
				if c == nil {
					c = &count{n, n}
					g.n[pn.Times[t]] = c
					g.times = append(g.times, pn.Times[t])
				}
				c.lo, c.hi = min(c.lo, n), max(c.hi, n)
			}
		}
	}
	var out []legendEntry
	for _, g := range groups {
		ns := make([]string, len(g.times))
		for i, t := range g.times {
			c := g.n[t]
			ns[i] = fmt.Sprint(c.lo)
			if c.hi != c.lo {
				ns[i] += fmt.Sprintf("–%d", c.hi)
			}
		}
		label := fmt.Sprintf("%s (n = %s)", fig.Style.group(g.code), strings.Join(ns, "/"))
		out = append(out, legendEntry{label: label, color: groupColors[g.color%len(groupColors)], line: true, point: true})
	}
	level := fig.Level
	if level == 0 {
		level = 0.95
	}
	out = append(out, legendEntry{label: fmt.Sprintf("mean, %.10g%% CI", 100*level), color: color.Gray{Y: 0x44}, whisker: true, point: true})
	return out
}

// grid is a figure laid out: its panels in rows and columns, and the
// legend in a band of its own below them, so that it never covers data or a
// title.
type grid struct {
	st            FigureStyle
	n             int // panels
	width, height vg.Length
	plots         [][]*plot.Plot
	tiles         draw.Tiles
	legend        []legendEntry
	legendRows    [][]legendEntry
	rowHeights    []vg.Length
	legendHeight  vg.Length
}

const figurePad = 2 * vg.Millimeter

// newGrid chooses the columns (at most three, fewer when the width leaves
// a column less than two inches), the size (the style's; else the default
// panel size times the grid, the height scaled with a width asked for, plus
// the legend), flows the legend into rows that fit the width, and builds
// each panel for the size of its tile.
func newGrid(n int, st FigureStyle, panel vg.Point, legend []legendEntry, build func(i int, tile vg.Point) (*plot.Plot, error)) (*grid, error) {
	cols := min(3, n)
	if st.Width > 0 {
		cols = max(1, min(cols, int(st.Width/(2*vg.Inch))))
	}
	rows := (n + cols - 1) / cols
	g := &grid{st: st, n: n, legend: legend, width: st.Width}
	if g.width == 0 {
		g.width = vg.Length(cols) * panel.X
	}
	g.flowLegend()
	g.height = st.Height
	if g.height == 0 {
		// Panels keep the default's aspect ratio at the width asked for.
		g.height = vg.Length(rows)*panel.Y*(g.width/vg.Length(cols))/panel.X + g.legendHeight
	}
	g.tiles = draw.Tiles{Rows: rows, Cols: cols, PadX: figurePad, PadY: figurePad,
		PadTop: figurePad, PadBottom: figurePad, PadLeft: figurePad, PadRight: figurePad}
	tile := vg.Point{
		X: (g.width - 2*figurePad - vg.Length(cols-1)*figurePad) / vg.Length(cols),
		Y: (g.height - g.legendHeight - 2*figurePad - vg.Length(rows-1)*figurePad) / vg.Length(rows),
	}
	g.plots = make([][]*plot.Plot, rows)
	for r := range g.plots {
		g.plots[r] = make([]*plot.Plot, cols)
		for c := range g.plots[r] {
			i := r*cols + c
			if i >= n {
				g.plots[r][c] = emptyPlot()
				continue
			}
			p, err := build(i, tile)
			if err != nil {
				return nil, err
			}
			g.plots[r][c] = p
		}
	}
	if err := g.checkRoom(); err != nil {
		return nil, err
	}
	return g, nil
}

// FigureSizeError says that the figure's size leaves its panels no room for
// their data once titles, axes and the legend are placed: the size or the
// type size asked for does not fit the number of panels.
type FigureSizeError struct{ Msg string }

func (e *FigureSizeError) Error() string { return e.Msg }

// minData is the smallest data area a panel may be left with.
const minData = 0.6 * vg.Inch

// within says whether a lies inside b, to a hundredth of a point.
func within(a, b vg.Rectangle) bool {
	const eps = 0.01
	return a.Min.X >= b.Min.X-eps && a.Min.Y >= b.Min.Y-eps && a.Max.X <= b.Max.X+eps && a.Max.Y <= b.Max.Y+eps
}

// checkRoom lays the panels out (measuring text only; nothing is drawn)
// and refuses a size in which a data area would not fit its tile or be
// smaller than minData.
func (g *grid) checkRoom() error {
	dc := draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: g.width, Y: g.height}}}
	_, _, tiles := g.canvases(dc)
	for r, row := range g.plots {
		for c, p := range row {
			if r*len(row)+c >= g.n {
				continue // an empty tile
			}
			t, data := tiles[r][c].Rectangle, p.DataCanvas(tiles[r][c]).Rectangle
			d := data.Size()
			if !within(data, t) || d.X < minData || d.Y < minData {
				return &FigureSizeError{fmt.Sprintf("a %.3g × %.3g cm figure is too small for %d panel(s) in %d × %d with %g pt type: a panel's data area would be less than %.2g cm; make it larger or the type smaller",
					g.width/vg.Centimeter, g.height/vg.Centimeter, g.n, len(g.plots), len(row), g.st.fontSize().Points(), minData/vg.Centimeter)}
			}
		}
	}
	return nil
}

// canvases returns the area of the panels and of the legend on dc, and
// each panel's tile, aligned so that the data areas line up.
func (g *grid) canvases(dc draw.Canvas) (panels, legend draw.Canvas, tiles [][]draw.Canvas) {
	panels = draw.Crop(dc, 0, 0, g.legendHeight, 0)
	legend = draw.Crop(dc, 0, 0, 0, -(dc.Max.Y - dc.Min.Y - g.legendHeight))
	return panels, legend, plot.Align(g.plots, g.tiles, panels)
}

func (g *grid) render(w io.Writer, format string) error {
	var canvas vg.CanvasWriterTo
	switch format {
	case "svg":
		canvas = vgsvg.New(g.width, g.height)
	case "png":
		canvas = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(g.width, g.height), vgimg.UseDPI(g.st.dpi()))}
	case "pdf":
		c := vgpdf.New(g.width, g.height)
		c.EmbedFonts(true)
		canvas = c
	default:
		return fmt.Errorf("figure format %q is not svg, png or pdf", format)
	}
	dc := draw.New(canvas)
	_, lc, tiles := g.canvases(dc)
	for r := range g.plots {
		for c := range g.plots[r] {
			g.plots[r][c].Draw(tiles[r][c])
		}
	}
	g.drawLegend(lc)
	if format != "svg" {
		_, err := canvas.WriteTo(w)
		return err
	}
	// An svg names its font; a viewer without Liberation Sans would fall
	// back to its default, often a serif. Arial and Helvetica have the same
	// metrics, so the layout holds with them.
	var buf bytes.Buffer
	if _, err := canvas.WriteTo(&buf); err != nil {
		return err
	}
	_, err := w.Write(bytes.ReplaceAll(buf.Bytes(), []byte("font-family:Liberation Sans;"), []byte(svgFontFamily)))
	return err
}

const svgFontFamily = "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"

// legendEntry is one key of a figure's legend: a swatch (a line, a point,
// a whisker or a filled band, as the data are drawn) and its label.
type legendEntry struct {
	label   string
	color   color.Color
	line    bool
	dashes  []vg.Length
	point   bool
	whisker bool
	fill    color.Color // a band: filled, with a dashed border in color
}

const (
	legendSwatch = 18 // points
	legendGap    = 4  // between swatch and label
	legendSpace  = 14 // between entries
)

func (g *grid) legendStyle() text.Style {
	return text.Style{Color: color.Black, Font: sans(g.st.fontSize()), XAlign: draw.XLeft, YAlign: draw.YCenter, Handler: g.st.textHandler()}
}

func (g *grid) entryWidth(sty text.Style, e legendEntry) vg.Length {
	return vg.Points(legendSwatch+legendGap) + sty.Width(e.label)
}

// flowLegend puts the entries in rows no wider than the figure, as text
// flows (a label wider than the figure on its own is wrapped), and sets
// the legend band's height.
func (g *grid) flowLegend() {
	g.legendRows, g.rowHeights, g.legendHeight = nil, nil, 0
	if len(g.legend) == 0 {
		return
	}
	sty := g.legendStyle()
	avail := g.width - 2*figurePad
	var row []legendEntry
	var used, height vg.Length
	for _, e := range g.legend {
		if g.entryWidth(sty, e) > avail {
			e.label = wrapText(e.label, sty, avail-vg.Points(legendSwatch+legendGap))
		}
		w := g.entryWidth(sty, e)
		if len(row) > 0 && used+vg.Points(legendSpace)+w > avail {
			g.legendRows, g.rowHeights = append(g.legendRows, row), append(g.rowHeights, height)
			row, used, height = nil, 0, 0
		}
		if len(row) > 0 {
			used += vg.Points(legendSpace)
		}
		row = append(row, e)
		used += w
		height = max(height, vg.Length(1+strings.Count(e.label, "\n"))*g.legendLine())
	}
	g.legendRows, g.rowHeights = append(g.legendRows, row), append(g.rowHeights, height)
	g.legendHeight = 2 * figurePad
	for _, h := range g.rowHeights {
		g.legendHeight += h
	}
}

func (g *grid) legendLine() vg.Length { return 1.5 * g.st.fontSize() }

// legendRects are where the legend's entries are drawn, for the layout
// test: one rectangle (swatch and label) per entry.
func (g *grid) legendRects(c draw.Canvas) []vg.Rectangle {
	sty := g.legendStyle()
	var out []vg.Rectangle
	yTop := c.Max.Y - figurePad
	for r, row := range g.legendRows {
		var total vg.Length
		for i, e := range row {
			if i > 0 {
				total += vg.Points(legendSpace)
			}
			total += g.entryWidth(sty, e)
		}
		x := c.Min.X + (c.Max.X-c.Min.X-total)/2
		for _, e := range row {
			w := g.entryWidth(sty, e)
			out = append(out, vg.Rectangle{Min: vg.Point{X: x, Y: yTop - g.rowHeights[r]}, Max: vg.Point{X: x + w, Y: yTop}})
			x += w + vg.Points(legendSpace)
		}
		yTop -= g.rowHeights[r]
	}
	return out
}

func (g *grid) drawLegend(c draw.Canvas) {
	sty := g.legendStyle()
	rects := g.legendRects(c)
	var all []legendEntry
	for _, row := range g.legendRows {
		all = append(all, row...)
	}
	size := g.st.fontSize()
	for i, e := range all {
		r := rects[i]
		y := (r.Min.Y + r.Max.Y) / 2
		x0, x1 := r.Min.X, r.Min.X+vg.Points(legendSwatch)
		mid := (x0 + x1) / 2
		if e.fill != nil {
			h := size * 0.45
			box := []vg.Point{{X: x0, Y: y - h}, {X: x1, Y: y - h}, {X: x1, Y: y + h}, {X: x0, Y: y + h}}
			c.FillPolygon(e.fill, box)
			dashed := draw.LineStyle{Color: e.color, Width: vg.Points(0.5), Dashes: []vg.Length{vg.Points(2), vg.Points(1.5)}}
			c.StrokeLine2(dashed, x0, y-h, x1, y-h)
			c.StrokeLine2(dashed, x0, y+h, x1, y+h)
		}
		if e.line {
			c.StrokeLine2(draw.LineStyle{Color: e.color, Width: vg.Points(1.5), Dashes: e.dashes}, x0, y, x1, y)
		}
		if e.whisker {
			h := size * 0.5
			ls := draw.LineStyle{Color: e.color, Width: vg.Points(1)}
			c.StrokeLine2(ls, mid, y-h, mid, y+h)
			c.StrokeLine2(ls, mid-vg.Points(2.5), y-h, mid+vg.Points(2.5), y-h)
			c.StrokeLine2(ls, mid-vg.Points(2.5), y+h, mid+vg.Points(2.5), y+h)
		}
		if e.point {
			c.DrawGlyph(draw.GlyphStyle{Color: e.color, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}, vg.Point{X: mid, Y: y})
		}
		c.FillText(sty, vg.Point{X: x1 + vg.Points(legendGap), Y: y}, e.label)
	}
}

func emptyPlot() *plot.Plot {
	p := plot.New()
	p.HideAxes()
	return p
}

// styleText sets every text of p in Liberation Sans: the title 1 pt larger
// than the base size, axis labels and ticks 1 pt smaller.
func styleText(p *plot.Plot, st FigureStyle) {
	base, h := st.fontSize(), st.textHandler()
	p.Title.TextStyle.Font, p.Title.TextStyle.Handler = sans(base+vg.Points(1)), h
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font, ax.Label.TextStyle.Handler = sans(base-vg.Points(1)), h
		ax.Tick.Label.Font, ax.Tick.Label.Handler = sans(base-vg.Points(1)), h
		ax.Tick.Marker = compactTicks{ax.Tick.Marker}
	}
	p.Legend.TextStyle.Font, p.Legend.TextStyle.Handler = sans(base), h
}

// compactTicks writes tick labels without trailing zeros ("12.5", "50"
// rather than "12.50", "50.00") and with a minus sign.
type compactTicks struct{ plot.Ticker }

func (t compactTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := t.Ticker.Ticks(lo, hi)
	for i, tk := range ticks {
		l := tk.Label
		if strings.Contains(l, ".") && !strings.ContainsAny(l, "eE") {
			l = strings.TrimRight(strings.TrimRight(l, "0"), ".")
		}
		if l == "-0" {
			l = "0"
		}
		ticks[i].Label = strings.Replace(l, "-", "−", 1)
	}
	return ticks
}

// wrapText breaks s at spaces into lines no wider than width in the style.
func wrapText(s string, sty text.Style, width vg.Length) string {
	if sty.Width(s) <= width {
		return s
	}
	var lines []string
	var cur string
	for _, w := range strings.Fields(s) {
		if cur != "" && sty.Width(cur+" "+w) > width {
			lines = append(lines, cur)
			cur = w
			continue
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	return strings.Join(append(lines, cur), "\n")
}

// panelPlot draws one scale in a tile of the given size: titles and the y
// label wrap to fit it.
func panelPlot(pn *Panel, st FigureStyle, tile vg.Point) (*plot.Plot, error) {
	p := plot.New()
	styleText(p, st)
	p.Title.Text = wrapText(pn.Title, p.Title.TextStyle, 0.95*tile.X)
	p.Y.Label.Text = wrapText(pn.YLabel, p.Y.Label.TextStyle, 0.78*tile.Y)
	p.Y.Min, p.Y.Max = pn.YMin, pn.YMax
	p.X.Min, p.X.Max = -0.4, float64(len(pn.Times))-0.6
	times := make([]string, len(pn.Times))
	for i, t := range pn.Times {
		times[i] = st.time(t)
	}
	p.NominalX(times...)
	p.X.Tick.Label.Font = sans(st.fontSize() - vg.Points(1))
	p.Add(plotter.NewGrid())
	k := len(pn.Series)
	for gi, s := range pn.Series {
		col := groupColors[s.Color%len(groupColors)]
		faint := color.NRGBA{R: col.R, G: col.G, B: col.B, A: 0x38}
		for _, tr := range s.Trajectories {
			if err := addSegments(p, tr, 0, faint, 0.5, vg.Points(0.8)); err != nil {
				return nil, err
			}
		}
		// Dodge the groups a little so that their intervals do not overlap.
		dodge := 0.0
		if k > 1 {
			dodge = (float64(gi) - float64(k-1)/2) * 0.08
		}
		if err := addSegments(p, s.Mean, dodge, col, 1.5, 0); err != nil {
			return nil, err
		}
		var pts plotter.XYs
		var errs plotter.YErrors
		for t := range s.Mean {
			if math.IsNaN(s.Mean[t]) {
				continue
			}
			pts = append(pts, plotter.XY{X: float64(t) + dodge, Y: s.Mean[t]})
			lo, hi := s.Mean[t]-s.Lo[t], s.Hi[t]-s.Mean[t]
			if math.IsNaN(lo) {
				lo, hi = 0, 0
			}
			errs = append(errs, struct{ Low, High float64 }{lo, hi})
		}
		if len(pts) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle.Color = col
		sc.GlyphStyle.Radius = vg.Points(2.5)
		sc.GlyphStyle.Shape = draw.CircleGlyph{}
		eb, err := plotter.NewYErrorBars(errorPoints{pts, errs})
		if err != nil {
			return nil, err
		}
		eb.LineStyle.Color = col
		eb.LineStyle.Width = vg.Points(1)
		p.Add(eb, sc)
	}
	return p, nil
}

type errorPoints struct {
	plotter.XYs
	plotter.YErrors
}

// segments returns the runs of consecutive time points at which ys has a
// value: a line joins the points of a run and never crosses a time point
// without data (T1, T3 of a group that has no T2 are two runs of one).
func segments(ys []float64) [][]int {
	var out [][]int
	var run []int
	for t, y := range ys {
		if math.IsNaN(y) {
			if len(run) > 0 {
				out = append(out, run)
			}
			run = nil
			continue
		}
		run = append(run, t)
	}
	if len(run) > 0 {
		out = append(out, run)
	}
	return out
}

// addSegments draws ys as lines over its runs of consecutive values
// (segments); with dot > 0 a point of a run of one is drawn as a dot of
// that radius, so that a trajectory with a gap stays visible.
func addSegments(p *plot.Plot, ys []float64, dx float64, col color.Color, width float64, dot vg.Length) error {
	for _, run := range segments(ys) {
		pts := make(plotter.XYs, len(run))
		for i, t := range run {
			pts[i] = plotter.XY{X: float64(t) + dx, Y: ys[t]}
		}
		if len(pts) == 1 {
			if dot == 0 {
				continue
			}
			sc, err := plotter.NewScatter(pts)
			if err != nil {
				return err
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: col, Radius: dot, Shape: draw.CircleGlyph{}}
			p.Add(sc)
			continue
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return err
		}
		l.LineStyle.Color = col
		l.LineStyle.Width = vg.Points(width)
		p.Add(l)
	}
	return nil
}
