"""What the local Orchestrator accepts on the wire: body size, strict JSON, raw-path routing.

- A request body may be at most ``MAX_BODY_BYTES`` (4.5 MB, what the hosted platform's
  serverless functions accept). A larger declared ``Content-Length`` is refused with 413 before
  any of the body is read; a body without one is counted while it streams in and refused as
  soon as it passes the limit.
- JSON bodies are parsed strictly: ``NaN``/``Infinity``, numbers that do not fit a double,
  lone surrogates and nesting deeper than ``MAX_JSON_DEPTH`` are refused, so nothing that
  cannot be stored and read back ever reaches the database.
- A request body must arrive whole within ``body_timeout`` seconds (``DEFAULT_BODY_TIMEOUT``)
  of the first read: a client that declares a body and stalls is answered 408 and its
  connection closed, so it cannot hold the server's resources forever.
- Routes match the path as sent (``raw_path``), so an encoded ``/`` (``%2F``) inside an id stays
  inside that id, as on the hosted service; path parameters are decoded afterwards.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "DEFAULT_BODY_TIMEOUT",
    "MAX_BODY_BYTES",
    "MAX_JSON_DEPTH",
    "BodyLimit",
    "HttpError",
    "InvalidJson",
    "RawPathRouting",
    "RequestLines",
    "decoded_path_params",
    "parse_json",
]

MAX_BODY_BYTES = 4_500_000
MAX_JSON_DEPTH = 64
DEFAULT_BODY_TIMEOUT = 30.0

_TOO_LARGE = f"Request body too large (the limit is {MAX_BODY_BYTES} bytes)"
_BODY_TIMEOUT = "Request body not received in time"
_SURROGATE = re.compile("[\ud800-\udfff]")


class HttpError(Exception):
    """An error answer: ``{"error": message, **extra}`` with ``status``."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.payload: dict[str, Any] = {"error": message, **extra}


class InvalidJson(ValueError):
    """A body the server refuses to parse.

    ``parses_in_javascript`` is True when a JavaScript server would have parsed it (lone
    surrogates, deep nesting, huge numbers) but it cannot be stored; False when it is not JSON
    at all (including ``NaN`` and ``Infinity``, which ``JSON.parse`` refuses too).
    """

    def __init__(self, message: str, *, parses_in_javascript: bool) -> None:
        super().__init__(message)
        self.parses_in_javascript = parses_in_javascript


class _Unstorable(Exception):
    pass


def _no_constant(name: str) -> Any:
    raise InvalidJson(f"{name} is not valid JSON", parses_in_javascript=False)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Unstorable(f"number {text[:20]} is too large")
    return value


