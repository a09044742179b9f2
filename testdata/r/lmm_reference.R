# Reference values for pssa's linear mixed models (stats/mixed, FitLMM).
#
# Run from the repository root:  Rscript testdata/r/lmm_reference.R
# Writes the designs as wide CSV files testdata/r/lmm_<design>.csv (id, group,
# one column per time point, empty = missing) and the expected values as
# testdata/r/lmm_reference.tsv (one value a line: design, covariance, section,
# name, quantity, value; numbers with 17 significant digits, NA = not
# estimable).
#
# Made with R 4.2.2, lme4 1.1.31, lmerTest 3.1.3, emmeans 1.8.4.1, nlme 3.1.162,
# numDeriv 2016.8.1.1 (Debian bookworm).
#
# Models (sum-to-zero contrasts, REML):
#   ri: lmerTest::lmer(y ~ group * time + (1 | id))
#   un: nlme::gls(y ~ group * time, correlation = corSymm(form = ~ t | id),
#                 weights = varIdent(form = ~ 1 | time), method = "REML")
#
# Why not simply print lmer's / gls's / emmeans' numbers: they are not accurate
# to 1e-6. lmer and gls stop their optimisers at a relative change of about
# 1e-5..1e-8 in the variance parameters; lmerTest and emmeans take the Hessian of
# the REML criterion with a few-point finite difference; lmerTest rounds its
# type III contrast matrix with zapsmall (entries like -0.7499999); emmeans
# falls back to a jittered "appx-satterthwaite" for gls fitted with the default
# glsControl(natural = TRUE). So this script
#   1. fits the models with lmer and gls (the packages pssa claims to match) and
#      takes their variance parameters as a starting point;
#   2. re-implements the REML criterion from its definition on dense matrices
#      (-2 l_R = sum_i log|V_i| + log|X'V^-1 X| + r'V^-1 r + (N - p) log(2 pi),
#      Harville 1977; the same as lme4's REMLcrit and gls's -2 logLik, X in
#      the sum-to-zero coding) in an unconstrained
#      parametrisation (ri: theta = sd_id/sigma and log sigma, as lmerTest's
#      (theta, sigma); un: Sigma = sigma^2 L L' with L the log-Cholesky factor,
#      L[1, 1] = 1, as pssa), and refines the optimum by Newton steps with
#      numDeriv's Richardson-extrapolated gradient and Hessian until the largest
#      gradient component is below 1e-9 or the Newton step below 1e-9 in every
#      parameter;
#   3. computes everything else at that optimum from the definitions the
#      packages use, with numDeriv derivatives instead of theirs:
#      * Satterthwaite df of a linear function l'beta (lmerTest's contest1D,
#        emmeans' satterthwaite mode; Kuznetsova et al. 2017, J Stat Softw
#        82(13), section 3): nu = 2 (l'C l)^2 / (g' A g), C = cov(beta-hat),
#        g = d(l'C l)/d phi, A = 2 H^-1, H = Hessian of -2 l_R in phi
#        (observed information);
#      * ri type III F: lmerTest's anova(m, type = 3) -- its own type III
#        contrast matrices, recomputed with the zapsmall calls replaced by a
#        1e-10 zero threshold (the exact matrix), then lmerTest's contestMD
#        (eigen-decomposition of L C L', one Satterthwaite nu per eigen-
#        contrast, df2 = 2E/(E - q) with E = sum nu/(nu - 2));
#      * un type III F: emmeans' joint_tests -- the consecutive-difference
#        contrasts of each term, orthonormalised by QR as test(joint = TRUE)
#        does, df2 = the smallest Satterthwaite df of those rows;
#      * EMMs, changes (contrast(emmeans(m, ~ time | group), "consec")) and
#        interaction contrasts (contrast(emm, interaction = c("pairwise",
#        "consec"))) use emmeans' own linfct matrices.
#   4. checks the refined numbers against the packages' own output (lmerTest,
#      emmeans with lmer.df = "satterthwaite"; emmeans with mode =
#      "satterthwaite" on a gls refitted with glsControl(natural = FALSE,
#      .relStep = 1e-3)) and stops if any differs by more than their own
#      precision (estimates 1e-3; df 5e-3 for lmerTest, 2e-2 for emmeans on
#      gls, whose df rest on nlme's finite-difference apVar; joint_tests
#      prints F rounded to 3 decimals) -- the file holds the precise values.
suppressPackageStartupMessages({
  library(lmerTest)
  library(emmeans)
  library(nlme)
  library(numDeriv)
  library(MASS)
})
options(contrasts = c("contr.sum", "contr.poly"))
emm_options(lmerTest.limit = 1e6, pbkrtest.limit = 0)

