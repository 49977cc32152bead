"""Scenario 5: start-up cost, one palette_profile_info task against one ansible.builtin.uri task on the same endpoint
(GET /v1/clusterprofiles/{uid} of the demo seed).

Both playbooks (hacking/bench/playbooks/startup_*.yml) run once with one task and once with eleven (a loop), in
alternating order. The one-task run is what a user waits for; ansible-playbook's own start-up is in it for both
sides alike, so the cost of one more task, (eleven - one) / 10, shows the module's own difference undiluted.
python -X importtime then shows where a module's import time goes (the module and the module_utils it pulls in).
"""

import re
import subprocess

from palette_emulator.testing import EmulatorProcess

import common

SIDES = (("palette_profile_info", "hacking/bench/playbooks/startup_info.yml"),
         ("uri", "hacking/bench/playbooks/startup_uri.yml"))
LOOP = 11


def import_times(ws, module):
    """{name: cumulative microseconds} of ``python -X importtime -c 'import <module>'`` (the collection importable)."""
    env = ws.env(PYTHONPATH=ws.collections)
    proc = subprocess.run([common.sys.executable, "-X", "importtime", "-c", "import " + module], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, check=True)
    out = {}
    for line in proc.stderr.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if found:
            out[found.group(4)] = int(found.group(2))
    return out


def run(ws, report, reps):
    playbook = common.tool("ansible-playbook")
    walls = dict(((name, count), []) for name, _p in SIDES for count in (1, LOOP))
    cpus = dict(((name, count), []) for name, _p in SIDES for count in (1, LOOP))
    logs = {}
    with EmulatorProcess(seed="demo", strict=True, rate_limits=True) as emu:
        env = {"PALETTE_HOST": emu.url, "PALETTE_API_KEY": common.DEMO_API_KEY,
               "PALETTE_PROJECT_UID": common.DEMO_PROJECT_UID}
        for rep in range(reps):
            order = SIDES if rep % 2 == 0 else tuple(reversed(SIDES))
            for count in (1, LOOP):
                for name, path in order:
                    emu.admin("DELETE", "/requests")
                    measured = common.run_measured([playbook, path, "-e", "bench_profile_uid=" + common.CORE_UID,
                                                    "-e", "bench_count=%d" % count], ws.env(**env))
                    common.require_ok(measured, "scenario 5 %s" % name)
                    walls[(name, count)].append(measured.wall)
                    cpus[(name, count)].append(measured.cpu)
                    logs[(name, count)] = emu.requests()

    cmd = "%s --scenario 5" % report.command
    medians = dict((key, common.median(values)) for key, values in walls.items())
    cpu = dict((key, common.median(values)) for key, values in cpus.items())
    per_task = {}
    per_task_cpu = {}
    for name, path in SIDES:
        per_task[name] = (medians[(name, LOOP)] - medians[(name, 1)]) / (LOOP - 1)
        per_task_cpu[name] = (cpu[(name, LOOP)] - cpu[(name, 1)]) / (LOOP - 1)
        report.row(5, "%s: one task, whole playbook (median of %d)" % (name, len(walls[(name, 1)])),
                   common.seconds(medians[(name, 1)]),
                   "range %s s; CPU %.2f s; %d request(s)" % (common.spread(walls[(name, 1)]), cpu[(name, 1)],
                                                              common.count(logs[(name, 1)])["total"]), cmd)
        report.row(5, "%s: each further task" % name, common.seconds(per_task[name]),
                   "CPU %.2f s; (%d tasks %.2f s [range %s] - 1 task) / %d; %d requests for %d tasks" % (
                       per_task_cpu[name], LOOP, medians[(name, LOOP)], common.spread(walls[(name, LOOP)]), LOOP - 1,
                       common.count(logs[(name, LOOP)])["total"], LOOP), cmd)
        report.detail(5, "%s: ansible-playbook %s -e bench_profile_uid=%s -e bench_count=1 (and =%d)"
                      % (name, path, common.CORE_UID, LOOP))
    whole = medians[("palette_profile_info", 1)] / medians[("uri", 1)]
    task = per_task["palette_profile_info"] / per_task["uri"]
    task_cpu = per_task_cpu["palette_profile_info"] / per_task_cpu["uri"]
    report.row(5, "palette_profile_info / uri", "%.2fx one task" % whole, "%.2fx each further task (CPU %.2fx; one task "
               "CPU %.2fx)" % (task, task_cpu, cpu[("palette_profile_info", 1)] / cpu[("uri", 1)]), cmd)
    report.goal(5, "one palette_profile_info task at most 10 % slower than one uri task", whole <= 1.10,
                "%+.0f %% for the one-task playbook; %+.0f %% per further task (%.2f s against %.2f s)" % (
                    (whole - 1) * 100, (task - 1) * 100, per_task["palette_profile_info"], per_task["uri"]))

    ours = import_times(ws, "ansible_collections.spectrocloud.palette.plugins.modules.palette_profile_info")
    uri = import_times(ws, "ansible.modules.uri")
    top = "ansible_collections.spectrocloud.palette.plugins.modules.palette_profile_info"
    heavy = sorted(((v, k) for k, v in ours.items() if k.startswith("ansible_collections.") and k != top
                    and "." not in k[len("ansible_collections.spectrocloud.palette.plugins.module_utils."):]),
                   reverse=True)[:5]
    report.row(5, "import time, palette_profile_info module", "%.0f ms" % (ours.get(top, 0) / 1000.0),
               "ansible.modules.uri %.0f ms (ansible.module_utils.basic %.0f ms in each)" % (
                   uri.get("ansible.modules.uri", 0) / 1000.0, ours.get("ansible.module_utils.basic", 0) / 1000.0),
               "python -X importtime -c 'import %s' (PYTHONPATH=collections path)" % top)
    report.detail(5, "import time (cumulative) of our module_utils: %s; ruamel.yaml %s ms; requests %s" % (
        ", ".join("%s %.0f ms" % (k.rsplit(".", 1)[1], v / 1000.0) for v, k in heavy),
        "%.0f" % (ours["ruamel.yaml"] / 1000.0) if "ruamel.yaml" in ours else "not imported",
        "%.0f ms" % (ours["requests"] / 1000.0) if "requests" in ours else "not imported at start-up"))
