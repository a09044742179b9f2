package analysis

import (
	"math"
	"testing"

	"github.com/pssa-project/pssa/internal/results"
	"github.com/pssa-project/pssa/stats"
)

func TestContrasts(t *testing.T) {
	if got := contrasts(3, "consecutive"); len(got) != 2 || got[0] != [2]int{0, 1} || got[1] != [2]int{1, 2} {
		t.Errorf("consecutive: %v", got)
	}
	if got := contrasts(4, "all"); len(got) != 6 {
		t.Errorf("all: %v", got)
	}
}

// Adjustment is within each table: a group's paired contrasts, a group's
// omnibus tests, the between-group comparisons at one time point.
func TestAdjustFamilies(t *testing.T) {
	res := &Results{
		Paired: []*results.Paired{
			{Group: "A", P: 0.01}, {Group: "A", P: 0.04}, {Group: "B", P: 0.03}, {Group: "A", P: math.NaN()},
		},
		Between: []*results.Between{{Time: "T1", P: 0.02}, {Time: "T2", P: 0.02}, {Time: "T1", P: 0.04}},
	}
	adjust(res, stats.Holm)
	// Group A: p = 0.01, 0.04 (NaN not counted): Holm 0.02, 0.04.
	if res.Paired[0].PAdj != 0.02 || res.Paired[1].PAdj != 0.04 || res.Paired[2].PAdj != 0.03 || !math.IsNaN(res.Paired[3].PAdj) {
		t.Errorf("paired: %v %v %v %v", res.Paired[0].PAdj, res.Paired[1].PAdj, res.Paired[2].PAdj, res.Paired[3].PAdj)
	}
	if res.Between[0].PAdj != 0.04 || res.Between[1].PAdj != 0.02 || res.Between[2].PAdj != 0.04 {
		t.Errorf("between: %v %v %v", res.Between[0].PAdj, res.Between[1].PAdj, res.Between[2].PAdj)
	}
}
