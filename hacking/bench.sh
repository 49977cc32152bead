#!/usr/bin/env bash
# `make bench` (and `make bench-quick`): run the benchmark harness, hacking/bench/run.py, with this checkout's
# virtualenv. It starts its own emulator processes, prints figures and never fails on timing. Arguments are passed on:
#   bash hacking/bench.sh [--quick] [--reps N] [--scenario N ...] [--json FILE]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# the curl baseline is a curl + jq script, as the runbook it stands for
for tool in curl jq; do
  command -v "$tool" >/dev/null 2>&1 || { echo "make bench needs $tool for the curl baseline (Debian: apt-get install $tool)" >&2; exit 1; }
done
python=${PYTHON:-$root/.venv/bin/python}
[ -x "$python" ] || python=python3
exec "$python" hacking/bench/run.py "$@"
