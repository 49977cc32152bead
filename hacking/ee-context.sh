#!/usr/bin/env bash
# `make ee-context`: build the collection tarball from a clean copy of this checkout and the execution
# environment's build context (ansible-builder create; no container engine needed). Prints the context directory;
# build the image from it with `podman build -t palette-ee:latest <context>` (or docker).
#
# With a directory argument everything goes there instead of this checkout (the tests use that): a copy of
# execution-environment.yml, build/ee/spectrocloud-palette.tar.gz next to it (where the definition's
# additional_build_files looks) and the context in build/ee/context.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

stage=$("$root/hacking/stage-collection.sh" "$work/src/ansible_collections/spectrocloud/palette")
ansible-galaxy collection build --force --output-path "$work/dist" "$stage" >/dev/null
mkdir -p "$out/build/ee"
# A fixed name, so the definition does not change with every version bump.
cp "$work"/dist/spectrocloud-palette-*.tar.gz "$out/build/ee/spectrocloud-palette.tar.gz"
[ "$out" -ef "$root" ] || cp "$root/execution-environment.yml" "$out/execution-environment.yml"
rm -rf "$out/build/ee/context"
ansible-builder create --file "$out/execution-environment.yml" --context "$out/build/ee/context" \
  --output-filename Containerfile >/dev/null
echo "$out/build/ee/context"
