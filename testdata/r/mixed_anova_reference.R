# Reference values for pssa's mixed (split-plot) ANOVA and the change-score
# Mann-Whitney tests (stats/mixed).
#
# Run from the repository root:  Rscript testdata/r/mixed_anova_reference.R
# Writes
#   testdata/r/mixed_anova_designs.csv    the data: design, id, group, T1..T4
#                                         (wide; NA = missing or not in design)
#   testdata/r/mixed_anova_reference.tsv  one line per design summary, effect or
#                                         test; tab-separated key=value fields,
#                                         numbers with 17 significant digits
#
# Made with R 4.2.2, afex 1.2.1, car 3.1.1, coin 1.4.2 (Debian bookworm).
#
# The ANOVA is afex::aov_ez(type = 3): car::Anova on the multivariate linear
# model with sum-to-zero contrasts; SS, df, F and p are car's univariate
# tests, epsilons and Mauchly's test car's (Huynh-Feldt with Lecoutre's
# correction, N - g + 1; corrected p with HF capped at 1), partial and
# generalized eta squared afex's (no factor observed). Participants with a
# missing value are dropped by afex (complete cases).
suppressPackageStartupMessages({
  library(afex)
  library(car)
  library(coin)
})

num <- function(x) ifelse(is.na(x), "NaN", sprintf("%.17g", x))
out <- file("testdata/r/mixed_anova_reference.tsv", "w")
emit <- function(...) {
  f <- list(...)
  fields <- mapply(function(k, v) {
    v <- if (is.numeric(v)) paste(num(v), collapse = ",") else as.character(v)
    paste0(k, "=", v)
  }, names(f), f)
  writeLines(paste(fields, collapse = "\t"), out)
}

# A design: n participants per group, k time points, scores with a subject
# intercept, group and time effects, an interaction and noise, rounded to
# `digits` decimals (questionnaire scale scores).
make_design <- function(name, n, k, seed, digits = 1, sd_subj = 4, sd_err = 3,
                        groups = paste0("G", seq_along(n))) {
  set.seed(seed)
  g <- rep(seq_along(n), n)
  N <- length(g)
  y <- matrix(NA_real_, N, k)
  subj <- rnorm(N, 0, sd_subj)
  for (j in 1:k) {
    y[, j] <- 20 + 1.5 * g + 0.8 * j + 0.6 * (g - 1) * (j - 1) + subj + rnorm(N, 0, sd_err)
  }
  y <- round(y, digits)
  # groups are listed so that the file's order of first appearance is the
  # order of `groups` (pssa's convention)
  list(name = name, group = groups[g], y = y, groups = groups)
}

designs <- list(
  make_design("g2t2", c(8, 11), 2, 101),
  make_design("g3t3", c(7, 10, 13), 3, 202, digits = 2),
  make_design("g2t4", c(9, 12), 4, 303),
  make_design("g3t4", c(6, 9, 7), 4, 404, sd_err = 5),
  { d <- make_design("dropout", c(12, 14), 3, 505)
    # drop-outs at later visits and one who missed the first
    d$y[c(3, 7), 3] <- NA; d$y[c(15, 20, 22), 2:3] <- NA; d$y[10, 1] <- NA
    d },
  # spherical errors, small n: the raw Huynh-Feldt epsilon exceeds 1
  # (seed chosen for that, checked below)
  make_design("hfcap", c(6, 7), 3, 611, sd_subj = 2, sd_err = 3)
)

