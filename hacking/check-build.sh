#!/usr/bin/env bash
# `make build-check`: build the collection tarball from a clean copy of the tree, check it holds nothing
# but the collection, install it into an empty path, render its docs with ansible-doc and run a module
# from the installed copy against the emulator.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
stage=$("$root/hacking/stage-collection.sh" "$work/src/ansible_collections/spectrocloud/palette")
source "$root/hacking/emulator.sh"
trap 'emulator_stop; rm -rf "$work"' EXIT

ansible-galaxy collection build --force --output-path "$work/dist" "$stage" >/dev/null
tarball=$(ls "$work"/dist/spectrocloud-palette-*.tar.gz)
echo "built $(basename "$tarball") ($(du -k "$tarball" | cut -f1) KiB, $(tar -tzf "$tarball" | wc -l) entries)"

unwanted=$(tar -tzf "$tarball" | grep -E '(^|/)(\.venv[^/]*|__pycache__|\.pytest_cache|\.hypothesis|tests/output|build|dist|\.git|\.ci|hacking)(/|$)|\.pyc$|\.egg-info|\.tar\.gz$|integration_config\.yml$' || true)
if [ -n "$unwanted" ]; then
  echo "the tarball holds files that are not part of the collection:" >&2
  echo "$unwanted" >&2
  exit 1
fi

# galaxy-importer, what Galaxy and Automation Hub run on every upload, from its own venv (requirements-importer.txt):
# any warning or error it reports fails the check.
importer=${GALAXY_IMPORTER_VENV:-$root/.venv-importer}
(cd "$work" && PATH=$importer/bin:$PATH GALAXY_IMPORTER_CONFIG=$root/hacking/galaxy-importer.cfg \
  "$importer/bin/python" -m galaxy_importer.main "$tarball") > "$work/importer.log" 2>&1 || {
  cat "$work/importer.log" >&2; echo "galaxy-importer failed" >&2; exit 1; }
if grep -E '^(WARNING|ERROR|CRITICAL):' "$work/importer.log" >&2 \
  || ! tail -1 "$work/importer.log" | grep -qx 'Importer processing completed successfully'; then
  echo "galaxy-importer reported the problems above (full log: rerun hacking/check-build.sh)" >&2
  exit 1
fi
echo "galaxy-importer $("$importer/bin/python" -c 'import importlib.metadata as m; print(m.version("galaxy-importer"))'): no warning or error"

ansible-galaxy collection install --force -p "$work/installed" "$tarball" >/dev/null 2>&1
export ANSIBLE_COLLECTIONS_PATH=$work/installed
for module in $(tar -tzf "$tarball" | sed -n 's#^plugins/modules/\(palette_[a-z_]*\)\.py$#\1#p'); do
  ansible-doc "spectrocloud.palette.$module" >/dev/null
done
ansible-doc -t inventory spectrocloud.palette.palette >/dev/null
echo "ansible-doc renders every module and the inventory plugin from the installed copy"

emulator_start "$root/tests/emulator/palette_emulator/seeds/demo.yml" --strict >/dev/null
ANSIBLE_LOCALHOST_WARNING=0 ANSIBLE_INVENTORY_UNPARSED_WARNING=0 \
  ansible localhost -m spectrocloud.palette.palette_profile_info -a 'name=core version=1.1.0' \
  | grep -q '"name": "core"'
echo "palette_profile_info ran from the installed copy against the emulator"
