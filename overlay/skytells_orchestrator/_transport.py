"""What every Orchestrator request goes through: keys, headers, URL policy, id checks, bodies.

Everything here is pure or an ``httpx.Auth``, so the sync and async clients share it whole.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import math
import warnings
from collections.abc import Generator, Mapping
from typing import Any

import httpx

from ._errors import sdk_error
from ._redact import mask_key
from ._version import __version__

logger = logging.getLogger("skytells_orchestrator")

DEFAULT_BASE_URL = "https://orchestrator.skytells.ai"
SESSION_COOKIE = "better-auth.session_token"
# Over https the server sets the cookie with the __Secure- prefix; a pasted cookie may carry it.
SESSION_COOKIE_NAMES = frozenset({SESSION_COOKIE, f"__Secure-{SESSION_COOKIE}"})
# The longest duration any option accepts (a week): longer ones are mistakes, and some
# platforms' sleeps and socket timeouts overflow on huge values.
MAX_SECONDS = 7 * 24 * 3600.0
# Longer ids and filters cannot be real and may not fit in a URL once percent-encoded.
MAX_URL_ARGUMENT_CHARS = 1024
USER_AGENT = f"skytells-orchestrator-python/{__version__}"
MAX_PORT = 65535
# The platform key's header. It belongs to other Skytells services and must never reach this host.
PLATFORM_KEY_HEADER = "x-api-key"

_warned_about_prefix = False


class OrchestratorAuth(httpx.Auth):
    """Puts the ``wfb_`` key and the session cookie, each if given, on each request.

    It runs last, after the caller's shared headers were merged, so it is the one place that can
    promise no ``x-api-key`` header, in any letter case, leaves for the Orchestrator.
    """

    def __init__(self, api_key: str | None, session_token: str | None = None) -> None:
        self._api_key = api_key
        self._session_token = session_token

    @property
    def has_key(self) -> bool:
        """Whether there is a ``wfb_`` key to send (webhook triggers need one)."""
        return self._api_key is not None

    def __repr__(self) -> str:
        return f"OrchestratorAuth(api_key={mask_key(self._api_key)!r})"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        strip_platform_key(request.headers)
        if self._api_key is not None:
            request.headers["Authorization"] = f"Bearer {self._api_key}"
        if self._session_token is not None:
            # The token is sent exactly as the browser stores it (already URL-encoded).
            cookie = f"{SESSION_COOKIE}={self._session_token}"
            existing = request.headers.get("Cookie")
            request.headers["Cookie"] = f"{existing}; {cookie}" if existing else cookie
        yield request


def strip_platform_key(headers: httpx.Headers) -> None:
    """Remove every ``x-api-key`` header whatever its letter case."""
    for name in [name for name in headers if name.lower() == PLATFORM_KEY_HEADER]:
        del headers[name]


def check_token(value: str, name: str) -> str:
    """A key or cookie value must be printable ASCII without spaces to travel in a header.

    Checked when the client is made, so a bad value fails at once, masked, instead of on every
    call with an encoding error that quotes it.
    """
    if not isinstance(value, str):
        raise sdk_error(f"{name} must be a string, got {type(value).__name__}")
    if not all("!" <= char <= "~" for char in value):
        raise sdk_error(
            f"{name} {mask_key(value)!r} contains spaces, control or non-ASCII characters; "
            "copy the value again"
        )
    return value


def session_token_value(value: object) -> str | None:
    """The session token from what a user may paste: the bare value, the cookie
    ``better-auth.session_token=VALUE``, or a whole ``Cookie:`` header line.

    >>> session_token_value("Cookie: theme=dark; better-auth.session_token=abc.sig%3D")
    'abc.sig%3D'
    >>> session_token_value("abc.sig%3D")
    'abc.sig%3D'
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise sdk_error(f"orchestrator_session_token must be a string, got {type(value).__name__}")
    text = value.strip()
    header = text.lower().startswith("cookie:")
    if header:
        text = text[len("cookie:") :].strip()
    pairs = [part.strip().partition("=") for part in text.split(";") if part.strip()]
    for name, equals, cookie_value in pairs:
        if equals and name.strip() in SESSION_COOKIE_NAMES:
            text = cookie_value.strip()
            break
    else:
        if header or len(pairs) > 1:
            raise sdk_error(
                f"orchestrator_session_token holds cookies but no {SESSION_COOKIE} cookie"
            )
    return check_token(text, "orchestrator_session_token") if text else None


