package stats

import (
	"fmt"
	"math"
	"sort"
)

// Adjustment is a multiple-comparison adjustment of p-values.
type Adjustment int

const (
	NoAdjustment Adjustment = iota
	Holm
	BH
)

// ParseAdjustment reads none, holm or bh (also fdr, BH).
func ParseAdjustment(s string) (Adjustment, error) {
	switch s {
	case "none", "":
		return NoAdjustment, nil
	case "holm":
		return Holm, nil
	case "bh", "BH", "fdr":
		return BH, nil
	}
	return NoAdjustment, fmt.Errorf("adjustment %q is not one of none, holm, bh", s)
}

// String names the adjustment as p.adjust does.
func (a Adjustment) String() string {
	switch a {
	case Holm:
		return "holm"
	case BH:
		return "BH"
	}
	return "none"
}

// AdjustP returns the adjusted p-values, as R's p.adjust(p, method). NaN
// entries stay NaN and are not counted in the number of tests m.
//
//	Holm: cummax((m − i + 1)·p_(i)) over ascending p, capped at 1;
//	BH:   cummin((m/i)·p_(i)) over descending p, capped at 1.
func AdjustP(p []float64, method Adjustment) []float64 {
	out := make([]float64, len(p))
	copy(out, p)
	if method == NoAdjustment {
		return out
	}
	var idx []int
	for i, v := range p {
		if !math.IsNaN(v) {
			idx = append(idx, i)
		}
	}
	m := float64(len(idx))
	switch method {
	case Holm:
		sort.SliceStable(idx, func(a, b int) bool { return p[idx[a]] < p[idx[b]] })
		run := 0.0
		for i, j := range idx {
			run = math.Max(run, (m-float64(i))*p[j])
			out[j] = math.Min(1, run)
		}
	case BH:
		sort.SliceStable(idx, func(a, b int) bool { return p[idx[a]] > p[idx[b]] })
		run := math.Inf(1)
		for i, j := range idx {
			rank := m - float64(i)
			run = math.Min(run, m/rank*p[j])
			out[j] = math.Min(1, run)
		}
	}
	return out
}
