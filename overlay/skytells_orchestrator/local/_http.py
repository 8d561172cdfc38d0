"""What the local Orchestrator accepts on the wire: body size, strict JSON, raw-path routing.

- A request body may be at most ``MAX_BODY_BYTES`` (4.5 MB, what the hosted platform's
  serverless functions accept). A larger declared ``Content-Length`` is refused with 413 before
  any of the body is read; a body without one is counted while it streams in and refused as
  soon as it passes the limit.
- JSON bodies are parsed strictly: ``NaN``/``Infinity``, numbers that do not fit a double,
  lone surrogates and nesting deeper than ``MAX_JSON_DEPTH`` are refused, so nothing that
  cannot be stored and read back ever reaches the database.
- Routes match the path as sent (``raw_path``), so an encoded ``/`` (``%2F``) inside an id stays
  inside that id, as on the hosted service; path parameters are decoded afterwards.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "MAX_BODY_BYTES",
    "MAX_JSON_DEPTH",
    "BodyLimit",
    "HttpError",
    "InvalidJson",
    "RawPathRouting",
    "decoded_path_params",
    "parse_json",
]

MAX_BODY_BYTES = 4_500_000
MAX_JSON_DEPTH = 64

_TOO_LARGE = f"Request body too large (the limit is {MAX_BODY_BYTES} bytes)"
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


def _too_large_response() -> Response:
    body = json.dumps({"error": _TOO_LARGE}).encode()
    return Response(
        body,
        status_code=413,
        media_type="application/json",
        # The rest of the body is not read: the connection cannot carry another request.
        headers={"Connection": "close"},
    )


class BodyLimit:
    """Outermost ASGI layer: refuses request bodies over ``MAX_BODY_BYTES`` with 413."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self._app = app
        self._limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name.lower() == b"content-length":
                declared = value.strip()
                if not declared.isdigit() or int(declared) > self._limit:
                    await _too_large_response()(scope, receive, send)
                    return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self._limit:
                    raise HttpError(413, _TOO_LARGE)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self._app(scope, counting_receive, watching_send)
        except HttpError as error:
            # Raised out of an app without its own handler (e.g. while a fault drains a body).
            if error.status != 413 or started:
                raise
            await _too_large_response()(scope, receive, send)


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
