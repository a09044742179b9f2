# Independent recomputation of a handful of `pssa analyze` cells on
# testdata/example.csv: R scores the items itself (its own reading of the
# keys and of the 20% prorating rule) and runs the tests, so that the whole
# pipeline (loader, scorer, analysis), not only the stats functions, is checked.
#
# Run from the repository root:  Rscript testdata/r/pipeline_reference.R
# Writes testdata/r/pipeline_reference.tsv: section, group, instrument, scale,
# from, to, key, value (17 significant digits).
# Made with R 4.2.2, coin 1.4.2, car 3.1.1, psych 2.2.9.
suppressPackageStartupMessages({
  library(coin)
  library(car)
  library(psych)
})
d <- read.csv("testdata/example.csv", check.names = FALSE, stringsAsFactors = FALSE)
out <- file("testdata/r/pipeline_reference.tsv", "w")
emit <- function(section, group, inst, scale, from, to, key, value) {
  writeLines(paste(section, group, inst, scale, from, to, key, sprintf("%.17g", value), sep = "\t"), out)
}

# Score a scale: items (with reversal for rev), sum prorated when at most 20%
# of the items are missing, or mean of the answered items.
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
copm_mean <- function(kind, time) {
  cols <- grep(sprintf("^COPM_%s_[A-Z-]+_%s$", kind, time), names(d), value = TRUE)
  m <- as.matrix(d[cols])
  s <- rowMeans(m, na.rm = TRUE)
  s[rowSums(!is.na(m)) == 0] <- NA
  s
}

ssq <- lapply(c(T1 = "T1", T2 = "T2", T3 = "T3"), function(t) score("SSQ", 1:14, t, lo = 1, hi = 7))
swls <- lapply(c(T1 = "T1", T3 = "T3"), function(t) score("SWLS", 1:5, t, lo = 1, hi = 7))
ras <- lapply(c(T1 = "T1", T2 = "T2", T3 = "T3"), function(t) score("RAS-R", 1:24, t))
pch <- lapply(c(T1 = "T1", T2 = "T2"), function(t) score("RAS-R", c(7:14, 21), t, how = "mean"))
au_items <- seq(1, 37, by = 4)
au_rev <- c(5, 13, 21, 29, 37)
au <- lapply(c(T1 = "T1", T2 = "T2"), function(t) score("CAMI", au_items, t, rev = au_rev))
cami_fav_rev <- c(1, 9, 17, 25, 33, 3, 11, 19, 27, 35, 6, 14, 22, 30, 38, 8, 16, 24, 32, 40)
cami <- lapply(c(T1 = "T1", T2 = "T2"), function(t) score("CAMI", 1:40, t, rev = cami_fav_rev))
perf <- lapply(c(T1 = "T1", T3 = "T3"), function(t) copm_mean("PERF", t))

psw <- d$group == "PSW"; su <- d$group == "SU"; mhp <- d$group == "MHP"

# Descriptives.
desc <- function(group, sel, inst, scale, time, x) {
  x <- x[sel & !is.na(x)]
  emit("descriptive", group, inst, scale, time, "", "n", length(x))
  emit("descriptive", group, inst, scale, time, "", "mean", mean(x))
  emit("descriptive", group, inst, scale, time, "", "sd", sd(x))
  emit("descriptive", group, inst, scale, time, "", "median", median(x))
  emit("descriptive", group, inst, scale, time, "", "q1", quantile(x, 0.25, type = 7))
}
desc("PSW", psw, "SSQ", "TOTAL", "T1", ssq$T1)
desc("SU", su, "RAS-R", "PCH", "T1", pch$T1)
desc("MHP", mhp, "CAMI", "AU", "T2", au$T2)
desc("MHP", mhp, "CAMI", "TOTAL", "T1", cami$T1)
desc("SU", su, "COPM", "PERF", "T3", perf$T3)

