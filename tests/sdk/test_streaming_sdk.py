"""AI generation streams through the public API: both wire forms, failures, laziness, closing."""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Iterator

import httpx
import pytest
from sdk_support import (
    WFB_KEY,
    AsyncFailingStream,
    AsyncGatedStream,
    FailingStream,
    GatedStream,
    Recorder,
    mock_async_client,
    mock_client,
    ndjson,
    ok,
    op_event,
    raw,
)
from skytells_orchestrator import (
    AiOperation,
    APIConnectionError,
    AsyncSkytells,
    AsyncStream,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    Skytells,
    Stream,
    StreamError,
)
from skytells_orchestrator.local import LocalOrchestrator

NDJSON = {"content-type": "application/x-ndjson"}
PROMPT = "Send a Slack message when a user signs up"


def stream_reply(body: bytes) -> httpx.Response:
    return httpx.Response(200, headers=NDJSON, content=body)


ENVELOPED = ndjson(
    op_event("setName", name="Signup"),
    op_event(
        "addNode",
        node={
            "id": "n1",
            "type": "trigger",
            "position": {"x": 0, "y": 0},
            "data": {"label": "T", "type": "trigger", "config": {}},
        },
    ),
    {"type": "complete"},
)
BARE = ndjson({"op": "setName", "name": "Signup"}, {"op": "setDescription", "description": "d"})


# ------------------------------------------------------------------ both wire forms


def test_enveloped_stream_from_the_local_server(client: Skytells) -> None:
    with client.orchestrator.ai.generate_workflow(prompt=PROMPT) as stream:
        operations = list(stream)
    assert operations and all(isinstance(op, AiOperation) for op in operations)
    assert operations[0].op == "setName"
    assert {op.op for op in operations} >= {"setName", "addNode"}
    assert stream.malformed_lines == 0
    assert stream.closed


async def test_async_enveloped_stream_from_the_local_server(aclient: AsyncSkytells) -> None:
    async with aclient.orchestrator.ai.generate_workflow(prompt=PROMPT) as stream:
        operations = [op async for op in stream]
    assert operations[0].op == "setName"
    assert stream.closed


def test_stream_sends_the_prompt_and_existing_workflow(
    server: LocalOrchestrator, client: Skytells
) -> None:
    recorder = Recorder(lambda request: stream_reply(ENVELOPED))
    mock = mock_client(recorder)
    existing = {"nodes": [], "edges": [], "name": "Old"}
    list(mock.orchestrator.ai.generate_workflow(prompt="p", existing_workflow=existing))
    assert recorder.json() == {"prompt": "p", "existingWorkflow": existing}
    assert recorder.last.method == "POST"
    assert recorder.last.url.path == "/api/ai/generate"
    assert recorder.last.headers["accept"] == "application/x-ndjson"


def test_bare_operations_form() -> None:
    stream = mock_client(Recorder(lambda r: stream_reply(BARE))).orchestrator.ai.generate_workflow(
        prompt="p"
    )
    with stream:
        operations = list(stream)
    assert [op.op for op in operations] == ["setName", "setDescription"]
    assert operations[1].description == "d"


async def test_async_bare_operations_form() -> None:
    client = mock_async_client(Recorder(lambda r: stream_reply(BARE)))
    async with client.orchestrator.ai.generate_workflow(prompt="p") as stream:
        operations = [op async for op in stream]
    assert [op.op for op in operations] == ["setName", "setDescription"]


def test_bare_form_without_final_newline_crlf_and_blank_lines() -> None:
    body = b'{"op": "setName", "name": "a"}\r\n\r\n\n{"op": "removeNode", "nodeId": "n1"}'
    stream = mock_client(Recorder(lambda r: stream_reply(body))).orchestrator.ai.generate_workflow(
        prompt="p"
    )
    assert [op.op for op in stream] == ["setName", "removeNode"]
    assert stream.malformed_lines == 0


