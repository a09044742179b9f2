// DuckDB's floor on a file: SELECT count(*) FROM read_csv(FILE), with its
// default sniffing and threads. Every tool in bench/run.sh reads the whole
// file; this is how fast DuckDB can only read and split it.
//
// Usage: node bench/peers/count_duckdb.cjs scores.csv
//   PSSA_BENCH_NODE=DIR: where `npm install @duckdb/node-api` was run
//   (default bench/out/node).
"use strict";
const path = require("path");
const { createRequire } = require("module");

const nodeDir = path.resolve(process.env.PSSA_BENCH_NODE || path.join(__dirname, "..", "out", "node"));
const { DuckDBInstance } = createRequire(nodeDir + path.sep)("@duckdb/node-api");

(async () => {
  const db = await DuckDBInstance.create(":memory:");
  const con = await db.connect();
  const file = process.argv[2].replace(/'/g, "''");
  const r = await con.runAndReadAll(`SELECT count(*)::DOUBLE AS n FROM read_csv('${file}')`);
  console.log(r.getRowObjectsJS()[0].n);
})().catch((e) => { console.error(e); process.exit(1); });
