#!/usr/bin/env bash
# `make docs`: render the collection's docsite (plugin, module and role pages plus docs/docsite) to HTML in
# build/docs/html with antsibull-docs and Sphinx. Sphinx runs with -W: any warning (a broken reference, bad rst)
# fails the build, which is what `make docs-check` relies on.
# The build is offline: links to docs.ansible.com resolve through hacking/docs-intersphinx.txt.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build/docs/html}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$root/hacking/stage-collection.sh" "$work/collections/ansible_collections/spectrocloud/palette" >/dev/null
export ANSIBLE_COLLECTIONS_PATH=$work/collections

site=$work/site
mkdir -m 0755 "$site"   # antsibull-docs wants an existing directory that only its owner can write
antsibull-docs sphinx-init --use-current --squash-hierarchy --fail-on-error --dest-dir "$site" \
  --project spectrocloud.palette --copyright "spectrocloud.palette contributors" \
  --title "spectrocloud.palette" --html-short-title "spectrocloud.palette" spectrocloud.palette >/dev/null

# Only Ansible's own docs are linked, from a local inventory (the generated mapping would download several).
python3 - "$root/hacking/docs-intersphinx.txt" "$site/ansible_devel.inv" <<'PY'
import sys
import zlib

entries = []
with open(sys.argv[1]) as handle:
    for line in handle:
        if line.strip() and not line.startswith("#"):
            name, role, uri, title = line.split(None, 3)
            entries.append("%s %s -1 %s %s\n" % (name, role, uri, title.strip()))
with open(sys.argv[2], "wb") as handle:
    handle.write(b"# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n"
                 b"# The remainder of this file is compressed using zlib.\n")
    handle.write(zlib.compress("".join(entries).encode("utf-8")))
PY
cat >> "$site/conf.py" <<'PY'

import os
intersphinx_mapping = {
    'ansible_devel': ('https://docs.ansible.com/projects/ansible/devel/',
                      os.path.join(os.path.dirname(os.path.abspath(__file__)), 'ansible_devel.inv')),
}
PY

(cd "$site" && bash build.sh >"$work/build.log" 2>&1) || { cat "$work/build.log" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$(dirname "$out")"
cp -R "$site/build/html" "$out"
echo "$out/index.html"
