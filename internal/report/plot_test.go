package report

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

var nan = math.NaN()

// testFigure has n panels of three groups with long names, one of them
// (SU) without data at T2.
func testFigure(n int, st FigureStyle) *Figure {
	fig := &Figure{Level: 0.95, Style: st}
	for i := range n {
		fig.Panels = append(fig.Panels, Panel{
			Title:  fmt.Sprintf("Scale %d: a title long enough to need some room", i+1),
			YLabel: "1–5, ↑ better: more of what the scale measures", YMin: 1, YMax: 5,
			Times: []string{"T1", "T2", "T3"},
			Series: []Series{
				{Group: "PSW", Color: 0, Mean: []float64{2, 3, 4}, Lo: []float64{1.5, 2.5, 3.5}, Hi: []float64{2.5, 3.5, 4.5}, N: []int{16, 14, 11}},
				{Group: "SU", Color: 1, Mean: []float64{2, nan, 3}, Lo: []float64{1.8, nan, 2.7}, Hi: []float64{2.2, nan, 3.3}, N: []int{64, 0, 48}},
				{Group: "MHP", Color: 2, Mean: []float64{4.9, 1.1, 4.9}, Lo: []float64{4.8, 1, 4.8}, Hi: []float64{5, 1.2, 5}, N: []int{80, 61, 60}},
			},
		})
	}
	return fig
}

func testChangePanels(n int) []ChangePanel {
	var out []ChangePanel
	for i := range n {
		p := ChangePanel{Group: "PSW", Scale: "SWLS", From: "T1", To: "T2", Method: "jt", Better: "higher", Band: 4, Cutoff: 20}
		p.Points[1] = plotter.XYs{{X: 10, Y: 30}}
		p.Points[2] = plotter.XYs{{X: 5, Y: 6}, {X: 35, Y: 34}, {X: float64(i), Y: float64(i)}}
		out = append(out, p)
	}
	return out
}

func overlaps(a, b vg.Rectangle) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}

// TestLegendOutsideData lays out figures of 1 to 7 panels, in the default
// size, a narrow one and with large type, and checks that the legend lies
// inside the figure, below every panel's tile (title, axes and data), and
// that no key overlaps a data area or another key.
func TestLegendOutsideData(t *testing.T) {
	long := map[string]string{"PSW": "Peer support workers", "SU": "Service users", "MHP": "Mental health professionals"}
	styles := []FigureStyle{
		{},
		{GroupNames: long},
		{GroupNames: long, Width: 8 * vg.Centimeter},
		{GroupNames: map[string]string{"MHP": "Mental health professionals from the community teams of both sites"}, Width: 1.5 * vg.Inch, Height: 40 * vg.Centimeter},
		{GroupNames: long, Width: 17 * vg.Centimeter, Height: 22 * vg.Centimeter, FontSize: vg.Points(12)},
	}
	for _, n := range []int{1, 2, 3, 4, 6, 7} {
		for si, st := range styles {
			means, err := meansGrid(testFigure(n, st), st)
			if err != nil {
				t.Fatal(err)
			}
			change, err := changeGrid(testChangePanels(n), st)
			if err != nil {
				t.Fatal(err)
			}
			for kind, g := range map[string]*grid{"means": means, "change": change} {
				name := fmt.Sprintf("%s/%d panels/style %d", kind, n, si)
				checkLayout(t, name, g)
			}
		}
	}
}

// TestFigureTooSmall: a size that leaves the panels no room for their data
// is refused with a FigureSizeError, not drawn.
func TestFigureTooSmall(t *testing.T) {
	st := FigureStyle{Width: 17 * vg.Centimeter, Height: 12 * vg.Centimeter, FontSize: vg.Points(12)}
	_, err := changeGrid(testChangePanels(7), st)
	var se *FigureSizeError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "is too small for 7 panel(s) in 3 × 3 with 12 pt type") {
		t.Errorf("7 panels in 17 × 12 cm at 12 pt: %v, want a FigureSizeError", err)
	}
	_, err = meansGrid(testFigure(16, FigureStyle{}), FigureStyle{Width: 10 * vg.Centimeter, Height: 5 * vg.Centimeter})
	if !errors.As(err, &se) {
		t.Errorf("16 panels in 10 × 5 cm: %v, want a FigureSizeError", err)
	}
}

func checkLayout(t *testing.T, name string, g *grid) {
	t.Helper()
	dc := draw.New(vgsvg.New(g.width, g.height))
	_, lc, tiles := g.canvases(dc)
	keys := g.legendRects(lc)
	if len(keys) != len(g.legend) {
		t.Fatalf("%s: %d keys drawn of %d", name, len(keys), len(g.legend))
	}
	for i, k := range keys {
		if k.Min.X < dc.Min.X || k.Max.X > dc.Max.X || k.Min.Y < dc.Min.Y || k.Max.Y > lc.Max.Y {
			t.Errorf("%s: key %q at %v is outside the legend band %v", name, g.legend[i].label, k, lc.Rectangle)
		}
		for j := range i {
			if overlaps(k, keys[j]) {
				t.Errorf("%s: keys %q and %q overlap", name, g.legend[i].label, g.legend[j].label)
			}
		}
	}
	for r, row := range g.plots {
		for c, p := range row {
			tile := tiles[r][c].Rectangle
			data := p.DataCanvas(tiles[r][c]).Rectangle
			if !within(data, tile) || data.Size().Y < minData {
				t.Errorf("%s: panel %d,%d: data area %v is not inside its tile %v", name, r, c, data, tile)
			}
			if tile.Min.Y < lc.Max.Y {
				t.Errorf("%s: panel %d,%d (%v) reaches into the legend band (top %v)", name, r, c, tile, lc.Max.Y)
			}
			for i, k := range keys {
				if overlaps(k, data) {
					t.Errorf("%s: key %q overlaps the data of panel %d,%d", name, g.legend[i].label, r, c)
				}
			}
		}
	}
}

