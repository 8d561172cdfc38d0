"""Executions really run: status, node statuses, logs, listing, deletion."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import httpx
from local_helpers import DEADLINE, action_node, wait_for_execution
from skytells_orchestrator.local import LocalOrchestrator
from step_gate import HeldSteps

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
    client: httpx.Client,
    server: LocalOrchestrator,
    make_workflow: MakeWorkflow,
    held_steps: HeldSteps,
) -> None:
    workflow = make_workflow(actions=[action_node("a1")])
    execution_id = run(server, workflow)
    running = wait_for_execution(
        client, execution_id, until=lambda status: bool(status["nodeStatuses"])
    )
    assert running["status"] == "running"
    assert running["nodeStatuses"] == [{"nodeId": "trigger", "status": "running"}]
    held_steps.release_all()
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
        actions=[
            action_node(
                "a1",
                apiKey="sk-secret",
                integrationId=None,
                nested={"password": "p", "to": "x", "Client-Secret": "", "authHeader": 7},
                credentials={"user": "u"},
            )
        ]
    )
    workflow = client.patch(
        f"/api/workflows/{workflow['id']}",
        json={"nodes": [{**node, "data": {**node["data"]}} for node in workflow["nodes"]]},
    ).json()
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
    # An action's entry: its actionType as nodeType, its config without actionType and
    # integrationId as input; secrets masked as "up to 8 stars + last 4".
    assert action["nodeType"] == "HTTP Request"
    assert action["input"] == {
        "endpoint": "https://api.example.com",
        "apiKey": "*****cret",
        "nested": {
            "password": "****",
            "to": "x",
            "Client-Secret": "[REDACTED]",
            "authHeader": "[REDACTED]",
        },
        "credentials": "[REDACTED]",
    }
    # The trigger's entry: nodeType "trigger", input {"triggerData": ...}, output the data.
    assert trigger["nodeType"] == "trigger"
    trigger_data = trigger["input"]["triggerData"]
    assert set(trigger["input"]) == {"triggerData"}
    assert trigger_data["triggered"] is True
    assert isinstance(trigger_data["timestamp"], int)
    assert {k: trigger_data[k] for k in ("token", "visible")} == {"token": "****cret", "visible": 1}
    assert trigger["output"] == trigger_data
    # Log entries are redacted; the execution record keeps its raw input, as upstream does.
    assert "secret" not in json.dumps(logs)
    assert body["execution"]["input"] == {"token": "t-secret", "visible": 1}


def test_a_failed_action_logs_its_error_text_as_output(
    client: httpx.Client, server: LocalOrchestrator, make_workflow: MakeWorkflow
) -> None:
    workflow = make_workflow(actions=[action_node("a1", simulateError="Slack said no")])
    execution_id = run(server, workflow)
    wait_for_execution(client, execution_id)
    action = client.get(f"/api/workflows/executions/{execution_id}/logs").json()["logs"][0]
    assert action["status"] == "error"
    assert action["output"] == "Slack said no"
    assert action["error"] == "Slack said no"


def test_redaction_masks_like_the_hosted_service() -> None:
    from skytells_orchestrator.local._engine import redact

    assert redact({"API_KEY": "abcdefghijklmnop"}) == {"API_KEY": "********mnop"}
    assert redact({"api-key": "abcde", "x_token": "abcd"}) == {
        "api-key": "*bcde",
        "x_token": "****",
    }
    assert redact({"Secret": None, "key": "long-value"}) == {
        "Secret": "[REDACTED]",
        "key": "******alue",
    }
    assert redact([{"password": "hunter22"}]) == [{"password": "****er22"}]
    deep: dict[str, object] = {"password": "hunter22"}
    for _ in range(11):
        deep = {"level": deep}
    # Past depth 10 values are left as they are, as upstream does.
    assert "hunter22" in json.dumps(redact(deep))
    shallow: dict[str, object] = {"password": "hunter22"}
    for _ in range(10):
        shallow = {"level": shallow}
    assert "hunter22" not in json.dumps(redact(shallow))


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


def test_workflow_without_a_start_node_runs_nothing(
    client: httpx.Client, make_workflow: MakeWorkflow
) -> None:
    # As the hosted executor: no trigger without incoming edges, so no node runs, and an
    # execution where nothing failed is a success.
    workflow = make_workflow(trigger="Manual")
    client.patch(f"/api/workflows/{workflow['id']}", json={"nodes": [action_node("only")]})
    response = client.post(f"/api/workflow/{workflow['id']}/execute", json={})
    status = wait_for_execution(client, response.json()["executionId"])
    assert status == {"status": "success", "nodeStatuses": []}


def test_executor_follows_the_hosted_rules(
    client: httpx.Client, server: LocalOrchestrator, make_workflow: MakeWorkflow
) -> None:
    # trigger -> a1 (fails) -> a2; trigger -> b1 -> b2 -> b1 (a cycle); c1 unreachable;
    # an "add" placeholder reached from b1 fails the run with its own message.
    nodes = [
        action_node("a1", fail=True),
        action_node("a2"),
        action_node("b1"),
        action_node("b2"),
        action_node("c1"),
        {"id": "plus", "type": "add", "position": {"x": 0, "y": 0}, "data": {"type": "add"}},
        {"id": "bare"},  # no data at all: never reached, never a problem
    ]
    workflow = make_workflow(actions=nodes)
    edges = [
        {"id": "1", "source": "trigger", "target": "a1"},
        {"id": "2", "source": "a1", "target": "a2"},
        {"id": "3", "source": "trigger", "target": "b1"},
        {"id": "4", "source": "b1", "target": "b2"},
        {"id": "5", "source": "b2", "target": "b1"},
        {"id": "6", "source": "b2", "target": "plus"},
    ]
    client.patch(f"/api/workflows/{workflow['id']}", json={"edges": edges})
    execution_id = run(server, workflow)
    status = wait_for_execution(client, execution_id)
    assert status["status"] == "error"
    ran = {entry["nodeId"]: entry["status"] for entry in status["nodeStatuses"]}
    assert ran == {"trigger": "success", "a1": "error", "b1": "success", "b2": "success"}
    execution = client.get(f"/api/workflows/{workflow['id']}/executions").json()[0]
    assert execution["error"] == "Step failed"


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
