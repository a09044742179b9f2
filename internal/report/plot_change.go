package report

import (
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/pssa-project/pssa/internal/results"
)

// ChangePanel is one Jacobson–Truax scatter: a group's from- and to-scores
// on one scale and contrast, the identity line, the band inside which a
// change is not reliable, and the cutoff.
type ChangePanel struct {
	Title          string
	XLabel, YLabel string
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
		arrow := map[string]string{"higher": " (↑ better)", "lower": " (↓ better)"}[c.Scale.Better]
		p := &ChangePanel{Title: fmt.Sprintf("%s %s %s–%s (%s)", c.Group, ScaleLabel(c.Scale), c.From, c.To, c.Method),
			XLabel: c.From + arrow, YLabel: c.To + arrow, Band: band, Cutoff: c.Cutoff}
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

// RenderChangeFigure draws the panels as svg, png or pdf in a grid of at
// most three columns, as RenderFigure lays out its panels.
func RenderChangeFigure(w io.Writer, format string, panels []ChangePanel) error {
	n := len(panels)
	if n == 0 {
		return fmt.Errorf("nothing to plot: no scale has a reliable change index (give a reliability with --reliability)")
	}
	cols := min(3, n)
	rows := (n + cols - 1) / cols
	side := 3.2 * vg.Inch
	width, height := vg.Length(cols)*side, vg.Length(rows)*side
	var canvas vg.CanvasWriterTo
	switch format {
	case "svg":
		canvas = vgsvg.New(width, height)
	case "png":
		canvas = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(150))}
	case "pdf":
		c := vgpdf.New(width, height)
		c.EmbedFonts(true)
		canvas = c
	default:
		return fmt.Errorf("figure format %q is not svg, png or pdf", format)
	}
	plots := make([][]*plot.Plot, rows)
	for r := range plots {
		plots[r] = make([]*plot.Plot, cols)
		for c := range plots[r] {
			i := r*cols + c
			if i >= n {
				plots[r][c] = emptyPlot()
				continue
			}
			p, err := changePlot(&panels[i])
			if err != nil {
				return err
			}
			plots[r][c] = p
		}
	}
	dc := draw.New(canvas)
	pad := vg.Millimeter * 2
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: pad, PadY: pad, PadTop: pad, PadBottom: pad, PadLeft: pad, PadRight: pad}
	canvases := plot.Align(plots, tiles, dc)
	for r := range plots {
		for c := range plots[r] {
			plots[r][c].Draw(canvases[r][c])
		}
	}
	_, err := canvas.WriteTo(w)
	return err
}

func changePlot(pn *ChangePanel) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = pn.Title
	p.Title.TextStyle.Font.Size = vg.Points(9)
	p.X.Label.Text, p.Y.Label.Text = pn.XLabel, pn.YLabel
	p.X.Label.TextStyle.Font.Size = vg.Points(8)
	p.Y.Label.TextStyle.Font.Size = vg.Points(8)
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
	p.Add(plotter.NewGrid())
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
	grey := color.RGBA{R: 0x44, G: 0x44, B: 0x44, A: 0xff}
	// The no-reliable-change band, shaded, then the identity line.
	band, err := plotter.NewPolygon(plotter.XYs{{X: lo, Y: lo - pn.Band}, {X: hi, Y: hi - pn.Band}, {X: hi, Y: hi + pn.Band}, {X: lo, Y: lo + pn.Band}})
	if err != nil {
		return nil, err
	}
	band.Color = color.NRGBA{R: 0xcc, G: 0xcc, B: 0xcc, A: 0x70}
	band.LineStyle.Width = 0
	band.LineStyle.Color = color.Transparent
	p.Add(band)
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
		red := color.RGBA{R: 0xb2, G: 0x18, B: 0x2b, A: 0xff}
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
		p.Legend.Add(fmt.Sprintf("%s (%d)", categoryNames[i], len(pts)), sc)
	}
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.TextStyle.Font.Size = vg.Points(7)
	return p, nil
}