out <- file("testdata/r/lmm_reference.tsv", "w")
writeLines(paste("design", "covariance", "section", "name", "quantity", "value", sep = "\t"), out)
num <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
# (dotted formals: R would match a quantity called "se" to "section")
emit <- function(.design, .cov, .section, .name, ...) {
  f <- list(...)
  for (q in names(f)) writeLines(paste(.design, .cov, .section, .name, q, num(f[[q]]), sep = "\t"), out)
}
check <- function(what, ours, theirs, tol = 1e-3) {
  ok <- is.na(ours) == is.na(theirs)
  rel <- abs(ours - theirs) / pmax(abs(theirs), 1e-8)
  if (!all(ok) || any(rel[!is.na(rel)] > tol)) {
    print(cbind(ours, theirs)); stop("reference disagrees with R's package: ", what)
  }
  message(sprintf("  %-28s max rel diff to package %.1e", what, max(c(0, rel), na.rm = TRUE)))
}

# ---- designs --------------------------------------------------------------
# Deterministic: a person effect, a time trend that differs by group, noise.
make_design <- function(seed, sizes, k, sd_id = 1, slope = c(0.5, 0, -0.3, 0.2), missing = NULL) {
  set.seed(seed)
  groups <- names(sizes)
  g <- rep(groups, sizes)
  n <- length(g)
  u <- rnorm(n, 0, sd_id)
  y <- matrix(NA_real_, n, k)
  for (i in 1:n) {
    gi <- match(g[i], groups)
    y[i, ] <- round(20 + u[i] + slope[gi] * (1:k) + rnorm(k), 2)
  }
  if (!is.null(missing)) y[missing] <- NA
  list(id = sprintf("P%02d", 1:n), group = g, y = y, times = paste0("T", 1:k), groups = groups)
}
designs <- list()
# two unequal groups, three time points, drop-out at T2 and T3
d <- make_design(101, c(intervention = 10, control = 7), 3)
d$y[c(2, 5, 9, 12, 16), 3] <- NA
d$y[c(5, 14), 2] <- NA
designs$dropout3 <- d
# three unequal groups, four time points, monotone drop-out and one intermittent gap
d <- make_design(202, c(A = 9, B = 7, C = 6), 4, sd_id = 1.5)
d$y[c(3, 11, 18, 21), 4] <- NA
d$y[c(3, 18), 3] <- NA
d$y[c(7, 15), 2] <- NA
designs$groups3t4 <- d
# two groups, two time points, unequal, drop-out at T2
d <- make_design(303, c(peer = 8, usual = 12), 2)
d$y[c(4, 10, 15), 2] <- NA
designs$pre_post <- d
# a group with no data at T3 (ri only: gls cannot fit an empty cell)
d <- make_design(404, c(A = 6, B = 5, C = 5), 3)
d$y[12:16, 3] <- NA
d$y[c(2, 8), 3] <- NA
designs$missing_cell <- d
# within-person correlation below zero: lmer's random-intercept variance is on
# the boundary (0); the unstructured model has negative correlations
d <- make_design(505, c(A = 7, B = 6), 3, sd_id = 0)
set.seed(5050)
d$y <- d$y - 0.9 * (rowMeans(d$y) - mean(d$y))
d$y <- round(d$y, 2)
d$y[c(3, 10), 3] <- NA
designs$boundary <- d

