"""The webhook route: key auth, trigger check, lenient body, CORS on every answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from local_helpers import wait_for_execution
from skytells_orchestrator.local import LocalOrchestrator

MakeWorkflow = Callable[..., dict[str, Any]]
CORS = {
    "access-control-allow-origin": "*",
    "access-control-allow-methods": "POST, OPTIONS",
    "access-control-allow-headers": "Content-Type, Authorization",
}


def assert_cors(response: httpx.Response) -> None:
    for name, value in CORS.items():
        assert response.headers.get(name) == value, name


def webhook(
    server: LocalOrchestrator, workflow_id: str, key: str | None, **kwargs: Any
) -> httpx.Response:
    headers = dict(kwargs.pop("headers", {}))
    if key is not None:
        headers["Authorization"] = f"Bearer {key}"
    return httpx.post(
        f"{server.url}/api/workflows/{workflow_id}/webhook", headers=headers, **kwargs
    )


def test_webhook_starts_an_execution(
    server: LocalOrchestrator, client: httpx.Client, make_workflow: MakeWorkflow
) -> None:
    workflow = make_workflow()
    response = webhook(server, workflow["id"], server.api_key, json={"hello": "world"})
    assert response.status_code == 200
    assert_cors(response)
    body = response.json()
    assert set(body) == {"executionId", "status"}
    assert body["status"] == "running"
    assert wait_for_execution(client, body["executionId"])["status"] == "success"
    execution = client.get(f"/api/workflows/{workflow['id']}/executions").json()[0]
    assert execution["input"] == {"hello": "world"}


def test_each_call_creates_one_execution(
    server: LocalOrchestrator, client: httpx.Client, make_workflow: MakeWorkflow
) -> None:
    workflow = make_workflow()
    ids = {
        webhook(server, workflow["id"], server.api_key, json={}).json()["executionId"]
        for _ in range(3)
    }
    assert len(ids) == 3
    listed = client.get(f"/api/workflows/{workflow['id']}/executions").json()
    assert {execution["id"] for execution in listed} == ids


@pytest.mark.parametrize("content", [b"not json at all", b"", b"[1, 2]"])
def test_body_that_is_not_a_json_object_counts_as_empty(
    server: LocalOrchestrator, client: httpx.Client, make_workflow: MakeWorkflow, content: bytes
) -> None:
    workflow = make_workflow()
    response = webhook(
        server,
        workflow["id"],
        server.api_key,
        content=content,
        headers={"content-type": "text/plain"},
    )
    assert response.status_code == 200
    execution_id = response.json()["executionId"]
    wait_for_execution(client, execution_id)
    logs = client.get(f"/api/workflows/executions/{execution_id}/logs").json()
    assert logs["execution"]["input"] == {}


def test_options_preflight(server: LocalOrchestrator) -> None:
    response = httpx.options(f"{server.url}/api/workflows/anything/webhook")
    assert response.status_code == 200
    assert response.json() == {}
    assert_cors(response)


def test_auth_failures(
    server: LocalOrchestrator, make_workflow: MakeWorkflow, client: httpx.Client
) -> None:
    workflow_id = make_workflow()["id"]
    cases: list[tuple[dict[str, str], int, str]] = [
        ({}, 401, "Missing Authorization header"),
        ({"Authorization": "Bearer sk-platform-key"}, 401, "Invalid API key format"),
        ({"Authorization": "Basic abc"}, 401, "Invalid API key format"),
        ({"Authorization": "Bearer wfb_unknownunknownunknownunknown00"}, 401, "Invalid API key"),
        (
            {"Authorization": f"Bearer {server.other_api_key}"},
            403,
            "You do not have permission to run this workflow",
        ),
    ]
    for headers, status, message in cases:
        response = httpx.post(
            f"{server.url}/api/workflows/{workflow_id}/webhook", headers=headers, json={}
        )
        assert response.status_code == status, headers
        assert response.json() == {"error": message}
        assert_cors(response)
    # A session cookie is not a webhook credential.
    response = client.post(f"/api/workflows/{workflow_id}/webhook", json={})
    assert response.status_code == 401
    assert client.get(f"/api/workflows/{workflow_id}/executions").json() == []


def test_a_bare_key_without_bearer_is_accepted(
    server: LocalOrchestrator, make_workflow: MakeWorkflow
) -> None:
    workflow_id = make_workflow()["id"]
    response = httpx.post(
        f"{server.url}/api/workflows/{workflow_id}/webhook",
        headers={"Authorization": server.api_key},
        json={},
    )
    assert response.status_code == 200


def test_unknown_workflow_is_404_with_cors(server: LocalOrchestrator) -> None:
    response = webhook(server, "missing", server.api_key, json={})
    assert response.status_code == 404
    assert response.json() == {"error": "Workflow not found"}
    assert_cors(response)


def test_only_webhook_triggered_workflows(
    server: LocalOrchestrator, make_workflow: MakeWorkflow
) -> None:
    for trigger in ("Manual", "Schedule"):
        workflow = make_workflow(trigger=trigger)
        response = webhook(server, workflow["id"], server.api_key, json={})
        assert response.status_code == 400
        assert response.json() == {"error": "This workflow is not configured for webhook triggers"}
        assert_cors(response)


def test_key_last_used_is_recorded(
    server: LocalOrchestrator, client: httpx.Client, make_workflow: MakeWorkflow
) -> None:
    created = client.post("/api/api-keys", json={"name": "ci"}).json()
    assert created["name"] == "ci"
    workflow = make_workflow()
    assert webhook(server, workflow["id"], created["key"], json={}).status_code == 200
    listed = {key["id"]: key for key in client.get("/api/api-keys").json()}
    assert listed[created["id"]]["lastUsedAt"] is not None
