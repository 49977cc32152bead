#!/usr/bin/env bash
# Copy the working tree (tracked files plus untracked ones git does not ignore) to a directory whose
# path ends in ansible_collections/spectrocloud/palette. ansible-test only runs from such a path, and a
# symlink is not enough. Prints the staged path.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# Outside the repository (inside it, ansible-test would ask this repository's git for the file list and
# find the ignored staged copy empty), and new for every call so parallel runs do not share a copy.
# The caller removes the directory three levels above the printed path when done.
dest=${1:-$(mktemp -d "${TMPDIR:-/tmp}/spectrocloud-palette-XXXXXX")/ansible_collections/spectrocloud/palette}
rm -rf "$dest"
mkdir -p "$dest"
cd "$root"
git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
  | tar --null -T - -cf - | tar -xf - -C "$dest"
echo "$dest"
