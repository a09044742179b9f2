# Reference values for pssa's stats package.
#
# Run from the repository root:  Rscript testdata/r/stats_reference.R
# Writes testdata/r/stats_reference.tsv: one case a line, tab-separated
# key=value fields; data vectors are comma-separated; every number is printed
# with 17 significant digits (sprintf("%.17g")), so the Go tests can compare
# at a relative tolerance of 1e-9 or tighter.
#
# Made with R 4.2.2, coin 1.4.2, car 3.1.1, psych 2.2.9, effectsize 0.8.3
# (Debian bookworm).
# R 4.2 gives up on exact signed-rank/rank-sum p-values with ties (it warns and
# uses the normal approximation), so exact conditional p-values with ties come
# from coin (distribution = "exact"), which is what pssa reproduces.
suppressPackageStartupMessages({
  library(coin)
  library(car)
  library(psych)
  library(effectsize)  # rank-biserial correlations (r-cran-effectsize 0.8.3)
})
# z of an asymptotic two-sided test, recovered from R's own p-value and the
# sign of the statistic's deviation: p = 2·(1 − Φ(|z|)).
z_of <- function(p, dev) sign(dev) * qnorm(p / 2, lower.tail = FALSE)

out <- file("testdata/r/stats_reference.tsv", "w")
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
alts <- c("two.sided", "less", "greater")

# ---- Wilcoxon signed-rank -------------------------------------------------
set.seed(20261123)
sr_data <- list(
  noties10 = list(x = c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30, 2.75),
                  y = c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29, 1.10)),
  noties20 = { x <- round(rnorm(20, 50, 10), 3); list(x = x, y = round(x + rnorm(20, -2, 5), 3)) },
  likert30 = list(x = sample(1:7, 30, TRUE), y = sample(1:7, 30, TRUE)),
  likert12 = list(x = c(5, 6, 4, 7, 5, 6, 3, 5, 6, 7, 4, 5), y = c(4, 6, 3, 5, 5, 4, 3, 6, 4, 5, 4, 3)),
  likert50 = list(x = sample(10:40, 50, TRUE), y = sample(12:42, 50, TRUE)),
  one = list(x = 3, y = 1),
  two = list(x = c(3, 1), y = c(1, 2)),
  big1000 = { x <- sample(14:98, 1000, TRUE); list(x = x, y = pmin(98, pmax(14, x + sample(-6:8, 1000, TRUE)))) }
)
for (nm in names(sr_data)) {
  d <- sr_data[[nm]]
  dd <- d$x - d$y
  ties <- any(duplicated(abs(dd[dd != 0]))) || any(dd == 0)
  for (alt in alts) {
    for (corr in c(TRUE, FALSE)) {
      w <- suppressWarnings(wilcox.test(d$x, d$y, paired = TRUE, exact = FALSE, correct = corr, alternative = alt))
      nz <- sum(dd != 0)
      z <- if (alt == "two.sided" && w$p.value < 0.9) z_of(w$p.value, unname(w$statistic) - nz * (nz + 1) / 4) else NA
      emit(test = "signedrank", name = nm, x = d$x, y = d$y, alternative = alt, method = "asymptotic",
           correct = corr, statistic = unname(w$statistic), p = w$p.value, z = z, r = z / sqrt(length(dd)),
           rank_biserial = rank_biserial(d$x, d$y, paired = TRUE)$r_rank_biserial)
    }
    if (length(d$x) <= 50) {
      if (!ties) {
        w <- wilcox.test(d$x, d$y, paired = TRUE, exact = TRUE, alternative = alt)
        emit(test = "signedrank", name = nm, x = d$x, y = d$y, alternative = alt, method = "exact",
             correct = TRUE, statistic = unname(w$statistic), p = w$p.value, source = "wilcox.test")
      }
      ct <- wilcoxsign_test(d$x ~ d$y, distribution = "exact", zero.method = "Wilcoxon", alternative = alt)
      w <- suppressWarnings(wilcox.test(d$x, d$y, paired = TRUE, exact = FALSE, alternative = alt))
      emit(test = "signedrank", name = nm, x = d$x, y = d$y, alternative = alt, method = "exact",
           correct = TRUE, statistic = unname(w$statistic), p = pvalue(ct), source = "coin")
    }
  }
}

