"""Fault injection (Python and HTTP control) and the request log."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from skytells_orchestrator.local import LocalOrchestrator

MakeWorkflow = Callable[..., dict[str, Any]]


def test_fail_next_answers_n_errors_then_recovers(
    server: LocalOrchestrator, client: httpx.Client
) -> None:
    server.faults.fail_next(2, status=503, retry_after=3)
    for _ in range(2):
        response = client.get("/api/user")
        assert response.status_code == 503
        assert response.headers["retry-after"] == "3"
        assert response.headers["content-type"] == "application/json"
        assert isinstance(response.json()["error"], str)
    assert client.get("/api/user").status_code == 200


def test_fail_next_without_retry_after_has_no_header(
    server: LocalOrchestrator, client: httpx.Client
) -> None:
    server.faults.fail_next(1, status=500)
    response = client.get("/api/user")
    assert response.status_code == 500
    assert "retry-after" not in response.headers


def test_fail_next_html_like_a_proxy(server: LocalOrchestrator, client: httpx.Client) -> None:
    server.faults.fail_next(1, status=502, html=True)
    response = client.get("/api/user")
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>502 Bad Gateway</h1>" in response.text


def test_fail_next_only_for_some_methods(server: LocalOrchestrator, client: httpx.Client) -> None:
    server.faults.fail_next(1, status=503, methods=["POST"])
    assert client.get("/api/user").status_code == 200
    assert client.post("/api/api-keys", json={}).status_code == 503
    assert client.post("/api/api-keys", json={}).status_code == 200


def test_fail_next_does_not_run_the_request(
    server: LocalOrchestrator, client: httpx.Client, make_workflow: MakeWorkflow
) -> None:
    workflow = make_workflow()
    url = f"{server.url}/api/workflows/{workflow['id']}/webhook"
    headers = {"Authorization": f"Bearer {server.api_key}"}
    server.faults.fail_next(1, status=502)
    assert httpx.post(url, headers=headers, json={}).status_code == 502
    assert client.get(f"/api/workflows/{workflow['id']}/executions").json() == []


def test_fail_after_processing_runs_the_request(
    server: LocalOrchestrator, client: httpx.Client, make_workflow: MakeWorkflow
) -> None:
    workflow = make_workflow()
    url = f"{server.url}/api/workflows/{workflow['id']}/webhook"
    headers = {"Authorization": f"Bearer {server.api_key}"}
    server.faults.fail_next(1, status=502, after_processing=True)
    assert httpx.post(url, headers=headers, json={}).status_code == 502
    assert len(client.get(f"/api/workflows/{workflow['id']}/executions").json()) == 1


def test_latency(server: LocalOrchestrator, client: httpx.Client) -> None:
    server.faults.latency(0.15)
    started = time.monotonic()
    assert client.get("/api/user").status_code == 200
    assert time.monotonic() - started >= 0.15
    with pytest.raises(httpx.ReadTimeout):
        # Another path: this request is still in flight on the server when the test ends, and
        # must not consume a fault the next test sets for /api/user.
        client.get("/api/api-keys", timeout=0.05)


def test_a_request_waiting_out_latency_takes_no_fault_set_after_it_came(
    server: LocalOrchestrator, client: httpx.Client
) -> None:
    server.faults.latency(0.3)
    seen = server.requests.total
    with pytest.raises(httpx.ReadTimeout):
        client.get("/api/user", timeout=0.05)  # given up; the server still waits it out
    deadline = time.monotonic() + 10
    while server.requests.total == seen:  # until the server has it
        assert time.monotonic() < deadline, "the request never reached the server"
        time.sleep(0.01)
    server.faults.drop_connection()
    # The abandoned request wakes first; the drop is still for the next request to arrive.
    with pytest.raises(httpx.RemoteProtocolError):
        client.get("/api/workflows")


def test_drop_connection_cuts_a_json_answer(
    server: LocalOrchestrator, client: httpx.Client
) -> None:
    server.faults.drop_connection(after_bytes=10, path="/api/user")
    with client.stream("GET", "/api/user") as response:
        assert response.status_code == 200
        declared = int(response.headers["content-length"])
        with pytest.raises(httpx.RemoteProtocolError):
            response.read()
    assert declared > 10
    # Only the next answer is cut.
    assert client.get("/api/user").status_code == 200


def test_drop_connection_before_any_body(server: LocalOrchestrator, client: httpx.Client) -> None:
    server.faults.drop_connection()
    with pytest.raises(httpx.RemoteProtocolError):
        client.get("/api/workflows")


def test_drop_connection_of_a_stream_has_no_final_chunk(
    server: LocalOrchestrator, client: httpx.Client
) -> None:
    server.faults.drop_connection(after_bytes=50, path="/api/ai/generate")
    assert client.get("/api/user").status_code == 200  # not matched: not consumed
    with (
        pytest.raises(httpx.RemoteProtocolError),
        client.stream("POST", "/api/ai/generate", json={"prompt": "slack"}) as response,
    ):
        response.read()


def stream_lines(client: httpx.Client, prompt: str = "webhook slack email") -> list[str]:
    response = client.post("/api/ai/generate", json={"prompt": prompt})
    assert response.status_code == 200
    return [line for line in response.text.split("\n") if line]


def test_drop_stream_after(server: LocalOrchestrator, client: httpx.Client) -> None:
    full = stream_lines(client)
    server.faults.drop_stream_after(3)
    cut = stream_lines(client)
    assert cut == full[:3]
    assert json.loads(cut[-1])["type"] == "operation"
    assert stream_lines(client) == full  # one stream only


def test_drop_stream_after_with_abort(server: LocalOrchestrator, client: httpx.Client) -> None:
    server.faults.drop_stream_after(2, abort_connection=True)
    received: list[str] = []
    with (
        pytest.raises(httpx.RemoteProtocolError),
        client.stream("POST", "/api/ai/generate", json={"prompt": "slack"}) as response,
    ):
        received.extend(response.iter_lines())
    assert len(received) == 2


def test_malformed_stream_line(server: LocalOrchestrator, client: httpx.Client) -> None:
    full = stream_lines(client)
    server.faults.malformed_stream_line()
    lines = stream_lines(client)
    assert len(lines) == len(full) + 1
    bad = [line for line in lines if not line.startswith("{")]
    assert len(bad) == 1
    with pytest.raises(ValueError):
        json.loads(bad[0])
    assert [line for line in lines if line.startswith("{")] == full


def test_stream_error(server: LocalOrchestrator, client: httpx.Client) -> None:
    full = stream_lines(client)
    server.faults.stream_error("model overloaded", after_lines=2)
    lines = stream_lines(client)
    assert lines[:2] == full[:2]
    assert json.loads(lines[2]) == {"type": "error", "error": "model overloaded"}
    assert len(lines) == 3


def test_reset(server: LocalOrchestrator, client: httpx.Client) -> None:
    server.faults.fail_next(5)
    server.faults.latency(1)
    server.faults.stream_error("x")
    server.faults.reset()
    assert client.get("/api/user").status_code == 200
    assert json.loads(stream_lines(client)[-1]) == {"type": "complete"}


def test_faults_over_http(server: LocalOrchestrator, client: httpx.Client) -> None:
    control = "/__local__/faults"  # the owner's session: control routes are the owner's
    response = client.post(
        control,
        json={"fail_next": {"n": 1, "status": 504, "retry_after": 1}, "drop_stream_after": 1},
    )
    assert response.status_code == 200
    assert response.json()["fail_next"][0]["status"] == 504
    assert client.get(control).json()["stream"]["drop_after"] == 1
    failed = client.get("/api/user")
    assert (failed.status_code, failed.headers["retry-after"]) == (504, "1")
    assert len(stream_lines(client)) == 1
    client.post(control, json={"fail_next": 3})
    assert client.delete(control).json()["fail_next"] == []
    assert client.get("/api/user").status_code == 200
    bad = client.post(control, json={"explode": True})
    assert bad.status_code == 400
    assert "explode" in bad.json()["error"]


def test_control_routes_are_never_faulted_nor_recorded(
    server: LocalOrchestrator, client: httpx.Client
) -> None:
    server.faults.fail_next(1, status=503)
    server.requests.clear()
    assert client.get("/__local__/health").json() == {"status": "ok"}
    assert len(server.requests) == 0
    assert client.get("/api/user").status_code == 503


def test_request_log(server: LocalOrchestrator, client: httpx.Client) -> None:
    server.requests.clear()
    client.get("/api/workflows", params={"a": "1"}, headers={"X-Trace": "t1"})
    client.post("/api/api-keys", json={})
    assert len(server.requests) == 2
    method, path, headers = server.requests[0]
    assert (method, path) == ("GET", "/api/workflows")
    assert headers["x-trace"] == "t1"
    assert server.requests[0].query == "a=1"
    assert server.requests.count("POST", "/api/api-keys") == 1
    assert server.requests[-2:] == list(server.requests)
    assert all("x-api-key" not in seen.headers for seen in server.requests)
    over_http = client.get("/__local__/requests").json()
    assert [item["path"] for item in over_http] == ["/api/workflows", "/api/api-keys"]
    client.delete("/__local__/requests")
    assert len(server.requests) == 0


def test_faults_reject_bad_arguments(server: LocalOrchestrator) -> None:
    with pytest.raises(ValueError):
        server.faults.fail_next(0)
    with pytest.raises(ValueError):
        server.faults.fail_next(1, status=42)
    with pytest.raises(ValueError):
        server.faults.latency(-1)
    with pytest.raises(ValueError):
        server.faults.drop_connection(after_bytes=-1)
