package mixed

import (
	"fmt"
	"strings"
	"testing"
)

// An unstructured covariance over more time points than MaxUnstructuredTimes
// is refused with a reason at once instead of a fit that runs for minutes.
func TestFitLMMUnstructuredTooManyTimes(t *testing.T) {
	k := MaxUnstructuredTimes + 1
	d := Design{Groups: []string{"A", "B"}}
	for j := 0; j < k; j++ {
		d.Times = append(d.Times, fmt.Sprintf("T%d", j+1))
	}
	for i := 0; i < 20; i++ {
		row := make([]float64, k)
		for j := range row {
			row[j] = float64((i*7+j*3)%11) + float64(j)
		}
		d.Y = append(d.Y, row)
		d.Group = append(d.Group, i%2)
	}
	_, err := FitLMM(d, Unstructured)
	if err == nil || !strings.Contains(err.Error(), "use the random-intercept model (ri)") {
		t.Fatalf("err = %v", err)
	}
	if _, err := FitLMM(d, RandomIntercept); err != nil {
		t.Fatalf("ri: %v", err)
	}
}
