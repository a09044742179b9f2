package cmd

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pssa-project/pssa/internal/scoring"

	"github.com/spf13/cobra"

	"github.com/pssa-project/pssa/internal/analysis"
	"github.com/pssa-project/pssa/internal/report"
	"github.com/pssa-project/pssa/stats"
	"github.com/pssa-project/pssa/stats/mixed"
)

type analyzeOptions struct {
	*globalOptions
	file        string
	pairedTest  string
	betweenTest string
	contrasts   string
	adjust      string
	alpha       float64
	groups      []string
	insts       []string
	times       []string
	method      string
	exact       bool
	continuity  bool
	digitsRank  int
	effect      string
	groupNames  []string
	groupTime   bool
	// change adds the clinical significance section (change.go).
	change     bool
	chg        changeFlags
	confLevel  float64
	like       string
	mixedModel string
}

func newAnalyzeCmd(g *globalOptions) *cobra.Command {
	o := &analyzeOptions{globalOptions: g}
	c := &cobra.Command{
		Use:   "analyze FILE",
		Short: "Score, then test changes within and differences between groups, as a paper's results tables",
		Long: `analyze scores every instrument in FILE and, for each group in the file's order:
  - n and M (SD) of each scale at each time point (and Cronbach's alpha),
  - paired contrasts between consecutive time points (Wilcoxon signed-rank by
    default) with the change, p and Cohen's d,
  - an omnibus repeated-measures ANOVA (Mauchly, Greenhouse-Geisser, Huynh-Feldt)
    and Friedman test where the group has three or more time points,
  - COPM performance and satisfaction in their own block, with the number of
    clinically important changes (at least 2 points);
then compares the groups pairwise at each time point (Mann-Whitney U by default)
and, where two or more groups share two or more time points, adds a group × time
block per scale: the interaction of a mixed ANOVA (complete cases) and of a linear
mixed model (all available observations; --mixed-model ri|un|none) with the change
in each group and the difference in change, and Mann-Whitney tests of the change
scores between groups (--group-time=false leaves the block out).

Tables print p APA style (.038, < .001) and mark p < --alpha with *; csv, tsv and
json carry full precision. Warnings go to standard error, results to standard
output, so 'pssa analyze x.csv --format csv > out.csv' is clean.`,
		Example: `  pssa analyze scores.csv
  pssa analyze scores.csv --format markdown -o results.md
  pssa analyze scores.csv --paired-test t --effect dav --adjust holm
  pssa analyze scores.csv --groups PSW,SU --only SSQ,RAS-R --contrasts all
  pssa analyze scores.csv --format json | jq '.paired[] | select(.p < .05)'`,
		Args: exactArgs(1, "one FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.file = args[0]
			return runAnalyze(cmd, o, false)
		},
	}
	addTestFlags(c, o)
	addCommonAnalysisFlags(c, o)
	return c
}

// addTestFlags adds the flags that choose analyze's tests (analyze, check).
func addTestFlags(c *cobra.Command, o *analyzeOptions) {
	f := c.Flags()
	enumFlag(c, f, &o.pairedTest, "paired-test", "", "wilcoxon", []string{"wilcoxon", "t"}, nil, "paired contrasts: Wilcoxon signed-rank or paired t")
	enumFlag(c, f, &o.betweenTest, "between-test", "", "mannwhitney", []string{"mannwhitney", "welch"}, nil, "between groups: Mann-Whitney U or Welch's t")
	enumFlag(c, f, &o.contrasts, "contrasts", "", "consecutive", []string{"consecutive", "all"}, nil, "consecutive (T1-T2, T2-T3) or all pairs of time points")
	enumFlag(c, f, &o.adjust, "adjust", "", "none", adjustValues, adjustAliases, "p-value adjustment within each family (a group's paired contrasts; a group's omnibus tests; the between-group tests at one time point)")
	f.Float64Var(&o.alpha, "alpha", 0.05, "significance level marked with * in tables")
	f.BoolVar(&o.exact, "exact", false, "exact p-values for the rank tests at any n (same as --method exact)")
	enumFlag(c, f, &o.effect, "effect", "", "dz", []string{"dz", "dav"}, nil, "Cohen's d shown for paired contrasts: dz (SPSS) or dav")
	f.BoolVar(&o.groupTime, "group-time", true, "the group × time block (mixed ANOVA and change-score tests) where two or more groups share two or more time points")
	f.BoolVar(&o.change, "change", true, "clinical significance section (reliable change; see pssa change --help for its flags)")
	o.chg.add(c, f)
	f.Float64Var(&o.confLevel, "conf-level", 0.95, "confidence level of every interval (mean change, d, r, rank-biserial, partial eta squared)")
	enumFlag(c, f, &o.like, "like", "", "", []string{"spss", "r"}, map[string]string{"SPSS": "spss", "R": "r"},
		"set the conventions of SPSS or R (p-value method, continuity correction, d, Z); explicit flags still win")
	enumFlag(c, f, &o.mixedModel, "mixed-model", "", "ri", []string{"ri", "un", "none"}, nil,
		"the group × time block's linear mixed model: random intercept (ri), unstructured covariance (un) or none")
}

