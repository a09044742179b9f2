# Independent recomputation, on testdata/example.csv, of the intervals, z,
# SPSS rank counts and McDonald's omega that `pssa analyze` and `pssa
# describe` report (the companion of pipeline_reference.R, whose scoring it
# repeats: R reads the raw items, applies the keys and the 20% prorating rule
# itself).
#
# Run from the repository root:  Rscript testdata/r/pipeline_ci_reference.R
# Writes testdata/r/pipeline_ci_reference.tsv in pipeline_reference.tsv's
# format: section, group, instrument, scale, from, to, key, value (17
# significant digits).
# Made with R 4.2.2, psych 2.2.9, effectsize 0.8.3, numDeriv.
# Bounds that invert a distribution (d, partial eta squared) are exact
# inversions with uniroot (tol = 1e-13); omega is factanal's fit polished to
# a zero gradient (see ci_reference.R).
suppressPackageStartupMessages({
  library(psych)
  library(effectsize)
})
d <- read.csv("testdata/example.csv", check.names = FALSE, stringsAsFactors = FALSE)
out <- file("testdata/r/pipeline_ci_reference.tsv", "w")
emit <- function(section, group, inst, scale, from, to, key, value) {
  writeLines(paste(section, group, inst, scale, from, to, key, sprintf("%.17g", value), sep = "\t"), out)
}
score <- function(inst, items, time, rev = integer(0), lo = 1, hi = 5, how = "sum") {
  m <- sapply(items, function(i) {
    v <- d[[sprintf("%s_%d_%s", inst, i, time)]]
    if (i %in% rev) lo + hi - v else v
  })
  answered <- rowSums(!is.na(m))
  k <- length(items)
  s <- rowMeans(m, na.rm = TRUE) * (if (how == "sum") k else 1)
  s[answered == 0 | (k - answered) / k > 0.2 + 1e-12] <- NA
  s
}
ssq <- lapply(c(T1 = "T1", T2 = "T2", T3 = "T3"), function(t) score("SSQ", 1:14, t, lo = 1, hi = 7))
swls <- lapply(c(T1 = "T1", T3 = "T3"), function(t) score("SWLS", 1:5, t, lo = 1, hi = 7))
ras <- lapply(c(T1 = "T1", T2 = "T2", T3 = "T3"), function(t) score("RAS-R", 1:24, t))
au_items <- seq(1, 37, by = 4)
au_rev <- c(5, 13, 21, 29, 37)
au <- lapply(c(T1 = "T1", T2 = "T2"), function(t) score("CAMI", au_items, t, rev = au_rev))
psw <- d$group == "PSW"; su <- d$group == "SU"; mhp <- d$group == "MHP"
lev <- 0.95

ncp_t <- function(t, df, target) {
  a <- t - 5; b <- t + 5
  while (pt(t, df, ncp = a) < target) a <- a - 5
  while (pt(t, df, ncp = b) > target) b <- b + 5
  uniroot(function(l) pt(t, df, ncp = l) - target, c(a, b), tol = 1e-13)$root
}
ncp_f <- function(f, df1, df2, target) {
  if (pf(f, df1, df2) <= target) return(0)
  b <- max(1, f * df1)
  while (pf(f, df1, df2, ncp = b) > target) b <- 2 * b
  uniroot(function(l) pf(f, df1, df2, ncp = l) - target, c(0, b), tol = 1e-13)$root
}

