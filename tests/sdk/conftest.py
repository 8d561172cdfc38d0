"""Fixtures for the SDK behaviour tests: a local server per module, recorded sleeps."""

from __future__ import annotations

import socket
import types
from collections.abc import AsyncIterator, Iterator

import pytest
from sdk_support import local_kwargs
from skytells_orchestrator import AsyncSkytells, Skytells
from skytells_orchestrator import _request as request_module
from skytells_orchestrator.local import LocalOrchestrator


@pytest.fixture(scope="module")
def server() -> Iterator[LocalOrchestrator]:
    """One in-memory server per test module, fast workflow steps."""
    with LocalOrchestrator(step_delay=0.002) as running:
        yield running


@pytest.fixture(autouse=True)
def _clean_server(request: pytest.FixtureRequest) -> Iterator[None]:
    """Faults, settings and the request log never leak from one test into the next."""
    if "server" in request.fixturenames:
        shared: LocalOrchestrator = request.getfixturevalue("server")
        shared.faults.reset()
        shared.requests.clear()
    yield
    if "server" in request.fixturenames:
        shared = request.getfixturevalue("server")
        shared.faults.reset()
        shared.strict_auth = False
        shared.step_delay = 0.002
        shared.ai_line_delay = 0.0


@pytest.fixture
def client(server: LocalOrchestrator) -> Iterator[Skytells]:
    """A sync client of the local server."""
    with Skytells(**local_kwargs(server, timeout=5.0)) as sync_client:
        yield sync_client


@pytest.fixture
async def aclient(server: LocalOrchestrator) -> AsyncIterator[AsyncSkytells]:
    """An async client of the local server."""
    async with AsyncSkytells(**local_kwargs(server, timeout=5.0)) as async_client:
        yield async_client


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Retry sleeps (sync and async) are recorded here instead of being slept."""
    delays: list[float] = []

    async def fake_async_sleep(delay: float) -> None:
        delays.append(delay)

    fake_time = types.SimpleNamespace(monotonic=request_module.time.monotonic, sleep=delays.append)
    monkeypatch.setattr(request_module, "time", fake_time)
    monkeypatch.setattr(request_module, "anyio", types.SimpleNamespace(sleep=fake_async_sleep))
    return delays


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A loopback port nothing listens on: bound and never listening for the whole test, so a
    connection is refused and no other program (another test run) can take the port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        yield port
