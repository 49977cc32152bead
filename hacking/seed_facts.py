"""Print how to connect to an emulator started with a given seed file.

The first API key a seed lists is the one demos and tests use; the project is that key's first project.
Reading them from the seed keeps them in one place.

    python hacking/seed_facts.py --shell SEED                 # export lines for bash (PALETTE_*)
    python hacking/seed_facts.py --integration-config SEED    # integration_config.yml for ansible-test
"""
import argparse
import os
import shlex
import sys

import yaml


def connection_facts(seed_path):
    with open(seed_path, encoding='utf-8') as handle:
        seed = yaml.safe_load(handle)
    key = seed['api_keys'][0]
    projects = {project['uid']: project['name'] for project in seed['projects']}
    key_projects = key['projects']
    project_uid = seed['projects'][0]['uid'] if key_projects == '*' else key_projects[0]
    return {'api_key': key['key'], 'project_name': projects[project_uid], 'project_uid': project_uid}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument('--shell', action='store_true', help='print export lines for bash')
    mode.add_argument('--integration-config', action='store_true', help='print integration_config.yml')
    parser.add_argument('seed')
    args = parser.parse_args()
    facts = connection_facts(args.seed)
    if args.shell:
        print('export PALETTE_API_KEY=%s PALETTE_PROJECT=%s' % (shlex.quote(facts['api_key']), shlex.quote(facts['project_name'])))
    else:
        config = {
            'palette_emulator_url': os.environ['PALETTE_HOST'],
            'palette_api_key': facts['api_key'],
            'palette_project_name': facts['project_name'],
            'palette_project_uid': facts['project_uid'],
        }
        yaml.safe_dump(config, sys.stdout, default_flow_style=False)


if __name__ == '__main__':
    main()