# Paired contrasts, x = to, y = from. z: the signed deviate of V with the
# continuity correction (pssa's default), recovered from wilcox.test's own
# p-value; the rank-biserial interval is effectsize's Fisher z with the SE of
# the non-zero differences (see ci_reference.R).
paired <- function(group, sel, inst, scale, from, to, a, b) {
  ok <- sel & !is.na(a) & !is.na(b)
  x <- b[ok]; y <- a[ok]
  n <- sum(ok)
  dd <- x - y
  dr <- signif(dd, 12)
  w <- suppressWarnings(wilcox.test(x, y, paired = TRUE, exact = FALSE, correct = TRUE, digits.rank = 12))
  nz <- sum(dr != 0)
  z <- sign(unname(w$statistic) - nz * (nz + 1) / 4) * qnorm(w$p.value / 2, lower.tail = FALSE)
  tt <- t.test(x, y, paired = TRUE, conf.level = lev)
  tstat <- unname(tt$statistic)
  sav <- (sd(x) + sd(y)) / 2
  # On the differences rounded to 12 digits, as pssa ranks them (else
  # floating-point noise in prorated scores makes false distinct ranks).
  rb <- rank_biserial(dr, ci = lev)
  se <- sqrt((2 * nz^3 + 3 * nz^2 + nz) / 6) / ((nz^2 + nz) / 2)
  rbci <- tanh(atanh(rb$r_rank_biserial) + c(-1, 1) * qnorm((1 + lev) / 2) * se)
  rc <- r.con(z / sqrt(n), n, p = lev)
  e <- function(k, v) emit("paired", group, inst, scale, from, to, k, v)
  e("diff_ci_low", tt$conf.int[1]); e("diff_ci_high", tt$conf.int[2])
  e("z", z)
  e("n_negative", sum(dr < 0)); e("n_positive", sum(dr > 0)); e("n_ties", sum(dr == 0))
  e("d_z_ci_low", ncp_t(tstat, n - 1, 1 - (1 - lev) / 2) / sqrt(n))
  e("d_z_ci_high", ncp_t(tstat, n - 1, (1 - lev) / 2) / sqrt(n))
  e("d_av_ci_low", ncp_t(tstat, n - 1, 1 - (1 - lev) / 2) / (sqrt(n) * sav / sd(dd)))
  e("d_av_ci_high", ncp_t(tstat, n - 1, (1 - lev) / 2) / (sqrt(n) * sav / sd(dd)))
  e("r_ci_low", rc[1]); e("r_ci_high", rc[2])
  e("rank_biserial", rb$r_rank_biserial)
  e("rank_biserial_ci_low", rbci[1]); e("rank_biserial_ci_high", rbci[2])
}
paired("PSW", psw, "SSQ", "TOTAL", "T1", "T2", ssq$T1, ssq$T2)
paired("SU", su, "SWLS", "TOTAL", "T1", "T3", swls$T1, swls$T3)
paired("MHP", mhp, "CAMI", "AU", "T1", "T2", au$T1, au$T2)
paired("PSW", psw, "RAS-R", "TOTAL", "T2", "T3", ras$T2, ras$T3)

# Omnibus: partial eta squared of the complete cases and its two-sided
# interval, lambda / (lambda + df2) as effectsize::F_to_eta2 maps it.
omni <- function(group, sel, inst, scale, xs) {
  m <- do.call(cbind, xs)[sel, ]
  m <- m[complete.cases(m), ]
  n <- nrow(m); k <- ncol(m)
  # F of the one-way within-subjects ANOVA (checked against car::Anova in
  # pipeline_reference.R).
  ss_time <- n * sum((colMeans(m) - mean(m))^2)
  ss_subj <- k * sum((rowMeans(m) - mean(m))^2)
  ss_err <- sum((m - mean(m))^2) - ss_time - ss_subj
  df1 <- k - 1; df2 <- (k - 1) * (n - 1)
  f <- (ss_time / df1) / (ss_err / df2)
  l_lo <- ncp_f(f, df1, df2, 1 - (1 - lev) / 2); l_hi <- ncp_f(f, df1, df2, (1 - lev) / 2)
  emit("omnibus", group, inst, scale, "T1", "T3", "partial_eta_sq_ci_low", l_lo / (l_lo + df2))
  emit("omnibus", group, inst, scale, "T1", "T3", "partial_eta_sq_ci_high", l_hi / (l_hi + df2))
}
omni("PSW", psw, "RAS-R", "TOTAL", ras)
omni("PSW", psw, "SSQ", "TOTAL", ssq)

