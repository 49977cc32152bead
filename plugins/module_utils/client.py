# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client every module and plugin of this collection uses to talk to the Palette REST API.

What it does (docs/dev/contracts.md pins the interface):

* authentication: ``ApiKey`` header, a given JWT as ``Authorization``, or ``username``/``password`` logged in
  with ``POST /v1/auth/authenticate``, refreshed with ``GET /v1/auth/refresh/{token}`` before it expires and
  obtained again once when the server answers 401;
* scope: ``ProjectUid`` header per request, a project name resolved once with
  ``GET /v1/dashboard/projects/metadata?name=`` (tenant scope, exact match);
* pagination over ``listmeta.continue`` for GET lists and POST dashboard searches;
* retries with exponential backoff and jitter for 429, 502, 503, 504 and connection errors (a POST that
  changes state only on 429), ``Retry-After`` honoured, and client-side rate limiting shared by all processes
  of the controller (see ratelimit.py);
* errors as :class:`PaletteApiError` with Palette's ``code``/``message``/``ref``, every secret scrubbed.

``requests`` is imported when the first client is built, not when this file is imported, so that a module
that fails its argument checks (or has nothing to do) does not pay for it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import json
import os
import random
import threading
import time

from ansible_collections.spectrocloud.palette.plugins.module_utils.redact import Redactor
from ansible_collections.spectrocloud.palette.plugins.module_utils.version import USER_AGENT

try:
    from urllib.parse import quote
except ImportError:  # pragma: no cover - Python 2 is not supported, kept for the import sanity test
    from urllib import quote  # type: ignore

try:
    from importlib.util import find_spec
    HAS_REQUESTS = find_spec("requests") is not None
except (ImportError, ValueError):  # pragma: no cover
    HAS_REQUESTS = False
REQUESTS_IMPORT_ERROR = None if HAS_REQUESTS else "No module named 'requests'"

