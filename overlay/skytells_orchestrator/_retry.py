"""Which failures are retried, for which methods, and how long to wait in between.

The rule that matters: a POST or PATCH is retried only when the request cannot have
reached the server (or the server said 429, which means it did nothing). A webhook POST
that times out while reading, or gets a 502 from a proxy, may already have started a
workflow run; sending it again would start a second one.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable
from datetime import UTC, datetime

import attrs
import httpx

__all__ = [
    "IDEMPOTENT_METHODS",
    "RETRYABLE_STATUS",
    "RetryPolicy",
    "parse_retry_after",
]

RETRYABLE_STATUS: frozenset[int] = frozenset({408, 429, 500, 502, 503, 504})
# RFC 9110 section 9.2.2. Any other method, custom ones included, counts as not idempotent.
IDEMPOTENT_METHODS: frozenset[str] = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})

# Raised before a single byte of the request left this machine.
_NOT_SENT_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)
# Transient failures for idempotent methods. UnsupportedProtocol and LocalProtocolError
# are left out on purpose: they are mistakes on our side and fail the same way again.
_TRANSIENT_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
    httpx.ProxyError,
)

_DELTA_SECONDS_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
# Every HTTP-date form (IMF-fixdate, RFC 850, asctime) has a month name and hh:mm:ss; the
# check keeps dateutil's leniency from turning a word like "Monday" into a date.
_HTTP_DATE_HINT_RE = re.compile(r"[A-Za-z]{3}.*\d{1,2}:\d{2}:\d{2}")
# 2**63 seconds is far past any max_delay; capping the exponent avoids float overflow.
_MAX_EXPONENT = 63


def parse_retry_after(value: str, *, now: datetime | None = None) -> float | None:
    """Seconds to wait according to a ``Retry-After`` value, or None if unreadable.

    Accepts delta-seconds (fractions allowed) and HTTP-dates; a date in the past gives 0.

    >>> parse_retry_after("1.5")
    1.5
    >>> parse_retry_after("Wed, 21 Oct 2015 07:28:05 GMT",
    ...                   now=datetime(2015, 10, 21, 7, 28, 0, tzinfo=UTC))
    5.0
    >>> parse_retry_after("soon") is None
    True
    """
    text = value.strip()
    if not text:
        return None
    if _DELTA_SECONDS_RE.fullmatch(text):
        seconds = float(text)
        return max(0.0, seconds) if math.isfinite(seconds) else None
    if not _HTTP_DATE_HINT_RE.search(text):
        return None
    # Imported here: an HTTP-date is rare, and dateutil's parser is slow to import.
    from dateutil import parser as date_parser

    try:
        when = date_parser.parse(text)
    except (ValueError, OverflowError):
        return None
    # asctime dates carry no zone; HTTP-dates are always GMT.
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    reference = now or datetime.now(UTC)
    if reference.tzinfo is None:
        reference = reference.replace(tzinfo=UTC)
    return max(0.0, (when - reference).total_seconds())


def _root_cause(exception: BaseException) -> BaseException:
    # An exception already mapped to a SkytellsError still carries the httpx one as cause.
    cause = exception.__cause__
    if not isinstance(exception, httpx.HTTPError) and isinstance(cause, httpx.HTTPError):
        return cause
    return exception


@attrs.frozen
class RetryPolicy:
    """When to retry a failed request and how long to wait first.

    ``max_retries`` counts retries, not attempts: 2 means up to three tries in all.

    >>> policy = RetryPolicy(max_retries=3)
    >>> policy.should_retry("GET", 0, response=httpx.Response(503))
    True
    >>> policy.should_retry("POST", 0, response=httpx.Response(502))
    False
    """

    max_retries: int = attrs.field(default=2, validator=attrs.validators.ge(0))
    base_delay: float = attrs.field(default=0.5, validator=attrs.validators.ge(0))
    max_delay: float = attrs.field(default=8.0, validator=attrs.validators.ge(0))
    max_retry_after: float = attrs.field(default=60.0, validator=attrs.validators.ge(0))

    def should_retry(
        self,
        method: str,
        attempt: int,
        *,
        response: httpx.Response | None = None,
        exception: BaseException | None = None,
    ) -> bool:
        """Whether to retry after ``attempt`` retries (0-based) ended in this failure.

        Give either the ``response`` (its status decides) or the ``exception`` raised.

        >>> RetryPolicy().should_retry("POST", 0, exception=httpx.ConnectError("refused"))
        True
        >>> RetryPolicy().should_retry("POST", 0, exception=httpx.ReadTimeout("slow"))
        False
        """
        if attempt >= self.max_retries:
            return False
        idempotent = method.upper() in IDEMPOTENT_METHODS
        if exception is not None:
            cause = _root_cause(exception)
            if isinstance(cause, _NOT_SENT_ERRORS):
                return True
            return idempotent and isinstance(cause, _TRANSIENT_ERRORS)
        if response is not None:
            status = response.status_code
            if status == 429:
                return True
            return idempotent and status in RETRYABLE_STATUS
        return False

    def retry_after(self, response: httpx.Response | None) -> float | None:
        """The seconds a readable ``Retry-After`` header of ``response`` asks for, or None."""
        if response is None:
            return None
        header = response.headers.get("retry-after")
        return None if header is None else parse_retry_after(header)

    def sleep_before_retry(
        self,
        attempt: int,
        response: httpx.Response | None = None,
        *,
        remaining: float | None = None,
    ) -> float | None:
        """Seconds to sleep before retry number ``attempt + 1``, or None to give up now.

        Giving up is right when the server asks (``Retry-After``) for more than
        ``max_retry_after``, or when the sleep would end after the call's time is up
        (``remaining`` seconds left of its timeout): waiting could only end in a timeout.

        >>> RetryPolicy().sleep_before_retry(0, httpx.Response(429, headers={"Retry-After": "90"}))
        >>> RetryPolicy().sleep_before_retry(0, httpx.Response(429, headers={"Retry-After": "3"}),
        ...                                  remaining=2.0)
        >>> RetryPolicy().sleep_before_retry(0, httpx.Response(429, headers={"Retry-After": "1"}))
        1.0
        """
        asked = self.retry_after(response)
        if asked is not None and asked > self.max_retry_after:
            return None
        delay = self.delay(attempt, response)
        if remaining is not None and delay >= remaining:
            return None
        return delay

    def delay(
        self,
        attempt: int,
        response: httpx.Response | None = None,
        *,
        rand: Callable[[], float] = random.random,
    ) -> float:
        """Seconds to sleep before retry number ``attempt + 1``.

        A readable ``Retry-After`` header wins (capped at ``max_retry_after``); otherwise
        exponential backoff with full jitter, ``rand() * min(max_delay, base_delay * 2**attempt)``.

        >>> RetryPolicy().delay(2, rand=lambda: 1.0)
        2.0
        >>> RetryPolicy().delay(0, httpx.Response(503, headers={"Retry-After": "3"}))
        3.0
        """
        asked = self.retry_after(response)
        if asked is not None:
            return min(asked, self.max_retry_after)
        exponent = min(max(attempt, 0), _MAX_EXPONENT)
        ceiling = min(self.max_delay, self.base_delay * 2.0**exponent)
        # A stray rand() outside [0, 1] must not produce a negative or oversized sleep.
        return min(max(rand(), 0.0), 1.0) * ceiling
