#!/usr/bin/env bash
# Runs the ansible-test integration targets against one emulator process:
#   tests/run-integration.sh [ansible-test integration arguments, e.g. target names]
# The emulator runs in strict mode (a request body that does not match the spec is a 400) with the demo
# seed and rate limits on, as CI runs it. Each target resets it through setup_palette_emulator.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seed=$root/tests/emulator/palette_emulator/seeds/demo.yml
stage=$("$root/hacking/stage-collection.sh")
export ANSIBLE_COLLECTIONS_PATH="${stage%/ansible_collections/*}"

workdir=$(mktemp -d)
export PALETTE_RATE_LIMIT_DIR=$workdir/ratelimit
palette-emulator --port 0 --seed "$seed" --strict >"$workdir/url" 2>"$workdir/emulator.log" &
emulator_pid=$!
cleanup() {
  kill "$emulator_pid" 2>/dev/null || true
  wait "$emulator_pid" 2>/dev/null || true
  rm -rf "$workdir"
}
trap cleanup EXIT

url=
for _ in $(seq 100); do
  url=$(head -n 1 "$workdir/url" 2>/dev/null || true)
  [[ $url == http* ]] && break
  kill -0 "$emulator_pid" 2>/dev/null || { cat "$workdir/emulator.log" >&2; exit 1; }
  sleep 0.1
done
[[ $url == http* ]] || { echo "emulator did not start" >&2; cat "$workdir/emulator.log" >&2; exit 1; }

# Connection facts for the targets, read from the demo seed rather than repeated here.
python - "$seed" "$url" >"$stage/tests/integration/integration_config.yml" <<'PY'
import sys
import yaml
from palette_emulator.seed import demo_connection_facts
seed_path, url = sys.argv[1], sys.argv[2]
facts = demo_connection_facts(seed_path)
facts['palette_emulator_url'] = url
yaml.safe_dump(facts, sys.stdout, default_flow_style=False)
PY

cd "$stage"
ansible-test integration --python 3.11 --color no "$@"
