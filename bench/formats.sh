#!/usr/bin/env bash
# Every output format, as users run them: time, peak memory and output size, on a generated
# portfolio and on one large customer, against JSON on the same input.
#
#   CUSTOMERS=10000 SEED=42 REPEAT=2 bench/formats.sh
#
# Needs /usr/bin/time. The large customer (8,000 users, 40 contracts, every fourth user an
# unanswered invitation) is written by bench/big_account.py.
set -euo pipefail
cd "$(dirname "$0")/.."

CUSTOMERS=${CUSTOMERS:-10000}
SEED=${SEED:-42}
REPEAT=${REPEAT:-2}
WORK=${WORK:-target/bench}
mkdir -p "$WORK"
cargo build --quiet --release -p rollcall -p rollcall-corpus
BIN=target/release
# shellcheck source=bench/lib.sh
source bench/lib.sh

PORTFOLIO=$(portfolio "$CUSTOMERS")
BIG=$(big_account)

# run INPUT FORMAT [FLAGS...]: best wall time, its peak RSS (MB) and the output size (MB).
run() {
  local input=$1 format=$2; shift 2
  local best="" rss="" size=""
  for _ in $(seq "$REPEAT"); do
    /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$BIN/rollcall" check "$input" --format "$format" \
      --fail-on never --as-of 2026-11-01 --quiet --color never "$@" --output "$WORK/out" || true
    read -r t r < "$WORK/time.txt"
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; rss=$r; fi
  done
  size=$(stat -c %s "$WORK/out")
  echo "$best $(awk "BEGIN{printf \"%.0f\", $rss/1024}") $(awk "BEGIN{printf \"%.1f\", $size/1048576}")"
}

table() {
  local label=$1 input=$2
  echo "$label"
  printf '| %-9s | %8s | %9s | %9s | %10s | %10s |\n' format "time (s)" "peak (MB)" "size (MB)" "time/json" "peak/json"
  printf '|%s|%s|%s|%s|%s|%s|\n' ----------- ---------: ----------: ----------: -----------: -----------:
  read -r jt jm js < <(run "$input" json)
  for f in json human concise sarif github junit markdown csv html; do
    if [ "$f" = json ]; then t=$jt m=$jm s=$js; else read -r t m s < <(run "$input" "$f"); fi
    printf '| %-9s | %8.2f | %9d | %9.1f | %10.2f | %10.2f |\n' "$f" "$t" "$m" "$s" \
      "$(awk "BEGIN{print $t/$jt}")" "$(awk "BEGIN{print $m/$jm}")"
  done
  echo
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
table "$CUSTOMERS customers ($(du -sm --apparent-size "$PORTFOLIO" | cut -f1) MB):" "$PORTFOLIO"
table "one customer, 8,000 users ($(du -sm --apparent-size "$BIG" | cut -f1) MB):" "$BIG"
