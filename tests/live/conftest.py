"""Where the wire-fidelity suite runs: a real Orchestrator, or the local server.

With ``ORCHESTRATOR_BASE_URL``, ``ORCHESTRATOR_API_KEY`` (a ``wfb_`` key) and
``ORCHESTRATOR_SESSION_TOKEN`` (the browser's ``better-auth.session_token``, as stored) all
set, the suite runs against that server, as that user. Otherwise it starts the local server
(``skytells_orchestrator.local``, strict auth like the hosted service) on a free loopback port,
so ``make test`` runs the very same tests and the two cannot drift apart.

Everything a test creates is deleted at its end, through plain HTTP, whatever the SDK did.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import pytest
from live_support import Cleanup, Target, close_client, make_client
from skytells_orchestrator import AsyncSkytells, Skytells

ENV_NAMES = ("ORCHESTRATOR_BASE_URL", "ORCHESTRATOR_API_KEY", "ORCHESTRATOR_SESSION_TOKEN")


@pytest.fixture(scope="package")
def target() -> Iterator[Target]:
    """The Orchestrator under test, and the credentials of its user."""
    given = [os.environ.get(name, "") for name in ENV_NAMES]
    if all(given):
        base_url, api_key, session_token = given
        yield Target(base_url.rstrip("/"), api_key, session_token, local=None)
        return
    from skytells_orchestrator.local import LocalOrchestrator

    with LocalOrchestrator(strict_auth=True, step_delay=0.002) as server:
        yield Target(server.url, server.api_key, server.session_token, local=server)


@pytest.fixture(params=["sync", "async"])
async def client(
    request: pytest.FixtureRequest, target: Target
) -> AsyncIterator[Skytells | AsyncSkytells]:
    """The SDK client of the target's user, sync and async."""
    made = make_client(target, request.param)
    try:
        yield made
    finally:
        await close_client(made)


@pytest.fixture
def cleanup(target: Target) -> Iterator[Cleanup]:
    """Records what a test creates and deletes it afterwards."""
    tracker = Cleanup(target)
    try:
        yield tracker
    finally:
        tracker.run()
