# Reference values for clinical significance (issue 15): the Jacobson-Truax
# reliable change index and cutoffs, Hageman-Arrindell's RC_indiv, the
# five categories, and R's fisher.test / chisq.test across groups.
#
# JT and HA are computed here from their published formulas, independently of
# pssa's code:
#   Jacobson NS, Truax P. Clinical significance: a statistical approach to
#   defining meaningful change in psychotherapy research. J Consult Clin
#   Psychol 1991;59:12-19.
#     S_diff = sqrt(2) * SD * sqrt(1 - r_xx), RCI = (x_to - x_from) / S_diff
#     a = M_dys + 2 SD_dys, b = M_func - 2 SD_func (higher is better; mirrored
#     when lower is better), c = (SD_dys M_func + SD_func M_dys) / (SD_dys + SD_func)
#   Hageman WJJM, Arrindell WA. Establishing clinically significant change:
#   increment of precision and the distinction between individual and group
#   level of analysis. Behav Res Ther 1999;37:1169-1193.
#     r_DD = (s1^2 r_xx + s2^2 r_xx - 2 s1 s2 r12) / (s1^2 + s2^2 - 2 s1 s2 r12)
#     RC_indiv = [(x2 - x1) r_DD + (M2 - M1)(1 - r_DD)] / sqrt(r_DD (SE1^2 + SE2^2)),
#     SE_t = s_t sqrt(1 - r_xx); not reported when r_DD < .40.
# Categories (as the clinicalsignificance package names them): reliable means
# |change| > z * denominator (strictly); a score exactly on the cutoff is
# functional; recovered / improved / unchanged / deteriorated / harmed.
#
# Run from the repository root:  Rscript testdata/r/change_reference.R
# Writes testdata/r/change_reference.tsv: one case per line, key=value fields,
# numbers with 17 significant digits. Made with R 4.2.2.
options(warn = 1)
out <- file("testdata/r/change_reference.tsv", "w")
f17 <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
emit <- function(...) {
  kv <- list(...)
  s <- vapply(names(kv), function(k) {
    v <- kv[[k]]
    if (is.numeric(v)) v <- paste(f17(v), collapse = ",") else v <- paste(v, collapse = ",")
    paste0(k, "=", v)
  }, "")
  writeLines(paste(s, collapse = "\t"), out)
}

# ---- classification -------------------------------------------------------
categorise <- function(from, to, num, thr, strict, better, cutoff) {
  functional <- function(x) if (better == "lower") x <= cutoff else x >= cutoff
  reliable <- if (strict) abs(num) > thr else abs(num) >= thr
  up <- if (better == "lower") num < 0 else num > 0
  cat <- ifelse(!reliable, "unchanged", ifelse(up, "improved", "deteriorated"))
  if (!is.na(cutoff)) {
    cat[cat == "improved" & !functional(from) & functional(to)] <- "recovered"
    cat[cat == "deteriorated" & functional(from) & !functional(to)] <- "harmed"
  }
  cat
}
counts <- function(cat) sapply(c("recovered", "improved", "unchanged", "deteriorated", "harmed"), function(k) sum(cat == k))

jt <- function(from, to, sd, rxx, z, better, cutoff) {
  sdiff <- sqrt(2) * sd * sqrt(1 - rxx)
  num <- to - from
  list(sdiff = sdiff, index = num / sdiff, cat = categorise(from, to, num, z * sdiff, TRUE, better, cutoff), rdd = NA)
}
ha <- function(from, to, rxx, z, better, cutoff) {
  s1 <- sd(from); s2 <- sd(to); r12 <- cor(from, to)
  rdd <- (s1^2 * rxx + s2^2 * rxx - 2 * s1 * s2 * r12) / (s1^2 + s2^2 - 2 * s1 * s2 * r12)
  if (rdd < 0.40) return(list(sdiff = NA, index = NA, cat = NA, rdd = rdd))
  den <- sqrt(rdd * (s1^2 * (1 - rxx) + s2^2 * (1 - rxx)))
  num <- (to - from) * rdd + (mean(to) - mean(from)) * (1 - rdd)
  list(sdiff = den, index = num / den, cat = categorise(from, to, num, z * den, TRUE, better, cutoff), rdd = rdd)
}
mid <- function(from, to, m, better, cutoff) {
  num <- to - from
  list(sdiff = m, index = rep(NA, length(num)), cat = categorise(from, to, num, m, FALSE, better, cutoff), rdd = NA)
}
emit_change <- function(kind, name, from, to, r, ...) {
  emit(kind = kind, name = name, from = from, to = to, ..., sdiff = r$sdiff, rdd = r$rdd,
       index = r$index, categories = if (length(r$cat) == 1 && is.na(r$cat)) "NA" else r$cat)
}

