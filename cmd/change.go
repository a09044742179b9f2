package cmd

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/pssa-project/pssa/internal/analysis"
	"github.com/pssa-project/pssa/internal/report"
	"github.com/pssa-project/pssa/internal/results"
	"github.com/pssa-project/pssa/stats"
)

// changeFlags are the clinical-significance flags shared by pssa change and
// analyze's change section (and check, which reruns analyze).
type changeFlags struct {
	rci         string
	rciSD       string
	rciZ        float64
	reliability []string
	norms       []string
	cutoff      string
}

func (f *changeFlags) add(c *cobra.Command, fs *pflag.FlagSet) {
	enumFlag(c, fs, &f.rci, "rci", "", "jt", []string{"jt", "ha"}, nil,
		"reliable change index: jt (Jacobson & Truax 1991) or ha (adds Hageman & Arrindell 1999 rows beside jt)")
	enumFlag(c, fs, &f.rciSD, "rci-sd", "", "group", []string{"group", "pooled", "norm"}, nil,
		"SD in S_diff: the group's from-scores (complete pairs), the groups' pooled within-group SD, or the dysfunctional norm's SD")
	fs.Float64Var(&f.rciZ, "rci-z", 1.96, "reliable when |change| > z·S_diff")
	fs.StringSliceVar(&f.reliability, "reliability", nil,
		"reliabilities: study (each group's Cronbach's alpha at the from time point) and/or CODE=VALUE, CODE_SCALE=VALUE (e.g. SWLS=0.82,CAMI_AU=0.68)")
	fs.StringArrayVar(&f.norms, "norms", nil,
		"norms of a scale as SCALE=FUNC_MEAN:FUNC_SD[,DYS_MEAN:DYS_SD] (repeatable; SCALE as for --reliability; leave the functional pair empty for a dysfunctional norm only: SCALE=,DM:DSD)")
	enumFlag(c, fs, &f.cutoff, "cutoff", "", "auto", []string{"auto", "a", "b", "c"}, nil,
		"Jacobson-Truax cutoff: auto (c with both norms, else a or b), a, b or c")
}

// options checks the values and returns the analysis options (usage errors
// for a reliability outside (0, 1), a norm SD ≤ 0, a malformed pair).
func (f *changeFlags) options() (*analysis.ChangeOptions, error) {
	o := &analysis.ChangeOptions{HA: f.rci == "ha", Z: f.rciZ, Reliability: map[string]float64{}, Norms: map[string]analysis.ScaleNorms{}}
	switch f.rciSD {
	case "pooled":
		o.SD = analysis.SDPooled
	case "norm":
		o.SD = analysis.SDNorm
	}
	switch f.cutoff {
	case "a":
		o.Cutoff = analysis.CutoffA
	case "b":
		o.Cutoff = analysis.CutoffB
	case "c":
		o.Cutoff = analysis.CutoffC
	}
	if !(f.rciZ > 0) || math.IsInf(f.rciZ, 0) {
		return nil, usagef("--rci-z %g must be a positive number", f.rciZ)
	}
	for _, r := range f.reliability {
		r = strings.TrimSpace(r)
		if strings.EqualFold(r, "study") {
			o.ReliabilityStudy = true
			continue
		}
		k, v, ok := strings.Cut(r, "=")
		if !ok {
			return nil, usagef("--reliability %q is not study or CODE=VALUE (e.g. SWLS=0.82, CAMI_AU=0.68)", r)
		}
		x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || !(x > 0 && x < 1) {
			return nil, usagef("--reliability %s: %q is not a reliability between 0 and 1 (exclusive)", k, v)
		}
		if _, dup := o.Reliability[scaleFlagKey(k)]; dup {
			return nil, usagef("--reliability gives %s twice", scaleFlagKey(k))
		}
		o.Reliability[scaleFlagKey(k)] = x
	}
	for _, n := range f.norms {
		k, v, ok := strings.Cut(n, "=")
		if !ok {
			return nil, usagef("--norms %q is not SCALE=FUNC_MEAN:FUNC_SD[,DYS_MEAN:DYS_SD]", n)
		}
		fun, dys, _ := strings.Cut(v, ",")
		var sn analysis.ScaleNorms
		var err error
		if sn.Functional, err = normPair(k, "functional", fun); err != nil {
			return nil, err
		}
		if sn.Dysfunctional, err = normPair(k, "dysfunctional", dys); err != nil {
			return nil, err
		}
		if sn.Functional == nil && sn.Dysfunctional == nil {
			return nil, usagef("--norms %q gives no norm", n)
		}
		sn.Source = "--norms"
		if prev, dup := o.Norms[scaleFlagKey(k)]; dup {
			// SWLS=FM:FSD and SWLS=,DM:DSD given apart are one scale's norms
			if prev.Functional != nil && sn.Functional != nil || prev.Dysfunctional != nil && sn.Dysfunctional != nil {
				return nil, usagef("--norms gives a norm of %s twice", scaleFlagKey(k))
			}
			if sn.Functional == nil {
				sn.Functional = prev.Functional
			}
			if sn.Dysfunctional == nil {
				sn.Dysfunctional = prev.Dysfunctional
			}
		}
		o.Norms[scaleFlagKey(k)] = sn
	}
	return o, nil
}

