# One entry point for people and CI. Every target sets itself up on a fresh machine: the first call
# builds .venv from requirements-test.txt (pinned), later calls reuse it until that file changes.
#
#   make demo    the main job: the update workflow against the bundled emulator, run twice
#   make test    every test (what CI runs)
#   make bench   benchmarks; prints figures, never fails on timing

PYTHON ?= python3.11
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed
ANSIBLE_TEST_PYTHON := 3.11
export PATH := $(BIN):$(PATH)

# The second ansible-core line: the newest release, which needs Python 3.12 (requirements-next.txt).
PYTHON_NEXT ?= $(shell bash hacking/find-python.sh 3.12)
VENV_NEXT := .venv-next
BIN_NEXT := $(CURDIR)/$(VENV_NEXT)/bin
STAMP_NEXT := $(VENV_NEXT)/.installed
NEXT := PATH=$(BIN_NEXT):$$PATH ANSIBLE_TEST_PYTHON=3.12
# galaxy-importer (what Galaxy and Automation Hub run on upload; make build-check) has its own venv: it pins attrs and
# flake8 lower than the test venv.
VENV_IMPORTER := .venv-importer
STAMP_IMPORTER := $(VENV_IMPORTER)/.installed
# Integration targets that also run on the newest line: palette_profile (diff, check mode), palette_cluster_profile
# (secrets kept out of output), palette_profile_info, and the role's main scenario, which also runs
# palette_cluster_info, palette_profile_publish and palette_profile_rollout_plan there.
INTEGRATION_NEXT := palette_profile palette_profile_info palette_cluster_profile role_profile_rollout_in_place

.PHONY: help venv venv-next sanity-next units-next integration-next demo test sanity units integration emulator-tests lint docs-lint changelog-lint build build-check bench clean

help:
	@sed -n '2,8p' Makefile

venv: $(STAMP)

$(STAMP): requirements-test.txt requirements.txt tests/emulator/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	bash hacking/install-pip-standin.sh $(BIN)/python
	touch $(STAMP)

venv-next: $(STAMP_NEXT)

$(STAMP_NEXT): requirements-next.txt requirements.txt tests/emulator/pyproject.toml
	@test -n "$(PYTHON_NEXT)" || { echo "Python 3.12 is needed for the ansible-core line in requirements-next.txt"; exit 1; }
	$(PYTHON_NEXT) -m venv $(VENV_NEXT)
	$(BIN_NEXT)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN_NEXT)/pip install --quiet --disable-pip-version-check -r requirements-next.txt
	bash hacking/install-pip-standin.sh $(BIN_NEXT)/python
	touch $(STAMP_NEXT)

demo: $(STAMP)
	bash hacking/demo.sh

# Every suite, in four lanes that run at once (hacking/test-lanes.sh says why and how). The first lane holds the
# suites whose assertions depend on timing (no 429 under rate limits) and runs at normal priority. Four lanes, not
# three: a lane alone does not fill both cores (reliability-faults alone runs at a load of about 1).
# Balanced by their times in a fresh-clone run of three lanes (2026-12-07 00:03, 1,403 s for the slowest lane, with
# other work on the machine for its first 10 minutes): integration-modules 620 s, integration-roles 529 s, units
# 433 s, integration-next 323 s, reliability-faults 254 s, reliability-matrix 250 s, sanity 213 s,
# reliability-security 206 s, reliability-soak 152 s, playbook-tests 136 s, sanity-next 122 s, units-next 120 s,
# docs-check 97 s, lint 86 s, awx-check 23 s, build-check 20 s.
# 2026-12-07: integration-roles gained two targets (add-ons, progress), awx-check the job slicing and project tests,
# build-check galaxy-importer, and guides-check is new; reliability-security and guides-check go to the timing lane
# (run last there, after the suites that assert no 429) to make room.
# 2026-12-07 05:03 fresh-clone run, 1,214 s: the static lane ended last (sanity 349, lint 162, docs-check 61,
# sanity-next 355, integration-next 196, reliability-matrix 91) while the roles lane had ended at 813 s (flow 1,011,
# timing 956): integration-next moves to the roles lane, after integration-roles.
TEST_LANE_TIMING := units playbook-tests reliability-soak emulator-tests units-next reliability-security guides-check
TEST_LANE_FLOW := integration-modules reliability-faults
TEST_LANE_ROLES := integration-roles integration-next changelog-lint build-check awx-check
TEST_LANE_STATIC := sanity lint docs-check sanity-next reliability-matrix

test: $(STAMP) $(STAMP_NEXT) $(STAMP_IMPORTER)
	bash hacking/test-lanes.sh "timing 0 $(TEST_LANE_TIMING)" "flow 5 $(TEST_LANE_FLOW)" "roles 5 $(TEST_LANE_ROLES)" \
		"static 15 $(TEST_LANE_STATIC)"
	@echo "make test: every suite passed"

sanity: $(STAMP)
	bash hacking/staged.sh ansible-test sanity --venv --python $(ANSIBLE_TEST_PYTHON) --color no

# One worker: the fleet tests assert that no request was rate limited, and a second worker competing for
# this machine's two cores stalls the emulator long enough to bunch requests past its burst.
units: $(STAMP)
	bash hacking/staged.sh ansible-test units --python $(ANSIBLE_TEST_PYTHON) --color no --num-workers 1

integration: $(STAMP)
	bash tests/run-integration.sh

