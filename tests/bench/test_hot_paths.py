"""The shortcuts taken on hot paths give the results of the long way round."""

from __future__ import annotations

import copy
import gc
import inspect
import json
import logging
from typing import Any

import httpx
import pytest
from skytells_orchestrator import Skytells, SkytellsError, _json, _request
from skytells_orchestrator import _streaming as streaming
from skytells_orchestrator._authoring import build_draft
from skytells_orchestrator._operations import parse_operation
from skytells_orchestrator_client import models

KEY = "wfb_" + "k" * 40


# ------------------------------------------------------------------ JSON lines


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1}',
        ' {"a": 1}',
        '{"a": 1}  ',
        "\t[1, 2]",
        '"text"',
        "12",
        "NaN",
        '{"a": {"b": [true, null, 1.5e3]}}',
        '{"caf\\u00e9": "\U0001f680"}',
    ],
)
def test_json_line_reads_what_json_loads_reads(text: str) -> None:
    assert _json._stdlib_line(text.encode()) == json.loads(text) or text == "NaN"


@pytest.mark.parametrize("text", ["", " ", "nan", "x", '{"a": 1}{', '{"a": 1} x', '{"a": ', "[1,]"])
def test_json_line_refuses_what_json_loads_refuses(text: str) -> None:
    with pytest.raises(ValueError) as expected:
        json.loads(text)
    with pytest.raises(ValueError) as got:
        _json._stdlib_line(text.encode())
    assert str(got.value) == str(expected.value)


# ------------------------------------------------------------------ long streams


def operations(count: int) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = [
        {"op": "setName", "name": "Long"},
        {"op": "addNode", "node": {"id": "a", "type": "trigger", "data": {"label": "A"}}},
        {"op": "addNode", "node": {"id": "b", "type": "action", "data": {"label": "B"}}},
        {"op": "addEdge", "edge": {"id": "e", "source": "a", "target": "b"}},
    ]
    for index in range(count):
        result.append(
            {
                "op": "updateNode",
                "nodeId": "ab"[index % 2],
                "updates": {"position": {"x": index, "y": 0}, "data": {"step": index}},
            }
        )
    result.append({"op": "removeEdge", "edgeId": "e"})
    return result


def stream_of(ops: list[dict[str, Any]]) -> bytes:
    lines = [json.dumps({"type": "operation", "operation": op}).encode() for op in ops]
    return b"\n".join([*lines, b'{"type": "complete"}', b""])


def test_a_long_stream_keeps_a_bounded_number_of_lines_and_copies_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(streaming, "FOLD_BYTES", 2_000)
    ops = operations(300)
    existing = {"nodes": [{"id": "z", "data": {"label": "Z"}}], "edges": [], "name": "Old"}
    body = stream_of(ops)
    chunks = [body[i : i + 500] for i in range(0, len(body), 500)]
    stream = streaming.Stream(
        lambda: httpx.Response(200, content=iter(chunks)),
        parse_operation,
        existing_workflow=existing,
    )
    expected = build_draft(ops, existing)

    def refused(*args: object) -> object:
        raise AssertionError("copy.deepcopy called while reading a stream")

    monkeypatch.setattr(copy, "deepcopy", refused)
    kept = [len(stream._core.kept) for _ in stream]
    assert len(kept) == len(ops)
    assert max(kept) < 40  # about 2 000 + 500 bytes of lines, not all 305 operations
    draft = stream.collect()
    assert draft == expected
    assert stream.collect() is draft  # asked again: the same draft


def test_collect_applies_each_operation_as_it_is_decoded_without_keeping_its_line() -> None:
    ops = operations(50)
    decoded: list[bytes] = []
    lines = stream_of(ops).splitlines(keepends=True)
    stream = streaming.Stream(lambda: httpx.Response(200, content=iter(lines)), parse_operation)
    first = next(stream)  # its line is kept: iterating does not know collect() will come
    assert first.op == "setName" and len(stream._core.kept) == 1
    real = streaming.loads_line

    def counting(line: bytes) -> Any:
        decoded.append(line)
        return real(line)

    streaming.loads_line = counting
    try:
        assert stream.collect() == build_draft(ops)
    finally:
        streaming.loads_line = real
    # Only the line kept was decoded again (and the last, not an operation, decoded once).
    assert decoded == [lines[0].rstrip(), lines[-1].rstrip()]
    assert stream._core.kept == []


# ------------------------------------------------------------------ generated models


def test_from_dict_makes_the_object_init_makes() -> None:
    data = {
        "op": "addNode",
        "node": {"id": "n", "type": "action", "position": {"x": 1, "y": 2}, "data": {"x": 1}},
        "extra": [1],
    }
    made = models.AiOperation.from_dict(data)
    node = models.Node(
        id="n",
        type_="action",
        position=models.Position(x=1, y=2),
        data=models.NodeData.from_dict({"x": 1}),
    )
    expected = models.AiOperation(op="addNode", node=node)
    expected.additional_properties = {"extra": [1]}
    assert made == expected
    assert made.to_dict() == data