// likeConventions applies --like: the method, continuity correction and d
// of that package, unless the flag was given, and a line on standard error
// that says what was set.
func (o *analyzeOptions) likeConventions(cmd *cobra.Command) {
	if o.like == "" {
		return
	}
	changed := func(name string) bool { f := cmd.Flags().Lookup(name); return f != nil && f.Changed }
	var set []string
	switch o.like {
	case "spss":
		if !changed("method") && !changed("exact") {
			o.method = "asymptotic"
			set = append(set, "asymptotic p-values (SPSS's Asymp. Sig.)")
		}
		if !changed("continuity") {
			o.continuity = false
			set = append(set, "no continuity correction")
		}
		set = append(set, "Z = (smaller rank sum − E)/σ ≤ 0, tie-corrected; Mann-Whitney U = the smaller U")
		if !changed("effect") {
			o.effect = "dz"
			set = append(set, "d = d_z (SPSS's Cohen's d for paired samples: mean change / SD of the changes)")
		}
	case "r":
		if !changed("method") && !changed("exact") {
			o.method = "auto"
			set = append(set, "exact p-values only without ties or zero changes and under 50 pairs or per group, else normal (wilcox.test)")
		}
		if !changed("continuity") {
			o.continuity = true
			set = append(set, "continuity correction (correct = TRUE)")
		}
		set = append(set, "z = signed normal deviate of V or W")
		if !changed("effect") {
			o.effect = "dz"
			set = append(set, "d = d_z (effectsize::cohens_d(paired = TRUE))")
		}
	}
	cmd.PrintErrln("pssa: --like " + o.like + ": " + strings.Join(set, "; "))
}

func addCommonAnalysisFlags(c *cobra.Command, o *analyzeOptions) {
	f := c.Flags()
	f.StringSliceVar(&o.groups, "groups", nil, "groups to analyse, in this order (default: all, in file order)")
	f.StringSliceVar(&o.insts, "only", nil, "instruments to analyse (default: all in the file), e.g. SSQ,CAMI")
	f.StringSliceVar(&o.times, "times", nil, "time points to analyse (default: all), e.g. T1,T3")
	enumFlag(c, f, &o.method, "method", "", "auto", methodValues, methodAliases,
		fmt.Sprintf("rank tests' p-values (auto: exact up to %d pairs / %d per group)", stats.ExactThreshold, stats.ExactThreshold))
	f.BoolVar(&o.continuity, "continuity", true, "continuity correction of the asymptotic rank tests")
	digitsRankFlag(c, &o.digitsRank)
	f.StringSliceVar(&o.groupNames, "group-names", nil, "headings for groups, as CODE=Name (e.g. PSW=Peer workers)")
}

func (o *analyzeOptions) analysisOptions(descOnly bool) (analysis.Options, error) {
	var ao analysis.Options
	adj, err := stats.ParseAdjustment(o.adjust)
	if err != nil {
		return ao, &usageError{err}
	}
	m, err := stats.ParseMethod(o.method)
	if err != nil {
		return ao, &usageError{err}
	}
	if o.exact {
		if o.method == "asymptotic" {
			return ao, usagef("--exact and --method asymptotic contradict each other")
		}
		m = stats.Exact
	}
	var cov mixed.Covariance
	if o.mixedModel != "none" {
		if cov, err = mixed.ParseCovariance(o.mixedModel); err != nil {
			return ao, &usageError{err}
		}
	}
	if !(o.alpha > 0 && o.alpha < 1) {
		return ao, usagef("--alpha %g must be between 0 and 1", o.alpha)
	}
	if !(o.confLevel > 0 && o.confLevel < 1) {
		return ao, usagef("--conf-level %g must be between 0 and 1", o.confLevel)
	}
	insts := make([]string, len(o.insts))
	for i, s := range o.insts {
		insts[i] = strings.ToUpper(strings.TrimSpace(s))
	}
	times := make([]string, len(o.times))
	for i, s := range o.times {
		times[i] = strings.ToUpper(strings.TrimSpace(s))
	}
	ao = analysis.Options{PairedTest: o.pairedTest, BetweenTest: o.betweenTest, Contrasts: o.contrasts, Adjust: adj,
		Alpha: o.alpha, Method: m, Continuity: o.continuity, DigitsRank: o.digitsRank, Effect: o.effect, Groups: o.groups,
		Instruments: insts, Times: times, DescriptivesOnly: descOnly, NoGroupTime: !o.groupTime, ConfLevel: o.confLevel, Like: o.like,
		MixedModel: cov, NoMixedModel: o.mixedModel == "none"}
	view, err := o.view()
	if err != nil {
		return ao, err
	}
	ao.GroupLabels = view.GroupNames
	if o.change && !descOnly {
		if ao.Change, err = o.chg.options(); err != nil {
			return ao, err
		}
	}
	return ao, nil
}

