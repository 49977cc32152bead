"""Authentication: API keys (header or ``ApiKey=`` query), JWTs from /v1/auth/authenticate, refresh, users/info.

Real Palette (REF §2): ``ApiKey`` header (any case), ``Authorization: <jwt>`` without ``Bearer``, tokens live
15 minutes by default, ``GET /v1/auth/refresh/{token}`` swaps a still-valid token for a new one. Tokens here
are HMAC-signed JWTs with ``iat``/``exp`` claims on the emulator clock, so a client can decode ``exp`` the same
way it would for real tokens.
"""

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

from palette_emulator.errors import ApiError

# Paths that need no credentials (no `security` block in the docs-site spec, REF §2).
UNAUTHENTICATED = ("/v1/auth/authenticate", "/v1/auth/refresh/", "/v1/auth/org", "/v1/auth/orgs")


@dataclass
class Principal:
    """Who is calling: the user, how they authenticated and which projects they may use."""
    user_uid: str
    projects: frozenset | None   # None = every project
    method: str               # "apikey" | "token"
    key_name: str = ""

    def may_use(self, project_uid):
        """True when this caller may send ``ProjectUid: project_uid``."""
        if self.projects is None:
            return True
        return project_uid in self.projects


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TokenService:
    """Mints and checks JWTs. ``epoch`` invalidates every token issued before it (the expire_tokens fault)."""

    def __init__(self, clock, config):
        self.clock = clock
        self.config = config
        self.secret = secrets.token_bytes(32)
        self.epoch = 0.0

    def mint(self, user, session=None, org=None):
        """A new JWT for ``user``; ``session`` is kept across refreshes ("same session id is maintained")."""
        now = self.clock.now()
        header = {"alg": "HS256", "typ": "JWT"}
        claims = {
            "iss": "palette-emulator",
            "sub": user.uid,
            "email": user.email,
            "org": org or user.org,
            "sid": session or secrets.token_hex(8),
            "jti": secrets.token_hex(8),
            "iat": int(now),
            "emu_ts": now,          # sub-second issue time, so expire_all() can revoke tokens minted this second
            "exp": int(now + self.config.token_lifetime),
        }
        signing_input = _b64(json.dumps(header, separators=(",", ":")).encode()) + "." + \
            _b64(json.dumps(claims, separators=(",", ":")).encode())
        sig = hmac.new(self.secret, signing_input.encode(), hashlib.sha256).digest()
        return signing_input + "." + _b64(sig)

    def verify(self, token):
        """The claims of a valid, unexpired, unrevoked token, else None."""
        try:
            head, body, sig = token.split(".")
            expected = hmac.new(self.secret, f"{head}.{body}".encode(), hashlib.sha256).digest()
            if not hmac.compare_digest(expected, _unb64(sig)):
                return None
            claims = json.loads(_unb64(body))
        except (ValueError, TypeError):
            return None
        if claims.get("exp", 0) <= self.clock.now():
            return None
        if claims.get("emu_ts", 0) < self.epoch:
            return None
        return claims

    def expire_all(self):
        """Every token issued so far stops working (simulates expiry/revocation mid-run)."""
        self.epoch = self.clock.now() + 1e-6


def presented_key(request):
    """The API key from the ``ApiKey`` header (any case) or the documented ``ApiKey=`` query parameter."""
    key = request.headers.get("ApiKey")
    if key:
        return key
    for name, value in request.query.items():
        if name.lower() == "apikey":
            return value
    return None


def authenticate_request(emu, request):
    """Return the Principal for a request or raise 401 (REF §2, §7)."""
    store = emu.store
    key = presented_key(request)
    if key:
        api_key = store.api_keys.get(key)
        now = emu.clock.now()
        if api_key is None or api_key.revoked or (api_key.expires is not None and api_key.expires <= now):
            reason = "not found" if api_key is None else ("revoked" if api_key.revoked else "expired")
            raise auth_failure(emu, key, reason)
        return Principal(user_uid=api_key.user_uid, projects=api_key.projects, method="apikey", key_name=api_key.name)
    token = request.headers.get("Authorization")
    if token:
        if token.lower().startswith("bearer "):
            # Palette wants the raw JWT (REF §2); a Bearer prefix is a client bug worth a clear message.
            raise ApiError(401, "Unauthorized", "Authorization header must hold the raw token, without 'Bearer '")
        claims = emu.tokens.verify(token)
        if claims is None:
            raise ApiError(401, "Unauthorized", "Authorization token is invalid or expired")
        user = store.users.get(claims.get("sub"))
        if user is None:
            raise ApiError(401, "Unauthorized", "Authorization token is invalid or expired")
        return Principal(user_uid=user.uid, projects=user.projects, method="token")
    raise ApiError(401, "Unauthorized", "Missing credentials: send an ApiKey or Authorization header")


def auth_failure(emu, key, reason):
    """The 401 for a bad API key. With ``echo_secret_in_errors`` it repeats the key, as real Palette has (REF §7)."""
    if emu.config.echo_secret_in_errors:
        return ApiError(401, "ResourceNotFound", f"Api key '{key}' {reason}: authentication failed for apiKey={key}")
    return ApiError(401, "Unauthorized", f"Invalid API key ({reason})")


# -- handlers -----------------------------------------------------------------------------------------
def login(emu, body):
    """POST /v1/auth/authenticate {emailId, password, org} -> {Authorization, isMfa}."""
    body = body or {}
    email = body.get("emailId") or ""
    password = body.get("password") or ""
    org = body.get("org")
    for user in emu.store.users.values():
        if user.email.lower() == email.lower() and hmac.compare_digest(user.password.encode("utf-8"), str(password).encode("utf-8")):  # str: ASCII only
            if org and org != user.org:
                break
            return {"Authorization": emu.tokens.mint(user, org=user.org), "isMfa": False}
    raise ApiError(401, "Unauthorized", "Invalid credentials")


def refresh(emu, token):
    """GET /v1/auth/refresh/{token}: a new token in the same session, only for a token that has not expired."""
    claims = emu.tokens.verify(token)
    if claims is None:
        raise ApiError(401, "Unauthorized", "Token is invalid or expired; authenticate again")
    user = emu.store.users.get(claims.get("sub"))
    if user is None:
        raise ApiError(401, "Unauthorized", "Token is invalid or expired; authenticate again")
    return {"Authorization": emu.tokens.mint(user, session=claims.get("sid"), org=claims.get("org")), "isMfa": False}


def user_info(emu, principal):
    """GET /v1/users/info -> v1UserInfo."""
    return {"orgName": emu.store.tenant.name, "tenantUid": emu.store.tenant.uid, "userUid": principal.user_uid}
