package cmd

import (
	"encoding/csv"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"gonum.org/v1/plot/vg"

	"github.com/pssa-project/pssa/internal/report"
)

// addFigureFlags defines the flags of how a figure looks, shared by both
// kinds of pssa plot.
func addFigureFlags(c *cobra.Command, o *plotOptions) {
	f := c.Flags()
	o.groupNames.flag, o.timeNames.flag = "--group-names", "--time-names"
	f.Var(&o.groupNames, "group-names", "names of the groups in the legend and titles, as CODE=Name (e.g. 'PSW=Peer support workers,SU=Service users')")
	f.Var(&o.timeNames, "time-names", "labels of the time points on the axes, as CODE=Label (e.g. 'T1=Pre,T2=Post')")
	o.width.flag, o.height.flag = "--width", "--height"
	f.Var(&o.width, "width", "width of the whole figure, with a unit: 16cm, 170mm, 6.5in or 468pt (default: 3.4in a column of panels)")
	f.Var(&o.height, "height", "height of the whole figure, with a unit (default: 2.8in a row of panels, plus the legend)")
	f.IntVar(&o.dpi, "dpi", 150, "resolution of a png, in dots per inch (72 to 1200)")
	f.Float64Var(&o.fontSize, "font-size", 9, "type size of the legend and tick labels in points (titles 1 pt larger, axis labels 1 pt smaller), 5 to 24")
}

// figureStyle checks the figure flags and returns the style they ask for.
func (o *plotOptions) figureStyle(format string) (report.FigureStyle, error) {
	st := report.FigureStyle{Width: o.width.v, Height: o.height.v, DPI: o.dpi, FontSize: vg.Points(o.fontSize),
		GroupNames: o.groupNames.m, TimeNames: o.timeNames.m}
	if o.dpi < 72 || o.dpi > 1200 {
		return st, usagef("--dpi %d is outside 72..1200", o.dpi)
	}
	if !(o.fontSize >= 5 && o.fontSize <= 24) {
		return st, usagef("--font-size %g is outside 5..24 (points)", o.fontSize)
	}
	// A png of more than 20000 pixels a side would take gigabytes to draw.
	const maxPixels = 20000
	for _, l := range []*lengthValue{&o.width, &o.height} {
		if format == "png" && l.v > 0 && float64(l.v/vg.Inch)*float64(o.dpi) > maxPixels {
			return st, usagef("%s %s at --dpi %d is more than %d pixels; lower --dpi or the size", l.flag, l.s, o.dpi, maxPixels)
		}
	}
	return st, nil
}

// warnUnusedNames warns about --group-names and --time-names codes that
// name no group or time point of the figure: most likely a typo.
func (o *plotOptions) warnUnusedNames(groups, times []string) {
	for _, nv := range []struct {
		v    *namesValue
		have []string
		what string
	}{{&o.groupNames, groups, "group"}, {&o.timeNames, times, "time point"}} {
		for _, code := range nv.v.order {
			if !slices.Contains(nv.have, code) {
				o.warn(fmt.Sprintf("%s: no %s %q in the figure", nv.v.flag, nv.what, code))
			}
		}
	}
}

// namesValue is a CODE=Name,... flag (repeatable), checked when parsed:
// each item has a code and a name, and no code is named twice.
type namesValue struct {
	flag  string
	m     map[string]string
	order []string
	items []string
}

func (n *namesValue) String() string { return strings.Join(n.items, ",") }
func (n *namesValue) Type() string   { return "CODE=Name,..." }

func (n *namesValue) Set(s string) error {
	items, err := csv.NewReader(strings.NewReader(s)).Read()
	if err != nil {
		return fmt.Errorf("%q is not a list of CODE=Name: %v", s, err)
	}
	if n.m == nil {
		n.m = map[string]string{}
	}
	for _, it := range items {
		code, name, ok := strings.Cut(it, "=")
		code, name = strings.TrimSpace(code), strings.TrimSpace(name)
		if !ok || code == "" || name == "" {
			return fmt.Errorf("%q is not CODE=Name", it)
		}
		if _, dup := n.m[code]; dup {
			return fmt.Errorf("%s is named twice", code)
		}
		n.m[code] = name
		n.order = append(n.order, code)
		n.items = append(n.items, it)
	}
	return nil
}

// lengthValue is a length with a unit (16cm, 170mm, 6.5in, 468pt), as
// gonum/plot's vg.ParseLength reads it, between 1.5 and 100 inches.
type lengthValue struct {
	flag string
	s    string
	v    vg.Length
}

func (l *lengthValue) String() string { return l.s }
func (l *lengthValue) Type() string   { return "length" }

func (l *lengthValue) Set(s string) error {
	s = strings.TrimSpace(s)
	if !strings.HasSuffix(s, "cm") && !strings.HasSuffix(s, "mm") && !strings.HasSuffix(s, "in") && !strings.HasSuffix(s, "pt") {
		return fmt.Errorf("%q needs a unit: cm, mm, in or pt (e.g. 16cm, 6in)", s)
	}
	v, err := vg.ParseLength(s)
	if err != nil {
		return fmt.Errorf("%q is not a length (e.g. 16cm, 6in)", s)
	}
	if !(v >= 1.5*vg.Inch && v <= 100*vg.Inch) { // also NaN
		return fmt.Errorf("%s is outside 1.5in..100in (3.8cm..254cm)", s)
	}
	l.s, l.v = s, v
	return nil
}

// figureError makes a figure size that leaves no room for the data a usage
// error: --width, --height or --font-size asked for it.
func figureError(err error) error {
	var se *report.FigureSizeError
	if errors.As(err, &se) {
		return usagef("%s (--width, --height, --font-size)", se.Msg)
	}
	return err
}
