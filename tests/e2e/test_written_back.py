"""A read written back unchanged leaves the server's stored row byte-for-byte as it was."""

from __future__ import annotations

import json
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


# Keys in an order of their own, unknown ones between known ones, at every level.
NODES = [
    {
        "type": "trigger",
        "measured": {"width": 1},
        "id": "t",
        "data": {
            "config": {"zeta": 1, "triggerType": "Manual"},
            "type": "trigger",
            "label": "T",
            "description": None,
        },
        "position": {"y": -0.0, "x": 1.5},
    },
    {
        "id": "a",
        "data": {"label": "A", "config": {"endpoint": "https://x", "actionType": "HTTP Request"}},
        "selected": True,
        "type": "action",
        "position": {"x": 0, "y": 1},
    },
]
EDGES = [{"target": "a", "animated": False, "source": "t", "id": "e"}]


async def test_nodes_and_edges_read_are_written_back_key_for_key(
    client: Client, server: LocalOrchestrator
) -> None:
    orch = client.orchestrator
    created = await resolve(
        orch.workflows.create(name="Key order", description="d", nodes=NODES, edges=EDGES)
    )
    stored = _row(server, "workflows", created.id)
    assert stored["nodes"] == json.dumps(NODES, separators=(",", ":"))

    read = await resolve(orch.workflows.get(created.id))
    await resolve(
        orch.workflows.update(
            created.id,
            name=read.name,
            description=read.description,
            nodes=read.nodes,
            edges=read.edges,
            visibility=read.visibility,
        )
    )
    assert _row(server, "workflows", created.id) == stored
    (listed,) = [item for item in await resolve(orch.workflows.list()) if item.id == created.id]
    await resolve(orch.workflows.update(created.id, nodes=listed.nodes, edges=listed.edges))
    assert _row(server, "workflows", created.id) == stored

    autosave = await resolve(orch.workflows.save_current(nodes=NODES, edges=EDGES))
    saved = _row(server, "workflows", autosave.id)
    current = await resolve(orch.workflows.get_current())
    await resolve(orch.workflows.save_current(nodes=current.nodes, edges=current.edges))
    assert _row(server, "workflows", autosave.id) == saved
    await resolve(orch.workflows.delete(created.id))
