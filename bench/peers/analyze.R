# The analysis `pssa analyze` does, written as a careful R analyst would:
# base R (vectorised, no loops over rows) + coin (exact conditional p with
# ties for small samples) + car (repeated-measures ANOVA with sphericity
# corrections) + psych (Cronbach's alpha). A peer for bench/run.sh.
#
# Usage: Rscript bench/peers/analyze.R scores.csv results.csv
# Writes one row per result: section, group, instrument, scale, a, b, n,
# statistic, p, alpha (a/b: times for paired tests, time and "G1 vs G2"
# between; for descriptive rows statistic is the mean and p the SD).
suppressPackageStartupMessages({
  library(coin)
  library(car)
  library(psych)
})
args <- commandArgs(TRUE)
d <- read.csv(args[1], check.names = FALSE, stringsAsFactors = FALSE, na.strings = c("", "NA", "N/A", "."))
names(d) <- toupper(names(d))

# The scoring keys of pssa's default definitions (pssa instruments show CODE).
rng <- function(a, b) seq(a, b)
cami_fav <- c(1, 9, 17, 25, 33, 3, 11, 19, 27, 35, 6, 14, 22, 30, 38, 8, 16, 24, 32, 40)
anti <- c(5:8, 13:16, 21:24, 29:32, 37:40)
keys <- list(
  SSQ = list(lo = 1, hi = 7, scales = list(TOTAL = list(items = 1:14, how = "sum"))),
  SWLS = list(lo = 1, hi = 7, scales = list(TOTAL = list(items = 1:5, how = "sum"))),
  EMAS = list(lo = 1, hi = 5, scales = list(TOTAL = list(items = 1:12, how = "sum"))),
  `RAS-R` = list(lo = 1, hi = 5, scales = list(
    TOTAL = list(items = 1:24, how = "sum"), PCH = list(items = c(7:14, 21), how = "mean"),
    WAH = list(items = 18:20, how = "mean"), GSO = list(items = 1:5, how = "mean"),
    RO = list(items = c(6, 22:24), how = "mean"), NDS = list(items = 15:17, how = "mean"))),
  CAMI = list(lo = 1, hi = 5, scales = list(
    TOTAL = list(items = 1:40, rev = cami_fav, how = "sum"),
    AU = list(items = seq(1, 37, 4), rev = c(5, 13, 21, 29, 37), how = "sum"),
    BE = list(items = seq(2, 38, 4), rev = c(6, 14, 22, 30, 38), how = "sum"),
    SR = list(items = seq(3, 39, 4), rev = c(7, 15, 23, 31, 39), how = "sum"),
    CMHI = list(items = seq(4, 40, 4), rev = c(8, 16, 24, 32, 40), how = "sum"),
    CONSTRUCT = list(items = 1:40, rev = anti, how = "sum", noalpha = TRUE),
    RAW = list(items = 1:40, how = "sum", noalpha = TRUE)))
)
times <- sort(unique(as.integer(sub(".*_T", "", grep("_T[0-9]+$", names(d), value = TRUE)))))

# Item matrix with reverse keys applied; score with 20% prorating.
items_of <- function(inst, sc, t, lo, hi) {
  cols <- sprintf("%s_%d_T%d", inst, sc$items, t)
  if (!all(cols %in% names(d))) return(NULL)
  m <- as.matrix(d[cols])
  r <- sc$items %in% sc$rev
  m[, r] <- lo + hi - m[, r]
  m
}
score_items <- function(m, how) {
  k <- ncol(m)
  answered <- rowSums(!is.na(m))
  s <- rowMeans(m, na.rm = TRUE) * (if (how == "sum") k else 1)
  s[answered == 0 | (k - answered) / k > 0.2 + 1e-12] <- NA
  s
}
scales <- list()  # name -> list(inst, scale, t, values, items)
for (inst in names(keys)) for (sn in names(keys[[inst]]$scales)) for (t in times) {
  k <- keys[[inst]]; sc <- k$scales[[sn]]
  m <- items_of(inst, sc, t, k$lo, k$hi)
  if (is.null(m)) next
  scales[[length(scales) + 1]] <- list(inst = inst, scale = sn, t = t, v = score_items(m, sc$how),
                                       m = if (isTRUE(sc$noalpha)) NULL else m)
}
# COPM: PERF and SAT = mean over the rated problems; each problem on its own.
for (t in times) for (kind in c("PERF", "SAT")) {
  cols <- grep(sprintf("^COPM_%s_[A-Z0-9-]+_T%d$", kind, t), names(d), value = TRUE)
  if (length(cols) == 0) next
  m <- as.matrix(d[cols])
  s <- rowMeans(m, na.rm = TRUE); s[rowSums(!is.na(m)) == 0] <- NA
  scales[[length(scales) + 1]] <- list(inst = "COPM", scale = kind, t = t, v = s, m = NULL)
  for (cl in cols) {
    p <- sub(sprintf("^COPM_%s_(.*)_T%d$", kind, t), "\\1", cl)
    scales[[length(scales) + 1]] <- list(inst = "COPM", scale = paste0(kind, "_", p), t = t, v = d[[cl]], m = NULL)
  }
}

