"""Helpers shared by the SDK behaviour tests (imported by name: pytest puts this folder on
sys.path, and the name is unique across the test tree).

Two ways to talk to the SDK:

- :class:`Recorder`, an ``httpx.MockTransport`` handler that answers from a script and
  records every request it saw (transport-level cases: envelopes, bodies, ids, redirects);
- the local Orchestrator (fixtures in ``conftest.py``) where real HTTP matters.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import httpx
from skytells_orchestrator import AsyncSkytells, Skytells
from skytells_orchestrator.local import LocalOrchestrator

BASE_URL = "https://orchestrator.test"
WFB_KEY = "wfb_TestKeyAbcdefghijklmnopqrstuvwx"
PLATFORM_KEY = "sk-PlatformSecretAbcdefghijklmnopq"
# Signed and URL-encoded, as a browser stores it: the "%2B" etc. must reach the server as is.
SESSION_TOKEN = "Sess1onTok3nAbcdefghijklmnopqrst.S1gn%2Bature%2Fvalue%3D"

NOW = "2026-01-13T08:27:12.123Z"

Reply = httpx.Response | BaseException | Callable[[httpx.Request], httpx.Response]


def workflow_json(**extra: Any) -> dict[str, Any]:
    """A minimal valid ``Workflow`` object as the server sends it."""
    return {
        "id": "wf_1",
        "name": "Flow",
        "description": None,
        "userId": "user_1",
        "nodes": [],
        "edges": [],
        "visibility": "private",
        "createdAt": NOW,
        "updatedAt": NOW,
        **extra,
    }


def execution_json(**extra: Any) -> dict[str, Any]:
    """A minimal valid ``Execution`` object."""
    return {
        "id": "ex_1",
        "workflowId": "wf_1",
        "userId": "user_1",
        "status": "running",
        "input": {},
        "output": None,
        "error": None,
        "startedAt": NOW,
        "completedAt": None,
        "duration": None,
        **extra,
    }


def log_entry_json(**extra: Any) -> dict[str, Any]:
    """A minimal valid ``LogEntry`` object."""
    return {
        "id": "log_1",
        "executionId": "ex_1",
        "nodeId": "n1",
        "nodeName": "Step",
        "nodeType": "action",
        "status": "success",
        "input": {},
        "output": {},
        "error": None,
        "startedAt": NOW,
        "completedAt": NOW,
        "duration": "5",
        "timestamp": NOW,
        **extra,
    }


def integration_json(**extra: Any) -> dict[str, Any]:
    """A valid ``Integration`` (with config)."""
    return {
        "id": "int_1",
        "name": "Slack",
        "type": "slack",
        "config": {"token": "x"},
        "createdAt": NOW,
        "updatedAt": NOW,
        **extra,
    }


def ok(payload: Any = None, status: int = 200, **kwargs: Any) -> Callable[..., httpx.Response]:
    """A reply factory: a fresh JSON response each time (a Response can be sent only once)."""
    body = {"success": True} if payload is None else payload

    def make(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=body, **kwargs)

    return make


def raw(status: int, content: bytes | str = b"", **kwargs: Any) -> Callable[..., httpx.Response]:
    """A reply factory with a raw body."""
    data = content.encode() if isinstance(content, str) else content

    def make(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=data, **kwargs)

    return make


class Recorder:
    """A MockTransport handler: answers from a script (the last entry repeats) and records
    every request, with its body, in ``requests``. Thread-safe."""

    def __init__(self, *replies: Reply) -> None:
        self._replies = list(replies) or [ok()]
        self._lock = threading.Lock()
        self.requests: list[httpx.Request] = []
        self.bodies: list[bytes] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            # The request stream of a MockTransport request is already in memory.
            self.bodies.append(request.read())
            self.requests.append(request)
            index = min(len(self.requests), len(self._replies)) - 1
            reply = self._replies[index]
        if isinstance(reply, BaseException):
            raise reply
        if isinstance(reply, httpx.Response):
            return reply
        return reply(request)

    @property
    def calls(self) -> int:
        return len(self.requests)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def json(self, index: int = -1) -> Any:
        """The JSON body of a recorded request."""
        return json.loads(self.bodies[index])


def mock_client(handler: Callable[[httpx.Request], httpx.Response], **kwargs: Any) -> Skytells:
    """A sync client over a MockTransport (https base URL: no insecure-http refusal)."""
    kwargs.setdefault("orchestrator_api_key", WFB_KEY)
    kwargs.setdefault("orchestrator_base_url", BASE_URL)
    http = httpx.Client(transport=httpx.MockTransport(handler))
    return Skytells(http_client=http, **kwargs)


def mock_async_client(handler: Callable[[httpx.Request], Any], **kwargs: Any) -> AsyncSkytells:
    """An async client over a MockTransport."""
    kwargs.setdefault("orchestrator_api_key", WFB_KEY)
    kwargs.setdefault("orchestrator_base_url", BASE_URL)
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return AsyncSkytells(http_client=http, **kwargs)


def ndjson(*events: Any) -> bytes:
    """NDJSON lines, each ``\\n``-terminated."""
    return b"".join(json.dumps(event).encode() + b"\n" for event in events)


def op_event(op: str, **fields: Any) -> dict[str, Any]:
    """An enveloped operation line."""
    return {"type": "operation", "operation": {"op": op, **fields}}


class GatedStream(httpx.SyncByteStream):
    """A response body that sends ``first`` pieces, then waits for ``gate`` before the rest.

    ``resumed`` records whether the gate was opened (True) or the wait timed out (False);
    ``closed`` whether httpx closed the body; ``sent`` how many pieces went out.
    """

    def __init__(self, first: Iterable[bytes], rest: Iterable[bytes], wait: float = 3.0) -> None:
        self.first = list(first)
        self.rest = list(rest)
        self.gate = threading.Event()
        self.wait = wait
        self.resumed: list[bool] = []
        self.closed = False
        self.sent = 0

    def __iter__(self) -> Iterator[bytes]:
        for piece in self.first:
            self.sent += 1
            yield piece
        self.resumed.append(self.gate.wait(self.wait))
        for piece in self.rest:
            self.sent += 1
            yield piece

    def close(self) -> None:
        self.closed = True


class AsyncGatedStream(httpx.AsyncByteStream):
    """Async twin of :class:`GatedStream` (the gate is an ``asyncio.Event``)."""

    def __init__(self, first: Iterable[bytes], rest: Iterable[bytes], wait: float = 3.0) -> None:
        import asyncio

        self.first = list(first)
        self.rest = list(rest)
        self.gate = asyncio.Event()
        self.wait = wait
        self.resumed: list[bool] = []
        self.closed = False
        self.sent = 0

    async def __aiter__(self) -> Any:
        import asyncio

        for piece in self.first:
            self.sent += 1
            yield piece
        try:
            await asyncio.wait_for(self.gate.wait(), self.wait)
            self.resumed.append(True)
        except TimeoutError:
            self.resumed.append(False)
        for piece in self.rest:
            self.sent += 1
            yield piece

    async def aclose(self) -> None:
        self.closed = True


class FailingStream(httpx.SyncByteStream):
    """A body that sends ``pieces`` and then fails with ``error`` (a connection cut)."""

    def __init__(self, pieces: Iterable[bytes], error: BaseException) -> None:
        self.pieces = list(pieces)
        self.error = error

    def __iter__(self) -> Iterator[bytes]:
        yield from self.pieces
        raise self.error


class AsyncFailingStream(httpx.AsyncByteStream):
    """Async twin of :class:`FailingStream`."""

    def __init__(self, pieces: Iterable[bytes], error: BaseException) -> None:
        self.pieces = list(pieces)
        self.error = error

    async def __aiter__(self) -> Any:
        for piece in self.pieces:
            yield piece
        raise self.error


def header_values(request: httpx.Request) -> list[str]:
    """Every header value of a request, decoded."""
    return [value for _, value in request.headers.multi_items()]


def local_kwargs(server: LocalOrchestrator, **kwargs: Any) -> dict[str, Any]:
    """Constructor arguments for a client of the local server's owner."""
    return {
        "orchestrator_api_key": server.api_key,
        "orchestrator_base_url": server.url,
        "orchestrator_session_token": server.session_token,
        **kwargs,
    }
