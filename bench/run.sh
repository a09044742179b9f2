#!/usr/bin/env bash
# make bench-peers: pssa against the R, Python and DuckDB peers on two
# workloads, measured in one run on this machine. Installs what it needs
# from Debian's packages and DuckDB's Node.js client from npm (into
# bench/out/node, never committed), builds pssa and the floor program,
# generates the workloads with pssa simulate, runs each tool, and prints one
# table: workload, tool, wall time, peak memory, ratios to pssa, agreement.
#
# Workloads: study = pssa simulate --participants 160 --seed 1 (the example);
# registry = pssa simulate --participants $BENCH_N --seed 7, cut to the
# columns id, group and SWLS, EMAS and COPM at T1-T3 (three groups; the
# third, MHP, answers none of them).
#
#   BENCH_N=1000000 bash bench/run.sh      (registry size; default 1e6)
#   BENCH_SKIP_REGISTRY_PEERS=1            (time only pssa, the floors and DuckDB at registry size)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${BENCH_N:-1000000}
OUT=bench/out
mkdir -p "$OUT"

need=()
for p in r-base-core r-cran-coin r-cran-car r-cran-psych python3-pandas python3-scipy time; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} from Debian's packages" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
PY=/usr/bin/python3   # Debian's, where python3-pandas and python3-scipy are
command -v node >/dev/null && command -v npm >/dev/null || {
  echo "installing nodejs and npm from Debian's packages" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
DUCKDB_NODE_API=1.5.6-r.1
export PSSA_BENCH_NODE="$PWD/$OUT/node"
[ -d "$PSSA_BENCH_NODE/node_modules/@duckdb/node-api" ] ||
  npm install --silent --no-audit --no-fund --prefix "$PSSA_BENCH_NODE" "@duckdb/node-api@$DUCKDB_NODE_API" >&2

CGO_ENABLED=0 go build -o bin/pssa .   # static, as make build
go build -o bin/benchfloor ./bench/floor
bin/pssa simulate --participants 160 --seed 1 -o "$OUT/study.csv"
if [ ! -f "$OUT/registry-$N.csv" ]; then
  bin/pssa simulate --participants "$N" --seed 7 -o "$OUT/full-$N.csv"
  cols=$(head -1 "$OUT/full-$N.csv" | tr ',' '\n' | awk '/^(id|group|SWLS_.*|EMAS_.*|COPM_.*)$/ {printf "%s%d", s, NR; s = ","}')
  cut -d, -f"$cols" "$OUT/full-$N.csv" >"$OUT/registry-$N.tmp" && mv "$OUT/registry-$N.tmp" "$OUT/registry-$N.csv"
  rm -f "$OUT/full-$N.csv"
fi

# measure NAME CMD...: best wall time of $REPS runs (seconds) and the peak
# resident memory of that run (MiB), from bench/timeit.py.
measure() {
  local name=$1; shift
  local best="" mem=""
  for _ in $(seq "${REPS:-1}"); do
    $PY bench/timeit.py "$OUT/$name.out" "$OUT/$name.err" "$@" >"$OUT/$name.time" || {
      echo "$name failed:" >&2; tail -5 "$OUT/$name.err" >&2; return 1; }
    read -r wall kb <"$OUT/$name.time"
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; mem=$((kb / 1024)); fi
  done
  echo "$best $mem" >"$OUT/$name.result"
}

rows=()
run_workload() {
  local w=$1 file=$2 peers=$3
  # pssa's study-sized run takes 15 ms, where a busy moment of a shared
  # machine adds 1-3: it gets more runs (PSSA_REPS) than the peers.
  REPS=${PSSA_REPS:-$REPS} measure "$w-pssa" bin/pssa analyze "$file" --format json -o "$OUT/$w-pssa.json"
  read -r pt pm <"$OUT/$w-pssa.result"
  rows+=("$w|pssa|$pt|$pm|1.0|1.0|reference")
  if [ "$w" = registry ]; then
    measure "$w-floor" bin/benchfloor "$file"
    read -r ft fm <"$OUT/$w-floor.result"
    rows+=("$w|encoding/csv read+split (Go, 1 core)|$ft|$fm|$(awk "BEGIN{printf \"%.2f\", $ft/$pt}")|$(awk "BEGIN{printf \"%.2f\", $fm/$pm}")|–")
    measure "$w-duckcount" node bench/peers/count_duckdb.cjs "$file"
    read -r ct cm <"$OUT/$w-duckcount.result"
    rows+=("$w|DuckDB count(*) floor|$ct|$cm|$(awk "BEGIN{printf \"%.2f\", $ct/$pt}")|$(awk "BEGIN{printf \"%.2f\", $cm/$pm}")|–")
    measure "$w-duckdb" node bench/peers/analyze_duckdb.cjs "$file" "$OUT/$w-duckdb.csv"
    read -r dt dm <"$OUT/$w-duckdb.result"
    rows+=("$w|DuckDB (SQL from Node.js)|$dt|$dm|$(awk "BEGIN{printf \"%.1f\", $dt/$pt}")|$(awk "BEGIN{printf \"%.1f\", $dm/$pm}")|$($PY bench/compare.py "$OUT/$w-pssa.json" "$OUT/$w-duckdb.csv")")
  fi
  [ "$peers" = 1 ] || return 0
  REPS=1 measure "$w-R" Rscript bench/peers/analyze.R "$file" "$OUT/$w-R.csv"
  read -r rt rm <"$OUT/$w-R.result"
  rows+=("$w|R (base + coin + car + psych)|$rt|$rm|$(awk "BEGIN{printf \"%.1f\", $rt/$pt}")|$(awk "BEGIN{printf \"%.1f\", $rm/$pm}")|$($PY bench/compare.py "$OUT/$w-pssa.json" "$OUT/$w-R.csv")")
  REPS=1 measure "$w-py" $PY bench/peers/analyze.py "$file" "$OUT/$w-py.csv"
  read -r yt ym <"$OUT/$w-py.result"
  rows+=("$w|Python (pandas + SciPy)|$yt|$ym|$(awk "BEGIN{printf \"%.1f\", $yt/$pt}")|$(awk "BEGIN{printf \"%.1f\", $ym/$pm}")|$($PY bench/compare.py "$OUT/$w-pssa.json" "$OUT/$w-py.csv")")
}

PSSA_REPS=20 REPS=5 run_workload study "$OUT/study.csv" 1
peers=1
[ -n "${BENCH_SKIP_REGISTRY_PEERS:-}" ] && peers=0
REPS=3 run_workload registry "$OUT/registry-$N.csv" "$peers"

size=$(stat -c %s "$OUT/registry-$N.csv")
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "go: $(go version | cut -d' ' -f3); R: $(R --version | head -1 | cut -d' ' -f3); python: $($PY -c 'import sys,pandas,scipy;print(sys.version.split()[0], "pandas", pandas.__version__, "scipy", scipy.__version__)'); node: $(node --version); duckdb: $DUCKDB_NODE_API (default threads)"
echo "workloads: study = 160 participants ($(stat -c %s "$OUT/study.csv") bytes); registry = $N participants, $(head -1 "$OUT/registry-$N.csv" | tr ',' '\n' | wc -l) columns, $((size / 1048576)) MiB"
echo "all tools: pssa analyze --format json or the peer script, end to end (start-up, reading, scoring, every test); best of 5 runs (study; pssa: 20) or 3 (registry; R and Python: 1)"
echo
printf '| %-8s | %-30s | %9s | %9s | %13s | %12s | %-40s |\n' workload tool "wall (s)" "peak MiB" "time / pssa" "mem / pssa" "results agree (p, means; rel. 1e-6)"
printf '|%s|%s|%s|%s|%s|%s|%s|\n' ---------- -------------------------------- ----------- ----------- --------------- -------------- ------------------------------------------
for r in "${rows[@]}"; do
  IFS='|' read -r a b c d e f g <<<"$r"
  printf '| %-8s | %-30s | %9s | %9s | %13s | %12s | %-40s |\n' "$a" "$b" "$c" "$d" "$e" "$f" "$g"
done
echo
echo "registry peak memory / file size: pssa $(awk "BEGIN{printf \"%.2f\", $(cut -d' ' -f2 "$OUT/registry-pssa.result")*1048576/$size}")"
echo "registry pssa vs DuckDB: DuckDB analysis / pssa $(awk "BEGIN{printf \"%.2f\", $(cut -d' ' -f1 "$OUT/registry-duckdb.result")/$(cut -d' ' -f1 "$OUT/registry-pssa.result")}"), DuckDB count(*) / pssa $(awk "BEGIN{printf \"%.2f\", $(cut -d' ' -f1 "$OUT/registry-duckcount.result")/$(cut -d' ' -f1 "$OUT/registry-pssa.result")}")"
