"""A read written back unchanged leaves the server's stored row byte-for-byte as it was."""

from __future__ import annotations

from typing import Any

from e2e_support import resolve
from skytells_orchestrator import AsyncSkytells, Skytells
from skytells_orchestrator.local import LocalOrchestrator

Client = Skytells | AsyncSkytells

CONFIG = {"webhookUrl": "https://hooks.example/T1", "z": {"b": [1, 2.5, None], "a": {}}, "e": []}


def _row(server: LocalOrchestrator, table: str, row_id: str) -> dict[str, Any]:
    rows = server._store._query(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
    row = dict(rows[0])
    del row["updated_at"]
    return row


async def test_an_integration_config_read_is_accepted_back(
    client: Client, server: LocalOrchestrator
) -> None:
    orch = client.orchestrator
    created = await resolve(orch.integrations.create(type="slack", name="Team", config=CONFIG))
    stored = _row(server, "integrations", created.id)
    read = await resolve(orch.integrations.get(created.id))

    await resolve(orch.integrations.update(created.id, name=read.name, config=read.config))
    assert _row(server, "integrations", created.id) == stored
    checked = await resolve(orch.integrations.test_config(type="slack", config=read.config))
    assert checked.status == "success"

    # Inside a node's config too (a read config copied into a workflow).
    trigger = {
        "id": "t",
        "type": "trigger",
        "position": {"x": 0, "y": 0},
        "data": {"label": "T", "type": "trigger", "config": {"triggerType": "Manual"}},
    }
    action = {
        "id": "a",
        "type": "action",
        "position": {"x": 0, "y": 1},
        "data": {"label": "A", "type": "action", "config": {"copied": read.config}},
    }
    workflow = await resolve(
        orch.workflows.create(name="Copied config", nodes=[trigger, action], validate=False)
    )
    assert workflow.nodes[1].to_dict()["data"]["config"] == {"copied": CONFIG}
    await resolve(orch.integrations.delete(created.id))
    await resolve(orch.workflows.delete(workflow.id))
