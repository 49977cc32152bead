#!/usr/bin/env bash
# `make sanity-certification`: ansible-test sanity on the ansible-core lines Automation Hub's partner certification
# runs (stable-2.16, 2.18, 2.20), each in its own venv (.venv-sanity-<line>, in SANITY_VENVS, default the checkout). make test runs 2.16 and 2.21 itself;
# this adds the middle lines, which would not fit make test's 20-minute budget. No ignore file: a finding fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# line, ansible-core release, Python (the line's controller Python that this machine has)
lines=("2.16 2.16.19 3.11" "2.18 2.18.19 3.11" "2.20 2.20.10 3.12")
for line in "${lines[@]}"; do
  read -r name core python <<<"$line"
  venv=${SANITY_VENVS:-$root}/.venv-sanity-$name
  if [ ! -x "$venv/bin/ansible-test" ] || ! "$venv/bin/ansible-test" --version | grep -qx "ansible-test version $core"; then
    "$(bash hacking/find-python.sh "$python")" -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "ansible-core==$core"
  fi
  bash hacking/install-pip-standin.sh "$venv/bin/python"
  echo "=== ansible-test sanity, ansible-core $core (Python $python) ==="
  PATH=$venv/bin:$PATH bash hacking/staged.sh ansible-test sanity --venv --python "$python" --color no
done
echo "sanity clean on ansible-core 2.16.19, 2.18.19 and 2.20.10"
