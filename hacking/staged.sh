#!/usr/bin/env bash
# Run a command from a staged copy of the collection (see stage-collection.sh), with that copy first on
# the collections path. Used for ansible-test and antsibull-docs, which need the
# ansible_collections/<namespace>/<name> layout.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
stage=$("$root/hacking/stage-collection.sh")
export ANSIBLE_COLLECTIONS_PATH="${stage%/ansible_collections/*}"
trap 'rm -rf "$ANSIBLE_COLLECTIONS_PATH"' EXIT
cd "$stage"
"$@"