@pytest.mark.parametrize("name", models.__all__)
def test_from_dict_imports_nothing_per_call(name: str) -> None:
    model = getattr(models, name)
    from_dict = getattr(model, "from_dict", None)
    if from_dict is None:
        return  # an enum
    assert "import" not in inspect.getsource(from_dict)
    assert "import" not in inspect.getsource(model.to_dict)


# ------------------------------------------------------------------ per call


def test_a_call_parses_no_url_and_formats_no_log_line_it_will_not_write(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"id": "u", "name": None, "email": "a@b.c"})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with Skytells(orchestrator_api_key=KEY, http_client=http) as client:
        user = client.orchestrator.user
        user.get()  # settings are made here, once

        def refused(*args: object) -> object:
            raise AssertionError("called on a call's path")

        monkeypatch.setattr(httpx, "URL", refused)  # the base URL is not parsed again
        monkeypatch.setattr(_request, "httpx_timeout", refused)
        monkeypatch.setattr(_request, "loggable_url", refused)
        caplog.set_level(logging.INFO, logger="skytells_orchestrator")
        assert user.get().email == "a@b.c"
        monkeypatch.setattr(_request, "loggable_url", lambda request: "logged-url")
        caplog.set_level(logging.DEBUG, logger="skytells_orchestrator")
        user.get()
    assert "logged-url" in caplog.text
    http.close()


# ------------------------------------------------------------------ large answers


def answer_of(size: int) -> httpx.Response:
    body = json.dumps([{"n": "x" * 100}] * (size // 110)).encode()
    return httpx.Response(200, content=body)


@pytest.mark.parametrize("size", [1_000, 200_000])
def test_a_large_answer_is_parsed_with_the_collector_paused_and_resumed(size: int) -> None:
    seen: list[bool] = []

    def parse(response: httpx.Response) -> int:
        seen.append(gc.isenabled())
        return len(json.loads(response.content))

    assert gc.isenabled()
    _request.parse_answer(_request.Call({}, parse), answer_of(size))
    assert seen == [size < _request.LARGE_ANSWER_BYTES]
    assert gc.isenabled()


def test_the_collector_is_resumed_when_parsing_fails_and_left_off_if_it_was_off() -> None:
    def broken(response: httpx.Response) -> None:
        raise KeyError("id")

    with pytest.raises(SkytellsError):
        _request.parse_answer(_request.Call({}, broken), answer_of(200_000))
    assert gc.isenabled()
    gc.disable()
    try:
        _request.parse_answer(_request.Call({}, lambda response: None), answer_of(200_000))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_small_call_parses_the_response_it_read_not_a_copy() -> None:
    sent: list[httpx.Response] = []

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"id": "u", "name": None, "email": "a@b.c"})

    http = httpx.Client(
        transport=httpx.MockTransport(handler), event_hooks={"response": [sent.append]}
    )
    with Skytells(orchestrator_api_key=KEY, http_client=http) as client:
        seen: list[httpx.Response] = []

        def parse(response: httpx.Response) -> object:
            seen.append(response)
            return response.json()

        call = _request.Call({"method": "get", "url": "/api/user"}, parse)
        assert client.orchestrator.user._requester.run(call)["email"] == "a@b.c"
        assert seen == sent and seen[0] is sent[0]
        assert seen[0].request.headers["user-agent"].startswith("skytells-orchestrator-python/")
    http.close()


@pytest.mark.parametrize("own_pool", [True, False])
def test_the_sdks_headers_reach_the_request_whether_the_pool_carries_them_or_not(
    own_pool: bool,
) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"id": "u", "name": None, "email": "a@b.c"})

    http = None if own_pool else httpx.Client(transport=httpx.MockTransport(handler))
    with Skytells(
        orchestrator_api_key=KEY, headers={"X-Team": "a", "Accept": "text/x"}, http_client=http
    ) as client:
        if own_pool:
            client._http._transport = httpx.MockTransport(handler)
        requester = client.orchestrator.user._requester
        # The SDK's own pool is made with the headers, so a call passes none of its own.
        assert (len(requester._headers) == 0) is own_pool
        client.orchestrator.user.get()
        client.with_options(timeout=5).orchestrator.user.update_profile(name="x")
    for request in sent:
        assert request.headers["user-agent"].startswith("skytells-orchestrator-python/")
        assert request.headers["x-team"] == "a"
        assert request.headers["accept"] == "text/x"
        assert request.headers["authorization"] == f"Bearer {KEY}"
    assert sent[1].headers["content-type"] == "application/json"
    if http is not None:
        http.close()
