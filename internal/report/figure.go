package report

import (
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pssa-project/pssa/internal/analysis"
)

// FigureFrom lays out the trends as panels: the title names the scale, the
// y axis its range and which direction is better; a group with no score on
// a scale is left out of that panel. The figure's Style (size, names) is
// the caller's to set.
func FigureFrom(trends []analysis.Trend, level float64) *Figure {
	fig := &Figure{Level: level}
	for _, t := range trends {
		dir := "higher = " + t.Scale.HigherMeans
		switch t.Scale.Better {
		case "higher":
			dir = "↑ better: " + t.Scale.HigherMeans
		case "lower":
			dir = "↓ better: higher = " + t.Scale.HigherMeans
		}
		title := ScaleLabel(t.Scale)
		if name, _, _ := strings.Cut(t.Scale.Name, " ("); name != "" {
			r, size := utf8.DecodeRuneInString(name)
			title += ": " + string(unicode.ToLower(r)) + name[size:]
		}
		pn := Panel{Title: title,
			YLabel: fmt.Sprintf("%g–%g, %s", t.Min, t.Max, dir),
			YMin:   t.Min, YMax: t.Max, Times: t.Times}
		for gi, g := range t.Groups {
			any := false
			for _, m := range g.Mean {
				any = any || !math.IsNaN(m)
			}
			if !any {
				continue
			}
			pn.Series = append(pn.Series, Series{Group: g.Group, Color: gi, Mean: g.Mean, Lo: g.Lo, Hi: g.Hi, N: g.N, Trajectories: g.Trajectories})
		}
		fig.Panels = append(fig.Panels, pn)
	}
	return fig
}
