"""Helpers shared by the local server tests (imported by name: pytest puts this folder on
sys.path, and the name is unique across the test tree)."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any

import httpx

SESSION_COOKIE = "better-auth.session_token"
DEADLINE = 5.0  # seconds any background state change may take before a test gives up


def trigger_node(trigger_type: str = "Webhook", node_id: str = "trigger") -> dict[str, Any]:
    """A trigger node of the given type."""
    return {
        "id": node_id,
        "type": "trigger",
        "position": {"x": 100, "y": 200},
        "data": {
            "label": f"{trigger_type} trigger",
            "type": "trigger",
            "config": {"triggerType": trigger_type},
            "status": "idle",
        },
    }


def action_node(node_id: str, **config: Any) -> dict[str, Any]:
    """An action node whose config is ``config`` (plus a default actionType)."""
    return {
        "id": node_id,
        "type": "action",
        "position": {"x": 350, "y": 200},
        "data": {
            "label": f"Step {node_id}",
            "type": "action",
            "config": {
                "actionType": "HTTP Request",
                "endpoint": "https://api.example.com",
                **config,
            },
            "status": "idle",
        },
    }


def chain(*node_ids: str) -> list[dict[str, Any]]:
    """Edges linking the nodes in order."""
    return [
        {"id": f"e-{source}-{target}", "source": source, "target": target, "type": "default"}
        for source, target in itertools.pairwise(node_ids)
    ]


def wait_for_execution(
    client: httpx.Client,
    execution_id: str,
    *,
    until: Callable[[dict[str, Any]], bool] | None = None,
) -> dict[str, Any]:
    """Poll ``/status`` until the execution is no longer running (or ``until`` holds)."""
    done = until or (lambda status: status["status"] not in ("pending", "running"))
    deadline = time.monotonic() + DEADLINE
    while True:
        response = client.get(f"/api/workflows/executions/{execution_id}/status")
        assert response.status_code == 200, response.text
        status: dict[str, Any] = response.json()
        if done(status):
            return status
        if time.monotonic() > deadline:
            raise AssertionError(f"execution {execution_id} still {status} after {DEADLINE}s")
        time.sleep(0.005)  # polling interval, not a wait for state
