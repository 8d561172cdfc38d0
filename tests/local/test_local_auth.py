"""How management routes authenticate: session cookie (encoded or not), wfb_ key, strict mode."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import httpx
from local_helpers import SESSION_COOKIE
from skytells_orchestrator.local import LocalOrchestrator

MakeWorkflow = Callable[..., dict[str, Any]]


def cookie_client(server: LocalOrchestrator, value: str) -> httpx.Client:
    # A raw Cookie header: the value reaches the server exactly as given.
    return httpx.Client(base_url=server.url, headers={"Cookie": f"{SESSION_COOKIE}={value}"})


def test_session_cookie_is_url_encoded_and_signed(server: LocalOrchestrator) -> None:
    token, _, signature = unquote(server.session_token).rpartition(".")
    assert token and signature
    assert "%" in server.session_token  # the base64 signature has characters to encode


def test_encoded_and_decoded_cookie_values_both_work(server: LocalOrchestrator) -> None:
    for value in (server.session_token, unquote(server.session_token)):
        with cookie_client(server, value) as http:
            response = http.get("/api/user")
        assert response.status_code == 200, value
        assert response.json()["id"] == server.user_id


def test_bad_signature_or_unknown_token_is_401(server: LocalOrchestrator) -> None:
    token, _, signature = unquote(server.session_token).rpartition(".")
    for value in (f"{token}.AAAA{signature[4:]}", f"unknown.{signature}", token, "", "."):
        with cookie_client(server, value) as http:
            response = http.get("/api/user")
        assert response.status_code == 401, value
        assert response.json() == {"error": "Unauthorized"}


def test_the_wfb_key_works_on_management_routes_by_default(
    key_client: httpx.Client, server: LocalOrchestrator, make_workflow: MakeWorkflow
) -> None:
    workflow = make_workflow()
    assert key_client.get("/api/user").json()["id"] == server.user_id
    listed = key_client.get("/api/workflows").json()
    assert workflow["id"] in {item["id"] for item in listed}
    assert key_client.get(f"/api/workflows/{workflow['id']}").json()["isOwner"] is True


def test_strict_auth_refuses_the_key_like_the_hosted_service(
    key_client: httpx.Client,
    client: httpx.Client,
    server: LocalOrchestrator,
    make_workflow: MakeWorkflow,
) -> None:
    workflow = make_workflow()
    server.strict_auth = True
    response = key_client.get("/api/user")
    assert response.status_code == 401
    assert response.json() == {"error": "Unauthorized"}
    assert key_client.post("/api/workflows/create", json={}).status_code == 401
    # The quirk: the list is 200 [] even with a valid key.
    listed = key_client.get("/api/workflows")
    assert (listed.status_code, listed.json()) == (200, [])
    # The session still works, and the webhook still takes the key.
    assert client.get("/api/user").status_code == 200
    hook = key_client.post(f"/api/workflows/{workflow['id']}/webhook", json={})
    assert hook.status_code == 200


def test_strict_auth_from_the_constructor() -> None:
    with LocalOrchestrator(strict_auth=True) as server:
        headers = {"Authorization": f"Bearer {server.api_key}"}
        assert httpx.get(f"{server.url}/api/user", headers=headers).status_code == 401
        cookies = {SESSION_COOKIE: server.session_token}
        assert httpx.get(f"{server.url}/api/user", cookies=cookies).status_code == 200


def test_other_credentials_are_not_accepted(server: LocalOrchestrator) -> None:
    attempts: list[dict[str, str]] = [
        {"x-api-key": server.api_key},
        {"Authorization": "Bearer sk-platform"},
        {"Authorization": f"Bearer {server.api_key}x"},
        {"Authorization": f"Token {server.api_key}"},
    ]
    for headers in attempts:
        response = httpx.get(f"{server.url}/api/user", headers=headers)
        assert response.status_code == 401, headers


def test_other_users_key_is_that_user(server: LocalOrchestrator) -> None:
    headers = {"Authorization": f"Bearer {server.other_api_key}"}
    user = httpx.get(f"{server.url}/api/user", headers=headers).json()
    assert user["id"] == server.other_user_id


def test_fixed_api_key() -> None:
    key = "wfb_" + "A" * 32
    with LocalOrchestrator(api_key=key) as server:
        assert server.api_key == key
        response = httpx.get(f"{server.url}/api/user", headers={"Authorization": f"Bearer {key}"})
        assert response.status_code == 200
        listed = httpx.get(f"{server.url}/api/api-keys", cookies=server.cookies).json()
        assert [item["keyPrefix"] for item in listed] == [key[:11]]


def test_an_api_key_must_start_with_wfb() -> None:
    try:
        LocalOrchestrator(api_key="sk-nope")
    except ValueError as error:
        assert "wfb_" in str(error)
    else:
        raise AssertionError("a non-wfb_ key was accepted")
