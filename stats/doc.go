// Package stats holds the tests, effect sizes, reliability coefficients and
// distributions that pssa reports. It is pure: slices in, result structs out,
// no files and no printing.
//
// Every exported function names the R function whose numbers it reproduces;
// the unit tests compare against values that R printed with digits = 17
// (the scripts that made them are in testdata/r/).
//
// Conventions shared by every test:
//
//   - Missing values (NaN) are never passed in: callers drop incomplete rows
//     and report how many they dropped.
//   - Data-dependent failures (too few observations, zero variance, all
//     differences zero) return an error of type *DegenerateError, whose
//     message says why; no function returns a silent 0.
//   - Before ranking, values are rounded to 12 significant digits so that
//     floating-point noise in differences of scale scores (5.3333 − 4 against
//     2.3333 − 1) does not create false distinct ranks (the trap of SciPy issue
//     #17667); RankOptions.DigitsRank changes the number, as R's
//     wilcox.test(digits.rank = ), and a result whose data need more digits
//     says so in its Warnings (tierule.go). Data on the instruments' own
//     precision are unaffected.
//   - Means and sums of squares are formed from deviations from values of
//     the data (a first pass's mean, or the first observation), so that data
//     far from zero (10^6 ± 10^-4) keep their digits (moments.go).
package stats