def test_lines_split_across_one_byte_chunks() -> None:
    body = ndjson(op_event("setName", name="Grüße ✓"), {"type": "complete"})

    def one_byte_at_a_time() -> Iterator[bytes]:
        for index in range(len(body)):
            yield body[index : index + 1]

    recorder = Recorder(lambda r: httpx.Response(200, headers=NDJSON, content=one_byte_at_a_time()))
    operations = list(mock_client(recorder).orchestrator.ai.generate_workflow(prompt="p"))
    assert [op.name for op in operations] == ["Grüße ✓"]


# ------------------------------------------------------------------ failures


def test_error_event_raises_stream_error_with_the_servers_message(
    server: LocalOrchestrator, client: Skytells
) -> None:
    server.faults.stream_error("Model quota exhausted", after_lines=2)
    received = []
    with (
        pytest.raises(StreamError) as caught,
        client.orchestrator.ai.generate_workflow(prompt=PROMPT) as stream,
    ):
        for operation in stream:
            received.append(operation)
    assert caught.value.error_id == "STREAM_ERROR"
    assert caught.value.message == "Model quota exhausted"
    assert len(received) == 2  # what came before the error was handed out


async def test_async_error_event_raises_stream_error(
    server: LocalOrchestrator, aclient: AsyncSkytells
) -> None:
    server.faults.stream_error("Failed to generate workflow")
    with pytest.raises(StreamError) as caught:
        async with aclient.orchestrator.ai.generate_workflow(prompt=PROMPT) as stream:
            async for _ in stream:
                pass
    assert caught.value.error_id == "STREAM_ERROR"
    assert caught.value.message == "Failed to generate workflow"


def test_enveloped_stream_ending_without_complete_is_incomplete(
    server: LocalOrchestrator, client: Skytells
) -> None:
    server.faults.drop_stream_after(2)
    received = []
    with pytest.raises(StreamError) as caught:
        for operation in client.orchestrator.ai.generate_workflow(prompt=PROMPT):
            received.append(operation)
    assert caught.value.error_id == "STREAM_INCOMPLETE"
    assert len(received) == 2


async def test_async_enveloped_stream_ending_without_complete_is_incomplete(
    server: LocalOrchestrator, aclient: AsyncSkytells
) -> None:
    server.faults.drop_stream_after(1)
    with pytest.raises(StreamError) as caught:
        async for _ in aclient.orchestrator.ai.generate_workflow(prompt=PROMPT):
            pass
    assert caught.value.error_id == "STREAM_INCOMPLETE"


def test_mock_enveloped_stream_without_complete_is_incomplete() -> None:
    body = ndjson(op_event("setName", name="x"))
    with pytest.raises(StreamError) as caught:
        list(
            mock_client(Recorder(lambda r: stream_reply(body))).orchestrator.ai.generate_workflow(
                prompt="p"
            )
        )
    assert caught.value.error_id == "STREAM_INCOMPLETE"


def test_connection_cut_mid_stream_is_a_connection_error(
    server: LocalOrchestrator, client: Skytells
) -> None:
    # The chunked body loses its final chunk: httpx sees an incomplete body.
    server.faults.drop_stream_after(2, abort_connection=True)
    received = []
    with pytest.raises(APIConnectionError) as caught:
        for operation in client.orchestrator.ai.generate_workflow(prompt=PROMPT):
            received.append(operation)
    assert caught.value.error_id == "NETWORK_ERROR"
    assert len(received) == 2


async def test_async_connection_cut_mid_stream_is_a_connection_error(
    server: LocalOrchestrator, aclient: AsyncSkytells
) -> None:
    server.faults.drop_stream_after(1, abort_connection=True)
    with pytest.raises(APIConnectionError):
        async for _ in aclient.orchestrator.ai.generate_workflow(prompt=PROMPT):
            pass


