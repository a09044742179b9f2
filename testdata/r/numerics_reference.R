# Reference values for pssa's numerics: data far from zero, the tie rule
# (digits.rank), and every `pssa test` kind on each family of data that a
# randomized comparison with R exercised.
#
# Run from the repository root:  Rscript testdata/r/numerics_reference.R
# Writes testdata/r/numerics_reference.tsv: one case a line, tab-separated
# key=value fields; data vectors are comma-separated; every number is printed
# with 17 significant digits (sprintf("%.17g")). stats/numerics_test.go reads
# it and compares at a relative tolerance of 1e-9.
#
# Made with R 4.2.2, coin 1.4.2, car 3.1.1, psych 2.2.9 (Debian bookworm). R warns
# "full precision may not have been achieved in pnt" while uniroot tries
# noncentrality parameters far from the root of the d CIs; the roots agree
# with pssa to 1e-9.
#
# Families: likert (1..5), integers (0..100), continuous (rnorm, all 17
# digits), decimal (0.1 steps), offset6 (10^6 + 4 decimals), negative,
# mean5 (item means k/5), mean12 (item means k/12), small (near 10^-3).
#
# Large offsets: R's own sums lose digits on values near 10^6, so the
# location-free statistics (t, SDs, sums of squares, alpha) are computed by R
# on the values minus the offset. The subtraction is exact for these values
# (Sterbenz's lemma), so R's numbers are those of the data as written in the
# file (the raw values are emitted).
#
# Tie rule: pssa rounds values (and paired differences) to 12 significant
# digits before ranking, R's wilcox.test(digits.rank = 12); digits_rank=inf is
# R's default, digits.rank = Inf. R 4.2 gives up on exact p-values with ties,
# so exact p-values come from coin (distribution = "exact"), given the values
# rounded as the rule says (coin itself does not round), as in
# stats_reference.R. friedman.test has no digits.rank: it is given
# signif(data, 12) for the rule's 12 digits.
suppressPackageStartupMessages({
  library(coin)
  library(car)
  library(psych)
})

out <- file("testdata/r/numerics_reference.tsv", "w")
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

set.seed(20261123)
gen <- function(family, n) {
  switch(family,
    likert = as.numeric(sample(1:5, n, TRUE)),
    integers = as.numeric(sample(0:100, n, TRUE)),
    continuous = rnorm(n, 50, 10),
    decimal = round(runif(n, 0, 10), 1),
    offset6 = 1e6 + round(rnorm(n, 0, 1), 4),
    negative = round(rnorm(n, -20, 8), 2),
    mean5 = sample(5:25, n, TRUE) / 5,
    mean12 = sample(12:84, n, TRUE) / 12,
    small = round(rnorm(n, 1e-3, 3e-4), 7))
}
families <- c("likert", "integers", "continuous", "decimal", "offset6", "negative", "mean5", "mean12", "small")
offset_of <- function(family) if (family == "offset6") 1e6 else 0
digits_of <- function(d) if (is.finite(d)) "12" else "inf"
rnd <- function(v, d) if (is.finite(d)) signif(v, d) else v

hedges_j <- function(df) exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))
ncp_root <- function(t, df, target) {
  uniroot(function(l) pt(t, df, ncp = l) - target, c(t - 10, t + 10), tol = 1e-15)$root
}

# ---- signed-rank and paired t on each family --------------------------------
signed_rank <- function(family, name, x, y) {
  d <- x - y
  for (dr in c(12, Inf)) {
    for (corr in c(TRUE, FALSE)) {
      w <- suppressWarnings(wilcox.test(x, y, paired = TRUE, exact = FALSE, correct = corr, digits.rank = dr))
      emit(test = "signedrank", family = family, name = name, x = x, y = y, digits_rank = digits_of(dr),
           method = "asymptotic", correct = corr, statistic = unname(w$statistic), p = w$p.value)
    }
    if (length(d) <= 50) {
      # coin on the differences rounded as the rule says
      dd <- rnd(d, dr)
      ct <- wilcoxsign_test(dd ~ rep(0, length(dd)), distribution = "exact", zero.method = "Wilcoxon")
      w <- suppressWarnings(wilcox.test(x, y, paired = TRUE, exact = FALSE, digits.rank = dr))
      emit(test = "signedrank", family = family, name = name, x = x, y = y, digits_rank = digits_of(dr),
           method = "exact", correct = TRUE, statistic = unname(w$statistic), p = pvalue(ct))
    }
  }
}
paired_t <- function(family, name, x, y) {
  tt <- t.test(x, y, paired = TRUE)  # differences of the values are exact
  dd <- x - y
  n <- length(dd)
  o <- offset_of(family)
  emit(test = "pairedt", family = family, name = name, x = x, y = y, statistic = unname(tt$statistic),
       df = unname(tt$parameter), p = tt$p.value, mean_diff = mean(dd), d_z = mean(dd) / sd(dd),
       d_av = mean(dd) / ((sd(x - o) + sd(y - o)) / 2),
       ci_lo = ncp_root(unname(tt$statistic), n - 1, 0.975) / sqrt(n),
       ci_hi = ncp_root(unname(tt$statistic), n - 1, 0.025) / sqrt(n))
}
for (fam in families) {
  for (n in c(12, 30)) {
    y <- gen(fam, n)
    x <- gen(fam, n)
    if (fam %in% c("likert", "integers", "decimal", "mean5", "mean12")) {
      # paired data: each x close to its y, with some zero differences
      x <- ifelse(runif(n) < 0.7, y + (x - y) / 2, y)
      x <- switch(fam, likert = round(x), integers = round(x), decimal = round(x, 1),
                  mean5 = round(x * 5) / 5, mean12 = round(x * 12) / 12)
    }
    signed_rank(fam, paste0("n", n), x, y)
    paired_t(fam, paste0("n", n), x, y)
  }
}

