"""Sending a call: one retry loop (sans-IO) driven by thin sync and async shells.

A resource method describes its request as a :class:`Call` (the generated operation's
``_get_kwargs()`` plus a parser); a requester sends it with auth, retries and timeouts, maps a
failed answer to a :class:`SkytellsError` and hands a good one to the parser.
"""

from __future__ import annotations

import gc
import logging
import sys
import time
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from typing import Any, Generic, TypeVar, cast

import attrs
import httpx

from ._errors import (
    SkytellsError,
    client_closed_error,
    error_from_exception,
    error_from_response,
    sdk_error,
    unreadable_answer_error,
)
from ._redact import redact
from ._retry import RetryPolicy
from ._transport import OrchestratorAuth, build_request, request_headers

T = TypeVar("T")
logger = logging.getLogger("skytells_orchestrator")

DEFAULT_TIMEOUT = 60.0
DEFAULT_CONNECT_TIMEOUT = 10.0
# How much of an error body is read: enough for any envelope, bounded against a huge HTML page.
MAX_ERROR_BODY = 64 * 1024
# What a parser may raise on a body of the wrong shape; anything else is a bug and propagates.
# A RecursionError is an answer nested deeper than the decoder goes: unreadable all the same.
PARSE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError)


@attrs.frozen
class Call(Generic[T]):
    """One request to send and how to read its successful answer."""

    kwargs: Mapping[str, Any]
    parse: Callable[[httpx.Response], T]
    # Sent only with a wfb_ key (webhook triggers): without one it is refused before sending.
    needs_key: bool = False


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
    # Derived once here, not again on every call.
    httpx_timeout: httpx.Timeout = attrs.field(init=False, eq=False, repr=False)
    home: tuple[str, str, int | None] = attrs.field(init=False, eq=False, repr=False)
    retry_policy: RetryPolicy = attrs.field(init=False, eq=False, repr=False)
    request_headers: httpx.Headers = attrs.field(init=False, eq=False, repr=False)

    @request_headers.default
    def _request_headers(self) -> httpx.Headers:
        """The headers of every request: the SDK's, then the client's own."""
        return request_headers(self.headers)

    @httpx_timeout.default
    def _httpx_timeout(self) -> httpx.Timeout:
        """The timeouts httpx applies to each phase of a request."""
        return httpx_timeout(self.timeout)

    @home.default
    def _home(self) -> tuple[str, str, int | None]:
        """The Orchestrator's origin: credentials go there and nowhere else."""
        return _origin(httpx.URL(self.base_url))

    @retry_policy.default
    def _retry_policy(self) -> RetryPolicy:
        return RetryPolicy(max_retries=self.max_retries)

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


def check_credentials(call: Call[Any], settings: Settings) -> None:
    """Refuse, before sending, a call that needs the ``wfb_`` key on a client without one."""
    if call.needs_key and not settings.auth.has_key:
        raise sdk_error(
            "triggering a webhook needs the workflow key: pass orchestrator_api_key='wfb_…' or "
            "set ORCHESTRATOR_API_KEY (nothing was sent)"
        )


class Attempts:
    """The decisions for one call: retries, redirects and which request to send next.

    Both requesters drive it the same way: send ``request`` with ``auth``; hand a failure to
    ``after_exception`` and an answer to ``after_answer``; sleep what they return.
    """

    def __init__(self, settings: Settings, request: httpx.Request) -> None:
        self._settings = settings
        self._policy = settings.retry_policy
        self._home = settings.home
        self.request = request
        self.retries = 0
        self.redirects = 0
        total = settings.total_timeout
        # A number as timeout bounds the whole call: every attempt and every wait between them.
        self.deadline = None if total is None else time.monotonic() + total

    @property
    def auth(self) -> httpx.Auth:
        """The key and session go to the Orchestrator's origin and nowhere else."""
        if _origin(self.request.url) == self._home:
            return self._settings.auth
        return httpx.Auth()  # sends the request as it is: no credentials

    def _next(
        self, reason: str, failure: SkytellsError, response: httpx.Response | None = None
    ) -> float:
        remaining = None if self.deadline is None else self.deadline - time.monotonic()
        delay = self._policy.sleep_before_retry(self.retries, response, remaining=remaining)
        if delay is None:
            logger.debug(
                "not retrying %s %s after %s: the wait would outlast the timeout or the cap",
                self.request.method,
                loggable_url(self.request),
                reason,
            )
            raise failure
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
        failure = error_from_exception(exc, request=self.request)
        if not self._policy.should_retry(self.request.method, self.retries, exception=exc):
            raise failure from exc
        return self._next(type(exc).__name__, failure, None)

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
        return self._next(f"HTTP {answer.status_code}", error_from_response(answer), answer)


