#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: palette_cluster_profile
short_description: Bring Palette clusters onto the published content of a cluster profile, attach or detach add-on profiles, and follow the install
version_added: 0.1.0
description:
  - For one or more clusters, attaches the published content of a cluster profile version (the pending update of the
    version the cluster is attached to, or another version of the profile) with
    C(PATCH /v1/spectroclusters/{uid}/profiles?resolveNotification=true), C(replaceWithProfile) set to the version the
    cluster is attached to, the cluster's own values as C(packValues) and O(apply_setting) as
    C(spcApplySettings.actionType).
  - What is known (REFERENCE.md section 12) - the cluster's C(spec.clusterProfileTemplates) is the B(attached,
    desired) content; it changes when Palette accepts the PATCH, not when the cluster has installed it. Install
    progress is in C(status.packs[]) (per pack C(profileUid), C(version) and a condition) and C(status.spcApply);
    C(status.state) stays C(Running) throughout. A change that needs new nodes waits for a repave approval.
  - What is not known - whether Palette also installs the pending content of the cluster's B(other) attached profiles
    with this PATCH (the result and the diff list them), and how C(GET .../profileUpdates) looks for a cluster with
    its own values (this module never reads it).
  - The cluster's own values (its overrides) are the packs of its attached template whose values differ from the
    content it was attached with - O(previous_packs) when given, else the attached version's current published
    content. When that difference cannot be told apart from the profile edit, O(cluster_values) decides; by default
    the module stops before any write, naming the cluster and the pack.
  - Nothing is sent for a cluster already attached to the target content (its install is reported, and waited for
    with O(wait=true)).
  - With O(attach=true), a cluster that runs no version of the profile gets the target version of an add-on profile
    attached (C(PATCH /v1/spectroclusters/{uid}/profiles) without C(replaceWithProfile), which adds it). Without it
    such a cluster is an error, so that a cluster picked by mistake (or by a tag) never gets a profile silently.
  - With O(state=absent) the profile is detached (C(DELETE /v1/spectroclusters/{uid}/profiles)) from each cluster
    that runs it; a cluster's infra (or cluster-type) profile is never detached (the task fails naming it, before any
    write).
  - Every cluster is checked before anything is written; a bad cluster, a cluster built from a cluster template, a
    profile these credentials cannot read or an ambiguous own value fails the task with no change.
  - Several clusters are handled concurrently; the collection's client keeps the requests within Palette's rate limits.
    Once every cluster is read and checked, each one that needs the change gets its PATCH and is read once right
    after it (with O(wait=true), the first check of its install), while the next clusters get theirs; a cluster to
    which nothing is sent is not read again.
author:
  - Spectro Cloud Palette collection contributors (@spectrocloud)
extends_documentation_fragment:
  - spectrocloud.palette.connection
  - spectrocloud.palette.attributes
  - spectrocloud.palette.attributes.diff
