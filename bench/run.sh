#!/usr/bin/env bash
# Whole-run benchmark of rollcall on a generated portfolio, against the parse-only baseline and
# the two peers, all measured in this one run on this machine.
#
#   CUSTOMERS=10000 SEED=42 bench/run.sh
#   SNAPSHOTS_ONLY=1 CUSTOMERS=10000 bench/run.sh    # every customer a snapshot, users as flow
#                                                     # mappings: the peers parse it themselves
#
# Reports, for each command: wall time (best of $REPEAT), accounts per second, input MB per
# second, and peak memory (maximum resident set size from /usr/bin/time -v); then the ratios
# the performance targets are stated in. Needs /usr/bin/time and Python 3 with PyYAML built on
# libyaml (installed with pip when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

CUSTOMERS=${CUSTOMERS:-10000}
SEED=${SEED:-42}
REPEAT=${REPEAT:-3}
WORK=${WORK:-target/bench}
SMALL=$((CUSTOMERS / 10))
SNAPSHOTS_ONLY=${SNAPSHOTS_ONLY:-}
KIND=corpus; GENFLAGS=()
if [ -n "$SNAPSHOTS_ONLY" ]; then KIND=snap; GENFLAGS=(--snapshots-only); fi

python3 -c 'import yaml; assert yaml.__with_libyaml__' 2>/dev/null || pip install --quiet pyyaml
cargo build --quiet --release -p rollcall -p rollcall-corpus --features rollcall-corpus/rego
BIN=target/release

# shellcheck source=bench/lib.sh
source bench/lib.sh
corpus() { # customers -> directory
  portfolio "$1" "$KIND" "${GENFLAGS[@]}"
}

BIG=$(corpus "$CUSTOMERS")
SMALLDIR=$(corpus "$SMALL")
MB=$(du -sm --apparent-size "$BIG" | cut -f1)

# measure NAME COMMAND...: best wall time and its peak RSS over $REPEAT runs.
declare -A WALL RSS
measure() {
  local name=$1; shift
  local best="" rss=""
  for _ in $(seq "$REPEAT"); do
    /usr/bin/time -v "$@" > /dev/null 2> "$WORK/time.txt" || true
    local t r
    t=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$WORK/time.txt")
    r=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; rss=$r; fi
  done
  WALL[$name]=$best
  RSS[$name]=$rss
  printf '%-34s %8.2f s %10.0f accounts/s %8.1f MB/s %9.1f MB peak\n' "$name" "$best" \
    "$(awk "BEGIN{print $CUSTOMERS/$best}")" "$(awk "BEGIN{print $MB/$best}")" "$(awk "BEGIN{print $rss/1024}")"
}

CHECK=(check "$BIG" --format json --fail-on never --as-of 2026-11-01 --quiet)
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m)"
echo "corpus:  $CUSTOMERS customers (seed $SEED), ${MB} MB, in $BIG"
echo
RAYON_NUM_THREADS=1 measure "parse-only, 1 thread" "$BIN/rollcall-corpus" parse-only "$BIG"
measure "rollcall check, 1 thread" "$BIN/rollcall" "${CHECK[@]}" --jobs 1
RAYON_NUM_THREADS=2 measure "parse-only, 2 threads" "$BIN/rollcall-corpus" parse-only "$BIG"
measure "rollcall check, 2 threads" "$BIN/rollcall" "${CHECK[@]}" --jobs 2
measure "python peer (libyaml), 2 processes" python3 bench/peers/audit.py --jobs 2 "$BIG"
RAYON_NUM_THREADS=2 measure "rego peer (regorus), 2 threads" "$BIN/rollcall-rego" bench/peers/rules.rego "$BIG"
measure "rollcall check, $SMALL customers" "$BIN/rollcall" check "$SMALLDIR" --format json --fail-on never --as-of 2026-11-01 --quiet --jobs 2

ratio() { awk "BEGIN{printf \"%.2f\", $1/$2}"; }
echo
echo "check / parse-only (1 thread):   $(ratio "${WALL[rollcall check, 1 thread]}" "${WALL[parse-only, 1 thread]}")   target <= 1.25"
echo "check / parse-only (2 threads):  $(ratio "${WALL[rollcall check, 2 threads]}" "${WALL[parse-only, 2 threads]}")   target <= 1.25"
echo "speed-up, 2 threads over 1:      $(ratio "${WALL[rollcall check, 1 thread]}" "${WALL[rollcall check, 2 threads]}")   target >= 1.8"
echo "python peer / rollcall:          $(ratio "${WALL[python peer (libyaml), 2 processes]}" "${WALL[rollcall check, 2 threads]}")   target >= 10 (goal 15)"
echo "rego peer / rollcall:            $(ratio "${WALL[rego peer (regorus), 2 threads]}" "${WALL[rollcall check, 2 threads]}")   target >= 3"
echo "peak memory, $CUSTOMERS / $SMALL customers: $(ratio "${RSS[rollcall check, 2 threads]}" "${RSS[rollcall check, $SMALL customers]}")   (no findings are kept for the report: see docs/performance.md)"
echo
echo "findings (the peers must agree with rollcall):"
"$BIN/rollcall" "${CHECK[@]}" | python3 -c 'import json,sys,collections; d=json.load(sys.stdin); print("  rollcall:", dict(sorted(collections.Counter(f["rule"] for f in d["findings"]).items())))'
echo "  python:  " "$(python3 bench/peers/audit.py --jobs 2 "$BIG" | python3 -c 'import json,sys; print(json.load(sys.stdin)["findings"])')"
echo "  rego:    " "$("$BIN/rollcall-rego" bench/peers/rules.rego "$BIG" | python3 -c 'import json,sys; print({k:v for k,v in json.load(sys.stdin)["findings"].items() if v})')"