def loggable_url(request: httpx.Request) -> str:
    """The request's URL for logs: no user-info, keys masked."""
    return redact(str(request.url.copy_with(username=None, password=None)))


def _log_answer(request: httpx.Request, response: httpx.Response, started: float) -> None:
    if not logger.isEnabledFor(logging.DEBUG):
        return  # the arguments below cost more than the rest of a call's bookkeeping
    logger.debug(
        "%s %s -> %d in %.0f ms",
        request.method,
        loggable_url(request),
        response.status_code,
        (time.monotonic() - started) * 1000,
    )


def body_deadline(settings: Settings) -> float | None:
    """When a streamed body read from now on must be complete (None: only idle timeouts)."""
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
        """The response, read: its ``content`` is the body (content-encoding undone)."""
        # What httpx's own read() sets once the body is in; a copy of the response cost more
        # than the rest of the client's bookkeeping (its headers copied, its body re-encoded).
        self._response._content = b"".join(self._chunks)
        return self._response


# From this size on, an answer is parsed with the cyclic garbage collector paused.
LARGE_ANSWER_BYTES = 64 * 1024


def parse_answer(call: Call[T], response: httpx.Response) -> T:
    """Run the call's parser; a body of the wrong shape becomes ``INVALID_JSON``.

    A large answer becomes many objects at once. None of them is garbage, and they hold no
    cycles, yet each of them would start more collector passes over a growing heap: for a
    list of 500 workflows those passes cost as much again as building the models. So the
    collector pauses while such an answer is parsed (unless it was off already).
    """
    pause = len(response.content) >= LARGE_ANSWER_BYTES and gc.isenabled()
    if pause:
        gc.disable()
    try:
        return call.parse(response)
    except PARSE_ERRORS as exc:
        raise unreadable_answer_error(response, f"{type(exc).__name__}: {exc}") from exc
    finally:
        if pause:
            gc.enable()


def _never_closed() -> bool:
    return False


def headers_to_pass(http: httpx.Client | httpx.AsyncClient, settings: Settings) -> httpx.Headers:
    """The headers each call passes to httpx: none when the pool already carries all of them
    (the SDK makes its own pool so), which spares httpx merging them into every request."""
    carried = http.headers
    if all(carried.get(name) == value for name, value in settings.request_headers.items()):
        return httpx.Headers()
    return settings.request_headers


class SyncRequester:
    """Sends calls over an ``httpx.Client``."""

    def __init__(
        self,
        http: httpx.Client,
        settings: Settings,
        is_closed: Callable[[], bool] = _never_closed,
    ) -> None:
        self.http = http
        self.settings = settings
        self._is_closed = is_closed
        self._headers = headers_to_pass(http, settings)

    def _build(self, call: Call[Any]) -> httpx.Request:
        s = self.settings
        return build_request(
            self.http, s.base_url, call.kwargs, headers=self._headers, timeout=s.httpx_timeout
        )

    def run(self, call: Call[T]) -> T:
        """Send the call and parse its answer."""
        return parse_answer(call, self.send(call, stream=False))

    def send(self, call: Call[Any], *, stream: bool) -> httpx.Response:
        """Send with retries; return a successful response (still open when ``stream``)."""
        return cast(httpx.Response, self._send(call, stream, None))

    def fetch(self, call: Call[Any], consume: Callable[[httpx.Response, Iterator[bytes]], T]) -> T:
        """Send with retries; hand a successful answer and its body, as it arrives (within the
        total timeout), to ``consume`` and return what it returns.

        A transport failure while the body arrives counts as a failed attempt: a call that may
        be repeated (a GET) is sent again, and ``consume`` starts over on the new answer.
        """
        return cast(T, self._send(call, True, consume))

    def _send(
        self,
        call: Call[Any],
        stream: bool,
        consume: Callable[[httpx.Response, Iterator[bytes]], Any] | None,
    ) -> Any:
        if self._is_closed():
            raise client_closed_error()
        check_credentials(call, self.settings)
        attempts = Attempts(self.settings, self._build(call))
        while True:
            request = attempts.request
            started = time.monotonic()
            deadline = None if stream else attempts.deadline
            try:
                response = self.http.send(
                    request, auth=attempts.auth, follow_redirects=False, stream=True
                )
                _log_answer(request, response, started)
                if response.is_success and stream:
                    return response if consume is None else self._consume(response, consume)
                answer = self._read(BodyReader(response, deadline), response)
            except httpx.HTTPError as exc:
                time.sleep(attempts.after_exception(exc))
                continue
            except RuntimeError as exc:
                # httpx's answer to a pool closed meanwhile (by another thread).
                if self.http.is_closed:
                    raise client_closed_error() from exc
                raise
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

    def _consume(
        self, response: httpx.Response, consume: Callable[[httpx.Response, Iterator[bytes]], T]
    ) -> T:
        deadline = body_deadline(self.settings)

        def body() -> Iterator[bytes]:
            for chunk in response.iter_bytes():
                _check_deadline(deadline, response.request)
                yield chunk

        try:
            return consume(response, body())
        finally:
            response.close()