def check_headers(headers: Mapping[str, str] | None) -> httpx.Headers:
    """The caller's shared headers, refused with ``SDK_ERROR`` if a header cannot carry them."""
    if headers is not None and not isinstance(headers, Mapping):
        raise sdk_error(f"headers must be a mapping, got {type(headers).__name__}")
    try:
        shared = httpx.Headers(dict(headers or {}))
    except (TypeError, ValueError, AttributeError) as exc:
        # Only the header names are shown: values may be secrets.
        names = ", ".join(repr(name) for name in (headers or {}))
        raise sdk_error(f"headers must map ASCII names to ASCII values ({names})") from exc
    for name, value in shared.items():
        if any(char in value for char in "\r\n\x00"):
            raise sdk_error(f"header {name!r} contains a line break or NUL")
    return shared


def check_orchestrator_key(key: str | None) -> str | None:
    """Refuse a platform key given as the workflow key; warn (once) about an unknown prefix.

    >>> check_orchestrator_key("wfb_abc")
    'wfb_abc'
    """
    global _warned_about_prefix
    if key is None:
        return None
    if not isinstance(key, str):
        raise sdk_error(f"orchestrator_api_key must be a string, got {type(key).__name__}")
    key = key.strip()
    if not key:
        return None
    check_token(key, "orchestrator_api_key")
    if key.startswith("sk-"):
        raise sdk_error(
            "orchestrator_api_key looks like a platform key (sk-…); the Orchestrator needs a "
            "workflow key (wfb_…). The two keys are not interchangeable: pass the sk-… key as "
            "api_key and the wfb_… key as orchestrator_api_key."
        )
    if not key.startswith("wfb_") and not _warned_about_prefix:
        _warned_about_prefix = True
        warnings.warn(
            f"orchestrator_api_key {mask_key(key)!r} does not start with 'wfb_'; "
            "Orchestrator keys do, and the server will likely refuse it.",
            UserWarning,
            stacklevel=4,
        )
    return key


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine (``localhost``, ``127.0.0.0/8``, ``::1``)."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(url: str, *, allow_insecure_http: bool = False) -> str:
    """Validate the Orchestrator's base URL and return it without a trailing slash.

    Plain ``http://`` is refused unless the host is loopback or the caller opted in, because the
    key travels in a header.

    >>> check_base_url("http://127.0.0.1:8787/")
    'http://127.0.0.1:8787'
    """
    if not isinstance(url, str):
        raise sdk_error(f"orchestrator_base_url must be a string, got {type(url).__name__}")
    shown = display_url(url)
    # Checked on the raw text: httpx drops an empty "?" or "#", and every call would then go
    # to the base path itself.
    if "?" in url or "#" in url:
        raise sdk_error(f"orchestrator_base_url must not carry a query or a fragment: {shown!r}")
    try:
        parsed = httpx.URL(url.strip())
        host = parsed.host  # decoding an IDNA host may fail only here
        text = str(parsed)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise sdk_error(f"orchestrator_base_url is not a valid URL: {shown!r} ({exc})") from exc
    if parsed.scheme not in ("http", "https") or not host:
        raise sdk_error(f"orchestrator_base_url must be an http(s) URL with a host, got {shown!r}")
    # httpx keeps any number as the port and percent-encodes a space in a name: the request
    # would go to another port than written, or fail on every call.
    if parsed.port is not None and not 0 < parsed.port <= MAX_PORT:
        raise sdk_error(
            f"orchestrator_base_url has port {parsed.port}; a port is 1 to {MAX_PORT}: {shown!r}"
        )
    if ":" not in host and not all(char.isalnum() or char in "-._" for char in host):
        raise sdk_error(f"orchestrator_base_url has an invalid host name: {shown!r}")
    if parsed.scheme == "http" and not (allow_insecure_http or is_loopback(host)):
        raise sdk_error(
            f"refusing plain http:// for {host}: the key would travel unencrypted. "
            "Use https://, a loopback host, or allow_insecure_http=True."
        )
    return text.rstrip("/")


