"""End to end: a run's result by id (``executions.get``), trigger-and-wait in one call
(``execute_and_wait``), a timed-out wait that names its run, and following a run change by
change (``executions.watch``), sync and async, against the local server."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from e2e_support import resolve, webhook_workflow_nodes
from skytells_orchestrator import (
    AsyncSkytells,
    Execution,
    ExecutionStatus,
    InternalServerError,
    Skytells,
    SkytellsError,
    WaitTimeoutError,
)
from skytells_orchestrator.local import LocalOrchestrator
from step_gate import HeldSteps

Client = Skytells | AsyncSkytells
FAST = {"timeout": 20, "poll_interval": 0.02}


async def _workflow(client: Client, name: str, **options: Any) -> str:
    nodes, edges = webhook_workflow_nodes(**options)
    created = await resolve(
        client.orchestrator.workflows.create(name=name, nodes=nodes, edges=edges)
    )
    return str(created.id)


def _with_output(nodes: list[Any], output: Any) -> list[Any]:
    nodes[-1]["data"]["config"]["output"] = output
    return nodes


async def _cleanup(client: Client, workflow_id: str) -> None:
    await resolve(client.orchestrator.executions.delete_all_for_workflow(workflow_id))
    await resolve(client.orchestrator.workflows.delete(workflow_id))


async def _watched(client: Client, execution_id: str, **options: Any) -> list[ExecutionStatus]:
    statuses = client.orchestrator.executions.watch(execution_id, **options)
    if isinstance(client, AsyncSkytells):
        return [status async for status in statuses]  # type: ignore[union-attr]
    return list(statuses)  # type: ignore[arg-type]


async def test_execute_and_wait_returns_the_finished_run_with_its_output(
    client: Client,
) -> None:
    orch = client.orchestrator
    nodes, edges = webhook_workflow_nodes()
    created = await resolve(
        orch.workflows.create(
            name="Result", nodes=_with_output(nodes, {"sent": True, "to": "a@b.c"}), edges=edges
        )
    )
    done = await resolve(orch.webhooks.execute_and_wait(created.id, {"email": "a@b.c"}, **FAST))
    assert isinstance(done, Execution)
    assert (done.status, done.output, done.error) == (
        "success",
        {"sent": True, "to": "a@b.c"},
        None,
    )
    assert done.workflow_id == created.id
    assert done.input_ == {"email": "a@b.c"}
    assert done.completed_at is not None and done.completed_at >= done.started_at
    assert isinstance(done.duration, str) and done.duration.isdigit()

    # Any run is readable by id, and reads as the list shows it.
    again = await resolve(orch.executions.get(done.id))
    assert again == done
    (listed,) = await resolve(orch.executions.list(created.id))
    assert listed.to_dict() == {
        key: value for key, value in again.to_dict().items() if key != "workflow"
    }
    assert again.additional_properties["workflow"]["id"] == created.id
    # get_logs keeps its return type.
    logs = await resolve(orch.executions.get_logs(done.id))
    assert {entry.node_id for entry in logs} == {"trigger", "enrich", "notify"}
    await _cleanup(client, created.id)


async def test_a_failing_run_is_returned_with_its_error(client: Client) -> None:
    orch = client.orchestrator
    workflow_id = await _workflow(client, "Failing", fail_action=True)
    done = await resolve(orch.webhooks.execute_and_wait(workflow_id, {"n": 1}, **FAST))
    assert (done.status, done.error) == ("error", "Step failed")
    assert (await resolve(orch.executions.get(done.id))).error == "Step failed"

    # A manual run, the same way.
    nodes, edges = webhook_workflow_nodes()
    nodes[1]["data"]["config"]["simulateError"] = "Enrichment service said no"
    created = await resolve(orch.workflows.create(name="Manual", nodes=nodes, edges=edges))
    manual = await resolve(orch.workflows.execute_and_wait(created.id, {"plan": "pro"}, **FAST))
    assert (manual.status, manual.error) == ("error", "Enrichment service said no")
    assert manual.input_ == {"plan": "pro"}
    await _cleanup(client, workflow_id)
    await _cleanup(client, created.id)


async def test_a_timed_out_wait_names_its_run(client: Client, held_steps: HeldSteps) -> None:
    orch = client.orchestrator
    workflow_id = await _workflow(client, "Slow")
    with pytest.raises(WaitTimeoutError) as webhook_wait:
        await resolve(orch.webhooks.execute_and_wait(workflow_id, timeout=0.1, poll_interval=0.02))
    with pytest.raises(WaitTimeoutError) as manual_wait:
        await resolve(orch.workflows.execute_and_wait(workflow_id, timeout=0, poll_interval=0.02))
    runs = {run.id for run in await resolve(orch.executions.list(workflow_id))}
    for caught in (webhook_wait, manual_wait):
        assert caught.value.error_id == "WAIT_TIMEOUT"
        assert caught.value.execution_id in runs
        assert caught.value.execution_id in str(caught.value)
    assert webhook_wait.value.execution_id != manual_wait.value.execution_id

    run_id = webhook_wait.value.execution_id
    with pytest.raises(WaitTimeoutError) as plain_wait:
        await resolve(orch.executions.wait(run_id, timeout=0.05, poll_interval=0.01))
    assert plain_wait.value.execution_id == run_id
    with pytest.raises(WaitTimeoutError) as watch_wait:
        await _watched(client, run_id, timeout=0, poll_interval=0.01)
    assert watch_wait.value.execution_id == run_id

    # The run goes on: its id is all it takes to get its result.
    held_steps.release_all()
    for caught in (webhook_wait, manual_wait):
        await resolve(orch.executions.wait(caught.value.execution_id, **FAST))
        finished = await resolve(orch.executions.get(caught.value.execution_id))
        assert finished.status == "success"
    await _cleanup(client, workflow_id)


async def test_watch_sees_every_node_change(client: Client, held_steps: HeldSteps) -> None:
    orch = client.orchestrator
    workflow_id = await _workflow(client, "Watched")
    started = await resolve(orch.webhooks.execute(workflow_id, {"x": 1}))
    # Each node runs until the watch has seen it running, however late a poll comes.
    seen: list[ExecutionStatus] = []
    released: set[str] = set()

    def look(status: ExecutionStatus) -> None:
        seen.append(status)
        running = {node.node_id for node in status.node_statuses if node.status == "running"}
        held_steps.release(len(running - released))
        released.update(running)

    statuses = orch.executions.watch(started.execution_id, timeout=20, poll_interval=0.02)
    if isinstance(client, AsyncSkytells):
        async for status in statuses:  # type: ignore[union-attr]
            look(status)
    else:
        for status in statuses:  # type: ignore[union-attr]
            look(status)

    snapshots = [
        (status.status, [(node.node_id, node.status) for node in status.node_statuses])
        for status in seen
    ]
    assert all(a != b for a, b in itertools.pairwise(snapshots))
    assert snapshots[-1] == (
        "success",
        [("trigger", "success"), ("enrich", "success"), ("notify", "success")],
    )
    assert all(run == "running" for run, _ in snapshots[:-1])
    node_states = {pair for _, nodes in snapshots for pair in nodes}
    assert node_states == {
        (node, state)
        for node in ("trigger", "enrich", "notify")
        for state in ("running", "success")
    }
    # Each node was seen running before it was seen finished.
    for node in ("trigger", "enrich", "notify"):
        states = [dict(nodes).get(node) for _, nodes in snapshots]
        assert states.index("running") < states.index("success")
    final = await resolve(orch.executions.get_status(started.execution_id))
    assert seen[-1] == final
    await _cleanup(client, workflow_id)


async def test_the_bare_array_server_form(client: Client, server: LocalOrchestrator) -> None:
    orch = client.orchestrator
    workflow_id = await _workflow(client, "Bare")
    started = await resolve(orch.webhooks.execute(workflow_id))
    await resolve(orch.executions.wait(started.execution_id, **FAST))
    logs_path = f"/api/workflows/executions/{started.execution_id}/logs"
    entries = [
        entry.to_dict() for entry in await resolve(orch.executions.get_logs(started.execution_id))
    ]
    bare = json.dumps(entries)

    server.faults.answer_next(2, body=bare, content_type="application/json", path=logs_path)
    with pytest.raises(SkytellsError) as refused:
        await resolve(orch.executions.get(started.execution_id))
    assert type(refused.value) is SkytellsError
    assert refused.value.error_id == "NOT_PROVIDED_BY_SERVER"
    assert "does not provide the execution" in str(refused.value)
    # The logs themselves still read from that form.
    logs = await resolve(orch.executions.get_logs(started.execution_id))
    assert [entry.to_dict() for entry in logs] == entries

    await _cleanup(client, workflow_id)


async def test_execute_and_wait_never_retries_the_trigger(
    client: Client, server: LocalOrchestrator
) -> None:
    orch = client.orchestrator
    workflow_id = await _workflow(client, "Once")
    path = f"/api/workflows/{workflow_id}/webhook"
    # The server starts the run, then a proxy answers 502: sending it again would run it twice.
    server.faults.fail_next(1, status=502, path=path, after_processing=True)
    server.requests.clear()
    with pytest.raises(InternalServerError):
        await resolve(orch.webhooks.execute_and_wait(workflow_id, {"n": 1}, **FAST))
    assert server.requests.count("POST", path) == 1
    assert len(server.requests) == 1  # nothing was waited for: the id never arrived
    (run,) = await resolve(orch.executions.list(workflow_id))
    await resolve(orch.executions.wait(run.id, **FAST))
    await _cleanup(client, workflow_id)


async def test_an_error_after_the_start_names_the_run_that_goes_on(
    client: Client, server: LocalOrchestrator
) -> None:
    orch = client.orchestrator
    workflow_id = await _workflow(client, "Started, then refused")
    # The run starts; the first look at it is refused (403 is never retried).
    server.faults.fail_next(1, status=403, path="/api/workflows/executions/")
    with pytest.raises(SkytellsError) as refused:
        await resolve(orch.webhooks.execute_and_wait(workflow_id, {"n": 1}, **FAST))
    assert refused.value.http_status == 403
    (run,) = await resolve(orch.executions.list(workflow_id))
    (note,) = refused.value.__notes__
    assert f"The run {run.id} was started and goes on" in note
    assert f"executions.wait({run.id!r})" in note
    # As the note says: waiting for it, not starting it again.
    assert (await resolve(orch.executions.wait(run.id, **FAST))).status == "success"
    await _cleanup(client, workflow_id)


@pytest.mark.parametrize(
    "options",
    [
        {"timeout": float("nan")},
        {"timeout": -1},
        {"poll_interval": 0},
        {"poll_interval": "1"},
        {"timeout": True},
    ],
)
async def test_execute_and_wait_checks_its_arguments_before_starting(
    client: Client, server: LocalOrchestrator, options: dict[str, Any]
) -> None:
    server.requests.clear()
    for execute_and_wait in (
        client.orchestrator.webhooks.execute_and_wait,
        client.orchestrator.workflows.execute_and_wait,
    ):
        with pytest.raises(SkytellsError) as refused:
            await resolve(execute_and_wait("wf_1", None, **options))
        assert refused.value.error_id == "SDK_ERROR"
    assert len(server.requests) == 0
