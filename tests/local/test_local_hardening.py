"""The local server under abuse: control-route auth, strict JSON, the body limit, typed option
errors, crash recovery and seeded keys that survive restarts."""

from __future__ import annotations

import copy
import logging
import pickle
import socket
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from local_helpers import DEADLINE, action_node, chain, trigger_node, wait_for_execution
from skytells_orchestrator.local import (
    MAX_BODY_BYTES,
    LocalOrchestrator,
    LocalServerError,
    is_loopback_host,
)

MakeWorkflow = Callable[..., dict[str, Any]]
JSON = {"content-type": "application/json"}

# -- control routes ------------------------------------------------------------------------


CONTROL_CALLS = [
    ("GET", "/__local__/health"),
    ("GET", "/__local__/requests"),
    ("DELETE", "/__local__/requests"),
    ("GET", "/__local__/faults"),
    ("POST", "/__local__/faults"),
    ("DELETE", "/__local__/faults"),
]


@pytest.mark.parametrize(("method", "path"), CONTROL_CALLS)
def test_control_routes_want_the_owner(
    server: LocalOrchestrator,
    anonymous: httpx.Client,
    other_client: httpx.Client,
    method: str,
    path: str,
) -> None:
    body = b'{"latency": 5}'
    other_key = {"Authorization": f"Bearer {server.other_api_key}", **JSON}
    for http, headers in [(anonymous, JSON), (other_client, JSON), (anonymous, other_key)]:
        refused = http.request(method, path, content=body, headers=headers)
        assert refused.status_code == 401
        assert refused.json() == {"error": "Unauthorized"}
    assert server.faults.current_latency() == 0
    owner_key = {"Authorization": f"Bearer {server.api_key}", **JSON}
    assert anonymous.request(method, path, content=body, headers=owner_key).status_code == 200


def test_the_request_log_never_reaches_a_stranger(
    server: LocalOrchestrator, client: httpx.Client, anonymous: httpx.Client
) -> None:
    client.get("/api/user")
    leaked = anonymous.get("/__local__/requests")
    assert leaked.status_code == 401
    assert server.api_key not in leaked.text
    assert server.session_token not in leaked.text


def test_control_posts_want_a_json_content_type(
    server: LocalOrchestrator, client: httpx.Client
) -> None:
    for content_type in ("text/plain", "application/x-www-form-urlencoded", None):
        headers = {} if content_type is None else {"content-type": content_type}
        refused = client.post("/__local__/faults", content=b'{"latency": 5}', headers=headers)
        assert refused.status_code == 415
        assert set(refused.json()) == {"error"}
    assert server.faults.current_latency() == 0
    accepted = client.post(
        "/__local__/faults",
        content=b'{"latency": 0}',
        headers={"content-type": "application/json; charset=utf-8"},
    )
    assert accepted.status_code == 200


