* SPSS's Z for the Wilcoxon signed-rank and Mann-Whitney tests, and its
* Ranks counts, from PSPP (GNU pspp 1.6.2, Debian bookworm; SPSS's NPAR TESTS
* syntax and output). Run from the repository root:
*   pspp -O format=csv testdata/r/pspp_z.sps > testdata/r/pspp_z.csv
* stats/spss_test.go holds the printed values.
DATA LIST LIST /x y.
BEGIN DATA
5 4
6 6
4 3
7 5
5 5
6 4
3 3
5 6
6 4
7 5
4 4
5 3
END DATA.
NPAR TESTS /WILCOXON = y WITH x (PAIRED).
DATA LIST LIST /g v.
BEGIN DATA
1 0.8
1 0.83
1 1.89
1 1.04
1 1.45
1 1.38
1 1.91
1 1.64
1 0.73
1 1.46
2 1.15
2 0.88
2 0.9
2 0.74
2 1.21
END DATA.
NPAR TESTS /M-W = v BY g (1,2).