# ---- Mann-Whitney ---------------------------------------------------------
mw_data <- list(
  noties = list(x = c(0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46),
                y = c(1.15, 0.88, 0.9, 0.74, 1.21)),
  noties_b = { list(x = round(rnorm(14, 3, 1), 4), y = round(rnorm(11, 2.4, 1), 4)) },
  likert = list(x = sample(5:35, 16, TRUE), y = sample(5:35, 21, TRUE)),
  small_ties = list(x = c(1, 2, 2, 3), y = c(2, 3, 3, 4, 4)),
  unbalanced_ties = list(x = c(1, 1, 1, 2), y = c(1, 2, 3, 3, 3, 3, 4)),
  fifty = list(x = sample(40:200, 50, TRUE), y = sample(40:200, 50, TRUE)),
  single = list(x = 4, y = c(1, 2, 3)),
  big = list(x = sample(1:50, 1000, TRUE), y = sample(3:52, 800, TRUE))
)
for (nm in names(mw_data)) {
  d <- mw_data[[nm]]
  ties <- any(duplicated(c(d$x, d$y)))
  g <- factor(rep(c("a", "b"), c(length(d$x), length(d$y))), levels = c("a", "b"))
  for (alt in alts) {
    for (corr in c(TRUE, FALSE)) {
      w <- suppressWarnings(wilcox.test(d$x, d$y, exact = FALSE, correct = corr, alternative = alt))
      z <- if (alt == "two.sided" && w$p.value < 0.9) z_of(w$p.value, unname(w$statistic) - length(d$x) * length(d$y) / 2) else NA
      emit(test = "mannwhitney", name = nm, x = d$x, y = d$y, alternative = alt, method = "asymptotic",
           correct = corr, statistic = unname(w$statistic), p = w$p.value, z = z, r = z / sqrt(length(d$x) + length(d$y)),
           rank_biserial = rank_biserial(d$x, d$y)$r_rank_biserial)
    }
    if (length(d$x) <= 50 && length(d$y) <= 50) {
      if (!ties) {
        w <- wilcox.test(d$x, d$y, exact = TRUE, alternative = alt)
        emit(test = "mannwhitney", name = nm, x = d$x, y = d$y, alternative = alt, method = "exact",
             correct = TRUE, statistic = unname(w$statistic), p = w$p.value, source = "wilcox.test")
      }
      ct <- wilcox_test(c(d$x, d$y) ~ g, distribution = "exact", alternative = alt)
      w <- suppressWarnings(wilcox.test(d$x, d$y, exact = FALSE, alternative = alt))
      emit(test = "mannwhitney", name = nm, x = d$x, y = d$y, alternative = alt, method = "exact",
           correct = TRUE, statistic = unname(w$statistic), p = pvalue(ct), source = "coin")
    }
  }
}

# ---- t-tests ----------------------------------------------------------------
hedges_j <- function(df) exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))
ncp_root <- function(t, df, target) {
  uniroot(function(l) pt(t, df, ncp = l) - target, c(t - 10, t + 10), tol = 1e-15)$root
}
t_data <- list(
  a = list(x = c(23, 25, 28, 30, 22, 27, 26, 31, 24, 29), y = c(21, 24, 27, 26, 22, 23, 25, 27, 22, 28)),
  b = { x <- round(rnorm(40, 80, 12)); list(x = x, y = round(x + rnorm(40, 3, 6))) },
  c = list(x = c(1.5, 2.5, 2.0), y = c(1.0, 1.0, 2.5))
)
for (nm in names(t_data)) {
  d <- t_data[[nm]]
  for (alt in alts) {
    tt <- t.test(d$x, d$y, paired = TRUE, alternative = alt)
    dd <- d$x - d$y
    dz <- mean(dd) / sd(dd)
    n <- length(dd)
    emit(test = "pairedt", name = nm, x = d$x, y = d$y, alternative = alt, statistic = unname(tt$statistic),
         df = unname(tt$parameter), p = tt$p.value, mean_diff = mean(dd), d_z = dz,
         d_av = mean(dd) / ((sd(d$x) + sd(d$y)) / 2),
         ci_lo = ncp_root(unname(tt$statistic), n - 1, 0.975) / sqrt(n),
         ci_hi = ncp_root(unname(tt$statistic), n - 1, 0.025) / sqrt(n))
    for (ve in c(TRUE, FALSE)) {
      tt <- t.test(d$x, d$y, var.equal = ve, alternative = alt)
      n1 <- length(d$x); n2 <- length(d$y)
      sp <- sqrt(((n1 - 1) * var(d$x) + (n2 - 1) * var(d$y)) / (n1 + n2 - 2))
      dd <- (mean(d$x) - mean(d$y)) / sp
      tpool <- dd * sqrt(n1 * n2 / (n1 + n2))
      emit(test = if (ve) "student" else "welch", name = nm, x = d$x, y = d$y, alternative = alt,
           statistic = unname(tt$statistic), df = unname(tt$parameter), p = tt$p.value, d = dd,
           g = dd * hedges_j(n1 + n2 - 2),
           ci_lo = ncp_root(tpool, n1 + n2 - 2, 0.975) / sqrt(n1 * n2 / (n1 + n2)),
           ci_hi = ncp_root(tpool, n1 + n2 - 2, 0.025) / sqrt(n1 * n2 / (n1 + n2)))
    }
  }
}

