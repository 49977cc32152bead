#!/usr/bin/env bash
# `make bench` (and `make bench-quick`): run the benchmark harness, hacking/bench/run.py, with this checkout's
# virtualenv. It starts its own emulator processes, prints figures and never fails on timing. Arguments are passed on:
#   bash hacking/bench.sh [--quick] [--reps N] [--scenario N ...] [--json FILE]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
python=${PYTHON:-$root/.venv/bin/python}
[ -x "$python" ] || python=python3
exec "$python" hacking/bench/run.py "$@"
