"""MkDocs hook: the command-line reference, produced from the command's own Click objects.

``docs/reference/cli.md`` holds the marker ``<!-- cli-reference -->``; at build time it is
replaced by one section per command, depth first: its usage, its description, and tables of
its arguments, options and subcommands. Everything comes from the installed command (the
``skytells-orchestrator`` console script's Click group), so new commands and options appear
without touching the docs, and nothing is cut at a terminal's width.
"""

from __future__ import annotations

import html
import inspect
from typing import Any

import click

MARKER = "<!-- cli-reference -->"
PROGRAM = "skytells-orchestrator"


def root_command() -> click.Command:
    """The Click group behind the ``skytells-orchestrator`` console script."""
    from skytells_orchestrator.cli._app import root

    return root


def _cell(text: str) -> str:
    """Text for a Markdown table cell: one line, pipes and HTML escaped."""
    return html.escape(" ".join(text.split()), quote=False).replace("|", "\\|")


def _parameter_rows(ctx: click.Context, command: click.Command) -> tuple[list[str], list[str]]:
    arguments: list[str] = []
    options: list[str] = []
    for parameter in command.get_params(ctx):
        if isinstance(parameter, click.Argument):
            required = "required" if parameter.required else "optional"
            variadic = ", repeatable" if parameter.nargs == -1 else ""
            arguments.append(f"| `{parameter.make_metavar(ctx)}` | {required}{variadic} |")
        elif isinstance(parameter, click.Option) and not parameter.hidden:
            if "--help" in parameter.opts and ctx.parent is not None:
                continue  # every command has it; the top command's table says so once
            record = parameter.get_help_record(ctx)
            if record is None:
                continue
            flags, help_text = record
            options.append(f"| `{flags}` | {_cell(help_text)} |")
    return arguments, options


def command_section(ctx: click.Context, depth: int) -> str:
    """Markdown for one command: heading, usage, description and tables."""
    command = ctx.command
    path = ctx.command_path
    level = "#" * min(2 + depth, 4)
    usage = " ".join([path, *command.collect_usage_pieces(ctx)])
    parts = [f"{level} `{path}`", f"```text\n{usage}\n```"]
    description = inspect.cleandoc(command.help or command.short_help or "")
    if description:
        lines = [line for line in description.splitlines() if line.strip() != "\b"]
        parts.append("\n".join(lines))
    arguments, options = _parameter_rows(ctx, command)
    if arguments:
        parts.append("**Arguments**\n\n| argument | |\n|---|---|\n" + "\n".join(arguments))
    if options:
        parts.append("**Options**\n\n| option | description |\n|---|---|\n" + "\n".join(options))
    if isinstance(command, click.Group):
        rows = [
            f"| [`{name}`](#{_anchor(f'{path} {name}')}) | "
            f"{_cell(sub.get_short_help_str(limit=200))} |"
            for name, sub in sorted(command.commands.items())
            if not sub.hidden
        ]
        if rows:
            parts.append("**Commands**\n\n| command | |\n|---|---|\n" + "\n".join(rows))
    return "\n\n".join(parts) + "\n"


def _anchor(path: str) -> str:
    """The id MkDocs' toc gives the heading ``# `path` `` (lower case, words joined by ``-``)."""
    return "-".join(path.lower().split())


def reference(command: click.Command | None = None) -> str:
    """Markdown for every command, depth first."""
    root = command if command is not None else root_command()
    sections: list[str] = []

    def visit(ctx: click.Context, depth: int) -> None:
        sections.append(command_section(ctx, depth))
        group = ctx.command
        if isinstance(group, click.Group):
            for name, sub in sorted(group.commands.items()):
                if not sub.hidden:
                    child = click.Context(sub, info_name=name, parent=ctx, **sub.context_settings)
                    visit(child, depth + 1)

    with click.Context(root, info_name=PROGRAM, **root.context_settings) as ctx:
        visit(ctx, 0)
    return "\n".join(sections)


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, reference())
