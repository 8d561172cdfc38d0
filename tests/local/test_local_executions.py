"""Executions really run: status, node statuses, logs, listing, deletion."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import httpx
from local_helpers import DEADLINE, action_node, wait_for_execution
from skytells_orchestrator.local import LocalOrchestrator

MakeWorkflow = Callable[..., dict[str, Any]]
EXECUTION_FIELDS = {
    "id",
    "workflowId",
    "userId",
    "status",
    "input",
    "output",
    "error",
    "startedAt",
    "completedAt",
    "duration",
}
LOG_FIELDS = {
    "id",
    "executionId",
    "nodeId",
    "nodeName",
    "nodeType",
    "status",
    "input",
    "output",
    "error",
    "startedAt",
    "completedAt",
    "duration",
    "timestamp",
}


def run(
    server: LocalOrchestrator, workflow: dict[str, Any], body: dict[str, Any] | None = None
) -> str:
    response = httpx.post(
        f"{server.url}/api/workflows/{workflow['id']}/webhook",
        json=body or {},
        headers={"Authorization": f"Bearer {server.api_key}"},
    )
    assert response.status_code == 200, response.text
    execution_id: str = response.json()["executionId"]
    return execution_id


def test_execution_runs_to_success(
    client: httpx.Client, server: LocalOrchestrator, make_workflow: MakeWorkflow
) -> None:
    workflow = make_workflow(actions=[action_node("a1"), action_node("a2")])
    execution_id = run(server, workflow, {"order": 7})
    status = wait_for_execution(client, execution_id)
    assert status == {
        "status": "success",
        "nodeStatuses": [
            {"nodeId": "trigger", "status": "success"},
            {"nodeId": "a1", "status": "success"},
            {"nodeId": "a2", "status": "success"},
        ],
    }
    execution = client.get(f"/api/workflows/{workflow['id']}/executions").json()[0]
    assert set(execution) == EXECUTION_FIELDS
    assert execution["id"] == execution_id
    assert execution["status"] == "success"
    assert execution["input"] == {"order": 7}
    assert execution["error"] is None
    assert execution["completedAt"] >= execution["startedAt"]
    assert isinstance(execution["duration"], str) and execution["duration"].isdigit()
    assert execution["output"]["success"] is True


def test_node_statuses_are_visible_while_running(
    client: httpx.Client, server: LocalOrchestrator, make_workflow: MakeWorkflow
) -> None:
    server.step_delay = 0.2
    workflow = make_workflow(actions=[action_node("a1")])
    execution_id = run(server, workflow)
    running = wait_for_execution(
        client, execution_id, until=lambda status: bool(status["nodeStatuses"])
    )
    assert running["status"] == "running"
    assert running["nodeStatuses"][0] == {"nodeId": "trigger", "status": "running"}
    server.step_delay = 0.0
    assert wait_for_execution(client, execution_id)["status"] == "success"


def test_fail_flag_ends_the_execution_in_error(
    client: httpx.Client, server: LocalOrchestrator, make_workflow: MakeWorkflow
) -> None:
    workflow = make_workflow(
        actions=[action_node("a1"), action_node("a2", fail=True), action_node("a3")]
    )
    execution_id = run(server, workflow)
    status = wait_for_execution(client, execution_id)
    assert status["status"] == "error"
    assert status["nodeStatuses"][-1] == {"nodeId": "a2", "status": "error"}
    assert "a3" not in {entry["nodeId"] for entry in status["nodeStatuses"]}
    execution = client.get(f"/api/workflows/{workflow['id']}/executions").json()[0]
    assert execution["status"] == "error"
    assert execution["error"] == "Step failed"


def test_simulate_error_message_is_the_execution_error(
    client: httpx.Client, server: LocalOrchestrator, make_workflow: MakeWorkflow
) -> None:
    workflow = make_workflow(actions=[action_node("a1", simulateError="Slack said no")])
    execution_id = run(server, workflow)
    assert wait_for_execution(client, execution_id)["status"] == "error"
    logs = client.get(f"/api/workflows/executions/{execution_id}/logs").json()
    assert logs["execution"]["error"] == "Slack said no"
    assert logs["logs"][0]["error"] == "Slack said no"
    assert logs["logs"][0]["status"] == "error"


def test_logs_shape_order_and_redaction(
    client: httpx.Client, server: LocalOrchestrator, make_workflow: MakeWorkflow
) -> None:
    workflow = make_workflow(
        actions=[action_node("a1", apiKey="sk-secret", nested={"password": "p", "to": "x"})]
    )
    execution_id = run(server, workflow, {"token": "t-secret", "visible": 1})
    wait_for_execution(client, execution_id)
    response = client.get(f"/api/workflows/executions/{execution_id}/logs")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"execution", "logs"}
    assert set(body["execution"]) == EXECUTION_FIELDS | {"workflow"}
    assert body["execution"]["workflow"]["id"] == workflow["id"]
    logs = body["logs"]
    assert [log["nodeId"] for log in logs] == ["a1", "trigger"]  # newest first
    for log in logs:
        assert set(log) == LOG_FIELDS
        assert log["executionId"] == execution_id
        assert log["status"] == "success"
        assert re.fullmatch(r"\d+", log["duration"])
    action, trigger = logs
    assert action["nodeName"] == "Step a1"
    assert action["nodeType"] == "HTTP Request"
    assert action["input"]["apiKey"] == "[REDACTED]"
    assert action["input"]["nested"] == {"password": "[REDACTED]", "to": "x"}
    assert trigger["input"] == {"token": "[REDACTED]", "visible": 1}
    # Log entries are redacted; the execution record keeps its raw input, as upstream does.
    assert "secret" not in json.dumps(logs)


def test_custom_output(
    client: httpx.Client, server: LocalOrchestrator, make_workflow: MakeWorkflow
) -> None:
    workflow = make_workflow(actions=[action_node("a1", output={"answer": 42})])
    execution_id = run(server, workflow)
    wait_for_execution(client, execution_id)
    execution = client.get(f"/api/workflows/{workflow['id']}/executions").json()[0]
    assert execution["output"] == {"answer": 42}


def test_executions_are_newest_first_and_at_most_50(
    client: httpx.Client, server: LocalOrchestrator, make_workflow: MakeWorkflow
) -> None:
    server.step_delay = 0.0
    workflow = make_workflow(trigger="Manual", actions=[])
    ids = [
        client.post(f"/api/workflow/{workflow['id']}/execute", json={}).json()["executionId"]
        for _ in range(52)
    ]
    listed = client.get(f"/api/workflows/{workflow['id']}/executions").json()
    assert len(listed) == 50
    assert [execution["id"] for execution in listed] == ids[::-1][:50]
    for execution_id in ids[-3:]:
        wait_for_execution(client, execution_id)
    deleted = client.delete(f"/api/workflows/{workflow['id']}/executions").json()
    assert deleted == {"success": True, "deletedCount": 52}
    assert client.get(f"/api/workflows/{workflow['id']}/executions").json() == []


def test_status_and_logs_errors(
    client: httpx.Client,
    other_client: httpx.Client,
    server: LocalOrchestrator,
    make_workflow: MakeWorkflow,
) -> None:
    execution_id = run(server, make_workflow())
    for suffix in ("status", "logs"):
        missing = client.get(f"/api/workflows/executions/nope/{suffix}")
        assert missing.status_code == 404
        assert missing.json() == {"error": "Execution not found"}
        forbidden = other_client.get(f"/api/workflows/executions/{execution_id}/{suffix}")
        assert forbidden.status_code == 403
        assert forbidden.json() == {"error": "Forbidden"}
    for method in ("GET", "DELETE"):
        other = other_client.request(method, f"/api/workflows/{execution_id}/executions")
        assert other.status_code == 404


def test_workflow_without_trigger_ends_in_error(
    client: httpx.Client, make_workflow: MakeWorkflow
) -> None:
    workflow = make_workflow(trigger="Manual")
    client.patch(f"/api/workflows/{workflow['id']}", json={"nodes": [action_node("only")]})
    response = client.post(f"/api/workflow/{workflow['id']}/execute", json={})
    status = wait_for_execution(client, response.json()["executionId"])
    assert status == {"status": "error", "nodeStatuses": []}


def test_running_executions_end_cancelled_when_the_server_stops() -> None:
    with LocalOrchestrator(step_delay=30.0) as server:
        cookies = server.cookies
        with httpx.Client(base_url=server.url, cookies=cookies, timeout=DEADLINE) as http:
            created = http.post(
                "/api/workflows/create",
                json={"name": "slow", "nodes": [], "edges": []},
            ).json()
            started = http.post(f"/api/workflow/{created['id']}/execute", json={}).json()
        server.stop()
        server.start()  # same object, same in-memory state, same port
        with httpx.Client(base_url=server.url, cookies=cookies, timeout=DEADLINE) as http:
            status = http.get(f"/api/workflows/executions/{started['executionId']}/status")
            assert status.json()["status"] == "cancelled"
