"""The analysis `pssa analyze` does, written as a careful Python analyst would
with pandas and SciPy (vectorised, no loops over rows). A peer for
bench/run.sh.

Usage: python3 bench/peers/analyze.py scores.csv results.csv
Writes the same columns as analyze.R: section, group, instrument, scale, a,
b, n, statistic, p, alpha (descriptive rows: statistic = mean, p = SD).

SciPy has no repeated-measures ANOVA; its F and p come from the textbook
sums of squares below. SciPy 1.10's exact signed-rank and rank-sum p-values
ignore ties, so on small tied samples its p-values differ from pssa's and R
coin's exact conditional ones; at registry scale every test is asymptotic.
"""
import re
import sys
import warnings

warnings.filterwarnings("ignore", category=UserWarning)  # SciPy notes about small or tied samples

import numpy as np
import pandas as pd
from scipy import stats

src, dst = sys.argv[1], sys.argv[2]
d = pd.read_csv(src, na_values=["", "NA", "N/A", "."], keep_default_na=False, low_memory=False)
d.columns = [c.upper() for c in d.columns]

cami_fav = [1, 9, 17, 25, 33, 3, 11, 19, 27, 35, 6, 14, 22, 30, 38, 8, 16, 24, 32, 40]
anti = [i for i in range(1, 41) if (i - 1) % 8 >= 4]
keys = {
    "SSQ": (1, 7, {"TOTAL": (range(1, 15), [], "sum", True)}),
    "SWLS": (1, 7, {"TOTAL": (range(1, 6), [], "sum", True)}),
    "EMAS": (1, 5, {"TOTAL": (range(1, 13), [], "sum", True)}),
    "RAS-R": (1, 5, {
        "TOTAL": (range(1, 25), [], "sum", True), "PCH": (list(range(7, 15)) + [21], [], "mean", True),
        "WAH": (range(18, 21), [], "mean", True), "GSO": (range(1, 6), [], "mean", True),
        "RO": ([6, 22, 23, 24], [], "mean", True), "NDS": (range(15, 18), [], "mean", True)}),
    "CAMI": (1, 5, {
        "TOTAL": (range(1, 41), cami_fav, "sum", True),
        "AU": (range(1, 41, 4), [5, 13, 21, 29, 37], "sum", True),
        "BE": (range(2, 41, 4), [6, 14, 22, 30, 38], "sum", True),
        "SR": (range(3, 41, 4), [7, 15, 23, 31, 39], "sum", True),
        "CMHI": (range(4, 41, 4), [8, 16, 24, 32, 40], "sum", True),
        "CONSTRUCT": (range(1, 41), anti, "sum", False),
        "RAW": (range(1, 41), [], "sum", False)}),
}
times = sorted({int(m.group(1)) for c in d.columns for m in [re.search(r"_T(\d+)$", c)] if m})

scales = []  # (inst, scale, t, values, item matrix or None)
for inst, (lo, hi, sc) in keys.items():
    for name, (items, rev, how, alpha) in sc.items():
        for t in times:
            cols = [f"{inst}_{i}_T{t}" for i in items]
            if not all(c in d.columns for c in cols):
                continue
            m = d[cols].to_numpy(dtype=float)
            r = np.isin(list(items), rev)
            m[:, r] = lo + hi - m[:, r]
            k = m.shape[1]
            answered = (~np.isnan(m)).sum(axis=1)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # rows with no answered item
                s = np.nanmean(m, axis=1)
            if how == "sum":
                s = s * k
            s[(answered == 0) | ((k - answered) / k > 0.2 + 1e-12)] = np.nan
            scales.append((inst, name, t, s, m if alpha else None))
