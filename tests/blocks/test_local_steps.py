"""The local server runs steps by the catalogue's rules, end to end through the SDK.

A missing required key fails the step with the hosted step's exact string, an unknown action
with the executor's message; templates resolve from earlier outputs; a failed node's
successors are skipped while parallel branches go on; HTTP Request can be sent for real.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from skytells_orchestrator import Flow, Node, Skytells, blocks
from skytells_orchestrator.local import LocalOrchestrator
from skytells_orchestrator.local._steps import evaluate_condition, resolve_text

URL_REQUIRED = "HTTP request failed: URL is required"


@pytest.fixture(scope="module")
def server() -> Iterator[LocalOrchestrator]:
    with LocalOrchestrator(step_delay=0.0) as running:
        yield running


@pytest.fixture(scope="module")
def client(server: LocalOrchestrator) -> Iterator[Skytells]:
    with Skytells(
        orchestrator_api_key=server.api_key,
        orchestrator_session_token=server.session_token,
        orchestrator_base_url=server.url,
    ) as sky:
        yield sky


def run(
    client: Skytells, flow: Flow, body: dict[str, Any] | None = None
) -> tuple[Any, dict[str, Any]]:
    """Save and run the flow through its webhook; the final execution and the logs by node."""
    orch = client.orchestrator
    workflow = orch.workflows.create(**flow.create_arguments(), validate=False)
    started = orch.webhooks.execute(workflow.id, body or {"email": "ada@example.com"})
    orch.executions.wait(started.execution_id, timeout=20, poll_interval=0.01)
    final = next(e for e in orch.executions.list(workflow.id) if e.id == started.execution_id)
    logs = {entry.node_id: entry for entry in orch.executions.get_logs(started.execution_id)}
    return final, logs


def webhook_flow() -> tuple[Flow, Node]:
    flow = Flow("Steps")
    return flow, flow.add(blocks.webhook_trigger(id="hook", label="Hook"))


def test_missing_endpoint_fails_the_step_skips_successors_and_parallel_branches_go_on(
    client: Skytells,
) -> None:
    flow, hook = webhook_flow()
    broken = flow.add({**blocks.http_request(endpoint="x", id="broken").to_dict()}, after=hook)
    assert broken.data is not None and broken.data.config is not None
    del broken.data.config.additional_properties["endpoint"]
    flow.add(blocks.http_request(endpoint="https://a.example", id="after_broken"), after=broken)
    flow.add(blocks.http_request(endpoint="https://b.example", id="parallel"), after=hook)
    final, logs = run(client, flow)
    assert final.status == "error"
    assert final.error == URL_REQUIRED
    assert logs["broken"].status == "error"
    assert logs["broken"].output == URL_REQUIRED
    assert "after_broken" not in logs
    assert logs["parallel"].status == "success"


def test_unknown_action_type_fails_with_the_executors_message(client: Skytells) -> None:
    flow, hook = webhook_flow()
    node = blocks.http_request(endpoint="https://x", id="odd").to_dict()
    node["data"]["config"]["actionType"] = "Quantum Teleport"
    flow.add(node, after=hook)
    final, logs = run(client, flow)
    assert final.error == (
        'Unknown action type: "Quantum Teleport". This action is not registered in the plugin '
        "system. Available system actions: Database Query, HTTP Request, Condition."
    )
    assert logs["odd"].status == "error"


def test_integration_actions_need_their_credentials(client: Skytells) -> None:
    orch = client.orchestrator
    with_key = orch.integrations.create(type="slack", config={"apiKey": "xoxb-1234"}).id
    without_key = orch.integrations.create(type="slack", config={"other": "x"}).id
    outcomes = []
    for integration_id in (None, without_key, with_key):
        flow, hook = webhook_flow()
        flow.add(
            blocks.slack_send_message(
                slack_channel="#a", slack_message="hi", integration_id=integration_id, id="post"
            ),
            after=hook,
        )
        final, _logs = run(client, flow)
        outcomes.append((final.status, final.error))
    missing = "SLACK_API_KEY is not configured. Please add it in Project Integrations."
    assert outcomes == [("error", missing), ("error", missing), ("success", None)]
    # Legacy names run the same step; a special rule (not an integer) is the hosted text.
    integration = orch.integrations.create(type="github", config={"token": "ghp_1234"}).id
    flow, hook = webhook_flow()
    flow.add(
        blocks.github_get_issue(
            owner="o", repo="r", issue_number="abc", integration_id=integration
        ),
        after=hook,
    )
    assert run(client, flow)[0].error == "Invalid issue number"


def test_templates_resolve_from_earlier_outputs_and_show_in_the_log_input(
    client: Skytells,
) -> None:
    flow, hook = webhook_flow()
    first = flow.add(
        blocks.http_request(endpoint=f"https://x.example/{blocks.ref(hook, 'email')}", id="first"),
        after=hook,
    )
    second = flow.add(
        blocks.http_request(
            endpoint=f"{blocks.ref(first, 'url')}?status={blocks.ref(first, 'status')}",
            body={"whole": blocks.ref(hook, "nested"), "missing": blocks.ref(hook, "nope")},
            id="second",
        ),
        after=first,
    )
    flow.add(
        blocks.http_request(endpoint=f"https://y/{blocks.ref(second, 'url')}", id="early"),
        after=hook,
    )
    _final, logs = run(client, flow, {"email": "ada@example.com", "nested": {"a": [1]}})
    assert logs["first"].input_["endpoint"] == "https://x.example/ada@example.com"
    # `.status` reads inside `data` (the simulated body has none: empty), `.url` likewise.
    assert logs["second"].input_["endpoint"] == "https://x.example/ada@example.com?status="
    # Text is pasted in as it is (objects as compact JSON), as the hosted executor does.
    assert logs["second"].input_["httpBody"] == '{"whole": "{"a":[1]}", "missing": ""}'
    # A node that has not run yet (a parallel branch) leaves the template as written.
    assert "{{@second:HTTP Request.url}}" in logs["early"].input_["endpoint"]


def test_condition_false_stops_its_branch_and_the_run_succeeds(client: Skytells) -> None:
    flow, hook = webhook_flow()
    gate = flow.add(
        blocks.condition(condition=f"{blocks.ref(hook, 'plan')} === 'pro'", id="gate"), after=hook
    )
    flow.add(blocks.http_request(endpoint="https://x", id="pro_only"), after=gate)
    final, logs = run(client, flow, {"plan": "free"})
    assert final.status == "success"
    assert logs["gate"].output == {"condition": False}
    assert "pro_only" not in logs
    final, logs = run(client, flow, {"plan": "pro"})
    assert logs["gate"].output == {"condition": True}
    assert logs["pro_only"].status == "success"


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("{{@t:T.n}} > 2 && {{@t:T.s}}.startsWith('ab')", True),
        ("{{@t:T.s}}.toUpperCase() === 'ABC' || false", True),
        ("!({{@t:T.n}} === 3)", False),
        ("{{@t:T.list}}.includes(2) && {{@t:T.list}}.length === 3", True),
        ("{{@t:T.n}} !== 3", False),
        ("", False),
        ("{{@ghost:G.x}} === 1", False),
        ("process.exit()", False),
        ("{{@t:T.s}}.constructor", False),
        ("(1", False),
        ("1 < 'a'", False),
        (True, True),
    ],
)
def test_condition_expressions(expression: Any, expected: bool) -> None:
    outputs = {"t": {"n": 3, "s": "abc", "list": [1, 2, 3]}}
    assert evaluate_condition(expression, outputs) is expected


def test_template_text_rules() -> None:
    outputs = {
        "a_b": {"success": True, "data": {"status": "ok", "items": [{"x": 1.0}]}, "status": 201},
        "off": None,
    }
    assert resolve_text("{{@a-b:A.status}}", outputs) == "ok"  # id part: non-alphanumerics → _
    assert resolve_text("{{@a-b:A.success}}", outputs) == "true"
    assert resolve_text("{{@a-b:A.items.0.x}}", outputs) == "1"
    assert resolve_text("{{@a-b:A.items.9.x}} {{@off:Off.x}}", outputs) == " "
    assert resolve_text("{{@zz:Z.x}}", outputs) == "{{@zz:Z.x}}"


class _Recorder(BaseHTTPRequestHandler):
    seen: list[dict[str, Any]] = []  # noqa: RUF012

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.seen.append(
            {
                "path": self.path,
                "body": self.rfile.read(length).decode(),
                "type": self.headers.get("Content-Type"),
                "token": self.headers.get("X-Token"),
            }
        )
        status = 500 if self.path == "/fail" else 200
        payload = json.dumps({"plan": "pro", "status": "active"}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_real_http_sends_the_request_to_a_loopback_server() -> None:
    target = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=target.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{target.server_address[1]}"
    try:
        with (
            LocalOrchestrator(step_delay=0.0, real_http=True) as server,
            Skytells(
                orchestrator_api_key=server.api_key,
                orchestrator_session_token=server.session_token,
                orchestrator_base_url=server.url,
            ) as client,
        ):
            flow, hook = webhook_flow()
            call = flow.add(
                blocks.http_request(
                    endpoint=f"{base}/users",
                    method="POST",
                    headers={"X-Token": "t-1"},
                    body={"email": blocks.ref(hook, "email")},
                    id="call",
                ),
                after=hook,
            )
            flow.add(
                blocks.condition(condition=f"{blocks.ref(call, 'status')} === 'active'", id="ok"),
                after=call,
            )
            final, logs = run(client, flow)
            assert final.status == "success"
            assert _Recorder.seen[-1] == {
                "path": "/users",
                "body": '{"email": "ada@example.com"}',
                "type": "application/json",
                "token": "t-1",
            }
            assert logs["call"].output == {
                "success": True,
                "data": {"plan": "pro", "status": "active"},
                "status": 200,
            }
            assert logs["ok"].output == {"condition": True}

            flow, hook = webhook_flow()
            flow.add(blocks.http_request(endpoint=f"{base}/fail", method="POST"), after=hook)
            final, _ = run(client, flow)
            assert final.status == "error"
            assert str(final.error).startswith("HTTP request failed with status 500")
    finally:
        target.shutdown()
        target.server_close()
        thread.join(timeout=5)
