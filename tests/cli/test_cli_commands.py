"""Every command against the local server, its JSON parsed back, and the exit codes."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_support import EDGES, NODES, Runner
from skytells_orchestrator import Skytells
from skytells_orchestrator.local import LocalOrchestrator
from step_gate import HeldSteps


def test_workflows_from_create_to_delete(
    cli: Runner, workflow: dict[str, Any], tmp_path: Path
) -> None:
    workflow_id = workflow["id"]
    assert workflow["name"] == "Welcome"
    assert [node["id"] for node in workflow["nodes"]] == ["signup", "welcome"]

    listed = cli.ok("workflows", "list")
    assert workflow_id in [item["id"] for item in listed]
    assert cli.ok("workflows", "get", workflow_id)["edges"] == EDGES

    updated = cli.ok(
        "workflows", "update", workflow_id, "--name", "Renamed", "--visibility", "public"
    )
    assert (updated["name"], updated["visibility"]) == ("Renamed", "public")

    copy = cli.ok("workflows", "duplicate", workflow_id)
    assert copy["name"] == "Renamed (Copy)" and copy["id"] != workflow_id

    # The TypeScript is printed as text, also in a pipe; --json wraps it.
    code = cli("workflows", "code", workflow_id)
    assert code.code == 0 and "Renamed" in code.out and not code.out.startswith("{")
    assert cli.ok("workflows", "code", workflow_id, "--json")["code"] == code.out

    target = tmp_path / "project.zip"
    saved = cli.ok("workflows", "download", workflow_id, "--output", str(target))
    assert saved == {"workflowId": workflow_id, "path": str(target), "bytes": target.stat().st_size}
    assert "package.json" in zipfile.ZipFile(target).namelist()
    assert list(tmp_path.iterdir()) == [tmp_path / "wf.json", target]  # no temporary file left

    for made in (copy["id"], workflow_id):
        assert cli.ok("workflows", "delete", made) == {"id": made, "deleted": True}
    gone = cli("workflows", "get", workflow_id)
    assert gone.code == 1
    assert gone.err == "error: Workflow not found (NOT_FOUND)\n"
    assert gone.out == ""


def test_workflows_create_reads_stdin_and_name_alone(cli: Runner) -> None:
    document = {"name": "From stdin", "description": "piped", "nodes": NODES, "edges": EDGES}
    created = cli.ok("workflows", "create", "--from-file", "-", stdin=json.dumps(document))
    assert (created["name"], created["description"]) == ("From stdin", "piped")
    assert len(created["nodes"]) == 2
    empty = cli.ok("workflows", "create", "--name", "Empty")
    # The server adds a Manual trigger to a workflow created without nodes.
    assert empty["name"] == "Empty" and len(empty["nodes"]) == 1


def test_executions_and_webhooks(cli: Runner, workflow: dict[str, Any], tmp_path: Path) -> None:
    workflow_id = workflow["id"]
    body = tmp_path / "body.json"
    body.write_text('{"email": "ada@example.com"}')
    started = cli.ok("webhooks", "execute", workflow_id, "--data", f"@{body}")
    assert started["status"] == "running"
    execution_id = started["executionId"]

    final = cli.ok("executions", "wait", execution_id, "--poll-interval", "0.01")
    assert final["executionId"] == execution_id and final["status"] == "success"
    assert {node["nodeId"]: node["status"] for node in final["nodeStatuses"]} == {
        "signup": "success",
        "welcome": "success",
    }
    assert cli.ok("executions", "status", execution_id)["status"] == "success"
    logs = cli.ok("executions", "logs", execution_id)
    assert {entry["nodeId"] for entry in logs} == {"signup", "welcome"}
    trigger = next(entry for entry in logs if entry["nodeId"] == "signup")
    assert "ada@example.com" in json.dumps(trigger["input"])

    # --data from stdin and --wait together: one final JSON document.
    waited = cli.ok(
        "webhooks",
        "execute",
        workflow_id,
        "--data",
        "-",
        "--wait",
        "--poll-interval",
        "0.01",
        stdin='{"plan": "pro"}',
    )
    assert waited["status"] == "success"
    listed = cli.ok("executions", "list", workflow_id)
    assert {item["id"] for item in listed} == {execution_id, waited["executionId"]}
    assert listed[0]["input"] == {"plan": "pro"}

    assert cli.ok("executions", "delete-all", workflow_id)["deletedCount"] == 2
    assert cli.ok("executions", "list", workflow_id) == []


def test_a_run_that_fails_exits_1(cli: Runner, workflow: dict[str, Any]) -> None:
    nodes = json.loads(json.dumps(NODES))
    nodes[1]["data"]["config"]["fail"] = True
    failing = cli.ok(
        "workflows",
        "create",
        "--from-file",
        "-",
        stdin=json.dumps({"name": "Fails", "nodes": nodes, "edges": EDGES}),
    )
    result = cli("webhooks", "execute", failing["id"], "--wait", "--poll-interval", "0.01")
    assert result.code == 1, result
    assert result.json()["status"] == "error"
    execution_id = result.json()["executionId"]
    again = cli("executions", "wait", execution_id)
    assert again.code == 1 and again.json()["status"] == "error"


def test_waiting_past_the_deadline_is_wait_timeout(
    cli: Runner, workflow: dict[str, Any], held_steps: HeldSteps
) -> None:
    started = cli.ok("webhooks", "execute", workflow["id"])  # runs until the test ends
    result = cli(
        "executions",
        "wait",
        started["executionId"],
        "--wait-timeout",
        "0.2",
        "--poll-interval",
        "0.05",
    )
    assert result.code == 1
    assert result.err.startswith("error: execution ") and result.err.endswith("(WAIT_TIMEOUT)\n")


@pytest.mark.parametrize(("terminal", "longest"), [(True, 2.0), (False, 10.0)])
def test_a_run_shown_live_is_polled_at_most_two_seconds_apart(
    cli: Runner,
    workflow: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    terminal: bool,
    longest: float,
) -> None:
    from skytells_orchestrator.cli import _output
    from skytells_orchestrator.resources.executions import Executions

    asked: list[dict[str, Any]] = []
    watch = Executions.watch

    def recording(self: Executions, execution_id: str, **options: Any) -> Any:
        asked.append(options)
        return watch(self, execution_id, **options)

    monkeypatch.setattr(Executions, "watch", recording)
    monkeypatch.setattr(_output.sys.stdout, "isatty", lambda: terminal, raising=False)
    started = cli("webhooks", "execute", workflow["id"], "--json")
    run = json.loads(started.out)["executionId"]
    assert cli("executions", "wait", run, "--poll-interval", "0.05").code == 0
    assert asked == [{"timeout": 600.0, "poll_interval": 0.05, "max_interval": longest}]


def test_another_users_integration_is_one_forbidden_line(
    cli: Runner, server: LocalOrchestrator
) -> None:
    with Skytells(
        orchestrator_base_url=server.url, orchestrator_session_token=server.other_session_token
    ) as other:
        foreign = other.orchestrator.integrations.create(type="slack", config={"botToken": "t"})
    nodes = json.loads(json.dumps(NODES))
    nodes[1]["data"]["config"]["integrationId"] = foreign.id
    document = json.dumps({"name": "Borrowed", "nodes": nodes, "edges": EDGES})
    result = cli("workflows", "create", "--from-file", "-", stdin=document)
    assert (result.code, result.out) == (1, "")
    assert result.err == "error: Invalid integration references in workflow (FORBIDDEN)\n"


def test_integrations(cli: Runner) -> None:
    created = cli.ok(
        "integrations",
        "create",
        "--type",
        "slack",
        "--name",
        "Team",
        "--config",
        '{"botToken": "xoxb-good-token"}',
    )
    integration_id = created["id"]
    assert (created["type"], created["name"]) == ("slack", "Team")
    listed = cli.ok("integrations", "list", "--type", "slack")
    assert integration_id in [item["id"] for item in listed]
    assert all(item["type"] == "slack" for item in listed)
    assert cli.ok("integrations", "get", integration_id)["config"] == {
        "botToken": "xoxb-good-token"
    }
    updated = cli.ok(
        "integrations",
        "update",
        integration_id,
        "--name",
        "Ops",
        "--config",
        "-",
        stdin='{"botToken": "xoxb-other"}',
    )
    assert (updated["name"], updated["config"]) == ("Ops", {"botToken": "xoxb-other"})
    assert cli.ok("integrations", "test", integration_id)["status"] == "success"

    refused = cli(
        "integrations", "test-config", "--type", "slack", "--config", '{"botToken": "invalid"}'
    )
    assert refused.code == 1 and refused.json()["status"] == "error"
    accepted = cli(
        "integrations", "test-config", "--type", "slack", "--config", '{"botToken": "ok"}'
    )
    assert accepted.code == 0 and accepted.json()["status"] == "success"

    assert cli.ok("integrations", "delete", integration_id)["deleted"] is True
    assert cli("integrations", "get", integration_id).code == 1


def test_api_keys_show_a_key_only_when_created(cli: Runner) -> None:
    result = cli("api-keys", "create", "--name", "ci")
    assert result.code == 0, result
    created = result.json()
    key = created["key"]
    assert key.startswith("wfb_") and created["name"] == "ci"
    assert "shown only once" in result.err

    listing = cli("api-keys", "list")
    assert listing.code == 0 and key not in listing.out
    assert created["id"] in [item["id"] for item in listing.json()]
    assert all("key" not in item for item in listing.json())

    deleted = cli("api-keys", "delete", created["id"])
    assert deleted.json() == {"id": created["id"], "deleted": True} and key not in deleted.out
    assert created["id"] not in [item["id"] for item in cli.ok("api-keys", "list")]


def test_ai_generate_streams_operations_then_the_workflow(cli: Runner) -> None:
    result = cli("ai", "generate", "When a webhook arrives, summarise it and post it to Slack")
    assert result.code == 0, result
    lines = result.lines()
    operations = [line["operation"] for line in lines[:-1]]
    assert all(line["type"] == "operation" for line in lines[:-1])
    assert lines[-1]["type"] == "workflow"
    draft = lines[-1]["workflow"]
    added = [op["node"]["id"] for op in operations if op["op"] == "addNode"]
    assert [node["id"] for node in draft["nodes"]] == added
    assert len(draft["edges"]) == sum(op["op"] == "addEdge" for op in operations)
    assert draft["name"] == next(op["name"] for op in operations if op["op"] == "setName")


def test_ai_generate_builds_on_an_existing_workflow(cli: Runner, workflow: dict[str, Any]) -> None:
    lines = cli("ai", "generate", "then send an email", "--workflow", workflow["id"]).lines()
    draft = lines[-1]["workflow"]
    assert draft["name"] == "Welcome"
    assert [node["id"] for node in draft["nodes"]][:2] == ["signup", "welcome"]
    assert len(draft["nodes"]) > 2


def test_user(cli: Runner) -> None:
    assert cli.ok("user", "get")["email"] == "owner@localhost"
    assert cli.ok("user", "update", "--name", "Ada") == {"updated": True, "name": "Ada"}
    assert cli.ok("user", "get")["name"] == "Ada"


def test_global_options_given_as_flags(
    server: LocalOrchestrator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("ORCHESTRATOR_BASE_URL", "ORCHESTRATOR_API_KEY", "ORCHESTRATOR_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    run = Runner(capsys, monkeypatch)
    flags = ["--base-url", server.url, "--api-key", server.api_key, "--timeout", "5"]
    assert run.ok(*flags, "--max-retries", "0", "user", "get")["id"] == server.user_id
    # Without the key, the SDK's own message, as a usage error.
    missing = run("--base-url", server.url, "user", "get")
    assert missing.code == 2 and "ORCHESTRATOR_API_KEY" in missing.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["workflows", "get"], "Missing argument 'WORKFLOW_ID'"),
        (["workflows", "nope"], "No such command 'nope'"),
        (["workflows", "get", ""], "workflow_id must be a non-empty id"),
        (["workflows", "update", "wf_1"], "nothing to change"),
        (["workflows", "create"], "a workflow needs a name"),
        (["workflows", "create", "--from-file", "/no/such/file.json"], "cannot read"),
        (["webhooks", "execute", "wf_1", "--data", "[1, 2]"], "must be a JSON object"),
        (["webhooks", "execute", "wf_1", "--data", '{"a": NaN}'], "not valid JSON"),
        (["webhooks", "execute", "wf_1", "--data", "{"], "not valid JSON"),
        (["--timeout", "nan", "user", "get"], "not a finite number"),
        (["--timeout", "0", "user", "get"], "must be greater than 0"),
        (["--max-retries", "-1", "user", "get"], "--max-retries"),
        (["--api-key", "sk-platform-key", "user", "get"], "looks like a platform key"),
        (["--base-url", "ftp://example.com", "user", "get"], "http(s) URL"),
        (["--base-url", "http://example.com", "user", "get"], "refusing plain http://"),
        (["workflows", "update", "wf_1", "--visibility", "secret"], "--visibility"),
        (["executions", "wait", "ex_1", "--poll-interval", "inf"], "not a finite number"),
        (["ai", "generate", "  "], "must not be empty"),
    ],
)
def test_usage_errors_exit_2_with_one_line(cli: Runner, args: list[str], message: str) -> None:
    result = cli(*args)
    assert result.code == 2, result
    assert result.out == ""
    assert result.err.startswith("error: ") and result.err.count("\n") == 1, result.err
    assert message in result.err
    assert "Traceback" not in result.err


def test_download_to_a_missing_folder_is_a_usage_error(
    cli: Runner, workflow: dict[str, Any], tmp_path: Path
) -> None:
    result = cli("workflows", "download", workflow["id"], "-o", str(tmp_path / "no" / "p.zip"))
    assert result.code == 2 and "does not exist" in result.err


def test_network_errors_exit_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, closed_port: int
) -> None:
    run = Runner(capsys, monkeypatch)
    result = run(
        "--base-url",
        f"http://127.0.0.1:{closed_port}",
        "--api-key",
        "wfb_" + "a" * 32,
        "--max-retries",
        "0",
        "workflows",
        "list",
    )
    assert result.code == 1
    assert result.err.startswith("error: ") and result.err.endswith("(NETWORK_ERROR)\n")
    assert "a" * 32 not in result.err


def test_group_without_command_prints_help(cli: Runner) -> None:
    result = cli("workflows")
    assert result.code == 2
    assert "download" in result.err and "duplicate" in result.err


@pytest.fixture
def closed_port() -> Iterator[int]:
    """Bound and never listening for the whole test: refused, and no other program's."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        yield port


