#!/usr/bin/env bash
# `make demo`: the collection's main job against the bundled emulator, no Palette account needed.
# Starts the emulator with the demo seed (an edge project with a "core" and an "infra" profile on the
# cluster edge-vmo), runs playbooks/update_profile.yml, shows what the emulator received, runs the
# playbook again to show it changes nothing, and stops the emulator.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source hacking/emulator.sh
emulator_start tests/emulator/palette_emulator/seeds/demo.yml --strict

ANSIBLE_COLLECTIONS_PATH=$(hacking/link-collection.sh)
export ANSIBLE_COLLECTIONS_PATH
export ANSIBLE_STDOUT_CALLBACK=default ANSIBLE_NOCOLOR=1 ANSIBLE_LOCALHOST_WARNING=0 ANSIBLE_INVENTORY_UNPARSED_WARNING=0
playbook=(ansible-playbook playbooks/update_profile.yml -e @playbooks/vars/demo_update.yml)

printf '\n=== Run 1: change the profiles, publish, apply to the clusters, wait, report ===\n'
"${playbook[@]}" --diff
printf '\n=== What the emulator received in run 1 (writes only) ===\n'
emulator_writes

emulator_clear_log
printf '\n=== Run 2: the same input again; expect changed=0 and no write ===\n'
"${playbook[@]}"
printf '\n=== Writes the emulator received in run 2 ===\n'
emulator_writes
