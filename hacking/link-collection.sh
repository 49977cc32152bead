#!/usr/bin/env bash
# Make this checkout importable as spectrocloud.palette without copying it: creates
# <tmp>/spectrocloud-palette-link-<key>/ansible_collections/spectrocloud/palette -> the repository root
# and prints the collections path to use. It lives outside the repository so no tool walking the tree
# follows the link back into it. (ansible-test needs a real copy: see stage-collection.sh.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
key=$(printf '%s' "$root" | md5sum | cut -c1-8)
base=${TMPDIR:-/tmp}/spectrocloud-palette-link-$key
mkdir -p "$base/ansible_collections/spectrocloud"
ln -sfn "$root" "$base/ansible_collections/spectrocloud/palette"
echo "$base"
