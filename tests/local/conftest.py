"""Fixtures for the local Orchestrator tests: one shared server, plain httpx clients.

The tests talk HTTP with ``httpx`` only (never the SDK): they check the server against
API-FACTS, independently of the client.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from local_helpers import SESSION_COOKIE, action_node, chain, trigger_node
from skytells_orchestrator.local import LocalOrchestrator


@pytest.fixture(scope="session")
def server() -> Iterator[LocalOrchestrator]:
    """The shared server: in memory, fast steps."""
    with LocalOrchestrator(step_delay=0.002) as running:
        yield running


@pytest.fixture(autouse=True)
def _clean_server(request: pytest.FixtureRequest) -> Iterator[None]:
    """Faults and live settings never leak from one test into the next."""
    yield
    if "server" in request.fixturenames:
        shared: LocalOrchestrator = request.getfixturevalue("server")
        shared.faults.reset()
        shared.strict_auth = False
        shared.step_delay = 0.002
        shared.ai_line_delay = 0.0


def _client(server: LocalOrchestrator, **kwargs: Any) -> httpx.Client:
    return httpx.Client(base_url=server.url, timeout=5.0, **kwargs)


@pytest.fixture
def client(server: LocalOrchestrator) -> Iterator[httpx.Client]:
    """The owner, authenticated with the session cookie."""
    with _client(server, cookies={SESSION_COOKIE: server.session_token}) as http:
        yield http


@pytest.fixture
def key_client(server: LocalOrchestrator) -> Iterator[httpx.Client]:
    """The owner, authenticated with its ``wfb_`` key only."""
    with _client(server, headers={"Authorization": f"Bearer {server.api_key}"}) as http:
        yield http


@pytest.fixture
def other_client(server: LocalOrchestrator) -> Iterator[httpx.Client]:
    """The second user, with its session cookie."""
    with _client(server, cookies={SESSION_COOKIE: server.other_session_token}) as http:
        yield http


@pytest.fixture
def anonymous(server: LocalOrchestrator) -> Iterator[httpx.Client]:
    """No credentials at all."""
    with _client(server) as http:
        yield http


@pytest.fixture
def make_workflow(client: httpx.Client) -> Callable[..., dict[str, Any]]:
    """Create a workflow of the owner: ``make_workflow(trigger="Webhook", actions=[...])``."""

    def make(
        name: str = "Test workflow",
        trigger: str = "Webhook",
        actions: list[dict[str, Any]] | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        actions = [action_node("a1")] if actions is None else actions
        nodes = [trigger_node(trigger), *actions]
        body = {
            "name": name,
            "nodes": nodes,
            "edges": chain(*(node["id"] for node in nodes)),
            **extra,
        }
        response = client.post("/api/workflows/create", json=body)
        assert response.status_code == 200, response.text
        workflow: dict[str, Any] = response.json()
        return workflow

    return make