# ---- Repeated-measures ANOVA (car) and Friedman ------------------------------
rm_data <- list(
  k3 = matrix(c(45, 50, 55, 42, 42, 45, 36, 41, 43, 39, 35, 40, 51, 55, 59, 44, 49, 56, 40, 41, 42,
                38, 44, 47), ncol = 3, byrow = TRUE),
  k3hf = { m <- matrix(round(rnorm(30 * 3, 70, 10)), ncol = 3); m[, 2] <- m[, 1] + round(rnorm(30, 2, 3)); m[, 3] <- m[, 1] + round(rnorm(30, 4, 3)); m },
  k4 = { b <- rnorm(20, 50, 8); cbind(round(b + rnorm(20)), round(b + 1 + rnorm(20, 0, 2)), round(b + 2 + rnorm(20, 0, 4)), round(b + 2 + rnorm(20, 0, 7))) },
  k5 = { b <- rnorm(25, 20, 4); m <- sapply(1:5, function(j) round(b + j * 0.3 + rnorm(25, 0, j), 1)); m },
  likert3 = matrix(sample(1:5, 15 * 3, TRUE), ncol = 3),
  # near-spherical: the Huynh-Feldt epsilon exceeds 1 and is capped
  sph = matrix(c(43, 48, 46, 45, 52, 53, 47, 44, 49, 63, 59, 67, 53, 52, 54, 46, 46, 45, 56, 59, 58, 58,
                 57, 60, 57, 57, 55, 50, 48, 47, 62, 59, 65, 47, 53, 57), ncol = 3, byrow = TRUE)
)
for (nm in names(rm_data)) {
  m <- rm_data[[nm]]
  k <- ncol(m)
  time <- factor(seq_len(k))
  mod <- lm(m ~ 1)
  av <- Anova(mod, idata = data.frame(time = time), idesign = ~time, type = 3)
  s <- suppressWarnings(summary(av, multivariate = FALSE))  # warns "HF eps > 1 treated as 1"
  u <- s$univariate.tests
  ss_time <- u["time", "Sum Sq"]; ss_err <- u["time", "Error SS"]; ss_subj <- u["(Intercept)", "Error SS"]
  f <- u["time", "F value"]; p <- u["time", "Pr(>F)"]
  mw <- if (k > 2) s$sphericity.tests["time", "Test statistic"] else NA
  mp <- if (k > 2) s$sphericity.tests["time", "p-value"] else NA
  adj <- s$pval.adjustments
  fr <- friedman.test(m)
  emit(test = "rmanova", name = nm, k = k, data = as.vector(t(m)), f = f, df1 = u["time", "num Df"],
       df2 = u["time", "den Df"], p = p, ss_time = ss_time, ss_err = ss_err, ss_subj = ss_subj,
       mauchly_w = mw, mauchly_p = mp, gg_epsilon = adj["time", "GG eps"], gg_p = adj["time", "Pr(>F[GG])"],
       hf_epsilon_raw = adj["time", "HF eps"], hf_p = adj["time", "Pr(>F[HF])"],
       partial_eta_sq = ss_time / (ss_time + ss_err), generalized_eta_sq = ss_time / (ss_time + ss_subj + ss_err),
       friedman = unname(fr$statistic), friedman_df = unname(fr$parameter), friedman_p = fr$p.value,
       kendall_w = unname(fr$statistic) / (nrow(m) * (k - 1)))
}

# ---- p.adjust ---------------------------------------------------------------
pv <- c(0.01, 0.04, 0.03, 0.005, 0.5, NA, 0.04, 0.2, 0.0001)
for (m in c("holm", "BH")) emit(test = "padjust", method = m, p = pv, adjusted = p.adjust(pv, m))

# ---- descriptives and alpha -------------------------------------------------
for (x in list(c(3, 1, 4, 1, 5, 9, 2, 6), c(7), c(2, 8), round(rnorm(37, 50, 9), 2))) {
  q <- quantile(x, c(0.25, 0.5, 0.75), type = 7)
  emit(test = "describe", x = if (length(x) == 1) c(x, x)[1] else x, n = length(x), mean = mean(x),
       sd = if (length(x) > 1) sd(x) else NA, q1 = q[[1]], median = q[[2]], q3 = q[[3]], min = min(x), max = max(x))
}
for (x in list(c(3, 1, 4, 1, 5, 9, 2, 6), c(2, 8), round(rnorm(37, 50, 9), 2))) {
  ci <- t.test(x)$conf.int
  emit(test = "meanci", x = x, n = length(x), mean = mean(x), lo = ci[1], hi = ci[2])
}
alpha_data <- list(
  a5 = { t <- rnorm(60); sapply(1:5, function(j) pmin(5, pmax(1, round(3 + t + rnorm(60, 0, 1))))) },
  a10 = { t <- rnorm(120); sapply(1:10, function(j) pmin(7, pmax(1, round(4 + 1.2 * t + rnorm(120, 0, 1.3))))) }
)
for (nm in names(alpha_data)) {
  m <- alpha_data[[nm]]
  a <- suppressWarnings(psych::alpha(as.data.frame(m), check.keys = FALSE))
  emit(test = "alpha", name = nm, k = ncol(m), data = as.vector(t(m)), raw = a$total$raw_alpha,
       std = a$total$std.alpha)
}
close(out)
