package cmd

import (
	"bytes"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pssa-project/pssa/internal/analysis"
	"github.com/pssa-project/pssa/internal/report"
	"github.com/pssa-project/pssa/internal/results"
)

func addChangePlotFlags(c *cobra.Command, o *plotOptions) {
	f := c.Flags()
	enumFlag(c, f, &o.kind, "kind", "", "means", []string{"means", "change"}, nil,
		"means: mean and CI per time point; change: the Jacobson-Truax scatter (from vs to, the identity line, the reliable-change band, the cutoff, points by category), a panel per group, scale and contrast")
	enumFlag(c, f, &o.contrasts, "contrasts", "", "consecutive", []string{"consecutive", "all"}, nil, "with --kind change: consecutive or all pairs of time points")
	o.chg.add(c, f)
}

// runChangePlot draws pssa plot --kind change: the analysis with the
// change section, then one scatter per group, scale and contrast.
func runChangePlot(cmd *cobra.Command, o *plotOptions, format string, style report.FigureStyle) error {
	co, err := o.chg.options()
	if err != nil {
		return err
	}
	var insts []string
	keep := map[string]bool{}
	for _, s := range o.scales {
		k := scaleFlagKey(s)
		keep[k] = true
		inst, _, _ := strings.Cut(k, "_")
		insts = append(insts, inst)
	}
	ao := &analyzeOptions{globalOptions: o.globalOptions, file: o.file, pairedTest: "wilcoxon", betweenTest: "mannwhitney",
		contrasts: o.contrasts, adjust: "none", alpha: 0.05, groups: o.groups, insts: insts,
		method: "auto", continuity: true, effect: "dz", confLevel: 0.95}
	opts, err := ao.analysisOptions(false)
	if err != nil {
		return err
	}
	co.PerParticipant = true
	opts.Change = co
	sc, err := o.scoreFile(cmd, o.file)
	if err != nil {
		return err
	}
	res, err := analysis.Run(sc, opts)
	if err != nil {
		return err
	}
	if err := checkChangeKeys(co, res.Scales); err != nil {
		return err
	}
	if len(keep) > 0 {
		var rows []*results.Change
		for _, c := range res.Change {
			if keep[analysis.ScaleKey(c.Instrument, c.ScaleCode)] {
				rows = append(rows, c)
			}
		}
		res.Change = rows
	}
	var groups, times []string
	for _, c := range res.Change {
		groups, times = append(groups, c.Group), append(times, c.From, c.To)
	}
	o.warnUnusedNames(groups, times)
	var buf bytes.Buffer
	if err := report.RenderChangeFigureStyle(&buf, format, report.ChangeFigureFrom(res, co.Z), style); err != nil {
		return figureError(err)
	}
	return writeFileAtomic(o.output, buf.Bytes())
}