def display_url(url: str) -> str:
    """``url`` with the user-info masked: the name as keys are, the password whole.

    >>> display_url("https://ada:s3cr3tpassword@h.example/p")
    'https://…:…@h.example/p'
    """
    scheme, separator, rest = url.partition("://")
    if not separator:
        return url
    authority_end = len(rest)
    for char in "/?#":
        found = rest.find(char)
        if found >= 0:
            authority_end = min(authority_end, found)
    authority = rest[:authority_end]
    userinfo, at, host = authority.rpartition("@")
    if not at:
        return url
    name, colon, password = userinfo.partition(":")
    # Not even the start of a password is shown: unlike a key's prefix, it identifies nothing.
    masked = mask_key(name) + (colon + "…" if colon and password else colon)
    return f"{scheme}://{masked}@{host}{rest[authority_end:]}"


def check_id(value: object, name: str) -> str:
    """Refuse ids that would change the URL's path instead of naming an object.

    ``""``, ``"."`` and ``".."`` survive percent-encoding and URL normalisation turns
    ``/api/workflows/..`` into ``/api``: another route entirely.

    >>> check_id("wf_123", "workflow_id")
    'wf_123'
    """
    text = check_text(value, name, in_url=True)
    if not text.strip() or text in (".", ".."):
        raise sdk_error(f"{name} must be a non-empty id, not {text!r}")
    return text