# ---- hand-made cases ------------------------------------------------------
# 1. A score exactly on the cutoff counts as functional (cutoff 20, higher is
#    better, S_diff = sqrt(2) * 4 * sqrt(0.5) ~ 4; reliable beyond 7.84).
from <- c(10, 20, 12, 20, 25, 19, 21, 15)
to   <- c(20, 10, 22, 12, 14, 30, 21, 16)
for (z in c(1.96, 1.645)) {
  r <- jt(from, to, 4, 0.5, z, "higher", 20)
  emit_change("jt", sprintf("cutoff-exact-z%g", z), from, to, r, sd = 4, rxx = 0.5, z = z, better = "higher", cutoff = 20)
}
# the same scores on a scale where lower is better
r <- jt(from, to, 4, 0.5, 1.96, "lower", 20)
emit_change("jt", "cutoff-exact-lower", from, to, r, sd = 4, rxx = 0.5, z = 1.96, better = "lower", cutoff = 20)
# without a cutoff: only improved / unchanged / deteriorated
r <- jt(from, to, 4, 0.5, 1.96, "lower", NA)
emit_change("jt", "no-cutoff-lower", from, to, r, sd = 4, rxx = 0.5, z = 1.96, better = "lower", cutoff = NA)

# 2. Exactly at |RCI| = 1.96: with SD 6 and r_xx .5, z * S_diff is
#    11.760000000000002 and 20 + that - 20 gives it back exactly, so the first
#    two participants sit exactly on the threshold (not reliable); the next
#    two are one ulp beyond it (reliable).
S <- sqrt(2) * 6 * sqrt(1 - 0.5)
t <- 1.96 * S
stopifnot((20 + t) - 20 == t, (20 - t) - 20 == -t)
from <- c(20, 20, 20, 20, 20)
to <- c(20 + t, 20 - t, 20 + t + 8 * .Machine$double.eps * 20, 20 - t - 8 * .Machine$double.eps * 20, 25)
stopifnot(abs(to[3] - 20) > t, abs(to[4] - 20) > t)
r <- jt(from, to, 6, 0.5, 1.96, "higher", NA)
emit_change("jt", "rci-exactly-1.96", from, to, r, sd = 6, rxx = 0.5, z = 1.96, better = "higher", cutoff = NA)

# 2b. Missing scores at one time point: only the complete pairs count, and
#     the SD is that of their from-scores (participants 3 and 6 drop out).
from <- c(14, 18, 11, NA, 25, 16, 20, 9)
to   <- c(22, 17, NA, 15, 24, NA, 12, 19)
ok <- !is.na(from) & !is.na(to)
r <- jt(from[ok], to[ok], sd(from[ok]), 0.8, 1.96, "higher", 18)
emit_change("jt-missing", "missing-one-time", from, to, r, sd = sd(from[ok]), rxx = 0.8, z = 1.96, better = "higher", cutoff = 18)

# 3. Hageman-Arrindell on hand-made data, both directions, and a case with
#    r_DD below .40.
from <- c(12, 15, 9, 20, 14, 17, 11, 22, 16, 13)
to   <- c(18, 16, 15, 21, 20, 26, 12, 23, 25, 14)
for (better in c("higher", "lower")) {
  r <- ha(from, to, 0.85, 1.96, better, 19)
  emit_change("ha", paste0("ha-", better), from, to, r, rxx = 0.85, z = 1.96, better = better, cutoff = 19)
  r <- jt(from, to, sd(from), 0.85, 1.96, better, 19)
  emit_change("jt", paste0("jt-", better), from, to, r, sd = sd(from), rxx = 0.85, z = 1.96, better = better, cutoff = 19)
}
r <- ha(from, to, 0.5, 1.96, "higher", NA)
emit_change("ha", "ha-low-rdd", from, to, r, rxx = 0.5, z = 1.96, better = "higher", cutoff = NA)

# 4. Minimal important difference (COPM: at least 2 points).
from <- c(3, 4, 5, 6, 7, 2.5, 8)
to   <- c(5, 5.5, 3, 6, 9.5, 4.4, 6)
r <- mid(from, to, 2, "higher", NA)
emit_change("mid", "mid-2", from, to, r, mid = 2, better = "higher", cutoff = NA)

# 5. Cutoffs from norms.
for (better in c("higher", "lower")) {
  fm <- 25.5; fsd <- 5.25; dm <- 14; dsd <- 6.5
  a <- if (better == "lower") dm - 2 * dsd else dm + 2 * dsd
  b <- if (better == "lower") fm + 2 * fsd else fm - 2 * fsd
  c <- (dsd * fm + fsd * dm) / (dsd + fsd)
  emit(kind = "cutoff", better = better, fm = fm, fsd = fsd, dm = dm, dsd = dsd, a = a, b = b, c = c)
}

