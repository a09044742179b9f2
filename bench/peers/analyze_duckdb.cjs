// The analysis `pssa analyze` does at registry scale, written in DuckDB SQL
// as a careful analyst would: explicit column types, the file read once into
// a typed table, the scores computed in one projection, every statistic an
// aggregate over the scored table, rank tests on the distinct values only
// (a window over value counts gives the mid-ranks) and asymptotic p-values.
// A peer for bench/run.sh; DuckDB runs with its default threads.
//
// Usage: node bench/peers/analyze_duckdb.cjs scores.csv results.csv
//   PSSA_BENCH_NODE=DIR: where `npm install @duckdb/node-api` was run
//   (default bench/out/node).
// Writes the columns of analyze.R: section, group, instrument, scale, a, b,
// n, statistic, p, alpha (descriptive rows: statistic = mean, p = SD).
//
// Only the normal approximation is used (no exact tests): on a study-sized
// file pssa's exact p-values differ from these.
"use strict";
const fs = require("fs");
const path = require("path");
const { createRequire } = require("module");

const nodeDir = path.resolve(process.env.PSSA_BENCH_NODE || path.join(__dirname, "..", "out", "node"));
const { DuckDBInstance } = createRequire(nodeDir + path.sep)("@duckdb/node-api");

const [src, dst] = process.argv.slice(2);

// Scoring keys (instruments/defs): min, max, scales {code: [items, reversed, aggregate, alpha]}.
const range = (a, b, step = 1) => Array.from({ length: Math.floor((b - a) / step) + 1 }, (_, i) => a + i * step);
const camiFav = [1, 9, 17, 25, 33, 3, 11, 19, 27, 35, 6, 14, 22, 30, 38, 8, 16, 24, 32, 40];
const anti = range(1, 40).filter((i) => (i - 1) % 8 >= 4);
const keys = {
  SSQ: [1, 7, { TOTAL: [range(1, 14), [], "sum", true] }],
  SWLS: [1, 7, { TOTAL: [range(1, 5), [], "sum", true] }],
  EMAS: [1, 5, { TOTAL: [range(1, 12), [], "sum", true] }],
  "RAS-R": [1, 5, {
    TOTAL: [range(1, 24), [], "sum", true], PCH: [[...range(7, 14), 21], [], "mean", true],
    WAH: [range(18, 20), [], "mean", true], GSO: [range(1, 5), [], "mean", true],
    RO: [[6, 22, 23, 24], [], "mean", true], NDS: [range(15, 17), [], "mean", true],
  }],
  CAMI: [1, 5, {
    TOTAL: [range(1, 40), camiFav, "sum", true],
    AU: [range(1, 40, 4), [5, 13, 21, 29, 37], "sum", true],
    BE: [range(2, 40, 4), [6, 14, 22, 30, 38], "sum", true],
    SR: [range(3, 40, 4), [7, 15, 23, 31, 39], "sum", true],
    CMHI: [range(4, 40, 4), [8, 16, 24, 32, 40], "sum", true],
    CONSTRUCT: [range(1, 40), anti, "sum", false],
    RAW: [range(1, 40), [], "sum", false],
  }],
};