def current_event_loop() -> object | None:
    """What identifies the running event loop: the asyncio loop, or trio's run token."""
    # Neither library is imported here: one that was never imported runs no loop.
    asyncio = sys.modules.get("asyncio")
    if asyncio is not None:
        try:
            loop: object = asyncio.get_running_loop()
            return loop
        except RuntimeError:
            pass
    trio = sys.modules.get("trio")
    if trio is not None:
        try:
            token: object = trio.lowlevel.current_trio_token()
            return token
        except RuntimeError:
            pass
    return None


# The event loop each async connection pool first ran on. Its connections and locks belong to
# that loop: used from another one they fail with raw errors, or hang.
_POOL_LOOPS: weakref.WeakKeyDictionary[httpx.AsyncClient, object] = weakref.WeakKeyDictionary()


def check_event_loop(http: httpx.AsyncClient) -> None:
    """Bind ``http`` to the running event loop on first use; refuse any other loop after."""
    loop = current_event_loop()
    if loop is None:
        return
    # get first: setdefault would make a new weak reference on every call.
    first = _POOL_LOOPS.get(http)
    if first is None:
        first = _POOL_LOOPS.setdefault(http, loop)
    if first is not loop:
        raise SkytellsError(
            "This AsyncSkytells client was first used on another event loop; its connections "
            "belong to that loop. Create one client per event loop (for example inside the "
            "function that asyncio.run() runs).",
            error_id="EVENT_LOOP_MISMATCH",
        )


# anyio, imported on the first wait (a synchronous program never needs it); its sleep works
# under whichever async library runs the call.
anyio: Any = None


async def _sleep(seconds: float) -> None:
    global anyio
    if anyio is None:
        import anyio
    await anyio.sleep(seconds)


class AsyncRequester:
    """Sends calls over an ``httpx.AsyncClient``; the twin of :class:`SyncRequester`.

    Waits go through anyio, so they work under whichever async library runs the call.
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        settings: Settings,
        is_closed: Callable[[], bool] = _never_closed,
    ) -> None:
        self.http = http
        self.settings = settings
        self._is_closed = is_closed
        self._headers = headers_to_pass(http, settings)

    def _build(self, call: Call[Any]) -> httpx.Request:
        s = self.settings
        return build_request(
            self.http, s.base_url, call.kwargs, headers=self._headers, timeout=s.httpx_timeout
        )

    async def run(self, call: Call[T]) -> T:
        """Send the call and parse its answer."""
        return parse_answer(call, await self.send(call, stream=False))

    async def send(self, call: Call[Any], *, stream: bool) -> httpx.Response:
        """Send with retries; return a successful response (still open when ``stream``)."""
        return cast(httpx.Response, await self._send(call, stream, None))

    async def fetch(
        self,
        call: Call[Any],
        consume: Callable[[httpx.Response, AsyncIterator[bytes]], Awaitable[T]],
    ) -> T:
        """Send with retries and hand the answer's body to ``consume``; see
        :meth:`SyncRequester.fetch`."""
        return cast(T, await self._send(call, True, consume))

    async def _send(
        self,
        call: Call[Any],
        stream: bool,
        consume: Callable[[httpx.Response, AsyncIterator[bytes]], Awaitable[Any]] | None,
    ) -> Any:
        if self._is_closed():
            raise client_closed_error()
        check_credentials(call, self.settings)
        check_event_loop(self.http)
        attempts = Attempts(self.settings, self._build(call))
        while True:
            request = attempts.request
            started = time.monotonic()
            deadline = None if stream else attempts.deadline
            try:
                response = await self.http.send(
                    request, auth=attempts.auth, follow_redirects=False, stream=True
                )
                _log_answer(request, response, started)
                if response.is_success and stream:
                    if consume is None:
                        return response
                    return await self._consume(response, consume)
                answer = await self._read(BodyReader(response, deadline), response)
            except httpx.HTTPError as exc:
                await _sleep(attempts.after_exception(exc))
                continue
            except RuntimeError as exc:
                if self.http.is_closed:
                    raise client_closed_error() from exc
                raise
            delay = attempts.after_answer(answer)
            if delay is None:
                return answer
            await _sleep(delay)

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

    async def _consume(
        self,
        response: httpx.Response,
        consume: Callable[[httpx.Response, AsyncIterator[bytes]], Awaitable[T]],
    ) -> T:
        deadline = body_deadline(self.settings)

        async def body() -> AsyncIterator[bytes]:
            async for chunk in response.aiter_bytes():
                _check_deadline(deadline, response.request)
                yield chunk

        try:
            return await consume(response, body())
        finally:
            await response.aclose()
