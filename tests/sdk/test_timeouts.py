"""Timeouts: the defaults, a plain number bounding a whole answer, idle time on streams."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from sdk_support import WFB_KEY, Recorder, local_kwargs, mock_async_client, mock_client, ok
from skytells_orchestrator import APITimeoutError, AsyncSkytells, Skytells
from skytells_orchestrator.local import LocalOrchestrator


class DripServer(ThreadingHTTPServer):
    """Answers every request with a valid JSON body sent one small piece at a time."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _DripHandler)
        self.stopping = threading.Event()
        self.interval = 0.1
        self.pieces = 20
        self.hits = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _DripHandler(BaseHTTPRequestHandler):
    server: DripServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    def _drip(self) -> None:
        self.server.hits += 1
        length = int(self.headers.get("content-length") or 0)
        if length:
            self.rfile.read(length)
        # An empty JSON array padded with spaces: one byte per piece.
        pieces = [b"[", *(b" " for _ in range(self.server.pieces - 2)), b"]"]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(sum(len(p) for p in pieces)))
        self.end_headers()
        self.wfile.flush()
        try:
            for piece in pieces:
                if self.server.stopping.wait(self.server.interval):
                    return
                self.wfile.write(piece)
                self.wfile.flush()
        except OSError:
            return

    do_GET = _drip
    do_POST = _drip


@pytest.fixture(scope="module")
def drip() -> Iterator[DripServer]:
    server = DripServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield server
    server.stopping.set()
    server.shutdown()
    server.server_close()
    thread.join(5)


# ------------------------------------------------------------------ defaults


def test_default_timeout_is_60s_total_with_a_shorter_connect() -> None:
    recorder = Recorder(ok([]))
    client = mock_client(recorder)
    assert client.timeout == 60.0
    client.orchestrator.workflows.list()
    timeout = recorder.last.extensions["timeout"]
    assert timeout["read"] == 60.0
    assert timeout["write"] == 60.0
    assert timeout["pool"] == 60.0
    assert 0 < timeout["connect"] <= 10.0


def test_owned_pool_gets_the_same_default_timeouts() -> None:
    client = Skytells(orchestrator_api_key=WFB_KEY)
    assert client._http.timeout.read == 60.0
    assert client._http.timeout.connect is not None and client._http.timeout.connect <= 10.0
    client.close()


async def test_async_default_timeout() -> None:
    recorder = Recorder(ok([]))
    client = mock_async_client(recorder)
    await client.orchestrator.workflows.list()
    timeout = recorder.last.extensions["timeout"]
    assert timeout["read"] == 60.0
    assert timeout["connect"] <= 10.0


def test_small_number_timeout_bounds_connect_too() -> None:
    recorder = Recorder(ok([]))
    mock_client(recorder, timeout=3).orchestrator.workflows.list()
    assert recorder.last.extensions["timeout"] == {
        "connect": 3.0,
        "read": 3.0,
        "write": 3.0,
        "pool": 3.0,
    }


def test_httpx_timeout_object_used_as_given() -> None:
    recorder = Recorder(ok([]))
    given = httpx.Timeout(5.0, connect=1.0, read=30.0)
    client = mock_client(recorder, timeout=given)
    assert client.timeout is given
    client.orchestrator.workflows.list()
    assert recorder.last.extensions["timeout"] == {
        "connect": 1.0,
        "read": 30.0,
        "write": 5.0,
        "pool": 5.0,
    }


def test_callers_http_client_timeout_does_not_override_the_sdks() -> None:
    recorder = Recorder(ok([]))
    http = httpx.Client(transport=httpx.MockTransport(recorder), timeout=999)
    client = Skytells(
        orchestrator_api_key=WFB_KEY,
        orchestrator_base_url="https://o.test",
        http_client=http,
        timeout=7,
    )
    client.orchestrator.workflows.list()
    assert recorder.last.extensions["timeout"]["read"] == 7.0


# ------------------------------------------------------- a number bounds the whole answer


