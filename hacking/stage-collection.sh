#!/usr/bin/env bash
# Copy the working tree (tracked files plus untracked ones git does not ignore) to a directory whose
# path ends in ansible_collections/spectrocloud/palette. ansible-test only runs from such a path, and a
# symlink is not enough. Prints the staged path.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# Outside the repository: inside it, ansible-test would ask this repository's git for the file list and
# find the (ignored) staged copy empty.
key=$(printf '%s' "$root" | md5sum | cut -c1-8)
dest=${1:-${TMPDIR:-/tmp}/spectrocloud-palette-$key/ansible_collections/spectrocloud/palette}
rm -rf "$dest"
mkdir -p "$dest"
cd "$root"
git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
  | tar --null -T - -cf - | tar -xf - -C "$dest"
echo "$dest"
