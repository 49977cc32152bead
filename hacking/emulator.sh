# Shell helpers to run the emulator next to a script: `source hacking/emulator.sh`, then
#   emulator_start SEED [emulator options]   starts it on a free port; exports PALETTE_HOST,
#                                            PALETTE_API_KEY and PALETTE_PROJECT for the demo seed
#   emulator_writes                          prints the write requests it has logged
#   emulator_clear_log                       empties its request log
# The emulator is stopped when the calling shell exits.
# shellcheck shell=bash

emulator_start() {
  local seed=$1
  shift
  _emulator_dir=$(mktemp -d)
  export PALETTE_RATE_LIMIT_DIR=$_emulator_dir/ratelimit
  palette-emulator --port 0 --seed "$seed" "$@" >"$_emulator_dir/url" 2>"$_emulator_dir/log" &
  _emulator_pid=$!
  trap emulator_stop EXIT
  local _
  for _ in $(seq 100); do
    PALETTE_HOST=$(head -n 1 "$_emulator_dir/url" 2>/dev/null || true)
    [[ $PALETTE_HOST == http* ]] && break
    if ! kill -0 "$_emulator_pid" 2>/dev/null; then cat "$_emulator_dir/log" >&2; return 1; fi
    sleep 0.1
  done
  [[ $PALETTE_HOST == http* ]] || { echo "the emulator did not start" >&2; cat "$_emulator_dir/log" >&2; return 1; }
  export PALETTE_HOST
  eval "$(python "$(dirname "${BASH_SOURCE[0]}")/seed_facts.py" --shell "$seed")"
  echo "emulator: $PALETTE_HOST (seed $seed)"
}

emulator_stop() {
  if [ -n "${_emulator_pid:-}" ]; then
    kill "$_emulator_pid" 2>/dev/null || true
    wait "$_emulator_pid" 2>/dev/null || true
  fi
  rm -rf "${_emulator_dir:-}"
}

emulator_writes() {
  python -c '
import json, os, urllib.request
with urllib.request.urlopen(os.environ["PALETTE_HOST"] + "/__emulator__/requests") as answer:
    writes = [r for r in json.load(answer)["requests"] if r.get("write")]
for r in writes:
    print("  %-6s %-70s -> %s" % (r["method"], r["path"], r["status"]))
print("  %d write request(s)" % len(writes))'
}

emulator_clear_log() {
  python -c '
import os, urllib.request
urllib.request.urlopen(urllib.request.Request(os.environ["PALETTE_HOST"] + "/__emulator__/requests", method="DELETE"))'

}
