"""Fixtures for the authoring end-to-end tests: the local server and both SDK clients."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from skytells_orchestrator import AsyncSkytells, Skytells
from skytells_orchestrator.local import LocalOrchestrator


@pytest.fixture(scope="module")
def server() -> Iterator[LocalOrchestrator]:
    with LocalOrchestrator(step_delay=0.005) as running:
        yield running


@pytest.fixture(autouse=True)
def _clean_faults(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "server" in request.fixturenames:
        request.getfixturevalue("server").faults.reset()


@pytest.fixture(params=["sync", "async"])
async def client(
    request: pytest.FixtureRequest, server: LocalOrchestrator
) -> AsyncIterator[Skytells | AsyncSkytells]:
    options = {
        "orchestrator_api_key": server.api_key,
        "orchestrator_base_url": server.url,
        "orchestrator_session_token": server.session_token,
    }
    if request.param == "sync":
        with Skytells(**options) as made:
            yield made
    else:
        async with AsyncSkytells(**options) as made_async:
            yield made_async
