package report

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/pssa-project/pssa/internal/results"
)

// ChangePanel is one Jacobson–Truax scatter: a group's from- and to-scores
// on one scale and contrast, the identity line, the band inside which a
// change is not reliable, and the cutoff.
type ChangePanel struct {
	Title          string // with codes; the renderer rebuilds it with FigureStyle's names
	XLabel, YLabel string
	// Group, Scale, From, To and Method name the panel (codes).
	Group, Scale, From, To, Method string
	Better                         string // the scale's better direction: higher, lower or none
	// Band is the half-width of the no-reliable-change band around the
	// identity line: z·S_diff (jt) or the minimal important difference (mid).
	Band   float64
	Cutoff float64 // NaN without a cutoff
	// Points by category, in the order of categoryNames.
	Points [5]plotter.XYs
}

var categoryNames = []string{"recovered", "improved", "unchanged", "deteriorated", "harmed"}

// categoryColors reuse the figure palette: green, blue, grey, orange, pink.
var categoryColors = []color.RGBA{groupColors[2], groupColors[0], groupColors[5], groupColors[1], groupColors[4]}

var (
	identityColor = color.RGBA{R: 0x44, G: 0x44, B: 0x44, A: 0xff}
	bandColor     = color.RGBA{R: 0xe6, G: 0xe6, B: 0xe6, A: 0xff} // opaque: pdf draws no transparency
	cutoffColor   = color.RGBA{R: 0xb2, G: 0x18, B: 0x2b, A: 0xff}
)

// ChangeFigureFrom makes one panel per group, scale and contrast with a
// Jacobson–Truax (or MID) row that could be computed. Hageman–Arrindell rows
// are left out: their band is not a fixed distance from the identity line.
// z is the reliable-change threshold the rows were computed with.
func ChangeFigureFrom(res *results.Analysis, z float64) []ChangePanel {
	type key struct{ g, inst, scale, from, to, method string }
	pts := map[key]*ChangePanel{}
	var panels []*ChangePanel
	for _, c := range res.Change {
		if c.Method == "ha" || c.NUnchanged == nil {
			continue
		}
		band := z * c.SDiff
		if c.Method == "mid" {
			band = c.SDiff
		}
		p := &ChangePanel{Group: c.Group, Scale: ScaleLabel(c.Scale), From: c.From, To: c.To, Method: c.Method,
			Better: c.Scale.Better, Band: band, Cutoff: c.Cutoff}
		p.Title, p.XLabel, p.YLabel = p.labels(FigureStyle{})
		pts[key{c.Group, c.Instrument, c.ScaleCode, c.From, c.To, c.Method}] = p
		panels = append(panels, p)
	}
	for _, q := range res.ChangeParticipants {
		p := pts[key{q.Group, q.Instrument, q.ScaleCode, q.From, q.To, q.Method}]
		if p == nil {
			continue
		}
		for i, n := range categoryNames {
			if n == q.Category {
				p.Points[i] = append(p.Points[i], plotter.XY{X: q.ScoreFrom, Y: q.ScoreTo})
			}
		}
	}
	out := make([]ChangePanel, len(panels))
	for i, p := range panels {
		out[i] = *p
	}
	return out
}

// labels are the panel's title and axis labels with the style's names:
// "Peer support workers, SWLS: Pre–Post (JT)", "Pre (↑ better)".
func (pn *ChangePanel) labels(st FigureStyle) (title, x, y string) {
	if pn.Group == "" {
		return pn.Title, pn.XLabel, pn.YLabel
	}
	arrow := map[string]string{"higher": " (↑ better)", "lower": " (↓ better)"}[pn.Better]
	from, to := st.time(pn.From), st.time(pn.To)
	title = fmt.Sprintf("%s, %s: %s–%s (%s)", st.group(pn.Group), pn.Scale, from, to, strings.ToUpper(pn.Method))
	return title, from + arrow, to + arrow
}

// counts is the panel's second title line: how many participants fell in
// each category ("improved 1 · unchanged 11 · deteriorated 2").
func (pn *ChangePanel) counts() string {
	var parts []string
	for i, pts := range pn.Points {
		if len(pts) > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", categoryNames[i], len(pts)))
		}
	}
	return strings.Join(parts, " · ")
}

// RenderChangeFigure draws the panels as svg, png or pdf in a grid of at
// most three columns with one legend below, as RenderFigure does, in the
// default style.
func RenderChangeFigure(w io.Writer, format string, panels []ChangePanel) error {
	return RenderChangeFigureStyle(w, format, panels, FigureStyle{})
}

// RenderChangeFigureStyle is RenderChangeFigure with a style (size, type
// size, dpi, group and time names).
func RenderChangeFigureStyle(w io.Writer, format string, panels []ChangePanel, st FigureStyle) error {
	g, err := changeGrid(panels, st.forFormat(format))
	if err != nil {
		return err
	}
	return g.render(w, format)
}

