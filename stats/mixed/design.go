// Package mixed holds the group × time models: the split-plot (mixed)
// ANOVA on complete cases and linear mixed models fitted by REML on all
// available observations, with Satterthwaite degrees of freedom and
// estimated marginal means. Like stats, it is pure: slices in, result
// structs out, no files, no printing.
package mixed

// Design is a group × time layout: one row per participant, one column per
// time point. A missing observation is NaN.
type Design struct {
	Y      [][]float64 // participants × time points
	Group  []int       // group index of each participant, 0-based, into Groups
	Groups []string    // group names, in order of first appearance
	Times  []string    // time point names, in order
	// Change, when set, holds each participant's changes between
	// consecutive time points (participants × (times − 1), NaN where either
	// score is missing), formed exactly by the caller (item scales are
	// ratios of integers); ChangeMannWhitney then uses them instead of
	// subtracting the rounded scores in Y, so its ties never depend on
	// rounding. The models read Y only.
	Change [][]float64
}
