"""Time the spectrocloud.palette.palette inventory plugin inside one Python process (scenario 4 of `make bench`).

    python hacking/bench/inventory_parse.py CONFIG.palette.yml|STATIC.yml

Ansible and the collection are imported first; only InventoryManager's parse of the source (the plugin reading the
cache or the API, then adding hosts and groups; or, for the comparison, a static YAML inventory of the same hosts) is
timed, so the figure leaves out ansible-inventory's own start-up and its JSON output. Prints {"parse_seconds",
"parse_cpu_seconds" (every thread of the process), "hosts"} as JSON. ANSIBLE_COLLECTIONS_PATH must point at the collection.
"""

import json
import sys
import time

from ansible.inventory.manager import InventoryManager
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import init_plugin_loader


def main(path):
    init_plugin_loader()
    # Load the plugin class before the clock starts, as ansible-inventory has done by the time it parses.
    from ansible.plugins.loader import inventory_loader  # pylint: disable=import-outside-toplevel
    inventory_loader.get("spectrocloud.palette.palette")
    started, cpu = time.perf_counter(), time.process_time()
    inventory = InventoryManager(loader=DataLoader(), sources=[path])
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    hosts = len(inventory.get_hosts())
    if not hosts:
        raise SystemExit("no host from %s" % path)
    print(json.dumps({"parse_seconds": elapsed, "parse_cpu_seconds": cpu, "hosts": hosts}))


if __name__ == "__main__":
    main(sys.argv[1])
