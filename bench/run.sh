#!/usr/bin/env bash
# make bench-peers: pssa against the R and Python peers on the two workloads
# of issue 5, measured in one run on this machine. Installs what it needs
# from Debian's packages, builds pssa and the floor program, generates the
# workloads with pssa simulate, runs each tool, and prints one table:
# workload, tool, wall time, peak memory, ratios to pssa, agreement.
#
#   BENCH_N=1000000 bash bench/run.sh      (registry size; default 1e6)
#   BENCH_SKIP_REGISTRY_PEERS=1            (time only pssa and the floor at registry size)
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

go build -o bin/pssa .
go build -o bin/benchfloor ./internal/benchfloor
bin/pssa simulate --participants 160 --seed 1 -o "$OUT/study.csv"
[ -f "$OUT/registry-$N.csv" ] || bin/pssa simulate --participants "$N" --seed 7 -o "$OUT/registry-$N.csv"

# measure NAME CMD...: best wall time of $REPS runs (seconds) and the peak
# resident memory of that run (MiB), from GNU time.
measure() {
  local name=$1; shift
  local best="" mem=""
  for _ in $(seq "${REPS:-1}"); do
    /usr/bin/time -f "%e %M" -o "$OUT/$name.time" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" || {
      echo "$name failed:" >&2; tail -5 "$OUT/$name.err" >&2; return 1; }
    read -r wall kb <"$OUT/$name.time"
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; mem=$((kb / 1024)); fi
  done
  echo "$best $mem" >"$OUT/$name.result"
}

rows=()
run_workload() {
  local w=$1 file=$2 peers=$3
  measure "$w-pssa" bin/pssa analyze "$file" --format json -o "$OUT/$w-pssa.json"
  read -r pt pm <"$OUT/$w-pssa.result"
  rows+=("$w|pssa|$pt|$pm|1.0|1.0|reference")
  if [ "$w" = registry ]; then
    measure "$w-floor" bin/benchfloor "$file"
    read -r ft fm <"$OUT/$w-floor.result"
    rows+=("$w|read+split floor (Go)|$ft|$fm|$(awk "BEGIN{printf \"%.2f\", $ft/$pt}")|$(awk "BEGIN{printf \"%.2f\", $fm/$pm}")|–")
  fi
  [ "$peers" = 1 ] || return 0
  measure "$w-R" Rscript bench/peers/analyze.R "$file" "$OUT/$w-R.csv"
  read -r rt rm <"$OUT/$w-R.result"
  rows+=("$w|R (base + coin + car + psych)|$rt|$rm|$(awk "BEGIN{printf \"%.1f\", $rt/$pt}")|$(awk "BEGIN{printf \"%.1f\", $rm/$pm}")|$($PY bench/compare.py "$OUT/$w-pssa.json" "$OUT/$w-R.csv")")
  measure "$w-py" $PY bench/peers/analyze.py "$file" "$OUT/$w-py.csv"
  read -r yt ym <"$OUT/$w-py.result"
  rows+=("$w|Python (pandas + SciPy)|$yt|$ym|$(awk "BEGIN{printf \"%.1f\", $yt/$pt}")|$(awk "BEGIN{printf \"%.1f\", $ym/$pm}")|$($PY bench/compare.py "$OUT/$w-pssa.json" "$OUT/$w-py.csv")")
}

REPS=5 run_workload study "$OUT/study.csv" 1
peers=1
[ -n "${BENCH_SKIP_REGISTRY_PEERS:-}" ] && peers=0
REPS=1 run_workload registry "$OUT/registry-$N.csv" "$peers"

size=$(stat -c %s "$OUT/registry-$N.csv")
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "go: $(go version | cut -d' ' -f3); R: $(R --version | head -1 | cut -d' ' -f3); python: $($PY -c 'import sys,pandas,scipy;print(sys.version.split()[0], "pandas", pandas.__version__, "scipy", scipy.__version__)')"
echo "workloads: study = 160 participants ($(stat -c %s "$OUT/study.csv") bytes); registry = $N participants, $(head -1 "$OUT/registry-$N.csv" | tr ',' '\n' | wc -l) columns, $((size / 1048576)) MiB"
echo "all tools: pssa analyze --format json or the peer script, end to end (start-up, reading, scoring, every test); study: best of 5 runs"
echo
printf '| %-8s | %-30s | %9s | %9s | %13s | %12s | %-40s |\n' workload tool "wall (s)" "peak MiB" "time / pssa" "mem / pssa" "results agree (p, means; rel. 1e-6)"
printf '|%s|%s|%s|%s|%s|%s|%s|\n' ---------- -------------------------------- ----------- ----------- --------------- -------------- ------------------------------------------
for r in "${rows[@]}"; do
  IFS='|' read -r a b c d e f g <<<"$r"
  printf '| %-8s | %-30s | %9s | %9s | %13s | %12s | %-40s |\n' "$a" "$b" "$c" "$d" "$e" "$f" "$g"
done
echo
echo "registry peak memory / file size: pssa $(awk "BEGIN{printf \"%.2f\", $(cut -d' ' -f2 "$OUT/registry-pssa.result")*1048576/$size}")"