func (o *analyzeOptions) view() (report.AnalysisView, error) {
	v := report.AnalysisView{GroupNames: map[string]string{}}
	for _, gn := range o.groupNames {
		code, name, ok := strings.Cut(gn, "=")
		if !ok {
			return v, usagef("--group-names %q is not CODE=Name", gn)
		}
		code, name = strings.TrimSpace(code), strings.TrimSpace(name)
		if code == "" || name == "" {
			return v, usagef("--group-names %q is not CODE=Name", gn)
		}
		if _, dup := v.GroupNames[code]; dup {
			return v, usagef("--group-names names %s twice", code)
		}
		for c, n := range v.GroupNames {
			if n == name {
				return v, usagef("--group-names gives %s and %s the same name %q", c, code, name)
			}
		}
		v.GroupNames[code] = name
	}
	return v, nil
}

// checkGroupNames rejects a --group-names code that is no group of the
// file (a typo would otherwise leave the code in the tables unnoticed), or a
// name that is another group's code ("SU vs SU").
func checkGroupNames(v report.AnalysisView, file string, groups []string) error {
	for _, code := range slices.Sorted(maps.Keys(v.GroupNames)) {
		if !slices.Contains(groups, code) {
			return fmt.Errorf("--group-names: no group %q in %s (groups: %s)", code, file, strings.Join(groups, ", "))
		}
		if name := v.GroupNames[code]; name != code && slices.Contains(groups, name) {
			return fmt.Errorf("--group-names %s=%s: %s is another group's code in %s", code, name, name, file)
		}
	}
	return nil
}

// results runs the analysis of FILE with the options (descriptives only for
// describe) and prints its warnings; analyze, describe and check share it.
func (o *analyzeOptions) results(cmd *cobra.Command, descOnly bool) (*analysis.Results, report.AnalysisView, error) {
	res, view, _, err := o.analyzed(cmd, descOnly, false)
	return res, view, err
}

// resultsAndScores is results with the scores it analysed (pssa report
// draws its figure from them).
func (o *analyzeOptions) resultsAndScores(cmd *cobra.Command, descOnly bool) (*analysis.Results, report.AnalysisView, *scoring.Scores, error) {
	return o.analyzed(cmd, descOnly, true)
}

// analyzed is results and the scores; without keepScores the analysis
// frees the items as it goes, and the scores are of no use afterwards.
func (o *analyzeOptions) analyzed(cmd *cobra.Command, descOnly, keepScores bool) (*analysis.Results, report.AnalysisView, *scoring.Scores, error) {
	o.likeConventions(cmd)
	ao, err := o.analysisOptions(descOnly)
	if err != nil {
		return nil, report.AnalysisView{}, nil, err
	}
	ao.ReleaseItems = !keepScores
	o.releaseItems = ao.ReleaseItems
	view, err := o.view()
	if err != nil {
		return nil, view, nil, err
	}
	// Only per-participant change categories name rows by id.
	o.dropIDs = ao.Change == nil || !ao.Change.PerParticipant
	sc, err := o.scoreFile(cmd, o.file)
	if err != nil {
		return nil, view, nil, err
	}
	if err := checkGroupNames(view, sc.Data.File, sc.Data.GroupNames); err != nil {
		return nil, view, nil, err
	}
	res, err := analysis.Run(sc, ao)
	if err != nil {
		return nil, view, nil, selectionFlag(err)
	}
	if ao.Change != nil {
		if err := checkChangeKeys(ao.Change, res.Scales); err != nil {
			return nil, view, nil, err
		}
	}
	for _, w := range res.Warnings {
		o.warn(w)
	}
	return res, view, sc, nil
}

func runAnalyze(cmd *cobra.Command, o *analyzeOptions, descOnly bool) error {
	res, view, err := o.results(cmd, descOnly)
	if err != nil {
		return err
	}
	var doc *report.Document
	if descOnly {
		doc = report.DescribeDocument(res, view)
	} else {
		doc = report.AnalysisDocumentFor(res, view, o.format)
	}
	return o.emit(cmd, doc, o.file)
}

// selectionFlag names the flag behind a selection the data do not have.
func selectionFlag(err error) error {
	var se *analysis.SelectionError
	if errors.As(err, &se) {
		flag, ok := map[string]string{"groups": "--groups", "instruments": "--only", "times": "--times"}[se.Option]
		if !ok {
			return err // a combination of the flags: the message says which
		}
		return fmt.Errorf("%s: %s", flag, se.Msg)
	}
	return err
}
