"""Helpers shared by the end-to-end tests (fixtures live in conftest.py)."""

from __future__ import annotations

import inspect
from typing import Any, TypeVar

from skytells_orchestrator import AsyncSkytells, Skytells
from skytells_orchestrator.local import LocalOrchestrator

T = TypeVar("T")


def make_client(server: LocalOrchestrator, kind: str, **options: Any) -> Skytells | AsyncSkytells:
    """A client of the given kind talking to the local server as its owner."""
    arguments: dict[str, Any] = {
        "orchestrator_api_key": server.api_key,
        "orchestrator_base_url": server.url,
        "orchestrator_session_token": server.session_token,
        **options,
    }
    return Skytells(**arguments) if kind == "sync" else AsyncSkytells(**arguments)


async def resolve(value: T) -> Any:
    """Await the async client's coroutines; pass the sync client's results through."""
    if inspect.isawaitable(value):
        return await value
    return value


async def collect(stream: Any) -> list[Any]:
    """Read a whole AI stream (sync or async) inside its context manager."""
    if hasattr(stream, "__aenter__"):
        async with stream as opened:
            return [item async for item in opened]
    with stream as opened:
        return list(opened)


def webhook_workflow_nodes(*, fail_action: bool = False) -> tuple[list[Any], list[Any]]:
    """A webhook trigger followed by two actions (the second can be told to fail)."""
    nodes = [
        {
            "id": "trigger",
            "type": "trigger",
            "position": {"x": 0, "y": 0},
            "data": {"label": "On signup", "type": "trigger", "config": {"triggerType": "Webhook"}},
        },
        {
            "id": "enrich",
            "type": "action",
            "position": {"x": 0, "y": 120},
            "data": {
                "label": "Enrich",
                "type": "action",
                "config": {
                    "actionType": "HTTP Request",
                    "endpoint": "https://api.example.com/enrich",
                    "apiKey": "sk-live-should-be-redacted",
                },
            },
        },
        {
            "id": "notify",
            "type": "action",
            "position": {"x": 0, "y": 240},
            "data": {
                "label": "Notify",
                "type": "action",
                "config": {
                    "actionType": "HTTP Request",
                    "endpoint": "https://api.example.com/notify",
                    **({"fail": True} if fail_action else {}),
                },
            },
        },
    ]
    edges = [
        {"id": "e1", "source": "trigger", "target": "enrich"},
        {"id": "e2", "source": "enrich", "target": "notify"},
    ]
    return nodes, edges