# make test runs the targets in two parts, in different lanes: the role's scenarios and the rest.
INTEGRATION_ROLES := $(sort $(notdir $(wildcard tests/integration/targets/role_*)))
INTEGRATION_MODULES := $(filter-out $(INTEGRATION_ROLES) setup_%,$(sort $(notdir $(wildcard tests/integration/targets/*))))
.PHONY: integration-modules integration-roles
integration-modules: $(STAMP)
	bash tests/run-integration.sh $(INTEGRATION_MODULES)

integration-roles: $(STAMP)
	bash tests/run-integration.sh $(INTEGRATION_ROLES)

# The same suites on the newest ansible-core line (integration: the targets in INTEGRATION_NEXT).
sanity-next: $(STAMP_NEXT)
	$(NEXT) bash hacking/staged.sh ansible-test sanity --venv --python 3.12 --color no

# On the newest line, the unit tests of the code that calls ansible-core: the filters, the inventory
# plugin, the doc fragments, meta/runtime.yml and the three module_utils that import ansible.module_utils
# (argument_check, connection, module_base). The other module_utils tests drive our own client and logic against the
# emulator and use no ansible-core code, so the 2.16 run covers them for both lines (the 2.21 sanity run checks that
# every module_utils file imports and compiles there).
UNITS_NEXT := $(sort $(wildcard tests/unit/meta/test_*.py tests/unit/plugins/filter/test_*.py tests/unit/plugins/inventory/test_*.py \
	tests/unit/plugins/doc_fragments/test_*.py) \
	$(addprefix tests/unit/plugins/module_utils/,test_argument_check.py test_connection.py test_module_base.py))
units-next: $(STAMP_NEXT)
	$(NEXT) bash hacking/staged.sh ansible-test units --python 3.12 --color no --num-workers 1 $(UNITS_NEXT)

integration-next: $(STAMP_NEXT)
	$(NEXT) bash tests/run-integration.sh $(INTEGRATION_NEXT)

emulator-tests: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/emulator/tests

lint: $(STAMP)
	$(BIN)/ansible-lint --profile production

docs-lint: $(STAMP)
	bash hacking/staged.sh antsibull-docs lint-collection-docs --plugin-docs .
	$(BIN)/python hacking/check_readme.py

changelog-lint: $(STAMP)
	$(BIN)/antsibull-changelog lint

build: $(STAMP)
	mkdir -p dist
	$(BIN)/ansible-galaxy collection build --force --output-path dist

$(STAMP_IMPORTER): requirements-importer.txt
	$(PYTHON) -m venv $(VENV_IMPORTER)
	$(VENV_IMPORTER)/bin/pip install --quiet --disable-pip-version-check -r requirements-importer.txt
	touch $(STAMP_IMPORTER)

build-check: $(STAMP) $(STAMP_IMPORTER)
	bash hacking/check-build.sh

bench: $(STAMP)
	bash hacking/bench.sh

# A smoke run of the same harness: one repetition, small fleets (checks that every side still runs; the figures
# are too small to mean much).
.PHONY: bench-quick
bench-quick: $(STAMP)
	bash hacking/bench.sh --quick

clean:
	rm -rf build dist tests/output

# ansible-test sanity on the lines Automation Hub's partner certification runs (2.16, 2.18, 2.20), each in a venv of
# its own; not part of make test (2.16 is, and 2.21; the middle lines would not fit its 20-minute budget).
.PHONY: sanity-certification
sanity-certification:
	bash hacking/sanity-certification.sh

# Every docsite guide run as written against the emulator, on a fresh copy of the collection (docs/dev/guides-tests.md).
.PHONY: guides-check
guides-check: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 2 tests/docs

.PHONY: ee-context ee-check awx-check docs docs-check

# The execution environment's build context in build/ee/context (no container engine needed; build the image
# from it with podman or docker).
ee-context: $(STAMP)
	bash hacking/ee-context.sh

ee-check: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/awx/test_execution_environment.py

# The execution environment and the AWX credential type (against real emulator processes).
awx-check: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/awx

# The HTML docsite (plugin pages + docs/docsite) in build/docs/html; any Sphinx warning fails it.
docs: $(STAMP)
	bash hacking/docs.sh

docs-check: docs docs-lint

# playbooks/fleet_rollout.yml through the inventory plugin over 60 emulated clusters (canary failure, waves,
# max_fail_percentage, a failed apply, a second run that writes nothing). A few minutes on a busy machine.
.PHONY: playbook-tests
playbook-tests: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/playbooks

# Bad input, secrets and transport security end to end (ansible-playbook / ansible-inventory against emulators);
# about 2 minutes. The reliability suites share tests/reliability/conftest.py.
.PHONY: reliability-security
reliability-security: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/reliability/test_bad_input.py tests/reliability/test_secrets.py tests/reliability/test_transport.py

# The update workflow under injected faults (429 storms, 5xx bursts, drops, timeouts, token expiry, a restart, a
# concurrent edit, failing publish and applies), and a 1,000-cluster rollout soak with rate limits and random 503s.
# See docs/reliability.md. `make reliability` runs every reliability suite (these and reliability-security).
.PHONY: reliability reliability-faults reliability-soak reliability-matrix
reliability: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/reliability

reliability-faults: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/reliability/test_faults.py

reliability-soak: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/reliability/test_soak.py

# The update workflow once under every reading of every unknown of REF §12 (the emulator's switches), plus a pack
# ending in Error and a repave waiting for approval (docs/reliability.md, "Unknowns").
reliability-matrix: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 2 tests/reliability/test_apply_matrix.py
