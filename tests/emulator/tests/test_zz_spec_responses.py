"""Every response body the suite's emulators produced is checked against the spec's response definition.

Runs last (file name): the emulators started by earlier tests recorded sample responses into
``PALETTE_EMULATOR_RECORD_DIR`` (see conftest.py). Uses the full spec when available (``PALETTE_API_SPEC`` or
the shared copy), else the bundled subset; strict: no field the spec does not define.
"""

import glob
import json
import os

import pytest

from emulator_helpers import CORE_UID, EDGE_VMO
from palette_emulator.schema import SpecValidator, load_spec

FULL_SPEC_CANDIDATES = [os.environ.get("PALETTE_API_SPEC", ""),
                        os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "shared", "palette-api", "palette-apis-spec.json")]


def _spec():
    for path in FULL_SPEC_CANDIDATES:
        if path and os.path.exists(path):
            return load_spec(path)
    return load_spec()


def _tour(api):
    """A short tour of every endpoint, so this test also stands alone."""
    for path in ("/v1/users/info", f"/v1/clusterprofiles/{CORE_UID}", f"/v1/clusterprofiles/{CORE_UID}/packs",
                 f"/v1/spectroclusters/{EDGE_VMO}", f"/v1/spectroclusters/{EDGE_VMO}/profiles", f"/v1/dashboard/spectroclusters/{EDGE_VMO}"):
        api.get(path)
    api.post("/v1/dashboard/spectroclusters/search", json={})


def test_every_recorded_response_matches_the_spec(api):
    _tour(api)
    validator = SpecValidator(_spec())
    problems, checked, ops = [], 0, set()
    record_dir = os.environ.get("PALETTE_EMULATOR_RECORD_DIR", "")     # set by conftest.py
    for name in glob.glob(os.path.join(record_dir, "*.jsonl")):
        with open(name, encoding="utf-8") as handle:
            for line in handle:
                rec = json.loads(line)
                checked += 1
                ops.add((rec["method"], rec["path"]))
                for problem in validator.check_response(rec["method"], rec["path"], rec["status"], rec["body"]):
                    problems.append(f"{rec['method']} {rec['path']} {rec['status']}: {problem}")
    if checked == 0:
        pytest.skip("no responses were recorded")
    assert not problems, "\n".join(sorted(set(problems))[:40])
    assert len(ops) >= 7, sorted(ops)      # at least the tour; a full run covers every operation served
    print(f"checked {checked} responses of {len(ops)} operations against the spec")