// The header, read once, gives the columns and their types.
const fd = fs.openSync(src, "r");
const head = Buffer.alloc(1 << 16);
const got = fs.readSync(fd, head, 0, head.length, 0);
fs.closeSync(fd);
const header = head.subarray(0, got).toString("utf8").split(/\r?\n/)[0].replace(/^\uFEFF/, "").split(",");
const upper = header.map((h) => h.toUpperCase());
const item = /^(SSQ|SWLS|EMAS|RAS-R|CAMI)_0*(\d+)_T(\d+)$/;
const copm = /^COPM_(PERF|SAT)_([A-Z0-9-]+)_T(\d+)$/;
const q = (s) => '"' + s.replace(/"/g, '""') + '"';
const lit = (s) => "'" + String(s).replace(/'/g, "''") + "'";
const types = header.map((h, i) => {
  const u = upper[i];
  return [h, item.test(u) || copm.test(u) ? "UTINYINT" : "VARCHAR"];
});
const col = {}; // upper-case name -> quoted column
header.forEach((h, i) => { col[upper[i]] = q(h); });
const times = [...new Set(upper.map((u) => (u.match(/_T(\d+)$/) || [])[1]).filter(Boolean))].map(Number).sort((a, b) => a - b);

// Scores: one expression per scale and time point. A scale is prorated (the
// mean of the answered items times the item count) when at most 20% of its
// items are missing; COPM PERF and SAT are the mean of the rated problems.
const scales = []; // {inst, scale, t, name, alpha: [item exprs] | null}
for (const [inst, [lo, hi, sc]] of Object.entries(keys)) {
  for (const [scale, [items, rev, how, alpha]] of Object.entries(sc)) {
    for (const t of times) {
      const cols = items.map((i) => col[`${inst}_${i}_T${t}`]);
      if (cols.some((c) => !c)) continue;
      const vals = cols.map((c, j) => (rev.includes(items[j]) ? `(${lo + hi} - ${c})` : c));
      const k = items.length;
      const answered = cols.map((c) => `(${c} IS NOT NULL)::INTEGER`).join(" + ");
      const sum = vals.map((v) => `coalesce(${v}, 0)`).join(" + ");
      const mean = `(${sum})::DOUBLE / nullif(${answered}, 0)`;
      const maxMissing = Math.floor(0.2 * k + 1e-9);
      const expr = `CASE WHEN ${k} - (${answered}) <= ${maxMissing} THEN ${how === "sum" ? `${mean} * ${k}` : mean} END`;
      scales.push({ inst, scale, t, name: `s${scales.length}`, expr, alpha: alpha ? vals : null });
    }
  }
}
for (const t of times) {
  for (const kind of ["PERF", "SAT"]) {
    const cols = upper.filter((u) => { const m = u.match(copm); return m && m[1] === kind && Number(m[3]) === t; });
    if (!cols.length) continue;
    const answered = cols.map((u) => `(${col[u]} IS NOT NULL)::INTEGER`).join(" + ");
    const sum = cols.map((u) => `coalesce(${col[u]}, 0)`).join(" + ");
    scales.push({ inst: "COPM", scale: kind, t, name: `s${scales.length}`, expr: `(${sum})::DOUBLE / nullif(${answered}, 0)`, alpha: null });
    for (const u of cols) {
      scales.push({ inst: "COPM", scale: `${kind}_${u.match(copm)[2]}`, t, name: `s${scales.length}`, expr: `${col[u]}::DOUBLE`, alpha: null });
    }
  }
}
const order = [...new Map(scales.map((s) => [`${s.inst}\t${s.scale}`, [s.inst, s.scale]])).values()];
const byKey = (inst, scale) => scales.filter((s) => s.inst === inst && s.scale === scale);

// Differences rounded to 12 significant digits before ranking, as pssa does.
const r12 = (x) => `CASE WHEN ${x} = 0 THEN 0 ELSE round(${x}, (11 - floor(log10(abs(${x}))))::INTEGER) END`;

// Normal and F tail probabilities (DuckDB has neither).
function erfc(x) {
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    let sum = x, term = x;
    for (let n = 1; n < 100; n++) {
      term *= -x * x / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // Continued fraction (Lentz), fast for x ≥ 2.
  const tiny = 1e-300;
  let f = x, C = x, D = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    D = x + a * D; D = Math.abs(D) < tiny ? tiny : D; D = 1 / D;
    C = x + a / C; C = Math.abs(C) < tiny ? tiny : C;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}
const twoSidedNormal = (z) => erfc(Math.abs(z) / Math.SQRT2);
function lgamma(x) {
  const g = [676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  x -= 1;
  let a = 0.99999999999980993;
  const t = x + 7.5;
  for (let i = 0; i < 8; i++) a += g[i] / (x + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
function betacf(a, b, x) {
  const tiny = 1e-300;
  let c = 1, d = 1 - (a + b) * x / (a + 1);
  d = Math.abs(d) < tiny ? tiny : d; d = 1 / d;
  let h = d;
  for (let m = 1; m < 1000; m++) {
    const m2 = 2 * m;
    let aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d; d = Math.abs(d) < tiny ? tiny : d; c = 1 + aa / c; c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d; h *= d * c;
    aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d; d = Math.abs(d) < tiny ? tiny : d; c = 1 + aa / c; c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}
// I_x(a, b), the regularized incomplete beta function.
function ibeta(x, a, b) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? front * betacf(a, b, x) / a : 1 - front * betacf(b, a, 1 - x) / b;
}
const fUpper = (f, d1, d2) => ibeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);

(async () => {
  const db = await DuckDBInstance.create(":memory:");
  const con = await db.connect();
  const t0 = Date.now();
  const trace = (what) => { if (process.env.PSSA_BENCH_TRACE) console.error(`${what}: ${Date.now() - t0} ms`); };
  const rows = async (sql) => (await con.runAndReadAll(sql)).getRowObjectsJS();

  // One read of the file into a typed table; the scores in one projection.
  const columns = "{" + types.map(([h, t]) => `${lit(h)}: ${lit(t)}`).join(", ") + "}";
  await con.run(`CREATE TABLE s AS SELECT ${col.GROUP} AS grp,
      ${scales.map((s) => `${s.expr} AS ${s.name}`).join(",\n      ")}
      ${scales.some((s) => s.alpha) ? "," : ""}
      ${scales.filter((s) => s.alpha).flatMap((s) => s.alpha.map((v, j) => `${v} AS ${s.name}_i${j}`)).join(",\n      ")}
    FROM read_csv(${lit(src)}, header = true, delim = ',', quote = '"', auto_detect = false,
      nullstr = ['', 'NA', 'N/A', '.'], columns = ${columns})`);

  trace("read and score");
  const groups = (await rows(`SELECT grp FROM s GROUP BY grp ORDER BY min(rowid)`)).map((r) => r.grp);
  const out = [];

  // The distinct values of each score by group with their counts (scores
  // are sums of a few small integers: a few hundred values at most). The
  // quartiles (R's type 7), the range and the Mann-Whitney mid-ranks come
  // from these counts.
  await con.run(`CREATE TABLE vc AS ${scales.map((s, i) =>
    `SELECT ${i} AS k, grp, ${r12(s.name)} AS v, count(*) AS c FROM s WHERE ${s.name} IS NOT NULL GROUP BY grp, v`).join("\nUNION ALL\n")}`);
  const quart = new Map((await rows(`WITH cv AS (SELECT k, grp, v, sum(c) OVER (PARTITION BY k, grp ORDER BY v ROWS UNBOUNDED PRECEDING) AS cum,
        sum(c) OVER (PARTITION BY k, grp) AS n FROM vc),
      h AS (SELECT k, grp, v, cum, n, unnest([0.25, 0.5, 0.75]) AS p FROM cv),
      o AS (SELECT k, grp, p, (n - 1) * p AS h, min(v) FILTER (WHERE cum > floor((n - 1) * p)) AS lo,
        min(v) FILTER (WHERE cum > floor((n - 1) * p) + 1) AS hi FROM h GROUP BY k, grp, p, n)
    SELECT k, grp, list(lo + (h - floor(h)) * (coalesce(hi, lo) - lo) ORDER BY p) AS q FROM o GROUP BY k, grp`)).map((r) => [`${r.k}\t${r.grp}`, r.q]));

  // Descriptives: n, mean, SD, and Cronbach's alpha over complete
  // respondents: k/(k − 1)·(1 − Σ var(item) / var(total)).
  const aggs = scales.flatMap((s) => {
    const a = [`count(${s.name})::DOUBLE AS ${s.name}_n`, `avg(${s.name}) AS ${s.name}_m`, `stddev_samp(${s.name}) AS ${s.name}_sd`,
      `min(${s.name}) AS ${s.name}_min`, `max(${s.name}) AS ${s.name}_max`];
    if (s.alpha) {
      const items = s.alpha.map((_, j) => `${s.name}_i${j}`);
      const complete = items.map((c) => `${c} IS NOT NULL`).join(" AND ");
      const k = items.length;
      a.push(`${k} / ${k - 1} * (1 - (${items.map((c) => `var_samp(${c}) FILTER (WHERE ${complete})`).join(" + ")}) / var_samp(${items.join(" + ")}) FILTER (WHERE ${complete})) AS ${s.name}_alpha`);
    }
    return a;
  });
  const desc = new Map((await rows(`SELECT grp, ${aggs.join(", ")} FROM s GROUP BY grp`)).map((r) => [r.grp, r]));
  if (process.env.PSSA_BENCH_TRACE) console.error("quartiles of", scales[0].inst, scales[0].scale, `T${scales[0].t}`, groups[0], quart.get(`0\t${groups[0]}`));
  trace("descriptives");
  // Paired: Wilcoxon signed-rank on consecutive time points, zeros dropped,
  // mid-ranks of |d| from a running count over the distinct |d|.
  const pairs = [];
  for (const [inst, scale] of order) {
    const ss = byKey(inst, scale);
    for (let i = 0; i + 1 < ss.length; i++) pairs.push([ss[i], ss[i + 1]]);
  }
  const diffCounts = pairs.map(([a, b], i) =>
    `SELECT ${i} AS k, grp, ${r12(`${b.name} - ${a.name}`)} AS d, count(*) AS c FROM s
      WHERE ${a.name} IS NOT NULL AND ${b.name} IS NOT NULL GROUP BY grp, d`).join("\nUNION ALL\n");
  const paired = pairs.length ? await rows(`WITH dc AS (${diffCounts}),
    v AS (SELECT k, grp, abs(d) AS ad, sum(c) FILTER (WHERE d > 0) AS pos, sum(c) AS t FROM dc WHERE d <> 0 GROUP BY k, grp, ad),
    r AS (SELECT *, sum(t) OVER (PARTITION BY k, grp ORDER BY ad ROWS UNBOUNDED PRECEDING) - (t - 1) / 2.0 AS midrank FROM v)
    SELECT r.k, r.grp, sum(t)::DOUBLE AS n, sum(coalesce(pos, 0) * midrank)::DOUBLE AS v, sum(t * t * t - t)::DOUBLE AS ties,
      (SELECT sum(c) FROM dc WHERE dc.k = r.k AND dc.grp = r.grp)::DOUBLE AS npairs
    FROM r GROUP BY r.k, r.grp`) : [];
  trace("paired");
  const pairedBy = new Map(paired.map((r) => [`${r.k}\t${r.grp}`, r]));

  // Omnibus over three or more time points: repeated-measures ANOVA from
  // variances (SS_error = n·Σ var_t − k·n·var(row mean)) and Friedman's test
  // from within-row mid-ranks.
  const omni = [];
  for (const [inst, scale] of order) {
    const ss = byKey(inst, scale);
    if (ss.length < 3) continue;
    const c = ss.map((s) => s.name);
    const k = c.length;
    const complete = c.map((x) => `${x} IS NOT NULL`).join(" AND ");
    const rank = (x) => `1 + ${c.filter((y) => y !== x).map((y) => `(${y} < ${x})::INTEGER + 0.5 * (${y} = ${x})::INTEGER`).join(" + ")}`;
    const tieTerm = `CASE ${k === 3 ? `WHEN ${c[0]} = ${c[1]} AND ${c[1]} = ${c[2]} THEN 24 WHEN ${c[0]} = ${c[1]} OR ${c[1]} = ${c[2]} OR ${c[0]} = ${c[2]} THEN 6` : "WHEN false THEN 0"} ELSE 0 END`;
    omni.push({ inst, scale, k, sql: `SELECT grp, count(*)::DOUBLE AS n,
      ${c.map((x) => `var_pop(${x})`).join(" + ")} AS sumvar, var_pop((${c.join(" + ")}) / ${k}) AS rowvar,
      ${c.map((x, j) => `avg(${x}) AS m${j}`).join(", ")},
      ${c.map((x, j) => `sum(${rank(x)})::DOUBLE AS r${j}`).join(", ")}, sum(${tieTerm})::DOUBLE AS ties
      FROM s WHERE ${complete} GROUP BY grp` });
  }
  const omniRows = await Promise.all(omni.map(async (o) => new Map((await rows(o.sql)).map((r) => [r.grp, r]))));

  trace("omnibus");
  for (const g of groups) {
    const d = desc.get(g);
    for (const [inst, scale] of order) {
      for (const s of byKey(inst, scale)) {
        if (!d[`${s.name}_n`]) continue;
        out.push(["descriptive", g, inst, scale, `T${s.t}`, "", d[`${s.name}_n`], d[`${s.name}_m`], d[`${s.name}_sd`], s.alpha ? d[`${s.name}_alpha`] : NaN]);
      }
    }
    pairs.forEach(([a, b], i) => {
      const r = pairedBy.get(`${i}\t${g}`);
      if (!r || r.npairs < 2) return;
      const n = r.n;
      const centred = r.v - n * (n + 1) / 4;
      const sigma = Math.sqrt(n * (n + 1) * (2 * n + 1) / 24 - r.ties / 48);
      const z = (centred - Math.sign(centred) * 0.5) / sigma;
      out.push(["paired", g, a.inst, a.scale, `T${a.t}`, `T${b.t}`, r.npairs, r.v, twoSidedNormal(z), NaN]);
    });
    omni.forEach((o, i) => {
      const r = omniRows[i].get(g);
      if (!r || r.n < 2) return;
      const { n } = r, k = o.k;
      const means = Array.from({ length: k }, (_, j) => r[`m${j}`]);
      const grand = means.reduce((a, b) => a + b, 0) / k;
      const ssTime = n * means.reduce((a, m) => a + (m - grand) ** 2, 0);
      const ssErr = n * r.sumvar - k * n * r.rowvar;
      const df1 = k - 1, df2 = (k - 1) * (n - 1);
      if (ssErr > 0) {
        const f = (ssTime / df1) / (ssErr / df2);
        out.push(["omnibus", g, o.inst, o.scale, "", "", n, f, fUpper(f, df1, df2), NaN]);
      }
      const sumR2 = Array.from({ length: k }, (_, j) => r[`r${j}`] ** 2).reduce((a, b) => a + b, 0);
      const chi = (12 / (n * k * (k + 1)) * sumR2 - 3 * n * (k + 1)) / (1 - r.ties / (n * (k ** 3 - k)));
      void chi; // Friedman's chi-square (df k − 1); not compared
    });
  }

  // Between groups: Mann-Whitney U for each pair of groups at each scale and
  // time point, mid-ranks from a running count over the distinct values.
  const gp = [];
  groups.forEach((g1, i) => groups.slice(i + 1).forEach((g2) => gp.push([g1, g2])));
  if (gp.length) {
    const between = await rows(`WITH gp(g1, g2, o) AS (VALUES ${gp.map(([a, b], i) => `(${lit(a)}, ${lit(b)}, ${i})`).join(", ")}),
      v AS (SELECT k, o, v, sum(c) FILTER (WHERE grp = g1) AS c1, sum(c) AS t FROM vc JOIN gp ON grp = g1 OR grp = g2 GROUP BY k, o, v),
      r AS (SELECT *, sum(t) OVER (PARTITION BY k, o ORDER BY v ROWS UNBOUNDED PRECEDING) - (t - 1) / 2.0 AS midrank FROM v)
      SELECT k, o, sum(coalesce(c1, 0))::DOUBLE AS n1, (sum(t) - sum(coalesce(c1, 0)))::DOUBLE AS n2,
        sum(coalesce(c1, 0) * midrank)::DOUBLE AS r1, sum(t * t * t - t)::DOUBLE AS ties, count(*)::DOUBLE AS distinct_values
      FROM r GROUP BY k, o ORDER BY k, o`);
    for (const r of between) {
      const s = scales[r.k];
      const [g1, g2] = gp[r.o];
      const { n1, n2 } = r;
      if (n1 === 0 || n2 === 0 || r.distinct_values < 2) continue;
      const N = n1 + n2;
      const w = r.r1 - n1 * (n1 + 1) / 2;
      const centred = w - n1 * n2 / 2;
      const sigma = Math.sqrt((n1 * n2 / 12) * ((N + 1) - r.ties / (N * (N - 1))));
      const z = (centred - Math.sign(centred) * 0.5) / sigma;
      out.push(["between", "", s.inst, s.scale, `T${s.t}`, `${g1} vs ${g2}`, N, w, twoSidedNormal(z), NaN]);
    }
  }

  trace("between");
  const fmt = (x) => (typeof x === "number" ? (Number.isNaN(x) ? "" : String(x)) : String(x));
  fs.writeFileSync(dst, "section,group,instrument,scale,a,b,n,statistic,p,alpha\n" + out.map((r) => r.map(fmt).join(",")).join("\n") + "\n");
})().catch((e) => { console.error(e); process.exit(1); });
