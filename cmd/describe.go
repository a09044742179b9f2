package cmd

import "github.com/spf13/cobra"

func newDescribeCmd(g *globalOptions) *cobra.Command {
	o := &analyzeOptions{globalOptions: g, pairedTest: "wilcoxon", betweenTest: "mannwhitney", contrasts: "consecutive",
		adjust: "none", alpha: 0.05, effect: "dz", confLevel: 0.95}
	c := &cobra.Command{
		Use:   "describe FILE",
		Short: "Descriptives and reliability per group, scale and time point",
		Long: `describe scores FILE and prints, for each group × scale × time point: n, mean, SD,
median and quartiles (R's quantile type 7), min, max, the number of prorated
scores, Cronbach's alpha (raw and standardized, as psych::alpha) and McDonald's
omega total (one-factor maximum-likelihood factor analysis of the item
correlations, as R's factanal) from the item responses of the participants who
answered every item of the scale (listwise, as SPSS). Neither is computed for
pre-scored columns or COPM; omega needs 3 items and a model that fits.`,
		Example: `  pssa describe scores.csv
  pssa describe scores.csv --only CAMI --format csv`,
		Args: exactArgs(1, "one FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.file = args[0]
			return runAnalyze(cmd, o, true)
		},
	}
	addCommonAnalysisFlags(c, o)
	return c
}
