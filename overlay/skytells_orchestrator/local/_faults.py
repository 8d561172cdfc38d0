"""Fault injection and request recording for the local Orchestrator.

Everything here is off until a test asks for it. A fault is set from Python (``server.faults``)
or over HTTP (``/__local__/faults``); the ASGI middleware at the very outside of the app applies
it, so the routes themselves stay ignorant of it, except for the AI stream faults, which only
the streaming route can apply line by line.
"""

from __future__ import annotations

import asyncio
import base64
import json
import socket
import struct
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, overload

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "CONTROL_PREFIX",
    "DEFAULT_REQUEST_LOG_SIZE",
    "MAX_REQUEST_LOG_SIZE",
    "DropConnection",
    "FaultMiddleware",
    "Faults",
    "RequestLog",
    "SeenRequest",
    "StreamPlan",
]

CONTROL_PREFIX = "/__local__/"
#: How many requests ``RequestLog`` keeps unless told otherwise.
DEFAULT_REQUEST_LOG_SIZE = 1000
MAX_REQUEST_LOG_SIZE = 10_000_000


class DropConnection(Exception):
    """Raised inside the app to make the middleware abandon the response mid-way.

    When the ASGI app returns without finishing a started response, uvicorn closes the
    connection: the client sees a body shorter than its Content-Length, or a chunked body
    without its last chunk.
    """


@dataclass(frozen=True)
class SeenRequest:
    """One request the server received: unpacks as ``(method, path, headers)``.

    ``headers`` has lower-case names; repeated headers are joined with ``", "``.
    """

    method: str
    path: str
    headers: Mapping[str, str]
    query: str = ""

    def __iter__(self) -> Iterator[Any]:
        return iter((self.method, self.path, self.headers))

    def to_json(self) -> dict[str, Any]:
        """A JSON-friendly form (for ``GET /__local__/requests``)."""
        return {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": dict(self.headers),
        }


class RequestLog:
    """Thread-safe record of the last ``size`` requests a server received (a ring: the oldest
    is forgotten when a new one comes), and ``total``, the count of all of them.

    Example::

        server.requests.clear()
        client.post(...)
        assert server.requests.count("POST", "/api/workflows/create") == 1
        assert all("x-api-key" not in r.headers for r in server.requests)
    """

    def __init__(self, size: int = DEFAULT_REQUEST_LOG_SIZE) -> None:
        if (
            isinstance(size, bool)
            or not isinstance(size, int)
            or not 0 <= size <= MAX_REQUEST_LOG_SIZE
        ):
            raise ValueError(
                f"the request log size must be an integer from 0 to {MAX_REQUEST_LOG_SIZE}, "
                f"got {size!r}"
            )
        self._lock = threading.Lock()
        self._items: deque[SeenRequest] = deque(maxlen=size)
        self._total = 0

    @property
    def size(self) -> int:
        """How many requests are kept at most (0: none, only counted)."""
        return self._items.maxlen or 0

    @property
    def total(self) -> int:
        """How many requests arrived since the start (or the last ``clear``), kept or not."""
        with self._lock:
            return self._total

    def append(self, request: SeenRequest) -> None:
        """Record a request (forgetting the oldest one when the log is full)."""
        with self._lock:
            self._items.append(request)
            self._total += 1

    def clear(self) -> None:
        """Forget every recorded request and restart ``total`` from 0."""
        with self._lock:
            self._items.clear()
            self._total = 0

    def snapshot(self) -> list[SeenRequest]:
        """A copy of the records kept, oldest first."""
        with self._lock:
            return list(self._items)

    def count(self, method: str | None = None, path: str | None = None) -> int:
        """How many of the kept requests matched ``method`` and/or ``path`` (exact)."""
        return sum(
            1
            for item in self.snapshot()
            if (method is None or item.method == method.upper())
            and (path is None or item.path == path)
        )

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __iter__(self) -> Iterator[SeenRequest]:
        return iter(self.snapshot())

    @overload
    def __getitem__(self, index: int) -> SeenRequest: ...

    @overload
    def __getitem__(self, index: slice) -> list[SeenRequest]: ...

    def __getitem__(self, index: int | slice) -> SeenRequest | list[SeenRequest]:
        if isinstance(index, slice):
            return self.snapshot()[index]
        with self._lock:
            return self._items[index]

    def __repr__(self) -> str:
        with self._lock:
            return f"RequestLog({len(self._items)} kept of {self._total} requests)"


