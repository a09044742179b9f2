# Reference values for the confidence intervals, SPSS's Z and rank counts,
# the noncentral F and McDonald's omega in pssa's stats package.
#
# Run from the repository root:  Rscript testdata/r/ci_reference.R
# Writes testdata/r/ci_reference.tsv in the format of stats_reference.tsv:
# one case a line, tab-separated key=value fields, vectors comma-separated,
# every number with 17 significant digits (sprintf("%.17g")).
#
# Made with R 4.2.2, coin 1.4.2, psych 2.2.9, effectsize 0.8.3 (Debian
# bookworm).
#
# Intervals that invert a distribution (d, d_z, d_av, g from the noncentral
# t; partial eta squared from the noncentral F) are computed here by an
# exact inversion, uniroot on pt(ncp = ) / pf(ncp = ) with tol = 1e-13, not
# read from effectsize, whose optimiser stops early (its printed bounds are
# written beside them as *_es for a loose check of the formula only).
# Intervals in closed form (t intervals from t.test, Fisher-z intervals from
# effectsize::rank_biserial and psych::r.con) are R's own numbers.
suppressPackageStartupMessages({
  library(coin)
  library(psych)
  library(effectsize)
})

out <- file("testdata/r/ci_reference.tsv", "w")
num <- function(x) ifelse(is.na(x), "NaN", sprintf("%.17g", x))
vec <- function(x) paste(num(x), collapse = ",")
emit <- function(...) {
  f <- list(...)
  fields <- mapply(function(k, v) {
    v <- if (is.numeric(v) && length(v) > 1) vec(v) else if (is.numeric(v)) num(v) else as.character(v)
    paste0(k, "=", v)
  }, names(f), f)
  writeLines(paste(fields, collapse = "\t"), out)
}
levels <- c(0.95, 0.90)

# The noncentrality l at which pt(t, df, ncp = l) = target (pt falls as l grows).
ncp_t <- function(t, df, target) {
  a <- t - 5; b <- t + 5
  while (pt(t, df, ncp = a) < target) a <- a - 5
  while (pt(t, df, ncp = b) > target) b <- b + 5
  uniroot(function(l) pt(t, df, ncp = l) - target, c(a, b), tol = 1e-13)$root
}
# The same for the noncentral F, 0 when even ncp = 0 gives pf <= target.
ncp_f <- function(f, df1, df2, target) {
  if (pf(f, df1, df2) <= target) return(0)
  b <- max(1, f * df1)
  while (pf(f, df1, df2, ncp = b) > target) b <- 2 * b
  uniroot(function(l) pf(f, df1, df2, ncp = l) - target, c(0, b), tol = 1e-13)$root
}

# ---- noncentral F CDF --------------------------------------------------------
for (a in list(c(2.5, 2, 30, 0), c(2.5, 2, 30, 4), c(0.3, 1, 10, 0.5), c(7, 3, 57, 25), c(1.2, 4, 200, 60),
               c(15, 2, 8, 100), c(0.9, 5, 12, 2), c(40, 1, 19, 300), c(3.3, 2, 48, 0.001))) {
  emit(test = "ncf", x = a[1], df1 = a[2], df2 = a[3], ncp = a[4], p = pf(a[1], a[2], a[3], ncp = a[4]))
}

# ---- partial eta squared ----------------------------------------------------
for (a in list(c(5.2, 2, 38), c(0.4, 2, 60), c(1.1, 2, 18), c(12.7, 3, 57), c(3.1, 1, 29),
               c(25, 2, 98), c(2.2, 4, 120), c(0.05, 2, 20),
               # registry-sized: a million participants over three time points
               c(50, 2, 2e6), c(1e5, 4, 4e6))) {
  for (lev in levels) {
    f <- a[1]; df1 <- a[2]; df2 <- a[3]
    l_lo <- ncp_f(f, df1, df2, 1 - (1 - lev) / 2)
    l_hi <- ncp_f(f, df1, df2, (1 - lev) / 2)
    es <- F_to_eta2(f, df1, df2, ci = lev, alternative = "two.sided")
    emit(test = "eta", f = f, df1 = df1, df2 = df2, level = lev, eta = f * df1 / (f * df1 + df2),
         ncp_lo = l_lo, ncp_hi = l_hi, lo = l_lo / (l_lo + df2), hi = l_hi / (l_hi + df2),
         lo_es = es$CI_low, hi_es = es$CI_high)
  }
}

