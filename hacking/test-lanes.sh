#!/usr/bin/env bash
# make test runs every suite through this script, in lanes that run at the same time, because one after the
# other they take over 30 minutes on a 2-core machine while most of that time is spent waiting (on rate limits,
# on applies, on pip).  Each lane runs its make targets one after the other; every target always runs.
#
#   hacking/test-lanes.sh "LANE_NAME NICE TARGET..." ...
#
# The first lane holds the suites that assert on timing-dependent facts (no request answered 429 across 40
# processes, a fleet rollout under rate limits): it runs at normal priority, the others are niced so they
# only take the CPU those suites leave idle. Output of each target goes to tests/output/make-test/<target>.log;
# a failed target's log is printed in full. Exit status: 0 only when every target passed.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
logs=$root/tests/output/make-test
rm -rf "$logs" && mkdir -p "$logs"

run_lane() {
  local name=$1 niceness=$2 target start status
  shift 2
  for target in "$@"; do
    start=$(date +%s)
    echo "[$name] $target: started"
    if nice -n "$niceness" make --no-print-directory -C "$root" "$target" >"$logs/$target.log" 2>&1; then
      status=passed
    else
      status=FAILED
    fi
    echo "$target $status $(( $(date +%s) - start ))" >>"$logs/summary.$name"
    echo "[$name] $target: $status in $(( $(date +%s) - start )) s"
  done
}

start=$(date +%s)
pids=()
for lane in "$@"; do
  # shellcheck disable=SC2086  # a lane is a space-separated list by design
  run_lane $lane &
  pids+=("$!")
done
for pid in "${pids[@]}"; do wait "$pid"; done

failed=0
echo
echo "make test: $(( $(date +%s) - start )) s in all"
printf '%-22s %-7s %s\n' target status seconds
cat "$logs"/summary.* | while read -r target status seconds; do printf '%-22s %-7s %s\n' "$target" "$status" "$seconds"; done
while read -r target status _; do
  if [ "$status" != passed ]; then
    failed=1
    echo
    echo "======== $target FAILED: its output ($logs/$target.log) ========"
    cat "$logs/$target.log"
  fi
done < <(cat "$logs"/summary.*)
exit "$failed"