def test_malformed_line_skipped_counted_and_logged(
    server: LocalOrchestrator, client: Skytells, caplog: pytest.LogCaptureFixture
) -> None:
    server.faults.malformed_stream_line(after_lines=1)
    caplog.set_level(logging.WARNING, logger="skytells_orchestrator")
    with client.orchestrator.ai.generate_workflow(prompt=PROMPT) as stream:
        operations = list(stream)
    assert stream.malformed_lines == 1
    assert operations[0].op == "setName"
    warnings = [
        r
        for r in caplog.records
        if r.name == "skytells_orchestrator" and r.levelno == logging.WARNING
    ]
    assert len(warnings) == 1
    assert "this is not json" in warnings[0].getMessage()


async def test_async_malformed_lines_counted(caplog: pytest.LogCaptureFixture) -> None:
    body = (
        ndjson(op_event("setName", name="a"))
        + b"{broken\n[1, 2]\n"
        + ndjson(
            {"type": "operation", "operation": "not an object"},
            {"something": "else"},
            op_event("setDescription", description="b"),
            {"type": "complete"},
        )
    )
    caplog.set_level(logging.WARNING, logger="skytells_orchestrator")
    client = mock_async_client(Recorder(lambda r: stream_reply(body)))
    async with client.orchestrator.ai.generate_workflow(prompt="p") as stream:
        operations = [op async for op in stream]
    assert [op.op for op in operations] == ["setName", "setDescription"]
    assert stream.malformed_lines == 4
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 4


def test_operation_without_op_fields_it_needs_is_skipped_not_fatal() -> None:
    body = ndjson(
        {"type": "operation", "operation": {"name": "no op"}},
        op_event("setName", name="x"),
        {"type": "complete"},
    )
    stream = mock_client(Recorder(lambda r: stream_reply(body))).orchestrator.ai.generate_workflow(
        prompt="p"
    )
    assert [op.op for op in stream] == ["setName"]
    assert stream.malformed_lines == 1


def test_unknown_op_values_and_event_types() -> None:
    body = ndjson(
        op_event("reorderNodes", order=["b", "a"]),
        {"type": "progress", "percent": 50},
        {"op": "groupNodes", "nodeIds": ["a"]},
        {"type": "complete"},
    )
    stream = mock_client(Recorder(lambda r: stream_reply(body))).orchestrator.ai.generate_workflow(
        prompt="p"
    )
    operations = list(stream)
    assert [op.op for op in operations] == ["reorderNodes", "groupNodes"]
    assert operations[0].additional_properties["order"] == ["b", "a"]
    assert stream.malformed_lines == 0


def test_errors_before_streaming_keep_their_message() -> None:
    cases = [
        (ok({"error": "Prompt is required"}, status=400), BadRequestError),
        (ok({"error": "Unauthorized"}, status=401), AuthenticationError),
        (ok({"error": "AI API key not configured on server"}, status=500), InternalServerError),
    ]
    for reply, cls in cases:
        recorder = Recorder(reply)
        stream = mock_client(recorder).orchestrator.ai.generate_workflow(prompt="p")
        with pytest.raises(cls) as caught, stream:
            pass
        assert caught.value.message.startswith(("Prompt", "Unauthorized", "AI API key"))
        assert recorder.calls == 1  # a POST: the 500 is not retried


def test_local_server_refuses_an_empty_prompt(client: Skytells) -> None:
    with pytest.raises(BadRequestError) as caught:
        list(client.orchestrator.ai.generate_workflow(prompt=""))
    assert caught.value.message == "Prompt is required"


# ------------------------------------------------------------------ laziness and timing