out <- list()
add <- function(...) out[[length(out) + 1]] <<- data.frame(..., stringsAsFactors = FALSE)
r12 <- function(x) signif(x, 12)  # equal changes tie despite floating-point noise
groups <- unique(d$GROUP)
keyname <- vapply(scales, function(s) paste(s$inst, s$scale), "")
for (g in groups) {
  sel <- d$GROUP == g
  for (kn in unique(keyname)) {
    ss <- scales[keyname == kn]
    ss <- ss[vapply(ss, function(s) any(!is.na(s$v[sel])), TRUE)]
    if (length(ss) == 0) next
    for (s in ss) {
      x <- s$v[sel & !is.na(s$v)]
      alpha <- NA
      if (!is.null(s$m)) {
        mm <- s$m[sel, , drop = FALSE]; mm <- mm[complete.cases(mm), , drop = FALSE]
        if (nrow(mm) >= 2) invisible(capture.output(
          alpha <- suppressWarnings(suppressMessages(psych::alpha(mm, check.keys = FALSE)))$total$raw_alpha))
      }
      add(section = "descriptive", group = g, instrument = s$inst, scale = s$scale, a = paste0("T", s$t), b = "",
          n = length(x), statistic = mean(x), p = if (length(x) > 1) sd(x) else NA, alpha = alpha)
    }
    if (length(ss) >= 2) for (i in seq_len(length(ss) - 1)) {
      a <- ss[[i]]$v[sel]; b <- ss[[i + 1]]$v[sel]
      ok <- !is.na(a) & !is.na(b)
      n <- sum(ok); if (n < 2) next
      dd <- r12(b[ok] - a[ok])
      if (all(dd == 0)) next
      w <- suppressWarnings(wilcox.test(dd, exact = FALSE, correct = TRUE))
      p <- if (n <= 50) pvalue(wilcoxsign_test(dd ~ rep(0, n), distribution = "exact", zero.method = "Wilcoxon")) else w$p.value
      add(section = "paired", group = g, instrument = ss[[i]]$inst, scale = ss[[i]]$scale,
          a = paste0("T", ss[[i]]$t), b = paste0("T", ss[[i + 1]]$t), n = n, statistic = unname(w$statistic), p = p, alpha = NA)
    }
    if (length(ss) >= 3) {
      m <- do.call(cbind, lapply(ss, function(s) s$v[sel]))
      m <- m[complete.cases(m), , drop = FALSE]
      if (nrow(m) >= 2) {
        av <- tryCatch(Anova(lm(m ~ 1), idata = data.frame(time = factor(seq_len(ncol(m)))), idesign = ~time, type = 3),
                       error = function(e) NULL)
        if (!is.null(av)) {
          u <- suppressWarnings(summary(av, multivariate = FALSE))$univariate.tests
          add(section = "omnibus", group = g, instrument = ss[[1]]$inst, scale = ss[[1]]$scale, a = "", b = "",
              n = nrow(m), statistic = u["time", "F value"], p = u["time", "Pr(>F)"], alpha = NA)
        }
        fr <- tryCatch(friedman.test(m), error = function(e) NULL)
      }
    }
  }
}
for (s in scales) for (i in seq_along(groups)) for (j in seq_along(groups)) {
  if (j <= i) next
  x <- r12(s$v[d$GROUP == groups[i] & !is.na(s$v)]); y <- r12(s$v[d$GROUP == groups[j] & !is.na(s$v)])
  if (length(x) == 0 || length(y) == 0 || length(unique(c(x, y))) < 2) next
  w <- suppressWarnings(wilcox.test(x, y, exact = FALSE, correct = TRUE))
  p <- if (length(x) <= 50 && length(y) <= 50) {
    gg <- factor(rep(c("a", "b"), c(length(x), length(y))))
    pvalue(wilcox_test(c(x, y) ~ gg, distribution = "exact"))
  } else w$p.value
  add(section = "between", group = "", instrument = s$inst, scale = s$scale, a = paste0("T", s$t),
      b = paste(groups[i], "vs", groups[j]), n = length(x) + length(y), statistic = unname(w$statistic), p = p, alpha = NA)
}
res <- do.call(rbind, out)
write.csv(res, args[2], row.names = FALSE)