# ---- paired: t interval, d_z, d_av, SPSS Z and counts, rank-biserial, r ------
set.seed(20261123)
paired <- list(
  a = list(x = c(23, 25, 28, 30, 22, 27, 26, 31, 24, 29), y = c(21, 24, 27, 26, 22, 23, 25, 27, 22, 28)),
  likert12 = list(x = c(5, 6, 4, 7, 5, 6, 3, 5, 6, 7, 4, 5), y = c(4, 6, 3, 5, 5, 4, 3, 6, 4, 5, 4, 3)),
  b = { x <- round(rnorm(40, 80, 12)); list(x = x, y = round(x + rnorm(40, 3, 6))) },
  nozero = list(x = c(12, 15, 11, 18, 14, 16, 13, 17, 19, 10, 15), y = c(10, 16, 8, 13, 15, 11, 9, 14, 12, 7, 11)),
  decrease = list(x = c(22, 18, 25, 20, 19, 24, 17, 21, 23, 16, 26, 20, 22, 19),
                  y = c(26, 24, 27, 22, 25, 27, 23, 21, 28, 22, 29, 25, 24, 26)),
  big = { x <- sample(14:98, 300, TRUE); list(x = pmin(98, pmax(14, x + sample(-6:8, 300, TRUE))), y = x) }
)
for (nm in names(paired)) {
  d <- paired[[nm]]
  dd <- d$x - d$y
  n <- length(dd)
  ct <- wilcoxsign_test(d$x ~ d$y, zero.method = "Wilcoxon")
  z <- unname(statistic(ct))
  r <- z / sqrt(n)
  sav <- (sd(d$x) + sd(d$y)) / 2
  tstat <- mean(dd) / (sd(dd) / sqrt(n))
  for (lev in levels) {
    tt <- t.test(d$x, d$y, paired = TRUE, conf.level = lev)
    es <- cohens_d(d$x, d$y, paired = TRUE, ci = lev)
    rb <- rank_biserial(d$x, d$y, paired = TRUE, ci = lev)
    rc <- r.con(r, n, p = lev)
    # effectsize 0.8.3 takes nd, the count in its SE, as sum(x != 0) where
    # the number of non-zero differences is meant (its x is not x - y there):
    # the two agree when no difference is 0. pssa counts the non-zero
    # differences; rb_lo/rb_hi are effectsize's formula with that count.
    nd <- sum(dd != 0)
    rb_se <- sqrt((2 * nd^3 + 3 * nd^2 + nd) / 6) / ((nd^2 + nd) / 2)
    rb_ci <- tanh(atanh(rb$r_rank_biserial) + c(-1, 1) * qnorm((1 + lev) / 2) * rb_se)
    emit(test = "paired", name = nm, x = d$x, y = d$y, level = lev,
         t = unname(tt$statistic), df = unname(tt$parameter),
         mean_lo = tt$conf.int[1], mean_hi = tt$conf.int[2],
         dz_lo = ncp_t(tstat, n - 1, 1 - (1 - lev) / 2) / sqrt(n),
         dz_hi = ncp_t(tstat, n - 1, (1 - lev) / 2) / sqrt(n),
         dz_lo_es = es$CI_low, dz_hi_es = es$CI_high,
         dav_lo = ncp_t(tstat, n - 1, 1 - (1 - lev) / 2) / (sqrt(n) * sav / sd(dd)),
         dav_hi = ncp_t(tstat, n - 1, (1 - lev) / 2) / (sqrt(n) * sav / sd(dd)),
         n_negative = sum(dd < 0), n_positive = sum(dd > 0), n_ties = sum(dd == 0),
         z = z, spss_z = -abs(z), r = r, r_lo = rc[1], r_hi = rc[2],
         rank_biserial = rb$r_rank_biserial, rb_lo = rb_ci[1], rb_hi = rb_ci[2],
         rb_lo_es = rb$CI_low, rb_hi_es = rb$CI_high)
  }
}

