"""RetryPolicy: only safe retries, bounded backoff with jitter, Retry-After honoured."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import attrs
import httpx
import pytest
from skytells_orchestrator._errors import error_from_exception
from skytells_orchestrator._retry import RETRYABLE_STATUS, RetryPolicy, parse_retry_after

IDEMPOTENT = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]
NOT_IDEMPOTENT = ["POST", "PATCH"]
ALL_METHODS = IDEMPOTENT + NOT_IDEMPOTENT

# Failures where the request cannot have reached the server: safe for every method.
NOT_SENT = [
    httpx.ConnectError("refused"),
    httpx.ConnectTimeout("connect timed out"),
    httpx.PoolTimeout("no free connection"),
]
# Failures after the request may have been processed: only idempotent methods retry.
MAYBE_SENT = [
    httpx.ReadTimeout("read timed out"),
    httpx.WriteTimeout("write timed out"),
    httpx.ReadError("reset"),
    httpx.WriteError("broken pipe"),
    httpx.RemoteProtocolError("peer closed connection"),
]
# Never retried: retrying cannot help.
NEVER = [
    httpx.UnsupportedProtocol("ftp://"),
    httpx.LocalProtocolError("bad header"),
    ValueError("not a transport problem"),
]


def exc_id(exc: BaseException) -> str:
    return type(exc).__name__


@pytest.mark.parametrize("method", ALL_METHODS)
@pytest.mark.parametrize("exc", NOT_SENT, ids=exc_id)
def test_not_sent_errors_retry_for_every_method(method: str, exc: Exception) -> None:
    assert RetryPolicy().should_retry(method, 0, exception=exc) is True


@pytest.mark.parametrize("method", ALL_METHODS)
@pytest.mark.parametrize("exc", MAYBE_SENT, ids=exc_id)
def test_maybe_sent_errors_retry_only_idempotent_methods(method: str, exc: Exception) -> None:
    assert RetryPolicy().should_retry(method, 0, exception=exc) is (method in IDEMPOTENT)


@pytest.mark.parametrize("method", ALL_METHODS)
@pytest.mark.parametrize("exc", NEVER, ids=exc_id)
def test_hopeless_errors_never_retry(method: str, exc: Exception) -> None:
    assert RetryPolicy().should_retry(method, 0, exception=exc) is False


@pytest.mark.parametrize("method", ALL_METHODS)
@pytest.mark.parametrize("status", [200, 201, 204, 301, 400, 401, 403, 404, 409, 422, 501])
def test_other_statuses_never_retry(method: str, status: int) -> None:
    assert RetryPolicy().should_retry(method, 0, response=httpx.Response(status)) is False


@pytest.mark.parametrize("method", ALL_METHODS)
@pytest.mark.parametrize("status", sorted(RETRYABLE_STATUS))
def test_retryable_statuses(method: str, status: int) -> None:
    expected = method in IDEMPOTENT or status == 429
    assert RetryPolicy().should_retry(method, 0, response=httpx.Response(status)) is expected


def test_retryable_status_set() -> None:
    assert {408, 429, 500, 502, 503, 504} == RETRYABLE_STATUS


def test_webhook_post_after_502_or_read_timeout_is_not_retried() -> None:
    policy = RetryPolicy(max_retries=5)
    assert not policy.should_retry("POST", 0, response=httpx.Response(502))
    assert not policy.should_retry("POST", 0, exception=httpx.ReadTimeout("slow"))


@pytest.mark.parametrize("method", ["get", "Post", "delete"])
def test_method_case_does_not_matter(method: str) -> None:
    expected = method.upper() != "POST"
    assert RetryPolicy().should_retry(method, 0, response=httpx.Response(503)) is expected


def test_unknown_method_counts_as_not_idempotent() -> None:
    policy = RetryPolicy()
    assert not policy.should_retry("PROPFIND", 0, response=httpx.Response(503))
    assert policy.should_retry("PROPFIND", 0, exception=httpx.ConnectError("refused"))


def test_attempts_are_bounded_by_max_retries() -> None:
    policy = RetryPolicy(max_retries=2)
    response = httpx.Response(503)
    assert [policy.should_retry("GET", n, response=response) for n in range(4)] == [
        True,
        True,
        False,
        False,
    ]
    assert not RetryPolicy(max_retries=0).should_retry("GET", 0, response=response)


def test_nothing_given_means_no_retry() -> None:
    assert RetryPolicy().should_retry("GET", 0) is False


def test_mapped_skytells_error_is_judged_by_its_cause() -> None:
    policy = RetryPolicy()
    assert policy.should_retry("POST", 0, exception=error_from_exception(httpx.ConnectError("x")))
    assert not policy.should_retry("POST", 0, exception=error_from_exception(httpx.ReadError("x")))
    assert policy.should_retry("GET", 0, exception=error_from_exception(httpx.ReadError("x")))


def test_defaults_and_frozen() -> None:
    policy = RetryPolicy()
    assert (policy.max_retries, policy.base_delay, policy.max_delay, policy.max_retry_after) == (
        2,
        0.5,
        8.0,
        60.0,
    )
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        policy.max_retries = 5  # type: ignore[misc]
    with pytest.raises(ValueError):
        RetryPolicy(max_retries=-1)


# --- backoff --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attempt", "ceiling"),
    [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 8.0), (40, 8.0), (5000, 8.0)],
)
def test_full_jitter_bounds(attempt: int, ceiling: float) -> None:
    policy = RetryPolicy()
    assert policy.delay(attempt, rand=lambda: 0.0) == 0.0
    assert policy.delay(attempt, rand=lambda: 1.0) == ceiling
    assert policy.delay(attempt, rand=lambda: 0.25) == pytest.approx(ceiling * 0.25)


def test_jitter_uses_rand_and_stays_in_bounds() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=4.0)
    values = iter([0.1, 0.9, 0.5])
    delays = [policy.delay(2, rand=lambda: next(values)) for _ in range(3)]
    assert delays == pytest.approx([0.4, 3.6, 2.0])
    # A rand() outside [0, 1] is clamped rather than trusted.
    assert policy.delay(2, rand=lambda: 7.0) == 4.0
    assert policy.delay(2, rand=lambda: -1.0) == 0.0


def test_default_rand_is_within_bounds() -> None:
    policy = RetryPolicy()
    for _ in range(200):
        assert 0.0 <= policy.delay(3) <= 4.0


# --- Retry-After ---------------------------------------------------------------------------


def retry_after(value: str, status: int = 429) -> httpx.Response:
    return httpx.Response(status, headers={"Retry-After": value})


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3", 3.0), ("0", 0.0), ("1.5", 1.5), (" 2 ", 2.0), (".5", 0.5), ("-4", 0.0)],
)
def test_retry_after_seconds(value: str, expected: float) -> None:
    assert RetryPolicy().delay(0, retry_after(value), rand=lambda: 0.0) == expected


def test_retry_after_is_capped() -> None:
    assert RetryPolicy().delay(0, retry_after("3600")) == 60.0
    assert RetryPolicy(max_retry_after=5.0).delay(0, retry_after("30")) == 5.0


def test_retry_after_http_date_relative_to_now() -> None:
    when = datetime.now(UTC) + timedelta(seconds=30)
    delay = RetryPolicy().delay(0, retry_after(format_datetime(when, usegmt=True)))
    # The header has whole seconds and a little time passes: allow for both.
    assert 28.0 <= delay <= 30.0


def test_retry_after_date_in_the_past_means_no_wait() -> None:
    assert RetryPolicy().delay(0, retry_after("Wed, 21 Oct 2015 07:28:00 GMT")) == 0.0


@pytest.mark.parametrize("value", ["soon", "", "Monday", "1_000", "nan", "inf", "12abc", "0x10"])
def test_garbage_retry_after_falls_back_to_backoff(value: str) -> None:
    policy = RetryPolicy()
    assert policy.delay(1, retry_after(value), rand=lambda: 1.0) == 1.0


NOW = datetime(2015, 10, 21, 7, 28, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Wed, 21 Oct 2015 07:28:05 GMT", 5.0),  # IMF-fixdate
        ("Wednesday, 21-Oct-15 07:28:10 GMT", 10.0),  # RFC 850
        ("Wed Oct 21 07:28:20 2015", 20.0),  # asctime, no zone: GMT
        ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0),  # past
        ("120", 120.0),
        ("2.25", 2.25),
        ("-3", 0.0),
        ("garbage", None),
        ("Monday", None),
        ("", None),
        ("Wed, 99 Foo 2015 07:28:05 GMT", None),
    ],
)
def test_parse_retry_after(value: str, expected: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == expected


def test_parse_retry_after_accepts_naive_now_as_utc() -> None:
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:05 GMT", now=NOW.replace(tzinfo=None)) == 5.0


def test_retry_after_applies_to_any_response_given() -> None:
    # The caller decides whether to retry; delay() only says how long.
    assert RetryPolicy().delay(0, retry_after("7", status=503)) == 7.0


# ------------------------------------------------------------------ sleep_before_retry


def _asking(seconds: str) -> httpx.Response:
    return httpx.Response(429, headers={"Retry-After": seconds})


@pytest.mark.parametrize("asked", ["60.5", "61", "3600", "99999"])
def test_a_retry_after_over_the_cap_means_give_up(asked: str) -> None:
    assert RetryPolicy().sleep_before_retry(0, _asking(asked)) is None


def test_a_retry_after_at_the_cap_is_slept() -> None:
    assert RetryPolicy().sleep_before_retry(0, _asking("60")) == 60.0
    assert RetryPolicy(max_retry_after=5).sleep_before_retry(0, _asking("6")) is None


@pytest.mark.parametrize(
    ("asked", "remaining", "expected"),
    [("1", 2.0, 1.0), ("2", 2.0, None), ("3", 2.0, None), ("0", 0.5, 0.0), ("0", 0.0, None)],
)
def test_a_retry_after_longer_than_the_time_left_means_give_up(
    asked: str, remaining: float, expected: float | None
) -> None:
    assert RetryPolicy().sleep_before_retry(0, _asking(asked), remaining=remaining) == expected


def test_a_backoff_longer_than_the_time_left_means_give_up() -> None:
    policy = RetryPolicy(base_delay=4.0)
    assert (
        policy.sleep_before_retry(3, None, remaining=1.0) is None
        or (policy.sleep_before_retry(3, None, remaining=1.0) or 0.0) < 1.0
    )
    # Whatever the jitter drew, a wait that ends after the deadline is never returned.
    for _ in range(200):
        delay = policy.sleep_before_retry(3, None, remaining=1.0)
        assert delay is None or delay < 1.0


def test_no_time_left_means_give_up_even_without_a_wait() -> None:
    assert RetryPolicy().sleep_before_retry(0, None, remaining=-0.1) is None