def test_stdin_is_read_only_when_asked(cli: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    # '--data -' reads stdin; without it, stdin is left alone (a closed one does not matter).
    closed = io.StringIO()
    closed.close()
    monkeypatch.setattr("sys.stdin", closed)
    assert cli.ok("user", "get")["id"]


def test_ctrl_c_during_apply_says_what_was_applied(
    cli: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from skytells_orchestrator._operations import Call
    from skytells_orchestrator.resources._base import SyncResource

    for name in ("Interrupted A", "Interrupted B"):
        trigger = {**NODES[0], "id": "t"}
        (tmp_path / f"{name[-1]}.json").write_text(
            json.dumps({"name": name, "nodes": [trigger], "edges": []})
        )
    sent = SyncResource._run
    creates: list[Call[Any]] = []

    def interrupted(resource: SyncResource, call: Call[Any]) -> Any:
        if call.kwargs["method"] == "post" and call.kwargs["url"] == "/api/workflows/create":
            if creates:
                raise KeyboardInterrupt
            creates.append(call)
        return sent(resource, call)

    monkeypatch.setattr(SyncResource, "_run", interrupted)
    result = cli("workflows", "apply", str(tmp_path), "--yes")
    assert result.code == 130
    assert "interrupted at create of 'Interrupted B'" in result.err
    assert "applied: create 'Interrupted A'" in result.err
    assert result.err.rstrip().endswith("Aborted.")
