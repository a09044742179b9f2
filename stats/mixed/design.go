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
	// Flat and FlatChange, when Y is nil, hold the same rows one after
	// another (len(Times) values per participant, and len(Times) − 1
	// changes): a caller with a million participants builds two arrays
	// instead of two million slices.
	Flat, FlatChange []float64
}

// N is the number of participants (rows).
func (d *Design) N() int {
	if d.Y == nil && len(d.Times) > 0 {
		return len(d.Flat) / len(d.Times)
	}
	return len(d.Y)
}

// Row returns participant i's observations.
func (d *Design) Row(i int) []float64 {
	if d.Y == nil {
		k := len(d.Times)
		return d.Flat[i*k : (i+1)*k : (i+1)*k]
	}
	return d.Y[i]
}

// changes returns participant i's exact changes (nil when the caller gave
// none).
func (d *Design) changes(i int) []float64 {
	switch {
	case d.Y == nil && d.FlatChange != nil:
		k := len(d.Times) - 1
		return d.FlatChange[i*k : (i+1)*k : (i+1)*k]
	case d.Change != nil:
		return d.Change[i]
	}
	return nil
}