def check_text(value: object, name: str, *, in_url: bool = False) -> str:
    """A string argument that can travel in a JSON body (or, ``in_url``, in the URL).

    Refused with ``SDK_ERROR`` naming the argument: another type, a lone surrogate (it has no
    UTF-8 form), or, in a URL, more than 1024 characters.

    >>> check_text("slack", "type")
    'slack'
    """
    if not isinstance(value, str):
        raise sdk_error(f"{name} must be a string, got {type(value).__name__}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise sdk_error(f"{name} cannot be sent: {exc.reason} at position {exc.start}") from exc
    if in_url and len(value) > MAX_URL_ARGUMENT_CHARS:
        raise sdk_error(
            f"{name} is {len(value)} characters long; at most {MAX_URL_ARGUMENT_CHARS} fit in a URL"
        )
    return value


def check_optional_text(value: object, name: str, *, in_url: bool = False) -> str | None:
    """:func:`check_text` for an argument that may be omitted (``None``)."""
    return None if value is None else check_text(value, name, in_url=in_url)


def check_seconds(value: object, name: str, *, allow_zero: bool = False) -> float:
    """A duration in seconds: a finite number, positive (or zero if allowed), at most a week.

    NaN, infinities, booleans and strings are refused with ``SDK_ERROR`` naming the argument;
    they would otherwise fail later, on every call, with a raw exception or never end.

    >>> check_seconds(2, "timeout")
    2.0
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise sdk_error(f"{name} must be a number of seconds, got {type(value).__name__}")
    try:
        seconds = float(value)
    except OverflowError:  # an int no float can hold
        seconds = math.inf if value > 0 else -math.inf
    low_ok = seconds >= 0 if allow_zero else seconds > 0
    if not (math.isfinite(seconds) and low_ok and seconds <= MAX_SECONDS):
        bound = ">= 0" if allow_zero else "> 0"
        huge = isinstance(value, int) and math.isinf(seconds)
        raise sdk_error(
            f"{name} must be a finite number of seconds {bound} and at most "
            f"{MAX_SECONDS:g}, got {'an integer too large for a float' if huge else repr(value)}"
        )
    return seconds


def check_flag(value: object, name: str) -> bool:
    """A boolean option: ``"no"`` or ``0`` must not silently count as a choice."""
    if not isinstance(value, bool):
        raise sdk_error(f"{name} must be True or False, got {value!r}")
    return value


def is_read_object(value: Any) -> bool:
    """Whether ``value`` is a free-form ``JsonObject`` read from the server (its
    ``additional_properties`` are the object). Told by name: importing the SDK does not
    import the models."""
    kind = type(value)
    return kind.__name__ == "JsonObject" and kind.__module__.startswith(
        "skytells_orchestrator_client."
    )


def _read_object(value: Any) -> dict[str, Any]:
    # A JsonObject read from the server and put back into a body (in a node's config, say).
    if is_read_object(value):
        read: dict[str, Any] = value.additional_properties
        return read
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def encode_json(body: Any) -> bytes:
    """Serialise a request body, refusing what JSON cannot carry before anything is sent."""
    try:
        return json.dumps(body, allow_nan=False, ensure_ascii=False, default=_read_object).encode(
            "utf-8"
        )
    except (TypeError, ValueError, RecursionError) as exc:
        raise sdk_error(f"the request body is not JSON-serialisable: {exc}") from exc


def request_headers(headers: Mapping[str, str]) -> httpx.Headers:
    """The headers every request of a client carries: the SDK's, then the client's own."""
    merged = httpx.Headers({"User-Agent": USER_AGENT, "Accept": "application/json"})
    merged.update(headers)
    return merged


def build_request(
    http: httpx.Client | httpx.AsyncClient,
    base_url: str,
    kwargs: Mapping[str, Any],
    *,
    headers: httpx.Headers,
    timeout: httpx.Timeout,
) -> httpx.Request:
    """Turn a generated operation's ``_get_kwargs()`` into an ``httpx.Request``.

    ``headers`` are the client's (`request_headers`; empty when its pool carries them), not
    changed here: most calls add none and pass them as they are (httpx merges them with the
    pool's into the request).
    """
    merged: httpx.Headers | None = headers or None
    extra = kwargs.get("headers")
    content: bytes | None = None
    if extra or "json" in kwargs:
        merged = httpx.Headers(headers)
        merged.update(extra or {})
        if "json" in kwargs:
            content = encode_json(kwargs["json"])
            merged["Content-Type"] = "application/json"
    params = {k: v for k, v in (kwargs.get("params") or {}).items() if v is not None}
    try:
        return http.build_request(
            kwargs["method"].upper(),
            base_url + kwargs["url"],
            params=params or None,
            content=content,
            headers=merged,
            timeout=timeout,
        )
    except (httpx.InvalidURL, UnicodeError) as exc:
        # A too long or unencodable id or filter: refused before anything is sent.
        raise sdk_error(f"the request cannot be sent: {exc}") from exc


def _json_key(key: Any, path: str) -> str:
    # The keys json.dumps accepts, made strings as it makes them.
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, bool):
        return json.dumps(key)
    if isinstance(key, int):
        return int.__repr__(key)
    if isinstance(key, float) and math.isfinite(key):
        return float.__repr__(key)
    raise sdk_error(f"{path} has a key of type {type(key).__name__}, which JSON cannot carry")


def _sendable(value: Any, path: str) -> Any:
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        check_text(value, path)
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise sdk_error(f"{path} is {value!r}, which JSON cannot carry")
        return value
    if isinstance(value, Mapping):
        converted: dict[str, Any] = {}
        for key, item in value.items():
            name = _json_key(key, path)
            if name in converted:
                raise sdk_error(
                    f"{path} has two keys that are both {name[:80]!r} once made strings, "
                    "as JSON needs; the server would keep only one"
                )
            converted[name] = _sendable(item, f"{path}.{name[:80]}")
        return converted
    if isinstance(value, list | tuple):
        return [_sendable(item, f"{path}[{index}]") for index, item in enumerate(value)]
    if is_read_object(value):
        return _sendable(value.additional_properties, path)
    raise sdk_error(f"{path} is a {type(value).__name__}, which cannot be sent as JSON")


def sendable_json(value: Any, name: str) -> Any:
    """A caller's free-form JSON as it will be sent: every ``Mapping`` a ``dict`` with string
    keys (made as ``json.dumps`` makes them), tuples lists; what JSON cannot carry (a ``set``,
    NaN, keys that collide once made strings, such as ``1`` and ``"1"``) is ``SDK_ERROR``.

    >>> sendable_json({"seats": 2, 3: (1, 2)}, "body")
    {'seats': 2, '3': [1, 2]}
    """
    try:
        return _sendable(value, name)
    except RecursionError as exc:
        raise sdk_error(f"{name} is nested too deeply to be sent as JSON") from exc