# ---- contingency tables -----------------------------------------------------
tables <- list(
  "2x2" = matrix(c(3, 1, 1, 3), 2),
  "2x2-large" = matrix(c(12, 5, 9, 17), 2),
  "2x3" = matrix(c(2, 7, 10, 6, 1, 3), 2),
  "2x3-ties" = matrix(c(2, 2, 3, 3, 1, 1), 2),
  "2x5" = matrix(c(1, 4, 3, 9, 6, 20, 2, 1, 0, 3), 2),
  "3x3" = matrix(c(3, 1, 2, 2, 5, 1, 0, 2, 6), 3),
  "3x4" = matrix(c(2, 0, 5, 4, 3, 1, 1, 6, 2, 0, 1, 4), 3),
  "2x4-big" = matrix(c(10, 25, 14, 30, 8, 2, 3, 9), 2),
  "2x3-chisq" = matrix(c(20, 15, 30, 40, 12, 25), 2),
  "3x3-chisq" = matrix(c(20, 15, 9, 30, 40, 22, 12, 25, 18), 3),
  # rare categories across three larger groups: Fisher's exact test on 252
  "3x5-large" = matrix(c(3, 6, 2, 15, 20, 12, 60, 45, 70, 4, 3, 6, 1, 2, 3), 3),
  "2x5-large" = matrix(c(5, 8, 40, 50, 100, 80, 3, 10, 2, 2), 2)
)
for (nm in names(tables)) {
  m <- tables[[nm]]
  cs <- suppressWarnings(chisq.test(m))
  emit(kind = "table", name = nm, rows = nrow(m), cols = ncol(m), cells = as.vector(t(m)),
       fisher_p = fisher.test(m)$p.value,
       chisq_stat = unname(cs$statistic), chisq_df = unname(cs$parameter), chisq_p = cs$p.value,
       chisq_uncorrected_stat = unname(suppressWarnings(chisq.test(m, correct = FALSE))$statistic),
       chisq_uncorrected_p = suppressWarnings(chisq.test(m, correct = FALSE))$p.value,
       min_expected = min(cs$expected))
}