for (nm in names(designs)) {
  d <- designs[[nm]]
  w <- data.frame(id = d$id, group = d$group, d$y)
  names(w)[-(1:2)] <- d$times
  write.csv(w, sprintf("testdata/r/lmm_%s.csv", nm), row.names = FALSE, na = "", quote = FALSE)
}

# ---- REML criterion on dense matrices ---------------------------------------
long_of <- function(d) {
  k <- length(d$times)
  l <- data.frame(id = factor(rep(d$id, k), levels = d$id),
                  group = factor(rep(d$group, k), levels = d$groups),
                  time = factor(rep(d$times, each = length(d$id)), levels = d$times),
                  t = rep(1:k, each = length(d$id)), y = as.vector(d$y))
  l <- l[!is.na(l$y), ]
  l[order(l$id, l$t), ]
}
# Participants' pieces: rows of X, y, observed time indices.
parts_of <- function(l, X) {
  lapply(split(seq_len(nrow(l)), l$id, drop = TRUE), function(r)
    list(X = X[r, , drop = FALSE], y = l$y[r], t = l$t[r]))
}
reml <- function(Sigma, parts, p) {
  ld <- 0; A <- matrix(0, p, p); b <- numeric(p); N <- 0
  for (pt in parts) {
    S <- Sigma[pt$t, pt$t, drop = FALSE]
    R <- chol(S)
    ld <- ld + 2 * sum(log(diag(R)))
    Si <- chol2inv(R)
    A <- A + crossprod(pt$X, Si %*% pt$X)
    b <- b + crossprod(pt$X, Si %*% pt$y)
    N <- N + length(pt$y)
  }
  C <- solve(A)
  beta <- drop(C %*% b)
  rss <- 0
  for (pt in parts) {
    r <- pt$y - drop(pt$X %*% beta)
    rss <- rss + sum(r * solve(Sigma[pt$t, pt$t, drop = FALSE], r))
  }
  list(dev = ld + as.numeric(determinant(A)$modulus) + rss + (N - p) * log(2 * pi),
       beta = beta, C = C, N = N, rss = rss)
}
sigma_ri <- function(phi, k) exp(2 * phi[2]) * (diag(k) + phi[1]^2)
# un: Sigma = sigma^2 L L', L lower triangular with L[1, 1] = 1, log diagonal;
# phi = (free entries of L column by column, log sigma) -- the parametrisation
# pssa uses. Satterthwaite's df do not depend on the parametrisation at a
# stationary point.
w_un <- function(th, k) {
  L <- matrix(0, k, k)
  L[lower.tri(L, diag = TRUE)] <- c(0, th)
  diag(L) <- exp(diag(L))
  L %*% t(L)
}
sigma_un <- function(phi, k) exp(2 * phi[length(phi)]) * w_un(phi[-length(phi)], k)
phi_un <- function(S) {
  L <- t(chol(S / S[1, 1])); diag(L) <- log(diag(L))
  c(L[lower.tri(L, diag = TRUE)][-1], log(sqrt(S[1, 1])))
}

# Newton steps with step halving (the REML criterion must not increase).
newton <- function(f, phi) {
  f0 <- f(phi)
  for (it in 1:100) {
    g <- grad(f, phi)
    if (Sys.getenv("LMM_TRACE") != "") message("    newton ", it, ": max|grad| ", signif(max(abs(g)), 3), "  dev ", sprintf("%.15g", f0))
    if (max(abs(g)) < 1e-9) return(list(phi = phi, grad = g, iter = it - 1))
    H <- hessian(f, phi)
    step <- tryCatch(solve(H, g), error = function(e) g)
    if (any(eigen(H, symmetric = TRUE, only.values = TRUE)$values <= 0)) step <- g * 1e-2
    # numDeriv's gradient is accurate to about 1e-10 relative to the criterion,
    # so near the optimum stop when the Newton step itself is below 1e-9
    else {
      if (Sys.getenv("LMM_TRACE") != "") message("      step ", signif(max(abs(step)), 3))
      if (max(abs(step)) < 1e-9) return(list(phi = phi - step, grad = g, iter = it))
    }
    lambda <- 1
    repeat {
      cand <- phi - lambda * step
      f1 <- tryCatch(f(cand), error = function(e) Inf)
      if (f1 <= f0 + 1e-12 || lambda < 1e-8) break
      lambda <- lambda / 2
    }
    phi <- cand; f0 <- f1
  }
  stop("Newton refinement did not converge: max gradient ", max(abs(g)))
}

