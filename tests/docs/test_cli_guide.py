"""Every ``skytells-orchestrator`` command line shown in the docs names a real command and
real options, so a renamed command or option fails here rather than in a reader's shell.

The lines are parsed by the command's own Click objects (nothing runs, no server needed); the
transcript's error examples are expected to be refused the way the page shows.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from doc_snippets import ROOT, sources
from skytells_orchestrator.cli._app import root
from skytells_orchestrator.cli._context import State

FENCE = re.compile(r"^\s*```+\s*(?P<info>\w*)")
SHELL_LANGUAGES = {"sh", "bash", "shell", "console"}
PROG = "skytells-orchestrator"


def _command_lines(path: Path) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    language: str | None = None
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        opening = FENCE.match(line)
        if opening is not None:
            language = None if language is not None else opening.group("info").lower()
            continue
        if language not in SHELL_LANGUAGES:
            continue
        text = line.strip().removeprefix("$ ").strip()
        if text.startswith(f"{PROG} "):
            found.append((number, text))
    return found


def _arguments(text: str) -> list[str]:
    """The arguments of the command, up to a pipe, a redirection, `;` or a comment."""
    arguments: list[str] = []
    for word in shlex.split(text, comments=True)[1:]:
        if word in {"|", ";", ">", ">>", "&&", "||"}:
            break
        arguments.append(word.removesuffix(";"))
        if word.endswith(";"):
            break
    return [word for word in arguments if word]


def _parse(arguments: list[str]) -> None:
    """Parse as Click would, resolving each subcommand, without invoking anything."""
    command: click.Command = root
    context = command.make_context(PROG, list(arguments), resilient_parsing=False)
    # What the root command's body would set up before a subcommand's options are read.
    context.obj = State(
        api_key=None,
        base_url=None,
        session_token=None,
        timeout=None,
        max_retries=None,
        force_json=False,
    )
    while isinstance(command, click.Group):
        remaining = [*context._protected_args, *context.args]
        if not remaining:
            return
        name, sub, rest = command.resolve_command(context, remaining)
        assert sub is not None and name is not None
        command = sub
        context = sub.make_context(name, rest, parent=context, resilient_parsing=False)


LINES = [
    (path, number, text)
    for path in sources()
    if path.suffix == ".md"
    for number, text in _command_lines(path)
]
# What the transcript shows being refused, on purpose.
REFUSED = {"--port 70000", "sk-oops"}


def test_the_docs_show_command_lines() -> None:
    guide = ROOT / "docs" / "guides" / "command-line.md"
    assert len([item for item in LINES if item[0] == guide]) >= 20


@pytest.mark.parametrize(
    ("path", "number", "text"),
    LINES,
    ids=[f"{path.relative_to(ROOT).as_posix()}:{number}" for path, number, _ in LINES],
)
def test_command_line_parses(path: Path, number: int, text: str) -> None:
    arguments = _arguments(text)
    if any(marker in text for marker in REFUSED):
        with pytest.raises(click.BadParameter):
            _parse(arguments)
        return
    try:
        _parse(arguments)
    except click.UsageError as exc:
        pytest.fail(f"{path.name}:{number}: {text!r} is refused: {exc.format_message()}")


def test_a_renamed_option_would_be_caught() -> None:
    with pytest.raises(click.UsageError):
        _parse(["workflows", "download", "WF", "--out", "x.zip"])
    with pytest.raises(click.UsageError):
        _parse(["workflow", "list"])