# ---- Mann-Whitney, Welch and Student on each family ---------------------------
mann_whitney <- function(family, name, x, y) {
  g <- factor(rep(c("a", "b"), c(length(x), length(y))), levels = c("a", "b"))
  for (dr in c(12, Inf)) {
    for (corr in c(TRUE, FALSE)) {
      w <- suppressWarnings(wilcox.test(x, y, exact = FALSE, correct = corr, digits.rank = dr))
      emit(test = "mannwhitney", family = family, name = name, x = x, y = y, digits_rank = digits_of(dr),
           method = "asymptotic", correct = corr, statistic = unname(w$statistic), p = w$p.value)
    }
    if (length(x) <= 50 && length(y) <= 50) {
      ct <- wilcox_test(rnd(c(x, y), dr) ~ g, distribution = "exact")
      w <- suppressWarnings(wilcox.test(x, y, exact = FALSE, digits.rank = dr))
      emit(test = "mannwhitney", family = family, name = name, x = x, y = y, digits_rank = digits_of(dr),
           method = "exact", correct = TRUE, statistic = unname(w$statistic), p = pvalue(ct))
    }
  }
}
two_sample_t <- function(family, name, x, y) {
  o <- offset_of(family)
  xs <- x - o
  ys <- y - o  # exact
  n1 <- length(x); n2 <- length(y)
  for (ve in c(TRUE, FALSE)) {
    tt <- t.test(xs, ys, var.equal = ve)
    sp <- sqrt(((n1 - 1) * var(xs) + (n2 - 1) * var(ys)) / (n1 + n2 - 2))
    d <- (mean(xs) - mean(ys)) / sp
    tpool <- d * sqrt(n1 * n2 / (n1 + n2))
    emit(test = if (ve) "student" else "welch", family = family, name = name, x = x, y = y,
         statistic = unname(tt$statistic), df = unname(tt$parameter), p = tt$p.value,
         mean1 = o + mean(xs), mean2 = o + mean(ys), sd1 = sd(xs), sd2 = sd(ys),
         d = d, g = d * hedges_j(n1 + n2 - 2),
         ci_lo = ncp_root(tpool, n1 + n2 - 2, 0.975) / sqrt(n1 * n2 / (n1 + n2)),
         ci_hi = ncp_root(tpool, n1 + n2 - 2, 0.025) / sqrt(n1 * n2 / (n1 + n2)))
  }
}
for (fam in families) {
  for (nn in list(c(9, 11), c(25, 40))) {
    x <- gen(fam, nn[1])
    y <- gen(fam, nn[2])
    name <- paste0("n", nn[1], "x", nn[2])
    mann_whitney(fam, name, x, y)
    two_sample_t(fam, name, x, y)
  }
}