def _targets(methods: frozenset[str] | None, prefix: str | None, method: str, path: str) -> bool:
    """Whether a fault limited to ``methods`` and a path ``prefix`` (None: any) hits a request."""
    return (methods is None or method in methods) and (prefix is None or path.startswith(prefix))


@dataclass
class _FailRule:
    remaining: int
    status: int
    retry_after: str | None
    html: bool
    methods: frozenset[str] | None
    path: str | None
    after_processing: bool
    # A canned body (sent as is, even empty) instead of the {"error"} or HTML page.
    body: bytes | None = None
    content_type: str | None = None

    def matches(self, method: str, path: str) -> bool:
        return self.remaining > 0 and _targets(self.methods, self.path, method, path)


@dataclass
class _CountedRule:
    """A fault for the next ``remaining`` matching requests (reset, stall)."""

    remaining: int
    methods: frozenset[str] | None
    path: str | None
    seconds: float = 0.0

    def matches(self, method: str, path: str) -> bool:
        return self.remaining > 0 and _targets(self.methods, self.path, method, path)


@dataclass
class _DropRule:
    after_bytes: int
    methods: frozenset[str] | None
    path: str | None

    def matches(self, method: str, path: str) -> bool:
        return _targets(self.methods, self.path, method, path)


@dataclass
class StreamPlan:
    """What the next AI stream must do wrong (all None/False: nothing)."""

    drop_after: int | None = None
    abort_connection: bool = False
    malformed_after: int | None = None
    error: tuple[str, int] | None = None
    long_line: tuple[int, int] | None = None

    def apply(self, lines: list[bytes]) -> list[bytes]:
        """Rewrite the good stream's lines (ending with ``complete``) per this plan."""
        if self.long_line is not None:
            size, after = self.long_line
            index = min(after, len(lines) - 1)
            lines = [*lines[:index], _long_operation_line(size), *lines[index:]]
        if self.error is not None:
            message, after = self.error
            body = lines[:-1][:after]
            lines = [*body, _ndjson({"type": "error", "error": message})]
        if self.drop_after is not None:
            lines = lines[:-1][: self.drop_after]
        if self.malformed_after is not None:
            index = min(self.malformed_after, len(lines))
            lines = [*lines[:index], b"this is not json {\n", *lines[index:]]
        return lines


def _ndjson(value: Any) -> bytes:
    return (json.dumps(value, separators=(",", ":")) + "\n").encode("utf-8")


def _long_operation_line(size: int) -> bytes:
    """A valid ``setDescription`` operation line of ``size`` bytes, its ``\\n`` included."""
    empty = _ndjson({"type": "operation", "operation": {"op": "setDescription", "description": ""}})
    padding = max(0, size - len(empty))
    return empty.replace(b'"description":""', b'"description":"' + b"x" * padding + b'"')


def _methods(methods: Iterable[str] | None) -> frozenset[str] | None:
    return None if methods is None else frozenset(m.upper() for m in methods)


@dataclass
class _State:
    latency: float = 0.0
    fail_rules: list[_FailRule] = field(default_factory=list)
    resets: list[_CountedRule] = field(default_factory=list)
    stalls: list[_CountedRule] = field(default_factory=list)
    drop: _DropRule | None = None
    stream: StreamPlan = field(default_factory=StreamPlan)