def test_generate_workflow_sends_nothing_until_iterated_or_entered() -> None:
    recorder = Recorder(lambda r: stream_reply(ENVELOPED))
    client = mock_client(recorder)
    stream = client.orchestrator.ai.generate_workflow(prompt="p")
    assert isinstance(stream, Stream)
    assert recorder.calls == 0
    iterator = iter(stream)
    assert recorder.calls == 0  # a generator: still nothing until the first next()
    next(iterator)
    assert recorder.calls == 1
    stream.close()
    entered = client.orchestrator.ai.generate_workflow(prompt="p")
    assert recorder.calls == 1
    with entered:
        assert recorder.calls == 2
    assert recorder.calls == 2


async def test_async_generate_workflow_returns_a_stream_directly_and_is_lazy() -> None:
    recorder = Recorder(lambda r: stream_reply(ENVELOPED))
    client = mock_async_client(recorder)
    stream = client.orchestrator.ai.generate_workflow(prompt="p")
    assert not inspect.isawaitable(stream)
    assert isinstance(stream, AsyncStream)
    assert recorder.calls == 0
    async with stream:
        assert recorder.calls == 1
        operations = [op async for op in stream]
    assert len(operations) == 2
    never_used = client.orchestrator.ai.generate_workflow(prompt="p")
    await never_used.aclose()
    assert recorder.calls == 1


def test_operation_yielded_as_soon_as_its_line_arrives() -> None:
    body = GatedStream(
        [ndjson(op_event("setName", name="first"))],
        [ndjson(op_event("setDescription", description="later"), {"type": "complete"})],
    )
    client = mock_client(Recorder(lambda r: httpx.Response(200, headers=NDJSON, stream=body)))
    with client.orchestrator.ai.generate_workflow(prompt="p") as stream:
        iterator = iter(stream)
        first = next(iterator)  # would block until the gate times out if the SDK buffered
        assert first.name == "first"
        assert body.resumed == []
        body.gate.set()
        rest = list(iterator)
    assert body.resumed == [True]
    assert [op.op for op in rest] == ["setDescription"]


async def test_async_operation_yielded_as_soon_as_its_line_arrives() -> None:
    body = AsyncGatedStream(
        [ndjson(op_event("setName", name="first"))],
        [ndjson(op_event("setDescription", description="later"), {"type": "complete"})],
    )
    client = mock_async_client(Recorder(lambda r: httpx.Response(200, headers=NDJSON, stream=body)))
    async with client.orchestrator.ai.generate_workflow(prompt="p") as stream:
        iterator = aiter(stream)
        first = await anext(iterator)
        assert first.name == "first"
        assert body.resumed == []
        body.gate.set()
        rest = [op async for op in iterator]
    assert body.resumed == [True]
    assert len(rest) == 1


def test_local_server_first_operation_arrives_before_the_stream_ends(
    server: LocalOrchestrator, client: Skytells
) -> None:
    # Each line after the first comes 30 s after the one before: the first operation is read
    # well within the client's 5 s timeout only if it is yielded as it arrives.
    server.ai_line_delay = 30.0
    with client.orchestrator.ai.generate_workflow(prompt=PROMPT) as stream:
        first = next(iter(stream))
    assert first.op == "setName"
    assert stream.closed


def test_leaving_the_context_closes_at_once_without_reading_the_rest() -> None:
    body = GatedStream(
        [ndjson(op_event("setName", name="first"))], [ndjson({"type": "complete"})], wait=5
    )
    client = mock_client(Recorder(lambda r: httpx.Response(200, headers=NDJSON, stream=body)))
    with client.orchestrator.ai.generate_workflow(prompt="p") as stream:
        for _ in stream:
            break
    # The rest, behind the gate, was not read: reading it would have waited 5 s for the gate
    # and recorded that wait in ``resumed``.
    assert body.resumed == []
    assert body.closed
    assert stream.closed
    assert stream.response is not None and stream.response.is_closed
    assert list(stream) == []  # a closed stream yields nothing