# ---- independent: Welch/Student intervals, d, g, SPSS Z, rank-biserial, r ---
indep <- list(
  noties = list(x = c(0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46), y = c(1.15, 0.88, 0.9, 0.74, 1.21)),
  likert = list(x = sample(5:35, 16, TRUE), y = sample(5:35, 21, TRUE)),
  groups = list(x = round(rnorm(30, 24, 5)), y = round(rnorm(45, 21, 7))),
  big = list(x = sample(1:50, 400, TRUE), y = sample(3:52, 300, TRUE))
)
for (nm in names(indep)) {
  d <- indep[[nm]]
  n1 <- length(d$x); n2 <- length(d$y)
  g <- factor(rep(c("a", "b"), c(n1, n2)), levels = c("a", "b"))
  z <- unname(statistic(wilcox_test(c(d$x, d$y) ~ g)))
  r <- z / sqrt(n1 + n2)
  sp <- sqrt(((n1 - 1) * var(d$x) + (n2 - 1) * var(d$y)) / (n1 + n2 - 2))
  dd <- (mean(d$x) - mean(d$y)) / sp
  scale <- sqrt(n1 * n2 / (n1 + n2))
  j <- exp(lgamma((n1 + n2 - 2) / 2) - log(sqrt((n1 + n2 - 2) / 2)) - lgamma((n1 + n2 - 3) / 2))
  for (lev in levels) {
    w <- t.test(d$x, d$y, conf.level = lev)
    s <- t.test(d$x, d$y, var.equal = TRUE, conf.level = lev)
    rb <- rank_biserial(d$x, d$y, ci = lev)
    rc <- r.con(r, n1 + n2, p = lev)
    d_lo <- ncp_t(dd * scale, n1 + n2 - 2, 1 - (1 - lev) / 2) / scale
    d_hi <- ncp_t(dd * scale, n1 + n2 - 2, (1 - lev) / 2) / scale
    es <- cohens_d(d$x, d$y, ci = lev)
    emit(test = "independent", name = nm, x = d$x, y = d$y, level = lev,
         welch_lo = w$conf.int[1], welch_hi = w$conf.int[2], welch_df = unname(w$parameter),
         student_lo = s$conf.int[1], student_hi = s$conf.int[2],
         d_lo = d_lo, d_hi = d_hi, d_lo_es = es$CI_low, d_hi_es = es$CI_high, g_lo = d_lo * j, g_hi = d_hi * j,
         z = z, spss_z = -abs(z), r = r, r_lo = rc[1], r_hi = rc[2],
         rank_biserial = rb$r_rank_biserial, rb_lo = rb$CI_low, rb_hi = rb$CI_high)
  }
}