for t in times:
    for kind in ("PERF", "SAT"):
        cols = [c for c in d.columns if re.fullmatch(rf"COPM_{kind}_[A-Z0-9-]+_T{t}", c)]
        if not cols:
            continue
        m = d[cols].to_numpy(dtype=float)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # rows with no rated problem
            s = np.nanmean(m, axis=1)
        scales.append(("COPM", kind, t, s, None))
        for c in cols:
            p = re.fullmatch(rf"COPM_{kind}_(.*)_T{t}", c).group(1)
            scales.append(("COPM", f"{kind}_{p}", t, d[c].to_numpy(dtype=float), None))

out = []
groups = list(dict.fromkeys(d["GROUP"]))
gsel = {g: (d["GROUP"] == g).to_numpy() for g in groups}


def r12(x):
    """Round to 12 significant digits, so that equal changes tie despite
    floating-point noise (as pssa and the R peer do)."""
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        e = np.floor(np.log10(np.abs(x)))
    e[~np.isfinite(e)] = 0
    f = 10.0 ** (11 - e)
    return np.round(x * f) / f



def alpha_of(m):
    m = m[~np.isnan(m).any(axis=1)]
    if len(m) < 2:
        return np.nan
    c = np.cov(m, rowvar=False)
    k = m.shape[1]
    return k / (k - 1) * (1 - np.trace(c) / c.sum())


order = list(dict.fromkeys((s[0], s[1]) for s in scales))
for g in groups:
    sel = gsel[g]
    for key in order:
        ss = [s for s in scales if (s[0], s[1]) == key and (~np.isnan(s[3][sel])).any()]
        for inst, name, t, v, m in ss:
            x = v[sel & ~np.isnan(v)]
            out.append(("descriptive", g, inst, name, f"T{t}", "", len(x), x.mean(),
                        x.std(ddof=1) if len(x) > 1 else np.nan, alpha_of(m[sel]) if m is not None else np.nan))
        for a, b in zip(ss, ss[1:]):
            ok = sel & ~np.isnan(a[3]) & ~np.isnan(b[3])
            n = int(ok.sum())
            dd = r12(b[3][ok] - a[3][ok])
            if n < 2 or (dd == 0).all():
                continue
            w = stats.wilcoxon(dd, zero_method="wilcox", correction=True, method="auto")
            out.append(("paired", g, key[0], key[1], f"T{a[2]}", f"T{b[2]}", n, w.statistic, w.pvalue, np.nan))
        if len(ss) >= 3:
            m = np.column_stack([s[3][sel] for s in ss])
            m = m[~np.isnan(m).any(axis=1)]
            n, k = m.shape
            if n >= 2:
                grand = m.mean()
                ss_time = n * ((m.mean(axis=0) - grand) ** 2).sum()
                ss_subj = k * ((m.mean(axis=1) - grand) ** 2).sum()
                ss_err = ((m - grand) ** 2).sum() - ss_time - ss_subj
                df1, df2 = k - 1, (k - 1) * (n - 1)
                if ss_err > 0:
                    f = (ss_time / df1) / (ss_err / df2)
                    out.append(("omnibus", g, key[0], key[1], "", "", n, f, stats.f.sf(f, df1, df2), np.nan))
                try:
                    stats.friedmanchisquare(*m.T)
                except ValueError:
                    pass
for inst, name, t, v, m in scales:
    for i, g1 in enumerate(groups):
        for g2 in groups[i + 1:]:
            x, y = r12(v[gsel[g1] & ~np.isnan(v)]), r12(v[gsel[g2] & ~np.isnan(v)])
            if len(x) == 0 or len(y) == 0 or len(np.unique(np.concatenate([x, y]))) < 2:
                continue
            u = stats.mannwhitneyu(x, y, use_continuity=True, alternative="two-sided", method="auto")
            out.append(("between", "", inst, name, f"T{t}", f"{g1} vs {g2}", len(x) + len(y), u.statistic, u.pvalue, np.nan))

pd.DataFrame(out, columns=["section", "group", "instrument", "scale", "a", "b", "n", "statistic", "p", "alpha"]).to_csv(dst, index=False)
