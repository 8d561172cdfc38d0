"""``workflows download`` (``save_project``) ended by a signal mid-body leaves no temporary file:
SIGTERM and SIGHUP clean up as SIGINT does, and the process still ends the way the signal says."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from skytells_orchestrator import Skytells
from skytells_orchestrator.local import LocalOrchestrator

DEADLINE = 20.0

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX signals")


@pytest.fixture(autouse=True)
def _default_signals() -> Iterator[None]:
    """The signals as a program started from a shell has them, here and in the commands started
    here: a suite run under nohup or as a background job has SIGHUP or SIGINT ignored, which a
    child inherits and the clean-up rightly leaves alone."""
    defaults = {
        signal.SIGTERM: signal.SIG_DFL,
        signal.SIGHUP: signal.SIG_DFL,
        signal.SIGINT: signal.default_int_handler,
    }
    previous = {signum: signal.signal(signum, handler) for signum, handler in defaults.items()}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            if handler is not None:  # None: set outside Python, and so left as it is now
                signal.signal(signum, handler)


class StallingDownload:
    """A server on loopback that answers a download with the start of a ZIP, then holds the
    rest of the body until it is stopped: the client sits mid-download."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._stop = threading.Event()
        self._connections: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        self._listener.settimeout(0.05)
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._connections.append(connection)
            connection.settimeout(DEADLINE)
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = connection.recv(4096)
                if not chunk:
                    break
                request += chunk
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\n"
                b"Content-Length: 1000000\r\n\r\nPK\x03\x04" + bytes(4096)
            )

    def close(self) -> None:
        self._stop.set()
        self._thread.join(DEADLINE)
        self._listener.close()
        for connection in self._connections:
            connection.close()


@pytest.fixture
def stalling() -> Iterator[StallingDownload]:
    server = StallingDownload()
    try:
        yield server
    finally:
        server.close()


def _temps(folder: Path) -> list[Path]:
    return sorted(folder.glob(".project.zip.*.part"))


@pytest.mark.parametrize(
    ("signum", "status"),
    [(signal.SIGTERM, -signal.SIGTERM), (signal.SIGHUP, -signal.SIGHUP), (signal.SIGINT, 130)],
    ids=["SIGTERM", "SIGHUP", "SIGINT"],
)
def test_a_signal_mid_download_removes_the_temporary_file(
    stalling: StallingDownload, tmp_path: Path, signum: int, status: int
) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ORCHESTRATOR_")}
    env.update(
        ORCHESTRATOR_BASE_URL=stalling.url,
        ORCHESTRATOR_API_KEY="wfb_local-test-key",
        ORCHESTRATOR_SESSION_TOKEN="local-test-session",
    )
    target = tmp_path / "project.zip"
    command = [sys.executable, "-m", "skytells_orchestrator.cli"]
    process = subprocess.Popen(
        [*command, "workflows", "download", "wf1", "--output", str(target)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + DEADLINE
        while not _temps(tmp_path):  # the body has started to arrive
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "no temporary file appeared"
            time.sleep(0.01)
        process.send_signal(signum)
        assert process.wait(timeout=DEADLINE) == status
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=DEADLINE)
    assert list(tmp_path.iterdir()) == []


_ASYNC_SAVE = """
import asyncio, sys
from skytells_orchestrator import AsyncSkytells

async def main():
    async with AsyncSkytells(
        orchestrator_api_key="wfb_local-test-key", orchestrator_base_url=sys.argv[1]
    ) as client:
        await client.orchestrator.workflows.save_project("wf1", sys.argv[2])

asyncio.run(main())
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_the_async_save_project_cleans_up_too(
    stalling: StallingDownload, tmp_path: Path, signum: int
) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", _ASYNC_SAVE, stalling.url, str(tmp_path / "project.zip")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + DEADLINE
        while not _temps(tmp_path):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "no temporary file appeared"
            time.sleep(0.01)
        process.send_signal(signum)
        assert process.wait(timeout=DEADLINE) == -signum
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=DEADLINE)
    assert list(tmp_path.iterdir()) == []


def test_the_signal_handlers_are_left_as_they_were(
    server: LocalOrchestrator, tmp_path: Path
) -> None:
    with Skytells(orchestrator_api_key=server.api_key, orchestrator_base_url=server.url) as sdk:
        client = sdk.orchestrator
        workflow_id = client.workflows.create(name="saved", nodes=[], edges=[]).id
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
        client.workflows.save_project(workflow_id, tmp_path / "a.zip")
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_DFL

        def own(signum: int, frame: object) -> None:
            return None

        previous = signal.signal(signal.SIGTERM, own)
        try:
            seen: list[object] = []
            client.workflows.save_project(
                workflow_id,
                tmp_path / "b.zip",
                on_progress=lambda *_: seen.append(signal.getsignal(signal.SIGTERM)),
            )
            # A program's own handler is never replaced, not even during the download.
            assert seen and all(handler is own for handler in seen)
            assert signal.getsignal(signal.SIGTERM) is own
        finally:
            signal.signal(signal.SIGTERM, previous)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.zip", "b.zip"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_child_never_removes_its_parents_temporary_file(tmp_path: Path) -> None:
    import httpx
    from skytells_orchestrator._download import ProjectWriter

    response = httpx.Response(200, headers={"content-type": "application/zip"})
    with pytest.raises(RuntimeError), ProjectWriter(tmp_path / "project.zip", response) as writer:
        writer.write(b"PK\x03\x04")
        temp = _temps(tmp_path)[0]
        child = os.fork()
        if child == 0:  # the child is ended by SIGTERM, as a worker would be
            os.kill(os.getpid(), signal.SIGTERM)
            os._exit(3)  # not reached: the signal ends the child
        _, status = os.waitpid(child, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGTERM
        assert temp.exists()  # still there for the parent to finish
        raise RuntimeError("give up")
    assert list(tmp_path.iterdir()) == []
