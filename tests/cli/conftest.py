"""Fixtures for the command-line tests: one local server per module, and a runner of the real
``main`` (in-process, stdout captured: not a terminal, so JSON is the default output)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from cli_support import EDGES, NODES, Runner
from skytells_orchestrator.local import LocalOrchestrator


@pytest.fixture(scope="module")
def server() -> Iterator[LocalOrchestrator]:
    with LocalOrchestrator(step_delay=0.002) as running:
        yield running


@pytest.fixture
def env(server: LocalOrchestrator, monkeypatch: pytest.MonkeyPatch) -> LocalOrchestrator:
    """The ORCHESTRATOR_* variables of the local server's owner."""
    monkeypatch.setenv("ORCHESTRATOR_BASE_URL", server.url)
    monkeypatch.setenv("ORCHESTRATOR_API_KEY", server.api_key)
    monkeypatch.setenv("ORCHESTRATOR_SESSION_TOKEN", server.session_token)
    return server


@pytest.fixture
def cli(
    env: LocalOrchestrator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Runner:
    return Runner(capsys, monkeypatch)


@pytest.fixture
def workflow(cli: Runner, tmp_path: Any) -> dict[str, Any]:
    """A webhook-triggered workflow of two nodes, created through the command."""
    source = tmp_path / "wf.json"
    source.write_text(json.dumps({"name": "Welcome", "nodes": NODES, "edges": EDGES}))
    created: dict[str, Any] = cli.ok("workflows", "create", "--from-file", str(source))
    return created
