# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    """Connection options: C(DOCUMENTATION) for modules, C(PLUGINS) for inventory and lookup plugins.

    Use ``extends_documentation_fragment: [spectrocloud.palette.connection]`` in a module and
    ``spectrocloud.palette.connection.plugins`` in a plugin. The options must match
    ``plugins/module_utils/connection.py`` (a unit test checks it).
    """

    DOCUMENTATION = r"""
options:
  host:
    description:
      - URL of the Palette API, for example C(https://api.spectrocloud.com) or the address of a self-hosted Palette.
      - A bare host name gets C(https://).
      - Plain C(http://) is refused unless the host is loopback (C(127.0.0.0/8), C(::1), C(localhost)) or O(allow_insecure_http=true).
      - If not set, the environment variable E(PALETTE_HOST) is used, then E(SPECTROCLOUD_HOST) (the Terraform provider's).
    type: str
    default: https://api.spectrocloud.com
    aliases: [palette_host]
  api_key:
    description:
      - Palette API key, sent only as the C(ApiKey) request header (never in a URL).
      - If not set, the environment variable E(PALETTE_API_KEY) is used, then E(SPECTROCLOUD_APIKEY).
      - Mutually exclusive with O(token) and O(username).
    type: str
    aliases: [palette_api_key]
  token:
    description:
      - A Palette authorization token (JWT), sent as the C(Authorization) header as it is. It is not refreshed.
      - If not set, the environment variable E(PALETTE_TOKEN) is used.
      - Mutually exclusive with O(api_key) and O(username).
    type: str
  username:
    description:
      - Email address of a Palette user; the client logs in with O(password) (and O(org)) and refreshes its token
        before it expires.
      - Accounts that need multi-factor authentication cannot log in this way; use O(api_key).
      - If not set, the environment variable E(PALETTE_USERNAME) is used.
    type: str
  password:
    description:
      - Password of O(username).
      - If not set, the environment variable E(PALETTE_PASSWORD) is used.
    type: str
  org:
    description:
      - Palette organization (tenant) name to log in to with O(username).
      - If not set, the environment variable E(PALETTE_ORG) is used.
    type: str
  project_uid:
    description:
      - UID of the Palette project every request is scoped to (the C(ProjectUid) header).
      - If neither this nor O(project_name) is set, requests use tenant scope.
      - If not set, the environment variable E(PALETTE_PROJECT_UID) is used.
      - Mutually exclusive with O(project_name).
    type: str
  project_name:
    description:
      - Name of the Palette project every request is scoped to; it is resolved to its UID once (exact,
        case-sensitive match). A missing or ambiguous name is an error that lists the projects found.
      - If not set, the environment variable E(PALETTE_PROJECT) is used, then E(SPECTROCLOUD_PROJECT).
      - Mutually exclusive with O(project_uid).
    type: str
    aliases: [project]
  validate_certs:
    description:
      - Whether to check the TLS certificate of O(host). Setting it to V(false) produces a warning.
      - If not set, the environment variable E(PALETTE_VALIDATE_CERTS) is used.
    type: bool
    default: true
  ca_path:
    description:
      - A CA bundle (file or directory) to check the certificate of a Palette that uses a private CA.
      - If not set, the environment variable E(PALETTE_CA_PATH) is used.
      - Proxies are taken from the standard environment variables (E(HTTPS_PROXY), E(NO_PROXY)).
    type: path
  timeout:
    description:
      - Seconds to wait for each HTTP request.
      - If not set, the environment variable E(PALETTE_TIMEOUT) is used.
    type: int
    default: 30
  retries:
    description:
      - How many times a request is retried after HTTP 429, 502, 503, 504 or a connection error, with
        exponential backoff and jitter (C(Retry-After) is honoured). A POST that changes state is retried only after 429.
      - If not set, the environment variable E(PALETTE_RETRIES) is used.
    type: int
    default: 5
  allow_insecure_http:
    description:
      - Accept a plain C(http://) O(host) that is not loopback. Credentials then travel unencrypted.
      - If not set, the environment variable E(PALETTE_ALLOW_INSECURE_HTTP) is used.
    type: bool
    default: false
requirements:
  - requests >= 2.25
notes:
  - All processes of the controller share client-side rate limits per Palette endpoint prefix through a state file in
    E(PALETTE_RATE_LIMIT_DIR) (default C(~/.ansible/tmp/palette-ratelimit)), so that many forks do not trigger HTTP 429.
"""

    # Same options for inventory and lookup plugins. Ansible's configuration takes the *last* environment
    # variable of an env list that is set, so the preferred PALETTE_* name comes last.
    PLUGINS = r"""
options:
  host:
    description:
      - URL of the Palette API, for example C(https://api.spectrocloud.com) or the address of a self-hosted Palette.
      - A bare host name gets C(https://).
      - Plain C(http://) is refused unless the host is loopback (C(127.0.0.0/8), C(::1), C(localhost)) or O(allow_insecure_http=true).
    type: str
    default: https://api.spectrocloud.com
    aliases: [palette_host]
    env:
      - name: SPECTROCLOUD_HOST
      - name: PALETTE_HOST
  api_key:
    description:
      - Palette API key, sent only as the C(ApiKey) request header (never in a URL).
      - Only one of O(api_key), O(token) and O(username) may be set.
    type: str
    aliases: [palette_api_key]
    env:
      - name: SPECTROCLOUD_APIKEY
      - name: PALETTE_API_KEY
  token:
    description:
      - A Palette authorization token (JWT), sent as the C(Authorization) header as it is. It is not refreshed.
    type: str
    env:
      - name: PALETTE_TOKEN
  username:
    description:
      - Email address of a Palette user; the client logs in with O(password) (and O(org)) and refreshes its token.
    type: str
    env:
      - name: PALETTE_USERNAME
  password:
    description:
      - Password of O(username).
    type: str
    env:
      - name: PALETTE_PASSWORD
  org:
    description:
      - Palette organization (tenant) name to log in to with O(username).
    type: str
    env:
      - name: PALETTE_ORG
  project_uid:
    description:
      - UID of the Palette project requests are scoped to (the C(ProjectUid) header). Tenant scope when neither
        this nor O(project_name) is set.
    type: str
    env:
      - name: PALETTE_PROJECT_UID
  project_name:
    description:
      - Name of the Palette project requests are scoped to, resolved to its UID once (exact match).
    type: str
    aliases: [project]
    env:
      - name: SPECTROCLOUD_PROJECT
      - name: PALETTE_PROJECT
  validate_certs:
    description:
      - Whether to check the TLS certificate of O(host). Setting it to V(false) produces a warning.
    type: bool
    default: true
    env:
      - name: PALETTE_VALIDATE_CERTS
  ca_path:
    description:
      - A CA bundle (file or directory) to check the certificate of a Palette that uses a private CA.
    type: path
    env:
      - name: PALETTE_CA_PATH
  timeout:
    description:
      - Seconds to wait for each HTTP request.
    type: int
    default: 30
    env:
      - name: PALETTE_TIMEOUT
  retries:
    description:
      - How many times a request is retried after HTTP 429, 502, 503, 504 or a connection error.
    type: int
    default: 5
    env:
      - name: PALETTE_RETRIES
  allow_insecure_http:
    description:
      - Accept a plain C(http://) O(host) that is not loopback. Credentials then travel unencrypted.
    type: bool
    default: false
    env:
      - name: PALETTE_ALLOW_INSECURE_HTTP
requirements:
  - requests >= 2.25
"""
