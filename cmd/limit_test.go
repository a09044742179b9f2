package cmd

import "testing"

// TestReleasingLimitLeavesRoom: the cap on an analysis that frees its
// items leaves the runtime and the working set room above the data on a
// file just above limitMemoryForAnalysis's 8 MiB threshold (sz_22000:
// 8.2 MiB, 8 MB loaded; the cap of 1.5x the data made 150 collections of
// 10 and 0.19 s of 0.07), and stays 1.5x the data on the registry (84 MB
// loaded from 114 MiB), whose peak it sets.
func TestReleasingLimitLeavesRoom(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct{ data, input, want int64 }{
		{8 * mib, 8*mib + 200<<10, 24 * mib},
		{12 * mib, 19 * mib, 28 * mib},
		{84 * mib, 114 * mib, 126 * mib},
	} {
		if got := releasingLimit(c.data, c.input); got != c.want {
			t.Errorf("data %d MiB, file %d MiB: limit %.1f MiB, want %.1f", c.data/mib, c.input/mib, float64(got)/mib, float64(c.want)/mib)
		}
	}
}
