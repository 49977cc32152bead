#!/usr/bin/env bash
# Baseline for `make bench`: the platform team's curl + jq runbook (GET the profile, PUT it back with one pack
# changed, PATCH /publish, look at the clusters' profiles) as a script a competent operator would write, plus the
# two steps the runbook leaves to the UI: applying the update to each cluster and waiting until it has installed it.
# It makes the same change as hacking/bench/vars/one_profile.yml and skips what is already done, so a second run
# only reads.
#
#   PALETTE_HOST=http://127.0.0.1:8080 PALETTE_API_KEY=... PALETTE_PROJECT_UID=... \
#   PROFILE_UID=... CLUSTER_UIDS="uid1 uid2 uid3" PACK=virtual-machine-orchestrator TAG=4.7.1 REPLICAS=2 \
#     bash hacking/bench/baselines/curl_workflow.sh
set -euo pipefail
: "${PALETTE_HOST:?}" "${PALETTE_API_KEY:?}" "${PALETTE_PROJECT_UID:?}" "${PROFILE_UID:?}" "${CLUSTER_UIDS:?}"
PACK=${PACK:-virtual-machine-orchestrator}
TAG=${TAG:-4.7.1}
REPLICAS=${REPLICAS:-2}

# api METHOD PATH [JSON BODY]: one request with the key and project headers; fails on an HTTP error.
api() {
  local args=(-sS --fail-with-body -X "$1" "$PALETTE_HOST$2" -H "ApiKey: $PALETTE_API_KEY"
    -H "ProjectUid: $PALETTE_PROJECT_UID")
  if [ $# -ge 3 ]; then args+=(-H "Content-Type: application/json" -d "$3"); fi
  curl "${args[@]}"
}

# 1. The profile as it is published now (packs are under spec.published, not spec.template).
profile=$(api GET "/v1/clusterprofiles/$PROFILE_UID")
pack=$(jq -c --arg p "$PACK" '.spec.published.packs[] | select(.name == $p)' <<<"$profile")
current_tag=$(jq -r .tag <<<"$pack")
# The values are a YAML string; the only key this change touches is kubevirt.replicas.
new_values=$(jq -r --arg r "$REPLICAS" '.values | sub("replicas: [0-9]+"; "replicas: " + $r)' <<<"$pack")

if [ "$current_tag" != "$TAG" ] || [ "$new_values" != "$(jq -r .values <<<"$pack")" ]; then
  # 2. PUT wants the whole pack list with pack uids: the new tag's uid comes from the registry.
  registry=$(jq -r .registryUid <<<"$pack")
  pack_uid=$(api GET "/v1/packs/$PACK/registries/$registry" \
    | jq -r --arg t "$TAG" '.tags[] | select(.tag == $t) | .packUid')
  body=$(jq -c --arg p "$PACK" --arg t "$TAG" --arg u "$pack_uid" --arg v "$new_values" '
    {metadata: {name: .metadata.name, uid: .metadata.uid},
     spec: {version: .spec.version,
            template: {type: .spec.published.type,
                       packs: [.spec.published.packs[]
                               | {name, uid: .packUid, tag, type, layer, registryUid, values,
                                  manifests: [(.manifests // [])[] | {name, uid}]}
                               | if .name == $p then .tag = $t | .uid = $u | .values = $v else . end]}}}' <<<"$profile")
  api PUT "/v1/clusterprofiles/$PROFILE_UID" "$body"
  # 3. Publish the draft the PUT created (a no-op when Palette edited the published version in place, REF section 12).
  api PATCH "/v1/clusterprofiles/$PROFILE_UID/publish"
fi

# 4. Apply the update to each cluster not attached to the new tag yet. The attached content is what the cluster's
#    /profiles shows (it changes when Palette accepts the PATCH; what runs is in status.packs[], step 5).
#    (GET .../profileUpdates is not used: what it answers is not documented, REF section 12.)
for cluster in $CLUSTER_UIDS; do
  attached=$(api GET "/v1/spectroclusters/$cluster/profiles" \
    | jq -r --arg p "$PACK" '[.profiles[].spec.packs[] | select(.spec.name == $p) | .spec.version] | first')
  if [ "$attached" != "$TAG" ]; then
    api PATCH "/v1/spectroclusters/$cluster/profiles?resolveNotification=true" \
      "{\"profiles\": [{\"uid\": \"$PROFILE_UID\", \"replaceWithProfile\": \"$PROFILE_UID\"}]}"
  fi
done

# 5. Wait until each cluster has installed it: the pack in status.packs[] at the new version, Ready/True (the
#    cluster stays Running while the agent installs; an Error condition is a failed install). At most 2 minutes each.
for cluster in $CLUSTER_UIDS; do
  for _ in $(seq 120); do
    pack_status=$(api GET "/v1/spectroclusters/$cluster" \
      | jq -c --arg p "$PACK" '[.status.packs[]? | select(.name == $p)] | first // {}')
    version=$(jq -r '.version // ""' <<<"$pack_status")
    condition=$(jq -r '"\(.condition.type // "")/\(.condition.status // "")"' <<<"$pack_status")
    if [ "$version" = "$TAG" ] && [ "$condition" = Error/True ]; then
      echo "cluster $cluster: $PACK failed to install: $(jq -r .condition.message <<<"$pack_status")" >&2
      exit 1
    fi
    [ "$version" = "$TAG" ] && [ "$condition" = Ready/True ] && break
    sleep 1
  done
  if ! { [ "$version" = "$TAG" ] && [ "$condition" = Ready/True ]; }; then
    echo "cluster $cluster shows $PACK $version $condition after 2 minutes, not $TAG Ready/True" >&2
    exit 1
  fi
  echo "$cluster: $PACK $version installed"
done
