"""The local server as the hosted one measures: nodes stored as sent, raw-path routing, bare
error envelopes (API-FACTS "Nodes and edges are stored exactly as the caller sent them")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from local_helpers import action_node, chain, trigger_node, wait_for_execution
from skytells_orchestrator.local import LocalOrchestrator

MakeWorkflow = Callable[..., dict[str, Any]]

# Nodes as the editor, React Flow, other clients or older versions may store them.
ODD_NODES: list[dict[str, Any]] = [
    {
        "id": "trigger",
        "type": "trigger",
        "position": {"x": 0, "y": 0},
        "data": {"label": "No config", "type": "trigger"},  # config is optional in the editor
        "measured": {"width": 200, "height": 80},
        "selected": True,
        "dragging": False,
    },
    {"id": "plus", "type": "add", "position": {"x": 1, "y": 2}, "data": {"type": "add"}},
    {"id": "bare"},
    {"id": 7, "type": "action", "data": {"config": "not an object", "status": "weird"}},
    {"no-id": True, "data": None},
]
ODD_EDGES: list[dict[str, Any]] = [
    {"id": "e1", "source": "trigger", "target": "plus", "animated": True},
    {"source": "missing"},
]


def test_nodes_and_edges_are_stored_and_returned_exactly_as_sent(
    client: httpx.Client, server: LocalOrchestrator
) -> None:
    created = client.post(
        "/api/workflows/create", json={"name": "Odd", "nodes": ODD_NODES, "edges": ODD_EDGES}
    )
    assert created.status_code == 200, created.text
    workflow = created.json()
    assert (workflow["nodes"], workflow["edges"]) == (ODD_NODES, ODD_EDGES)
    fetched = client.get(f"/api/workflows/{workflow['id']}").json()
    assert (fetched["nodes"], fetched["edges"]) == (ODD_NODES, ODD_EDGES)
    listed = {item["id"]: item for item in client.get("/api/workflows").json()}
    assert listed[workflow["id"]]["nodes"] == ODD_NODES
    patched = client.patch(
        f"/api/workflows/{workflow['id']}", json={"nodes": ODD_NODES[::-1], "edges": []}
    )
    assert patched.status_code == 200
    assert patched.json()["nodes"] == ODD_NODES[::-1]
    saved = client.post("/api/workflows/current", json={"nodes": ODD_NODES, "edges": ODD_EDGES})
    assert saved.json()["nodes"] == ODD_NODES
    # Running it never fails the server: the trigger has no config, "add" is an unknown type.
    started = client.post(f"/api/workflow/{workflow['id']}/execute", json={})
    assert started.status_code == 200
    wait_for_execution(client, started.json()["executionId"])
    assert client.get(f"/api/workflows/{workflow['id']}/code").status_code == 200
    assert client.get(f"/api/workflows/{workflow['id']}/download").status_code == 200


def test_an_encoded_slash_stays_inside_the_id(
    client: httpx.Client, server: LocalOrchestrator, make_workflow: MakeWorkflow
) -> None:
    workflow = make_workflow()
    execution = client.post(f"/api/workflow/{workflow['id']}/execute", json={}).json()
    wait_for_execution(client, execution["executionId"])
    wid = workflow["id"]
    for method, path in [
        ("GET", f"/api/workflows/{wid}%2Fcode"),
        ("GET", f"/api/workflows/{wid}%2Fexecutions"),
        ("DELETE", f"/api/workflows/{wid}%2Fexecutions"),
        ("GET", f"/api/workflows/{wid}%2Fdownload"),
        ("PATCH", f"/api/workflows/{wid}%2Fx"),
        ("GET", "/api/workflows/%2E%2E"),
    ]:
        response = client.request(method, path, json={} if method == "PATCH" else None)
        assert (response.status_code, response.json()) == (404, {"error": "Workflow not found"})
    # The DELETE above reached no executions route: the run is still there.
    assert len(client.get(f"/api/workflows/{wid}/executions").json()) == 1
    # Percent-encoded ids are decoded once, like any path parameter.
    encoded = "".join(f"%{ord(char):02X}" for char in wid)
    assert client.get(f"/api/workflows/{encoded}").json()["id"] == wid
    status = client.get(f"/api/workflows/executions/{execution['executionId']}%2Fstatus")
    assert status.status_code == 404
    assert status.json() == {"error": "Not found"}  # no route has that shape


def test_error_bodies_are_only_the_error(
    client: httpx.Client, server: LocalOrchestrator, make_workflow: MakeWorkflow
) -> None:
    integration = client.post(
        "/api/integrations", json={"type": "slack", "config": {"apiKey": "k"}}
    ).json()
    workflow = make_workflow(actions=[action_node("a1", integrationId=integration["id"])])
    started = client.post(f"/api/workflow/{workflow['id']}/execute", json={}).json()
    wait_for_execution(client, started["executionId"])
    # While the workflow has executions the database refuses to delete it: only {error}.
    refused = client.delete(f"/api/workflows/{workflow['id']}")
    assert refused.status_code == 500
    assert set(refused.json()) == {"error"}
    assert refused.json()["error"].startswith('Failed query: delete from "workflows"')


def test_another_users_integration_is_refused_on_every_route_that_checks(
    client: httpx.Client, other_client: httpx.Client, server: LocalOrchestrator
) -> None:
    foreign = other_client.post(
        "/api/integrations", json={"type": "slack", "config": {"apiKey": "theirs"}}
    ).json()
    nodes = [trigger_node("Webhook"), action_node("a1", integrationId=foreign["id"])]
    body = {"name": "Borrowed", "nodes": nodes, "edges": chain("trigger", "a1")}
    in_workflow = {"error": "Invalid integration references in workflow"}
    created = client.post("/api/workflows/create", json=body)
    assert (created.status_code, created.json()) == (403, in_workflow)
    mine = client.post("/api/workflows/create", json={**body, "nodes": nodes[:1]}).json()
    patched = client.patch(f"/api/workflows/{mine['id']}", json={"nodes": nodes})
    assert (patched.status_code, patched.json()) == (403, in_workflow)
    # The editor's autosave is stored unchecked; running it is refused with another text.
    saved = client.post("/api/workflows/current", json={"nodes": nodes, "edges": body["edges"]})
    assert saved.status_code == 200
    autosave = saved.json()["id"]
    contains = {"error": "Workflow contains invalid integration references"}
    try:
        manual = client.post(f"/api/workflow/{autosave}/execute", json={})
        assert (manual.status_code, manual.json()) == (403, contains)
        hooked = client.post(
            f"/api/workflows/{autosave}/webhook",
            headers={"Authorization": f"Bearer {server.api_key}"},
            json={},
        )
        assert (hooked.status_code, hooked.json()) == (403, contains)
        assert hooked.headers["access-control-allow-origin"] == "*"
        assert client.get(f"/api/workflows/{autosave}/executions").json() == []
    finally:
        assert client.delete(f"/api/workflows/{autosave}").status_code == 200
        assert client.delete(f"/api/workflows/{mine['id']}").status_code == 200


def test_a_reference_to_a_deleted_integration_is_allowed(
    client: httpx.Client, server: LocalOrchestrator
) -> None:
    # Upstream refuses only ids of integrations that exist and belong to someone else: a
    # stale reference is saved and run (the step then finds no credentials).
    gone = client.post(
        "/api/integrations", json={"type": "slack", "config": {"botToken": "xoxb-t"}}
    ).json()
    assert client.delete(f"/api/integrations/{gone['id']}").status_code == 200
    slack = action_node(
        "a1",
        actionType="slack/send-message",
        slackChannel="#general",
        slackMessage="hi",
        integrationId=gone["id"],
    )
    nodes = [trigger_node("Webhook"), slack]
    created = client.post(
        "/api/workflows/create",
        json={"name": "Stale", "nodes": nodes, "edges": chain("trigger", "a1")},
    )
    assert created.status_code == 200, created.text
    workflow_id = created.json()["id"]
    patched = client.patch(f"/api/workflows/{workflow_id}", json={"nodes": nodes})
    assert patched.status_code == 200, patched.text
    for started in (
        client.post(f"/api/workflow/{workflow_id}/execute", json={}),
        client.post(
            f"/api/workflows/{workflow_id}/webhook",
            headers={"Authorization": f"Bearer {server.api_key}"},
            json={},
        ),
    ):
        assert started.status_code == 200, started.text
        status = wait_for_execution(client, started.json()["executionId"])
        assert status["status"] == "error"  # no credentials, as with no integration at all
        assert {"nodeId": "a1", "status": "error"} in status["nodeStatuses"]


def test_trigger_data_uses_the_mock_request_when_the_body_is_empty(
    client: httpx.Client, server: LocalOrchestrator
) -> None:
    trigger = trigger_node("Webhook")
    trigger["data"]["config"]["webhookMockRequest"] = '{"order": 42}'
    workflow = client.post(
        "/api/workflows/create", json={"name": "Mock", "nodes": [trigger], "edges": []}
    ).json()
    url = f"/api/workflows/{workflow['id']}/webhook"
    headers = {"Authorization": f"Bearer {server.api_key}"}
    for body, expected in [({}, {"order": 42}), ({"order": 1}, {"order": 1})]:
        started = client.post(url, headers=headers, json=body).json()
        wait_for_execution(client, started["executionId"])
        logs = client.get(f"/api/workflows/executions/{started['executionId']}/logs").json()
        data = logs["logs"][0]["output"]
        assert {key: data[key] for key in expected} == expected
        assert data["triggered"] is True