# Between groups (PSW vs SU): Welch's interval of the mean difference, d's
# interval, z (continuity-corrected, from wilcox.test's p), r's and the
# rank-biserial's intervals.
betw <- function(inst, scale, time, x) {
  a <- signif(x[psw & !is.na(x)], 12); b <- signif(x[su & !is.na(x)], 12)
  n1 <- length(a); n2 <- length(b)
  w <- suppressWarnings(wilcox.test(a, b, exact = FALSE, correct = TRUE))
  z <- sign(unname(w$statistic) - n1 * n2 / 2) * qnorm(w$p.value / 2, lower.tail = FALSE)
  tt <- t.test(a, b, conf.level = lev)
  sp <- sqrt(((n1 - 1) * var(a) + (n2 - 1) * var(b)) / (n1 + n2 - 2))
  scale_ <- sqrt(n1 * n2 / (n1 + n2))
  tp <- (mean(a) - mean(b)) / sp * scale_
  rb <- rank_biserial(a, b, ci = lev)
  rc <- r.con(z / sqrt(n1 + n2), n1 + n2, p = lev)
  e <- function(k, v) emit("between", "", inst, scale, time, "", k, v)
  e("diff_ci_low", tt$conf.int[1]); e("diff_ci_high", tt$conf.int[2])
  e("z", z)
  e("d_ci_low", ncp_t(tp, n1 + n2 - 2, 1 - (1 - lev) / 2) / scale_)
  e("d_ci_high", ncp_t(tp, n1 + n2 - 2, (1 - lev) / 2) / scale_)
  e("r_ci_low", rc[1]); e("r_ci_high", rc[2])
  e("rank_biserial_ci_low", rb$CI_low); e("rank_biserial_ci_high", rb$CI_high)
}
betw("SSQ", "TOTAL", "T1", ssq$T1)
betw("RAS-R", "TOTAL", "T3", ras$T3)

# McDonald's omega of the listwise-complete items (reverse keys applied).
fa_grad <- function(Psi, S) {
  sc <- diag(1 / sqrt(Psi))
  E <- eigen(sc %*% S %*% sc, symmetric = TRUE)
  load <- sqrt(Psi) * E$vectors[, 1] * sqrt(max(E$values[1] - 1, 0))
  (load^2 + Psi - diag(S)) / Psi^2
}
omega_of <- function(group, sel, inst, scale, time, items, rev, lo, hi) {
  m <- sapply(items, function(i) { v <- d[[sprintf("%s_%d_%s", inst, i, time)]]; if (i %in% rev) lo + hi - v else v })
  m <- m[sel, ]
  m <- m[complete.cases(m), ]
  S <- cor(m)
  psi <- stats:::factanal.fit.mle(S, 1, NULL, 0.005, list(factr = 1, pgtol = 0, maxit = 10000))$uniquenesses
  if (any(psi <= 0.005 + 1e-8)) stop("Heywood case: choose another scale")
  for (i in 1:20) {
    g <- fa_grad(psi, S)
    if (max(abs(g)) < 1e-13) break
    psi <- psi - solve(numDeriv::jacobian(function(p) fa_grad(p, S), psi), g)
  }
  sc <- diag(1 / sqrt(psi))
  E <- eigen(sc %*% S %*% sc, symmetric = TRUE)
  L <- sqrt(psi) * E$vectors[, 1] * sqrt(max(E$values[1] - 1, 0))
  emit("descriptive", group, inst, scale, time, "", "omega", sum(L)^2 / (sum(L)^2 + sum(1 - L^2)))
}
omega_of("PSW", psw, "SWLS", "TOTAL", "T1", 1:5, integer(0), 1, 7)
omega_of("MHP", mhp, "CAMI", "AU", "T1", au_items, au_rev, 1, 5)
omega_of("SU", su, "SSQ", "TOTAL", "T1", 1:14, integer(0), 1, 7)
omega_of("SU", su, "RAS-R", "TOTAL", "T1", 1:24, integer(0), 1, 5)
omega_of("PSW", psw, "EMAS", "TOTAL", "T2", 1:12, integer(0), 1, 5)
close(out)