options:
  state:
    description:
      - V(present) - the clusters run the target content of the profile (today's update or switch; with O(attach=true)
        attached where missing).
      - V(absent) - the clusters do not run the profile; every attached version of it is detached, or only the version
        given by O(version) or O(profile_uid). Nothing is sent to a cluster that does not run it. O(attach),
        O(variables), O(cluster_variables), O(previous_packs), O(trigger_install), O(approve_repave) and O(wait) cannot
        be used with it.
    type: str
    choices: [present, absent]
    default: present
  attach:
    description:
      - With O(state=present), attach the target version (O(version) or O(profile_uid) is then required) to each
        selected cluster that runs no version of the profile, with O(variables) for its variables. Only add-on profiles
        are attached; the task fails, before any write, for an infra or cluster profile.
      - A required variable of the attached version without a default needs a value in O(variables).
      - Clusters that run a version of the profile get the update or switch as without this option.
    type: bool
    default: false
  cluster_uids:
    description:
      - UIDs of the clusters to update.
      - At least one of O(cluster_uids), O(cluster_names) and O(cluster_tags) is required; they may be combined.
    type: list
    elements: str
    aliases: [cluster_uid]
  cluster_names:
    description:
      - Names of the clusters to update (exact match, in the project of the connection).
      - A virtual cluster is not found by name; the error says so.
    type: list
    elements: str
    aliases: [cluster_name]
  cluster_tags:
    description:
      - Selects every cluster (of the project of the connection, not deleted, not virtual) that carries all these tags,
        each V(key:value) or a bare V(key) (a tag without a value).
      - Fails when no cluster carries them, so that a mistyped tag does not quietly select nothing.
    type: list
    elements: str
  profile_name:
    description:
      - Name of the cluster profile. Each cluster must be attached to a version of it.
      - Without O(version) each cluster gets the published content of the version it is attached to (its pending
        update).
      - Mutually exclusive with O(profile_uid).
    type: str
    aliases: [profile]
  version:
    description:
      - Version of O(profile_name) the clusters should be attached to, for example V(1.1.0). A cluster attached to
        another version of the profile is switched to this one.
      - Requires O(profile_name).
    type: str
  profile_uid:
    description:
      - UID of the profile version the clusters should be attached to (instead of O(profile_name) and O(version)).
      - A tenant- or system-scoped profile is read in tenant scope when the project does not show it.
    type: str
  apply_setting:
    description:
      - V(DownloadAndInstall) - the agent installs the change as soon as it has it.
      - V(DownloadAndInstallLater) - the agent downloads it and installs only after the install trigger
        (C(POST /v1/spectroclusters/{uid}/status/spcApply)), sent by O(trigger_install=true) in this or a later
        task. Without the trigger the result says C(waiting_for_trigger) and O(wait) does not wait for the install.
    type: str
    choices: [DownloadAndInstall, DownloadAndInstallLater]
    default: DownloadAndInstall
  trigger_install:
    description:
      - Send the install trigger (C(POST /v1/spectroclusters/{uid}/status/spcApply)) to each chosen cluster attached
        to the target content whose install has not happened under V(DownloadAndInstallLater) (after the PATCH when
        this task sends one); with O(wait=true), then wait for the install.
    type: bool
    default: false
  approve_repave:
    description:
      - When a cluster's C(status.repave.state) is C(Pending) (the change needs new nodes), approve it with
        C(PATCH /v1/spectroclusters/{uid}/repave/approve) and check that the state left C(Pending).
      - Without it, the reasons of C(GET /v1/spectroclusters/{uid}/repave/status) are reported in RV(clusters[].repave)
        with a warning; with O(wait=true) the task fails at once naming them.
    type: bool
    default: false
  cluster_values:
    description:
      - What to do with a pack whose values on the cluster differ from the content it was attached with, when that
        difference cannot be told apart from the profile edit (an in-place apply of an edited version without
        O(previous_packs), or a pack whose values both the cluster and the edit changed).
      - V(detect) - stop before any write, naming each cluster and pack. Except where, with those values kept,
        nothing would be sent to the cluster and Palette offers it no update (its C(Updates Available) flag is off);
        then they are the cluster's own values and nothing is written.
      - V(keep) - keep the cluster's values for such packs (the profile's change of those packs does not reach the
        cluster).
      - V(profile) - take the profile's values for such packs (the cluster's own values of those packs are dropped).
    type: str
    choices: [detect, keep, profile]
    default: detect
  previous_packs:
    description:
      - The packs of the profile version B(before) the change, as a list of dicts with C(name) and C(values) (the values
        text; other keys are ignored). This is the content the clusters were attached with; a pack whose values on the
        cluster differ from it has values of the cluster's own, which are kept.
      - The C(spectrocloud.palette.profile_rollout) role passes the content it read before its edit.
      - They describe one version, O(previous_uid); clusters attached to another version ignore them.
    type: list
    elements: dict
  previous_uid:
    description:
      - UID of the profile version whose packs O(previous_packs) are. Requires O(previous_packs).
      - Default - the version the clusters are updated in place (a cluster attached to the target version, or, without
        O(version) and O(profile_uid), to the version it is attached to). A cluster moving from another version
        compares its values with that version's published content instead.
    type: str
  variables:
    description:
      - Values for the profile variables of the target profile version on every selected cluster, as a mapping of
        variable name to value (a string; numbers and booleans are sent as their text, for example V(true)).
      - Before anything is written, the task fails naming each variable the target version does not declare
        (C(GET /v1/clusterprofiles/{uid}/variables)), and each C(required) variable without a default that neither
        this option nor the cluster gives a value.
      - The cluster's current values are read (C(GET /v1/spectroclusters/{uid}/variables)); nothing is sent for a
        value the cluster already shows.
      - A cluster that gets a profiles PATCH (new content or another version) gets the complete set of the target
        version's values in it (these values, plus the cluster's current readable ones, so that switching versions
        keeps them); whatever the cluster does not show afterwards is sent with
        C(PATCH /v1/spectroclusters/{uid}/variables). A change of values alone is only that
        C(PATCH /v1/spectroclusters/{uid}/variables), as the Terraform provider does after an apply; a profiles PATCH
        would also install the profile's pending content, which was not asked for.
      - After the write the values are read back; a value the cluster does not show fails the task, naming the variable.
      - The values of variables the profile marks C(isSensitive) never appear in the result, the diff or an error
        (shown as C(********)). Whether Palette shows such a value back in clear is not documented; when it does not,
        the value cannot be compared and is sent again on every run (the task reports a change).
      - A value of a sensitive variable is never copied from the cluster (it may read back masked, and a mask cannot be
        told from a value). A profiles PATCH to a cluster that holds such a value fails before any write, naming the
        variable, unless its value is given here or in O(cluster_variables).
      - The values are task arguments; with C(-vvv) Ansible shows the arguments of a task that fails before the
        profile's variables are read. Set C(no_log) on the task when that matters.
      - Left out (and without O(cluster_variables)), a version switch and an update of the attached version (applying
        its pending content) still keep the cluster's values (whether Palette keeps the values of the version a profiles
        PATCH replaces is not documented); the target version's variables are read once per task, and when it declares
        any, the cluster's values are read and sent back as above, the required ones checked. An attach checks the
        required variables of what it attaches. Otherwise (nothing to apply) variables are neither read nor sent.
    type: dict
  cluster_variables:
    description:
      - Values for one cluster only, as a mapping of a selected cluster's name (or uid) to a mapping of variable name to
        value (see the examples). They are added over O(variables) for that cluster (a
        value given by uid wins over one given by name) and handled as O(variables) is.
      - A key that is not a selected cluster fails the task before any write.
    type: dict
  wait:
    description:
      - Wait until every cluster has B(installed) the change - its attached template is the target content; every
        changed pack of the profile shows C(Ready)/C(True) in C(status.packs[]) with the target version and a
        transition newer than before the PATCH and than C(status.spcApply.lastModifiedTime); removed packs are gone;
        C(spcApply.canBeApplied) is not false and no repave is pending. On a re-run (nothing sent) every pack of the
        profile must be C(Ready) with the target version and reported after the last accepted change.
      - Fails at once naming the cluster, the pack and Palette's message when a pack of the profile reports an
        C(Error) condition; or when a repave waits for an approval not given by O(approve_repave).
      - Fails naming each cluster not installed within O(wait_timeout) and what is missing.
      - Only Palette's own times are compared, never the local clock; ignored in check mode.
    type: bool
    default: false
  wait_timeout:
    description:
      - How many seconds to wait, in all, with O(wait=true). From 1 to 86400.
    type: int
    default: 600
  wait_sleep:
    description:
      - Seconds between two checks of the clusters with O(wait=true). From 1 to 600.
    type: int
    default: 10
  wait_progress_interval:
    description:
      - With O(wait=true), return after about this many seconds (counted from the start of the task, checks included)
        while clusters still install, without failing - RV(waiting) is then true and RV(progress) says which clusters
        are installed, which still install and which wait for the install trigger. Call the module again with the same
        options and O(wait_resume) to go on with the same wait; Ansible shows each call's RV(progress.text) (see
        the example), so a long wait shows its progress in C(ansible-playbook) and AWX output.
      - A module cannot show output while it runs; without this option the task is silent until the wait ends.
      - A call that continues the wait reads each cluster again and sends nothing to a cluster already attached to
        the target content (nor the install trigger or the repave approval again).
      - From 1 to 86400. Not set - wait in one call, as before.
    type: int
    version_added: 1.0.0
  wait_resume:
    description:
      - RV(wait_resume) of the call before, which returned with RV(waiting=true) - this call goes on with that wait.
        Give it unchanged, with the same clusters, target and options.
      - O(wait_timeout) counts from the start of that wait, so it is the whole wait's timeout; the result (and a
        failure) reports what the earlier calls wrote (RV(changed), RV(clusters[].action), the diff) as one call
        waiting to the end would.
    type: dict
    version_added: 1.0.0
