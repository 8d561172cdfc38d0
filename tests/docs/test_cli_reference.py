"""The command-line reference page is produced from the command's own Click objects.

``docs/hooks/cli_reference.py`` walks the Click group behind ``skytells-orchestrator`` and
writes one section per command; these tests run it on the real command and on a small group.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import click

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
    assert page.startswith("## `skytells-orchestrator`\n")
    assert "### `skytells-orchestrator serve`\n" in page
    assert "#### `skytells-orchestrator workflows get`\n" in page
    assert "`--strict-auth`" in page and "`--api-key wfb_…`" in page  # options, as tables
    assert "[env var: ORCHESTRATOR_API_KEY]" in page


def test_the_hook_fills_only_the_page_with_the_marker() -> None:
    untouched = "# Other page\n"
    assert hook.on_page_markdown(untouched, page=None) == untouched
    filled = hook.on_page_markdown(f"# CLI\n\n{hook.MARKER}\n", page=None)
    assert hook.MARKER not in filled and "skytells-orchestrator serve [OPTIONS]" in filled


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def tool() -> None:
    """A tool.

    \b
    Kept as written.
    """


@tool.group()
def workflows() -> None:
    """Manage workflows."""


@workflows.command()
@click.argument("workflow_id")
@click.argument("fields", nargs=-1)
@click.option("--format", "fmt", metavar="json|text", help="How to print | what to print.")
def get(workflow_id: str, fields: tuple[str, ...], fmt: str | None) -> None:
    """One workflow, with a description long enough that a terminal would wrap it somewhere."""


@tool.command(hidden=True)
def secret() -> None:
    """Not shown."""


def test_a_group_becomes_sections_with_tables() -> None:
    page = hook.reference(tool)
    assert page.split("\n\n")[:2] == [
        "## `skytells-orchestrator`",
        "```text\nskytells-orchestrator [OPTIONS] COMMAND [ARGS]...\n```",
    ]
    assert "\b" not in page and "Kept as written." in page
    assert "| [`workflows`](#skytells-orchestrator-workflows) | Manage workflows. |" in page
    assert "#### `skytells-orchestrator workflows get`" in page
    assert "skytells-orchestrator workflows get [OPTIONS] WORKFLOW_ID [FIELDS]..." in page
    assert "| `WORKFLOW_ID` | required |" in page
    assert "| `[FIELDS]...` | optional, repeatable |" in page
    # A cell keeps its pipes as text, never as a new column, and is one line however long.
    assert "| `--format json|text` | How to print \\| what to print. |" in page
    assert "somewhere." in page and "secret" not in page
    # --help is listed once, for the top command.
    assert page.count("--help") == 1
