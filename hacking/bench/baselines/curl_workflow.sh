#!/usr/bin/env bash
# Baseline for `make bench`: the platform team's curl + jq runbook (GET the profile, PUT it back with one pack
# changed, PATCH /publish, look at the clusters' profiles) as a script a competent operator would write, plus the
# two steps the runbook leaves to the UI: applying the update to each cluster and waiting until it runs it.
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
  # 3. Publish the draft the PUT created.
  api PATCH "/v1/clusterprofiles/$PROFILE_UID/publish"
fi

# 4. Apply the update to each cluster that has one pending (the UI's "Updates Available").
applied=()
for cluster in $CLUSTER_UIDS; do
  pending=$(api GET "/v1/spectroclusters/$cluster/profileUpdates" | jq '.profiles // [] | length')
  if [ "$pending" -gt 0 ]; then
    api PATCH "/v1/spectroclusters/$cluster/profiles?resolveNotification=true" \
      "{\"profiles\": [{\"uid\": \"$PROFILE_UID\", \"replaceWithProfile\": \"$PROFILE_UID\"}]}"
    applied+=("$cluster")
  fi
done

# 5. Wait until each updated cluster is Running again (at most 2 minutes each).
for cluster in "${applied[@]}"; do
  for _ in $(seq 120); do
    state=$(api GET "/v1/spectroclusters/$cluster" | jq -r .status.state)
    [ "$state" = Running ] && break
    sleep 1
  done
  [ "$state" = Running ] || { echo "cluster $cluster is $state after 2 minutes" >&2; exit 1; }
done

# 6. Verify: each cluster runs the new tag of the pack (the runbook's last step, with a check instead of a look).
for cluster in $CLUSTER_UIDS; do
  running=$(api GET "/v1/spectroclusters/$cluster/profiles" \
    | jq -r --arg p "$PACK" '[.profiles[].spec.packs[] | select(.spec.name == $p) | .spec.version] | first')
  [ "$running" = "$TAG" ] || { echo "cluster $cluster runs $PACK $running, not $TAG" >&2; exit 1; }
  echo "$cluster: $PACK $running"
done