notes:
  - A cluster that is not attached to any version of the profile is an error unless O(attach=true).
  - A cluster built from a cluster template (C(spec.clusterTemplate.uid)) is refused; change the template instead.
  - Without O(wait), each cluster written to is read once afterwards and RV(clusters[].install) reports what it shows.
seealso:
  - module: spectrocloud.palette.palette_cluster_info
  - module: spectrocloud.palette.palette_profile
  - module: spectrocloud.palette.palette_profile_publish
"""

EXAMPLES = r"""
# The edge workflow: read the core profile, change it in place and publish it, look at what the update would
# change, then bring edge-vmo onto the published content and wait until it has installed it.
- name: Read core 1.1.0 before the change (the content the clusters were attached with)
  spectrocloud.palette.palette_profile_info:
    host: https://api.spectrocloud.com
    api_key: "{{ palette_api_key }}"
    project_name: edge-prod
    name: core
    version: 1.1.0
  register: core_before

- name: Move metallb to 0.14.9
  spectrocloud.palette.palette_profile:
    api_key: "{{ palette_api_key }}"
    project_name: edge-prod
    name: core
    version: 1.1.0
    packs:
      - name: metallb
        tag: 0.14.9

- name: Publish it
  spectrocloud.palette.palette_profile_publish:
    api_key: "{{ palette_api_key }}"
    project_name: edge-prod
    name: core
    version: 1.1.0

