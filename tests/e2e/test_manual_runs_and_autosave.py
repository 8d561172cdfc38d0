"""End to end: manual runs (``workflows.execute``) and the editor's autosave
(``workflows.get_current`` / ``save_current``), sync and async, against the local server."""

from __future__ import annotations

from typing import Any

import pytest
from e2e_support import make_client, resolve, webhook_workflow_nodes
from skytells_orchestrator import (
    AsyncSkytells,
    AuthenticationError,
    CurrentWorkflow,
    ExecutionStarted,
    NotFoundError,
    Skytells,
    SkytellsError,
)
from skytells_orchestrator.local import LocalOrchestrator

Client = Skytells | AsyncSkytells


async def _cleanup(client: Client, workflow_id: str) -> None:
    await resolve(client.orchestrator.executions.delete_all_for_workflow(workflow_id))
    await resolve(client.orchestrator.workflows.delete(workflow_id))


# A well-formed key that the server does not know: only the session can authorize the run.
UNKNOWN_KEY = "wfb_" + "u" * 32


async def test_execute_runs_a_workflow_with_the_session_alone(server: LocalOrchestrator) -> None:
    server.strict_auth = True  # management routes accept only the session, as hosted
    try:
        for kind in ("sync", "async"):
            client = make_client(server, kind, orchestrator_api_key=UNKNOWN_KEY)
            try:
                await _run_manually(client, server)
            finally:
                await _close(client)
    finally:
        server.strict_auth = False


async def _close(client: Client) -> None:
    if isinstance(client, AsyncSkytells):
        await client.aclose()
    else:
        client.close()


async def _run_manually(client: Client, server: LocalOrchestrator) -> None:
    orch = client.orchestrator
    nodes, edges = webhook_workflow_nodes()
    created = await resolve(orch.workflows.create(name="Manual", nodes=nodes, edges=edges))
    server.requests.clear()
    started = await resolve(orch.workflows.execute(created.id, {"plan": "pro"}))
    assert isinstance(started, ExecutionStarted)
    assert started.status == "running"
    (seen,) = [r for r in server.requests if r.path.endswith("/execute")]
    assert seen.path == f"/api/workflow/{created.id}/execute"
    assert server.session_token in seen.headers["cookie"]

    final = await resolve(
        orch.executions.wait(started.execution_id, timeout=20, poll_interval=0.02)
    )
    assert final.status == "success"
    runs = await resolve(orch.executions.list(created.id))
    assert [run.id for run in runs] == [started.execution_id]
    assert runs[0].input_ == {"plan": "pro"}

    # Without input the body is `{}` and the run still starts.
    again = await resolve(orch.workflows.execute(created.id))
    assert again.execution_id != started.execution_id
    await resolve(orch.executions.wait(again.execution_id, timeout=20, poll_interval=0.02))
    await _cleanup(client, created.id)


async def test_execute_is_never_retried(client: Client, server: LocalOrchestrator) -> None:
    orch = client.orchestrator
    nodes, edges = webhook_workflow_nodes()
    created = await resolve(orch.workflows.create(name="Once", nodes=nodes, edges=edges))
    path = f"/api/workflow/{created.id}/execute"
    # The server starts the run, then a proxy answers 502: sending it again would run it twice.
    server.faults.fail_next(1, status=502, path=path, after_processing=True)
    server.requests.clear()
    with pytest.raises(SkytellsError) as failed:
        await resolve(orch.workflows.execute(created.id))
    assert failed.value.http_status == 502
    assert server.requests.count("POST", path) == 1
    runs = await resolve(orch.executions.list(created.id))
    assert len(runs) == 1
    await resolve(orch.executions.wait(runs[0].id, timeout=20, poll_interval=0.02))
    await _cleanup(client, created.id)


async def test_execute_errors(client: Client, server: LocalOrchestrator) -> None:
    orch = client.orchestrator
    with pytest.raises(NotFoundError) as missing:
        await resolve(orch.workflows.execute("no-such-workflow"))
    assert missing.value.message == "Workflow not found"
    server.requests.clear()
    for workflow_id, given in [("wf", ["not", "a", "mapping"]), ("..", None), ("", None)]:
        with pytest.raises(SkytellsError) as refused:
            await resolve(orch.workflows.execute(workflow_id, given))  # type: ignore[arg-type]
        assert refused.value.error_id == "SDK_ERROR"
    assert len(server.requests) == 0


async def test_execute_without_a_session_is_refused(
    client: Client, server: LocalOrchestrator
) -> None:
    nodes, edges = webhook_workflow_nodes()
    created = await resolve(
        client.orchestrator.workflows.create(name="S", nodes=nodes, edges=edges)
    )
    kind = "async" if isinstance(client, AsyncSkytells) else "sync"
    keyed_only = make_client(server, kind, orchestrator_session_token=None)
    server.strict_auth = True
    try:
        with pytest.raises(AuthenticationError) as refused:
            await resolve(keyed_only.orchestrator.workflows.execute(created.id))
        assert refused.value.http_status == 401
    finally:
        server.strict_auth = False
        await _close(keyed_only)
    assert await resolve(client.orchestrator.executions.list(created.id)) == []
    await _cleanup(client, created.id)


async def test_the_editor_autosave_round_trip(client: Client) -> None:
    orch = client.orchestrator
    nodes: list[Any] = [
        {"id": "t", "type": "trigger", "position": {"x": 0, "y": 0}, "data": {"label": "T"}},
        {"id": "add", "type": "add", "position": {"x": 0, "y": 90}, "data": {"type": "add"}},
        {"id": "m", "measured": {"width": 10, "height": 4}, "selected": True},
    ]
    edges: list[Any] = [{"id": "e", "source": "t", "target": "add", "animated": True}]

    saved = await resolve(orch.workflows.save_current(nodes=nodes, edges=edges))
    assert isinstance(saved, CurrentWorkflow)
    assert isinstance(saved.id, str)
    assert saved.to_dict()["nodes"] == nodes

    current = await resolve(orch.workflows.get_current())
    assert current.id == saved.id
    assert current.to_dict() == {"id": saved.id, "nodes": nodes, "edges": edges}
    assert current.nodes[1].type_ == "add"

    # Saving again replaces the autosave (same id); typed nodes are sent as read.
    again = await resolve(orch.workflows.save_current(nodes=current.nodes[:1], edges=[]))
    assert again.id == saved.id
    assert again.to_dict()["nodes"] == nodes[:1]
    assert (await resolve(orch.workflows.get_current())).edges == []


async def test_save_current_refuses_what_is_not_nodes_and_edges(client: Client) -> None:
    orch = client.orchestrator
    for nodes, edges in [(None, []), ([], None), ("nodes", []), ([1], [])]:
        with pytest.raises(SkytellsError) as refused:
            await resolve(orch.workflows.save_current(nodes=nodes, edges=edges))  # type: ignore[arg-type]
        assert refused.value.error_id == "SDK_ERROR"
