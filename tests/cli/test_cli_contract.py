"""The command line's promises: secrets masked on a terminal, a started run's id never lost,
exit statuses that follow the contract, and the paths a newcomer takes first."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_support import EDGES, NODES, Runner
from skytells_orchestrator import Skytells
from skytells_orchestrator.cli import main
from skytells_orchestrator.cli._context import MAX_INPUT_BYTES, State
from skytells_orchestrator.local import LocalOrchestrator
from test_cli_terminal import ESCAPES, command_env, run_in_terminal

REMOTE = "https://orchestrator.invalid"


@pytest.fixture
def strict(server: LocalOrchestrator) -> Iterator[LocalOrchestrator]:
    """The local server answering management routes only with a session, as the hosted one."""
    server.strict_auth = True
    try:
        yield server
    finally:
        server.strict_auth = False


def _without_session(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ORCHESTRATOR_SESSION_TOKEN", raising=False)


def _failing_nodes() -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = json.loads(json.dumps(NODES))
    nodes[1]["data"]["config"]["fail"] = True
    return nodes


# ------------------------------------------------------------------------------------ secrets


def test_integrations_get_masks_every_config_string_on_a_terminal(
    server: LocalOrchestrator, cli: Runner
) -> None:
    config = {
        "connection": {"password": "hunter2-secret", "host": "db.internal"},
        "urls": ["postgres://u:SECRET@h/db", {"token": "nested-token"}],
        "port": 5432,
    }
    created = cli.ok("integrations", "create", "--type", "database", "--config", json.dumps(config))
    # JSON keeps the values whole: scripts need them.
    assert cli.ok("integrations", "get", created["id"])["config"] == config
    code, screen = run_in_terminal(["integrations", "get", created["id"]], command_env(server))
    screen = ESCAPES.sub("", screen)
    assert code == 0, screen
    for secret in ("hunter2-secret", "SECRET@", "nested-token", "db.internal"):
        assert secret not in screen, screen
    assert "hunt…" in screen and "5432" in screen


# ------------------------------------------------------------------------ no run is hidden


def test_wait_without_a_session_on_a_remote_server_is_refused_before_triggering(
    cli: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without_session(monkeypatch)
    monkeypatch.setenv("ORCHESTRATOR_BASE_URL", REMOTE)  # never reached: nothing is sent
    result = cli("webhooks", "execute", "wf_1", "--wait")
    assert result.code == 2, result
    assert "--session-token" in result.err and "nothing was started" in result.err


def test_a_run_that_cannot_be_followed_keeps_its_id(
    cli: Runner,
    workflow: dict[str, Any],
    strict: LocalOrchestrator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _without_session(monkeypatch)  # on loopback --wait is allowed: the failure comes later
    result = cli("webhooks", "execute", workflow["id"], "--wait", "--poll-interval", "0.01")
    assert result.code == 1, result
    started = result.json()
    execution_id = started["executionId"]
    assert started["status"] == "running"
    assert execution_id in result.err and "(UNAUTHORIZED)" in result.err
    assert result.err.index(execution_id) < result.err.index("error:")


def test_the_id_shows_on_a_terminal_before_following(
    workflow: dict[str, Any], strict: LocalOrchestrator
) -> None:
    env = command_env(strict)
    del env["ORCHESTRATOR_SESSION_TOKEN"]
    code, screen = run_in_terminal(["webhooks", "execute", workflow["id"], "--wait"], env)
    screen = ESCAPES.sub("", screen)
    assert code == 1, screen
    started = re.search(r"Started execution (\w+)", screen)
    assert started and screen.index("Started execution") < screen.index("error:"), screen
    assert f"executions wait {started.group(1)}" in screen


# ---------------------------------------------------------------------------- exit statuses


def test_a_closed_pipe_ends_quietly_with_141(server: LocalOrchestrator) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before the command starts, so before it writes
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "skytells_orchestrator.cli", "user", "get"],
            stdout=writer,
            stderr=subprocess.PIPE,
            env=command_env(server),
        )
    finally:
        os.close(writer)
    assert process.stderr is not None
    try:
        assert process.wait(timeout=30) == 141
        assert process.stderr.read() == b""
    finally:
        process.stderr.close()


class _ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_main_returns_the_status_of_a_closed_pipe(
    env: LocalOrchestrator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdout", _ClosedPipe())
    assert main(["workflows", "list"]) == 141  # Click alone would raise SystemExit(1)
    assert capsys.readouterr().err == ""


def test_a_graph_refused_before_sending_is_a_usage_error(
    cli: Runner, server: LocalOrchestrator
) -> None:
    dangling = {"id": "x", "source": "signup", "target": "nowhere"}
    broken = {"name": "Broken", "nodes": NODES, "edges": [*EDGES, dangling]}
    server.requests.clear()
    result = cli("workflows", "create", "--from-file", "-", stdin=json.dumps(broken))
    assert result.code == 2, result
    assert "(INVALID_WORKFLOW)" in result.err
    assert server.requests.count("POST", "/api/workflows/create") == 0


@pytest.mark.parametrize("stdin", [None, "closed"])
def test_unreadable_stdin_is_a_usage_error(
    cli: Runner, monkeypatch: pytest.MonkeyPatch, stdin: str | None
) -> None:
    if stdin is None:
        monkeypatch.setattr("sys.stdin", None)
    else:
        closed = io.StringIO("{}")
        closed.close()
        monkeypatch.setattr("sys.stdin", closed)
    result = cli("webhooks", "execute", "wf_1", "--data", "-")
    assert result.code == 2, result
    assert "cannot read stdin" in result.err and "unexpected" not in result.err


def test_input_over_the_server_limit_is_refused_before_sending(
    cli: Runner, workflow: dict[str, Any], server: LocalOrchestrator, tmp_path: Path
) -> None:
    huge = json.dumps({"blob": "x" * MAX_INPUT_BYTES})
    path = tmp_path / "huge.json"
    path.write_text(huge)
    server.requests.clear()
    for args, stdin in ((["--data", "-"], huge), (["--data", f"@{path}"], None)):
        result = cli("webhooks", "execute", workflow["id"], *args, stdin=stdin)
        assert result.code == 2, result
        assert f"more than {MAX_INPUT_BYTES} bytes" in result.err
    assert len(server.requests) == 0
    # Just under the bound is read and sent.
    fits = json.dumps({"blob": "x" * (MAX_INPUT_BYTES - 100)})
    assert cli("webhooks", "execute", workflow["id"], "--data", "-", stdin=fits).code == 0


# ------------------------------------------------------------------------- friendlier paths


def test_missing_credentials_name_the_options(cli: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ORCHESTRATOR_API_KEY", "ORCHESTRATOR_SESSION_TOKEN"):
        monkeypatch.delenv(name)
    result = cli("workflows", "list")
    assert result.code == 2, result
    for option in ("--api-key", "--session-token"):
        assert option in result.err
        assert f"ORCHESTRATOR_{option[2:].replace('-', '_').upper()}" in result.err
    assert "orchestrator_api_key=" not in result.err


def test_download_names_the_file_and_never_replaces_one_unasked(
    cli: Runner, workflow: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    saved = cli.ok("workflows", "download", workflow["id"])
    target = tmp_path / "welcome.zip"
    assert saved["path"] == "welcome.zip" and target.stat().st_size == saved["bytes"]
    target.write_bytes(b"mine")
    again = cli("workflows", "download", workflow["id"])
    assert again.code == 2 and "--force" in again.err, again
    explicit = cli("workflows", "download", workflow["id"], "-o", str(target))
    assert explicit.code == 2 and target.read_bytes() == b"mine"
    assert cli.ok("workflows", "download", workflow["id"], "--force")["bytes"] > 4
    assert target.read_bytes() != b"mine"


def test_ai_generate_saves_only_when_asked(cli: Runner) -> None:
    before = len(cli.ok("workflows", "list"))
    lines = cli("ai", "generate", "On a webhook, post to Slack").lines()
    assert lines[-1]["type"] == "workflow" and len(cli.ok("workflows", "list")) == before
    result = cli("ai", "generate", "On a webhook, post to Slack", "--save")
    assert result.code == 0, result
    *_, draft, created = result.lines()
    assert created["type"] == "created"
    stored = cli.ok("workflows", "get", created["workflow"]["id"])
    assert stored["name"] == draft["workflow"]["name"]
    assert [node["id"] for node in stored["nodes"]] == [
        node["id"] for node in draft["workflow"]["nodes"]
    ]


def test_ai_generate_save_checks_the_graph_first(cli: Runner, server: LocalOrchestrator) -> None:
    client = Skytells(
        orchestrator_api_key=server.api_key,
        orchestrator_base_url=server.url,
        orchestrator_session_token=server.session_token,
    )
    dangling = {"id": "x", "source": "signup", "target": "nowhere"}
    broken = client.orchestrator.workflows.create(
        name="Broken", nodes=NODES, edges=[*EDGES, dangling], validate=False
    )
    client.close()
    server.requests.clear()
    result = cli("ai", "generate", "then post to Slack", "--workflow", broken.id, "--save")
    assert result.code == 2 and "(INVALID_WORKFLOW)" in result.err, result
    assert server.requests.count("POST", "/api/workflows/create") == 0


def test_ai_generate_on_a_terminal_says_how_to_save(server: LocalOrchestrator) -> None:
    env = command_env(server)
    code, screen = run_in_terminal(["ai", "generate", "On a webhook, post to Slack"], env)
    assert code == 0 and "--save" in screen, screen
    code, screen = run_in_terminal(["ai", "generate", "Post to Slack", "--save"], env)
    assert code == 0 and re.search(r"Created workflow \w+", ESCAPES.sub("", screen)), screen


def test_executions_get_prints_one_run_with_its_output(
    cli: Runner, workflow: dict[str, Any]
) -> None:
    done = cli.ok("webhooks", "execute", workflow["id"], "--data", '{"n": 1}', "--wait")
    # The wait ends with the run's output, duration and status in its one document.
    assert done["status"] == "success" and done["output"] and done["duration"] is not None
    run = cli.ok("executions", "get", done["executionId"])
    assert run["id"] == done["executionId"] and run["workflowId"] == workflow["id"]
    assert (run["status"], run["input"], run["output"]) == ("success", {"n": 1}, done["output"])
    assert "workflow" not in run  # its node configs are never printed
    failing = cli.ok(
        "workflows",
        "create",
        "--from-file",
        "-",
        stdin=json.dumps({"name": "Fails", "nodes": _failing_nodes(), "edges": EDGES}),
    )
    failed = cli("webhooks", "execute", failing["id"], "--wait", "--poll-interval", "0.01")
    assert failed.code == 1 and failed.json()["error"] == "Step failed"
    read = cli("executions", "get", failed.json()["executionId"])
    assert read.code == 0 and (read.json()["status"], read.json()["error"]) == (
        "error",
        "Step failed",
    )


def test_executions_wait_reports_the_run_s_own_duration(
    server: LocalOrchestrator, workflow: dict[str, Any]
) -> None:
    client = Skytells(
        orchestrator_api_key=server.api_key,
        orchestrator_base_url=server.url,
        orchestrator_session_token=server.session_token,
    )
    server.step_delay = 0.4
    try:
        execution_id = client.orchestrator.webhooks.execute(workflow["id"]).execution_id
        client.orchestrator.executions.wait(execution_id, poll_interval=0.05)
        took = float(client.orchestrator.executions.get(execution_id).duration or 0) / 1000
    finally:
        server.step_delay = 0.002
        client.close()
    # Waiting on a run that has finished takes no time; the run itself took `took`.
    code, screen = run_in_terminal(["executions", "wait", execution_id], command_env(server))
    screen = ESCAPES.sub("", screen)
    assert code == 0, screen
    assert f"Finished: success in {took:.1f}s" in screen and took >= 0.5, screen


def test_an_empty_list_without_a_session_on_a_remote_server_has_a_hint(
    cli: Runner, strict: LocalOrchestrator, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("workflows", "list").err == ""  # with a session
    _without_session(monkeypatch)
    assert cli("workflows", "list").err == ""  # the local server: no quirk to explain
    monkeypatch.setattr(State, "local_server", property(lambda self: False))
    result = cli("workflows", "list")
    assert result.code == 0 and result.json() == []
    assert result.err.startswith("hint:") and "--session-token" in result.err


def test_the_editor_autosave_is_left_out_of_the_table(
    server: LocalOrchestrator, cli: Runner, workflow: dict[str, Any]
) -> None:
    client = Skytells(
        orchestrator_api_key=server.api_key,
        orchestrator_base_url=server.url,
        orchestrator_session_token=server.session_token,
    )
    client.orchestrator.workflows.save_current(nodes=NODES, edges=EDGES)
    client.close()
    assert "~~__CURRENT__~~" in [item["name"] for item in cli.ok("workflows", "list")]
    row = re.compile(r"│ ~~__CURRENT__~~")
    code, screen = run_in_terminal(["workflows", "list"], command_env(server))
    assert code == 0 and not row.search(screen) and "Welcome" in screen, screen
    assert "--all" in screen
    code, screen = run_in_terminal(["workflows", "list", "--all"], command_env(server))
    assert code == 0 and row.search(screen), screen