class Faults:
    """The faults the local server injects; all methods are thread-safe.

    Example::

        server.faults.fail_next(2, status=503, retry_after=0)
        server.faults.drop_stream_after(3)
        server.faults.reset()
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state = _State()
        self._stalled_running = 0

    # -- setting faults ---------------------------------------------------------------------

    def latency(self, seconds: float) -> None:
        """Delay every answer by ``seconds`` (0 turns it off)."""
        if seconds < 0:
            raise ValueError("latency must be >= 0")
        with self._lock:
            self._state.latency = float(seconds)

    def fail_next(
        self,
        n: int = 1,
        status: int = 503,
        retry_after: float | str | None = None,
        html: bool = False,
        methods: Iterable[str] | None = None,
        *,
        path: str | None = None,
        after_processing: bool = False,
    ) -> None:
        """Answer the next ``n`` matching requests with ``status``.

        The body is ``{"error": "..."}``, or an HTML page like a proxy's when ``html`` is true;
        ``Retry-After`` is set when ``retry_after`` is given. ``methods`` and ``path`` (a path
        prefix) restrict which requests count. By default the request never reaches the app;
        with ``after_processing=True`` the app handles it (a webhook really runs) and the
        answer is then replaced, like a proxy timing out after the upstream accepted the work.
        """
        if n < 1:
            raise ValueError("n must be >= 1")
        if not 100 <= status <= 599:
            raise ValueError("status must be an HTTP status code")
        rule = _FailRule(
            remaining=n,
            status=status,
            retry_after=None if retry_after is None else _retry_after_text(retry_after),
            html=html,
            methods=_methods(methods),
            path=path,
            after_processing=after_processing,
        )
        with self._lock:
            self._state.fail_rules.append(rule)

    def answer_next(
        self,
        n: int = 1,
        status: int = 200,
        body: bytes | str = b"",
        content_type: str | None = None,
        retry_after: float | str | None = None,
        methods: Iterable[str] | None = None,
        *,
        path: str | None = None,
        after_processing: bool = False,
        body_base64: str | None = None,
    ) -> None:
        """Answer the next ``n`` matching requests with exactly this status and body.

        For the answers no route gives: an empty 503, a 2xx whose body is not JSON, an
        error envelope of another service, a ZIP cut short. ``body`` is sent as is (a str as
        UTF-8; over HTTP binary bodies come as ``body_base64``); ``Content-Type`` is sent only
        when ``content_type`` is given. ``retry_after``, ``methods``, ``path`` and
        ``after_processing`` work as in :meth:`fail_next`.

        Example::

            server.faults.answer_next(status=503, retry_after=1)  # empty body
            server.faults.answer_next(body="{not json", content_type="application/json",
                                      after_processing=True)
        """
        if n < 1:
            raise ValueError("n must be >= 1")
        if not 100 <= status <= 599:
            raise ValueError("status must be an HTTP status code")
        if body_base64 is not None:
            raw = base64.b64decode(body_base64, validate=True)
        elif isinstance(body, str):
            raw = body.encode("utf-8")
        elif isinstance(body, bytes | bytearray):
            raw = bytes(body)
        else:
            raise TypeError("body must be bytes or str")
        rule = _FailRule(
            remaining=n,
            status=status,
            retry_after=None if retry_after is None else _retry_after_text(retry_after),
            html=False,
            methods=_methods(methods),
            path=path,
            after_processing=after_processing,
            body=raw,
            content_type=content_type,
        )
        with self._lock:
            self._state.fail_rules.append(rule)

    def reset_next(
        self, n: int = 1, *, methods: Iterable[str] | None = None, path: str | None = None
    ) -> None:
        """Reset (TCP RST) the connection of the next ``n`` matching requests before a single
        byte of the answer is sent. The request is recorded but never reaches the routes."""
        if n < 1:
            raise ValueError("n must be >= 1")
        with self._lock:
            self._state.resets.append(_CountedRule(n, _methods(methods), path))

    def stall_next(
        self,
        seconds: float,
        n: int = 1,
        *,
        methods: Iterable[str] | None = None,
        path: str | None = None,
    ) -> None:
        """Hold back the answer of the next ``n`` matching requests for ``seconds``.

        The route runs at once (a create is stored, a webhook runs), only its answer is late:
        like a slow proxy, it makes the client's read timeout fire after the work was done.
        """
        if not 0 < seconds <= 3600:
            raise ValueError("seconds must be > 0 and <= 3600")
        if n < 1:
            raise ValueError("n must be >= 1")
        with self._lock:
            self._state.stalls.append(_CountedRule(n, _methods(methods), path, float(seconds)))

    def drop_connection(
        self,
        after_bytes: int = 0,
        *,
        methods: Iterable[str] | None = None,
        path: str | None = None,
    ) -> None:
        """Cut the next matching answer: headers and at most ``after_bytes`` of the body are
        sent, then the connection closes before the body is complete."""
        if after_bytes < 0:
            raise ValueError("after_bytes must be >= 0")
        with self._lock:
            self._state.drop = _DropRule(after_bytes, _methods(methods), path)

    def drop_stream_after(self, n_lines: int, *, abort_connection: bool = False) -> None:
        """End the next AI stream after ``n_lines`` lines, without ``complete``.

        The stream ends cleanly (a valid chunked body) unless ``abort_connection`` is true, in
        which case the connection is closed without the final chunk.
        """
        if n_lines < 0:
            raise ValueError("n_lines must be >= 0")
        with self._lock:
            self._state.stream.drop_after = n_lines
            self._state.stream.abort_connection = abort_connection

    def malformed_stream_line(self, after_lines: int = 1) -> None:
        """Put one line that is not JSON into the next AI stream, after ``after_lines`` lines."""
        if after_lines < 0:
            raise ValueError("after_lines must be >= 0")
        with self._lock:
            self._state.stream.malformed_after = after_lines

    def stream_error(
        self, message: str = "Failed to generate workflow", after_lines: int = 0
    ) -> None:
        """Make the next AI stream send ``{"type": "error", "error": message}`` after
        ``after_lines`` good lines, then end."""
        if after_lines < 0:
            raise ValueError("after_lines must be >= 0")
        with self._lock:
            self._state.stream.error = (message, after_lines)

    def long_stream_line(self, size: int, after_lines: int = 1) -> None:
        """Put one valid operation line of ``size`` bytes into the next AI stream, after
        ``after_lines`` lines (a client must refuse to buffer a line without bound)."""
        if not 1 <= size <= 256 * 1024 * 1024:
            raise ValueError("size must be between 1 byte and 256 MiB")
        if after_lines < 0:
            raise ValueError("after_lines must be >= 0")
        with self._lock:
            self._state.stream.long_line = (size, after_lines)

    def reset(self) -> None:
        """Turn every fault off."""
        with self._lock:
            self._state = _State()

    def configure(self, spec: Mapping[str, Any]) -> None:
        """Set faults from a JSON object (the body of ``POST /__local__/faults``).

        Keys: ``latency`` (seconds), ``fail_next`` ({n, status, retry_after, html, methods,
        path, after_processing}), ``drop_connection`` ({after_bytes, methods, path}),
        ``drop_stream_after`` ({n_lines, abort_connection} or an int),
        ``malformed_stream_line`` ({after_lines} or true), ``stream_error``
        ({message, after_lines}), ``answer_next`` ({n, status, body | body_base64,
        content_type, retry_after, methods, path, after_processing}), ``reset_next`` ({n,
        methods, path} or an int), ``stall_next`` ({seconds, n, methods, path} or a number),
        ``long_stream_line`` ({size, after_lines} or an int), ``reset`` (true: reset first).
        """
        known = {
            "reset",
            "latency",
            "fail_next",
            "answer_next",
            "reset_next",
            "stall_next",
            "drop_connection",
            "drop_stream_after",
            "malformed_stream_line",
            "stream_error",
            "long_stream_line",
        }
        unknown = set(spec) - known
        if unknown:
            raise ValueError(f"unknown fault(s): {', '.join(sorted(unknown))}")
        if spec.get("reset"):
            self.reset()
        if "latency" in spec:
            self.latency(float(spec["latency"]))
        if "fail_next" in spec:
            self.fail_next(**_kwargs(spec["fail_next"], "n"))
        if "answer_next" in spec:
            self.answer_next(**_kwargs(spec["answer_next"], "status"))
        if "reset_next" in spec:
            self.reset_next(**_kwargs(spec["reset_next"], "n"))
        if "stall_next" in spec:
            self.stall_next(**_kwargs(spec["stall_next"], "seconds"))
        if "long_stream_line" in spec:
            self.long_stream_line(**_kwargs(spec["long_stream_line"], "size"))
        if "drop_connection" in spec:
            self.drop_connection(**_kwargs(spec["drop_connection"], "after_bytes"))
        if "drop_stream_after" in spec:
            self.drop_stream_after(**_kwargs(spec["drop_stream_after"], "n_lines"))
        if "malformed_stream_line" in spec:
            self.malformed_stream_line(**_kwargs(spec["malformed_stream_line"], "after_lines"))
        if "stream_error" in spec:
            self.stream_error(**_kwargs(spec["stream_error"], "message"))

    def snapshot(self) -> dict[str, Any]:
        """The pending faults as JSON (for ``GET /__local__/faults``)."""
        with self._lock:
            state = self._state
            return {
                "latency": state.latency,
                "fail_next": [
                    {
                        "remaining": rule.remaining,
                        "status": rule.status,
                        "retry_after": rule.retry_after,
                        "html": rule.html,
                        "methods": None if rule.methods is None else sorted(rule.methods),
                        "path": rule.path,
                        "after_processing": rule.after_processing,
                        "body_bytes": None if rule.body is None else len(rule.body),
                        "content_type": rule.content_type,
                    }
                    for rule in state.fail_rules
                    if rule.remaining > 0
                ],
                "reset_next": _counted_json(state.resets),
                "stall_next": _counted_json(state.stalls),
                "drop_connection": None
                if state.drop is None
                else {"after_bytes": state.drop.after_bytes, "path": state.drop.path},
                "stream": {
                    "drop_after": state.stream.drop_after,
                    "abort_connection": state.stream.abort_connection,
                    "malformed_after": state.stream.malformed_after,
                    "error": None if state.stream.error is None else list(state.stream.error),
                    "long_line": None
                    if state.stream.long_line is None
                    else list(state.stream.long_line),
                },
            }

    # -- consuming faults (server side) -------------------------------------------------------

    def current_latency(self) -> float:
        """The configured latency in seconds."""
        with self._lock:
            return self._state.latency

    def take_failure(self, method: str, path: str) -> _FailRule | None:
        """Consume one failure for this request, if a rule matches."""
        with self._lock:
            for rule in self._state.fail_rules:
                if rule.matches(method, path):
                    rule.remaining -= 1
                    return rule
            return None

    def take_reset(self, method: str, path: str) -> bool:
        """Consume one connection reset for this request, if a rule matches."""
        return _take(self._lock, self._state.resets, method, path) is not None

    def take_stall(self, method: str, path: str) -> float | None:
        """Consume one stall for this request: the seconds to hold the answer, or None.

        The request then counts in :attr:`stalled_routes_running` until its route is done."""
        rule = _take(self._lock, self._state.stalls, method, path)
        if rule is None:
            return None
        with self._lock:
            self._stalled_running += 1
        return rule.seconds

    def stalled_route_done(self) -> None:
        """The route of a stalled request finished (its answer is now being held)."""
        with self._lock:
            self._stalled_running -= 1

    @property
    def stalled_routes_running(self) -> int:
        """How many stalled requests are still being handled by their route.

        A client times out while its answer is held back; wait for this to reach 0 before
        counting what the request did (a workflow stored, a run started).
        """
        with self._lock:
            return self._stalled_running

    def take_drop(self, method: str, path: str) -> _DropRule | None:
        """Consume the connection-drop fault if it matches this request."""
        with self._lock:
            drop = self._state.drop
            if drop is not None and drop.matches(method, path):
                self._state.drop = None
                return drop
            return None

    def take_stream_plan(self) -> StreamPlan:
        """Consume the AI stream faults (each applies to one stream only)."""
        with self._lock:
            plan = self._state.stream
            self._state.stream = StreamPlan()
            return plan


def _take(
    lock: threading.Lock, rules: list[_CountedRule], method: str, path: str
) -> _CountedRule | None:
    with lock:
        for rule in rules:
            if rule.matches(method, path):
                rule.remaining -= 1
                return rule
        return None


def _counted_json(rules: list[_CountedRule]) -> list[dict[str, Any]]:
    return [
        {
            "remaining": rule.remaining,
            "methods": None if rule.methods is None else sorted(rule.methods),
            "path": rule.path,
            **({"seconds": rule.seconds} if rule.seconds else {}),
        }
        for rule in rules
        if rule.remaining > 0
    ]


def _retry_after_text(value: float | str) -> str:
    if isinstance(value, str):
        return value
    return str(int(value)) if float(value).is_integer() else str(value)


def _kwargs(value: Any, positional: str) -> dict[str, Any]:
    # Over HTTP a fault may be given as its main argument alone (e.g. "drop_stream_after": 2).
    if isinstance(value, Mapping):
        return dict(value)
    if value is True:
        return {}
    return {positional: value}


_HTML_PAGE = (
    "<html>\r\n<head><title>{code} {phrase}</title></head>\r\n<body>\r\n"
    "<center><h1>{code} {phrase}</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


async def _drain(receive: Receive) -> None:
    # Read the request body so that the connection can be reused after our early answer.
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return


async def _send_failure(rule: _FailRule, send: Send) -> None:
    phrase = _phrase(rule.status)
    content_type: bytes | None
    if rule.body is not None:
        body = rule.body
        content_type = None if rule.content_type is None else rule.content_type.encode("latin-1")
    elif rule.html:
        body = _HTML_PAGE.format(code=rule.status, phrase=phrase).encode()
        content_type = b"text/html"
    else:
        body = json.dumps({"error": f"Injected fault: {rule.status} {phrase}"}).encode()
        content_type = b"application/json"
    headers = [(b"content-length", str(len(body)).encode())]
    if content_type is not None:
        headers.append((b"content-type", content_type))
    if rule.retry_after is not None:
        headers.append((b"retry-after", rule.retry_after.encode()))
    await send({"type": "http.response.start", "status": rule.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class FaultMiddleware:
    """Outermost ASGI layer: records requests, serves ``/__local__/``, injects faults."""

    def __init__(
        self, app: ASGIApp, control_app: ASGIApp, faults: Faults, requests: RequestLog
    ) -> None:
        self._app = app
        self._control_app = control_app
        self._faults = faults
        self._requests = requests

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith(CONTROL_PREFIX):
            await self._control_app(scope, receive, send)
            return
        method: str = scope["method"]
        headers: dict[str, str] = {}
        for raw_name, raw_value in scope["headers"]:
            name = raw_name.decode("latin-1").lower()
            value = raw_value.decode("latin-1")
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        query = scope.get("query_string", b"").decode("latin-1")
        self._requests.append(SeenRequest(method, path, headers, query))

        # The faults that apply are taken when the request arrives: one still waiting out its
        # latency never takes a fault set after it came in (its client may be long gone).
        reset = self._faults.take_reset(method, path)
        failure = None if reset else self._faults.take_failure(method, path)
        stall = None if reset or failure else self._faults.take_stall(method, path)
        drop = None if reset or failure or stall else self._faults.take_drop(method, path)
        latency = self._faults.current_latency()
        if latency:
            await asyncio.sleep(latency)

        if reset:
            await _reset_connection(send)
            return
        if failure is not None and not failure.after_processing:
            await _drain(receive)
            await _send_failure(failure, send)
            return
        if failure is not None:
            await self._app(scope, receive, _discard)
            await _send_failure(failure, send)
            return
        if stall is not None:
            await _stalled(self._app, stall, scope, receive, send, self._faults)
            return
        if drop is not None:
            send = _truncating_send(send, drop.after_bytes)
        try:
            await self._app(scope, receive, send)
        except* DropConnection:
            # Returning with the response unfinished makes uvicorn close the connection.
            pass


async def _discard(message: Message) -> None:
    return None


async def _stalled(
    app: ASGIApp, seconds: float, scope: Scope, receive: Receive, send: Send, faults: Faults
) -> None:
    # The route runs now; its whole answer is kept, then sent late (uvicorn drops what is
    # sent after the client went away).
    answer: list[Message] = []

    async def keep(message: Message) -> None:
        answer.append(message)

    try:
        await app(scope, receive, keep)
    finally:
        faults.stalled_route_done()
    await asyncio.sleep(seconds)
    for message in answer:
        await send(message)


def _server_cycle(send: Send) -> tuple[Any, asyncio.Transport] | None:
    """uvicorn's request cycle and its transport, found from the ``send`` the app was given.

    uvicorn's ``send`` is a method of the request's cycle, which holds the transport; an ASGI
    layer in between wraps it in a function that closes over the ``send`` it was given (a
    variable named ``send``, as every Starlette middleware names it). Follow that chain.
    """
    current: Any = send
    for _ in range(16):
        cycle = getattr(current, "__self__", None)
        transport = getattr(cycle, "transport", None)
        if isinstance(transport, asyncio.Transport):
            return cycle, transport
        code = getattr(current, "__code__", None)
        closure = getattr(current, "__closure__", None)
        if code is None or not closure:
            return None
        cells = dict(zip(code.co_freevars, closure, strict=True))
        if "send" not in cells:
            return None
        current = cells["send"].cell_contents
    return None


async def _reset_connection(send: Send) -> None:
    """Close the connection with a TCP RST before anything of the answer was sent.

    ASGI has no message for this, and a server answers 500 to an app that returns without
    answering: abort uvicorn's transport with SO_LINGER 0 (an RST, not a polite FIN). Under
    another server this falls back to cutting the answer right after its headers.
    """
    found = _server_cycle(send)
    if found is None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        raise DropConnection
    cycle, transport = found
    sock = transport.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()
    # Let the server see the connection is lost, so that it does not try to answer 500.
    for _ in range(10):
        if getattr(cycle, "disconnected", True):
            break
        await asyncio.sleep(0)


def _truncating_send(send: Send, limit: int) -> Send:
    sent = 0

    async def truncating(message: Message) -> None:
        nonlocal sent
        if message["type"] != "http.response.body":
            await send(message)
            return
        body: bytes = message.get("body", b"")
        room = limit - sent
        if len(body) < room and message.get("more_body", False):
            sent += len(body)
            await send(message)
            return
        # Either the limit is reached or this is the last chunk: send what the limit allows,
        # never the end of the body, and give up on the response.
        part = body[: max(0, min(room, len(body) - (0 if message.get("more_body") else 1)))]
        if part:
            await send({"type": "http.response.body", "body": part, "more_body": True})
        raise DropConnection

    return truncating
