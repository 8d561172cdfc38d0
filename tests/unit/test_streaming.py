"""NDJSON streaming: splitter, decoder, and the sync/async stream objects over MockTransport."""

from __future__ import annotations

import json
import logging
import math
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import attrs
import httpx
import pytest
from skytells_orchestrator import _streaming as streaming
from skytells_orchestrator._errors import (
    APIConnectionError,
    APITimeoutError,
    NotFoundError,
    SkytellsError,
    StreamError,
)
from skytells_orchestrator._streaming import (
    DEFAULT_MAX_LINE_BYTES,
    AsyncStream,
    LineSplitter,
    NDJSONEventDecoder,
    Stream,
)

URL = "http://127.0.0.1/api/ai/generate"
LOGGER = "skytells_orchestrator"


@attrs.frozen
class Op:
    op: str
    raw: dict[str, Any]


def parse_op(data: dict[str, Any]) -> Op:
    op = data["op"]  # KeyError on a shape the model does not know: counted as malformed
    if not isinstance(op, str):
        raise TypeError("op must be a string")
    return Op(op, data)


def envelope(operation: Any) -> bytes:
    return (
        json.dumps({"type": "operation", "operation": operation}, ensure_ascii=False).encode()
        + b"\n"
    )


COMPLETE = b'{"type": "complete"}\n'
SET_NAME = {"op": "setName", "name": "Caf\u00e9 \U0001f680 flow"}  # multi-byte characters
ADD_NODE = {"op": "addNode", "node": {"id": "n1", "type": "action", "data": {"label": "Slack"}}}
ADD_EDGE = {"op": "addEdge", "edge": {"id": "e1", "source": "n0", "target": "n1"}}
assert "\U0001f680".encode() in envelope(SET_NAME)  # multi-byte bytes really on the wire
ENVELOPED = envelope(SET_NAME) + envelope(ADD_NODE) + envelope(ADD_EDGE) + COMPLETE
BARE = b"".join(
    json.dumps(op, ensure_ascii=False).encode() + b"\n" for op in (SET_NAME, ADD_NODE, ADD_EDGE)
)


class ChunkStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body that hands out chunks on demand and records what was pulled."""

    def __init__(self, chunks: list[bytes | Exception]) -> None:
        self.chunks = chunks
        self.pulled = 0
        self.closed = False

    def _next_items(self) -> Iterator[bytes]:
        for item in self.chunks:
            self.pulled += 1
            if isinstance(item, Exception):
                raise item
            yield item

    def __iter__(self) -> Iterator[bytes]:
        yield from self._next_items()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._next_items():
            yield chunk

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


def split_every(data: bytes, size: int) -> list[bytes | Exception]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def sync_stream(
    body: ChunkStream, *, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES
) -> tuple[Stream[Op], list[int]]:
    opened: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=body, headers={"content-type": "application/x-ndjson"})

    client = httpx.Client(transport=httpx.MockTransport(handler))

    def open_response() -> httpx.Response:
        opened.append(1)
        return client.send(client.build_request("POST", URL), stream=True)

    return Stream(open_response, parse_op, max_line_bytes=max_line_bytes), opened


def async_stream(
    body: ChunkStream, *, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES
) -> AsyncStream[Op]:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=body, headers={"content-type": "application/x-ndjson"})

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))

    async def open_response() -> httpx.Response:
        return await client.send(client.build_request("POST", URL), stream=True)

    return AsyncStream(open_response, parse_op, max_line_bytes=max_line_bytes)


def collect(stream: Stream[Op]) -> tuple[list[Op], SkytellsError | None]:
    ops: list[Op] = []
    try:
        for op in stream:
            ops.append(op)
    except SkytellsError as err:
        return ops, err
    return ops, None


async def acollect(stream: AsyncStream[Op]) -> tuple[list[Op], SkytellsError | None]:
    ops: list[Op] = []
    try:
        async for op in stream:
            ops.append(op)
    except SkytellsError as err:
        return ops, err
    return ops, None


def op_names(ops: list[Op]) -> list[str]:
    return [op.op for op in ops]


# --- LineSplitter ----------------------------------------------------------------------------


def test_splitter_lines_terminators_and_flush() -> None:
    splitter = LineSplitter()
    assert splitter.feed(b"a\nb\r\n\n\r\nc") == [b"a", b"b", b"", b""]
    assert splitter.feed(b"d\r") == []
    assert splitter.feed(b"\ne") == [b"cd"]  # "\r\n" split across chunks
    assert splitter.flush() == b"e"
    assert splitter.flush() is None


def test_splitter_keeps_a_lone_carriage_return_inside_a_line() -> None:
    splitter = LineSplitter()
    assert splitter.feed(b"a\rb\n") == [b"a\rb"]


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, 64])
def test_splitter_any_chunking_gives_the_same_lines(size: int) -> None:
    data = b"first line\r\nsecond \xc3\xa9\n\nthird"
    splitter = LineSplitter()
    lines: list[bytes] = []
    for i in range(0, len(data), size):
        lines.extend(splitter.feed(data[i : i + size]))
    tail = splitter.flush()
    assert [*lines, tail] == [b"first line", b"second \xc3\xa9", b"", b"third"]


def test_splitter_default_limit_is_16_mib() -> None:
    assert DEFAULT_MAX_LINE_BYTES == 16 * 1024 * 1024
    assert LineSplitter().max_line_bytes == 16 * 1024 * 1024


def test_splitter_limit_is_exact_and_allows_crlf() -> None:
    assert LineSplitter(4).feed(b"abcd\r\n") == [b"abcd"]
    assert LineSplitter(4).feed(b"abcd\n") == [b"abcd"]
    splitter = LineSplitter(4)
    assert splitter.feed(b"abcd\r") == []
    assert splitter.feed(b"\n") == [b"abcd"]
    with pytest.raises(StreamError) as info:
        LineSplitter(4).feed(b"abcde\n")
    assert info.value.error_id == "STREAM_LINE_TOO_LONG"
    split = LineSplitter(4)
    split.feed(b"abcd")
    with pytest.raises(StreamError):
        split.feed(b"e\n")


def test_splitter_raises_as_soon_as_the_buffer_passes_the_limit() -> None:
    splitter = LineSplitter(10)
    for _ in range(11):
        splitter.feed(b"x")  # 11 bytes: could still be 10 + "\r"
    with pytest.raises(StreamError) as info:
        splitter.feed(b"x")
    assert info.value.error_id == "STREAM_LINE_TOO_LONG"


def test_splitter_rejects_an_oversized_unterminated_last_line() -> None:
    splitter = LineSplitter(3)
    splitter.feed(b"abcd")
    with pytest.raises(StreamError):
        splitter.flush()


def test_splitter_keeps_a_long_line_as_pieces_until_it_ends() -> None:
    # 2 MiB in 32-byte chunks: 65,536 feeds. Joining the buffer on every feed would copy
    # ~64 GiB; the splitter keeps the pieces and joins once, when the line ends. (The speed
    # itself is measured as a ratio in benchmarks/, never timed here.)
    splitter = LineSplitter()
    chunk = b"y" * 32
    for _ in range(65_536):
        assert splitter.feed(chunk) == []
    assert len(splitter._pieces) == 65_536
    lines = splitter.feed(b"\n")
    assert len(lines[0]) == 2 * 1024 * 1024
    assert splitter._pieces == []


def test_splitter_rejects_a_nonpositive_limit() -> None:
    with pytest.raises(ValueError):
        LineSplitter(0)


# --- NDJSONEventDecoder ------------------------------------------------------------------------


def test_decoder_enveloped_form() -> None:
    decoder = NDJSONEventDecoder()
    assert decoder.decode(envelope(SET_NAME).rstrip()) == SET_NAME
    assert decoder.decode(b"") is None
    assert decoder.decode(b"   ") is None
    assert decoder.decode(b'{"type": "progress", "pct": 50}') is None  # unknown type: ignored
    assert decoder.decode(COMPLETE.rstrip()) is None
    assert decoder.decode(envelope(ADD_NODE).rstrip()) is None  # after complete: ignored
    decoder.finish()
    assert decoder.malformed_lines == 0


def test_decoder_bare_form_needs_no_complete() -> None:
    decoder = NDJSONEventDecoder()
    assert decoder.decode(json.dumps(ADD_NODE).encode()) == ADD_NODE
    unknown = {"op": "teleportNode", "nodeId": "n1"}
    assert decoder.decode(json.dumps(unknown).encode()) == unknown  # new ops pass through
    decoder.finish()


def test_decoder_error_event_raises_with_server_message() -> None:
    decoder = NDJSONEventDecoder()
    with pytest.raises(StreamError) as info:
        decoder.decode(b'{"type": "error", "error": "Model overloaded"}')
    assert (info.value.error_id, info.value.message) == ("STREAM_ERROR", "Model overloaded")
    decoder.finish()  # the stream ended with a reported error, not a silent cut


def test_decoder_error_event_with_object_or_without_message() -> None:
    with pytest.raises(StreamError, match="quota"):
        NDJSONEventDecoder().decode(b'{"type": "error", "error": {"message": "quota"}}')
    with pytest.raises(StreamError) as info:
        NDJSONEventDecoder().decode(b'{"type": "error"}')
    assert info.value.message == "The AI generation failed"


def test_decoder_incomplete_enveloped_stream() -> None:
    decoder = NDJSONEventDecoder()
    decoder.decode(envelope(SET_NAME))
    with pytest.raises(StreamError) as info:
        decoder.finish()
    assert info.value.error_id == "STREAM_INCOMPLETE"


@pytest.mark.parametrize(
    "line",
    [
        b"not json",
        b'{"type": "operation", "operation": {"op": "addNode"',
        b"[1, 2]",
        b'"a string"',
        b'{"type": "operation", "operation": "setName"}',
        b'{"type": "operation"}',
        b'{"type": 7}',
        b'{"neither": true}',
        b'{"op": "setName", "name": "\xff"}',
    ],
)
def test_decoder_skips_counts_and_logs_malformed_lines(
    line: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    decoder = NDJSONEventDecoder()
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert decoder.decode(line) is None
    assert decoder.malformed_lines == 1
    records = [r for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING]
    assert len(records) == 1
    assert "malformed" in records[0].getMessage()


def test_decoder_log_redacts_keys(caplog: pytest.LogCaptureFixture) -> None:
    key = "wfb_" + "z" * 32
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        NDJSONEventDecoder().decode(f"oops {key}".encode())
    assert key not in caplog.text
    assert "wfb_zzzz\u2026" in caplog.text


# --- Stream (sync) -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 3, 7, 50, 10_000])
def test_stream_enveloped_any_chunking(size: int) -> None:
    stream, _ = sync_stream(ChunkStream(split_every(ENVELOPED, size)))
    ops, err = collect(stream)
    assert err is None
    assert op_names(ops) == ["setName", "addNode", "addEdge"]
    assert ops[0].raw["name"] == "Caf\u00e9 \U0001f680 flow"


def test_stream_split_inside_a_utf8_character() -> None:
    line = envelope(SET_NAME)
    cut = line.index("\U0001f680".encode()) + 2  # in the middle of the 4-byte rocket
    stream, _ = sync_stream(ChunkStream([line[:cut], line[cut:], COMPLETE]))
    ops, err = collect(stream)
    assert err is None
    assert ops[0].raw["name"] == SET_NAME["name"]


def test_stream_bare_form_with_crlf_and_blank_lines() -> None:
    data = BARE.replace(b"\n", b"\r\n\r\n")
    stream, _ = sync_stream(ChunkStream(split_every(data, 5)))
    ops, err = collect(stream)
    assert err is None
    assert op_names(ops) == ["setName", "addNode", "addEdge"]
    assert stream.malformed_lines == 0


def test_stream_bare_last_line_without_newline() -> None:
    stream, _ = sync_stream(ChunkStream([BARE + json.dumps(ADD_NODE).encode()]))
    assert op_names(collect(stream)[0]) == ["setName", "addNode", "addEdge", "addNode"]


def test_stream_error_event_after_operations() -> None:
    body = envelope(SET_NAME) + b'{"type": "error", "error": "Model overloaded"}\n'
    chunks = ChunkStream([body])  # both lines in one chunk: the op must still come out
    stream, _ = sync_stream(chunks)
    ops, err = collect(stream)
    assert op_names(ops) == ["setName"]
    assert isinstance(err, StreamError)
    assert (err.error_id, err.message) == ("STREAM_ERROR", "Model overloaded")
    assert chunks.closed
    assert stream.closed


def test_stream_incomplete_enveloped_stream() -> None:
    stream, _ = sync_stream(ChunkStream([envelope(SET_NAME), envelope(ADD_NODE)]))
    ops, err = collect(stream)
    assert op_names(ops) == ["setName", "addNode"]
    assert isinstance(err, StreamError)
    assert err.error_id == "STREAM_INCOMPLETE"


def test_stream_skips_malformed_and_unparsable_lines(caplog: pytest.LogCaptureFixture) -> None:
    body = (
        envelope(SET_NAME)
        + b"garbage\n"
        + envelope({"name": "no op key"})  # parse_op raises KeyError
        + envelope({"op": 5})  # parse_op raises TypeError
        + envelope(ADD_EDGE)
        + COMPLETE
    )
    stream, _ = sync_stream(ChunkStream([body]))
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        ops, err = collect(stream)
    assert err is None
    assert op_names(ops) == ["setName", "addEdge"]
    assert stream.malformed_lines == 3
    warnings = [r for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING]
    assert len(warnings) == 3


MIXED = (
    envelope(SET_NAME)
    + b"\n"
    + b"garbage\n"
    + envelope({"name": "no op key"})
    + b'{"type": "progress", "percent": 50}\n'
    + json.dumps(ADD_NODE).encode()
    + b"\n"
    + envelope([1, 2])
    + b'{"type": "operation", "operation": {"op": "setName", "name": "NaN", "x": NaN}}\n'
    + envelope(ADD_EDGE)
    + COMPLETE
    + envelope(ADD_NODE)  # after complete: ignored
)


def test_stream_warnings_name_the_line_whichever_path_read_the_lines_before(
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = envelope(SET_NAME) * 3 + b"garbage\n" + envelope(ADD_EDGE) + b"more garbage\n"
    stream, _ = sync_stream(ChunkStream([body[:40], body[40:], COMPLETE]))
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        ops, err = collect(stream)
    assert err is None
    assert op_names(ops) == ["setName"] * 3 + ["addEdge"]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert [message.split(" (")[0] for message in warnings] == [
        "Skipping malformed AI stream line 4",
        "Skipping malformed AI stream line 6",
    ]


@pytest.mark.parametrize("fast", [True, False], ids=["msgspec", "stdlib only"])
@pytest.mark.parametrize("size", [1, 9, 10_000])
def test_stream_reads_the_same_with_or_without_the_fast_decoder(
    fast: bool, size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not fast:
        monkeypatch.setattr(streaming, "FAST_DECODE", None)
    stream, _ = sync_stream(ChunkStream(split_every(MIXED, size)))
    ops, err = collect(stream)
    assert err is None
    assert op_names(ops) == ["setName", "addNode", "setName", "addEdge"]
    assert math.isnan(ops[2].raw["x"])  # NaN: the fast decoder refuses it, json reads it
    assert stream.malformed_lines == 3


def test_stream_quick_parse_first_and_parse_for_what_it_refuses() -> None:
    def quick(data: dict[str, Any]) -> Op:
        if data["op"] == "addNode":
            raise ValueError("not for the quick reading")
        return Op("quick:" + data["op"], data)

    def open_response() -> httpx.Response:
        body = ChunkStream([envelope(SET_NAME) + envelope(ADD_NODE) + COMPLETE])
        client = httpx.Client(
            transport=httpx.MockTransport(lambda request: httpx.Response(200, stream=body))
        )
        return client.send(client.build_request("POST", URL), stream=True)

    stream = Stream(open_response, parse_op, quick_parse=quick)
    ops, err = collect(stream)
    assert err is None
    assert op_names(ops) == ["quick:setName", "addNode"]
    assert stream.malformed_lines == 0


def test_stream_line_limit() -> None:
    long_line = b'{"op": "setName", "name": "' + b"x" * 100 + b'"}\n'
    chunks = ChunkStream([envelope(SET_NAME), *split_every(long_line, 10), COMPLETE])
    stream, _ = sync_stream(chunks, max_line_bytes=len(envelope(SET_NAME)) + 10)
    ops, err = collect(stream)
    assert op_names(ops) == ["setName"]
    assert isinstance(err, StreamError)
    assert err.error_id == "STREAM_LINE_TOO_LONG"
    assert chunks.pulled < len(chunks.chunks)  # stopped before the rest was read
    assert chunks.closed


def test_stream_does_not_read_ahead() -> None:
    chunks = ChunkStream([envelope(SET_NAME), envelope(ADD_NODE), envelope(ADD_EDGE), COMPLETE])
    stream, _ = sync_stream(chunks)
    iterator = iter(stream)
    assert next(iterator).op == "setName"
    assert chunks.pulled == 1
    assert next(iterator).op == "addNode"
    assert chunks.pulled == 2
    stream.close()


def test_stream_opens_lazily_and_context_exit_closes_without_reading_the_rest() -> None:
    chunks = ChunkStream([envelope(SET_NAME), envelope(ADD_NODE), envelope(ADD_EDGE), COMPLETE])
    stream, opened = sync_stream(chunks)
    assert stream.response is None
    assert opened == []
    with stream as entered:
        assert entered is stream
        assert opened == [1]
        assert isinstance(stream.response, httpx.Response)
        for op in stream:
            assert op.op == "setName"
            break
    assert chunks.closed
    assert chunks.pulled == 1
    assert stream.response.is_closed
    assert list(stream) == []  # consumed once: nothing more after close


def test_stream_close_before_iteration_closes_the_response() -> None:
    chunks = ChunkStream([envelope(SET_NAME), COMPLETE])
    stream, _ = sync_stream(chunks)
    with stream:
        pass
    assert chunks.closed
    assert chunks.pulled == 0
    assert list(stream) == []


def test_stream_close_without_open_never_opens() -> None:
    stream, opened = sync_stream(ChunkStream([COMPLETE]))
    stream.close()
    assert list(stream) == []
    assert opened == []


def test_stream_full_iteration_closes_and_second_iteration_yields_nothing() -> None:
    chunks = ChunkStream([ENVELOPED])
    stream, opened = sync_stream(chunks)
    assert len(list(stream)) == 3
    assert chunks.closed
    assert stream.closed
    assert list(stream) == []
    assert opened == [1]


def test_stream_next_works_directly() -> None:
    stream, _ = sync_stream(ChunkStream([ENVELOPED]))
    assert next(stream).op == "setName"
    stream.close()


def test_stream_remote_protocol_error_mid_body() -> None:
    cut = httpx.RemoteProtocolError("peer closed connection without sending complete message body")
    chunks = ChunkStream([envelope(SET_NAME), cut, envelope(ADD_NODE)])
    stream, _ = sync_stream(chunks)
    ops, err = collect(stream)
    assert op_names(ops) == ["setName"]
    assert type(err) is APIConnectionError
    assert err.error_id == "NETWORK_ERROR"
    assert isinstance(err.__cause__, httpx.RemoteProtocolError)
    assert URL in err.message
    assert chunks.closed


def test_stream_read_error_mid_body() -> None:
    stream, _ = sync_stream(ChunkStream([envelope(SET_NAME), httpx.ReadError("reset")]))
    assert type(collect(stream)[1]) is APIConnectionError


def test_stream_read_timeout_mid_body() -> None:
    stream, _ = sync_stream(ChunkStream([envelope(SET_NAME), httpx.ReadTimeout("idle")]))
    ops, err = collect(stream)
    assert op_names(ops) == ["setName"]
    assert type(err) is APITimeoutError
    assert err.error_id == "REQUEST_TIMEOUT"


def test_stream_open_errors() -> None:
    def refuse() -> httpx.Response:
        raise httpx.ConnectError("refused")

    with pytest.raises(APIConnectionError):
        list(Stream(refuse, parse_op))

    def not_found() -> httpx.Response:
        raise NotFoundError("Workflow not found")

    with pytest.raises(NotFoundError):
        Stream(not_found, parse_op).__enter__()


def test_stream_repr() -> None:
    stream, _ = sync_stream(ChunkStream([ENVELOPED]))
    assert repr(stream) == "<Stream not opened malformed_lines=0>"
    list(stream)
    assert repr(stream) == "<Stream closed malformed_lines=0>"


# --- AsyncStream ---------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 7, 10_000])
async def test_async_enveloped_any_chunking(size: int) -> None:
    ops, err = await acollect(async_stream(ChunkStream(split_every(ENVELOPED, size))))
    assert err is None
    assert op_names(ops) == ["setName", "addNode", "addEdge"]
    assert ops[0].raw["name"] == SET_NAME["name"]


async def test_async_bare_form_with_crlf_and_blank_lines() -> None:
    data = BARE.replace(b"\n", b"\r\n\r\n")
    ops, err = await acollect(async_stream(ChunkStream(split_every(data, 4))))
    assert err is None
    assert op_names(ops) == ["setName", "addNode", "addEdge"]


async def test_async_error_event() -> None:
    body = envelope(SET_NAME) + b'{"type": "error", "error": "Model overloaded"}\n'
    chunks = ChunkStream([body])
    stream = async_stream(chunks)
    ops, err = await acollect(stream)
    assert op_names(ops) == ["setName"]
    assert isinstance(err, StreamError)
    assert err.message == "Model overloaded"
    assert chunks.closed


async def test_async_incomplete() -> None:
    ops, err = await acollect(async_stream(ChunkStream([envelope(SET_NAME)])))
    assert op_names(ops) == ["setName"]
    assert isinstance(err, StreamError)
    assert err.error_id == "STREAM_INCOMPLETE"


async def test_async_malformed(caplog: pytest.LogCaptureFixture) -> None:
    stream = async_stream(ChunkStream([envelope(SET_NAME) + b"[1]\n" + COMPLETE]))
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        ops, err = await acollect(stream)
    assert err is None
    assert op_names(ops) == ["setName"]
    assert stream.malformed_lines == 1
    assert "malformed" in caplog.text


async def test_async_line_limit() -> None:
    chunks = ChunkStream([b"x" * 10, b"x" * 10, b"x" * 10, b"\n"])
    ops, err = await acollect(async_stream(chunks, max_line_bytes=15))
    assert ops == []
    assert isinstance(err, StreamError)
    assert err.error_id == "STREAM_LINE_TOO_LONG"
    assert chunks.pulled == 2


async def test_async_no_read_ahead_and_context_exit_closes() -> None:
    chunks = ChunkStream([envelope(SET_NAME), envelope(ADD_NODE), envelope(ADD_EDGE), COMPLETE])
    stream = async_stream(chunks)
    assert stream.response is None
    async with stream:
        assert stream.response is not None
        async for op in stream:
            assert op.op == "setName"
            assert chunks.pulled == 1
            break
    assert chunks.closed
    assert chunks.pulled == 1
    assert await acollect(stream) == ([], None)


async def test_async_anext_and_aclose() -> None:
    chunks = ChunkStream([ENVELOPED])
    stream = async_stream(chunks)
    assert (await stream.__anext__()).op == "setName"
    await stream.aclose()
    assert chunks.closed
    assert stream.closed


async def test_async_full_iteration_closes_and_second_iteration_yields_nothing() -> None:
    chunks = ChunkStream([ENVELOPED])
    stream = async_stream(chunks)
    assert len((await acollect(stream))[0]) == 3
    assert chunks.closed
    assert await acollect(stream) == ([], None)


async def test_async_remote_protocol_error_mid_body() -> None:
    cut = httpx.RemoteProtocolError("peer closed connection without sending complete message body")
    chunks = ChunkStream([envelope(SET_NAME), cut])
    ops, err = await acollect(async_stream(chunks))
    assert op_names(ops) == ["setName"]
    assert type(err) is APIConnectionError
    assert err.error_id == "NETWORK_ERROR"
    assert chunks.closed


async def test_async_read_timeout_mid_body() -> None:
    ops, err = await acollect(async_stream(ChunkStream([httpx.ReadTimeout("idle")])))
    assert ops == []
    assert type(err) is APITimeoutError


async def test_async_open_error() -> None:
    async def refuse() -> httpx.Response:
        raise httpx.ConnectTimeout("no answer")

    with pytest.raises(APITimeoutError):
        async with AsyncStream(refuse, parse_op):
            pass


def test_parse_callable_type_is_generic() -> None:
    # Stream[T] carries the parse result type through; identity parse gives raw dicts.
    identity: Callable[[dict[str, Any]], dict[str, Any]] = dict
    stream = Stream(lambda: httpx.Response(200, content=BARE), identity)
    assert [item["op"] for item in stream] == ["setName", "addNode", "addEdge"]