- name: What the pending update would change on edge-vmo
  spectrocloud.palette.palette_cluster_info:
    api_key: "{{ palette_api_key }}"
    project_name: edge-prod
    name: edge-vmo
    include_values: false
  register: edge

- name: Show it
  ansible.builtin.debug:
    var: edge.clusters[0].pending_updates

- name: Apply the published core content to edge-vmo, keep its own values, and wait until it has installed it
  spectrocloud.palette.palette_cluster_profile:
    api_key: "{{ palette_api_key }}"
    project_name: edge-prod
    cluster_name: edge-vmo
    profile_name: core
    previous_packs: "{{ core_before.profile.packs }}"
    wait: true
    wait_timeout: 1800
  register: applied

- name: Show the install state of each pack
  ansible.builtin.debug:
    var: applied.clusters[0].install

- name: Move two stores from core 1.0.0 to 1.1.0, keeping their own values
  spectrocloud.palette.palette_cluster_profile:
    api_key: "{{ palette_api_key }}"
    project_name: edge-prod
    cluster_names: [edge-store-02, edge-store-04]
    profile_name: core
    version: 1.1.0
    wait: true
  register: moved

- name: Show the packs that changed on each store
  ansible.builtin.debug:
    msg: "{{ item.name }}: {{ item.pack_changes }}"
  loop: "{{ moved.clusters }}"
  loop_control:
    label: "{{ item.name }}"

- name: Download infra now on the stores, install it in the maintenance window
  spectrocloud.palette.palette_cluster_profile:
    api_key: "{{ palette_api_key }}"
    project_name: edge-prod
    cluster_names: [edge-store-01, edge-store-02]
    profile_name: infra
    apply_setting: DownloadAndInstallLater

- name: In the maintenance window, trigger the install, approve the repave it needs and wait
  spectrocloud.palette.palette_cluster_profile:
    api_key: "{{ palette_api_key }}"
    project_name: edge-prod
    cluster_names: [edge-store-01, edge-store-02]
    profile_name: infra
    trigger_install: true
    approve_repave: true
    wait: true
    wait_timeout: 3600

- name: Give every prod store its site code and the database password its core profile declares
  spectrocloud.palette.palette_cluster_profile:
    api_key: "{{ palette_api_key }}"
    project_name: edge-prod
    cluster_names: [edge-store-01, edge-store-02]
    profile_name: core
    version: 1.1.0
    variables:
      region: eu-west-1
      db_password: "{{ vault_core_db_password }}"
    cluster_variables:
      edge-store-01: {site_code: s01}
      edge-store-02: {site_code: s02}

