"""Stored text is shown literally: names, labels, descriptions, error texts and outputs made of
Rich markup, terminal escapes (clear screen, OSC 8 hyperlinks, BEL), C1 controls and
bidirectional overrides go through every command on a pseudo-terminal, and none of them
changes what the terminal shows or breaks a command."""

from __future__ import annotations

import ast
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.table import Table
from skytells_orchestrator import Skytells
from skytells_orchestrator.cli._output import SafeConsole, styled
from skytells_orchestrator.local import LocalOrchestrator
from test_cli_terminal import command_env, run_in_terminal

HOSTILE = (
    "[/] [link=https://evil.example]Open docs[/link] :smile: [bold red]x "
    "\x1b[2J\x1b[H\x1b]8;;https://evil.example\x07click\x1b]8;;\x07 \x9b2J \u202eolleh\x00"
)
ARGUMENT = HOSTILE.rstrip("\x00")  # a command-line argument cannot hold NUL
# What the text above would do to a terminal if it reached it as it is.
HARMFUL = {
    "clear screen": "\x1b[2J",
    "cursor home": "\x1b[H",
    "OSC (hyperlink, title)": "\x1b]",
    "bell": "\x07",
    "C1 CSI": "\x9b",
    "right-to-left override": "\u202e",
    "NUL": "\x00",
    "emoji code": "\U0001f604",
}


def assert_shown_literally(code: int, screen: str, expected: int, *, shown: bool = True) -> None:
    assert code == expected, screen
    for what, sequence in HARMFUL.items():
        assert sequence not in screen, f"{what} reached the terminal: {screen!r}"
    assert "MarkupError" not in screen and "unexpected" not in screen, screen
    if shown:
        # Escaped the way the rest of the output is: \x1b in text, \u001b in JSON.
        assert "[/]" in screen, screen
        assert "\\x1b[2J" in screen or "\\u001b[2J" in screen, screen


def test_the_console_of_every_command_shows_any_string_literally() -> None:
    buffer = io.StringIO()
    console = SafeConsole(file=buffer, force_terminal=True, width=400)
    table = Table(title=HOSTILE)
    table.add_column(HOSTILE)
    table.add_row(HOSTILE + "\ud800")
    console.print(HOSTILE, table, styled((HOSTILE, "bold"), HOSTILE))
    console.print(HOSTILE, markup=True, emoji=True, highlight=True)  # asking does not help
    screen = buffer.getvalue()
    for what, sequence in HARMFUL.items():
        assert sequence not in screen, f"{what} reached the terminal: {screen!r}"
    assert screen.count("[/] [link=https://evil.example]") == 7 and "\\ud800" in screen


def _node(node_id: str, kind: str, config: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": node_id,
        "type": kind,
        "position": {"x": 0, "y": 0},
        "data": {"label": HOSTILE, "description": HOSTILE, "type": kind, "config": config},
    }


@pytest.fixture(scope="module")
def hostile() -> Iterator[tuple[LocalOrchestrator, dict[str, str]]]:
    """A server holding hostile text everywhere text is stored, and the ids of what holds it."""
    with LocalOrchestrator(step_delay=0.002) as server:
        client = Skytells(
            orchestrator_api_key=server.api_key,
            orchestrator_base_url=server.url,
            orchestrator_session_token=server.session_token,
        )
        orchestrator = client.orchestrator
        trigger = _node("start", "trigger", {"triggerType": "Webhook"})
        ok_action = _node("act", "action", {"actionType": "Email", "output": {"note": HOSTILE}})
        failing = _node("act", "action", {"actionType": "Email", "simulateError": HOSTILE})
        edges = [{"id": "e", "source": "start", "target": "act"}]
        good = orchestrator.workflows.create(
            name=HOSTILE, description=HOSTILE, nodes=[trigger, ok_action], edges=edges
        )
        bad = orchestrator.workflows.create(
            name=HOSTILE, description=HOSTILE, nodes=[trigger, failing], edges=edges
        )
        ran = orchestrator.webhooks.execute(good.id, {"text": HOSTILE}).execution_id
        orchestrator.executions.wait(ran, poll_interval=0.01)
        broke = orchestrator.webhooks.execute(bad.id, {}).execution_id
        orchestrator.executions.wait(broke, poll_interval=0.01)
        integration = orchestrator.integrations.create(
            type="slack", name=HOSTILE, config={"botToken": HOSTILE}
        )
        orchestrator.api_keys.create(name=HOSTILE)
        orchestrator.user.update_profile(name=HOSTILE)
        client.close()
        yield (
            server,
            {
                "good": good.id,
                "bad": bad.id,
                "ran": ran,
                "broke": broke,
                "integration": integration.id,
            },
        )