def test_a_non_loopback_host_logs_a_warning(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert is_loopback_host("127.0.0.1") and is_loopback_host("::1")
    assert is_loopback_host("localhost") and is_loopback_host("[::1]")
    assert not is_loopback_host("0.0.0.0") and not is_loopback_host("::")
    assert not is_loopback_host("192.168.1.10") and not is_loopback_host("example.com")
    with caplog.at_level(logging.WARNING, "skytells_orchestrator.local"), LocalOrchestrator():
        pass
    assert not caplog.records
    # Binding a real public interface in a test is not wanted: pretend 127.0.0.1 is one.
    monkeypatch.setattr("skytells_orchestrator.local._server.is_loopback_host", lambda h: False)
    with caplog.at_level(logging.WARNING, "skytells_orchestrator.local"), LocalOrchestrator():
        pass
    assert any("not on a loopback interface" in r.getMessage() for r in caplog.records)


# -- strict JSON, atomic writes ------------------------------------------------------------

DEEP = b"[" * 100_000 + b"]" * 100_000
BAD_VALUES = [
    b"NaN",
    b"Infinity",
    b"-Infinity",
    b"1e400",
    b'"\\ud800"',
    b'{"\\udfff": 1}',
    b"[" * 65 + b"]" * 65,
]


@pytest.mark.parametrize("value", BAD_VALUES)
def test_bodies_that_are_not_strict_json_are_refused_before_anything_is_stored(
    server: LocalOrchestrator, client: httpx.Client, make_workflow: MakeWorkflow, value: bytes
) -> None:
    workflow = make_workflow(name="before")
    before = client.get("/api/workflows").json()
    integrations = client.get("/api/integrations").json()
    writes = [
        ("POST", "/api/workflows/create", b'{"name": "x", "nodes": [], "edges": [], "d": %s}'),
        ("PATCH", f"/api/workflows/{workflow['id']}", b'{"name": "changed", "d": %s}'),
        ("POST", "/api/workflows/current", b'{"nodes": [{"x": %s}], "edges": []}'),
        ("POST", "/api/integrations", b'{"type": "slack", "config": {"a": %s}}'),
        ("POST", "/api/ai/generate", b'{"prompt": "p", "x": %s}'),
        ("PATCH", "/api/user", b'{"name": "n", "x": %s}'),
    ]
    for method, path, template in writes:
        response = client.request(method, path, content=template % value, headers=JSON)
        assert response.status_code == 400, (path, response.text)
        assert set(response.json()) == {"error"}
    assert client.get("/api/workflows").json() == before
    assert client.get("/api/integrations").json() == integrations
    assert client.get("/api/user").json()["name"] != "n"


def test_webhook_bodies_follow_the_hosted_parser(
    server: LocalOrchestrator, client: httpx.Client, make_workflow: MakeWorkflow
) -> None:
    workflow = make_workflow()
    url = f"/api/workflows/{workflow['id']}/webhook"
    headers = {"Authorization": f"Bearer {server.api_key}", **JSON}
    # What JSON.parse refuses (NaN, Infinity) counts as {} there: the run starts, input {}.
    started = client.post(url, content=b'{"a": Infinity, "b": NaN}', headers=headers)
    assert started.status_code == 200
    wait_for_execution(client, started.json()["executionId"])
    # What it accepts but cannot be stored is refused before an execution is made.
    for body in (b'{"a": "\\ud800"}', DEEP, b'{"a": 1e999}'):
        refused = client.post(url, content=body, headers=headers)
        assert refused.status_code == 400
        assert set(refused.json()) == {"error"}
        assert refused.headers["access-control-allow-origin"] == "*"
    for path in (f"/api/workflow/{workflow['id']}/execute", "/api/api-keys"):
        assert client.post(path, content=b'{"x": "\\udc00"}', headers=JSON).status_code == 400
    executions = client.get(f"/api/workflows/{workflow['id']}/executions")
    assert executions.status_code == 200
    assert [item["input"] for item in executions.json()] == [{}]
    logs = client.get(f"/api/workflows/executions/{started.json()['executionId']}/logs")
    assert logs.status_code == 200


def test_deep_nesting_and_surrogates_never_give_a_server_error(
    server: LocalOrchestrator, client: httpx.Client, make_workflow: MakeWorkflow
) -> None:
    workflow = make_workflow()
    paths = [
        ("POST", "/api/workflows/create"),
        ("PATCH", f"/api/workflows/{workflow['id']}"),
        ("POST", f"/api/workflows/{workflow['id']}/webhook"),
        ("POST", f"/api/workflow/{workflow['id']}/execute"),
        ("POST", "/api/workflows/current"),
        ("POST", "/api/integrations"),
        ("POST", "/api/integrations/test"),
        ("POST", "/api/api-keys"),
        ("POST", "/api/ai/generate"),
        ("PATCH", "/api/user"),
    ]
    headers = {"Authorization": f"Bearer {server.api_key}", **JSON}
    for method, path in paths:
        for body in (DEEP, b'"\\ud800"', b"\xff\xfe", b'{"a": 1' + b"0" * 5000 + b"}"):
            response = client.request(method, path, content=body, headers=headers)
            assert response.status_code < 500, (path, body[:10], response.text)


def test_execute_input_must_be_an_object(client: httpx.Client, make_workflow: MakeWorkflow) -> None:
    workflow = make_workflow(trigger="Manual")
    path = f"/api/workflow/{workflow['id']}/execute"
    # Falsy values too: the documented request has an object or no `input` at all.
    for bad in ("text", [1], 3, 65535, None, 0, False, "", []):
        refused = client.post(path, json={"input": bad})
        assert refused.status_code == 400, bad
        assert refused.json() == {"error": "Input must be an object"}
    assert client.get(f"/api/workflows/{workflow['id']}/executions").json() == []
    for good in ({"input": {}}, {"input": {"a": 1}}, {}):
        assert client.post(path, json=good).status_code == 200, good


# -- body size limit -----------------------------------------------------------------------


def _raw_exchange(server: LocalOrchestrator, request: bytes, then: bytes = b"") -> bytes:
    """Send raw bytes, read the answer until the server closes or a full answer arrived."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=DEADLINE) as sock:
        sock.sendall(request)
        if then:
            sock.sendall(then)
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
        return answer


def test_a_declared_body_over_the_limit_is_refused_unread(server: LocalOrchestrator) -> None:
    cookie = f"better-auth.session_token={server.session_token}"
    before = len(httpx.get(f"{server.url}/api/workflows", cookies=server.cookies).json())
    request = (
        b"POST /api/workflows/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + f"Cookie: {cookie}\r\nContent-Length: {300 * 1024 * 1024}\r\n\r\n".encode()
    )
    # Not one byte of the 300 MB is sent: the answer comes from the header alone.
    answer = _raw_exchange(server, request)
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b'"error"' in answer
    after = httpx.get(f"{server.url}/api/workflows", cookies=server.cookies).json()
    assert len(after) == before


def test_a_streamed_body_over_the_limit_is_refused(
    server: LocalOrchestrator, client: httpx.Client
) -> None:
    before = client.get("/api/workflows").json()
    chunk = b" " * 1_000_000
    sent = 0

    def body() -> Iterator[bytes]:
        nonlocal sent
        yield b'{"name": "big", "nodes": [], "edges": [], "pad": "'
        while sent < 2 * MAX_BODY_BYTES:
            sent += len(chunk)
            yield chunk
        yield b'"}'

    response = client.post("/api/workflows/create", content=body(), headers=JSON)
    assert response.status_code == 413
    assert set(response.json()) == {"error"}
    assert client.get("/api/workflows").json() == before


def test_a_body_under_the_limit_is_accepted(client: httpx.Client) -> None:
    padding = "x" * (MAX_BODY_BYTES - 200)
    created = client.post(
        "/api/workflows/create",
        json={"name": "large", "description": padding, "nodes": [], "edges": []},
    )
    assert created.status_code == 200
    assert len(created.json()["description"]) == len(padding)
    assert client.delete(f"/api/workflows/{created.json()['id']}").status_code == 200


# -- options -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"port": 70000}, "port"),
        ({"port": -1}, "port"),
        ({"port": True}, "port"),
        ({"port": "80"}, "port"),
        ({"step_delay": float("nan")}, "step_delay"),
        ({"step_delay": float("inf")}, "step_delay"),
        ({"step_delay": -1}, "step_delay"),
        ({"ai_line_delay": float("inf")}, "ai_line_delay"),
        ({"ai_line_delay": "1"}, "ai_line_delay"),
        ({"api_key": "sk-nope"}, "wfb_"),
        ({"api_key": "wfb_"}, "wfb_"),
        ({"api_key": "wfb_has space"}, "wfb_"),
        ({"api_key": "wfb_ключ"}, "wfb_"),
        ({"api_key": "wfb_x\n"}, "wfb_"),
        ({"host": ""}, "host"),
    ],
)
def test_bad_options_raise_a_one_line_typed_error(options: dict[str, Any], fragment: str) -> None:
    with pytest.raises(LocalServerError) as raised:
        LocalOrchestrator(**options)
    message = str(raised.value)
    assert fragment in message and "\n" not in message
    assert isinstance(raised.value, ValueError)


def test_live_settings_are_checked_too(server: LocalOrchestrator) -> None:
    for value in (float("nan"), float("inf"), -0.5):
        with pytest.raises(LocalServerError):
            server.step_delay = value
        with pytest.raises(LocalServerError):
            server.ai_line_delay = value
    assert server.step_delay == 0.002


def test_bad_databases_raise_a_one_line_typed_error(tmp_path: Path) -> None:
    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("these are notes, not a database\n" * 100)
    cases = [
        (tmp_path / "missing" / "db.sqlite", "does not exist"),
        (tmp_path, "folder"),
        (not_sqlite, "SQLite"),
    ]
    for db, fragment in cases:
        with pytest.raises(LocalServerError) as raised:
            LocalOrchestrator(db=db)
        assert fragment in str(raised.value) and "\n" not in str(raised.value)
    assert not_sqlite.read_text().startswith("these are notes")
    assert not (tmp_path / "missing").exists()


def test_a_busy_port_raises_a_typed_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        server = LocalOrchestrator(port=taken.getsockname()[1])
        try:
            with pytest.raises(LocalServerError, match="cannot listen"):
                server.start()
        finally:
            server.close()


# -- restarts ------------------------------------------------------------------------------

_KILLED_SERVER = textwrap.dedent(
    """
    import os, sys, time
    import httpx
    from skytells_orchestrator.local import LocalOrchestrator

    server = LocalOrchestrator(db=sys.argv[1], step_delay=60.0).start()
    http = httpx.Client(base_url=server.url, cookies=server.cookies, timeout=10)
    workflow = http.post("/api/workflows/create", json={
        "name": "dies", "edges": [{"id": "e", "source": "t", "target": "a"}],
        "nodes": [
            {"id": "t", "data": {"type": "trigger", "config": {"triggerType": "Manual"}}},
            {"id": "a", "data": {"type": "action", "config": {"actionType": "HTTP Request"}}},
        ],
    }).json()
    execution = http.post(f"/api/workflow/{workflow['id']}/execute", json={}).json()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        status = http.get(f"/api/workflows/executions/{execution['executionId']}/status").json()
        if status["nodeStatuses"]:
            break
        time.sleep(0.01)
    print(workflow["id"], execution["executionId"], flush=True)
    os._exit(0)  # dies at once: no graceful stop, the run stays "running" in the file
    """
)


def test_runs_left_running_by_a_dead_server_are_closed_on_start(tmp_path: Path) -> None:
    db = tmp_path / "orchestrator.sqlite"
    child = subprocess.run(
        [sys.executable, "-c", _KILLED_SERVER, str(db)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    workflow_id, execution_id = child.stdout.split()
    with (
        LocalOrchestrator(db=db) as server,
        httpx.Client(base_url=server.url, cookies=server.cookies, timeout=DEADLINE) as http,
    ):
        assert server.recovered_executions == 1
        status = http.get(f"/api/workflows/executions/{execution_id}/status").json()
        assert status == {"status": "error", "nodeStatuses": [{"nodeId": "t", "status": "error"}]}
        execution = http.get(f"/api/workflows/{workflow_id}/executions").json()[0]
        assert execution["status"] == "error"
        assert "server stopped" in execution["error"]
        assert execution["completedAt"] is not None


def test_a_second_server_on_the_same_file_leaves_live_runs_alone(tmp_path: Path) -> None:
    db = tmp_path / "orchestrator.sqlite"
    with LocalOrchestrator(db=db, step_delay=30.0) as first:
        http = httpx.Client(base_url=first.url, cookies=first.cookies, timeout=DEADLINE)
        workflow = http.post(
            "/api/workflows/create",
            json={"name": "live", "nodes": [trigger_node("Manual")], "edges": []},
        ).json()
        started = http.post(f"/api/workflow/{workflow['id']}/execute", json={}).json()
        with LocalOrchestrator(db=db) as second:
            assert second.recovered_executions == 0
            # The second process's start neither revoked the first one's key nor its runs.
            assert second.api_key == first.api_key
            answer = http.get(f"/api/workflows/executions/{started['executionId']}/status")
            assert answer.json()["status"] == "running"
        http.close()


def test_a_graceful_stop_closes_the_running_nodes(tmp_path: Path) -> None:
    db = tmp_path / "orchestrator.sqlite"
    with LocalOrchestrator(db=db, step_delay=30.0) as server:
        http = httpx.Client(base_url=server.url, cookies=server.cookies, timeout=DEADLINE)
        nodes = [trigger_node("Manual"), action_node("a1")]
        workflow = http.post(
            "/api/workflows/create",
            json={"name": "stopped", "nodes": nodes, "edges": chain("trigger", "a1")},
        ).json()
        started = http.post(f"/api/workflow/{workflow['id']}/execute", json={}).json()
        wait_for_execution(http, started["executionId"], until=lambda s: bool(s["nodeStatuses"]))
        http.close()
    with (
        LocalOrchestrator(db=db) as server,
        httpx.Client(base_url=server.url, cookies=server.cookies, timeout=DEADLINE) as http,
    ):
        status = http.get(f"/api/workflows/executions/{started['executionId']}/status").json()
        assert status["status"] == "cancelled"
        assert status["nodeStatuses"] == [{"nodeId": "trigger", "status": "error"}]
        assert server.recovered_executions == 0


def test_seeded_keys_survive_restarts(tmp_path: Path) -> None:
    db = tmp_path / "orchestrator.sqlite"
    with LocalOrchestrator(db=db) as first:
        generated, other = first.api_key, first.other_api_key
        assert first.api_key_origin == "generated"
    with LocalOrchestrator(db=db, api_key="wfb_chosen-by-the-user") as given:
        assert given.api_key_origin == "argument"
        for key in (generated, "wfb_chosen-by-the-user"):
            answer = httpx.get(f"{given.url}/api/user", headers={"Authorization": f"Bearer {key}"})
            assert answer.status_code == 200
    with LocalOrchestrator(db=db) as again:
        assert (again.api_key, again.api_key_origin) == ("wfb_chosen-by-the-user", "stored")
        assert again.other_api_key == other
        # A seeded key deleted through the API is not brought back: a new one is made.
        http = httpx.Client(base_url=again.url, cookies=again.cookies, timeout=DEADLINE)
        for item in http.get("/api/api-keys").json():
            assert http.delete(f"/api/api-keys/{item['id']}").status_code == 200
        http.close()
    with LocalOrchestrator(db=db) as fresh:
        assert fresh.api_key_origin == "generated"
        assert fresh.api_key not in (generated, "wfb_chosen-by-the-user")
        answer = httpx.get(
            f"{fresh.url}/api/user", headers={"Authorization": f"Bearer {generated}"}
        )
        assert answer.status_code == 401


def test_a_file_from_before_the_runner_column_opens(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "old.sqlite"
    with LocalOrchestrator(db=db):
        pass
    connection = sqlite3.connect(db)
    connection.execute("ALTER TABLE executions DROP COLUMN runner")
    connection.commit()
    connection.close()
    with LocalOrchestrator(db=db) as server:
        assert server.running


def test_a_wrong_method_lists_every_allowed_one(server: LocalOrchestrator) -> None:
    refused = httpx.put(f"{server.url}/api/workflows/some-id", cookies=server.cookies)
    assert refused.status_code == 405
    assert set(refused.headers["allow"].split(", ")) >= {"GET", "PATCH", "DELETE"}
    assert refused.json() == {"error": "Method not allowed"}
    head = httpx.head(f"{server.url}/api/user", cookies=server.cookies)
    assert head.status_code == 200


def test_an_existing_workflow_of_the_wrong_shape_is_a_400(client: httpx.Client) -> None:
    for existing in ({"nodes": [], "edges": True}, {"nodes": [1], "edges": []}, [], "x"):
        body = {"prompt": "p", "existingWorkflow": existing}
        refused = client.post("/api/ai/generate", json=body)
        assert refused.status_code == 400, existing
        assert set(refused.json()) == {"error"}
    # Only an empty prompt is missing, as on the hosted service ("!prompt").
    assert client.post("/api/ai/generate", json={"prompt": " "}).status_code == 200


def test_a_failed_write_leaves_nothing_behind() -> None:
    from skytells_orchestrator.local._store import Store

    store = Store(None)
    try:
        user_id = store.create_user(name="Ada", email="ada@example.com")
        created = store.insert_integration(user_id=user_id, name="old", type_="slack", config={})
        with pytest.raises(ValueError):
            # A value JSON cannot carry: refused before anything is written.
            store.update_integration(created["id"], user_id, name="new", config={"x": float("nan")})
        assert store.get_integration(created["id"], user_id) == created
        with pytest.raises(ValueError):
            store.insert_workflow(
                user_id=user_id, name="w", description=None, nodes=[float("inf")], edges=[]
            )
        assert store.list_workflows(user_id) == []
    finally:
        store.close()


@pytest.mark.parametrize("started", [False, True])
def test_a_server_cannot_be_pickled_or_copied(started: bool) -> None:
    server = LocalOrchestrator()
    try:
        if started:
            server.start()
        for attempt in (pickle.dumps, copy.copy, copy.deepcopy):
            with pytest.raises(LocalServerError, match="cannot be pickled or copied"):
                attempt(server)
        assert server.running is started  # the original is untouched
    finally:
        server.close()