async def test_async_leaving_the_context_closes_at_once() -> None:
    body = AsyncGatedStream(
        [ndjson(op_event("setName", name="first"))], [ndjson({"type": "complete"})], wait=5
    )
    client = mock_async_client(Recorder(lambda r: httpx.Response(200, headers=NDJSON, stream=body)))
    async with client.orchestrator.ai.generate_workflow(prompt="p") as stream:
        async for _ in stream:
            break
    assert body.resumed == []
    assert body.closed
    assert stream.closed


def test_close_before_and_twice_is_safe() -> None:
    recorder = Recorder(lambda r: stream_reply(ENVELOPED))
    stream = mock_client(recorder).orchestrator.ai.generate_workflow(prompt="p")
    stream.close()
    stream.close()
    assert list(stream) == []
    assert recorder.calls == 0


def test_local_server_stream_closed_early_frees_the_connection(
    server: LocalOrchestrator, client: Skytells
) -> None:
    server.ai_line_delay = 0.3
    with client.orchestrator.ai.generate_workflow(prompt=PROMPT) as stream:
        first = next(iter(stream))
    assert first.op == "setName"
    # The pool is usable right away for the next call.
    assert client.orchestrator.user.get().id == server.user_id


# ------------------------------------------------------------------ never retried once bytes flowed


def test_stream_cut_after_bytes_flowed_is_not_retried() -> None:
    calls = Recorder(
        lambda r: httpx.Response(
            200,
            headers=NDJSON,
            stream=FailingStream([ndjson(op_event("setName", name="x"))], httpx.ReadError("reset")),
        )
    )
    received = []
    with pytest.raises(APIConnectionError):
        for operation in mock_client(calls).orchestrator.ai.generate_workflow(prompt="p"):
            received.append(operation)
    assert calls.calls == 1
    assert len(received) == 1


async def test_async_stream_cut_after_bytes_flowed_is_not_retried() -> None:
    calls = Recorder(
        lambda r: httpx.Response(
            200,
            headers=NDJSON,
            stream=AsyncFailingStream(
                [ndjson(op_event("setName", name="x"))], httpx.RemoteProtocolError("cut")
            ),
        )
    )
    with pytest.raises(APIConnectionError):
        async for _ in mock_async_client(calls).orchestrator.ai.generate_workflow(prompt="p"):
            pass
    assert calls.calls == 1


def test_stream_opening_retried_on_429_and_connect_errors(sleeps: list[float]) -> None:
    recorder = Recorder(httpx.ConnectError("refused"), raw(429), lambda r: stream_reply(ENVELOPED))
    operations = list(mock_client(recorder).orchestrator.ai.generate_workflow(prompt="p"))
    assert len(operations) == 2
    assert recorder.calls == 3


def test_stream_opening_not_retried_on_503(sleeps: list[float]) -> None:
    recorder = Recorder(raw(503), lambda r: stream_reply(ENVELOPED))
    with pytest.raises(InternalServerError):
        list(mock_client(recorder).orchestrator.ai.generate_workflow(prompt="p"))
    assert recorder.calls == 1


def test_local_server_stream_failure_reaches_the_server_once(
    server: LocalOrchestrator, client: Skytells, sleeps: list[float]
) -> None:
    server.faults.drop_stream_after(1, abort_connection=True)
    with pytest.raises(APIConnectionError):
        list(client.orchestrator.ai.generate_workflow(prompt=PROMPT))
    assert server.requests.count("POST", "/api/ai/generate") == 1


def test_stream_on_a_closed_port_is_a_connection_error(closed_port: int) -> None:
    with (
        Skytells(
            orchestrator_api_key=WFB_KEY,
            orchestrator_base_url=f"http://127.0.0.1:{closed_port}",
            max_retries=0,
        ) as client,
        pytest.raises(APIConnectionError),
    ):
        list(client.orchestrator.ai.generate_workflow(prompt="p"))