- name: Attach the observability add-on to every prod store, by tag
  spectrocloud.palette.palette_cluster_profile:
    api_key: "{{ palette_api_key }}"
    project_name: edge-prod
    cluster_tags: [env:prod]
    profile_name: observability
    version: 1.0.0
    attach: true

- name: Detach it again
  spectrocloud.palette.palette_cluster_profile:
    api_key: "{{ palette_api_key }}"
    project_name: edge-prod
    cluster_tags: [env:prod]
    profile_name: observability
    state: absent

# A long wait that shows its progress every 20 seconds: the file wait_core.yml calls the module, shows how far
# the install is, and includes itself again while the module says it is still waiting.
#   - name: Apply core and wait (up to 1800 s)
#     spectrocloud.palette.palette_cluster_profile:
#       api_key: "{{ palette_api_key }}"
#       project_name: edge-prod
#       cluster_tags: [env:prod]
#       profile_name: core
#       wait: true
#       wait_timeout: 1800
#       wait_progress_interval: 20
#       wait_resume: "{{ core_wait.wait_resume if core_wait.waiting | default(false) else omit }}"
#     register: core_wait
#
#   - name: Show the progress
#     ansible.builtin.debug:
#       msg: "{{ core_wait.progress.text }}"
#
#   - name: Go on waiting
#     ansible.builtin.include_tasks: wait_core.yml
#     when: core_wait.waiting
- name: Apply core to the prod stores, showing the progress of the install
  ansible.builtin.include_tasks: wait_core.yml

- name: Preview (no write) what switching edge-vmo to a profile version given by uid would change
  spectrocloud.palette.palette_cluster_profile:
    api_key: "{{ palette_api_key }}"
    project_name: edge-prod
    cluster_uids: [6982d34cd881f18566be1474]
    profile_uid: 698e434f56d5433423e3ee5a
  check_mode: true
  diff: true
"""

RETURN = r"""
changed:
  description:
    - Whether a write was sent to at least one cluster (PATCH of its profiles or variables, DELETE of a profile, install
      trigger or repave approval), or would be in check mode.
  returned: always
  type: bool
profile:
  description: The target profile.
  returned: always
  type: dict
  contains:
    name:
      description: Profile name.
      type: str
      sample: core
    uid:
      description: UID of the target version; null when each cluster keeps the version it is attached to.
      type: str
      sample: 698e43979f639727243be3e8
    version:
      description: Target version; null when each cluster keeps the version it is attached to.
      type: str
      sample: 1.1.0
