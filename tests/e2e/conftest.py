"""End-to-end fixtures: the real local server over loopback, and both SDK clients.

Each scenario is written once as an ``async`` test and runs against ``Skytells`` and
``AsyncSkytells`` (see ``e2e_support.resolve``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from e2e_support import make_client
from skytells_orchestrator import AsyncSkytells, Skytells
from skytells_orchestrator.local import LocalOrchestrator


@pytest.fixture(scope="module")
def server() -> Iterator[LocalOrchestrator]:
    with LocalOrchestrator(step_delay=0.01) as running:
        yield running


@pytest.fixture(autouse=True)
def _clean_faults(server: LocalOrchestrator) -> Iterator[None]:
    server.faults.reset()
    yield
    server.faults.reset()


@pytest.fixture(params=["sync", "async"])
async def client(
    request: pytest.FixtureRequest, server: LocalOrchestrator
) -> AsyncIterator[Skytells | AsyncSkytells]:
    made = make_client(server, request.param)
    try:
        yield made
    finally:
        if isinstance(made, AsyncSkytells):
            await made.aclose()
        else:
            made.close()