// scaleFlagKey normalises a --reliability / --norms key: SWLS, CAMI_AU
// (also "CAMI AU", lower case).
func scaleFlagKey(k string) string {
	k = strings.ToUpper(strings.TrimSpace(k))
	k = strings.ReplaceAll(k, " ", "_")
	if inst, scale, ok := strings.Cut(k, "_"); ok && scale == "TOTAL" {
		return inst
	}
	return k
}

func normPair(key, which, s string) (*stats.Norm, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	m, sd, ok := strings.Cut(s, ":")
	if !ok {
		return nil, usagef("--norms %s: %s norm %q is not MEAN:SD", key, which, s)
	}
	mv, err1 := strconv.ParseFloat(strings.TrimSpace(m), 64)
	sv, err2 := strconv.ParseFloat(strings.TrimSpace(sd), 64)
	if err1 != nil || err2 != nil || math.IsNaN(mv) || math.IsInf(mv, 0) {
		return nil, usagef("--norms %s: %s norm %q is not MEAN:SD", key, which, s)
	}
	if !(sv > 0) || math.IsInf(sv, 0) {
		return nil, usagef("--norms %s: %s norm SD %s must be positive", key, which, strings.TrimSpace(sd))
	}
	return &stats.Norm{Mean: mv, SD: sv}, nil
}

type changeOptions struct {
	*globalOptions
	file           string
	contrasts      string
	groups         []string
	insts          []string
	times          []string
	groupNames     []string
	perParticipant bool
	flags          changeFlags
}

