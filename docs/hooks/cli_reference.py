"""MkDocs hook: the command-line reference, produced from the command's own ``--help``.

``docs/reference/cli.md`` holds the marker ``<!-- cli-reference -->``; at build time it is
replaced by the help text of ``skytells-orchestrator`` and of every subcommand, found by
reading the command's help (argparse, Click and Typer/Rich layouts are understood), so new
command groups appear without touching the docs.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from typing import Any

MARKER = "<!-- cli-reference -->"
PROGRAM = "skytells-orchestrator"
MAX_DEPTH = 3

# Runs the console script's entry point with the current interpreter, so the reference is
# produced from the installed command even when its script is not on PATH.
_RUNNER = (
    "import sys\n"
    "from importlib.metadata import entry_points\n"
    "(ep,) = entry_points(group='console_scripts', name=sys.argv[1])\n"
    "sys.argv = sys.argv[1:]\n"
    "sys.exit(ep.load()())\n"
)
_BOX = str.maketrans({c: " " for c in "│┃╭╮╰╯─━┌┐└┘|"})
_SECTION = re.compile(r"^\s*(commands|subcommands|positional arguments)\b", re.IGNORECASE)
_NOT_COMMAND_PANELS = {"options", "arguments", "global options"}
_ENTRY = re.compile(r"^(?P<indent>\s+)(?P<name>[a-z][a-z0-9_-]*)(?:\s{2,}\S.*)?\s*$")


def command_help(args: list[str]) -> str:
    """The help text of ``skytells-orchestrator ARGS --help``, as a user's terminal shows it."""
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    env.pop("FORCE_COLOR", None)
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER, PROGRAM, *args, "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"`{' '.join([PROGRAM, *args, '--help'])}` exited {done.returncode}: {done.stderr}"
        )
    return done.stdout.rstrip()


def subcommands(help_text: str) -> list[str]:
    """The subcommand names listed in a help text (empty when there are none).

    Entries are read from a "Commands" section (Click, Typer), from any Rich panel other than
    "Options" and "Arguments" (Typer groups commands into named panels), or,
    for argparse, from the choices indented under the subcommand metavar in "positional
    arguments" (deeper than the metavar itself, so plain positional arguments are ignored).
    """
    names: list[str] = []
    section: str | None = None
    metavar_indent: int | None = None
    entry_indent: int | None = None
    for raw in help_text.splitlines():
        line = raw.translate(_BOX).rstrip()
        boxed = raw.lstrip().startswith("╭")
        heading = _SECTION.match(line)
        if boxed:
            # Rich panels: "Commands", or a custom panel that groups commands; the "Options"
            # and "Arguments" panels list no subcommands.
            title = line.strip().lower()
            section = None if title in _NOT_COMMAND_PANELS else "commands"
            metavar_indent = entry_indent = None
            continue
        if heading and not raw.startswith(" "):
            section = heading.group(1).lower()
            metavar_indent = entry_indent = None
            continue
        if section is None:
            continue
        if not line.strip() or raw.lstrip().startswith("╰") or not line.startswith(" "):
            section = None  # a blank line, a box's bottom or a new heading ends a section
            continue
        indent = len(line) - len(line.lstrip())
        if section == "positional arguments" and metavar_indent is None:
            metavar_indent = indent  # argparse: the subcommand metavar, choices below it
            continue
        entry = _ENTRY.match(line)
        if entry is None or (metavar_indent is not None and indent <= metavar_indent):
            continue
        if section == "commands" and indent > 3:
            continue  # Click and Rich list commands 2 columns in; deeper is wrapped text
        if entry_indent is None:
            entry_indent = indent
        if indent != entry_indent:
            continue  # a wrapped description, not an entry
        name = entry.group("name")
        if name not in names and name != "help":
            names.append(name)
    return names


def reference() -> str:
    """Markdown for every command, depth first: a heading and its help text."""
    parts: list[str] = []

    def visit(args: list[str]) -> None:
        text = command_help(args)
        title = " ".join([PROGRAM, *args])
        parts.append(f"## `{title}`\n\n```text\n$ {title} --help\n{text}\n```\n")
        if len(args) < MAX_DEPTH:
            for name in subcommands(text):
                visit([*args, name])

    visit([])
    return "\n".join(parts)


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, reference())
