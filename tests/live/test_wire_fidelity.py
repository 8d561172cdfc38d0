"""Wire fidelity: the whole SDK flow against an Orchestrator (a real one, or the local server).

Runs as the target's user (see conftest.py), sync and async, and deletes what it creates. The
checks are what the real server does on the wire (shared/API-FACTS.md), so that the local
server and the SDK are both held to the same answers.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from typing import Any

import pytest
from live_support import (
    RUN_TIMEOUT,
    Cleanup,
    Target,
    close_client,
    make_client,
    resolve,
    unique,
    webhook_trigger,
)
from skytells_orchestrator import (
    AsyncSkytells,
    AuthenticationError,
    InvalidWorkflowError,
    ItemList,
    NotFoundError,
    Skytells,
)
from skytells_orchestrator_client.types import UNSET

Client = Skytells | AsyncSkytells

# Nodes as other clients store them: no `data.config`, the editor's own fields, its
# placeholder node, a bare object; edges likewise.
ODD_NODES: list[Any] = [
    {
        "id": "trigger",
        "type": "trigger",
        "position": {"x": 0, "y": 0},
        "data": {"label": "Start", "type": "trigger"},
        "measured": {"width": 180, "height": 64},
        "selected": True,
        "dragging": False,
    },
    {
        "id": "add-1",
        "type": "add",
        "position": {"x": 0, "y": 160},
        "data": {"label": "", "type": "add"},
        "width": 180,
        "height": 64,
    },
    {"id": "bare"},
    {},
]
ODD_EDGES: list[Any] = [
    {"id": "e1", "source": "trigger", "target": "add-1", "animated": True, "type": "default"},
    {},
]


async def _create(client: Client, cleanup: Cleanup, **fields: Any) -> Any:
    workflow = await resolve(client.orchestrator.workflows.create(**fields))
    cleanup.workflow(workflow.id)
    return workflow


async def _wait(client: Client, execution_id: str) -> Any:
    return await resolve(
        client.orchestrator.executions.wait(execution_id, timeout=RUN_TIMEOUT, poll_interval=0.2)
    )


async def test_workflow_crud_code_and_project(client: Client, cleanup: Cleanup) -> None:
    orch = client.orchestrator
    name = unique("crud")
    nodes = [webhook_trigger()]
    created = await _create(client, cleanup, name=name, description="first", nodes=nodes, edges=[])
    assert created.name == name
    assert created.description == "first"
    assert created.visibility == "private"
    assert created.to_dict()["nodes"] == nodes
    assert created.to_dict()["edges"] == []

    fetched = await resolve(orch.workflows.get(created.id))
    assert fetched.is_owner is True
    assert fetched.to_dict()["nodes"] == nodes
    listed = await resolve(orch.workflows.list())
    assert isinstance(listed, ItemList)
    assert created.id in [workflow.id for workflow in listed]

    updated = await resolve(orch.workflows.update(created.id, name=name + " v2"))
    assert (updated.name, updated.description, updated.is_owner) == (name + " v2", "first", True)
    public = await resolve(orch.workflows.update(created.id, visibility="public"))
    assert public.visibility == "public"

    copy = await resolve(orch.workflows.duplicate(created.id))
    cleanup.workflow(copy.id)
    assert copy.name == f"{name} v2 (Copy)"
    assert copy.visibility == "private"
    assert copy.is_owner is True
    assert [node.data.status for node in copy.nodes] == ["idle"]
    assert copy.nodes[0].id != "trigger"

    code = await resolve(orch.workflows.get_code(created.id))
    assert code.strip()
    assert not code.lstrip().startswith("{")
    archive = zipfile.ZipFile(
        io.BytesIO(await resolve(orch.workflows.download_project(created.id)))
    )
    assert archive.namelist()
    assert archive.testzip() is None

    assert await resolve(orch.workflows.delete(copy.id)) is None
    with pytest.raises(NotFoundError) as gone:
        await resolve(orch.workflows.get(copy.id))
    assert gone.value.message == "Workflow not found"


async def test_webhook_run_statuses_and_logs(client: Client, cleanup: Cleanup) -> None:
    orch = client.orchestrator
    workflow = await _create(client, cleanup, name=unique("webhook"), nodes=[webhook_trigger()])

    cors = await resolve(orch.webhooks.preflight(workflow.id))
    assert cors.allow_origin == "*"
    assert {"POST", "OPTIONS"} <= set(cors.allow_methods)
    assert {"content-type", "authorization"} <= {h.lower() for h in cors.allow_headers}

    secret = "sk-live-abcdefgh1234"
    run = await resolve(orch.webhooks.execute(workflow.id, {"email": "a@b.c", "apiKey": secret}))
    assert run.status == "running"
    final = await _wait(client, run.execution_id)
    assert final.status == "success"
    assert [(status.node_id, status.status) for status in final.node_statuses] == [
        ("trigger", "success")
    ]

    logs = await resolve(orch.executions.get_logs(run.execution_id))
    assert isinstance(logs, ItemList)
    assert logs.unreadable == []
    (entry,) = logs
    assert (entry.node_id, entry.status, entry.execution_id) == (
        "trigger",
        "success",
        run.execution_id,
    )
    assert secret not in repr(entry.to_dict())  # the server redacts before answering

    executions = await resolve(orch.executions.list(workflow.id))
    assert [(execution.id, execution.status) for execution in executions] == [
        (run.execution_id, "success")
    ]
    assert executions[0].completed_at is not None
    assert isinstance(executions[0].duration, str)
    assert int(executions[0].duration) >= 0
    # One run by id: the execution the logs answer carries is the one the list shows.
    execution = await resolve(orch.executions.get(run.execution_id))
    assert execution.additional_properties.pop("workflow")["id"] == workflow.id
    assert execution == executions[0]

    deleted = await resolve(orch.executions.delete_all_for_workflow(workflow.id))
    assert deleted.deleted_count == 1
    assert await resolve(orch.executions.list(workflow.id)) == []


async def test_trigger_log_entry_is_what_the_real_server_writes(
    client: Client, cleanup: Cleanup
) -> None:
    # API-FACTS, measured: nodeType "trigger", input {triggerData}, secrets masked to the
    # last 4 characters.
    orch = client.orchestrator
    workflow = await _create(client, cleanup, name=unique("trigger-log"), nodes=[webhook_trigger()])
    run = await resolve(
        orch.webhooks.execute(workflow.id, {"plan": "pro", "apiKey": "sk-live-abcdefgh1234"})
    )
    await _wait(client, run.execution_id)
    (entry,) = await resolve(orch.executions.get_logs(run.execution_id))
    assert entry.node_type == "trigger"
    trigger_data = entry.input_["triggerData"]
    assert trigger_data["triggered"] is True
    assert isinstance(trigger_data["timestamp"], int)
    assert trigger_data["plan"] == "pro"
    assert trigger_data["apiKey"] == "********1234"
    assert entry.output["plan"] == "pro"


async def test_manual_run_with_the_session(client: Client, cleanup: Cleanup) -> None:
    orch = client.orchestrator
    workflow = await _create(client, cleanup, name=unique("manual"), nodes=[webhook_trigger()])
    started = await resolve(orch.workflows.execute(workflow.id, {"source": "sdk-live"}))
    assert started.status == "running"
    assert (await _wait(client, started.execution_id)).status == "success"
    (execution,) = await resolve(orch.executions.list(workflow.id))
    assert execution.id == started.execution_id
    assert execution.input_ == {"source": "sdk-live"}


async def test_api_keys_and_user(client: Client, cleanup: Cleanup, target: Target) -> None:
    orch = client.orchestrator
    created = await resolve(orch.api_keys.create(name=unique("key")))
    cleanup.api_keys.append(created.id)
    assert created.key.startswith("wfb_")
    assert created.key_prefix == created.key[:11]
    assert created.key not in repr(created)
    listed = await resolve(orch.api_keys.list())
    (mine,) = [key for key in listed if key.id == created.id]
    assert mine.key_prefix == created.key_prefix
    assert "key" not in mine.to_dict()

    workflow = await _create(client, cleanup, name=unique("new-key"), nodes=[webhook_trigger()])
    kind = "async" if isinstance(client, AsyncSkytells) else "sync"
    keyed = make_client(target, kind, orchestrator_api_key=created.key)
    try:
        run = await resolve(keyed.orchestrator.webhooks.execute(workflow.id, {}))
        await _wait(client, run.execution_id)
        assert await resolve(orch.api_keys.delete(created.id)) is None
        with pytest.raises(AuthenticationError) as refused:
            await resolve(keyed.orchestrator.webhooks.execute(workflow.id, {}))
        assert refused.value.message == "Invalid API key"
    finally:
        await close_client(keyed)

    user = await resolve(orch.user.get())
    assert isinstance(user.id, str)
    assert user.id
    assert "email" in user.to_dict()


async def test_error_envelopes(client: Client, cleanup: Cleanup, target: Target) -> None:
    orch = client.orchestrator
    missing = f"sdk-live-missing-{uuid.uuid4().hex}"
    with pytest.raises(NotFoundError) as no_workflow:
        await resolve(orch.workflows.get(missing))
    assert (no_workflow.value.message, no_workflow.value.http_status) == ("Workflow not found", 404)
    with pytest.raises(NotFoundError) as no_execution:
        await resolve(orch.executions.get_status(missing))
    assert no_execution.value.message == "Execution not found"

    workflow = await _create(client, cleanup, name=unique("errors"), nodes=[webhook_trigger()])
    kind = "async" if isinstance(client, AsyncSkytells) else "sync"
    unknown_key = make_client(target, kind, orchestrator_api_key="wfb_" + "u" * 32)
    no_session = make_client(target, kind, orchestrator_session_token=None)
    try:
        with pytest.raises(AuthenticationError) as bad_key:
            await resolve(unknown_key.orchestrator.webhooks.execute(workflow.id, {}))
        assert (bad_key.value.message, bad_key.value.http_status) == ("Invalid API key", 401)
        # Quirk: the workflow list answers 200 [] without a session, even with a valid key.
        assert await resolve(no_session.orchestrator.workflows.list()) == []
        with pytest.raises(AuthenticationError) as unauthorized:
            await resolve(no_session.orchestrator.user.get())
        assert unauthorized.value.message == "Unauthorized"
    finally:
        await close_client(unknown_key)
        await close_client(no_session)

    with target.http() as http:
        refused = http.post("/api/workflows/create", json={"name": "x"})
    assert refused.status_code == 400
    assert refused.json()["error"] == "Name, nodes, and edges are required"


async def test_odd_nodes_stored_through_raw_http_read_through_the_sdk(
    client: Client, cleanup: Cleanup, target: Target
) -> None:
    orch = client.orchestrator
    name = unique("odd-nodes")
    with target.http() as http:
        stored = http.post(
            "/api/workflows/create", json={"name": name, "nodes": ODD_NODES, "edges": ODD_EDGES}
        )
    assert stored.status_code == 200, stored.text
    workflow_id = cleanup.workflow(stored.json()["id"])

    listed = await resolve(orch.workflows.list())
    assert workflow_id in [workflow.id for workflow in listed]
    assert workflow_id not in [item.raw.get("id") for item in listed.unreadable]

    fetched = await resolve(orch.workflows.get(workflow_id))
    assert fetched.to_dict()["nodes"] == ODD_NODES
    assert fetched.to_dict()["edges"] == ODD_EDGES
    assert fetched.nodes[0].data.config is UNSET
    assert fetched.nodes[0]["measured"] == {"width": 180, "height": 64}
    assert fetched.nodes[1].type_ == "add"

    renamed = await resolve(orch.workflows.update(workflow_id, name=name + " renamed"))
    assert renamed.to_dict()["nodes"] == ODD_NODES
    # The graph checks refuse these nodes (no id, an edge without ends) before sending...
    with pytest.raises(InvalidWorkflowError):
        await resolve(orch.workflows.update(workflow_id, nodes=fetched.nodes, edges=fetched.edges))
    # ...and with them switched off, what was read is written back unchanged.
    await resolve(
        orch.workflows.update(workflow_id, nodes=fetched.nodes, edges=fetched.edges, validate=False)
    )
    with target.http() as http:
        assert http.get(f"/api/workflows/{workflow_id}").json()["nodes"] == ODD_NODES

    copy = await resolve(orch.workflows.duplicate(workflow_id))
    cleanup.workflow(copy.id)
    assert len(copy.nodes) == len(ODD_NODES)
    assert copy.nodes[1].type_ == "add"

    # The editor's autosave holds whatever the editor sent, too.
    cleanup.remember_autosave()
    with target.http() as http:
        saved = http.post("/api/workflows/current", json={"nodes": ODD_NODES, "edges": ODD_EDGES})
    assert saved.status_code == 200, saved.text
    current = await resolve(orch.workflows.get_current())
    assert current.to_dict()["nodes"] == ODD_NODES
    assert current.to_dict()["edges"] == ODD_EDGES
    assert current.id == saved.json()["id"]