func newChangeCmd(g *globalOptions) *cobra.Command {
	o := &changeOptions{globalOptions: g}
	c := &cobra.Command{
		Use:   "change FILE",
		Short: "Clinical significance: reliable change and recovery per participant (Jacobson-Truax)",
		Long: `change counts, for each group, scale and contrast between time points, how many
participants recovered, improved, were unchanged, deteriorated or were harmed
(Jacobson & Truax 1991):

  RCI = (to − from) / S_diff,  S_diff = √2 · SD · √(1 − r)

with SD the SD of the group's from-scores over its complete pairs (--rci-sd) and
r the scale's reliability: the definition's published value, --reliability
CODE=VALUE, or --reliability study (the group's own Cronbach's alpha). A change is
reliable when |to − from| > z · S_diff (--rci-z, 1.96). "Improved" always means
better in the scale's direction. With norms (the definition's, or --norms) the
cutoff a, b or c separates the functional from the dysfunctional range;
recovered = reliable improvement across it, harmed = reliable deterioration
across it (a score on the cutoff is functional). Instruments with a minimal
important difference (COPM: 2 points) use it instead of the RCI (method mid).
--rci ha adds Hageman & Arrindell's (1999) RC_indiv rows, computed from each
group's own means, SDs and pre-post correlation (--rci-sd applies to jt); a row
whose difference-score reliability r_DD is below .40 says so instead of counting.

The categories are compared across the groups of each contrast: chi-squared
(Yates on 2 x 2) when every expected count is at least 5, else Fisher's exact
test. --per-participant writes each participant's category instead.`,
		Example: `  pssa change scores.csv --reliability SWLS=0.82,RAS-R=0.93
  pssa change scores.csv --reliability study --contrasts all --groups PSW,SU
  pssa change scores.csv --norms SWLS=FM:FSD,DM:DSD --cutoff c --rci ha   # your populations' means and SDs
  pssa change scores.csv --reliability study --per-participant -o categories.csv`,
		Args: exactArgs(1, "one FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.file = args[0]
			return runChange(cmd, o)
		},
	}
	f := c.Flags()
	enumFlag(c, f, &o.contrasts, "contrasts", "", "consecutive", []string{"consecutive", "all"}, nil, "consecutive (T1-T2, T2-T3) or all pairs of time points")
	f.StringSliceVar(&o.groups, "groups", nil, "groups to analyse, in this order (default: all, in file order)")
	f.StringSliceVar(&o.insts, "only", nil, "instruments to analyse (default: all in the file), e.g. SWLS,RAS-R")
	f.StringSliceVar(&o.times, "times", nil, "time points to analyse (default: all), e.g. T1,T3")
	f.StringSliceVar(&o.groupNames, "group-names", nil, "headings for groups, as CODE=Name (e.g. PSW=Peer workers)")
	f.BoolVar(&o.perParticipant, "per-participant", false, "write one row per participant (id, group, instrument, scale, from, to, score_from, score_to, difference, rci, category, method)")
	o.flags.add(c, f)
	return c
}

func runChange(cmd *cobra.Command, o *changeOptions) error {
	co, err := o.flags.options()
	if err != nil {
		return err
	}
	ao := &analyzeOptions{globalOptions: o.globalOptions, file: o.file, pairedTest: "wilcoxon", betweenTest: "mannwhitney",
		contrasts: o.contrasts, adjust: "none", alpha: 0.05, groups: o.groups, insts: o.insts, times: o.times,
		method: "auto", continuity: true, effect: "dz", confLevel: 0.95, groupNames: o.groupNames}
	opts, err := ao.analysisOptions(false)
	if err != nil {
		return err
	}
	co.PerParticipant = o.perParticipant
	opts.Change = co
	view, err := ao.view()
	if err != nil {
		return err
	}
	sc, err := o.scoreFile(cmd, o.file)
	if err != nil {
		return err
	}
	if err := checkGroupNames(view, sc.Data.File, sc.Data.GroupNames); err != nil {
		return err
	}
	res, err := analysis.Run(sc, opts)
	if err != nil {
		return selectionFlag(err)
	}
	if err := checkChangeKeys(co, res.Scales); err != nil {
		return err
	}
	if len(res.Change) == 0 {
		return fmt.Errorf("nothing to assess in %s: no group has a scale at two of the time points %s", o.file, strings.Join(res.Input.TimePoints, ", "))
	}
	for _, w := range res.Warnings {
		cmd.PrintErrln("pssa: " + w)
	}
	if o.perParticipant {
		return o.emit(cmd, report.ChangeParticipantsDocument(res), o.file)
	}
	return o.emit(cmd, report.ChangeDocument(res, view), o.file)
}

// checkChangeKeys rejects a --reliability or --norms key that names no
// analysed scale (a typo would otherwise be silently ignored).
func checkChangeKeys(co *analysis.ChangeOptions, scales []*results.Scale) error {
	known := map[string]bool{}
	var list []string
	for _, s := range scales {
		k := analysis.ScaleKey(s.Instrument, s.Code)
		if !known[k] {
			known[k] = true
			list = append(list, k)
		}
	}
	for k := range co.Reliability {
		if !known[k] {
			return usagef("--reliability %s: no such scale in the analysis (scales: %s)", k, strings.Join(list, ", "))
		}
	}
	for k := range co.Norms {
		if !known[k] {
			return usagef("--norms %s: no such scale in the analysis (scales: %s)", k, strings.Join(list, ", "))
		}
	}
	return nil
}
