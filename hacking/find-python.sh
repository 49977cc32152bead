#!/usr/bin/env bash
# Print the path of a Python interpreter of the given minor version (default 3.12): the one on PATH, else
# the newest pyenv build of it. The second ansible-core line `make test` runs needs Python 3.12+.
set -euo pipefail
want=${1:-3.12}
if command -v "python$want" >/dev/null 2>&1 && "python$want" -c 'import venv' 2>/dev/null; then
  command -v "python$want"
  exit 0
fi
versions=${PYENV_ROOT:-$HOME/.pyenv}/versions
for candidate in $(find "$versions" -maxdepth 3 -path "$versions/$want.*/bin/python$want" 2>/dev/null | sort -V -r); do
  if "$candidate" -c 'import venv' 2>/dev/null; then
    echo "$candidate"
    exit 0
  fi
done
echo "find-python.sh: no Python $want found (on PATH or under pyenv); install it to run the ansible-core line that needs it" >&2
exit 1
