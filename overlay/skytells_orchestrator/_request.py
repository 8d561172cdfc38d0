"""Sending a call: one retry loop (sans-IO) driven by thin sync and async shells.

A resource method describes its request as a :class:`Call` (the generated operation's
``_get_kwargs()`` plus a parser); a requester sends it with auth, retries and timeouts, maps a
failed answer to a :class:`SkytellsError` and hands a good one to the parser.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from typing import Any, Generic, TypeVar

import attrs
import httpx

from ._errors import (
    SkytellsError,
    error_from_exception,
    error_from_response,
    invalid_json_error,
)
from ._redact import redact
from ._retry import RetryPolicy
from ._transport import OrchestratorAuth, build_request

T = TypeVar("T")
logger = logging.getLogger("skytells_orchestrator")

DEFAULT_TIMEOUT = 60.0
DEFAULT_CONNECT_TIMEOUT = 10.0
# How much of an error body is read: enough for any envelope, bounded against a huge HTML page.
MAX_ERROR_BODY = 64 * 1024
# What a parser may raise on a body of the wrong shape; anything else is a bug and propagates.
PARSE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError)


@attrs.frozen
class Call(Generic[T]):
    """One request to send and how to read its successful answer."""

    kwargs: Mapping[str, Any]
    parse: Callable[[httpx.Response], T]


def httpx_timeout(timeout: float | httpx.Timeout) -> httpx.Timeout:
    """Per-phase timeouts; a plain number also gets a shorter connect timeout."""
    if isinstance(timeout, httpx.Timeout):
        return timeout
    return httpx.Timeout(timeout, connect=min(timeout, DEFAULT_CONNECT_TIMEOUT))


@attrs.frozen
class Settings:
    """What every request of one client (or one ``with_options`` copy) shares."""

    base_url: str
    auth: OrchestratorAuth
    headers: Mapping[str, str]
    timeout: float | httpx.Timeout
    max_retries: int
    follow_redirects: bool

    @property
    def httpx_timeout(self) -> httpx.Timeout:
        """The timeouts httpx applies to each phase of a request."""
        return httpx_timeout(self.timeout)

    @property
    def total_timeout(self) -> float | None:
        """A plain number bounds a whole (non-streaming) answer, not only each read."""
        return None if isinstance(self.timeout, httpx.Timeout) else self.timeout


MAX_REDIRECTS = 10
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return (url.scheme, url.host, url.port)


def redirect_request(request: httpx.Request, response: httpx.Response) -> httpx.Request:
    """The request a redirect asks for, without credentials (the auth puts them back on the
    Orchestrator's own origin only)."""
    url = request.url.join(response.headers["location"])
    method = request.method
    if (response.status_code == 303 and method != "HEAD") or (
        response.status_code in (301, 302) and method == "POST"
    ):
        method = "GET"
    headers = httpx.Headers(request.headers)
    for name in ("authorization", "cookie", "host"):
        headers.pop(name, None)
    content = request.content
    if method != request.method:
        content = b""
        for name in ("content-type", "content-length"):
            headers.pop(name, None)
    return httpx.Request(
        method, url, headers=headers, content=content or None, extensions=request.extensions
    )


class Attempts:
    """The decisions for one call: retries, redirects and which request to send next.

    Both requesters drive it the same way: send ``request`` with ``auth``; hand a failure to
    ``after_exception`` and an answer to ``after_answer``; sleep what they return.
    """

    def __init__(self, settings: Settings, request: httpx.Request) -> None:
        self._settings = settings
        self._policy = RetryPolicy(max_retries=settings.max_retries)
        self._home = _origin(httpx.URL(settings.base_url))
        self.request = request
        self.retries = 0
        self.redirects = 0

    @property
    def auth(self) -> httpx.Auth:
        """The key and session go to the Orchestrator's origin and nowhere else."""
        if _origin(self.request.url) == self._home:
            return self._settings.auth
        return httpx.Auth()  # sends the request as it is: no credentials

    def _next(self, reason: str, response: httpx.Response | None = None) -> float:
        delay = self._policy.delay(self.retries, response)
        self.retries += 1
        logger.debug(
            "retrying %s %s in %.2fs (retry %d of %d) after %s",
            self.request.method,
            loggable_url(self.request),
            delay,
            self.retries,
            self._policy.max_retries,
            reason,
        )
        return delay

    def after_exception(self, exc: httpx.HTTPError) -> float:
        """Seconds to wait before retrying; raises the typed error when giving up."""
        if not self._policy.should_retry(self.request.method, self.retries, exception=exc):
            raise error_from_exception(exc, request=self.request) from exc
        return self._next(type(exc).__name__)

    def after_answer(self, answer: httpx.Response) -> float | None:
        """None when ``answer`` is the result; else seconds to wait before sending ``request``
        (the same one, or a redirect's target). Raises the typed error when giving up."""
        if answer.is_success:
            return None
        if (
            self._settings.follow_redirects
            and answer.status_code in REDIRECT_STATUSES
            and "location" in answer.headers
        ):
            if self.redirects >= MAX_REDIRECTS:
                raise SkytellsError(
                    f"more than {MAX_REDIRECTS} redirects",
                    error_id="HTTP_ERROR",
                    http_status=answer.status_code,
                )
            self.redirects += 1
            self.request = redirect_request(self.request, answer)
            logger.debug(
                "following a %d redirect to %s", answer.status_code, loggable_url(self.request)
            )
            return 0.0
        if not self._policy.should_retry(self.request.method, self.retries, response=answer):
            raise error_from_response(answer)
        return self._next(f"HTTP {answer.status_code}", answer)


def loggable_url(request: httpx.Request) -> str:
    """The request's URL for logs: no user-info, keys masked."""
    return redact(str(request.url.copy_with(username=None, password=None)))


def _log_answer(request: httpx.Request, response: httpx.Response, started: float) -> None:
    logger.debug(
        "%s %s -> %d in %.0f ms",
        request.method,
        loggable_url(request),
        response.status_code,
        (time.monotonic() - started) * 1000,
    )


def body_deadline(settings: Settings) -> float | None:
    """When a body read from now on must be complete (None: only idle timeouts apply)."""
    total = settings.total_timeout
    return None if total is None else time.monotonic() + total


def _check_deadline(deadline: float | None, request: httpx.Request) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise httpx.ReadTimeout("the answer took longer than the total timeout", request=request)


class BodyReader:
    """Collects a streamed body; a good answer within the deadline, an error body up to a cap."""

    def __init__(self, response: httpx.Response, deadline: float | None) -> None:
        self._response = response
        self._deadline = deadline
        self._limit = None if response.is_success else MAX_ERROR_BODY
        self._chunks: list[bytes] = []
        self._size = 0

    def add(self, chunk: bytes) -> bool:
        """Keep a chunk; True once enough was read."""
        self._chunks.append(chunk)
        self._size += len(chunk)
        _check_deadline(self._deadline, self._response.request)
        return self._limit is not None and self._size >= self._limit

    def failed(self, exc: httpx.HTTPError) -> None:
        """A read failed: fatal for a good answer, tolerated for an error body."""
        if self._limit is None:
            raise exc
        # The status already says what happened; a body cut short still maps to an error.
        logger.debug("could not read the whole error body", exc_info=True)

    def result(self) -> httpx.Response:
        """A fully read copy of the response (content-encoding already undone)."""
        headers = httpx.Headers(self._response.headers)
        for name in ("content-encoding", "content-length", "transfer-encoding"):
            headers.pop(name, None)
        return httpx.Response(
            self._response.status_code,
            headers=headers,
            content=b"".join(self._chunks),
            request=self._response.request,
        )


def parse_answer(call: Call[T], response: httpx.Response) -> T:
    """Run the call's parser; a body of the wrong shape becomes ``INVALID_JSON``."""
    try:
        return call.parse(response)
    except PARSE_ERRORS as exc:
        raise invalid_json_error(response, f"{type(exc).__name__}: {exc}") from exc


class SyncRequester:
    """Sends calls over an ``httpx.Client``."""

    def __init__(self, http: httpx.Client, settings: Settings) -> None:
        self.http = http
        self.settings = settings

    def _build(self, call: Call[Any]) -> httpx.Request:
        s = self.settings
        return build_request(
            self.http, s.base_url, call.kwargs, headers=s.headers, timeout=s.httpx_timeout
        )

    def run(self, call: Call[T]) -> T:
        """Send the call and parse its answer."""
        return parse_answer(call, self.send(call, stream=False))

    def send(self, call: Call[Any], *, stream: bool) -> httpx.Response:
        """Send with retries; return a successful response (still open when ``stream``)."""
        attempts = Attempts(self.settings, self._build(call))
        while True:
            request = attempts.request
            started = time.monotonic()
            deadline = None if stream else body_deadline(self.settings)
            try:
                response = self.http.send(
                    request, auth=attempts.auth, follow_redirects=False, stream=True
                )
                _log_answer(request, response, started)
                if response.is_success and stream:
                    return response
                answer = self._read(BodyReader(response, deadline), response)
            except httpx.HTTPError as exc:
                time.sleep(attempts.after_exception(exc))
                continue
            delay = attempts.after_answer(answer)
            if delay is None:
                return answer
            time.sleep(delay)

    def _read(self, reader: BodyReader, response: httpx.Response) -> httpx.Response:
        try:
            for chunk in response.iter_bytes():
                if reader.add(chunk):
                    break
        except httpx.HTTPError as exc:
            reader.failed(exc)
        finally:
            response.close()
        return reader.result()

    def iter_body(self, response: httpx.Response) -> Iterator[bytes]:
        """The body of a streamed response as it arrives, within the total timeout; transport
        errors become typed."""
        deadline = body_deadline(self.settings)
        try:
            for chunk in response.iter_bytes():
                _check_deadline(deadline, response.request)
                yield chunk
        except httpx.HTTPError as exc:
            raise error_from_exception(exc, request=response.request) from exc
        finally:
            response.close()


class AsyncRequester:
    """Sends calls over an ``httpx.AsyncClient``; the twin of :class:`SyncRequester`."""

    def __init__(self, http: httpx.AsyncClient, settings: Settings) -> None:
        self.http = http
        self.settings = settings

    def _build(self, call: Call[Any]) -> httpx.Request:
        s = self.settings
        return build_request(
            self.http, s.base_url, call.kwargs, headers=s.headers, timeout=s.httpx_timeout
        )

    async def run(self, call: Call[T]) -> T:
        """Send the call and parse its answer."""
        return parse_answer(call, await self.send(call, stream=False))

    async def send(self, call: Call[Any], *, stream: bool) -> httpx.Response:
        """Send with retries; return a successful response (still open when ``stream``)."""
        attempts = Attempts(self.settings, self._build(call))
        while True:
            request = attempts.request
            started = time.monotonic()
            deadline = None if stream else body_deadline(self.settings)
            try:
                response = await self.http.send(
                    request, auth=attempts.auth, follow_redirects=False, stream=True
                )
                _log_answer(request, response, started)
                if response.is_success and stream:
                    return response
                answer = await self._read(BodyReader(response, deadline), response)
            except httpx.HTTPError as exc:
                await asyncio.sleep(attempts.after_exception(exc))
                continue
            delay = attempts.after_answer(answer)
            if delay is None:
                return answer
            await asyncio.sleep(delay)

    async def _read(self, reader: BodyReader, response: httpx.Response) -> httpx.Response:
        try:
            async for chunk in response.aiter_bytes():
                if reader.add(chunk):
                    break
        except httpx.HTTPError as exc:
            reader.failed(exc)
        finally:
            await response.aclose()
        return reader.result()

    async def iter_body(self, response: httpx.Response) -> AsyncIterator[bytes]:
        """The body of a streamed response as it arrives, within the total timeout; transport
        errors become typed."""
        deadline = body_deadline(self.settings)
        try:
            async for chunk in response.aiter_bytes():
                _check_deadline(deadline, response.request)
                yield chunk
        except httpx.HTTPError as exc:
            raise error_from_exception(exc, request=response.request) from exc
        finally:
            await response.aclose()
