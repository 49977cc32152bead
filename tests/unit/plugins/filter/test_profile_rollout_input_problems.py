# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The profile_rollout_input_problems filter: each problem of the role's input named with its option, entry and
pack, in the order of the options, and never with a pack's values."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.spectrocloud.palette.plugins.filter.profile_rollout_input_problems import (
    FilterModule,
    profile_rollout_input_problems as problems_of,
)

CORE = {"uid": "698e43979f639727243be3e8", "packs": [{"name": "metallb", "tag": "0.14.9"}]}
INFRA = {"name": "infra", "version": "1.1.0", "packs": [{"name": "csi-rook-ceph", "values_merge": {"a": 1}}]}


@pytest.mark.parametrize("profiles, options, expected", [
    ([CORE, INFRA], {}, []),
    ([], {}, ["profile_rollout_profiles: give at least one profile"]),
    ([CORE], {"wait_timeout": 0, "wait_sleep": 601},
     ["profile_rollout_wait_timeout: 0 is out of range; give 1 to 86400 seconds",
      "profile_rollout_wait_sleep: 601 is out of range; give 1 to 600 seconds"]),
    ([CORE], {"wait_timeout": 86400, "wait_sleep": 1}, []),
    ([CORE], {"wait_progress_interval": -1},
     ["profile_rollout_wait_progress_interval: -1 is out of range; give 0 to 86400 seconds"]),
    ([CORE], {"wait_progress_interval": "often"},
     ["profile_rollout_wait_progress_interval: often is out of range; give 0 to 86400 seconds"]),
    ([CORE], {"wait_progress_interval": 86401},
     ["profile_rollout_wait_progress_interval: 86401 is out of range; give 0 to 86400 seconds"]),
    ([CORE], {"wait_progress_interval": 0}, []),
    ([CORE], {"wait_progress_interval": "86400"}, []),
    ([CORE], {"clusters": "some"},
     ['profile_rollout_clusters: give all, none or a list of cluster names or UIDs, not "some"']),
    ([CORE], {"clusters": {"name": "edge-vmo"}},
     ["profile_rollout_clusters: give all, none or a list of cluster names or UIDs"]),
    ([CORE], {"clusters": ["edge-vmo", 3]},
     ["profile_rollout_clusters: every cluster in the list must be a name or a UID"]),
    ([CORE], {"clusters": ["edge-vmo", ""]},
     ["profile_rollout_clusters: every cluster in the list must be a name or a UID"]),
    ([CORE], {"clusters": "none"}, []),
    ([dict(INFRA, clusters=7)], {},
     ["profile_rollout_profiles[0] (infra).clusters: give all, none or a list of cluster names or UIDs"]),
    ([dict(CORE, strategy="new_version")], {},
     ["profile_rollout_profiles[0] (698e43979f639727243be3e8): the new_version strategy needs new_version, the version to create"]),
    ([CORE], {"strategy": "new_version"},
     ["profile_rollout_profiles[0] (698e43979f639727243be3e8): the new_version strategy needs new_version, the version to create"]),
    ([dict(INFRA, new_version="1.2.0")], {},
     ["profile_rollout_profiles[0] (infra): new_version is only for the new_version strategy (set strategy: new_version)"]),
    ([dict(INFRA, new_version="1.2.0", strategy="new_version")], {}, []),
    ([CORE, dict(CORE, packs=[])], {},
     ["profile_rollout_profiles[1] (698e43979f639727243be3e8): this profile is listed twice; give all its pack changes in one entry"]),
    ([INFRA, dict(INFRA, version="1.0.0")], {}, []),
    ([{"name": "infra", "packs": [{"name": "a", "values": ["x"]}, {"name": "b", "values": 3},
                                  {"name": "c", "values": True}, {"name": "d", "values_merge": "k: v"},
                                  {"name": "e", "values": "k: v"}, {"name": "f", "values": {"k": "v"}}]}], {},
     ["profile_rollout_profiles[0] (infra) pack a: values must be the whole values document as YAML text or a mapping, not a list",
      "profile_rollout_profiles[0] (infra) pack b: values must be the whole values document as YAML text or a mapping, not a number",
      "profile_rollout_profiles[0] (infra) pack c: values must be the whole values document as YAML text or a mapping, not true/false",
      "profile_rollout_profiles[0] (infra) pack d: values_merge must be a mapping of the keys to change, not text"]),
], ids=["good", "no-profile", "out-of-range", "range-limits", "progress-below", "progress-no-number",
        "progress-above", "progress-silent", "progress-limit", "unknown-word", "mapping", "non-string-ref", "empty-ref",
        "none", "entry-selection", "new-version-missing", "default-strategy", "new-version-without-strategy",
        "new-version-good", "listed-twice", "other-version-of-same-name", "pack-value-kinds"])
def test_problems(profiles, options, expected):
    assert problems_of(profiles, **options) == expected


def test_a_pack_value_is_never_in_a_message():
    secret = "s3cr3t-token-value"
    found = problems_of([{"name": "infra", "packs": [{"name": "a", "values_merge": secret}]}])
    assert found and secret not in " ".join(found)


def test_the_filter_is_registered():
    assert FilterModule().filters()["profile_rollout_input_problems"] is problems_of


def test_the_module_names_its_own_options_unless_given_the_role_prefix():
    # palette_profile_rollout_plan runs the same checks; the role passes option_prefix=profile_rollout_
    from ansible_collections.spectrocloud.palette.plugins.module_utils.rollout_input import input_problems
    bad = [dict(INFRA, clusters="some")]
    assert input_problems(bad, clusters=[], wait_sleep=0, wait_progress_interval=-5, prefix="") == [
        "wait_sleep: 0 is out of range; give 1 to 600 seconds",
        "wait_progress_interval: -5 is out of range; give 0 to 86400 seconds",
        'profiles[0] (infra).clusters: give all, none or a list of cluster names or UIDs, not "some"']
    assert (input_problems(bad, clusters=[], wait_sleep=0, wait_progress_interval=-5)
            == problems_of(bad, clusters=[], wait_sleep=0, wait_progress_interval=-5))
