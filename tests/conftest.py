"""Fixtures for every test folder: ``held_steps``, a run of the local server seen node by node."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from step_gate import HeldSteps


@pytest.fixture
def held_steps(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldSteps]:
    """Nodes stay ``running`` until released (all of them are at the end of the test)."""
    from skytells_orchestrator.local._engine import _Run  # the server extra, needed here only

    steps = HeldSteps()
    step = _Run.step

    async def held(run: _Run, *args: Any, **kwargs: Any) -> tuple[str, float]:
        started = await step(run, *args, **kwargs)  # the node's log says it is running
        while not steps.take():
            await asyncio.sleep(0.005)  # the server's loop polls the test's decision
        return started

    monkeypatch.setattr(_Run, "step", held)
    try:
        yield steps
    finally:
        steps.release_all()
