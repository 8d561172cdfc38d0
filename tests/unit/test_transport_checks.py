"""Pure checks of the transport layer: durations, text arguments, masked URLs, cookie forms."""

from __future__ import annotations

import math

import pytest
from skytells_orchestrator import SkytellsError
from skytells_orchestrator._transport import (
    MAX_SECONDS,
    check_base_url,
    check_flag,
    check_id,
    check_optional_text,
    check_seconds,
    check_text,
    display_url,
    is_loopback,
    session_token_value,
)


@pytest.mark.parametrize("value", [0.001, 1, 2.5, MAX_SECONDS])
def test_good_durations(value: float) -> None:
    assert check_seconds(value, "timeout") == float(value)


@pytest.mark.parametrize(
    "value", [math.nan, math.inf, -math.inf, -1, 0, MAX_SECONDS * 2, True, "1", None, [1]]
)
def test_bad_durations_name_the_argument(value: object) -> None:
    with pytest.raises(SkytellsError) as caught:
        check_seconds(value, "poll_interval")
    assert caught.value.error_id == "SDK_ERROR"
    assert "poll_interval" in caught.value.message


def test_zero_is_allowed_only_when_asked() -> None:
    assert check_seconds(0, "timeout", allow_zero=True) == 0.0
    with pytest.raises(SkytellsError):
        check_seconds(-0.5, "timeout", allow_zero=True)


@pytest.mark.parametrize("value", [1, None, b"x", ["x"]])
def test_text_of_another_type_is_refused(value: object) -> None:
    with pytest.raises(SkytellsError) as caught:
        check_text(value, "name")
    assert "name must be a string" in caught.value.message


def test_optional_text() -> None:
    assert check_optional_text(None, "name") is None
    assert check_optional_text("ok", "name") == "ok"
    with pytest.raises(SkytellsError):
        check_optional_text(5, "name")


def test_a_lone_surrogate_cannot_be_sent() -> None:
    with pytest.raises(SkytellsError) as caught:
        check_text("ab\ud800", "prompt")
    assert "prompt cannot be sent" in caught.value.message


def test_length_is_bounded_only_in_urls() -> None:
    long = "x" * 2000
    assert check_text(long, "name") == long
    with pytest.raises(SkytellsError):
        check_text(long, "type", in_url=True)
    with pytest.raises(SkytellsError):
        check_id(long, "workflow_id")


@pytest.mark.parametrize("value", [1, 0, "yes", None])
def test_flags_must_be_booleans(value: object) -> None:
    with pytest.raises(SkytellsError) as caught:
        check_flag(value, "follow_redirects")
    assert "follow_redirects" in caught.value.message


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://h.example/p", "https://h.example/p"),
        ("https://ada:longpassword@h.example/p", "https://…:…@h.example/p"),
        ("https://tok_abcdefgh@h.example", "https://tok_…@h.example"),
        ("https://a:b@h.example/x@y", "https://…:…@h.example/x@y"),
        ("no scheme at all", "no scheme at all"),
    ],
)
def test_display_url_masks_user_info(url: str, shown: str) -> None:
    assert display_url(url) == shown


def test_check_base_url_keeps_user_info_for_sending() -> None:
    # Only what is shown is masked; requests still carry what the caller gave.
    assert check_base_url("https://ada:pw@h.example/") == "https://ada:pw@h.example"


@pytest.mark.parametrize("url", ["https://h.example?", "https://h.example/#", "http://[::1]:80/?"])
def test_empty_query_or_fragment_refused(url: str) -> None:
    with pytest.raises(SkytellsError):
        check_base_url(url)


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("localhost", True),
        ("api.localhost", True),
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("[::1]", True),
        ("10.0.0.1", False),
        ("orchestrator.skytells.ai", False),
        ("localhost.example", False),
    ],
)
def test_loopback_hosts(host: str, expected: bool) -> None:
    assert is_loopback(host) is expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("abc.sig%3D", "abc.sig%3D"),
        ("abc.sig=", "abc.sig="),  # a bare value may end in "=" (unencoded base64)
        ("better-auth.session_token=abc.sig%3D", "abc.sig%3D"),
        ("__Secure-better-auth.session_token=v1", "v1"),
        ("Cookie: a=1; better-auth.session_token=v2; b=2", "v2"),
        ("COOKIE:better-auth.session_token=v3", "v3"),
        ("a=1;better-auth.session_token=v4", "v4"),
        ("  ", None),
        (None, None),
    ],
)
def test_session_token_forms(given: str | None, expected: str | None) -> None:
    assert session_token_value(given) == expected


@pytest.mark.parametrize("given", ["Cookie: a=1", "a=1; b=2", "Cookie:", 5])
def test_session_token_forms_refused(given: object) -> None:
    with pytest.raises(SkytellsError):
        session_token_value(given)
