"""The command as people meet it: in a terminal (live display, tables, colour), from the shell
(entry point, completion), and the SDK's import staying free of the CLI's dependencies."""

from __future__ import annotations

import ast
import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_support import EDGES, NODES
from skytells_orchestrator.local import LocalOrchestrator
from step_gate import HeldSteps

COLOUR = re.compile(r"\x1b\[(?:\d+;)*(?:3[0-8]|9[0-7])(?:;\d+)*m")
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def command_env(server: LocalOrchestrator, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ORCHESTRATOR_", "FORCE_COLOR", "NO_COLOR", "_SKYTELLS"))
    }
    env.update(
        ORCHESTRATOR_BASE_URL=server.url,
        ORCHESTRATOR_API_KEY=server.api_key,
        ORCHESTRATOR_SESSION_TOKEN=server.session_token,
        TERM="xterm-256color",
        COLUMNS="100",
    )
    env.update(extra)
    return env


def run_in_terminal(
    args: list[str],
    env: dict[str, str],
    timeout: float = 30,
    on_screen: Callable[[str], None] | None = None,
) -> tuple[int, str]:
    """Run the command with a pseudo-terminal as stdin, stdout and stderr; all it printed.

    ``on_screen`` is given all printed so far (escapes removed) each time more comes.
    """
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "skytells_orchestrator.cli", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        close_fds=True,
    )
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"still running after {timeout}s: {b''.join(chunks)!r}"
            ready, _, _ = select.select([leader], [], [], min(remaining, 0.5))
            if not ready:
                continue
            try:
                data = os.read(leader, 65536)
            except OSError:  # EIO: the command has closed the terminal
                break
            if not data:
                break
            chunks.append(data)
            if on_screen is not None:
                on_screen(ESCAPES.sub("", b"".join(chunks).decode("utf-8", "replace")))
        return process.wait(timeout=10), b"".join(chunks).decode("utf-8", "replace")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(leader)


def create_workflow(server: LocalOrchestrator) -> dict[str, Any]:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "skytells_orchestrator.cli",
            "workflows",
            "create",
            "--from-file",
            "-",
        ],
        input=json.dumps({"name": "Live run", "nodes": NODES, "edges": EDGES}),
        capture_output=True,
        text=True,
        env=command_env(server),
        timeout=30,
        check=True,
    )
    created: dict[str, Any] = json.loads(result.stdout)  # not a terminal: JSON by default
    return created


def test_a_live_wait_renders_each_node_and_finishes(
    server: LocalOrchestrator, held_steps: HeldSteps
) -> None:
    workflow = create_workflow(server)

    def release_once_shown_running(screen: str) -> None:
        # The first node runs until the display has shown it running, however late it polls.
        if re.search(r"… New signup +running", screen):
            held_steps.release_all()

    code, screen = run_in_terminal(
        ["webhooks", "execute", workflow["id"], "--wait", "--poll-interval", "0.05"],
        command_env(server, NO_COLOR="1"),
        on_screen=release_once_shown_running,
    )
    assert code == 0, screen
    assert not COLOUR.search(screen), "NO_COLOR must turn colour off"
    screen = ESCAPES.sub("", screen)
    assert re.search(r"Execution \w+ +running +\d+\.\ds", screen), screen
    # The labels come from the workflow; each node is seen running, then done.
    assert re.search(r"… New signup +running", screen), screen
    assert re.search(r"✓ New signup +success", screen), screen
    assert re.search(r"✓ Send welcome +success", screen), screen
    # The run's id at once, then its own duration and its output at the end.
    assert screen.lstrip().startswith("Started execution "), screen
    assert re.search(r"Finished: success in \d+\.\ds", screen), screen
    assert re.search(r'Output\s+\{\s+"success": true', screen), screen
    assert not screen.lstrip().startswith("{")


def test_tables_and_colour_on_a_terminal(server: LocalOrchestrator) -> None:
    create_workflow(server)
    code, screen = run_in_terminal(["workflows", "list"], command_env(server))
    screen = ESCAPES.sub("", screen)
    assert code == 0, screen
    assert "Workflows" in screen and "Live run" in screen and "│" in screen
    # --json after the command asks for JSON on a terminal too.
    code, document = run_in_terminal(["workflows", "list", "--json"], command_env(server))
    assert code == 0 and "Live run" in [item["name"] for item in json.loads(document)]
    config = ["integrations", "test-config", "--type", "slack", "--config", '{"botToken": "x1"}']
    code, coloured = run_in_terminal(config, command_env(server))
    assert code == 0 and "success: Connection successful" in ESCAPES.sub("", coloured)
    assert COLOUR.search(coloured), coloured
    code, plain = run_in_terminal(config, command_env(server, NO_COLOR="1"))
    assert code == 0 and not COLOUR.search(plain), plain