# ---- the example data -------------------------------------------------------
# Scored as testdata/r/pipeline_reference.R scores it (the same functions).
d <- read.csv("testdata/example.csv", check.names = FALSE, stringsAsFactors = FALSE)
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
alpha_raw <- function(inst, items, time, rev, lo, hi, sel) {
  m <- sapply(items, function(i) { v <- d[[sprintf("%s_%d_%s", inst, i, time)]]; if (i %in% rev) lo + hi - v else v })
  m <- m[sel, ]
  m <- m[complete.cases(m), ]
  k <- ncol(m); C <- cov(m)
  k / (k - 1) * (1 - sum(diag(C)) / sum(C))
}
au_items <- seq(1, 37, by = 4); au_rev <- c(5, 13, 21, 29, 37)
sc <- list(
  "SSQ/TOTAL" = list(f = function(t) score("SSQ", 1:14, t, lo = 1, hi = 7), items = 1:14, rev = integer(0), lo = 1, hi = 7, inst = "SSQ"),
  "SWLS/TOTAL" = list(f = function(t) score("SWLS", 1:5, t, lo = 1, hi = 7), items = 1:5, rev = integer(0), lo = 1, hi = 7, inst = "SWLS"),
  "RAS-R/TOTAL" = list(f = function(t) score("RAS-R", 1:24, t), items = 1:24, rev = integer(0), lo = 1, hi = 5, inst = "RAS-R"),
  "RAS-R/PCH" = list(f = function(t) score("RAS-R", c(7:14, 21), t, how = "mean"), items = c(7:14, 21), rev = integer(0), lo = 1, hi = 5, inst = "RAS-R"),
  "CAMI/AU" = list(f = function(t) score("CAMI", au_items, t, rev = au_rev), items = au_items, rev = au_rev, lo = 1, hi = 5, inst = "CAMI"),
  "COPM/PERF" = list(f = function(t) copm_mean("PERF", t))
)
# One analysis: for each group of the contrast, the complete pairs; JT with
# the SD of the group's (or the pooled groups') from-scores; categories;
# then the test across groups.
example <- function(name, key, from_t, to_t, groups, rxx = NA, rxx_study = FALSE, sdmode = "group",
                    better = "higher", norms = NULL, cutoff_kind = NA, z = 1.96, method = "jt", mid_value = NA) {
  s <- sc[[key]]
  x1 <- s$f(from_t); x2 <- s$f(to_t)
  cutoff <- NA
  if (!is.null(norms)) {
    fun <- norms$fun; dys <- norms$dys
    cutoff <- switch(cutoff_kind,
      a = if (better == "lower") dys[1] - 2 * dys[2] else dys[1] + 2 * dys[2],
      b = if (better == "lower") fun[1] + 2 * fun[2] else fun[1] - 2 * fun[2],
      c = (dys[2] * fun[1] + fun[2] * dys[1]) / (dys[2] + fun[2]))
  }
  pairs <- lapply(groups, function(g) { ok <- d$group == g & !is.na(x1) & !is.na(x2); list(ok = ok, from = x1[ok], to = x2[ok]) })
  names(pairs) <- groups
  pooled_sd <- NA
  if (sdmode == "pooled") {
    dev <- unlist(lapply(pairs, function(p) p$from - mean(p$from)))
    pooled_sd <- sqrt(sum(dev^2) / (length(dev) - length(pairs)))
  }
  tab <- NULL
  rows <- list()
  for (g in groups) {
    p <- pairs[[g]]
    r_used <- if (rxx_study) alpha_raw(s$inst, s$items, from_t, s$rev, s$lo, s$hi, d$group == g) else rxx
    sdf <- switch(sdmode, group = sd(p$from), pooled = pooled_sd, norm = norms$dys[2])
    r <- switch(method,
      jt = jt(p$from, p$to, sdf, r_used, z, better, cutoff),
      ha = ha(p$from, p$to, r_used, z, better, cutoff),
      mid = mid(p$from, p$to, mid_value, better, cutoff))
    cn <- counts(r$cat)
    tab <- rbind(tab, cn)
    rows[[g]] <- list(r = r, p = p, sdf = sdf, r_used = r_used, cn = cn)
  }
  # Across groups: drop empty categories; chisq.test when every expected
  # count is at least 5, else fisher.test; nothing with < 2 groups/categories.
  tab <- tab[rowSums(tab) > 0, , drop = FALSE]
  tab <- tab[, colSums(tab) > 0, drop = FALSE]
  test <- "NA"; pv <- NA
  if (nrow(tab) >= 2 && ncol(tab) >= 2) {
    e <- outer(rowSums(tab), colSums(tab)) / sum(tab)
    if (all(e >= 5)) { test <- "chisq"; pv <- chisq.test(tab)$p.value } else { test <- "fisher"; pv <- fisher.test(tab)$p.value }
  }
  for (g in groups) {
    w <- rows[[g]]
    emit(kind = "example", name = name, group = g, scale = key, from_t = from_t, to_t = to_t, method = method,
         n = length(w$p$from), ids = d$id[w$p$ok], reliability = w$r_used, sd_from = w$sdf, s_diff = w$r$sdiff, rdd = w$r$rdd,
         cutoff = cutoff, counts = unname(w$cn), index = w$r$index, categories = w$r$cat, test = test, p = pv)
  }
}
# --contrasts all --reliability SSQ=0.9 --norms SSQ=80:10,55:12 (cutoff c)
example("ssq-c", "SSQ/TOTAL", "T1", "T3", c("PSW", "SU"), rxx = 0.9, norms = list(fun = c(80, 10), dys = c(55, 12)), cutoff_kind = "c")
# SWLS with the published test-retest .82 and no norms; pooled SD
example("swls-pooled", "SWLS/TOTAL", "T1", "T3", c("PSW", "SU"), rxx = 0.82, sdmode = "pooled")
example("swls-group", "SWLS/TOTAL", "T1", "T3", c("PSW", "SU"), rxx = 0.82)
# RAS-R with the study's own baseline alpha, and Hageman-Arrindell
example("ras-study", "RAS-R/TOTAL", "T1", "T3", c("PSW", "SU"), rxx_study = TRUE)
example("ras-ha", "RAS-R/TOTAL", "T1", "T3", c("PSW", "SU"), rxx = 0.93, method = "ha")
example("pch-b", "RAS-R/PCH", "T1", "T2", c("PSW"), rxx = 0.8, norms = list(fun = c(4.5, 0.3), dys = NULL), cutoff_kind = "b")
# CAMI AU, lower is better, criterion a from a dysfunctional norm, SD from the norm
example("au-lower-a", "CAMI/AU", "T1", "T2", c("MHP"), rxx = 0.68, better = "lower", norms = list(fun = NULL, dys = c(24, 4)), cutoff_kind = "a")
example("au-lower-norm-sd", "CAMI/AU", "T1", "T2", c("MHP"), rxx = 0.68, better = "lower", sdmode = "norm", norms = list(fun = c(18, 3), dys = c(24, 4)), cutoff_kind = "c")
# COPM: the minimal important difference of 2 points
example("copm-mid", "COPM/PERF", "T1", "T3", c("PSW", "SU"), method = "mid", mid_value = 2)
close(out)
