# Reference noncentralities of the noncentral t where R's pt switches to its
# normal approximation (Abramowitz & Stegun 26.7.10): pnt uses it when
# ncp^2 > 2 log(2) 1021 (ncp beyond about 37.62) or df > 4e5. pssa's d
# intervals (stats.ncpFor) follow the same rule.
#
# Run from the repository root:  Rscript testdata/r/ncp_t_reference.R
# Writes testdata/r/ncp_t_reference.tsv: one case a line, tab-separated
# key=value fields, numbers with 17 significant digits. stats/effect_test.go
# reads it (tolerance 1e-10, as the other inverted intervals).
#
# Made with R 4.2.2 (Debian bookworm). R warns "full precision may not have
# been achieved in pnt" while the bracket search passes noncentralities just
# below 37.62; the roots are not there.
suppressWarnings({
  ncp_t <- function(t, df, target) {
    a <- t - 5; b <- t + 5
    while (pt(t, df, ncp = a) < target) a <- a - 5
    while (pt(t, df, ncp = b) > target) b <- b + 5
    uniroot(function(l) pt(t, df, ncp = l) - target, c(a, b), tol = 1e-15)$root
  }
  out <- file("testdata/r/ncp_t_reference.tsv", "w")
  cases <- list(c(40, 40000), c(-41.18, 39828), c(39, 100), c(38.3, 5000),
                c(-40.5, 250), c(-95, 99999), c(2.5, 999999), c(-300, 999999),
                c(0.3, 5e5), c(17.076299364909250, 39))
  for (cs in cases) for (target in c(0.025, 0.975)) {
    t <- cs[1]; df <- cs[2]
    cat(sprintf("test=ncp_t\tt=%.17g\tdf=%.17g\ttarget=%.17g\tncp=%.17g\n",
                t, df, target, ncp_t(t, df, target)), file = out)
  }
  close(out)
})
