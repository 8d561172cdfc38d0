"""Masking of secrets in text that may reach users, logs or exception messages.

Two kinds of keys exist: Orchestrator keys (``wfb_…``) and platform keys (``sk-…``).
Both, any ``Bearer`` token and a ``session_token=`` cookie value are cut down to their
prefix and first four characters, which is enough to tell keys apart in a log and useless
to an attacker.
"""

from __future__ import annotations

import re

__all__ = ["mask_key", "redact"]

ELLIPSIS = "\u2026"
_VISIBLE_CHARS = 4
_KEY_PREFIXES = ("wfb_", "sk-")

# The look-behind stops words such as "task-force" from counting as ``sk-`` keys; it allows
# digits so that a URL-encoded "Bearer%20sk-…" is still caught. ``wfb_`` is distinctive
# enough to need none. The possessive quantifier makes the body take every key character,
# so the "already masked" test below sees the real end of the token.
_KEY_RE = re.compile(r"(wfb_|(?<![A-Za-z])sk-)([A-Za-z0-9_\-]++)")
_BEARER_RE = re.compile(r"(\b[Bb][Ee][Aa][Rr][Ee][Rr]\s+)(?!wfb_|sk-)([^\s\"'<>,;\u2026]++)")
_SESSION_RE = re.compile(r"(session_token=)([^\s\"'<>,;&\u2026]++)")


def _mask_body(prefix: str, body: str, already_masked: bool) -> str:
    # A body of four characters or fewer followed by "…" is our own output: leaving it alone
    # makes redact() idempotent. Any other short body is hidden completely, so a short key
    # is never shown whole.
    if len(body) > _VISIBLE_CHARS:
        return f"{prefix}{body[:_VISIBLE_CHARS]}{ELLIPSIS}"
    if already_masked:
        return f"{prefix}{body}"
    return f"{prefix}{ELLIPSIS}"


def _replace(match: re.Match[str]) -> str:
    already_masked = match.string.startswith(ELLIPSIS, match.end())
    return _mask_body(match.group(1), match.group(2), already_masked)


def redact(text: str) -> str:
    """Return ``text`` with every key, Bearer token and session token masked.

    Safe to apply more than once: masked output is left as it is.

    >>> redact("Authorization: Bearer wfb_abcdefghijklmnop")
    'Authorization: Bearer wfb_abcd…'
    >>> redact("key sk-12345678 leaked")
    'key sk-1234… leaked'
    """
    if not text:
        return text
    text = _BEARER_RE.sub(_replace, text)
    text = _SESSION_RE.sub(_replace, text)
    return _KEY_RE.sub(_replace, text)


def mask_key(key: str | None) -> str:
    """Return a form of ``key`` fit for a ``repr``: prefix and first four characters.

    >>> mask_key("wfb_abcdefghijklmnop")
    'wfb_abcd…'
    >>> mask_key(None)
    '<none>'
    """
    if not key:
        return "<none>"
    for prefix in _KEY_PREFIXES:
        if key.startswith(prefix):
            return _mask_body(prefix, key[len(prefix) :], already_masked=False)
    return _mask_body("", key, already_masked=False)
