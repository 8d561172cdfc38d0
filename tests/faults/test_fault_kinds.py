"""The local server's fault kinds the matrix needs, checked with plain httpx (not the SDK):
canned answers, connection resets before the answer, stalled answers and over-long stream
lines."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections.abc import Iterator

import httpx
import pytest
from fault_runner import Lab, settle
from skytells_orchestrator.local._faults import _server_cycle


@pytest.fixture
def http(fault_lab: Lab) -> Iterator[httpx.Client]:
    server = fault_lab.server
    with httpx.Client(
        base_url=server.url,
        timeout=5.0,
        headers={"Authorization": f"Bearer {server.api_key}"},
        cookies={"better-auth.session_token": server.session_token},
    ) as client:
        yield client


def test_answer_next_sends_exactly_the_status_and_body(fault_lab: Lab, http: httpx.Client) -> None:
    fault_lab.server.faults.answer_next(status=503, retry_after=1, path="/api/user")
    empty = http.get("/api/user")
    assert (empty.status_code, empty.content, empty.headers["retry-after"]) == (503, b"", "1")
    assert "content-type" not in empty.headers
    fault_lab.server.faults.answer_next(status=200, body="{not json", content_type="text/x-odd")
    odd = http.get("/api/user")
    assert (odd.status_code, odd.text, odd.headers["content-type"]) == (
        200,
        "{not json",
        "text/x-odd",
    )
    assert http.get("/api/user").json()["id"] == fault_lab.server.user_id  # one answer only


def test_answer_next_after_processing_does_the_work(fault_lab: Lab, http: httpx.Client) -> None:
    name = "answered-after-processing"
    fault_lab.server.faults.answer_next(
        status=200, body=b"\x00binary", path="/api/workflows/create", after_processing=True
    )
    answer = http.post("/api/workflows/create", json={"name": name, "nodes": [], "edges": []})
    assert answer.content == b"\x00binary"
    assert fault_lab.workflows_named(name) == 1


def test_reset_next_resets_before_any_byte_and_skips_the_route(
    fault_lab: Lab, http: httpx.Client
) -> None:
    name = "never-created"
    fault_lab.server.faults.reset_next(2, path="/api/workflows/create")
    fault_lab.server.requests.clear()
    for _ in range(2):
        request = http.build_request(
            "POST", "/api/workflows/create", json={"name": name, "nodes": [], "edges": []}
        )
        # Not even a status line: sending fails before there is a response to look at.
        with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
            http.send(request, stream=True)
    assert fault_lab.server.requests.count("POST", "/api/workflows/create") == 2
    assert fault_lab.workflows_named(name) == 0
    assert http.get("/api/user").status_code == 200  # other routes and later calls are fine


def test_stall_next_holds_the_answer_after_the_work_is_done(
    fault_lab: Lab, http: httpx.Client
) -> None:
    name = "stalled-create"
    fault_lab.server.faults.stall_next(1.0, path="/api/workflows/create")
    with pytest.raises(httpx.ReadTimeout):
        http.post(
            "/api/workflows/create",
            json={"name": name, "nodes": [], "edges": []},
            timeout=0.2,
        )
    settle(fault_lab.server)
    assert fault_lab.server.faults.stalled_routes_running == 0
    assert fault_lab.workflows_named(name) == 1
    started = time.monotonic()
    fault_lab.server.faults.stall_next(0.3, path="/api/user")
    assert http.get("/api/user").status_code == 200
    assert time.monotonic() - started >= 0.3  # the answer came, late


def test_long_stream_line_is_one_valid_operation_of_that_size(
    fault_lab: Lab, http: httpx.Client
) -> None:
    good = http.post("/api/ai/generate", json={"prompt": "slack"}).content.split(b"\n")
    fault_lab.server.faults.long_stream_line(4096, after_lines=1)
    lines = http.post("/api/ai/generate", json={"prompt": "slack"}).content.split(b"\n")
    assert len(lines) == len(good) + 1
    assert len(lines[1]) + 1 == 4096
    assert json.loads(lines[1])["operation"]["op"] == "setDescription"
    assert [lines[0], *lines[2:]] == good


def test_new_faults_over_http(fault_lab: Lab, http: httpx.Client) -> None:
    control = "/__local__/faults"
    spec = {
        "answer_next": {
            "status": 200,
            "body_base64": base64.b64encode(b"PK\x03\x04cut").decode(),
            "content_type": "application/zip",
            "path": "/api/user",
        },
        "reset_next": {"n": 2, "path": "/api/workflows/create"},
        "stall_next": 0.5,
        "long_stream_line": 100,
    }
    snapshot = http.post(control, json=spec)
    assert snapshot.status_code == 200, snapshot.text
    state = snapshot.json()
    assert state["fail_next"][0]["body_bytes"] == 7
    assert state["reset_next"] == [
        {"remaining": 2, "methods": None, "path": "/api/workflows/create"}
    ]
    assert state["stall_next"][0]["seconds"] == 0.5
    assert state["stream"]["long_line"] == [100, 1]
    assert http.delete(control).json()["reset_next"] == []
    refused = http.post(control, json={"answer_next": {"body_base64": "%%%"}})
    assert refused.status_code == 400


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        ("answer_next", {"n": 0}),
        ("answer_next", {"status": 42}),
        ("answer_next", {"body": 5}),
        ("reset_next", {"n": 0}),
        ("stall_next", {"seconds": 0}),
        ("stall_next", {"seconds": float("nan")}),
        ("stall_next", {"seconds": 1, "n": 0}),
        ("long_stream_line", {"size": 0}),
        ("long_stream_line", {"size": 10, "after_lines": -1}),
    ],
)
def test_new_faults_refuse_bad_arguments(
    fault_lab: Lab, method: str, kwargs: dict[str, object]
) -> None:
    with pytest.raises((TypeError, ValueError)):
        getattr(fault_lab.server.faults, method)(**kwargs)


class _Cycle:
    """Stands for uvicorn's request cycle: ``send`` is its method, it holds the transport."""

    def __init__(self) -> None:
        self.transport = asyncio.Transport()

    async def send(self, message: dict[str, object]) -> None:
        return None


def test_reset_finds_the_transport_through_wrapping_layers() -> None:
    cycle = _Cycle()
    send = cycle.send

    async def watching_send(message: dict[str, object]) -> None:  # like any ASGI middleware
        await send(message)

    def wrap(send: object) -> object:
        async def outer(message: dict[str, object]) -> None:
            await send(message)  # type: ignore[operator]

        return outer

    assert _server_cycle(cycle.send) == (cycle, cycle.transport)
    assert _server_cycle(watching_send) == (cycle, cycle.transport)
    assert _server_cycle(wrap(watching_send)) == (cycle, cycle.transport)  # type: ignore[arg-type]

    async def unrelated(message: dict[str, object]) -> None:
        return None

    assert _server_cycle(unrelated) is None