async def test_async_gather_of_streams(aclient: AsyncSkytells) -> None:
    async def collect() -> int:
        async with aclient.orchestrator.ai.generate_workflow(prompt=PROMPT) as stream:
            return len([op async for op in stream])

    counts = await asyncio.gather(*(collect() for _ in range(5)))
    assert len(set(counts)) == 1 and counts[0] > 0


# ------------------------------------------------------------------ odd lines


def test_line_longer_than_the_cap_is_a_stream_error_not_unbounded_memory() -> None:
    chunk = b"x" * (1024 * 1024)
    pulled: list[int] = []

    def endless_line() -> Iterator[bytes]:
        for index in range(64):  # 64 MiB without a newline, if all of it were read
            pulled.append(index)
            yield chunk

    recorder = Recorder(lambda r: httpx.Response(200, headers=NDJSON, content=endless_line()))
    with pytest.raises(StreamError) as caught:
        list(mock_client(recorder).orchestrator.ai.generate_workflow(prompt="p"))
    assert caught.value.error_id == "STREAM_LINE_TOO_LONG"
    assert len(pulled) < 20  # it stopped soon after the 16 MiB cap


async def test_async_line_longer_than_the_cap_is_a_stream_error() -> None:
    body = b'{"op": "setName", "name": "' + b"y" * (17 * 1024 * 1024) + b'"}\n'
    client = mock_async_client(Recorder(lambda r: stream_reply(body)))
    with pytest.raises(StreamError) as caught:
        async for _ in client.orchestrator.ai.generate_workflow(prompt="p"):
            pass
    assert caught.value.error_id == "STREAM_LINE_TOO_LONG"


def test_lines_after_complete_are_ignored() -> None:
    body = ndjson(
        op_event("setName", name="a"), {"type": "complete"}, op_event("setName", name="b")
    )
    stream = mock_client(Recorder(lambda r: stream_reply(body))).orchestrator.ai.generate_workflow(
        prompt="p"
    )
    assert [op.name for op in stream] == ["a"]
    assert stream.malformed_lines == 0


def test_non_utf8_and_odd_envelopes_are_malformed() -> None:
    body = b'{"op": "setName", "name": "\xff\xfe"}\n' + ndjson(
        {"type": 5}, op_event("setName", name="ok"), {"type": "complete"}
    )
    stream = mock_client(Recorder(lambda r: stream_reply(body))).orchestrator.ai.generate_workflow(
        prompt="p"
    )
    assert [op.name for op in stream] == ["ok"]
    assert stream.malformed_lines == 2


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ({"type": "error", "error": {"message": "nested message"}}, "nested message"),
        ({"type": "error", "message": "top-level message"}, "top-level message"),
        ({"type": "error"}, "The AI generation failed"),
        ({"type": "error", "error": "  ", "details": "trace"}, "The AI generation failed"),
    ],
)
def test_error_event_shapes(event: dict[str, object], message: str) -> None:
    body = ndjson(op_event("setName", name="a"), event)
    stream = mock_client(Recorder(lambda r: stream_reply(body))).orchestrator.ai.generate_workflow(
        prompt="p"
    )
    with pytest.raises(StreamError) as caught:
        list(stream)
    assert caught.value.error_id == "STREAM_ERROR"
    assert caught.value.message == message


def test_next_on_the_stream_itself() -> None:
    stream = mock_client(Recorder(lambda r: stream_reply(BARE))).orchestrator.ai.generate_workflow(
        prompt="p"
    )
    assert next(stream).op == "setName"
    assert next(stream).op == "setDescription"
    with pytest.raises(StopIteration):
        next(stream)


async def test_anext_on_the_async_stream_itself() -> None:
    client = mock_async_client(Recorder(lambda r: stream_reply(BARE)))
    stream = client.orchestrator.ai.generate_workflow(prompt="p")
    assert (await anext(stream)).op == "setName"
    assert (await anext(stream)).op == "setDescription"
    with pytest.raises(StopAsyncIteration):
        await anext(stream)
    assert stream.closed
