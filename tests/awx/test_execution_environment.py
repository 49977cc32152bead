# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The execution environment: `ansible-builder create` on execution-environment.yml gives a build context that
installs this collection, and the steps of the image build that concern the collection work on that context.

No container engine is needed: the galaxy stage's `ansible-galaxy collection install -r requirements.yml` and the
builder stage's `introspect.py` are run here exactly as the Containerfile runs them, on the context's own files.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re
import tarfile

import pytest
import yaml

from awx_testlib import ROOT, run, tool_env


def _galaxy_version():
    with open(os.path.join(ROOT, "galaxy.yml")) as handle:
        return yaml.safe_load(handle)["version"]


def _requirement_names(lines):
    """Package names of requirement lines ('requests>=2.25  # from ...' -> 'requests')."""
    names = set()
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(re.split(r"[<>=!~\[ ;]", line, 1)[0].lower())
    return names


@pytest.fixture(scope="module")
def ee(tmp_path_factory):
    """Run hacking/ee-context.sh (what `make ee-context` runs) into a temporary directory."""
    out = str(tmp_path_factory.mktemp("ee"))
    proc = run(["bash", os.path.join(ROOT, "hacking", "ee-context.sh"), out])
    context = proc.stdout.strip().splitlines()[-1]
    assert context == os.path.join(out, "build", "ee", "context")
    return {"out": out, "context": context, "build": os.path.join(context, "_build")}


def test_definition_is_schema_3_with_pinned_core_and_runner():
    with open(os.path.join(ROOT, "execution-environment.yml")) as handle:
        definition = yaml.safe_load(handle)
    assert definition["version"] == 3
    deps = definition["dependencies"]
    assert re.match(r"^ansible-core==\d+\.\d+\.\d+$", deps["ansible_core"]["package_pip"])
    assert re.match(r"^ansible-runner==\d+\.\d+\.\d+$", deps["ansible_runner"]["package_pip"])
    # the image's ansible-core is the one the tests ran on
    with open(os.path.join(ROOT, "requirements-test.txt")) as handle:
        assert deps["ansible_core"]["package_pip"] in handle.read().split()


def test_context_has_containerfile_and_the_collection_tarball(ee):
    with open(os.path.join(ee["context"], "Containerfile")) as handle:
        containerfile = handle.read()
    assert "ansible-galaxy collection install" in containerfile
    assert "-r requirements.yml" in containerfile
    assert "introspect.py introspect" in containerfile
    assert 'ARG ANSIBLE_INSTALL_REFS="ansible-core==' in containerfile

    with open(os.path.join(ee["build"], "requirements.yml")) as handle:
        requirements = yaml.safe_load(handle)
    entries = requirements["collections"]
    assert len(entries) == 1 and entries[0]["type"] == "file"
    tarball = os.path.join(ee["build"], entries[0]["name"])  # relative to /build, the galaxy stage's WORKDIR
    assert os.path.isfile(tarball), "the galaxy requirements point at %s, which is not in the context" % entries[0]["name"]

    with tarfile.open(tarball) as archive:
        names = set(archive.getnames())
        manifest = json.load(archive.extractfile("MANIFEST.json"))
    info = manifest["collection_info"]
    assert (info["namespace"], info["name"], info["version"]) == ("spectrocloud", "palette", _galaxy_version())
    for needed in ("meta/execution-environment.yml", "requirements.txt", "bindep.txt", "meta/runtime.yml"):
        assert needed in names, "%s is missing from the collection tarball" % needed
    assert not [n for n in names if n.startswith(("build/", "tests/output/"))]


def test_image_build_installs_the_collection_and_finds_its_requirements(ee, tmp_path):
    """The galaxy and builder stages, run on the context's files the way the Containerfile runs them."""
    collections = str(tmp_path / "collections")
    env = tool_env(ANSIBLE_GALAXY_DISABLE_GPG_VERIFY="1", ANSIBLE_COLLECTIONS_PATH=collections)
    run(["ansible-galaxy", "collection", "install", "-r", "requirements.yml", "--collections-path", collections],
        env=env, cwd=ee["build"])
    installed = os.path.join(collections, "ansible_collections", "spectrocloud", "palette")
    assert os.path.isfile(os.path.join(installed, "plugins", "modules", "palette_profile.py"))

    pip_out, bindep_out = str(tmp_path / "requirements.txt"), str(tmp_path / "bindep.txt")
    run(["python", os.path.join(ee["build"], "scripts", "introspect.py"), "introspect",
         "--write-pip=" + pip_out, "--write-bindep=" + bindep_out, collections], env=env)
    with open(pip_out) as handle:
        pip_lines = handle.read().splitlines()
    with open(bindep_out) as handle:
        bindep_lines = handle.read().splitlines()

    # What the collection declares (requirements.txt, bindep.txt) is what the image gets, attributed to it.
    with open(os.path.join(ROOT, "requirements.txt")) as handle:
        declared = _requirement_names(handle.read().splitlines())
    assert {"requests", "ruamel.yaml"} <= declared
    assert _requirement_names(pip_lines) == declared
    assert all(line.endswith("# from collection spectrocloud.palette") for line in pip_lines if line.strip())
    assert _requirement_names(bindep_lines) == {"ca-certificates"}

    # bindep itself (installed in the image's builder stage) parses the system requirements
    from bindep.depends import Depends
    with open(bindep_out) as handle:
        rules = Depends(handle.read()).active_rules(["platform:rpm"])
    assert [rule[0] for rule in rules] == ["ca-certificates"]

    # and the installed copy is usable: its docs render from the path the image uses
    run(["ansible-doc", "spectrocloud.palette.palette_profile_info"], env=env)