def _int(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:  # more digits than Python converts by default
        raise _Unstorable("number has too many digits") from None


def _check(value: Any) -> None:
    """Refuse lone surrogates and nesting deeper than ``MAX_JSON_DEPTH`` (iteratively)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise _Unstorable("string contains a lone surrogate")
        elif isinstance(item, dict | list):
            if depth > MAX_JSON_DEPTH:
                raise _Unstorable(f"nesting is deeper than {MAX_JSON_DEPTH} levels")
            if isinstance(item, dict):
                stack.extend((key, depth) for key in item)
                stack.extend((child, depth + 1) for child in item.values())
            else:
                stack.extend((child, depth + 1) for child in item)


def parse_json(raw: bytes) -> Any:
    """Parse a request body as strict JSON (UTF-8); raises ``InvalidJson``.

    Example::

        parse_json(b'{"a": 1}') == {"a": 1}; parse_json(b"NaN")  # raises InvalidJson
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidJson("body is not UTF-8", parses_in_javascript=False) from None
    try:
        value = json.loads(
            text, parse_constant=_no_constant, parse_float=_finite_float, parse_int=_int
        )
        _check(value)
    except _Unstorable as exc:
        raise InvalidJson(str(exc), parses_in_javascript=True) from None
    except RecursionError:
        message = f"nesting is deeper than {MAX_JSON_DEPTH} levels"
        raise InvalidJson(message, parses_in_javascript=True) from None
    except InvalidJson:
        raise
    except ValueError as exc:
        raise InvalidJson(f"body is not JSON: {exc}", parses_in_javascript=False) from None
    return value


def _closing_response(status: int, message: str) -> Response:
    return Response(
        json.dumps({"error": message}).encode(),
        status_code=status,
        media_type="application/json",
        # The rest of the body is not read: the connection cannot carry another request.
        headers={"Connection": "close"},
    )


class _BodyStalled(Exception):
    """The request body did not arrive in time (raised into the app to unwind it)."""


class BodyLimit:
    """Outermost ASGI layer: refuses request bodies over ``limit`` bytes with 413, and bodies
    not received whole within ``timeout`` seconds of the first read with 408 (both close
    the connection)."""

    def __init__(
        self, app: ASGIApp, limit: int = MAX_BODY_BYTES, timeout: float = DEFAULT_BODY_TIMEOUT
    ) -> None:
        self._app = app
        self._limit = limit
        self._timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name.lower() == b"content-length":
                declared = value.strip()
                if not declared.isdigit() or int(declared) > self._limit:
                    await _closing_response(413, _TOO_LARGE)(scope, receive, send)
                    return
        received = 0
        started = stalled = body_done = False
        deadline: float | None = None

        async def counting_receive() -> Message:
            nonlocal received, stalled, body_done, deadline
            if body_done:  # only the disconnect is left to wait for: no deadline
                return await receive()
            loop = asyncio.get_running_loop()
            if deadline is None:
                deadline = loop.time() + self._timeout
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                stalled = True
                if not started:
                    await _closing_response(408, _BODY_TIMEOUT)(scope, receive, send)
                raise _BodyStalled from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self._limit:
                    raise HttpError(413, _TOO_LARGE)
                body_done = not message.get("more_body", False)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            if stalled:  # already answered 408 (or given up): the app's answer goes nowhere
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self._app(scope, counting_receive, watching_send)
        except HttpError as error:
            # Raised out of an app without its own handler (e.g. while a fault drains a body).
            if error.status != 413 or started:
                raise
            await _closing_response(413, _TOO_LARGE)(scope, receive, send)
        except Exception:
            if not stalled:
                raise
            # Returning with the answer unfinished (if it was started) closes the connection.


request_logger = logging.getLogger("skytells_orchestrator.local.requests")


def _printable_path(raw: bytes) -> str:
    """The path as sent, each byte outside printable ASCII (control characters, escape
    sequences, spaces, non-ASCII) shown as ``%XX``: one line, safe on a terminal."""
    return "".join(chr(byte) if 0x21 <= byte < 0x7F else f"%{byte:02X}" for byte in raw)


class RequestLines:
    """Logs one line per request on ``skytells_orchestrator.local.requests`` (INFO) once it is
    answered: ``GET /api/workflows 200 3.1 ms``. Method, path, status and duration only:
    never the query, a header (keys, cookies) or a body. ``-`` is the status of a request
    whose connection was cut before an answer started."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not request_logger.isEnabledFor(logging.INFO):
            await self._app(scope, receive, send)
            return
        began = time.perf_counter()
        status = "-"

        async def watching_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = str(message["status"])
            await send(message)

        try:
            await self._app(scope, receive, watching_send)
        finally:
            raw = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
            request_logger.info(
                "%s %s %s %.1f ms",
                _printable_path(scope["method"].encode("latin-1", "replace")),
                _printable_path(bytes(raw)),
                status,
                (time.perf_counter() - began) * 1000,
            )


class RawPathRouting:
    """Routes on the path as sent, so ``%2F`` inside an id does not split it."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw_path = scope.get("raw_path")
        if scope["type"] == "http" and isinstance(raw_path, bytes | bytearray):
            scope = {**scope, "path": bytes(raw_path).decode("latin-1")}
        await self._app(scope, receive, send)


def decoded_path_params(
    endpoint: Callable[[Request], Awaitable[Response]],
) -> Callable[[Request], Awaitable[Response]]:
    """Wrap an endpoint so that its path parameters arrive percent-decoded."""

    async def wrapped(request: Request) -> Response:
        params = request.scope.get("path_params") or {}
        request.scope["path_params"] = {
            name: unquote(value, errors="replace") if isinstance(value, str) else value
            for name, value in params.items()
        }
        return await endpoint(request)

    wrapped.__name__ = getattr(endpoint, "__name__", "endpoint")
    wrapped.__doc__ = endpoint.__doc__
    return wrapped
