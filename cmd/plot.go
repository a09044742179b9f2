package cmd

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pssa-project/pssa/internal/analysis"
	"github.com/pssa-project/pssa/internal/report"
)

type plotOptions struct {
	*globalOptions
	file         string
	scales       []string
	groups       []string
	spaghetti    bool
	trajectories int
	level        float64
	// kind change draws the Jacobson-Truax scatter (plot_change.go).
	kind      string
	contrasts string
	chg       changeFlags
	// How the figure looks (plot_flags.go).
	groupNames, timeNames namesValue
	width, height         lengthValue
	dpi                   int
	fontSize              float64
}

func newPlotCmd(g *globalOptions) *cobra.Command {
	o := &plotOptions{globalOptions: g}
	c := &cobra.Command{
		Use:   "plot FILE -o figure.svg|png|pdf",
		Short: "Draw the pre/post figure: mean and 95% CI per time point, one line per group, a panel per scale",
		Long: `plot draws, for each instrument scale, the mean and its confidence interval (t-based,
as R's t.test) at each time point, one line per group, in a grid of panels. Each
y axis spans the scale's possible range and says which direction is better.
--spaghetti draws each participant's trajectory faintly behind the means (the
first --max-trajectories of each group, in file order), which reviewers ask for
with small samples. A line joins only consecutive time points with data: where
a group has no score at a time point its line is broken there. One legend below
the panels names the groups (--group-names) with their n per time point.
The format follows -o's extension: .svg, .png or .pdf; --width and --height
(16cm, 6in, 170mm, 450pt) size the whole figure, --dpi the png's resolution.`,
		Example: `  pssa plot scores.csv -o figure.svg
  pssa plot scores.csv -o figure.png --scales SSQ,SWLS,RAS-R --groups PSW,SU --spaghetti
  pssa plot scores.csv -o figure.png --group-names 'PSW=Peer support workers,SU=Service users' \
      --time-names 'T1=Pre,T2=Post-training,T3=Post' --width 17cm --dpi 300 --font-size 8
  pssa plot scores.csv -o cami.pdf --scales CAMI_AU,CAMI_BE,CAMI_SR,CAMI_CMHI`,
		Args: exactArgs(1, "one FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.file = args[0]
			return runPlot(cmd, o)
		},
	}
	f := c.Flags()
	f.StringSliceVar(&o.scales, "scales", nil, "scales to draw: SSQ (a total), RAS-R_PCH or \"RAS-R PCH\" (default: every scale with a direction)")
	f.StringSliceVar(&o.groups, "groups", nil, "groups to draw, in this order (default: all)")
	f.BoolVar(&o.spaghetti, "spaghetti", false, "draw individual trajectories faintly behind the means")
	f.IntVar(&o.trajectories, "max-trajectories", 200, "with --spaghetti, at most this many participants per group")
	f.Float64Var(&o.level, "level", 0.95, "confidence level of the intervals")
	addChangePlotFlags(c, o)
	addFigureFlags(c, o)
	return c
}

func runPlot(cmd *cobra.Command, o *plotOptions) error {
	if o.output == "" || o.output == "-" {
		return usagef("plot needs -o FILE ending in .svg, .png or .pdf")
	}
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(o.output)), ".")
	switch format {
	case "svg", "png", "pdf":
	default:
		return usagef("-o %s: the figure format comes from the extension: .svg, .png or .pdf", o.output)
	}
	if samePath(o.output, o.file) {
		return usagef("-o %s is the input file; pssa never writes over its input", o.output)
	}
	if o.trajectories < 0 {
		return usagef("--max-trajectories %d must be 0 or more", o.trajectories)
	}
	if !(o.level > 0 && o.level < 1) {
		return usagef("--level %g must be between 0 and 1", o.level)
	}
	style, err := o.figureStyle(format)
	if err != nil {
		return err
	}
	if format != "png" && cmd.Flags().Changed("dpi") {
		o.warn(fmt.Sprintf("--dpi applies to png only (%s is drawn in vectors)", format))
	}
	if o.kind == "change" {
		return runChangePlot(cmd, o, format, style)
	}
	sc, err := o.scoreFile(cmd, o.file)
	if err != nil {
		return err
	}
	max := 0
	if o.spaghetti {
		max = o.trajectories
	}
	trends, err := analysis.Trends(sc, analysis.TrendOptions{Scales: o.scales, Groups: o.groups, Level: o.level, MaxTrajectories: max})
	if err != nil {
		return selectionFlag(err)
	}
	fig := report.FigureFrom(trends, o.level)
	fig.Style = style
	var groups []string
	var times []string
	for _, t := range trends {
		times = append(times, t.Times...)
		for _, g := range t.Groups {
			groups = append(groups, g.Group)
		}
	}
	o.warnUnusedNames(groups, times)
	var buf bytes.Buffer
	if err := report.RenderFigure(&buf, format, fig); err != nil {
		return figureError(err)
	}
	return writeFileAtomic(o.output, buf.Bytes())
}