def test_every_command_shows_stored_text_literally(
    hostile: tuple[LocalOrchestrator, dict[str, str]], tmp_path: Path
) -> None:
    server, ids = hostile
    env = command_env(server, COLUMNS="400")
    source = tmp_path / "hostile.json"
    source.write_text(
        json.dumps({"name": HOSTILE, "description": HOSTILE, "nodes": [], "edges": []})
    )
    commands: list[tuple[list[str], int, bool]] = [
        (["workflows", "list"], 0, True),
        (["workflows", "list", "--all"], 0, True),
        (["workflows", "get", ids["good"]], 0, True),
        (["workflows", "get", ids["good"], "--json"], 0, False),
        (["workflows", "create", "--from-file", str(source)], 0, True),
        (["workflows", "update", ids["good"], "--description", ARGUMENT], 0, True),
        (["workflows", "duplicate", ids["good"]], 0, True),
        (["workflows", "code", ids["good"]], 0, True),
        (["workflows", "download", ids["good"], "-o", str(tmp_path / "p.zip")], 0, False),
        (["executions", "list", ids["bad"]], 0, True),
        (["executions", "status", ids["broke"]], 0, False),
        (["executions", "logs", ids["broke"]], 0, True),
        (["executions", "get", ids["broke"]], 0, True),
        (["executions", "get", ids["ran"]], 0, True),
        (["executions", "wait", ids["broke"]], 1, True),
        (["webhooks", "execute", ids["good"], "--wait", "--poll-interval", "0.02"], 0, True),
        (["webhooks", "execute", ids["bad"], "--wait", "--poll-interval", "0.02"], 1, True),
        (["integrations", "list"], 0, True),
        (["integrations", "get", ids["integration"]], 0, False),
        (["integrations", "update", ids["integration"], "--name", ARGUMENT], 0, True),
        (["integrations", "test", ids["integration"]], 0, False),
        (["api-keys", "list"], 0, True),
        (["api-keys", "create", "--name", ARGUMENT], 0, True),
        (["ai", "generate", ARGUMENT], 0, True),
        (["user", "get"], 0, True),
    ]
    for args, expected, shown in commands:
        code, screen = run_in_terminal(args, env)
        assert_shown_literally(code, screen, expected, shown=shown)


def test_error_texts_from_the_server_are_shown_literally(
    hostile: tuple[LocalOrchestrator, dict[str, str]],
) -> None:
    server, _ = hostile
    env = command_env(server)
    server.faults.answer_next(
        status=500,
        body=json.dumps({"error": HOSTILE}),
        content_type="application/json",
        path="/api/workflows",
    )
    code, screen = run_in_terminal(["--max-retries", "0", "workflows", "list"], env)
    assert_shown_literally(code, screen, 1)
    assert screen.startswith("error: [/]"), screen

    server.faults.stream_error(HOSTILE, after_lines=1)
    code, screen = run_in_terminal(["ai", "generate", "anything"], env)
    assert_shown_literally(code, screen, 1)


def test_json_on_a_terminal_escapes_what_json_leaves_raw(
    hostile: tuple[LocalOrchestrator, dict[str, str]],
) -> None:
    server, ids = hostile
    code, screen = run_in_terminal(["workflows", "get", ids["good"], "--json"], command_env(server))
    assert_shown_literally(code, screen, 0, shown=False)
    # The same value all the same: the escapes are JSON's own.
    assert json.loads(screen)["name"] == HOSTILE


# Only ``_output.py`` writes to the terminal; the command modules go through it.
FORBIDDEN_CALLS = {"print", "echo", "secho", "Text", "from_markup", "from_ansi", "Console"}
FORBIDDEN_ATTRIBUTES = {"stdout", "stderr"}
FORBIDDEN_MODULES = {"rich.text", "rich.markup", "rich.json", "rich.syntax"}


def test_commands_print_only_through_the_output_module() -> None:
    import skytells_orchestrator.cli as package

    folder = Path(package.__file__).parent
    checked = 0
    for path in sorted(folder.glob("*.py")):
        # __init__ prints one fixed line when Rich itself is missing, so cannot use _output.
        if path.name in {"_output.py", "__init__.py"}:
            continue
        checked += 1
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.name}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Call):
                function = node.func
                name = function.attr if isinstance(function, ast.Attribute) else None
                name = function.id if isinstance(function, ast.Name) else name
                assert name not in FORBIDDEN_CALLS, f"{where}: print through _output ({name})"
            if isinstance(node, ast.Attribute):
                assert node.attr not in FORBIDDEN_ATTRIBUTES, f"{where}: write through _output"
            if isinstance(node, ast.ImportFrom):
                assert node.module not in FORBIDDEN_MODULES, f"{where}: use _output.styled"
    assert checked >= 10