DEFAULT_HOST = "https://api.spectrocloud.com"
# gateway answers: transient, and they leave it open whether the request was carried out
GATEWAY_STATUSES = frozenset([502, 503, 504])
RETRY_STATUSES = frozenset([429]) | GATEWAY_STATUSES
IDEMPOTENT_METHODS = frozenset(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"])
DEFAULT_TOKEN_LIFETIME = 15 * 60  # REFERENCE.md section 2: "valid for 15 minutes"
MAX_WAIT = 10.0  # one backoff wait
MAX_TOTAL_WAIT = 120.0  # all waits of one call together
RETRY_AFTER_CAP = 30.0
BACKOFF_BASE = 1.0
MAX_ERROR_TEXT = 2000
# Connections kept open to the Palette host, at least one per thread of the widest concurrent work (the fleet apply
# of cluster_runner): requests keeps 10 by default, and a thread beyond them opens a connection (a TLS handshake)
# for each request and drops it afterwards ("Connection pool is full"). 32 threads keep two 50-per-second rate-limit
# buckets busy with answers that take up to about 0.3 s.
POOL_SIZE = 32

# POSTs that only read: the dashboard searches/metadata, /search endpoints, login and validators.
# They are retried like a GET (on 502/503/504 and connection errors too), a POST that changes state only on 429.
_READ_POST_PREFIXES = ("/v1/dashboard/", "/v1/auth/authenticate")
_READ_POST_SUFFIXES = ("/search", "/validate", "/validate/packs", "/clone/validate")


def is_read_post(path):
    """True for a POST that does not change state (a search, a validation, a login)."""
    path = path.split("?", 1)[0].rstrip("/")
    return path.startswith(_READ_POST_PREFIXES) or path.endswith(_READ_POST_SUFFIXES)


def path_segment(value):
    """``value`` as one segment of an API path (a uid or a name, every reserved character escaped)."""
    return quote(str(value), safe="")


class PaletteError(Exception):
    """Every failure the client raises. ``str()`` is scrubbed of secrets.

    ``method``, ``path``, ``status``, ``code``, ``message``, ``ref`` and ``details`` are None when they do
    not apply (a connection error has no status, a configuration error has no path).
    """

    def __init__(self, msg, method=None, path=None, status=None, code=None, message=None, ref=None, details=None):
        super(PaletteError, self).__init__(msg)
        self.msg = msg
        self.method = method
        self.path = path
        self.status = status
        self.code = code
        self.message = message if message is not None else msg
        self.ref = ref
        self.details = details

    def __str__(self):
        return self.msg

    def to_dict(self):
        """The fields a module puts next to ``msg`` in its failure result (None values left out)."""
        result = {}
        for key in ("method", "path", "status", "code", "message", "ref", "details"):
            value = getattr(self, key)
            if value is not None:
                result[key] = value
        return result


class PaletteApiError(PaletteError):
    """An HTTP answer that is not 2xx (after retries), with Palette's ``v1Error`` fields."""

    def __init__(self, method, path, status, code=None, message=None, ref=None, details=None):
        text = "%s %s: HTTP %s" % (method, path, status)
        if code:
            text += " %s" % code
        if message:
            text += ": %s" % message
        if ref:
            text += " (ref %s)" % ref
        super(PaletteApiError, self).__init__(text, method=method, path=path, status=status, code=code,
                                              message=message, ref=ref, details=details)
        self.message = message


class PaletteConnectionError(PaletteError):
    """No HTTP answer at all (connection refused, TLS failure, timeout), after retries."""


def normalize_host(host, allow_insecure_http=False):
    """``palette.example.com`` -> ``https://palette.example.com``; trailing slashes dropped.

    Raises PaletteError for another scheme, a query string, or ``http://`` to a host that is not loopback
    (127.0.0.0/8, ::1, localhost) unless ``allow_insecure_http``.
    """
    try:
        from urllib.parse import urlsplit
    except ImportError:  # pragma: no cover
        from urlparse import urlsplit  # type: ignore  # pylint: disable=import-error
    host = (host or DEFAULT_HOST).strip()
    if "://" not in host:
        host = "https://" + host
    parts = urlsplit(host)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise PaletteError("host %s: the scheme must be https (or http for a local emulator)" % host)
    if not parts.hostname:
        raise PaletteError("host %s: no host name" % host)
    if parts.query or parts.fragment:
        raise PaletteError("host %s: a host must not carry a query string or fragment" % host)
    if parts.username or parts.password:
        raise PaletteError("host: credentials in the URL are not accepted; use api_key, token or username/password")
    if parts.path.rstrip("/").lower().endswith("/v1"):
        # every API path already starts with /v1: this host would send /v1/v1/... and get 404s
        raise PaletteError("host %s: give the base URL without /v1, e.g. %s" % (host, DEFAULT_HOST))
    if scheme == "http" and not allow_insecure_http and not is_loopback(parts.hostname):
        raise PaletteError(
            "host %s: plain http is only accepted for a loopback host (127.0.0.0/8, ::1, localhost); "
            "use https, or set allow_insecure_http to send credentials unencrypted" % host)
    return "%s://%s%s" % (scheme, parts.netloc, parts.path.rstrip("/"))


def is_loopback(hostname):
    hostname = (hostname or "").strip("[]").lower()
    if hostname == "localhost" or hostname.endswith(".localhost"):
        return True
    import ipaddress
    try:
        return ipaddress.ip_address(hostname).is_loopback
    except ValueError:
        return False


def _jwt_claims(token):
    """The JSON payload of a JWT, or {} (the signature is not checked: the server does that)."""
    try:
        payload = token.split(".")[1]
        payload += "=" * (-len(payload) % 4)
        claims = json.loads(base64.urlsafe_b64decode(payload.encode("ascii")).decode("utf-8"))
        return claims if isinstance(claims, dict) else {}
    except (IndexError, ValueError, TypeError, UnicodeError):
        return {}


def _parse_retry_after(value, now=None):
    """Seconds from a ``Retry-After`` header (delta-seconds or HTTP-date), or None."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        from email.utils import parsedate_to_datetime
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


class PaletteClient(object):
    """A Palette API client. See docs/dev/contracts.md for the pinned interface."""

    def __init__(self, host=DEFAULT_HOST, api_key=None, token=None,
                 username=None, password=None, org=None,
                 project_uid=None, project_name=None,
                 validate_certs=True, ca_path=None, timeout=30, retries=5,
                 allow_insecure_http=False, rate_limit=True, explain_project_errors=False,
                 rate_limit_dir=None, backoff_base=BACKOFF_BASE, max_wait=MAX_WAIT,
                 max_total_wait=MAX_TOTAL_WAIT, retry_after_cap=RETRY_AFTER_CAP, clock=None):
        self.warnings = []
        self._clock = clock or time.time  # for token expiry; tests move it together with the emulator clock
        self.stats = {"requests": 0, "retries": 0, "waits_seconds": 0.0, "rate_limit_waits_seconds": 0.0,
                      "logins": 0, "refreshes": 0}
        self._redactor = Redactor([api_key, token, password])

        credentials = [name for name, value in (("api_key", api_key), ("token", token), ("username", username))
                       if value]
        if len(credentials) > 1:
            raise PaletteError("only one of api_key, token and username/password may be set (got %s); check the "
                               "PALETTE_* environment variables too" % ", ".join(credentials))
        if not credentials:
            raise PaletteError("no credentials: set api_key (PALETTE_API_KEY), token (PALETTE_TOKEN) or "
                               "username and password (PALETTE_USERNAME, PALETTE_PASSWORD)")
        if username and not password:
            raise PaletteError("username needs a password")
        if password and not username:
            raise PaletteError("password needs a username")
        if project_uid and project_name:
            raise PaletteError("project_uid and project_name are mutually exclusive (got both); check "
                               "PALETTE_PROJECT_UID and PALETTE_PROJECT too")

        self.host = normalize_host(host, allow_insecure_http=allow_insecure_http)
        self._api_key = api_key or None
        self._static_token = token or None
        self._username = username or None
        self._password = password or None
        self._org = org or None
        self._token = None
        self._token_refresh_at = 0.0
        self._project_uid = project_uid or None
        self._project_name = project_name or None
        # a project_uid given by the user is checked once, when a request in its scope is refused (403/404)
        self._project_unchecked = bool(explain_project_errors and self._project_uid)
        self._project_error = None   # what that check found, for every later refusal (threads share a client)
        self.timeout = _checked_number("timeout", timeout, 30.0, float, 0.0, "a number of seconds above 0")
        self.retries = _checked_number("retries", retries, 5, int, -1, "0 or more")
        self.backoff_base = float(backoff_base)
        self.max_wait = float(max_wait)
        self.max_total_wait = float(max_total_wait)
        self.retry_after_cap = float(retry_after_cap)
        self.last_status = None
        # a client may be shared by threads (fleet reads): one login / refresh / project lookup at a time
        self._auth_lock = threading.RLock()
        self._stats_lock = threading.Lock()
        self._scope_lock = threading.RLock()

        if not validate_certs:
            self.verify = False
            self.warn("validate_certs is false: the TLS certificate of %s is not checked, so the credentials can be "
                      "read by anyone able to intercept the connection" % self.host)
        elif ca_path:
            ca_path = os.path.expanduser(ca_path)
            if not os.path.exists(ca_path):
                raise PaletteError("ca_path %s does not exist" % ca_path)
            self.verify = ca_path
        else:
            self.verify = True

        self._requests = _import_requests()
        self._session = self._requests.Session()
        self._session.trust_env = True  # proxies (HTTPS_PROXY, NO_PROXY...) and REQUESTS_CA_BUNDLE from the environment
        # how many threads may share this client without waiting for a connection (see POOL_SIZE)
        self.pool_size = POOL_SIZE
        adapter = self._requests.adapters.HTTPAdapter(pool_maxsize=POOL_SIZE)
        for scheme in ("https://", "http://"):
            self._session.mount(scheme, adapter)
        if self.verify is False:
            try:
                import urllib3
                urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
            except (ImportError, AttributeError):  # pragma: no cover
                pass

        self._limiter = None
        if rate_limit:
            from ansible_collections.spectrocloud.palette.plugins.module_utils.ratelimit import RateLimiter
            self._limiter = RateLimiter(self.host, state_dir=rate_limit_dir)
            if self._limiter.warning:
                self.warn(self._limiter.warning)

    # -- small helpers -------------------------------------------------------------------------------
    def _count(self, key, amount):
        with self._stats_lock:
            self.stats[key] += amount

    def warn(self, text):
        text = self.scrub(text)
        if text not in self.warnings:
            self.warnings.append(text)

    def scrub(self, value):
        """Remove every secret this client knows (and secret-shaped strings) from a string or nested data."""
        return self._redactor.scrub(value)

    @property
    def secrets(self):
        """The secrets this client scrubs (for module_base, to scrub module output as well)."""
        return self._redactor.secrets

    @property
    def auth_mode(self):
        if self._api_key:
            return "api_key"
        if self._static_token:
            return "token"
        return "password"

    def close(self):
        self._session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # -- scope ---------------------------------------------------------------------------------------
    @property
    def project_uid(self):
        """The project every non-tenant request is scoped to; a project name is resolved on first use."""
        if self._project_uid is None and self._project_name:
            with self._scope_lock:
                if self._project_uid is None:
                    self._project_uid = self._resolve_project(self._project_name)
        return self._project_uid

    @property
    def project_name(self):
        return self._project_name

    def _resolve_project(self, name):
        path = "/v1/dashboard/projects/metadata"
        data = self.get(path, query={"name": name}, tenant=True) or {}
        items = data.get("items") or []
        matches = [item for item in items if _name_of(item) == name]
        if len(matches) == 1:
            uid = (matches[0].get("metadata") or {}).get("uid")
            if uid:
                return uid
        if len(matches) > 1:
            uids = ", ".join(sorted(str((m.get("metadata") or {}).get("uid")) for m in matches))
            raise PaletteError("project name %r is ambiguous: %d projects have that name (uids: %s); set "
                               "project_uid instead" % (name, len(matches), uids), method="GET", path=path)
        found = sorted(set(_name_of(item) for item in items if _name_of(item)))
        if not found:
            everything = self.get(path, tenant=True) or {}
            found = sorted(set(_name_of(item) for item in everything.get("items") or [] if _name_of(item)))
        shown = ", ".join(repr(n) for n in found[:25]) + (", ..." if len(found) > 25 else "")
        raise PaletteError("project %r not found (exact, case-sensitive match on the name); projects visible to "
                           "these credentials: %s" % (name, shown or "none"), method="GET", path=path,
                           code="ProjectNotFound")

    # -- authentication ------------------------------------------------------------------------------
    def _auth_headers(self):
        if self._api_key:
            return {"ApiKey": self._api_key}
        if self._static_token:
            return {"Authorization": self._static_token}
        with self._auth_lock:
            if self._token is None:
                self._login()
            elif self._clock() >= self._token_refresh_at:
                self._refresh()
            return {"Authorization": self._token}

    def _set_token(self, token, received_at):
        if not token or not isinstance(token, str):
            raise PaletteError("the login answer carries no Authorization token")
        self._redactor.add(token)
        claims = _jwt_claims(token)
        exp, iat = claims.get("exp"), claims.get("iat")
        lifetime = None
        if isinstance(exp, (int, float)) and isinstance(iat, (int, float)) and exp > iat:
            lifetime = float(exp - iat)  # independent of the clock difference between here and the server
        elif isinstance(exp, (int, float)):
            lifetime = float(exp) - received_at
        if lifetime is None:
            lifetime = float(DEFAULT_TOKEN_LIFETIME)
        lifetime = max(lifetime, 1.0)
        margin = min(60.0, lifetime * 0.2)
        self._token = token
        self._token_refresh_at = received_at + lifetime - margin

    def _login(self):
        body = {"emailId": self._username, "password": self._password}
        if self._org:
            body["org"] = self._org
        started = self._clock()
        response = self._call("POST", "/v1/auth/authenticate", {"setCookie": "false"}, body, {}, authenticate=False)
        data = self._decode("POST", "/v1/auth/authenticate", response, True) or {}
        self._count("logins", 1)
        if data.get("isMfa"):
            raise PaletteError("the account %s needs multi-factor authentication, which this collection cannot do; "
                               "use an API key" % self._username, method="POST", path="/v1/auth/authenticate")
        self._set_token(data.get("Authorization"), started)

    def _refresh(self):
        old = self._token
        started = self._clock()
        path = "/v1/auth/refresh/" + old
        try:
            response = self._call("GET", path, {"setCookie": "false"}, None, {}, authenticate=False)
            data = self._decode("GET", path, response, True) or {}
            self._set_token(data.get("Authorization"), started)
            self._count("refreshes", 1)
        except PaletteError:
            # an expired or revoked token cannot be refreshed: log in again
            self._token = None
            self._login()

    # -- requests ------------------------------------------------------------------------------------
    def get(self, path, query=None, tenant=False):
        return self.request("GET", path, query=query, tenant=tenant)

    def post(self, path, body=None, query=None, tenant=False):
        return self.request("POST", path, query=query, body=body, tenant=tenant)

    def put(self, path, body=None, query=None, tenant=False):
        return self.request("PUT", path, query=query, body=body, tenant=tenant)

    def patch(self, path, body=None, query=None, tenant=False):
        return self.request("PATCH", path, query=query, body=body, tenant=tenant)

    def delete(self, path, body=None, query=None, tenant=False):
        return self.request("DELETE", path, query=query, body=body, tenant=tenant)

    def request(self, method, path, query=None, body=None, tenant=False, expect_json=True):
        """Send one API call (with retries); return the parsed JSON, or None for 204/empty.

        ``tenant=True`` sends no ``ProjectUid`` (tenant scope). With ``expect_json=False`` the raw bytes of
        the body are returned (downloads).
        """
        method = method.upper()
        path = self._check_path(path)
        query = self._check_query(query)
        headers = {}
        if not tenant:
            project_uid = self.project_uid
            if project_uid:
                headers["ProjectUid"] = project_uid
        try:
            response = self._call(method, path, query, body, headers, authenticate=True)
        except PaletteApiError as err:
            if "ProjectUid" in headers and err.status in (403, 404) and (self._project_unchecked or self._project_error):
                self._check_project(err)
            raise
        return self._decode(method, path, response, expect_json)

    def _check_project(self, refused):
        """After a 403/404 in the scope of a given ``project_uid``: read the project (``GET /v1/projects/{uid}``,
        tenant scope) once. When these credentials cannot read it, that is the problem to report, naming the option;
        otherwise the request's own error stands (the object is missing, not the project)."""
        with self._scope_lock:
            if self._project_error is not None:
                raise self._project_error
            if not self._project_unchecked:
                return
            self._project_unchecked = False
            path = "/v1/projects/%s" % quote(self._project_uid, safe="")
            try:
                self.get(path, tenant=True)
                return
            except PaletteApiError as err:
                if err.status not in (403, 404):
                    return
                status = err.status
            shown = ", ".join("%r (%s)" % pair for pair in self._visible_projects()[:25])
            self._project_error = PaletteError(
                "project_uid: no project with uid %r can be read with these credentials (GET %s: HTTP %s; %s %s: "
                "HTTP %s); check project_uid (PALETTE_PROJECT_UID) or give project_name. Projects visible to these "
                "credentials: %s" % (self._project_uid, path, status, refused.method, refused.path, refused.status,
                                     shown or "none"),
                method=refused.method, path=refused.path, status=refused.status, code="ProjectNotReadable")
            raise self._project_error

    def _visible_projects(self):
        """``[(name, uid)]`` of the projects these credentials list (tenant scope); [] when they cannot list them."""
        try:
            data = self.get("/v1/dashboard/projects/metadata", tenant=True) or {}
        except PaletteError:
            return []
        items = [i for i in data.get("items") or [] if _name_of(i)]
        return sorted((_name_of(i), (i.get("metadata") or {}).get("uid")) for i in items)

    def paginate(self, method, path, query=None, body=None, tenant=False, limit=50):
        """Yield the items of every page of a GET list or a POST search.

        ``continue`` always goes in the query string with the identical request otherwise; paging stops when
        ``listmeta.continue`` is empty. A token that comes back a second time raises PaletteError (the
        server would loop forever). When fewer items came than ``listmeta.count`` promised (the largest count
        any page reported: a list that shrinks while paging makes offsets shift and items get skipped), a
        warning is added to ``self.warnings``.
        """
        method = method.upper()
        page_query = dict(query or {})
        if limit:
            page_query["limit"] = int(limit)
        page_query.pop("continue", None)
        seen = set()
        received = 0
        promised = None
        while True:
            page = self.request(method, path, query=page_query, body=body, tenant=tenant)
            if isinstance(page, list):
                yield from page
                return
            page = page or {}
            items = page.get("items") or []
            received += len(items)
            yield from items
            listmeta = page.get("listmeta") or {}
            count = listmeta.get("count")
            if isinstance(count, int) and (promised is None or count > promised):
                # the largest count seen: when the list shrinks while paging, offsets shift and items are skipped
                promised = count
            token = listmeta.get("continue") or ""
            if not token:
                break
            if token in seen:
                raise PaletteError("%s %s: the server sent the same continue token twice (after %d items); stopped "
                                   "paging to avoid an endless loop" % (method, path, received),
                                   method=method, path=path, code="RepeatedContinueToken")
            seen.add(token)
            page_query["continue"] = token
        if promised is not None and received < promised:
            self.warn("%s %s: listmeta.count promised %d items but only %d came back (the list may have changed "
                      "while paging)" % (method, path, promised, received))

    def _check_path(self, path):
        if not path or not path.startswith("/"):
            path = "/" + (path or "")
        if "?" in path or "#" in path or "://" in path:
            raise PaletteError("client.request: path %s must not carry a query string or a host; pass query="
                               % self.scrub(path))
        return path

    def _check_query(self, query):
        if not query:
            return None
        result = {}
        for key, value in query.items():
            if key.lower() in ("apikey", "api_key"):
                raise PaletteError("the API key is only ever sent as the ApiKey header, never in a URL")
            if value is None:
                continue
            if isinstance(value, bool):
                value = "true" if value else "false"
            elif isinstance(value, (list, tuple)):
                value = [("true" if v else "false") if isinstance(v, bool) else v for v in value]
            result[key] = value
        return result

    def _backoff(self, attempt):
        ceiling = min(self.max_wait, self.backoff_base * (2 ** attempt))
        return ceiling * random.uniform(0.5, 1.0)

    def _pause(self, wait):
        self._count("retries", 1)
        self._count("waits_seconds", wait)
        time.sleep(wait)

    def pause_before_retry(self, attempt):
        """Sleep the backoff of retry number ``attempt`` (from 0), counted in ``stats``. For a caller that sends a
        write again itself, after checking that the first one did not land (see ``outcome_unknown``)."""
        self._pause(self._backoff(attempt))

    def _call(self, method, path, query, body, extra_headers, authenticate=True):
        """Send with rate limiting, re-login on 401 and retries; return a 2xx response or raise."""
        requests = self._requests
        retry_everything = method in IDEMPOTENT_METHODS or (method == "POST" and is_read_post(path))
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
        attempt = 0
        waited = 0.0
        logged_in_again = False
        while True:
            headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
            if data is not None:
                headers["Content-Type"] = "application/json"
            headers.update(extra_headers)
            if authenticate:
                headers.update(self._auth_headers())
            if self._limiter is not None:
                slept = self._limiter.acquire(path)
                self._count("rate_limit_waits_seconds", slept)
                self._count("waits_seconds", slept)
            self._count("requests", 1)
            try:
                response = self._session.request(
                    method, self.host + path, params=query, data=data, headers=headers, timeout=self.timeout,
                    verify=self.verify, allow_redirects=False, auth=_no_netrc)
            except requests.exceptions.RequestException as exc:
                text = "%s %s: %s: %s" % (method, path, type(exc).__name__, exc)
                if isinstance(exc, requests.exceptions.SSLError):
                    # say which options fix it: the raw OpenSSL text names none of them
                    text += ("; the TLS connection to %s failed. If its certificate is signed by a private CA, give "
                             "that CA with ca_path (PALETTE_CA_PATH); validate_certs: false skips the check "
                             "(test systems only)" % self.host)
                error = PaletteConnectionError(self.scrub(text), method=method, path=self.scrub(path))
                # a connection error leaves it open whether a write happened: only reads are sent again
                retryable = retry_everything and isinstance(
                    exc, (requests.exceptions.ConnectionError, requests.exceptions.Timeout))
                if isinstance(exc, requests.exceptions.SSLError):
                    retryable = False
                wait = self._backoff(attempt)
            else:
                status = response.status_code
                self.last_status = status
                if 200 <= status < 300:
                    return response
                if (status == 401 and authenticate and self._username and not logged_in_again):
                    # the token expired or was revoked: log in again, once (unless another thread already did)
                    logged_in_again = True
                    with self._auth_lock:
                        if self._token == headers.get("Authorization"):
                            self._token = None
                    continue
                error = self._api_error(method, path, response)
                retryable = status == 429 or (status in RETRY_STATUSES and retry_everything)
                retry_after = _parse_retry_after(response.headers.get("Retry-After"))
                if retry_after is not None:
                    wait = min(retry_after, self.retry_after_cap) + random.uniform(0, 0.1)
                else:
                    wait = self._backoff(attempt)
                if status == 429 and retryable and self._limiter is not None:
                    # slow down every process of this controller, not only this one; acquire() sleeps
                    self._limiter.penalize(path, wait)
                    if attempt < self.retries and waited + wait <= self.max_total_wait:
                        attempt += 1
                        waited += wait
                        self._count("retries", 1)
                        continue
            if not retryable or attempt >= self.retries or waited + wait > self.max_total_wait:
                raise error
            attempt += 1
            waited += wait
            self._pause(wait)

    def _api_error(self, method, path, response):
        code = message = ref = details = None
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if isinstance(payload, dict) and ("code" in payload or "message" in payload):
            code = payload.get("code")
            message = payload.get("message")
            ref = payload.get("ref")
            details = payload.get("details")
        else:
            text = (response.text or "").strip()
            message = text[:MAX_ERROR_TEXT] or None
            code = (response.reason or "").replace(" ", "") or None
        if response.status_code == 429 and not code:
            code = "TooManyRequests"
        return PaletteApiError(
            method, self.scrub(path), response.status_code,
            code=self.scrub(code if code is None else str(code)),
            message=self.scrub(message if message is None else str(message)),
            ref=self.scrub(ref if ref is None else str(ref)),
            details=self.scrub(details))

    def _decode(self, method, path, response, expect_json):
        if not expect_json:
            return response.content
        if response.status_code == 204 or not response.content or not response.content.strip():
            return None
        try:
            return response.json()
        except ValueError:
            raise PaletteError(self.scrub("%s %s: HTTP %s answer is not JSON: %s" % (
                method, path, response.status_code, response.text[:200])),
                method=method, path=self.scrub(path), status=response.status_code)


def outcome_unknown(err):
    """Whether ``err`` leaves it open if the request was carried out: no answer, or a gateway error. The client
    never sends a write again after one of these; a caller that can read back whether it landed may."""
    if isinstance(err, PaletteConnectionError):
        return True
    return isinstance(err, PaletteApiError) and err.status in GATEWAY_STATUSES


def _checked_number(name, value, default, kind, above, expected):
    """``value`` as ``kind`` (``default`` when None); PaletteError naming the option when it is not above ``above``.

    Checked here, before any request: a negative timeout would otherwise surface as a traceback from urllib3
    and a negative retry count would be quietly taken as 0.
    """
    if value is None:
        return kind(default)
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise PaletteError("%s: %r is not a number; give %s" % (name, value, expected))
    if not number > above:
        raise PaletteError("%s: %r is out of range; give %s" % (name, value, expected))
    return number


def _no_netrc(request):
    """An auth hook that does nothing, so that requests never adds credentials from ~/.netrc."""
    return request


def _name_of(item):
    if not isinstance(item, dict):
        return None
    return (item.get("metadata") or {}).get("name")


def _import_requests():
    try:
        import requests
    except ImportError as exc:
        raise PaletteError("the Python library 'requests' is required on the host that runs this task "
                           "(pip install requests): %s" % exc)
    return requests
