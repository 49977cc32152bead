#!/usr/bin/env bash
# Put hacking/get_pip_standin.py where ansible-test looks for its cached pip bootstrap script, under the
# name of the pip version the installed ansible-test wants (see get_pip_standin.py for why).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python=${1:-$root/.venv/bin/python}
version=$("$python" - <<'PY'
import inspect
from ansible_test._internal import python_requirements as pr
source = inspect.getsource(pr.get_venv_packages)
print(source.split("pip='", 1)[1].split("'", 1)[0])
PY
)
cache=$HOME/.ansible/test/cache
mkdir -p "$cache"
cp "$root/hacking/get_pip_standin.py" "$cache/get_pip_${version//./_}.py"
