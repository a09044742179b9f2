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
)

// Figure is the pre/post figure: one panel per scale, one line per group.
type Figure struct {
	Panels []Panel
	Level  float64 // confidence level of the intervals, for the caption
}

// Panel is one scale.
type Panel struct {
	Title      string   // "RAS-R PCH: personal confidence and hope"
	YLabel     string   // range and direction
	YMin, YMax float64  // the scale's possible range
	Times      []string // x axis labels
	Series     []Series
}

// Series is one group's means and intervals over the panel's time points
// (NaN where the group has no score at a time point), with its
// participants' trajectories when the figure shows them.
type Series struct {
	Group        string
	Color        int // the group's index among all groups: one color a group in every panel
	Mean, Lo, Hi []float64
	N            []int
	Trajectories [][]float64 // one per participant, NaN where missing
}

var groupColors = []color.RGBA{
	{R: 0x1b, G: 0x6c, B: 0xa8, A: 0xff}, // blue
	{R: 0xd9, G: 0x5f, B: 0x02, A: 0xff}, // orange
	{R: 0x1b, G: 0x9e, B: 0x77, A: 0xff}, // green
	{R: 0x75, G: 0x70, B: 0xb3, A: 0xff}, // purple
	{R: 0xe7, G: 0x29, B: 0x8a, A: 0xff}, // pink
	{R: 0x66, G: 0x66, B: 0x66, A: 0xff}, // grey
}

// RenderFigure draws the figure as svg, png or pdf. Panels are laid out in
// a grid of at most three columns.
func RenderFigure(w io.Writer, format string, fig *Figure) error {
	n := len(fig.Panels)
	if n == 0 {
		return fmt.Errorf("nothing to plot")
	}
	cols := min(3, n)
	rows := (n + cols - 1) / cols
	pw, ph := 3.4*vg.Inch, 2.8*vg.Inch
	width, height := vg.Length(cols)*pw, vg.Length(rows)*ph
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
			p, err := panelPlot(&fig.Panels[i], true)
			if err != nil {
				return err
			}
			plots[r][c] = p
		}
	}
	dc := draw.New(canvas)
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Millimeter * 2, PadY: vg.Millimeter * 2,
		PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}
	canvases := plot.Align(plots, tiles, dc)
	for r := range plots {
		for c := range plots[r] {
			plots[r][c].Draw(canvases[r][c])
		}
	}
	_, err := canvas.WriteTo(w)
	return err
}

func emptyPlot() *plot.Plot {
	p := plot.New()
	p.HideAxes()
	return p
}

func panelPlot(pn *Panel, legend bool) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = pn.Title
	p.Title.TextStyle.Font.Size = vg.Points(10)
	p.Y.Label.Text = pn.YLabel
	p.Y.Label.TextStyle.Font.Size = vg.Points(8)
	p.Y.Min, p.Y.Max = pn.YMin, pn.YMax
	p.X.Min, p.X.Max = -0.4, float64(len(pn.Times))-0.6
	p.NominalX(pn.Times...)
	p.Add(plotter.NewGrid())
	k := len(pn.Series)
	for gi, s := range pn.Series {
		col := groupColors[s.Color%len(groupColors)]
		faint := color.NRGBA{R: col.R, G: col.G, B: col.B, A: 0x38}
		for _, tr := range s.Trajectories {
			if err := addPolyline(p, tr, 0, faint, 0.5); err != nil {
				return nil, err
			}
		}
		// Dodge the groups a little so that their intervals do not overlap.
		dodge := 0.0
		if k > 1 {
			dodge = (float64(gi) - float64(k-1)/2) * 0.08
		}
		if err := addPolyline(p, s.Mean, dodge, col, 1.5); err != nil {
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
		if legend {
			p.Legend.Add(s.Group, sc)
		}
	}
	if legend {
		p.Legend.Top = true
		p.Legend.TextStyle.Font.Size = vg.Points(8)
	}
	return p, nil
}

type errorPoints struct {
	plotter.XYs
	plotter.YErrors
}

// addPolyline draws the non-missing points of ys joined in order.
func addPolyline(p *plot.Plot, ys []float64, dx float64, col color.Color, width float64) error {
	var pts plotter.XYs
	for t, y := range ys {
		if !math.IsNaN(y) {
			pts = append(pts, plotter.XY{X: float64(t) + dx, Y: y})
		}
	}
	if len(pts) < 2 {
		return nil
	}
	l, err := plotter.NewLine(pts)
	if err != nil {
		return err
	}
	l.LineStyle.Color = col
	l.LineStyle.Width = vg.Points(width)
	p.Add(l)
	return nil
}