func changeGrid(panels []ChangePanel, st FigureStyle) (*grid, error) {
	if len(panels) == 0 {
		return nil, fmt.Errorf("nothing to plot: no scale has a reliable change index (give a reliability with --reliability)")
	}
	return newGrid(len(panels), st, vg.Point{X: 3.2 * vg.Inch, Y: 3.2 * vg.Inch}, changeLegend(panels),
		func(i int, tile vg.Point) (*plot.Plot, error) { return changePlot(&panels[i], st, tile) })
}

// changeLegend keys the categories that occur in any panel, the identity
// line, the band and, when a panel has one, the cutoff.
func changeLegend(panels []ChangePanel) []legendEntry {
	var out []legendEntry
	cutoff := false
	for i, name := range categoryNames {
		any := false
		for _, p := range panels {
			any = any || len(p.Points[i]) > 0
		}
		if any {
			out = append(out, legendEntry{label: name, color: categoryColors[i], point: true})
		}
	}
	for _, p := range panels {
		cutoff = cutoff || !math.IsNaN(p.Cutoff)
	}
	out = append(out,
		legendEntry{label: "no change", color: identityColor, line: true},
		legendEntry{label: "no reliable change", color: identityColor, fill: bandColor})
	if cutoff {
		out = append(out, legendEntry{label: "cutoff", color: cutoffColor, line: true, dashes: []vg.Length{vg.Points(4), vg.Points(3)}})
	}
	return out
}

// changePlot draws one Jacobson–Truax panel: the band, the identity and
// cutoff lines, and the points by category.
//
// Long because each layer of the panel is a few lines of gonum/plot calls.
func changePlot(pn *ChangePanel, st FigureStyle, tile vg.Point) (*plot.Plot, error) {
	p := plot.New()
	styleText(p, st)
	title, xl, yl := pn.labels(st)
	p.Title.Text = wrapText(title, p.Title.TextStyle, 0.95*tile.X)
	if c := pn.counts(); c != "" {
		p.Title.Text += "\n" + wrapText(c, p.Title.TextStyle, 0.95*tile.X)
	}
	p.X.Label.Text, p.Y.Label.Text = wrapText(xl, p.X.Label.TextStyle, 0.8*tile.X), wrapText(yl, p.Y.Label.TextStyle, 0.78*tile.Y)
	// A square data range holding every point and the cutoff, padded by the band.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, pts := range pn.Points {
		for _, q := range pts {
			lo, hi = math.Min(lo, math.Min(q.X, q.Y)), math.Max(hi, math.Max(q.X, q.Y))
		}
	}
	if !math.IsNaN(pn.Cutoff) {
		lo, hi = math.Min(lo, pn.Cutoff), math.Max(hi, pn.Cutoff)
	}
	if math.IsInf(lo, 0) {
		lo, hi = 0, 1
	}
	padBy := math.Max(pn.Band, 0.05*(hi-lo))
	lo, hi = lo-padBy, hi+padBy
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = lo, hi, lo, hi
	line := func(x0, y0, x1, y1 float64, col color.Color, width float64, dashed bool) error {
		l, err := plotter.NewLine(plotter.XYs{{X: x0, Y: y0}, {X: x1, Y: y1}})
		if err != nil {
			return err
		}
		l.LineStyle.Color = col
		l.LineStyle.Width = vg.Points(width)
		if dashed {
			l.LineStyle.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		}
		p.Add(l)
		return nil
	}
	grey := identityColor
	// The no-reliable-change band, shaded, then the identity line.
	band, err := plotter.NewPolygon(plotter.XYs{{X: lo, Y: lo - pn.Band}, {X: hi, Y: hi - pn.Band}, {X: hi, Y: hi + pn.Band}, {X: lo, Y: lo + pn.Band}})
	if err != nil {
		return nil, err
	}
	band.Color = bandColor
	band.LineStyle.Width = 0
	band.LineStyle.Color = color.Transparent
	p.Add(band, plotter.NewGrid()) // the grid over the (opaque) band
	if err := line(lo, lo-pn.Band, hi, hi-pn.Band, grey, 0.5, true); err != nil {
		return nil, err
	}
	if err := line(lo, lo+pn.Band, hi, hi+pn.Band, grey, 0.5, true); err != nil {
		return nil, err
	}
	if err := line(lo, lo, hi, hi, grey, 1, false); err != nil {
		return nil, err
	}
	if !math.IsNaN(pn.Cutoff) {
		red := cutoffColor
		if err := line(pn.Cutoff, lo, pn.Cutoff, hi, red, 0.8, true); err != nil {
			return nil, err
		}
		if err := line(lo, pn.Cutoff, hi, pn.Cutoff, red, 0.8, true); err != nil {
			return nil, err
		}
	}
	for i, pts := range pn.Points {
		if len(pts) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle.Color = categoryColors[i]
		sc.GlyphStyle.Radius = vg.Points(2.2)
		sc.GlyphStyle.Shape = draw.CircleGlyph{}
		p.Add(sc)
	}
	return p, nil
}