clusters:
  description:
    - One entry per cluster, in the order given (O(cluster_uids), then O(cluster_names), then the clusters O(cluster_tags)
      selects, by name).
    - With O(state=absent) each entry has C(uid), C(name), C(profile), C(changed), C(action) (C(detach) or null),
      C(before) (the versions detached, each with C(profile_uid), C(version) and C(packs)) and C(detached).
  returned: always
  type: list
  elements: dict
  contains:
    uid:
      description: Cluster UID.
      type: str
      sample: 6982d34cd881f18566be1474
    name:
      description: Cluster name.
      type: str
      sample: edge-vmo
    profile:
      description: Profile name.
      type: str
      sample: core
    changed:
      description:
        - Whether a write was sent to this cluster (PATCH of its profiles or variables, DELETE of a profile, install
          trigger or repave approval), or would be in check mode.
      type: bool
    action:
      description:
        - C(update) (pending update of the same version), C(switch) (to another version), C(attach) (O(attach=true)),
          C(detach) (O(state=absent)) or null (nothing sent).
      type: str
      sample: update
    underway:
      description: Attached to the target content already (no PATCH sent) and not installed yet.
      type: bool
    before:
      description: The attached template before the task, with C(profile_uid), C(version) and C(packs) (C(name), C(tag)).
      type: dict
      sample: {"profile_uid": "698e43979f639727243be300", "version": "1.0.0", "packs": [{"name": "metallb", "tag": "0.14.8"}]}
    after:
      description: The target, with C(profile_uid), C(version) and C(packs) (C(name), C(tag)).
      type: dict
      sample: {"profile_uid": "698e43979f639727243be3e8", "version": "1.1.0", "packs": [{"name": "metallb", "tag": "0.14.8"}]}
    pack_changes:
      description: Each pack that differs between RV(clusters[].before) and RV(clusters[].after), values compared as YAML data.
      type: list
      elements: dict
      sample: [{"name": "nginx", "action": "add", "tag_before": null, "tag_after": "1.11.2", "values_changed": true}]
    variable_changes:
      description:
        - With O(variables) or O(cluster_variables), each variable whose value changes on this cluster - C(name),
          C(before) (null when the cluster had none) and C(after); the values of sensitive variables are C(********).
      type: list
      elements: dict
      sample: [{"name": "site_code", "before": null, "after": "hq"}, {"name": "db_password", "before": "********", "after": "********"}]
    kept_overrides:
      description: Names of the packs whose values are the cluster's own and were sent as C(packValues).
      type: list
      elements: str
      sample: [metallb]
    state:
      description: C(status.state) of the cluster when last read (Palette keeps C(Running) while it installs).
      type: str
      sample: Running
    converged:
      description: With O(wait=true), whether the cluster installed the change (see O(wait)); null without waiting.
      type: bool
    problems:
      description: What is still missing for the change to count as installed, as last read.
      type: list
      elements: str
      sample: ["pack nginx: Progressing/True (Installing) version 1.11.2, not reported since the change"]
    install:
      description: The install of the target content as C(status.packs[]), C(status.spcApply) and the repave state show it when last read.
      type: dict
      contains:
        state:
          description:
            - C(installed), C(installing), C(not_started) (accepted, the agent has reported nothing since),
              C(waiting_for_trigger) (V(DownloadAndInstallLater) without the trigger), C(repave_pending), C(failed)
              (a pack reports C(Error)) or C(unknown) (the cluster reports no pack status).
          type: str
          sample: installed
        packs:
          description: C(status.packs[]) entries of the target profile - C(name), C(version), C(condition) (its type), C(status), C(message).
          type: list
          elements: dict
          sample: [{"name": "nginx", "version": "1.11.2", "condition": "Ready", "status": "True", "message": null}]
        message:
          description: Summary of the state (for C(failed), the pack and Palette's message).
          type: str
          sample: installed
    triggered:
      description: Whether the install trigger (C(POST .../status/spcApply)) was sent (or would be, in check mode).
      type: bool
    repave:
      description:
        - Present when the cluster had a repave pending - C(state) (C(Pending) or, after O(approve_repave), the state it
          moved to) and C(reasons) (C(code), C(message)).
      type: dict
      returned: when a repave was pending
      sample: {"state": "Pending", "reasons": [{"code": "KubernetesUpgrade", "message": "edge-k8s 1.30.6 -> 1.31.2 needs new nodes"}]}
    other_profiles:
      description:
        - Other profiles attached to the cluster whose published content differs from their attached template
          (C(may_change), C(pending_changes) - Palette may install them with this change; a difference may also be
          the cluster's own values), or whose attached template changed with this task's PATCH (C(changed),
          C(pack_changes); null when not read back).
      type: list
      elements: dict
      sample: [{"name": "infra", "uid": "698e434f56d5433423e3ee5a", "version": "1.1.0", "may_change": true, "changed": true,
                "pending_changes": [], "pack_changes": [{"name": "cni-calico", "action": "update", "tag_before": "3.28.2",
                "tag_after": "3.29.1", "values_changed": false}]}]
waiting:
  description:
    - With O(wait_progress_interval), true when the module returned before the wait was over (clusters still
      install); call it again with O(wait_resume) set to RV(wait_resume).
  returned: with O(wait_progress_interval) or O(wait_resume), when not in check mode
  type: bool
  version_added: 1.0.0
wait_resume:
  description:
    - What the next call needs to go on with this wait (when it began; for each cluster written to, what was written).
      Pass it unchanged as O(wait_resume).
  returned: when RV(waiting) is true
  type: dict
  version_added: 1.0.0
progress:
  description:
    - How far the wait is, with O(wait_progress_interval) or O(wait_resume) - returned also when the task fails once
      the wait has begun (a failed install, the timeout).
  returned: with O(wait_progress_interval) or O(wait_resume), once the wait began
  type: dict
  version_added: 1.0.0
  contains:
    installed:
      description: Names of the clusters that installed the change.
      type: list
      elements: str
    installing:
      description: Names of the clusters still installing it (or not started, or waiting for a repave approval).
      type: list
      elements: str
    failed:
      description: Names of the clusters whose install failed (the task fails then).
      type: list
      elements: str
    waiting_for_trigger:
      description: Names of the clusters waiting for the install trigger (not waited for).
      type: list
      elements: str
    elapsed:
      description: Seconds since the wait began (in its first call).
      type: int
    timeout:
      description: O(wait_timeout).
      type: int
    text:
      description: One line saying it, for the job output.
      type: str
      sample: "waited 42 s of up to 1800 s: 1 of 3 cluster(s) installed (edge-vmo); still installing: edge-store-01, edge-store-03"
"""

from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_runner import update_clusters
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_service import ClusterService
from ansible_collections.spectrocloud.palette.plugins.module_utils.module_base import PaletteModule
from ansible_collections.spectrocloud.palette.plugins.module_utils.option_checks import refuse_blank
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_service import ProfileService


def run(pm):
    p = pm.params
    refuse_blank(p, ('cluster_uids', 'cluster_names', 'cluster_tags', 'profile_name', 'version', 'profile_uid', 'previous_uid'))
    return update_clusters(
        ClusterService(pm.client), ProfileService(pm.client), cluster_uids=p['cluster_uids'],
        cluster_names=p['cluster_names'], profile_name=p['profile_name'], profile_uid=p['profile_uid'],
        version=p['version'], wait=p['wait'], wait_timeout=p['wait_timeout'], wait_sleep=p['wait_sleep'],
        check_mode=pm.check_mode, apply_setting=p['apply_setting'], trigger_install=p['trigger_install'],
        approve_repave=p['approve_repave'], cluster_values=p['cluster_values'], previous_packs=p['previous_packs'],
        previous_uid=p['previous_uid'], variables=p['variables'], on_secret=pm.module.no_log_values.add,
        cluster_tags=p['cluster_tags'], attach=p['attach'], state=p['state'], cluster_variables=p['cluster_variables'],
        wait_progress_interval=p['wait_progress_interval'], wait_resume=p['wait_resume'])


def main():
    pm = PaletteModule(
        argument_spec=dict(
            state=dict(type='str', default='present', choices=['present', 'absent']),
            attach=dict(type='bool', default=False),
            cluster_uids=dict(type='list', elements='str', aliases=['cluster_uid']),
            cluster_names=dict(type='list', elements='str', aliases=['cluster_name']),
            cluster_tags=dict(type='list', elements='str'),
            profile_name=dict(type='str', aliases=['profile']),
            version=dict(type='str'),
            profile_uid=dict(type='str'),
            apply_setting=dict(type='str', default='DownloadAndInstall',
                               choices=['DownloadAndInstall', 'DownloadAndInstallLater']),
            trigger_install=dict(type='bool', default=False),
            approve_repave=dict(type='bool', default=False),
            cluster_values=dict(type='str', default='detect', choices=['detect', 'keep', 'profile']),
            previous_packs=dict(type='list', elements='dict'),
            previous_uid=dict(type='str'),
            variables=dict(type='dict'),
            cluster_variables=dict(type='dict'),
            wait=dict(type='bool', default=False),
            wait_timeout=dict(type='int', default=600),
            wait_sleep=dict(type='int', default=10),
            wait_progress_interval=dict(type='int'),
            wait_resume=dict(type='dict'),
        ),
        supports_check_mode=True,
        mutually_exclusive=[['profile_name', 'profile_uid'], ['version', 'profile_uid']],
        required_one_of=[['cluster_uids', 'cluster_names', 'cluster_tags'], ['profile_name', 'profile_uid']],
        required_by={'version': 'profile_name', 'previous_uid': 'previous_packs'},
    )
    pm.run(run)


if __name__ == '__main__':
    main()
