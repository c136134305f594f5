# Shared by the bench scripts (sourced after BIN, WORK and SEED are set).

# portfolio CUSTOMERS [NAME [GENERATOR FLAGS...]]: the folder of a generated portfolio under
# $WORK, written once (`.done` marks a complete one).
portfolio() {
  local n=$1 name=${2:-corpus}
  shift $(( $# < 2 ? $# : 2 ))
  local dir="$WORK/$name-$n-$SEED"
  if [ ! -f "$dir/.done" ]; then
    rm -rf "$dir"
    "$BIN/rollcall-corpus" generate --customers "$n" --seed "$SEED" "$@" --out "$dir" >&2
    touch "$dir/.done"
  fi
  echo "$dir"
}

# big_account: the folder of one customer of 8,000 users (bench/big_account.py), written once.
big_account() {
  local dir="$WORK/big-account"
  [ -f "$dir/one/account.yaml" ] || python3 bench/big_account.py "$dir/one/account.yaml" 8000
  echo "$dir"
}