rows <- list()
for (d in designs) {
  k <- ncol(d$y)
  ids <- sprintf("%s_%02d", d$name, seq_len(nrow(d$y)))
  wide <- data.frame(design = d$name, id = ids, group = d$group)
  for (j in 1:4) wide[[paste0("T", j)]] <- if (j <= k) d$y[, j] else NA
  rows[[d$name]] <- wide

  long <- data.frame(id = rep(ids, k), group = factor(rep(d$group, k), levels = d$groups),
                     time = factor(rep(paste0("T", 1:k), each = length(ids)), levels = paste0("T", 1:k)),
                     y = as.vector(d$y))
  long <- long[!is.na(long$y), ]
  a <- suppressWarnings(suppressMessages(aov_ez("id", "y", long, between = "group", within = "time", type = 3,
              anova_table = list(correction = "none", es = c("pes", "ges")))))
  s <- suppressWarnings(summary(a$Anova, multivariate = FALSE))
  uni <- s$univariate.tests
  tab <- a$anova_table
  complete <- complete.cases(d$y)
  emit(design = d$name, row = "summary", n = sum(complete),
       n_per_group = as.numeric(table(factor(d$group[complete], levels = d$groups))),
       dropped = sum(!complete),
       mauchly_w = if (k >= 3) s$sphericity.tests["time", "Test statistic"] else NA,
       mauchly_p = if (k >= 3) s$sphericity.tests["time", "p-value"] else NA)
  for (eff in c("group", "time", "group:time")) {
    within <- eff != "group"
    gg <- hf <- ggp <- hfp <- NA
    if (within && k >= 3) {
      adj <- s$pval.adjustments
      gg <- adj[eff, "GG eps"]; ggp <- adj[eff, "Pr(>F[GG])"]
      hf <- adj[eff, "HF eps"]; hfp <- adj[eff, "Pr(>F[HF])"]
    } else if (within) {
      gg <- hf <- 1; ggp <- hfp <- uni[eff, "Pr(>F)"]
    }
    emit(design = d$name, row = "effect", effect = eff, ss = uni[eff, "Sum Sq"],
         error_ss = uni[eff, "Error SS"], df1 = uni[eff, "num Df"], df2 = uni[eff, "den Df"],
         f = uni[eff, "F value"], p = uni[eff, "Pr(>F)"], partial_eta_sq = tab[eff, "pes"],
         generalized_eta_sq = tab[eff, "ges"], gg_epsilon = gg, gg_p = ggp,
         hf_epsilon_raw = hf, hf_epsilon = if (is.na(hf)) NA else min(1, hf), hf_p = hfp)
  }
  if (d$name == "hfcap") stopifnot(s$pval.adjustments["time", "HF eps"] > 1)
}

# Change-score Mann-Whitney: for each consecutive pair of time points
# (later - earlier) and each pair of groups (group1 - group2, groups in order of
# first appearance), wilcox.test(change in group1, change in group2) on the
# participants who have both time points. Two designs: g3t3 (three groups)
# and dropout (drop-outs). p: the normal approximation with continuity
# correction (wilcox.test, exact = FALSE) and the exact p (wilcox.test without
# ties, coin's exact conditional distribution with ties).
z_of <- function(p, dev) sign(dev) * qnorm(p / 2, lower.tail = FALSE)
for (d in designs[sapply(designs, function(d) d$name %in% c("g3t3", "dropout"))]) {
  k <- ncol(d$y)
  for (j in 2:k) {
    # rounded to 10 decimals, as pssa rounds before ranking: otherwise
    # floating-point noise (25.37 - 23.12 vs 24.01 - 21.76) makes equal
    # changes look distinct
    ch <- round(d$y[, j] - d$y[, j - 1], 10)
    for (a in 1:(length(d$groups) - 1)) for (b in (a + 1):length(d$groups)) {
      x <- ch[d$group == d$groups[a] & !is.na(ch)]
      y <- ch[d$group == d$groups[b] & !is.na(ch)]
      ties <- anyDuplicated(c(x, y)) > 0
      w <- suppressWarnings(wilcox.test(x, y, exact = FALSE, correct = TRUE))
      z <- z_of(w$p.value, unname(w$statistic) - length(x) * length(y) / 2)
      # exact p: wilcox.test without ties, coin's exact conditional
      # distribution with ties (what pssa computes)
      pe <- if (!ties) wilcox.test(x, y, exact = TRUE)$p.value else
        pvalue(coin::wilcox_test(v ~ g, data.frame(v = c(x, y), g = factor(rep(1:2, c(length(x), length(y))))),
                                 distribution = "exact"))
      emit(design = d$name, row = "changemw", from = paste0("T", j - 1), to = paste0("T", j),
           group1 = d$groups[a], group2 = d$groups[b], n1 = length(x), n2 = length(y),
           w = unname(w$statistic), p_asymptotic = w$p.value, z = z, r = z / sqrt(length(x) + length(y)),
           p_exact = pe)
    }
  }
}
close(out)

all <- do.call(rbind, rows)
write.csv(all, "testdata/r/mixed_anova_designs.csv", row.names = FALSE, na = "NA")
