#!/usr/bin/env bash
# Custom policies at scale: `check --format json` on the generated 10,000-customer corpus with
# no policies, then with the three example policies of rules/examples (RC101, RC301 and RC304
# as Rego) under `policy_errors: strict` (interpreter) and `lenient` (compiled VM). Runs are
# interleaved and the median of $REPEAT is reported, with peak memory; then it checks that each
# example gives its built-in's findings (account, subject, location) on the whole corpus.
#
#   CUSTOMERS=10000 SEED=42 REPEAT=5 bench/policies.sh
set -euo pipefail
cd "$(dirname "$0")/.."

CUSTOMERS=${CUSTOMERS:-10000}
SEED=${SEED:-42}
REPEAT=${REPEAT:-5}
WORK=${WORK:-target/bench}
cargo build --quiet --release -p rollcall -p rollcall-corpus
BIN=target/release
DIR="$WORK/corpus-$CUSTOMERS-$SEED"
if [ ! -f "$DIR/.done" ]; then
  rm -rf "$DIR"
  "$BIN/rollcall-corpus" generate --customers "$CUSTOMERS" --seed "$SEED" --out "$DIR" >&2
  touch "$DIR/.done"
fi
CFG="$WORK/policy-configs"
mkdir -p "$CFG"
EXAMPLES="$PWD/rules/examples"
echo "select: [ALL]" > "$CFG/none.yaml"
printf 'policies: ["%s"]\npolicy_errors: strict\n' "$EXAMPLES" > "$CFG/strict.yaml"
printf 'policies: ["%s"]\npolicy_errors: lenient\n' "$EXAMPLES" > "$CFG/lenient.yaml"

run() { # config -> "wall rss"
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$BIN/rollcall" check "$DIR" --format json \
    --fail-on never --as-of 2026-11-01 --quiet --config "$CFG/$1.yaml" > /dev/null
  cat "$WORK/time.txt"
}

echo "machine: $(nproc) cores; corpus: $CUSTOMERS customers (seed $SEED), $(du -sm --apparent-size "$DIR" | cut -f1) MB"
for _ in $(seq "$REPEAT"); do
  for c in none strict lenient; do echo "$c $(run "$c")"; done
done | python3 -c '
import sys, statistics as st, collections
wall, rss = collections.defaultdict(list), collections.defaultdict(list)
for line in sys.stdin:
    name, w, r = line.split()
    wall[name].append(float(w)); rss[name].append(int(r))
base = st.median(wall["none"])
for name, label in [("none", "no policies"), ("strict", "3 example policies, strict"), ("lenient", "3 example policies, lenient")]:
    w = st.median(wall[name])
    print(f"{label:<30} {w:6.2f} s  {w / base:4.2f}x  {max(rss[name]) / 1024:7.1f} MB peak")
'

echo "findings (each example against its built-in, on the whole corpus):"
for c in strict lenient; do
  "$BIN/rollcall" check "$DIR" --format json --fail-on never --as-of 2026-11-01 --quiet \
    --config "$CFG/$c.yaml" --select RC101,RC301,RC304,EX101,EX301,EX304 | python3 -c '
import json, sys, collections
d = json.load(sys.stdin)
keys = collections.defaultdict(set)
for f in d["findings"]:
    keys[f["rule"]].add((f["account"], json.dumps(f["subject"], sort_keys=True), json.dumps(f["location"], sort_keys=True)))
ok = all(keys[b] == keys[e] for b, e in [("RC101", "EX101"), ("RC301", "EX301"), ("RC304", "EX304")])
print("  '"$c"':", {k: len(v) for k, v in sorted(keys.items())}, "errors:", len(d["errors"]), "same:", ok)
sys.exit(0 if ok and not d["errors"] else 1)
'
done
