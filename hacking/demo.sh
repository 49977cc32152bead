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
writes_1=$(emulator_writes)
echo "$writes_1"

emulator_clear_log
printf '\n=== Run 2: the same input again; expect changed=0 and no write ===\n'
"${playbook[@]}"
printf '\n=== Writes the emulator received in run 2 ===\n'
writes_2=$(emulator_writes)
echo "$writes_2"

# What happened, and where a user goes from here: the same commands work against the emulator left running.
cat <<EOT

=== What happened ===
Run 1 edited the profiles infra 1.1.0 and core 1.1.0 in place (one PUT each, every other pack, value and
manifest sent back as read), published them, brought the clusters running them onto the new content, waited
until each had installed it, and printed a report: $(echo "$writes_1" | tail -1 | sed 's/^ *//').
Run 2 read the same profiles and clusters, found nothing left to do and wrote nothing: $(echo "$writes_2" | tail -1 | sed 's/^ *//').

=== What to try next ===
1. Start the same emulator and leave it running (in this checkout; stop it with Ctrl-C):
     .venv/bin/palette-emulator --port 8080 --seed demo
2. In a second terminal, point Ansible at it and at this checkout's collection:
     source .venv/bin/activate && export ANSIBLE_COLLECTIONS_PATH=\$(hacking/link-collection.sh)
     export PALETTE_HOST=http://127.0.0.1:8080 PALETTE_PROJECT=edge-prod \\
            PALETTE_API_KEY=PALETTE-EMULATOR-DEMO-KEY-edge-prod-not-a-real-secret
3. Preview the change without writing anything (check mode, a diff per pack):
     ansible-playbook playbooks/update_profile.yml -e @playbooks/vars/demo_update.yml --check --diff
   then edit playbooks/vars/demo_update.yml (another tag, other values) and preview again.
4. Roll a published update out to the fleet in canary waves through the inventory plugin (in the demo seed,
   edge-store-03 has one pending):
     ansible-playbook -i playbooks/inventory/emulator.palette.yml playbooks/fleet_rollout.yml \\
       -e fleet_rollout_profile_name=core -e fleet_rollout_wait_sleep=1
5. Read the guides in docs/docsite/rst/ ("make docs" renders them to build/docs/html): rehearsing on the emulator
   (guide_emulator.rst), updating a profile safely (guide_profile_updates.rst), fleet rollouts
   (guide_fleet_rollouts.rst) and AWX (guide_awx.rst).
EOT