func TestSegments(t *testing.T) {
	cases := []struct {
		ys   []float64
		want [][]int
	}{
		{[]float64{1, 2, 3}, [][]int{{0, 1, 2}}},
		{[]float64{1, nan, 3}, [][]int{{0}, {2}}},
		{[]float64{1, 2, nan, 3, 4}, [][]int{{0, 1}, {3, 4}}},
		{[]float64{nan, 2, 3, nan}, [][]int{{1, 2}}},
		{[]float64{nan, nan}, nil},
	}
	for _, c := range cases {
		if got := segments(c.ys); !reflect.DeepEqual(got, c.want) {
			t.Errorf("segments(%v) = %v, want %v", c.ys, got, c.want)
		}
	}
}

// TestGapBreaksLine draws a group with no data at T3 of T1..T5: its mean
// line is two segments (T1–T2, T4–T5), not one across T3; every point keeps
// its whisker. A group with data at T1 and T3 of three has no line at all.
func TestGapBreaksLine(t *testing.T) {
	fig := &Figure{Level: 0.95, Panels: []Panel{{Title: "gap", YMin: 0, YMax: 10, Times: []string{"T1", "T2", "T3", "T4", "T5"},
		Series: []Series{
			{Group: "A", Color: 0, Mean: []float64{1, 2, nan, 3, 4}, Lo: []float64{0.5, 1.5, nan, 2.5, 3.5}, Hi: []float64{1.5, 2.5, nan, 3.5, 4.5}, N: []int{5, 5, 0, 5, 5}},
			{Group: "B", Color: 1, Mean: []float64{6, nan, 7, nan, nan}, Lo: []float64{5, nan, 6, nan, nan}, Hi: []float64{7, nan, 8, nan, nan}, N: []int{5, 0, 5, 0, 0}},
		}}}}
	var buf bytes.Buffer
	if err := RenderFigure(&buf, "svg", fig); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	// Mean lines are 1.5 pt wide; the legend draws one more of each color.
	lines := func(hex string) int { return strings.Count(svg, "stroke:#"+hex+";stroke-width:1.5\"") - 1 }
	if got := lines("1B6CA8"); got != 2 {
		t.Errorf("group A: %d line segments, want 2", got)
	}
	if got := lines("D95F02"); got != 0 {
		t.Errorf("group B: %d line segments, want 0", got)
	}
	// Whiskers: a vertical bar and two caps per point (4 + 2 points).
	whiskers := func(hex string) int { return strings.Count(svg, "style=\"fill:none;stroke:#"+hex+"\"") }
	if got := whiskers("1B6CA8"); got != 12 {
		t.Errorf("group A: %d whisker strokes, want 12", got)
	}
	if got := whiskers("D95F02"); got != 6 {
		t.Errorf("group B: %d whisker strokes, want 6", got)
	}
}

// TestCompactTicks: tick labels without trailing zeros, with a minus sign.
func TestCompactTicks(t *testing.T) {
	tk := compactTicks{plot.ConstantTicks{{Value: -2.5, Label: "-2.50"}, {Value: 0, Label: "0.00"}, {Value: 12.5, Label: "12.50"}, {Value: 50, Label: "50"}, {Value: 1, Label: ""}}}
	var got []string
	for _, x := range tk.Ticks(0, 1) {
		got = append(got, x.Label)
	}
	if want := []string{"−2.5", "0", "12.5", "50", ""}; !reflect.DeepEqual(got, want) {
		t.Errorf("labels %q, want %q", got, want)
	}
}

// TestFigureFont: every text of both figures is in Liberation Sans.
func TestFigureFont(t *testing.T) {
	var buf bytes.Buffer
	if err := RenderFigure(&buf, "svg", testFigure(2, FigureStyle{})); err != nil {
		t.Fatal(err)
	}
	if err := RenderChangeFigure(&buf, "svg", testChangePanels(2)); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	if n, sans := strings.Count(svg, "font-family:"), strings.Count(svg, svgFontFamily); n == 0 || n != sans {
		t.Errorf("%d texts, %d in Liberation Sans", n, sans)
	}
}

// TestPDFText: text for the pdf canvas has only Windows-1252 characters
// (gonum/plot's pdf fonts are encoded so) and reaches it encoded.
func TestPDFText(t *testing.T) {
	for in, want := range map[string]string{
		"14–98, ↑ better: less self-stigma":        "14–98, higher better: less self-stigma",
		"T1 (↓ better) · Prä −2.5 ≥ 3 ✓":           "T1 (lower better) · Prä -2.5 >= 3 ?",
		"improved 1 · unchanged 11":                "improved 1 · unchanged 11",
		"Peer support workers (n = 15–16/11–14/0)": "Peer support workers (n = 15–16/11–14/0)",
	} {
		if got := pdfText(in); got != want {
			t.Errorf("pdfText(%q) = %q, want %q", in, got, want)
		}
	}
	var rec stringCanvas
	cp1252Canvas{&rec}.FillString(font.Face{}, vg.Point{}, "5–35 ·")
	if want := "5\x9635 \xb7"; rec.s != want {
		t.Errorf("encoded %q, want %q", rec.s, want)
	}
}

// stringCanvas records the strings drawn on it.
type stringCanvas struct {
	vg.Canvas
	s string
}

func (c *stringCanvas) FillString(_ font.Face, _ vg.Point, s string) { c.s += s }
