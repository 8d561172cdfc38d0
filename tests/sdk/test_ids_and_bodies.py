"""Path ids are checked and encoded; request bodies carry only what the caller gave."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from sdk_support import (
    Recorder,
    integration_json,
    mock_async_client,
    mock_client,
    ok,
    workflow_json,
)
from skytells_orchestrator import AsyncSkytells, Node, Skytells, SkytellsError
from skytells_orchestrator.local import LocalOrchestrator

BAD_IDS = ["", ".", "..", " ", "\t\n", "   "]

# Every id-taking method, as (name, call with the id).
SYNC_ID_METHODS: list[tuple[str, Callable[[Skytells, Any], Any]]] = [
    ("workflows.get", lambda c, i: c.orchestrator.workflows.get(i)),
    ("workflows.update", lambda c, i: c.orchestrator.workflows.update(i, name="n")),
    ("workflows.delete", lambda c, i: c.orchestrator.workflows.delete(i)),
    ("workflows.duplicate", lambda c, i: c.orchestrator.workflows.duplicate(i)),
    ("workflows.get_code", lambda c, i: c.orchestrator.workflows.get_code(i)),
    ("workflows.download_project", lambda c, i: c.orchestrator.workflows.download_project(i)),
    ("workflows.save_project", lambda c, i: c.orchestrator.workflows.save_project(i, _scratch())),
    ("executions.list", lambda c, i: c.orchestrator.executions.list(i)),
    ("executions.get_status", lambda c, i: c.orchestrator.executions.get_status(i)),
    ("executions.get_logs", lambda c, i: c.orchestrator.executions.get_logs(i)),
    (
        "executions.delete_all_for_workflow",
        lambda c, i: c.orchestrator.executions.delete_all_for_workflow(i),
    ),
    ("executions.wait", lambda c, i: c.orchestrator.executions.wait(i, timeout=1)),
    ("webhooks.execute", lambda c, i: c.orchestrator.webhooks.execute(i, {"a": 1})),
    ("webhooks.preflight", lambda c, i: c.orchestrator.webhooks.preflight(i)),
    ("integrations.get", lambda c, i: c.orchestrator.integrations.get(i)),
    ("integrations.update", lambda c, i: c.orchestrator.integrations.update(i, name="n")),
    ("integrations.delete", lambda c, i: c.orchestrator.integrations.delete(i)),
    ("integrations.test", lambda c, i: c.orchestrator.integrations.test(i)),
    ("api_keys.delete", lambda c, i: c.orchestrator.api_keys.delete(i)),
]
ASYNC_ID_METHODS: list[tuple[str, Callable[[AsyncSkytells, Any], Awaitable[Any]]]] = [
    ("workflows.get", lambda c, i: c.orchestrator.workflows.get(i)),
    ("workflows.update", lambda c, i: c.orchestrator.workflows.update(i, name="n")),
    ("workflows.delete", lambda c, i: c.orchestrator.workflows.delete(i)),
    ("workflows.duplicate", lambda c, i: c.orchestrator.workflows.duplicate(i)),
    ("workflows.get_code", lambda c, i: c.orchestrator.workflows.get_code(i)),
    ("workflows.download_project", lambda c, i: c.orchestrator.workflows.download_project(i)),
    ("workflows.save_project", lambda c, i: c.orchestrator.workflows.save_project(i, _scratch())),
    ("executions.list", lambda c, i: c.orchestrator.executions.list(i)),
    ("executions.get_status", lambda c, i: c.orchestrator.executions.get_status(i)),
    ("executions.get_logs", lambda c, i: c.orchestrator.executions.get_logs(i)),
    (
        "executions.delete_all_for_workflow",
        lambda c, i: c.orchestrator.executions.delete_all_for_workflow(i),
    ),
    ("executions.wait", lambda c, i: c.orchestrator.executions.wait(i, timeout=1)),
    ("webhooks.execute", lambda c, i: c.orchestrator.webhooks.execute(i, {"a": 1})),
    ("webhooks.preflight", lambda c, i: c.orchestrator.webhooks.preflight(i)),
    ("integrations.get", lambda c, i: c.orchestrator.integrations.get(i)),
    ("integrations.update", lambda c, i: c.orchestrator.integrations.update(i, name="n")),
    ("integrations.delete", lambda c, i: c.orchestrator.integrations.delete(i)),
    ("integrations.test", lambda c, i: c.orchestrator.integrations.test(i)),
    ("api_keys.delete", lambda c, i: c.orchestrator.api_keys.delete(i)),
]


def _scratch() -> Path:
    # save_project never gets to write: the id is refused first. A path that cannot exist.
    return Path("/nonexistent-dir-for-sdk-tests/p.zip")


def _never_called(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"no request should be sent, got {request.method} {request.url}")


# ------------------------------------------------------------------ refused ids


@pytest.mark.parametrize("bad_id", BAD_IDS, ids=repr)
@pytest.mark.parametrize(("name", "call"), SYNC_ID_METHODS, ids=[m[0] for m in SYNC_ID_METHODS])
def test_bad_ids_refused_before_sending(
    name: str, call: Callable[[Skytells, Any], Any], bad_id: str
) -> None:
    recorder = Recorder(_never_called)
    client = mock_client(recorder)
    with pytest.raises(SkytellsError) as caught:
        call(client, bad_id)
    assert caught.value.error_id == "SDK_ERROR"
    assert recorder.calls == 0


@pytest.mark.parametrize("bad_id", BAD_IDS, ids=repr)
@pytest.mark.parametrize(("name", "call"), ASYNC_ID_METHODS, ids=[m[0] for m in ASYNC_ID_METHODS])
async def test_async_bad_ids_refused_before_sending(
    name: str, call: Callable[[AsyncSkytells, Any], Awaitable[Any]], bad_id: str
) -> None:
    recorder = Recorder(_never_called)
    client = mock_async_client(recorder)
    with pytest.raises(SkytellsError) as caught:
        await call(client, bad_id)
    assert caught.value.error_id == "SDK_ERROR"
    assert recorder.calls == 0


@pytest.mark.parametrize("bad_id", [None, 123, b"wf_1", ["wf_1"]], ids=repr)
@pytest.mark.parametrize(
    ("name", "call"), SYNC_ID_METHODS[:3], ids=[m[0] for m in SYNC_ID_METHODS[:3]]
)
def test_non_string_ids_refused(
    name: str, call: Callable[[Skytells, Any], Any], bad_id: object
) -> None:
    recorder = Recorder(_never_called)
    with pytest.raises(SkytellsError) as caught:
        call(mock_client(recorder), bad_id)
    assert caught.value.error_id == "SDK_ERROR"
    assert recorder.calls == 0


def test_dot_dot_never_reaches_another_route(server: LocalOrchestrator, client: Skytells) -> None:
    with pytest.raises(SkytellsError):
        client.orchestrator.workflows.delete("..")
    with pytest.raises(SkytellsError):
        client.orchestrator.api_keys.delete(".")
    assert len(server.requests) == 0


# ------------------------------------------------------------------ encoded ids


@pytest.mark.parametrize(
    ("workflow_id", "encoded"),
    [
        ("a/b", "a%2Fb"),
        ("../etc", "..%2Fetc"),
        ("a b", "a%20b"),
        ("a?b=c", "a%3Fb%3Dc"),
        ("a#frag", "a%23frag"),
        ("100%", "100%25"),
        ("%2e%2e", "%252e%252e"),
        ("ünï", "%C3%BCn%C3%AF"),
        ("...", "..."),
        (" . ", "%20.%20"),
    ],
)
def test_ids_are_percent_encoded_in_the_raw_path(workflow_id: str, encoded: str) -> None:
    recorder = Recorder(ok(workflow_json()), ok({"code": "x"}), ok([]))
    client = mock_client(recorder)
    client.orchestrator.workflows.get(workflow_id)
    client.orchestrator.workflows.get_code(workflow_id)
    client.orchestrator.executions.list(workflow_id)
    paths = [request.url.raw_path.decode("ascii") for request in recorder.requests]
    assert paths == [
        f"/api/workflows/{encoded}",
        f"/api/workflows/{encoded}/code",
        f"/api/workflows/{encoded}/executions",
    ]


async def test_async_ids_are_percent_encoded() -> None:
    recorder = Recorder(
        ok({"executionId": "e", "status": "running"}), ok({"status": "running", "nodeStatuses": []})
    )
    client = mock_async_client(recorder)
    await client.orchestrator.webhooks.execute("a/b", {})
    await client.orchestrator.executions.get_status("x/../y")
    assert recorder.requests[0].url.raw_path == b"/api/workflows/a%2Fb/webhook"
    assert recorder.requests[1].url.raw_path == b"/api/workflows/executions/x%2F..%2Fy/status"


def test_encoded_id_reaches_the_local_server_as_one_segment(
    server: LocalOrchestrator, client: Skytells
) -> None:
    with pytest.raises(SkytellsError) as caught:
        client.orchestrator.workflows.get("a/b")
    assert caught.value.http_status == 404
    (seen,) = server.requests.snapshot()
    assert seen.method == "GET"


# ------------------------------------------------------------------ bodies that cannot be JSON


UNSERIALISABLE: list[tuple[str, Callable[[Skytells], Any]]] = [
    ("object", lambda c: c.orchestrator.webhooks.execute("wf_1", {"x": object()})),
    ("nan", lambda c: c.orchestrator.webhooks.execute("wf_1", {"x": float("nan")})),
    ("inf", lambda c: c.orchestrator.webhooks.execute("wf_1", {"x": [math.inf]})),
    ("bytes", lambda c: c.orchestrator.webhooks.execute("wf_1", {"x": b"raw"})),
    ("tuple key", lambda c: c.orchestrator.webhooks.execute("wf_1", {(1, 2): "x"})),
    (
        "set config",
        lambda c: c.orchestrator.integrations.create(type="slack", config={"a": {1, 2}}),
    ),
    (
        "update config",
        lambda c: c.orchestrator.integrations.update("int_1", config={"a": object()}),
    ),
    (
        "test config",
        lambda c: c.orchestrator.integrations.test_config(
            type="slack", config={"n": float("-inf")}
        ),
    ),
    (
        "node config",
        lambda c: c.orchestrator.workflows.create(
            name="n",
            nodes=[
                {
                    "id": "t",
                    "type": "trigger",
                    "position": {"x": 0, "y": 0},
                    "data": {"label": "T", "type": "trigger", "config": {"when": object()}},
                }
            ],
        ),
    ),
    ("description", lambda c: c.orchestrator.workflows.update("wf_1", description=object())),  # type: ignore[arg-type]
]


def _circular() -> dict[str, Any]:
    loop: dict[str, Any] = {}
    loop["self"] = loop
    return loop


@pytest.mark.parametrize(("name", "call"), UNSERIALISABLE, ids=[u[0] for u in UNSERIALISABLE])
def test_body_that_is_not_json_serialisable_is_refused_and_nothing_sent(
    name: str, call: Callable[[Skytells], Any]
) -> None:
    recorder = Recorder(_never_called)
    with pytest.raises(SkytellsError) as caught:
        call(mock_client(recorder))
    assert caught.value.error_id == "SDK_ERROR"
    assert recorder.calls == 0


def test_circular_body_is_refused_and_nothing_sent() -> None:
    recorder = Recorder(_never_called)
    with pytest.raises(SkytellsError) as caught:
        mock_client(recorder).orchestrator.webhooks.execute("wf_1", _circular())
    assert caught.value.error_id == "SDK_ERROR"
    assert recorder.calls == 0


async def test_async_unserialisable_bodies_refused_and_nothing_sent() -> None:
    recorder = Recorder(_never_called)
    client = mock_async_client(recorder)
    for call in (
        lambda: client.orchestrator.webhooks.execute("wf_1", {"x": object()}),
        lambda: client.orchestrator.webhooks.execute("wf_1", {"x": float("nan")}),
        lambda: client.orchestrator.integrations.create(type="slack", config={"a": {1, 2}}),
    ):
        with pytest.raises(SkytellsError) as caught:
            await call()
        assert caught.value.error_id == "SDK_ERROR"
    assert recorder.calls == 0


def test_local_server_sees_nothing_for_an_unserialisable_body(
    server: LocalOrchestrator, client: Skytells
) -> None:
    with pytest.raises(SkytellsError):
        client.orchestrator.webhooks.execute("wf_1", {"when": object()})
    assert len(server.requests) == 0


@pytest.mark.parametrize("body", [["a"], "text", 3], ids=repr)
def test_webhook_body_must_be_an_object(body: Any) -> None:
    recorder = Recorder(_never_called)
    with pytest.raises(SkytellsError) as caught:
        mock_client(recorder).orchestrator.webhooks.execute("wf_1", body)
    assert caught.value.error_id == "SDK_ERROR"
    assert recorder.calls == 0


# ------------------------------------------------------------------ only the fields given


def test_integrations_list_sends_the_type_filter_only_when_given() -> None:
    recorder = Recorder(ok([]))
    client = mock_client(recorder)
    client.orchestrator.integrations.list()
    client.orchestrator.integrations.list(type="slack")
    assert [r.url.query for r in recorder.requests] == [b"", b"type=slack"]
    assert recorder.bodies == [b"", b""]


def test_workflow_update_sends_only_the_name() -> None:
    recorder = Recorder(ok(workflow_json()))
    mock_client(recorder).orchestrator.workflows.update("wf_1", name="x")
    assert recorder.last.method == "PATCH"
    assert recorder.json() == {"name": "x"}


def test_workflow_update_sends_each_given_field_and_nothing_else() -> None:
    recorder = Recorder(ok(workflow_json()))
    client = mock_client(recorder)
    client.orchestrator.workflows.update("wf_1", visibility="public")
    client.orchestrator.workflows.update("wf_1", description="")
    client.orchestrator.workflows.update("wf_1", nodes=[], edges=[])
    assert [recorder.json(i) for i in range(3)] == [
        {"visibility": "public"},
        {"description": ""},
        {"nodes": [], "edges": []},
    ]


def test_integration_update_with_config_only_sends_no_name() -> None:
    recorder = Recorder(ok(integration_json()))
    mock_client(recorder).orchestrator.integrations.update("int_1", config={"token": "t2"})
    assert recorder.last.method == "PUT"
    assert recorder.json() == {"config": {"token": "t2"}}


def test_integration_update_with_name_only_sends_no_config() -> None:
    recorder = Recorder(ok(integration_json()))
    mock_client(recorder).orchestrator.integrations.update("int_1", name="Renamed")
    assert recorder.json() == {"name": "Renamed"}


def test_user_update_with_email_only_sends_no_name() -> None:
    recorder = Recorder(ok())
    mock_client(recorder).orchestrator.user.update_profile(email="a@b.c")
    assert recorder.last.method == "PATCH"
    assert recorder.json() == {"email": "a@b.c"}


def test_workflow_create_sends_empty_nodes_and_edges_and_no_description() -> None:
    recorder = Recorder(ok(workflow_json()))
    mock_client(recorder).orchestrator.workflows.create(name="n")
    assert recorder.json() == {"name": "n", "nodes": [], "edges": []}


def test_workflow_create_with_description_and_models() -> None:
    recorder = Recorder(ok(workflow_json()))
    node = {
        "id": "t",
        "type": "trigger",
        "position": {"x": 1, "y": 2},
        "data": {"label": "T", "type": "trigger", "config": {"triggerType": "Webhook"}},
    }
    mock_client(recorder).orchestrator.workflows.create(
        name="n", description="d", nodes=[Node.from_dict(node)], edges=[]
    )
    assert recorder.json() == {"name": "n", "description": "d", "nodes": [node], "edges": []}


def test_integration_create_without_name_and_api_key_create_without_name() -> None:
    created = {
        "id": "i",
        "name": "",
        "type": "slack",
        "createdAt": "2026-01-01T00:00:00Z",
        "updatedAt": "2026-01-01T00:00:00Z",
    }
    key = {
        "id": "k",
        "name": None,
        "keyPrefix": "wfb_abcdefg",
        "createdAt": "2026-01-01T00:00:00Z",
        "key": "wfb_abcdefghijklmnop",
    }
    recorder = Recorder(ok(created), ok(key))
    client = mock_client(recorder)
    client.orchestrator.integrations.create(type="slack", config={"token": "t"})
    client.orchestrator.api_keys.create()
    assert recorder.json(0) == {"type": "slack", "config": {"token": "t"}}
    assert recorder.json(1) == {}


async def test_async_bodies_carry_only_the_given_fields() -> None:
    recorder = Recorder(ok(workflow_json()), ok(integration_json()), ok(), ok(workflow_json()))
    client = mock_async_client(recorder)
    await client.orchestrator.workflows.update("wf_1", name="x")
    await client.orchestrator.integrations.update("int_1", config={"a": 1})
    await client.orchestrator.user.update_profile(email="a@b.c")
    await client.orchestrator.workflows.create(name="n")
    assert [recorder.json(i) for i in range(4)] == [
        {"name": "x"},
        {"config": {"a": 1}},
        {"email": "a@b.c"},
        {"name": "n", "nodes": [], "edges": []},
    ]


def test_webhook_body_sent_as_given(server: LocalOrchestrator) -> None:
    recorder = Recorder(ok({"executionId": "e", "status": "running"}))
    client = mock_client(recorder)
    payload = {"email": "a@b.c", "nested": {"list": [1, 2.5, None, True]}, "ünï": "ö"}
    client.orchestrator.webhooks.execute("wf_1", payload)
    assert recorder.json() == payload
    assert recorder.last.headers["content-type"] == "application/json"


def test_local_server_partial_update_keeps_the_other_fields(client: Skytells) -> None:
    created = client.orchestrator.workflows.create(name="before", description="keep me")
    updated = client.orchestrator.workflows.update(created.id, name="after")
    assert updated.name == "after"
    assert updated.description == "keep me"
    assert len(updated.nodes) == len(created.nodes)


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.orchestrator.workflows.create(name=None),  # type: ignore[arg-type]
        lambda c: c.orchestrator.workflows.create(name="n", nodes="not a list"),
        lambda c: c.orchestrator.workflows.create(name="n", nodes=[42]),
        lambda c: c.orchestrator.integrations.create(type="slack", config=["not", "a", "mapping"]),
        lambda c: c.orchestrator.ai.generate_workflow(prompt=None),  # type: ignore[arg-type]
    ],
    ids=["name None", "nodes str", "node not an object", "config list", "prompt None"],
)
def test_wrongly_typed_arguments_are_sdk_errors(call: Callable[[Skytells], Any]) -> None:
    recorder = Recorder(_never_called)
    with pytest.raises(SkytellsError) as caught:
        call(mock_client(recorder))
    assert caught.value.error_id == "SDK_ERROR"
    assert recorder.calls == 0
