#!/usr/bin/env bash
# Cut the changelog for a release: hacking/changelog-release.sh VERSION [DATE]
# antsibull-changelog reads plugin and module metadata with ansible-doc, which needs the collection under an
# ansible_collections/ path, so it runs in a staged copy; CHANGELOG.rst, changelogs/changelog.yaml and the
# consumed fragments are then carried back into this checkout.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=${1:?usage: changelog-release.sh VERSION [DATE]}
date=${2:-$(date -u +%Y-%m-%d)}
stage=$("$root/hacking/stage-collection.sh")
collections=${stage%/ansible_collections/*}
trap 'rm -rf "$collections"' EXIT
(cd "$stage" && ANSIBLE_COLLECTIONS_PATH="$collections" antsibull-changelog release --version "$version" --date "$date")
cp "$stage/CHANGELOG.rst" "$root/CHANGELOG.rst"
cp "$stage/changelogs/changelog.yaml" "$root/changelogs/changelog.yaml"
for fragment in "$root"/changelogs/fragments/*; do
  [ -e "$fragment" ] || continue
  [ -e "$stage/changelogs/fragments/$(basename "$fragment")" ] || rm -f "$fragment"
done
echo "changelog for $version written: CHANGELOG.rst, changelogs/changelog.yaml"
