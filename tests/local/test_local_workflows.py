"""Workflow routes of the local server, quirks included (API-FACTS § workflows)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx
from local_helpers import action_node, chain, trigger_node, wait_for_execution
from skytells_orchestrator.local import LocalOrchestrator

MakeWorkflow = Callable[..., dict[str, Any]]
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
SERVER_ID = re.compile(r"^[0-9a-z]{21}$")


def test_list_without_session_is_an_empty_list(
    anonymous: httpx.Client, make_workflow: MakeWorkflow
) -> None:
    make_workflow()
    response = anonymous.get("/api/workflows")
    assert response.status_code == 200
    assert response.json() == []


def test_list_is_newest_updated_first_with_full_objects(
    client: httpx.Client, make_workflow: MakeWorkflow
) -> None:
    first = make_workflow(name="first")
    second = make_workflow(name="second")
    client.patch(f"/api/workflows/{first['id']}", json={"description": "touched"})
    listed = client.get("/api/workflows").json()
    ids = [workflow["id"] for workflow in listed]
    assert ids.index(first["id"]) < ids.index(second["id"])
    top = listed[0]
    assert top["id"] == first["id"]
    assert top["description"] == "touched"
    assert {"nodes", "edges", "userId", "visibility", "createdAt", "updatedAt"} <= set(top)
    assert "isOwner" not in top


def test_create_answers_the_workflow(client: httpx.Client, server: LocalOrchestrator) -> None:
    nodes = [trigger_node("Manual"), action_node("a1")]
    response = client.post(
        "/api/workflows/create",
        json={
            "name": "Created",
            "description": "d",
            "nodes": nodes,
            "edges": chain("trigger", "a1"),
        },
    )
    assert response.status_code == 200
    workflow = response.json()
    assert SERVER_ID.match(workflow["id"])
    assert workflow["name"] == "Created"
    assert workflow["description"] == "d"
    assert workflow["userId"] == server.user_id
    assert workflow["visibility"] == "private"
    assert workflow["nodes"] == nodes
    assert ISO.match(workflow["createdAt"]) and ISO.match(workflow["updatedAt"])


def test_create_without_description_has_null(client: httpx.Client) -> None:
    body = {"name": "n", "nodes": [trigger_node()], "edges": []}
    assert client.post("/api/workflows/create", json=body).json()["description"] is None


def test_create_requires_name_nodes_and_edges(client: httpx.Client) -> None:
    bodies: list[Any] = [
        {"nodes": [], "edges": []},
        {"name": "", "nodes": [], "edges": []},
        {"name": "x", "edges": []},
        {"name": "x", "nodes": []},
        [],
    ]
    for body in bodies:
        response = client.post("/api/workflows/create", json=body)
        assert response.status_code == 400, body
        assert response.json() == {"error": "Name, nodes, and edges are required"}


def test_create_with_a_body_that_is_not_json_is_a_400(client: httpx.Client) -> None:
    response = client.post(
        "/api/workflows/create", content=b"{nope", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert "error" in response.json()


def test_create_with_empty_nodes_inserts_a_manual_trigger(client: httpx.Client) -> None:
    workflow = client.post(
        "/api/workflows/create", json={"name": "empty", "nodes": [], "edges": []}
    ).json()
    assert len(workflow["nodes"]) == 1
    node = workflow["nodes"][0]
    assert node["type"] == "trigger"
    assert node["data"]["type"] == "trigger"
    assert node["data"]["config"] == {"triggerType": "Manual"}
    assert node["data"]["status"] == "idle"


def test_untitled_workflow_is_numbered(client: httpx.Client) -> None:
    count = len(client.get("/api/workflows").json())
    body = {"name": "Untitled Workflow", "nodes": [], "edges": []}
    first = client.post("/api/workflows/create", json=body).json()
    second = client.post("/api/workflows/create", json=body).json()
    assert first["name"] == f"Untitled {count + 1}"
    assert second["name"] == f"Untitled {count + 2}"


def test_unknown_fields_are_kept(client: httpx.Client) -> None:
    node = {**trigger_node(), "extraNodeField": {"keep": True}}
    node["data"] = {**node["data"], "futureFlag": 7}
    edge = {"id": "e", "source": "trigger", "target": "trigger", "animated": True}
    body = {"name": "extras", "nodes": [node], "edges": [edge], "folder": "team-a"}
    created = client.post("/api/workflows/create", json=body).json()
    assert created["nodes"][0]["extraNodeField"] == {"keep": True}
    assert created["nodes"][0]["data"]["futureFlag"] == 7
    assert created["edges"][0]["animated"] is True
    assert created["folder"] == "team-a"
    fetched = client.get(f"/api/workflows/{created['id']}").json()
    assert fetched["folder"] == "team-a"
    assert fetched["nodes"][0]["extraNodeField"] == {"keep": True}


def test_create_refuses_someone_elses_integration(
    client: httpx.Client, other_client: httpx.Client
) -> None:
    foreign = other_client.post(
        "/api/integrations", json={"type": "slack", "config": {"apiKey": "x"}}
    ).json()
    node = action_node("a1", integrationId=foreign["id"])
    response = client.post(
        "/api/workflows/create",
        json={"name": "bad", "nodes": [trigger_node(), node], "edges": []},
    )
    assert response.status_code == 403
    assert response.json() == {"error": "Invalid integration references in workflow"}


def test_get_as_owner(client: httpx.Client, make_workflow: MakeWorkflow) -> None:
    workflow = make_workflow()
    fetched = client.get(f"/api/workflows/{workflow['id']}").json()
    assert fetched == {**workflow, "isOwner": True}


def test_get_missing_or_someone_elses_private_is_404(
    other_client: httpx.Client, client: httpx.Client, make_workflow: MakeWorkflow
) -> None:
    workflow = make_workflow()
    for http, workflow_id in ((client, "doesnotexist"), (other_client, workflow["id"])):
        response = http.get(f"/api/workflows/{workflow_id}")
        assert response.status_code == 404
        assert response.json() == {"error": "Workflow not found"}


def test_public_workflow_seen_by_others_hides_integration_ids(
    client: httpx.Client,
    other_client: httpx.Client,
    anonymous: httpx.Client,
    make_workflow: MakeWorkflow,
) -> None:
    integration = client.post(
        "/api/integrations", json={"type": "slack", "config": {"apiKey": "x"}}
    ).json()
    workflow = make_workflow(actions=[action_node("a1", integrationId=integration["id"])])
    client.patch(f"/api/workflows/{workflow['id']}", json={"visibility": "public"})
    for http in (other_client, anonymous):
        seen = http.get(f"/api/workflows/{workflow['id']}").json()
        assert seen["isOwner"] is False
        assert "integrationId" not in seen["nodes"][1]["data"]["config"]
        assert seen["nodes"][1]["data"]["config"]["actionType"] == "HTTP Request"
    mine = client.get(f"/api/workflows/{workflow['id']}").json()
    assert mine["nodes"][1]["data"]["config"]["integrationId"] == integration["id"]


def test_patch_updates_and_answers_is_owner(
    client: httpx.Client, make_workflow: MakeWorkflow
) -> None:
    workflow = make_workflow()
    response = client.patch(
        f"/api/workflows/{workflow['id']}",
        json={"name": "renamed", "description": "new", "visibility": "public"},
    )
    assert response.status_code == 200
    updated = response.json()
    assert updated["isOwner"] is True
    assert (updated["name"], updated["description"], updated["visibility"]) == (
        "renamed",
        "new",
        "public",
    )
    assert updated["nodes"] == workflow["nodes"]
    assert updated["updatedAt"] > workflow["updatedAt"]


def test_patch_rejects_bad_visibility(client: httpx.Client, make_workflow: MakeWorkflow) -> None:
    workflow = make_workflow()
    response = client.patch(f"/api/workflows/{workflow['id']}", json={"visibility": "team"})
    assert response.status_code == 400
    assert response.json() == {"error": "Invalid visibility value. Must be 'private' or 'public'"}


def test_patch_and_delete_of_someone_elses_workflow_are_404(
    other_client: httpx.Client, make_workflow: MakeWorkflow
) -> None:
    workflow = make_workflow()
    assert other_client.patch(f"/api/workflows/{workflow['id']}", json={}).status_code == 404
    assert other_client.delete(f"/api/workflows/{workflow['id']}").status_code == 404


def test_management_routes_without_auth_are_401(
    anonymous: httpx.Client, make_workflow: MakeWorkflow
) -> None:
    workflow_id = make_workflow()["id"]
    calls = [
        ("POST", "/api/workflows/create"),
        ("PATCH", f"/api/workflows/{workflow_id}"),
        ("DELETE", f"/api/workflows/{workflow_id}"),
        ("POST", f"/api/workflows/{workflow_id}/duplicate"),
        ("GET", f"/api/workflows/{workflow_id}/code"),
        ("GET", f"/api/workflows/{workflow_id}/download"),
        ("GET", "/api/workflows/current"),
        ("POST", "/api/workflows/current"),
        ("POST", f"/api/workflow/{workflow_id}/execute"),
        ("GET", f"/api/workflows/{workflow_id}/executions"),
        ("DELETE", f"/api/workflows/{workflow_id}/executions"),
        ("GET", "/api/workflows/executions/x/status"),
        ("GET", "/api/workflows/executions/x/logs"),
        ("GET", "/api/integrations"),
        ("POST", "/api/integrations"),
        ("GET", "/api/integrations/x"),
        ("PUT", "/api/integrations/x"),
        ("DELETE", "/api/integrations/x"),
        ("POST", "/api/integrations/x/test"),
        ("POST", "/api/integrations/test"),
        ("GET", "/api/api-keys"),
        ("POST", "/api/api-keys"),
        ("DELETE", "/api/api-keys/x"),
        ("POST", "/api/ai/generate"),
        ("GET", "/api/user"),
        ("PATCH", "/api/user"),
    ]
    for method, path in calls:
        response = anonymous.request(method, path, json={})
        assert response.status_code == 401, (method, path)
        assert response.json() == {"error": "Unauthorized"}, (method, path)


def test_delete_workflow(client: httpx.Client, make_workflow: MakeWorkflow) -> None:
    workflow = make_workflow()
    response = client.delete(f"/api/workflows/{workflow['id']}")
    assert response.status_code == 200
    assert response.json() == {"success": True}
    assert client.get(f"/api/workflows/{workflow['id']}").status_code == 404
    assert client.delete(f"/api/workflows/{workflow['id']}").status_code == 404


def test_delete_workflow_with_executions_is_a_500_until_they_are_deleted(
    client: httpx.Client, make_workflow: MakeWorkflow
) -> None:
    workflow = make_workflow(trigger="Manual")
    run = client.post(f"/api/workflow/{workflow['id']}/execute", json={}).json()
    wait_for_execution(client, run["executionId"])
    response = client.delete(f"/api/workflows/{workflow['id']}")
    assert response.status_code == 500
    assert response.json()["error"].startswith('Failed query: delete from "workflows"')
    cleared = client.delete(f"/api/workflows/{workflow['id']}/executions").json()
    assert cleared == {"success": True, "deletedCount": 1}
    assert client.delete(f"/api/workflows/{workflow['id']}").json() == {"success": True}


def test_duplicate(client: httpx.Client, make_workflow: MakeWorkflow) -> None:
    integration = client.post(
        "/api/integrations", json={"type": "slack", "config": {"apiKey": "x"}}
    ).json()
    actions = [action_node("a1", integrationId=integration["id"])]
    actions[0]["data"]["status"] = "success"
    source = make_workflow(name="Original", actions=actions)
    client.patch(f"/api/workflows/{source['id']}", json={"visibility": "public"})

    first = client.post(f"/api/workflows/{source['id']}/duplicate")
    assert first.status_code == 200
    copy = first.json()
    assert copy["name"] == "Original (Copy)"
    assert copy["isOwner"] is True
    assert copy["visibility"] == "private"
    assert copy["id"] != source["id"]
    old_ids = {node["id"] for node in source["nodes"]}
    new_ids = [node["id"] for node in copy["nodes"]]
    assert not old_ids & set(new_ids)
    assert all(node["data"]["status"] == "idle" for node in copy["nodes"])
    assert "integrationId" not in copy["nodes"][1]["data"]["config"]
    edge = copy["edges"][0]
    assert edge["id"] != source["edges"][0]["id"]
    assert (edge["source"], edge["target"]) == (new_ids[0], new_ids[1])

    second = client.post(f"/api/workflows/{source['id']}/duplicate").json()
    third = client.post(f"/api/workflows/{source['id']}/duplicate").json()
    assert second["name"] == "Original (Copy) 2"
    assert third["name"] == "Original (Copy) 3"


def test_duplicate_of_someone_elses_workflow(
    client: httpx.Client, other_client: httpx.Client, make_workflow: MakeWorkflow
) -> None:
    workflow = make_workflow(name="Shared")
    assert other_client.post(f"/api/workflows/{workflow['id']}/duplicate").status_code == 404
    client.patch(f"/api/workflows/{workflow['id']}", json={"visibility": "public"})
    copy = other_client.post(f"/api/workflows/{workflow['id']}/duplicate").json()
    assert copy["name"] == "Shared (Copy)"
    assert copy["userId"] != workflow["userId"]


def test_code_is_json_with_typescript(client: httpx.Client, make_workflow: MakeWorkflow) -> None:
    workflow = make_workflow(name='Say "hi" daily', actions=[action_node("a1", apiKey="sk-1")])
    response = client.get(f"/api/workflows/{workflow['id']}/code")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["workflowName"] == 'Say "hi" daily'
    assert "export async function sayHiDailyWorkflow(" in body["code"]
    assert "sk-1" not in body["code"]


def test_download_answers_files(client: httpx.Client, make_workflow: MakeWorkflow) -> None:
    workflow = make_workflow(name="Report")
    body = client.get(f"/api/workflows/{workflow['id']}/download").json()
    assert body["success"] is True
    files = body["files"]
    assert {"package.json", "README.md", "src/workflow.ts"} <= set(files)
    assert all(isinstance(content, str) for content in files.values())
    assert "reportWorkflow" in files["src/workflow.ts"]


def test_code_and_download_of_someone_elses_workflow_are_404(
    other_client: httpx.Client, make_workflow: MakeWorkflow
) -> None:
    workflow = make_workflow()
    assert other_client.get(f"/api/workflows/{workflow['id']}/code").status_code == 404
    assert other_client.get(f"/api/workflows/{workflow['id']}/download").status_code == 404


def test_current_workflow_autosave(other_client: httpx.Client) -> None:
    # The second user has no autosave yet (the owner's tests may have made one).
    assert other_client.get("/api/workflows/current").json() == {"nodes": [], "edges": []}
    nodes = [trigger_node()]
    saved = other_client.post("/api/workflows/current", json={"nodes": nodes, "edges": []})
    assert saved.status_code == 200
    first = saved.json()
    assert first["nodes"] == nodes and first["edges"] == []
    again = other_client.post("/api/workflows/current", json={"nodes": [], "edges": []}).json()
    assert again["id"] == first["id"]
    assert other_client.get("/api/workflows/current").json() == {
        "id": first["id"],
        "nodes": [],
        "edges": [],
    }
    bad = other_client.post("/api/workflows/current", json={"nodes": []})
    assert bad.status_code == 400
    assert bad.json() == {"error": "Nodes and edges are required"}


def test_manual_execute(client: httpx.Client, make_workflow: MakeWorkflow) -> None:
    workflow = make_workflow(trigger="Manual")
    response = client.post(f"/api/workflow/{workflow['id']}/execute", json={"input": {"n": 1}})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "running"
    assert wait_for_execution(client, body["executionId"])["status"] == "success"
    execution = client.get(f"/api/workflows/{workflow['id']}/executions").json()[0]
    assert execution["input"] == {"n": 1}


def test_execute_errors(
    client: httpx.Client, other_client: httpx.Client, make_workflow: MakeWorkflow
) -> None:
    workflow = make_workflow(trigger="Manual")
    missing = client.post("/api/workflow/missing/execute", json={})
    assert missing.status_code == 404
    forbidden = other_client.post(f"/api/workflow/{workflow['id']}/execute", json={})
    assert forbidden.status_code == 403
    assert forbidden.json() == {"error": "Forbidden"}
