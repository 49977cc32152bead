"""Wait until the given clusters are all applying a change in the emulator, then finish each apply as told.

    finish_applies.py EMULATOR_URL UID=complete|fail [UID=complete|fail ...]

Runs in the background while the role waits for the clusters, so the role sees one cluster's apply fail the way
it would on a real site. Exits 0 when it finished the applies, 1 when the clusters did not all start applying
within 90 seconds.
"""
import json
import sys
import time
import urllib.request


def call(url, method='GET', body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=10) as answer:
        text = answer.read()
    return json.loads(text) if text else None


def main():
    base = sys.argv[1].rstrip('/')
    wanted = dict(arg.split('=', 1) for arg in sys.argv[2:])
    deadline = time.time() + 90
    while time.time() < deadline:
        clusters = {c['uid']: c for c in call(base + '/__emulator__/state')['clusters']}
        if all((clusters.get(uid) or {}).get('apply') for uid in wanted):
            for uid, result in wanted.items():
                call('%s/__emulator__/clusters/%s/apply' % (base, uid), 'POST', {'result': result})
                print('%s: %s' % (uid, result))
            return 0
        time.sleep(0.2)
    print('the clusters did not all start applying: %s' % ', '.join(wanted), file=sys.stderr)
    return 1


if __name__ == '__main__':
    sys.exit(main())
