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
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from ._store import Store, new_api_key

__all__ = ["SESSION_COOKIE", "Authenticator", "Seeds", "seed"]

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


def _seed_key(store: Store, user_id: str, key: str | None) -> str:
    # Plain-text keys are never stored, so the keys seeded by an earlier run on the same file
    # are unusable: replace them with this run's key.
    store.remove_seeded_keys(user_id)
    key = key or new_api_key()
    store.add_api_key(user_id, key, name=_SEED_KEY_NAME, seeded=True)
    return key


def seed(store: Store, auth: Authenticator, api_key: str | None) -> Seeds:
    """Create (or find again) the seeded users and give them keys and sessions.

    - the owner: e-mail/password account, ``api_key`` or a random ``wfb_`` key, a session;
    - another user with its own key and session (for the 403/404-for-others paths);
    - a GitHub OAuth user (``PATCH /api/user`` → 403);
    - an anonymous user (``POST /api/api-keys`` → 403).
    """
    if api_key is not None and not api_key.startswith("wfb_"):
        raise ValueError("api_key must start with 'wfb_'")
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
    return Seeds(
        owner_id=OWNER_ID,
        api_key=_seed_key(store, OWNER_ID, api_key),
        session_token=auth.new_session(OWNER_ID),
        other_id=OTHER_ID,
        other_api_key=_seed_key(store, OTHER_ID, None),
        other_session_token=auth.new_session(OTHER_ID),
        oauth_session_token=auth.new_session(OAUTH_ID),
        anonymous_session_token=auth.new_session(ANONYMOUS_ID),
    )
