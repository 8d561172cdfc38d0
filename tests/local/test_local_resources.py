"""Integrations, API keys and the user routes."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from local_helpers import SESSION_COOKIE
from skytells_orchestrator.local import LocalOrchestrator

MakeWorkflow = Callable[..., dict[str, Any]]


# -- integrations -------------------------------------------------------------------------


def test_integration_lifecycle(client: httpx.Client) -> None:
    created = client.post(
        "/api/integrations",
        json={"type": "slack", "name": "Team Slack", "config": {"apiKey": "xoxb-1"}},
    )
    assert created.status_code == 200
    integration = created.json()
    assert set(integration) == {"id", "name", "type", "createdAt", "updatedAt"}
    assert (integration["name"], integration["type"]) == ("Team Slack", "slack")

    fetched = client.get(f"/api/integrations/{integration['id']}").json()
    assert fetched["config"] == {"apiKey": "xoxb-1"}
    assert set(fetched) == {"id", "name", "type", "config", "createdAt", "updatedAt"}

    listed = client.get("/api/integrations").json()
    mine = next(item for item in listed if item["id"] == integration["id"])
    assert set(mine) == {"id", "name", "type", "isManaged", "createdAt", "updatedAt"}
    assert mine["isManaged"] is False
    assert "xoxb-1" not in client.get("/api/integrations").text

    updated = client.put(
        f"/api/integrations/{integration['id']}",
        json={"name": "Renamed", "config": {"apiKey": "xoxb-2"}},
    ).json()
    assert (updated["name"], updated["config"]) == ("Renamed", {"apiKey": "xoxb-2"})
    assert updated["updatedAt"] > integration["updatedAt"]
    only_name = client.put(f"/api/integrations/{integration['id']}", json={"name": "N"}).json()
    assert only_name["config"] == {"apiKey": "xoxb-2"}

    assert client.delete(f"/api/integrations/{integration['id']}").json() == {"success": True}
    gone = client.get(f"/api/integrations/{integration['id']}")
    assert gone.status_code == 404
    assert gone.json() == {"error": "Integration not found"}
    assert client.delete(f"/api/integrations/{integration['id']}").status_code == 404


def test_integration_name_defaults_to_empty(client: httpx.Client) -> None:
    created = client.post("/api/integrations", json={"type": "resend", "config": {}}).json()
    assert created["name"] == ""


def test_integration_type_filter(client: httpx.Client) -> None:
    client.post("/api/integrations", json={"type": "linear", "config": {"apiKey": "l"}})
    client.post("/api/integrations", json={"type": "github", "config": {"token": "g"}})
    only = client.get("/api/integrations", params={"type": "linear"}).json()
    assert only and all(item["type"] == "linear" for item in only)


@pytest.mark.parametrize(
    "body",
    [{}, {"type": "slack"}, {"config": {}}, {"type": "", "config": {}}, {"type": "x", "config": 3}],
)
def test_create_integration_requires_type_and_config(
    client: httpx.Client, body: dict[str, Any]
) -> None:
    response = client.post("/api/integrations", json=body)
    assert response.status_code == 400
    assert response.json() == {"error": "Type and config are required"}


def test_integrations_of_others_are_404(client: httpx.Client, other_client: httpx.Client) -> None:
    integration = client.post(
        "/api/integrations", json={"type": "slack", "config": {"apiKey": "k"}}
    ).json()
    path = f"/api/integrations/{integration['id']}"
    assert other_client.get(path).status_code == 404
    assert other_client.put(path, json={"name": "x"}).status_code == 404
    assert other_client.delete(path).status_code == 404
    assert other_client.post(f"{path}/test").status_code == 404
    assert all(
        item["id"] != integration["id"] for item in other_client.get("/api/integrations").json()
    )


def test_testing_a_saved_integration(client: httpx.Client) -> None:
    good = client.post("/api/integrations", json={"type": "slack", "config": {"apiKey": "k"}})
    bad = client.post(
        "/api/integrations", json={"type": "slack", "config": {"apiKey": "invalid-key"}}
    )
    assert client.post(f"/api/integrations/{good.json()['id']}/test").json() == {
        "status": "success",
        "message": "Connection successful",
    }
    result = client.post(f"/api/integrations/{bad.json()['id']}/test").json()
    assert result["status"] == "error"
    assert result["message"]


def test_testing_credentials_without_saving(client: httpx.Client) -> None:
    def test(body: Any) -> httpx.Response:
        return client.post("/api/integrations/test", json=body)

    assert test({"type": "openai", "config": {"apiKey": "sk-good"}}).json()["status"] == "success"
    assert test({"type": "openai", "config": {"apiKey": ""}}).json()["status"] == "error"
    assert test({"type": "openai", "config": {}}).json()["status"] == "error"
    database = test({"type": "database", "config": {"url": "postgres://u@h/db"}})
    assert database.json()["status"] == "success"
    assert test({"type": "database", "config": {"url": "mysql://x"}}).json() == {
        "status": "error",
        "message": "Connection failed",
    }
    untestable = test({"type": "webhook", "config": {"a": "b"}})
    assert untestable.status_code == 400
    assert untestable.json() == {"error": "Integration does not support testing"}
    unknown = test({"type": "no-such-type", "config": {"a": "b"}})
    assert unknown.status_code == 400
    missing = test({"type": "slack"})
    assert missing.status_code == 400
    assert missing.json() == {"error": "Type and config are required"}
    before = len(client.get("/api/integrations").json())
    test({"type": "slack", "config": {"apiKey": "k"}})
    assert len(client.get("/api/integrations").json()) == before


# -- api keys -----------------------------------------------------------------------------


def test_api_key_lifecycle(client: httpx.Client, server: LocalOrchestrator) -> None:
    response = client.post("/api/api-keys", json={"name": "deploy"})
    assert response.status_code == 200
    created = response.json()
    assert set(created) == {"id", "name", "keyPrefix", "createdAt", "key"}
    key = created["key"]
    assert re.fullmatch(r"wfb_[A-Za-z0-9_-]{32}", key)
    assert created["keyPrefix"] == key[:11]

    listed = client.get("/api/api-keys").json()
    assert listed[0]["id"] == created["id"]  # newest first
    assert set(listed[0]) == {"id", "name", "keyPrefix", "createdAt", "lastUsedAt"}
    assert listed[0]["lastUsedAt"] is None
    assert key not in client.get("/api/api-keys").text
    assert hashlib.sha256(key.encode()).hexdigest() not in client.get("/api/api-keys").text

    assert client.delete(f"/api/api-keys/{created['id']}").json() == {"success": True}
    again = client.delete(f"/api/api-keys/{created['id']}")
    assert again.status_code == 404
    assert again.json() == {"error": "API key not found"}


def test_api_key_without_body_has_null_name(client: httpx.Client) -> None:
    created = client.post("/api/api-keys").json()
    assert created["name"] is None


def test_api_key_name_null_or_empty_is_no_name_and_other_types_are_refused(
    client: httpx.Client,
) -> None:
    for unnamed in ({"name": None}, {"name": ""}):
        response = client.post("/api/api-keys", json=unnamed)
        assert response.status_code == 200, unnamed
        assert response.json()["name"] is None
    for bad in (5, True, ["x"], {"x": 1}):
        refused = client.post("/api/api-keys", json={"name": bad})
        assert refused.status_code == 400, bad
        assert set(refused.json()) == {"error"}


def test_deleted_key_no_longer_works(
    client: httpx.Client, server: LocalOrchestrator, make_workflow: MakeWorkflow
) -> None:
    created = client.post("/api/api-keys", json={}).json()
    workflow = make_workflow()
    url = f"{server.url}/api/workflows/{workflow['id']}/webhook"
    headers = {"Authorization": f"Bearer {created['key']}"}
    assert httpx.post(url, headers=headers, json={}).status_code == 200
    client.delete(f"/api/api-keys/{created['id']}")
    refused = httpx.post(url, headers=headers, json={})
    assert refused.status_code == 401
    assert refused.json() == {"error": "Invalid API key"}


def test_keys_of_others_cannot_be_deleted(client: httpx.Client, other_client: httpx.Client) -> None:
    created = client.post("/api/api-keys", json={}).json()
    assert other_client.delete(f"/api/api-keys/{created['id']}").status_code == 404
    assert created["id"] in {key["id"] for key in client.get("/api/api-keys").json()}


def test_anonymous_users_cannot_create_keys(server: LocalOrchestrator) -> None:
    cookies = {SESSION_COOKIE: server.anonymous_session_token}
    response = httpx.post(f"{server.url}/api/api-keys", cookies=cookies, json={})
    assert response.status_code == 403
    assert response.json() == {"error": "Anonymous users cannot create API keys"}


# -- user -----------------------------------------------------------------------------------


def test_get_user(client: httpx.Client, server: LocalOrchestrator) -> None:
    user = client.get("/api/user").json()
    assert set(user) == {"id", "name", "email", "image", "isAnonymous", "providerId"}
    assert user["id"] == server.user_id
    assert user["isAnonymous"] is False
    assert user["providerId"] == "credential"


def test_patch_user(other_client: httpx.Client) -> None:
    response = other_client.patch("/api/user", json={"name": "New Name", "email": "n@e.w"})
    assert response.status_code == 200
    assert response.json() == {"success": True}
    user = other_client.get("/api/user").json()
    assert (user["name"], user["email"]) == ("New Name", "n@e.w")
    assert other_client.patch("/api/user", json={"name": 5}).status_code == 400


def test_patch_user_with_nothing_to_set_is_the_hosted_500(other_client: httpx.Client) -> None:
    before = other_client.get("/api/user").json()
    for body in ({}, {"image": "x"}):
        refused = other_client.patch("/api/user", json=body)
        assert refused.status_code == 500, body
        assert refused.json() == {"error": "No values to set"}
    assert other_client.get("/api/user").json() == before


def test_patch_user_refuses_null_and_keeps_a_left_out_field(other_client: httpx.Client) -> None:
    other_client.patch("/api/user", json={"name": "Kept", "email": "k@e.p"})
    for body in ({"name": None}, {"email": None}, {"email": ["x"]}):
        refused = other_client.patch("/api/user", json=body)
        assert refused.status_code == 400, body
        assert set(refused.json()) == {"error"}
    assert other_client.patch("/api/user", json={"name": "Only"}).status_code == 200
    user = other_client.get("/api/user").json()
    assert (user["name"], user["email"]) == ("Only", "k@e.p")


def test_oauth_users_cannot_patch(server: LocalOrchestrator) -> None:
    cookies = {SESSION_COOKIE: server.oauth_session_token}
    with httpx.Client(base_url=server.url, cookies=cookies) as oauth:
        assert oauth.get("/api/user").json()["providerId"] == "github"
        response = oauth.patch("/api/user", json={"name": "x"})
    assert response.status_code == 403
    assert response.json() == {"error": "Cannot update profile for OAuth users"}
