"""Seed files: the bundled demo seed loads; bad seeds are rejected with a message naming the key at fault."""

import copy
import subprocess
import sys

import pytest
import yaml

from palette_emulator.clock import Clock
from palette_emulator.seed import SeedError, build_store
from palette_emulator.testing import EmulatorError, demo_seed


def _err(doc):
    with pytest.raises(SeedError) as err:
        build_store(doc, Clock())
    return str(err.value)


def test_demo_seed_facts():
    store = build_store(demo_seed(), Clock())
    assert store.projects["69791bbdb68bd0033ad275a5"].name == "edge-prod"
    assert store.profiles["698e43979f639727243be3e8"].name == "core"
    assert store.profiles["698e434f56d5433423e3ee5a"].name == "infra"
    assert store.clusters["6982d34cd881f18566be1474"].name == "edge-vmo"
    assert all(len(uid) == 24 for uid in list(store.profiles) + list(store.clusters) + list(store.projects))


def _broken(mutate):
    doc = copy.deepcopy(demo_seed())
    mutate(doc)
    return _err(doc)


def test_errors_name_the_key():
    assert _broken(lambda d: d["clusters"][3]["profiles"][0].update(uid="abc")) == \
        "seed: clusters[3].profiles[0].uid 'abc' is not a profile uid in this seed"
    assert "projects[1].uid 'xyz' is not a uid" in _broken(lambda d: d["projects"][1].update(uid="xyz"))
    assert "profiles[2].packs[1] pack 'metallb' tag '9.9.9' is not in the packs catalogue" in \
        _broken(lambda d: d["profiles"][2]["packs"][1].update(tag="9.9.9"))
    assert "clusters[0] has unknown key(s) colour" in _broken(lambda d: d["clusters"][0].update(colour="red"))
    assert "unknown top-level key(s) extras" in _broken(lambda d: d.update(extras=1))
    assert "api_keys[0].user 'nobody' is not a user uid" in _broken(lambda d: d["api_keys"][0].update(user="nobody"))
    assert "is already used by" in _broken(lambda d: d["clusters"][1].update(uid=d["clusters"][0]["uid"]))
    assert "clusters[0].profiles[0].uid '697a0c1e2f3a4b5c6d7e9002' is a profile of another project" in \
        _broken(lambda d: d["clusters"][0]["profiles"][0].update(uid="697a0c1e2f3a4b5c6d7e9002"))
    assert "packValues[0].name 'nope' is not a pack" in \
        _broken(lambda d: d["clusters"][1]["profiles"][1]["packValues"][0].update(name="nope"))
    assert "generate.clusters must be a whole number" in _broken(lambda d: d.update(generate={"clusters": -1}))
    assert "expires" in _broken(lambda d: d["api_keys"][0].update(expires="tomorrow"))
    assert "must be a mapping" in _err([1, 2])


def test_reset_with_bad_seed_keeps_running(emulator_reset):
    doc = demo_seed()
    doc["clusters"][0]["profiles"][0]["uid"] = "abc"
    with pytest.raises(EmulatorError) as err:
        emulator_reset.reset(seed=doc)
    assert "clusters[0].profiles[0].uid 'abc' is not a profile uid in this seed" in str(err.value)
    assert emulator_reset.admin("GET", "/health")["ok"]


def test_cli_rejects_bad_seed_file(tmp_path):
    bad = tmp_path / "bad.yml"
    doc = demo_seed()
    doc["clusters"][3]["profiles"][0]["uid"] = "abc"
    bad.write_text(yaml.safe_dump(doc))
    proc = subprocess.run([sys.executable, "-m", "palette_emulator", "--port", "0", "--seed", str(bad)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 2
    assert "seed: clusters[3].profiles[0].uid 'abc' is not a profile uid in this seed" in proc.stderr
    notyaml = tmp_path / "x.yml"
    notyaml.write_text("a: [1, 2\n")
    proc = subprocess.run([sys.executable, "-m", "palette_emulator", "--seed", str(notyaml)], capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 2 and "is not valid YAML" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "palette_emulator", "--seed", str(tmp_path / "missing.yml")],
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 2 and "not found" in proc.stderr
