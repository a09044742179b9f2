package stats

import "math"

// SPSSZ returns the Z that SPSS prints for the Wilcoxon signed-rank and
// Mann–Whitney tests from the signed normal deviate z of SignedRank or
// MannWhitney computed without continuity correction.
//
// SPSS (NPAR TESTS, and its Test Statistics table) forms Z from the smaller
// rank sum, Z = (min(R⁺, R⁻) − E)/σ for the signed-rank test and
// Z = (min(U₁, U₂) − n₁n₂/2)/σ for Mann–Whitney, tie-corrected and without
// continuity, so Z ≤ 0 always and its sign says nothing about the
// direction (SPSS footnotes "based on positive/negative ranks" for that).
// Because R⁺ + R⁻ = 2E (and U₁ + U₂ = 2·n₁n₂/2), min(R⁺, R⁻) − E = −|R⁺ − E|:
// SPSS's Z is −|z|. In R, −|statistic(coin::wilcoxsign_test(x ~ y,
// zero.method = "Wilcoxon"))| and −|statistic(coin::wilcox_test(...))|.
func SPSSZ(z float64) float64 { return -math.Abs(z) }

// SignCounts returns the counts of SPSS's Ranks table for paired
// differences d (later − earlier, or x − y): negative, positive and ties
// (exactly zero, the differences SignedRank drops). In R:
// table(sign(d)).
func SignCounts(d []float64) (negative, positive, ties int) {
	for _, v := range d {
		switch {
		case v < 0:
			negative++
		case v > 0:
			positive++
		default:
			ties++
		}
	}
	return negative, positive, ties
}
