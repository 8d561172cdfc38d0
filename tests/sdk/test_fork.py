"""A client used in a forked child never sends on its parent's connections; the parent keeps
its own. A loopback server answers each request with the client port of its connection."""

from __future__ import annotations

import asyncio
import json
import os
import select
import signal
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread
from typing import Any

import httpx
import pytest
from sdk_support import SESSION_TOKEN, WFB_KEY
from skytells_orchestrator import AsyncSkytells, Skytells

# The test's server thread is not used by the child, which only makes a request and exits.
pytestmark = pytest.mark.filterwarnings(
    "ignore:This process .* is multi-threaded:DeprecationWarning"
)


class _PeerHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: a connection serves many requests

    def do_GET(self) -> None:  # the name http.server calls
        body = json.dumps(
            {"id": "u1", "name": None, "email": None, "peer": self.client_address[1]}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def peer_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PeerHandler)
    server.daemon_threads = True
    thread = Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _in_child(work: Callable[[], int]) -> int:
    """Run ``work`` in a forked child and return what it returned (-1 on any failure)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report and leave without running the parent's cleanup
        code = 1
        try:
            os.close(read_end)
            os.write(write_end, str(work()).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        # The pipe ends (EOF) when the child exits, whatever happened to it.
        if not select.select([pipe], [], [], 30)[0]:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the forked child did not answer in 30 s")
        text = pipe.read().decode()
    status = os.waitpid(pid, 0)[1]
    assert os.waitstatus_to_exitcode(status) == 0, "the child failed"
    return int(text)


def _kwargs(url: str) -> dict[str, Any]:
    return {
        "orchestrator_base_url": url,
        "orchestrator_api_key": WFB_KEY,
        "orchestrator_session_token": SESSION_TOKEN,
    }


@pytest.mark.parametrize("pool", ["own", "given"])
def test_a_forked_child_opens_its_own_connection(peer_server: str, pool: str) -> None:
    given = httpx.Client() if pool == "given" else None
    with Skytells(**_kwargs(peer_server), http_client=given) as client:
        user = client.orchestrator.user

        def peer() -> int:
            port: int = user.get()["peer"]
            return port

        parent_port = peer()
        child_port = _in_child(peer)
        assert child_port != parent_port
        # The parent still has its own connection, untouched by the child.
        assert peer() == parent_port
    if given is not None:
        given.close()


def test_a_forked_child_of_an_async_client_opens_its_own_connection(peer_server: str) -> None:
    client = AsyncSkytells(**_kwargs(peer_server))

    async def peer() -> int:
        port: int = (await client.orchestrator.user.get())["peer"]
        return port

    loop = asyncio.new_event_loop()
    try:
        parent_port = loop.run_until_complete(peer())
        # The child uses the client on an event loop of its own.
        child_port = _in_child(lambda: asyncio.run(peer()))
        assert child_port != parent_port
        assert loop.run_until_complete(peer()) == parent_port
        loop.run_until_complete(client.aclose())
    finally:
        loop.close()