# ---- RM-ANOVA (car) and Friedman on each family -------------------------------
rm_case <- function(family, name, m) {
  o <- offset_of(family)
  ms <- m - o  # exact
  k <- ncol(m)
  mod <- lm(ms ~ 1)
  av <- Anova(mod, idata = data.frame(time = factor(seq_len(k))), idesign = ~time, type = 3)
  s <- suppressWarnings(summary(av, multivariate = FALSE))
  u <- s$univariate.tests
  adj <- s$pval.adjustments
  f12 <- friedman.test(signif(m, 12))
  finf <- friedman.test(m)
  emit(test = "rmanova", family = family, name = name, k = k, data = as.vector(t(m)),
       f = u["time", "F value"], df1 = u["time", "num Df"], df2 = u["time", "den Df"], p = u["time", "Pr(>F)"],
       ss_time = u["time", "Sum Sq"], ss_err = u["time", "Error SS"], ss_subj = u["(Intercept)", "Error SS"],
       mauchly_w = s$sphericity.tests["time", "Test statistic"], mauchly_p = s$sphericity.tests["time", "p-value"],
       gg_epsilon = adj["time", "GG eps"], gg_p = adj["time", "Pr(>F[GG])"],
       hf_epsilon_raw = adj["time", "HF eps"], hf_p = adj["time", "Pr(>F[HF])"],
       friedman_12 = unname(f12$statistic), friedman_12_p = f12$p.value,
       friedman_inf = unname(finf$statistic), friedman_inf_p = finf$p.value)
}
for (fam in families) {
  for (n in c(10, 24)) {
    base <- gen(fam, n)
    m <- cbind(base, gen(fam, n), gen(fam, n))
    if (fam %in% c("likert", "integers", "decimal", "mean5", "mean12")) {
      # correlated time points with ties within subjects
      for (j in 2:3) m[, j] <- ifelse(runif(n) < 0.5, base, m[, j])
    } else {
      o <- offset_of(fam)
      for (j in 2:3) m[, j] <- o + (base - o) + (m[, j] - o) / 2 + j * sd(base - o) / 4
      if (fam == "negative") m <- round(m, 2)
    }
    rm_case(fam, paste0("n", n), unname(m))
  }
}
# 10^6 ± 1 data (the issue's RM-ANOVA case)
m <- 1e6 + matrix(c(-1, 0, 1, 0, 1, 1, -1, -1, 0, 1, 0, -1, 0, 0, 1, -1, 1, 1, 1, -1, 0, 0, 1, 0), ncol = 3, byrow = TRUE) +
  matrix(round(rnorm(24, 0, 0.3), 3), ncol = 3)
rm_case("offset6", "pm1", m)

# ---- describe, mean CI and alpha on each family --------------------------------
for (fam in families) {
  x <- gen(fam, 23)
  o <- offset_of(fam)
  xs <- x - o
  q <- quantile(x, c(0.25, 0.5, 0.75), type = 7)
  ci <- t.test(xs)$conf.int + o
  emit(test = "describe", family = fam, x = x, n = length(x), mean = o + mean(xs), sd = sd(xs),
       q1 = q[[1]], median = q[[2]], q3 = q[[3]], lo = ci[1], hi = ci[2])
  # 5 correlated items of 40 respondents; alpha from the float accumulator
  t0 <- gen(fam, 40)
  items <- sapply(1:5, function(j) {
    v <- t0 + (gen(fam, 40) - t0) / 2
    switch(fam, likert = round(v), integers = round(v), decimal = round(v, 1), mean5 = round(v * 5) / 5,
           mean12 = round(v * 12) / 12, negative = round(v, 2), offset6 = o + round(v - o, 4), small = round(v, 7), v)
  })
  a <- suppressWarnings(psych::alpha(as.data.frame(items - o), check.keys = FALSE))
  emit(test = "alpha", family = fam, k = 5, data = as.vector(t(items)), raw = a$total$raw_alpha, std = a$total$std.alpha)
}

# ---- the tie rule's own cases ----------------------------------------------------
# Values that differ beyond 12 significant digits: at 12 digits they are all
# equal (pssa says so, with a hint); exact ranking gives R's default result.
x <- c(1000000.000001, 1000000.000003)
y <- c(1000000.000002, 1000000.000004)
w <- wilcox.test(x, y)  # no ties at digits.rank = Inf: exact
emit(test = "mannwhitney", family = "tierule", name = "beyond12", x = x, y = y, digits_rank = "inf",
     method = "exact", correct = TRUE, statistic = unname(w$statistic), p = w$p.value)
w <- wilcox.test(x, y, exact = FALSE)
emit(test = "mannwhitney", family = "tierule", name = "beyond12", x = x, y = y, digits_rank = "inf",
     method = "asymptotic", correct = TRUE, statistic = unname(w$statistic), p = w$p.value)
# Differences of decimals: 2.3 - 2.1 and 1.2 - 1.0 tie at 12 digits only.
x <- c(2.3, 1.2, 3.5, 4.4, 0.7, 5.1, 2.9, 3.3)
y <- c(2.1, 1.0, 3.0, 4.1, 0.2, 4.6, 3.1, 2.8)
signed_rank("tierule", "decimal_noise", x, y)
# Paired differences that need 13 digits: two of them tie at 12.
x <- c(1000000.000001, 1000000.000003, 5, 7, 2.5, 9)
y <- c(0, 0, 1, 2, 3, 1)
signed_rank("tierule", "beyond12", x, y)
x <- c(5.000000000001, 5.000000000003, 7, 6)
y <- c(5.000000000002, 5.000000000004, 6.5, 3)
mann_whitney("tierule", "beyond12_mixed", x, y)
close(out)