# Paired contrasts: Wilcoxon on to − from, exact conditional p (coin) up to
# 50 pairs, else normal approximation with continuity correction (wilcox.test).
paired <- function(group, sel, inst, scale, from, to, a, b) {
  ok <- sel & !is.na(a) & !is.na(b)
  x <- b[ok]; y <- a[ok]
  n <- sum(ok)
  # Differences of prorated sums and of item means (35/9 - 29/9 against
  # 8/9 - 2/9) differ in the last bits; like pssa, round them to 12
  # significant digits before ranking so that equal changes tie
  # (wilcox.test's digits.rank; coin gets the rounded differences against 0).
  dr <- signif(x - y, 12)
  w <- suppressWarnings(wilcox.test(x, y, paired = TRUE, exact = FALSE, correct = TRUE, digits.rank = 12))
  p <- if (n <= 50) pvalue(wilcoxsign_test(dr ~ rep(0, n), distribution = "exact", zero.method = "Wilcoxon")) else w$p.value
  dd <- x - y
  emit("paired", group, inst, scale, from, to, "n", n)
  emit("paired", group, inst, scale, from, to, "diff", mean(x) - mean(y))
  emit("paired", group, inst, scale, from, to, "statistic", unname(w$statistic))
  emit("paired", group, inst, scale, from, to, "p", p)
  emit("paired", group, inst, scale, from, to, "d_z", mean(dd) / sd(dd))
  emit("paired", group, inst, scale, from, to, "d_av", mean(dd) / ((sd(x) + sd(y)) / 2))
}
paired("PSW", psw, "SSQ", "TOTAL", "T1", "T2", ssq$T1, ssq$T2)
paired("PSW", psw, "RAS-R", "PCH", "T1", "T2", pch$T1, pch$T2)
paired("SU", su, "SWLS", "TOTAL", "T1", "T3", swls$T1, swls$T3)
paired("MHP", mhp, "CAMI", "AU", "T1", "T2", au$T1, au$T2)
paired("SU", su, "COPM", "PERF", "T1", "T3", perf$T1, perf$T3)

# Omnibus: car::Anova on complete cases, and friedman.test.
omni <- function(group, sel, inst, scale, xs) {
  m <- do.call(cbind, xs)[sel, ]
  m <- m[complete.cases(m), ]
  av <- Anova(lm(m ~ 1), idata = data.frame(time = factor(seq_len(ncol(m)))), idesign = ~time, type = 3)
  s <- suppressWarnings(summary(av, multivariate = FALSE))
  u <- s$univariate.tests
  emit("omnibus", group, inst, scale, "T1", "T3", "n", nrow(m))
  emit("omnibus", group, inst, scale, "T1", "T3", "f", u["time", "F value"])
  emit("omnibus", group, inst, scale, "T1", "T3", "p", u["time", "Pr(>F)"])
  emit("omnibus", group, inst, scale, "T1", "T3", "mauchly_p", s$sphericity.tests["time", "p-value"])
  emit("omnibus", group, inst, scale, "T1", "T3", "gg_p", s$pval.adjustments["time", "Pr(>F[GG])"])
  emit("omnibus", group, inst, scale, "T1", "T3", "friedman_p", friedman.test(m)$p.value)
}
omni("PSW", psw, "RAS-R", "TOTAL", ras)
omni("PSW", psw, "SSQ", "TOTAL", ssq)

# Between groups: Mann-Whitney, exact conditional (coin) when both groups
# have at most 50, else wilcox.test's normal approximation with correction.
betw <- function(inst, scale, time, g1, g2, x) {
  a <- signif(x[d$group == g1 & !is.na(x)], 12); b <- signif(x[d$group == g2 & !is.na(x)], 12)
  w <- suppressWarnings(wilcox.test(a, b, exact = FALSE, correct = TRUE))
  p <- if (length(a) <= 50 && length(b) <= 50) {
    g <- factor(rep(c("a", "b"), c(length(a), length(b))))
    pvalue(wilcox_test(c(a, b) ~ g, distribution = "exact"))
  } else w$p.value
  sp <- sqrt(((length(a) - 1) * var(a) + (length(b) - 1) * var(b)) / (length(a) + length(b) - 2))
  emit("between", "", inst, scale, time, "", "statistic", unname(w$statistic))
  emit("between", "", inst, scale, time, "", "p", p)
  emit("between", "", inst, scale, time, "", "d", (mean(a) - mean(b)) / sp)
}
betw("SSQ", "TOTAL", "T1", "PSW", "SU", ssq$T1)
betw("RAS-R", "PCH", "T1", "PSW", "SU", pch$T1)

# Cronbach's alpha (listwise complete item responses, reverse keys applied).
alpha_of <- function(group, sel, inst, scale, time, items, rev, lo, hi) {
  m <- sapply(items, function(i) { v <- d[[sprintf("%s_%d_%s", inst, i, time)]]; if (i %in% rev) lo + hi - v else v })
  m <- m[sel, ]
  m <- m[complete.cases(m), ]
  a <- suppressWarnings(psych::alpha(as.data.frame(m), check.keys = FALSE))
  emit("descriptive", group, inst, scale, time, "", "alpha", a$total$raw_alpha)
  emit("descriptive", group, inst, scale, time, "", "alpha_std", a$total$std.alpha)
}
alpha_of("MHP", mhp, "CAMI", "AU", "T1", au_items, au_rev, 1, 5)
alpha_of("PSW", psw, "SSQ", "TOTAL", "T2", 1:14, integer(0), 1, 7)
close(out)
