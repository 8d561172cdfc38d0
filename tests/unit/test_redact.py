"""Secrets never survive redact() or mask_key()."""

from __future__ import annotations

import pytest
from skytells_orchestrator._redact import mask_key, redact

WFB_KEY = "wfb_" + "Ab3_-xYz" * 4  # the real shape: wfb_ + 32 url-safe characters
SK_KEY = "sk-proj-1234567890abcdefghij"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (WFB_KEY, "wfb_Ab3_\u2026"),
        (SK_KEY, "sk-proj\u2026"),
        (f"Authorization: Bearer {WFB_KEY}", "Authorization: Bearer wfb_Ab3_\u2026"),
        ("authorization: bearer opaque-token-value", "authorization: bearer opaq\u2026"),
        (f'{{"key": "{WFB_KEY}"}}', '{"key": "wfb_Ab3_\u2026"}'),
        (f"https://h/x?k={WFB_KEY}&y=1", "https://h/x?k=wfb_Ab3_\u2026&y=1"),
        (f"Bearer%20{SK_KEY}", "Bearer%20sk-proj\u2026"),
        ("session_token=abcdef.signature%2B; path=/", "session_token=abcd\u2026; path=/"),
        ("a short key sk-ab here", "a short key sk-\u2026 here"),
    ],
)
def test_redact_masks_keys_to_prefix_and_four_chars(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    ["task-force of wfb fans", "risk-free", "", "no secrets here", "desk-top"],
)
def test_redact_leaves_ordinary_text_alone(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    "text",
    [WFB_KEY, SK_KEY, f"Bearer {WFB_KEY}", "Bearer opaque-token", "sk-ab", "wfb_abcd"],
)
def test_redact_is_idempotent_and_never_keeps_the_key(text: str) -> None:
    once = redact(text)
    assert redact(once) == once
    assert text not in once


def test_redact_masks_every_occurrence() -> None:
    out = redact(f"{WFB_KEY} and {SK_KEY} and {WFB_KEY}")
    assert WFB_KEY not in out
    assert SK_KEY not in out
    assert out.count("wfb_Ab3_\u2026") == 2


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (WFB_KEY, "wfb_Ab3_\u2026"),
        ("sk-abcdefgh", "sk-abcd\u2026"),
        (None, "<none>"),
        ("", "<none>"),
        ("sk-ab", "sk-\u2026"),
        ("plain-session-token", "plai\u2026"),
    ],
)
def test_mask_key(key: str | None, expected: str) -> None:
    assert mask_key(key) == expected