# ---- McDonald's omega from factanal -----------------------------------------
# factanal's default L-BFGS-B stops at a relative change of about 2e-9 in the
# objective, leaving the uniquenesses ~1e-7 from the optimum. The reference
# ("omega") is therefore factanal's own fitting function rerun with factr = 1
# and then polished by Newton steps on factanal's gradient (numDeriv for its
# Jacobian) until the gradient vanishes to ~1e-12; factanal's default fit is
# written beside it as omega_default.
fa_grad <- function(Psi, S) {
  sc <- diag(1 / sqrt(Psi))
  E <- eigen(sc %*% S %*% sc, symmetric = TRUE)
  load <- sqrt(Psi) * E$vectors[, 1] * sqrt(max(E$values[1] - 1, 0))
  (load^2 + Psi - diag(S)) / Psi^2
}
fa_loadings <- function(Psi, S) {
  sc <- diag(1 / sqrt(Psi))
  E <- eigen(sc %*% S %*% sc, symmetric = TRUE)
  sqrt(Psi) * E$vectors[, 1] * sqrt(max(E$values[1] - 1, 0))
}
fa_tight <- function(S) {
  fit <- stats:::factanal.fit.mle(S, 1, NULL, 0.005, list(factr = 1, pgtol = 0, maxit = 10000))
  psi <- fit$uniquenesses
  if (any(psi <= 0.005 + 1e-8)) return(psi)
  for (i in 1:20) {
    g <- fa_grad(psi, S)
    if (max(abs(g)) < 1e-13) break
    psi <- psi - solve(numDeriv::jacobian(function(p) fa_grad(p, S), psi), g)
  }
  psi
}
omega_of <- function(L) sum(L)^2 / (sum(L)^2 + sum(1 - L^2))
one_factor <- function(n, lambda, levels = 5) {
  f <- rnorm(n)
  sapply(lambda, function(l) {
    v <- l * f + sqrt(1 - l^2) * rnorm(n)
    as.numeric(cut(v, c(-Inf, qnorm(seq_len(levels - 1) / levels), Inf)))
  })
}
items <- list(
  k3 = one_factor(120, c(0.7, 0.6, 0.5)),
  k5 = one_factor(200, c(0.8, 0.7, 0.65, 0.5, 0.4)),
  k10 = one_factor(150, seq(0.3, 0.8, length.out = 10), levels = 7),
  reversed = { m <- one_factor(180, c(0.7, 0.6, 0.6, 0.5)); m[, 2] <- 6 - m[, 2]; m },
  k14 = one_factor(90, c(0.75, 0.7, 0.72, 0.6, 0.55, 0.5, 0.65, 0.7, 0.45, 0.6, 0.62, 0.5, 0.4, 0.68), levels = 7),
  # three items whose one-factor solution needs a loading above 1: r12 r13 / r23 > 1
  # Few respondents (10 for 9 items) from the bundled example, PSW's RAS-R
  # PCH at T3 (a Heywood case at item 9) and SWLS at T1 (none).
  example_pch = { ex <- read.csv("testdata/example.csv", check.names = FALSE)
    m <- sapply(c(7:14, 21), function(i) ex[[sprintf("RAS-R_%d_T3", i)]])[ex$group == "PSW", ]
    m[complete.cases(m), ] },
  example_swls = { ex <- read.csv("testdata/example.csv", check.names = FALSE)
    m <- sapply(1:5, function(i) ex[[sprintf("SWLS_%d_T1", i)]])[ex$group == "PSW", ]
    m[complete.cases(m), ] },
  heywood = { s <- matrix(c(1, 0.9, 0.5, 0.9, 1, 0.3, 0.5, 0.3, 1), 3); round(MASS::mvrnorm(60, rep(0, 3), s, empirical = TRUE), 6) }
)
for (nm in names(items)) {
  m <- items[[nm]]
  cm <- cor(m)
  fd <- factanal(covmat = cm, factors = 1)
  psi <- fa_tight(cm)
  L <- fa_loadings(psi, cm)
  emit(test = "omega", name = nm, k = ncol(m), data = as.vector(t(m)),
       omega = omega_of(L), omega_default = omega_of(as.vector(fd$loadings)),
       uniquenesses = unname(psi), loadings = abs(L), max_gradient = max(abs(fa_grad(psi, cm))),
       heywood = if (any(psi <= 0.005 + 1e-8)) "TRUE" else "FALSE", heywood_item = which.min(psi))
}
close(out)