def test_dripping_answer_bounded_by_the_total_timeout(drip: DripServer) -> None:
    # Each byte arrives well within the read timeout; only a total bound stops this.
    drip.interval, drip.pieces = 0.1, 20
    with (
        Skytells(
            orchestrator_api_key=WFB_KEY, orchestrator_base_url=drip.url, timeout=0.3, max_retries=0
        ) as client,
        pytest.raises(APITimeoutError) as caught,
    ):
        client.orchestrator.workflows.list()
    assert caught.value.error_id == "REQUEST_TIMEOUT"


async def test_async_dripping_answer_bounded_by_the_total_timeout(drip: DripServer) -> None:
    drip.interval, drip.pieces = 0.1, 20
    async with AsyncSkytells(
        orchestrator_api_key=WFB_KEY, orchestrator_base_url=drip.url, timeout=0.3, max_retries=0
    ) as client:
        with pytest.raises(APITimeoutError):
            await client.orchestrator.webhooks.execute("wf_1", {})


def test_dripping_answer_within_the_timeout_succeeds(drip: DripServer) -> None:
    drip.interval, drip.pieces = 0.02, 5
    with Skytells(
        orchestrator_api_key=WFB_KEY, orchestrator_base_url=drip.url, timeout=2, max_retries=0
    ) as client:
        assert client.orchestrator.workflows.list() == []


def test_dripping_mock_body_bounded_by_the_total_timeout() -> None:
    def slow_body() -> Iterator[bytes]:
        yield b"["
        for _ in range(20):
            time.sleep(0.05)
            yield b" "
        yield b"]"

    recorder = Recorder(lambda request: httpx.Response(200, content=slow_body()))
    with pytest.raises(APITimeoutError):
        mock_client(recorder, timeout=0.2, max_retries=0).orchestrator.workflows.list()


# ------------------------------------------------------------------ streams: idle time, not total


# Six lines (five operations, then ``complete``) 0.25 s apart: the stream lasts 1.25 s, past a
# 1 s timeout, while each line comes well within it (a late line has 0.75 s to spare).
LINE_DELAY, IDLE_TIMEOUT = 0.25, 1.0


def test_stream_timeout_is_idle_time_not_total(server: LocalOrchestrator) -> None:
    server.ai_line_delay = LINE_DELAY
    with Skytells(**local_kwargs(server, timeout=IDLE_TIMEOUT)) as client:
        started = time.monotonic()
        with client.orchestrator.ai.generate_workflow(prompt="Email me on signup") as stream:
            operations = list(stream)
        elapsed = time.monotonic() - started
    assert len(operations) >= 3
    assert elapsed > IDLE_TIMEOUT  # it really outlived the timeout


async def test_async_stream_timeout_is_idle_time_not_total(server: LocalOrchestrator) -> None:
    server.ai_line_delay = LINE_DELAY
    async with AsyncSkytells(**local_kwargs(server, timeout=IDLE_TIMEOUT)) as client:
        started = time.monotonic()
        async with client.orchestrator.ai.generate_workflow(prompt="Email me on signup") as stream:
            operations = [operation async for operation in stream]
        elapsed = time.monotonic() - started
    assert len(operations) >= 3
    assert elapsed > IDLE_TIMEOUT


# The first line comes at once (it has the whole 1 s timeout to arrive), the next one 5 s later.
SILENCE = 5.0


def test_stream_idle_longer_than_the_timeout_times_out(server: LocalOrchestrator) -> None:
    server.ai_line_delay = SILENCE
    with Skytells(**local_kwargs(server, timeout=IDLE_TIMEOUT)) as client:
        stream = client.orchestrator.ai.generate_workflow(prompt="Email me on signup")
        received = []
        with pytest.raises(APITimeoutError), stream:
            for operation in stream:
                received.append(operation)
    assert len(received) == 1  # the first line came at once, the second too late


async def test_async_stream_idle_longer_than_the_timeout_times_out(
    server: LocalOrchestrator,
) -> None:
    server.ai_line_delay = SILENCE
    async with AsyncSkytells(**local_kwargs(server, timeout=IDLE_TIMEOUT)) as client:
        received = []
        with pytest.raises(APITimeoutError):
            async with client.orchestrator.ai.generate_workflow(prompt="Email me") as stream:
                async for operation in stream:
                    received.append(operation)
    assert len(received) == 1
