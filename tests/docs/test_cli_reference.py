"""The command-line reference page is produced from the command's own help.

``docs/hooks/cli_reference.py`` finds the subcommands by reading ``--help`` output; these tests
run it on the real command and on the help layouts of argparse, Click and Typer with Rich.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

HOOK = Path(__file__).resolve().parents[2] / "docs" / "hooks" / "cli_reference.py"


def _load_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cli_reference", HOOK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


hook = _load_hook()


def test_the_reference_has_every_command_of_the_installed_cli() -> None:
    page = hook.reference()
    assert "## `skytells-orchestrator`\n" in page
    assert "## `skytells-orchestrator serve`\n" in page
    assert "--strict-auth" in page and "--api-key" in page  # serve's own options


def test_the_hook_fills_only_the_page_with_the_marker() -> None:
    untouched = "# Other page\n"
    assert hook.on_page_markdown(untouched, page=None) == untouched
    filled = hook.on_page_markdown(f"# CLI\n\n{hook.MARKER}\n", page=None)
    assert hook.MARKER not in filled and "skytells-orchestrator serve --help" in filled


def test_a_failing_help_is_an_error_not_an_empty_page() -> None:
    with pytest.raises(RuntimeError, match="no-such-command"):
        hook.command_help(["no-such-command"])


def _argparse_help(*path: str) -> str:
    parser = argparse.ArgumentParser(prog="tool")
    groups = parser.add_subparsers(metavar="COMMAND")
    workflows = groups.add_parser("workflows", help="manage workflows")
    actions = workflows.add_subparsers(metavar="ACTION")
    get = actions.add_parser("get", help="one workflow, by id, with a long help text")
    get.add_argument("workflow_id", help="the id")
    actions.add_parser("list", help="all workflows")
    groups.add_parser("serve", help="run a server")
    parsers = {(): parser, ("workflows",): workflows, ("workflows", "get"): get}
    return parsers[path].format_help()


def test_argparse_groups_are_found_and_positionals_are_not() -> None:
    assert hook.subcommands(_argparse_help()) == ["workflows", "serve"]
    assert hook.subcommands(_argparse_help("workflows")) == ["get", "list"]
    assert hook.subcommands(_argparse_help("workflows", "get")) == []


CLICK_HELP = """Usage: tool [OPTIONS] COMMAND [ARGS]...

  Tools for the Skytells Orchestrator.

Options:
  --json  Print JSON.
  --help  Show this message and exit.

Commands:
  api-keys      Manage API keys.
  executions    Follow executions.
  serve         Run a local Orchestrator server, with a description long
                enough to wrap.
"""

RICH_HELP = """
 Usage: tool [OPTIONS] COMMAND [ARGS]...

╭─ Options ────────────────────────────────────────────────────────╮
│ --install-completion          Install completion for the current │
│                               shell.                             │
│ --help                        Show this message and exit.        │
╰──────────────────────────────────────────────────────────────────╯
╭─ Commands ───────────────────────────────────────────────────────╮
│ workflows   Manage workflows.                                    │
│ webhooks    Trigger workflows, with a description that           │
│             wraps                                                │
╰──────────────────────────────────────────────────────────────────╯
╭─ Connection ─────────────────────────────────────────────────────╮
│ --base-url          The Orchestrator's URL; by default the hosted │
│                     service                                      │
╰──────────────────────────────────────────────────────────────────╯
╭─ Local server ───────────────────────────────────────────────────╮
│ serve       Run a local Orchestrator server.                     │
╰──────────────────────────────────────────────────────────────────╯
"""

RICH_LEAF_HELP = """
 Usage: tool workflows get [OPTIONS] WORKFLOW_ID [FIELD]

╭─ Arguments ──────────────────────────────────────────────────────╮
│ *    workflow_id      TEXT  [required]                           │
│      field            [FIELD]                                    │
╰──────────────────────────────────────────────────────────────────╯
╭─ Options ────────────────────────────────────────────────────────╮
│ --json          Print JSON.                                      │
│ --help          Show this message and exit.                      │
╰──────────────────────────────────────────────────────────────────╯
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (CLICK_HELP, ["api-keys", "executions", "serve"]),
        (RICH_HELP, ["workflows", "webhooks", "serve"]),
        (RICH_LEAF_HELP, []),
        ("usage: tool [-h]\n\noptions:\n  -h, --help  show this help\n", []),
    ],
)
def test_click_and_rich_layouts(text: str, expected: list[str]) -> None:
    assert hook.subcommands(text) == expected