def test_api_key_create_on_a_terminal_shows_the_key_once(server: LocalOrchestrator) -> None:
    code, screen = run_in_terminal(["api-keys", "create", "--name", "tty"], command_env(server))
    screen = ESCAPES.sub("", screen)
    assert code == 0, screen
    assert re.search(r"Key +wfb_[A-Za-z0-9_-]{32}", screen), screen
    assert "shown only once" in screen


def test_shell_completion_through_click(server: LocalOrchestrator) -> None:
    env = command_env(server)
    script = subprocess.run(
        [sys.executable, "-m", "skytells_orchestrator.cli"],
        env={**env, "_SKYTELLS_ORCHESTRATOR_COMPLETE": "bash_source"},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert script.returncode == 0
    assert "_SKYTELLS_ORCHESTRATOR_COMPLETE=bash_complete" in script.stdout
    words = subprocess.run(
        [sys.executable, "-m", "skytells_orchestrator.cli"],
        env={
            **env,
            "_SKYTELLS_ORCHESTRATOR_COMPLETE": "bash_complete",
            "COMP_WORDS": "skytells-orchestrator executions del",
            "COMP_CWORD": "2",
        },
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert words.stdout.split() == ["plain,delete-all"]


def test_the_console_script_runs() -> None:
    script = Path(sys.executable).with_name("skytells-orchestrator")
    assert script.exists(), "install the package (make install) to get the command"
    result = subprocess.run(
        [str(script), "--version"], capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0 and "skytells-orchestrator" in result.stdout


CLI_ONLY = ("click", "rich", "typer")


def test_the_sdk_works_without_the_cli_dependencies() -> None:
    # httpx imports Click and Rich by itself when they are installed (for its own command), so
    # the check blocks them: the SDK must import and build a client all the same.
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name.split('.')[0] in {CLI_ONLY!r}:\n"
        "            raise ImportError('blocked ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import skytells_orchestrator\n"
        "client = skytells_orchestrator.Skytells(orchestrator_api_key='wfb_' + 'k' * 32)\n"
        "client.orchestrator\n"
        "client.close()\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        f"{CLI_ONLY!r} or m.startswith('skytells_orchestrator.cli')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)


def test_no_sdk_module_imports_the_cli_dependencies() -> None:
    import skytells_orchestrator

    package = Path(skytells_orchestrator.__file__).parent
    for path in package.rglob("*.py"):
        if path.relative_to(package).parts[0] == "cli":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [str(node.module)]
            elif isinstance(node, ast.ImportFrom):  # relative: only the package's own cli counts
                names = [node.module] if node.module else [alias.name for alias in node.names]
                names = [name for name in names if name.split(".")[0] == "cli"]
            else:
                continue
            roots = {name.split(".")[0] for name in names}
            assert not roots & {*CLI_ONLY, "cli"}, (path, roots)


def test_a_missing_cli_extra_is_explained(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    from skytells_orchestrator.cli import main

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "rich" else real(name, *a)
    )
    assert main(["workflows", "list"]) == 2
    assert "skytells-orchestrator[cli]" in capsys.readouterr().err


def test_ai_generate_and_summaries_on_a_terminal(server: LocalOrchestrator) -> None:
    env = command_env(server)
    code, screen = run_in_terminal(["ai", "generate", "On a webhook, post to Slack"], env)
    screen = ESCAPES.sub("", screen)
    assert code == 0, screen
    assert re.search(r"\+ addNode +Send Slack Message \(action\)", screen), screen
    assert re.search(r"\+ addEdge +\S+ → \S+", screen), screen
    assert "Generated workflow" in screen and re.search(r"Nodes +2", screen), screen

    created = subprocess.run(
        [sys.executable, "-m", "skytells_orchestrator.cli", "integrations", "create",
         "--type", "slack", "--config", '{"botToken": "xoxb-secret-value"}'],
        capture_output=True, text=True, env=env, timeout=30, check=True,
    )  # fmt: skip
    integration_id = json.loads(created.stdout)["id"]
    code, screen = run_in_terminal(["integrations", "get", integration_id], env)
    screen = ESCAPES.sub("", screen)
    assert code == 0 and "xoxb…" in screen and "secret-value" not in screen, screen