satt <- function(L, fit, Jac, A) {
  # L: rows are linear functions of beta; returns estimate, se, df
  est <- drop(L %*% fit$beta)
  v <- rowSums((L %*% fit$C) * L)
  g <- sapply(Jac, function(J) rowSums((L %*% J) * L))
  if (is.null(dim(g))) g <- matrix(g, nrow = nrow(L))
  df <- 2 * v^2 / rowSums((g %*% A) * g)
  list(est = est, se = sqrt(v), df = df, var = v, grad = g)
}
emit_rows <- function(design, cov, section, names, L, fit, Jac, A, with_p = TRUE) {
  ok <- !apply(is.na(L), 1, any)
  res <- list(est = rep(NA, nrow(L)), se = rep(NA, nrow(L)), df = rep(NA, nrow(L)))
  if (any(ok)) {
    s <- satt(L[ok, , drop = FALSE], fit, Jac, A)
    res$est[ok] <- s$est; res$se[ok] <- s$se; res$df[ok] <- s$df
  }
  q <- qt(0.975, res$df)
  for (i in seq_len(nrow(L))) {
    args <- list(design, cov, section, names[i], estimate = res$est[i], se = res$se[i], df = res$df[i],
                 ci_low = res$est[i] - q[i] * res$se[i], ci_high = res$est[i] + q[i] * res$se[i])
    if (with_p) args$p <- 2 * pt(-abs(res$est[i] / res$se[i]), res$df[i])
    do.call(emit, args)
  }
  res
}

# lmerTest's type III contrasts without the rounding: its own functions with
# zapsmall replaced by a 1e-10 threshold.
zap10 <- function(x, digits) { x[abs(x) < 1e-10] <- 0; x }
ns <- asNamespace("lmerTest")
exact_type3 <- function(model) {
  f_extract <- lmerTest:::extract_contrasts_type3
  f_get <- lmerTest:::get_contrasts_type3
  e <- new.env(parent = ns)
  e$zapsmall <- zap10
  environment(f_extract) <- e
  e$extract_contrasts_type3 <- f_extract
  environment(f_get) <- e
  f_get(model)
}
# lmerTest's contestMD (Satterthwaite) with our precise C, Jacobians and A.
contest_md <- function(L, fit, Jac, A) {
  VL <- L %*% fit$C %*% t(L)
  if (nrow(L) == 1) {
    s <- satt(L, fit, Jac, A)
    return(c(df1 = 1, df2 = unname(s$df), F = unname(s$est^2 / s$var)))
  }
  e <- eigen(VL, symmetric = TRUE)
  d <- e$values
  pos <- d > max(sqrt(.Machine$double.eps) * d[1], 0)
  q <- sum(pos)
  PtL <- crossprod(e$vectors, L)[1:q, , drop = FALSE]
  Fv <- sum(drop(PtL %*% fit$beta)^2 / d[1:q]) / q
  s <- satt(PtL, fit, Jac, A)
  nu <- 2 * d[1:q]^2 / rowSums((s$grad %*% A) * s$grad)
  df2 <- if (q == 1) nu else if (all(abs(diff(nu)) < 1e-8)) mean(nu) else if (any(nu <= 2)) 2 else {
    E <- sum(nu / (nu - 2)); 2 * E / (E - q)
  }
  c(df1 = q, df2 = unname(df2), F = unname(Fv))
}
# emmeans' test(joint = TRUE).
joint_test <- function(L, fit, Jac, A) {
  zapsm <- function(x) { x[abs(x) < 1e-7] <- 0; x }
  qrLt <- qr(zapsm(t(L)))
  r <- qrLt$rank
  tQ <- t(qr.Q(qrLt))[1:r, , drop = FALSE]
  z <- drop(tQ %*% fit$beta)
  Fv <- sum(z * solve(tQ %*% fit$C %*% t(tQ), z)) / r
  s <- satt(tQ, fit, Jac, A)
  c(df1 = r, df2 = unname(min(s$df)), F = unname(Fv))
}

