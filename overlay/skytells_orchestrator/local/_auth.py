"""Users, sessions and keys of the local Orchestrator, and how a request is authenticated.

The hosted service authenticates its management routes with a better-auth session cookie,
``better-auth.session_token=<token>.<signature>`` where the signature is the base64 HMAC-SHA256
of the token. Browsers keep the value URL-encoded (the base64 alphabet has ``+``, ``/`` and
``=``), and clients pass it on untouched, so both spellings are accepted here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from ._store import Store, new_api_key

__all__ = ["SESSION_COOKIE", "Authenticator", "Seeds", "check_api_key", "seed"]

SESSION_COOKIE = "better-auth.session_token"

# Providers for which upstream refuses profile edits (PATCH /api/user → 403).
OAUTH_PROVIDERS = frozenset({"vercel", "github", "google"})

# Fixed ids make the seeded users recognisable in answers and stable across restarts.
OWNER_ID = "localowner00000000001"
OTHER_ID = "localother00000000002"
OAUTH_ID = "localoauth00000000003"
ANONYMOUS_ID = "localanon000000000004"

_SEED_KEY_NAME = "Local seed key"


@dataclass(frozen=True)
class Seeds:
    """Credentials of the seeded users, as a client would hold them."""

    owner_id: str
    api_key: str
    session_token: str
    other_id: str
    other_api_key: str
    other_session_token: str
    oauth_session_token: str
    anonymous_session_token: str
    api_key_origin: str = "generated"


class Authenticator:
    """Signs session cookies and resolves requests to user ids."""

    def __init__(self, store: Store) -> None:
        self._store = store
        secret = store.get_meta("session_secret")
        if secret is None:
            secret = secrets.token_hex(32)
            store.set_meta("session_secret", secret)
        self._secret = secret.encode("ascii")

    def _signature(self, token: str) -> str:
        digest = hmac.new(self._secret, token.encode("utf-8"), hashlib.sha256).digest()
        return base64.b64encode(digest).decode("ascii")

    def cookie_value(self, token: str) -> str:
        """The cookie value for a session token, URL-encoded as a browser stores it."""
        return quote(f"{token}.{self._signature(token)}", safe="")

    def user_for_cookie(self, raw_value: str | None) -> str | None:
        """The user id of a session cookie value (encoded or not), or None."""
        if not raw_value:
            return None
        # A decoded value contains no "%", so unquoting it is a no-op; an encoded one decodes.
        value = unquote(raw_value.strip().strip('"'))
        token, dot, signature = value.rpartition(".")
        if not dot or not token:
            return None
        if not hmac.compare_digest(signature.encode(), self._signature(token).encode()):
            return None
        return self._store.user_for_session(token)

    def user_for_key(self, key: str) -> str | None:
        """The owner of a ``wfb_`` key, or None."""
        return self._store.user_for_key(key)

    def new_session(self, user_id: str) -> str:
        """Reuse or create a session for a user and return its cookie value."""
        token = self._store.session_for_user(user_id)
        if token is None:
            token = secrets.token_urlsafe(24)
            self._store.add_session(token, user_id)
        return self.cookie_value(token)


_KEY_FORMAT = re.compile(r"wfb_[!-~]{1,252}")


def check_api_key(key: object) -> str:
    """A seeded key must look like one the SDK sends: ``wfb_`` + printable ASCII, no spaces.

    Raises ``ValueError`` (with a one-line message that does not repeat the key) otherwise.
    """
    if not isinstance(key, str):
        raise ValueError(f"api_key must be a string, got {type(key).__name__}")
    if not _KEY_FORMAT.fullmatch(key):
        raise ValueError(
            "api_key must start with 'wfb_' and go on with 1 to 252 printable ASCII characters "
            "(no spaces)"
        )
    return key


def bearer_token(authorization: str | None) -> str | None:
    """The credential in an ``Authorization`` header (``Bearer x`` or a bare ``x``)."""
    if authorization is None:
        return None
    if authorization.startswith("Bearer "):
        return authorization[len("Bearer ") :]
    return authorization


def _ensure_user(store: Store, user_id: str, **fields: Any) -> None:
    if store.get_user(user_id) is None:
        store.create_user(user_id=user_id, **fields)


def _seed_key(store: Store, user_id: str, key: str | None) -> tuple[str, str]:
    """The seeded user's key and where it came from: "argument", "stored" or "generated".

    A seeded key is kept (in plain text, in the local database only) so that a restart or a
    second server on the same file keeps it working instead of revoking it. A given key is
    added next to the earlier ones; without one, the stored key is reused unless it was
    deleted through ``DELETE /api/api-keys/{keyId}``, in which case a new one is made.
    """
    remembered = f"seed_key:{user_id}"
    if key is None:
        stored = store.get_meta(remembered)
        if stored is not None and store.has_api_key(stored):
            return stored, "stored"
        key, origin = new_api_key(), "generated"
    else:
        origin = "argument"
    if not store.has_api_key(key):
        store.add_api_key(user_id, key, name=_SEED_KEY_NAME, seeded=True)
    store.set_meta(remembered, key)
    return key, origin


def seed(store: Store, auth: Authenticator, api_key: str | None) -> Seeds:
    """Create (or find again) the seeded users and give them keys and sessions.

    - the owner: e-mail/password account, ``api_key`` or a random ``wfb_`` key, a session;
    - another user with its own key and session (for the 403/404-for-others paths);
    - a GitHub OAuth user (``PATCH /api/user`` → 403);
    - an anonymous user (``POST /api/api-keys`` → 403).
    """
    if api_key is not None:
        check_api_key(api_key)
    _ensure_user(store, OWNER_ID, name="Local Owner", email="owner@localhost")
    _ensure_user(store, OTHER_ID, name="Other User", email="other@localhost")
    _ensure_user(store, OAUTH_ID, name="OAuth User", email="oauth@localhost", provider_id="github")
    _ensure_user(
        store,
        ANONYMOUS_ID,
        name="Anonymous",
        email="temp-anonymous@localhost",
        provider_id=None,
        is_anonymous=True,
    )
    owner_key, origin = _seed_key(store, OWNER_ID, api_key)
    return Seeds(
        owner_id=OWNER_ID,
        api_key=owner_key,
        api_key_origin=origin,
        session_token=auth.new_session(OWNER_ID),
        other_id=OTHER_ID,
        other_api_key=_seed_key(store, OTHER_ID, None)[0],
        other_session_token=auth.new_session(OTHER_ID),
        oauth_session_token=auth.new_session(OAUTH_ID),
        anonymous_session_token=auth.new_session(ANONYMOUS_ID),
    )
