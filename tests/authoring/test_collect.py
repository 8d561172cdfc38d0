"""Stream.collect() / AsyncStream.collect() over an NDJSON body (no server needed)."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
import pytest
from skytells_orchestrator import AsyncStream, Stream, StreamError
from skytells_orchestrator._operations import parse_operation

LOGGER = "skytells_orchestrator"

# A known action that needs no config or integration: no catalogue warning.
CONDITION = {"actionType": "Condition"}


def node(node_id: str, kind: str = "action") -> dict[str, Any]:
    return {
        "id": node_id,
        "type": kind,
        "position": {"x": 0, "y": 0},
        "data": {"label": node_id, "type": kind, "config": CONDITION if kind == "action" else {}},
    }


OPERATIONS: list[dict[str, Any]] = [
    {"op": "setName", "name": "Collected"},
    {"op": "addNode", "node": node("t", "trigger")},
    {"op": "addNode", "node": node("a")},
    {"op": "addEdge", "edge": {"id": "e1", "source": "t", "target": "a"}},
    {"op": "teleport", "nodeId": "a"},  # unknown op: passed on, ignored by collect
    {"op": "updateNode", "nodeId": "a", "updates": {"data": {"label": "Renamed"}}},
]


def body(operations: list[dict[str, Any]], *, complete: bool = True, bare: bool = False) -> bytes:
    lines = [
        json.dumps(op if bare else {"type": "operation", "operation": op}) for op in operations
    ]
    if complete and not bare:
        lines.append('{"type": "complete"}')
    return ("\n".join(lines) + "\n").encode()


def sync_stream(content: bytes, existing: dict[str, Any] | None = None) -> Stream[Any]:
    return Stream(
        lambda: httpx.Response(200, content=content), parse_operation, existing_workflow=existing
    )


def async_stream(content: bytes, existing: dict[str, Any] | None = None) -> AsyncStream[Any]:
    async def open_response() -> httpx.Response:
        return httpx.Response(200, content=content)

    return AsyncStream(open_response, parse_operation, existing_workflow=existing)


def check(draft: Any) -> None:
    assert draft.name == "Collected"
    assert [n["id"] for n in draft.nodes] == ["t", "a"]
    assert draft.nodes[1]["data"]["label"] == "Renamed"
    assert draft.edges == [{"id": "e1", "source": "t", "target": "a"}]
    assert (draft.applied_operations, draft.ignored_operations) == (5, 1)
    assert draft.validate() == []


@pytest.mark.parametrize("bare", [False, True])
def test_collect_without_iterating(bare: bool, caplog: pytest.LogCaptureFixture) -> None:
    stream = sync_stream(body(OPERATIONS, bare=bare))
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        check(stream.collect())
    assert stream.closed
    assert "'teleport'" in caplog.text


def test_collect_after_iterating_part_of_the_stream_keeps_what_was_yielded() -> None:
    with sync_stream(body(OPERATIONS)) as stream:
        first = [next(stream).op, next(stream).op]
        assert first == ["setName", "addNode"]
        check(stream.collect())


def test_collect_after_iterating_all_of_it() -> None:
    with sync_stream(body(OPERATIONS)) as stream:
        assert len(list(stream)) == len(OPERATIONS)
        draft = stream.collect()
    check(draft)
    assert stream.collect() == draft  # the stream is read once; collect can be asked again


def test_collect_starts_from_the_existing_workflow() -> None:
    existing = {"name": "Old", "nodes": [node("t", "trigger"), node("x")], "edges": []}
    operations = [
        {"op": "removeNode", "nodeId": "x"},
        {"op": "addNode", "node": node("y")},
        {"op": "addEdge", "edge": {"id": "e9", "source": "t", "target": "y"}},
    ]
    draft = sync_stream(body(operations), existing).collect()
    assert draft.name == "Old"
    assert [n["id"] for n in draft.nodes] == ["t", "y"]
    assert existing["nodes"][1]["id"] == "x"  # not changed


def test_collect_refuses_a_stream_cut_short() -> None:
    stream = sync_stream(body(OPERATIONS, complete=False))
    with pytest.raises(StreamError) as caught:
        stream.collect()
    assert caught.value.error_id == "STREAM_INCOMPLETE"


def test_collect_refuses_a_stream_closed_before_its_end() -> None:
    with sync_stream(body(OPERATIONS)) as stream:
        next(stream)
    with pytest.raises(StreamError) as caught:
        stream.collect()
    assert caught.value.error_id == "STREAM_INCOMPLETE"
    assert "closed before its end" in str(caught.value)


def test_collect_raises_the_servers_error_event() -> None:
    content = body(OPERATIONS[:2], complete=False) + b'{"type": "error", "error": "Model down"}\n'
    stream = sync_stream(content)
    with pytest.raises(StreamError) as caught:
        stream.collect()
    assert caught.value.error_id == "STREAM_ERROR"
    assert caught.value.message == "Model down"
    with pytest.raises(StreamError) as again:
        stream.collect()
    assert again.value.error_id == "STREAM_INCOMPLETE"


def test_malformed_lines_are_not_in_the_draft() -> None:
    content = body(OPERATIONS[:2], complete=False) + b"not json\n" + body(OPERATIONS[2:4])
    stream = sync_stream(content)
    draft = stream.collect()
    assert stream.malformed_lines == 1
    assert [n["id"] for n in draft.nodes] == ["t", "a"]


async def test_async_collect_without_and_after_iterating() -> None:
    check(await async_stream(body(OPERATIONS)).collect())
    async with async_stream(body(OPERATIONS)) as stream:
        assert (await stream.__anext__()).op == "setName"
        check(await stream.collect())


async def test_async_collect_refuses_a_cut_stream() -> None:
    with pytest.raises(StreamError) as caught:
        await async_stream(body(OPERATIONS, complete=False)).collect()
    assert caught.value.error_id == "STREAM_INCOMPLETE"
