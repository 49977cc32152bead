#!/usr/bin/env bash
# Runs the ansible-test integration targets against one emulator process:
#   tests/run-integration.sh [ansible-test integration arguments, e.g. target names]
# ANSIBLE_TEST_PYTHON picks the Python version ansible-test runs the targets with (default 3.11).
# The emulator runs in strict mode (a request body that does not match the spec is a 400) with the demo
# seed and rate limits on, as CI runs it. Each target resets it through setup_palette_emulator.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seed=$root/tests/emulator/palette_emulator/seeds/demo.yml
source "$root/hacking/emulator.sh"
emulator_start "$seed" --strict

stage=$("$root/hacking/stage-collection.sh")
export ANSIBLE_COLLECTIONS_PATH="${stage%/ansible_collections/*}"
trap 'emulator_stop; rm -rf "$ANSIBLE_COLLECTIONS_PATH"' EXIT
python "$root/hacking/seed_facts.py" --integration-config "$seed" \
  >"$stage/tests/integration/integration_config.yml"

# No target or role reads gathered facts (only magic variables such as ansible_playbook_python), and ansible-test
# gathers them before every target unless its aliases say gather_facts/no: about 1 s of CPU and several of wall
# each. Said here, in the staged copy, so every target (new ones too) skips it; a target that needs facts says
# gather_facts/yes in its aliases, which is left alone.
for aliases in "$stage"/tests/integration/targets/*/aliases; do
  grep -q '^gather_facts/' "$aliases" || echo gather_facts/no >>"$aliases"
done

# Targets get the connection only through integration_config.yml, so "missing credentials" cases are real.
unset PALETTE_HOST PALETTE_API_KEY PALETTE_PROJECT PALETTE_PROJECT_UID PALETTE_TOKEN
cd "$stage"
ansible-test integration --python "${ANSIBLE_TEST_PYTHON:-3.11}" --color no "$@"