for (nm in names(designs)) {
  d <- designs[[nm]]
  k <- length(d$times)
  l <- long_of(d)
  covs <- if (nm == "missing_cell") "ri" else c("ri", "un")
  for (cov in covs) {
    message(nm, " / ", cov)
    if (cov == "ri") {
      m <- lmer(y ~ group * time + (1 | id), data = l, REML = TRUE,
                control = lmerControl(optCtrl = list(ftol_abs = 1e-12, xtol_abs = 1e-12)))
      X <- getME(m, "X")   # lme4 drops aliased columns of a rank-deficient design
      phi0 <- c(getME(m, "theta"), log(sigma(m)))
      sig <- sigma_ri
    } else {
      m <- gls(y ~ group * time, data = l, correlation = corSymm(form = ~ t | id),
               weights = varIdent(form = ~ 1 | time), method = "REML",
               control = glsControl(natural = FALSE))
      X <- model.matrix(~ group * time, l)
      S0 <- matrix(0, k, k)
      ids <- levels(droplevels(l$id))
      full <- ids[which(table(droplevels(l$id)) == k)[1]]
      S0 <- getVarCov(m, individual = full)
      stopifnot(coef(m$modelStruct$varStruct, unconstrained = FALSE)[1] != 1,
                names(coef(m$modelStruct$varStruct, unconstrained = FALSE))[1] == "T2")
      phi0 <- phi_un(S0)
      sig <- sigma_un
    }
    # emmeans' Satterthwaite df for gls rest on nlme's apVar, a finite-difference
    # Hessian (fdHess) at gls's optimum. With the default step (relStep =
    # eps^(1/3)) they are off by up to 13% on the boundary design (time:
    # df2 9.6 where the exact value is 10.87); glsControl(.relStep = 1e-3)
    # brings them within 2e-2 of ours, so the cross-check refits with that step.
    # Ours use numDeriv's Richardson Hessian at the refined optimum.
    dftol <- if (cov == "ri") 5e-3 else 2e-2
    p <- ncol(X)
    parts <- parts_of(l, X)
    dev <- function(phi) reml(sig(phi, k), parts, p)$dev
    nw <- newton(dev, phi0)
    phi <- nw$phi
    if (cov == "ri") phi[1] <- abs(phi[1])
    fit <- reml(sig(phi, k), parts, p)
    H <- hessian(dev, phi)
    A <- 2 * solve(H)
    # d cov(beta-hat) / d phi at fixed sigma (lmerTest's Jac_list; emmeans'
    # gls_grad holds sigma at the fitted value too)
    Jv <- jacobian(function(ph) as.vector(reml(sig(ph, k), parts, p)$C), phi)
    Jac <- lapply(seq_along(phi), function(j) matrix(Jv[, j], p, p))
    # REML log-likelihood as R reports it: lme4's -REMLcrit/2, which is also
    # gls's REML logLik (both with X in the sum-to-zero coding).
    loglik <- -fit$dev / 2
    check("REML log-likelihood", loglik, as.numeric(logLik(m)), 1e-6)
    check("fixed effects", fit$beta, if (cov == "ri") unname(fixef(m)) else unname(coef(m)), 1e-3)
    nobs_p <- table(droplevels(l$id))
    emit(nm, cov, "fit", "-", reml_loglik = loglik, n_participants = length(nobs_p),
         n_observations = nrow(l), n_partial = sum(nobs_p < k), newton_iterations = nw$iter,
         max_gradient = max(abs(nw$grad)))
    if (cov == "ri") {
      emit(nm, cov, "fit", "-", sd_id = phi[1] * exp(phi[2]), sigma = exp(phi[2]))
    } else {
      S <- sig(phi, k)
      for (i in 1:k) for (j in 1:i) do.call(emit, c(list(nm, cov, "fit", "-"), setNames(list(S[i, j]), sprintf("sigma_%d_%d", i, j))))
    }
    # ---- type III F ----
    if (cov == "ri") {
      Ls <- exact_type3(m)
      a <- anova(m, type = 3)
      for (term in names(Ls)) {
        r <- contest_md(Ls[[term]], fit, Jac, A)
        pv <- pf(r[["F"]], r[["df1"]], r[["df2"]], lower.tail = FALSE)
        check(paste("F", term), c(r[["df2"]], r[["F"]], pv), unlist(a[term, c("DenDF", "F value", "Pr(>F)")]))
        emit(nm, cov, "effect", term, df1 = r[["df1"]], df2 = r[["df2"]], f = r[["F"]], p = pv)
      }
    } else {
      mm <- update(m, control = glsControl(natural = FALSE, .relStep = 1e-3))
      rg <- ref_grid(mm, mode = "satterthwaite")
      jt <- joint_tests(rg)
      for (term in c("group", "time", "group:time")) {
        these <- strsplit(term, ":")[[1]]
        L <- contrast(emmeans(rg, these), interaction = "consec")@linfct
        r <- joint_test(L, fit, Jac, A)
        pv <- pf(r[["F"]], r[["df1"]], r[["df2"]], lower.tail = FALSE)
        # joint_tests prints F rounded to 3 decimals and df2 to 2
        check(paste("F", term), c(r[["F"]], r[["df2"]], pv), unlist(jt[jt$`model term` == term, c("F.ratio", "df2", "p.value")]), dftol)
        emit(nm, cov, "effect", term, df1 = r[["df1"]], df2 = r[["df2"]], f = r[["F"]], p = pv)
      }
    }
    # ---- EMMs, changes, interaction contrasts ----
    rg <- if (cov == "ri") ref_grid(m, lmer.df = "satterthwaite") else ref_grid(update(m, control = glsControl(natural = FALSE, .relStep = 1e-3)), mode = "satterthwaite")
    emm <- emmeans(rg, ~ group * time)
    # emmeans' linfct has a column for every coefficient; the aliased one of an
    # incomplete design is not in X, and non-estimable rows are NA here
    lf <- function(obj, est) { L <- obj@linfct[, colnames(X), drop = FALSE]; L[is.na(est), ] <- NA; L }
    se <- summary(emm)
    gr <- emm@grid
    res <- emit_rows(nm, cov, "emm", paste(gr$group, gr$time, sep = "|"), lf(emm, se$emmean), fit, Jac, A, with_p = FALSE)
    check("EMM estimate", res$est, se$emmean)
    check("EMM SE", res$se, se$SE)
    check("EMM df", res$df, se$df, dftol)
    ch <- contrast(emmeans(rg, ~ time | group), "consec")
    gr <- ch@grid
    names_ch <- paste(gr$group, sub(" - ", "|", gr$contrast), sep = "|")
    # emmeans labels "T2 - T1": we write group|from|to
    names_ch <- sapply(strsplit(names_ch, "\\|"), function(s) paste(s[1], s[3], s[2], sep = "|"))
    sc <- summary(ch)
    res <- emit_rows(nm, cov, "change", names_ch, lf(ch, sc$estimate), fit, Jac, A)
    check("change estimate", res$est, sc$estimate)
    check("change df", res$df, sc$df, dftol)
    ic <- contrast(emm, interaction = c("pairwise", "consec"))
    gr <- ic@grid
    gp <- strsplit(as.character(gr[[1]]), " - ")
    tp <- strsplit(as.character(gr[[2]]), " - ")
    names_ic <- mapply(function(g, t) paste(t[2], t[1], g[1], g[2], sep = "|"), gp, tp)
    si <- summary(ic)
    res <- emit_rows(nm, cov, "interaction", names_ic, lf(ic, si$estimate), fit, Jac, A)
    check("interaction estimate", res$est, si$estimate)
    check("interaction df", res$df, si$df, dftol)
  }
}
close(out)
