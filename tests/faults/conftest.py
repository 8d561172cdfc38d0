"""Fixtures of the fault matrix: one local Orchestrator and its listeners per module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fault_runner import Lab, lab
from skytells_orchestrator.local import LocalOrchestrator


@pytest.fixture(scope="module")
def fault_lab() -> Iterator[Lab]:
    """The server, a refused port, a port whose connects time out, and a shared workflow."""
    with LocalOrchestrator(step_delay=0.002) as server, lab(server) as shared:
        yield shared


@pytest.fixture(autouse=True)
def _no_fault_left(request: pytest.FixtureRequest) -> Iterator[None]:
    """A fault a test set but did not consume never reaches the next test."""
    yield
    if "fault_lab" in request.fixturenames:
        shared: Lab = request.getfixturevalue("fault_lab")
        shared.server.faults.reset()
