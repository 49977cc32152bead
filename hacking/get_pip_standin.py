"""Offline stand-in for the pip bootstrap script ansible-test downloads.

ansible-test creates empty virtual environments and runs a cached ``get-pip.py`` in them. The host it
downloads that script from is not reachable from our machines, so `make` places this file in the cache
instead: it installs pip with ``ensurepip`` and then the packages ansible-test asked for, from PyPI.
"""
import subprocess
import sys

GET_PIP_ONLY_OPTIONS = {'--no-setuptools', '--no-wheel'}

subprocess.check_call([sys.executable, '-m', 'ensurepip', '--upgrade'])
args = [a for a in sys.argv[1:] if a not in GET_PIP_ONLY_OPTIONS]
subprocess.check_call([sys.executable, '-m', 'pip', 'install'] + args)
