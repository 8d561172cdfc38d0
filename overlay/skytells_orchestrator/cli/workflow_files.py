"""``skytells-orchestrator workflows export|diff|apply DIR``: workflows as files in a folder.

The SDK plans (``workflows.plan``) and carries plans out (``workflows.apply``); these commands
only print plans and results, and ask before changing anything on a terminal.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from .._errors import SkytellsError
from .._workflow_files import ApplyResult, WorkflowApplyError, WorkflowChange, WorkflowPlan
from ._context import State, json_option, pass_state

__all__ = ["COMMANDS"]

_SIGNS = {"create": "+", "update": "~", "delete": "-", "unchanged": "="}
_directory = click.argument(
    "directory", type=click.Path(file_okay=False, path_type=Path), metavar="DIR"
)
_prune = click.option(
    "--prune", is_flag=True, help="Also delete the workflows that have no file (and their runs)."
)


class _Trouble(click.ClickException):
    """A failure with exit status 2 (``diff``'s "trouble", as diff(1) has it)."""

    exit_code = 2


def _quoted(text: str | None) -> str:
    # Names come from the server, file names from a checkout: JSON quoting shows control
    # characters as escapes instead of handing them to the terminal.
    return json.dumps(text, ensure_ascii=False)


def _change_line(change: WorkflowChange) -> str:
    line = f"{_SIGNS[change.action]} {change.action:<9} {_quoted(change.name)}"
    if change.file:
        line += f" in {_quoted(change.file)}"
    summary = change.summary()
    return f"{line}: {summary}" if summary else line


def show_plan(state: State, plan: WorkflowPlan) -> None:
    """The plan: one line per workflow, the problems and warnings, then the counts."""
    out = state.output
    if out.json:
        out.document(plan)
        return
    for change in plan.changes:
        state.output.text(
            _change_line(change), style=None if change.action == "unchanged" else "bold"
        )
    for warning in plan.warnings:
        state.output.text(f"warning {warning}", style="yellow")
    for problem in plan.problems:
        state.output.text(f"error {problem}", style="red")
    counts = plan.counts()
    state.output.text(
        f"Plan: {counts['create']} to create, {counts['update']} to update, "
        f"{counts['delete']} to delete, {counts['unchanged']} unchanged.",
    )


def _refused(plan: WorkflowPlan) -> _Trouble:
    return _Trouble(f"{len(plan.problems)} problem(s) in {plan.directory}: nothing was changed")


def _show_result(state: State, result: ApplyResult) -> None:
    failed = () if result.failed is None else (result.failed,)
    for label, changes in (
        ("applied", result.applied),
        ("failed", failed),
        ("not applied", result.not_applied),
    ):
        for change in changes:
            style = "red" if label == "failed" else None
            state.output.text(f"{label:<12} {change.action} {_quoted(change.name)}", style=style)


@click.command()
@_directory
@json_option
@pass_state
def export(state: State, directory: Path) -> None:
    """Write each workflow to a file of DIR, for review in git.

    One DIR/<slug of its name>.json per workflow (DIR is created when missing). Unchanged
    workflows give byte-identical files; integrations are named by type and name.
    """
    result = state.orchestrator.workflows.export(directory)
    out = state.output
    if out.json:
        out.document(result)
        return
    for file in result.written:
        state.output.text(f"wrote {directory / file}")
    for warning in result.warnings:
        state.output.text(f"warning {warning}", style="yellow")
    state.output.text(
        f"Exported {len(result.files)} workflow(s) to {directory} "
        f"({len(result.written)} file(s) changed).",
    )


@click.command()
@_directory
@_prune
@json_option
@pass_state
def diff(state: State, directory: Path, prune: bool) -> int:
    """What `workflows apply DIR` would change.

    Exit status: 0 nothing would change, 1 something would, 2 trouble (a usage error, a
    file or reference that refuses the plan, an API or network error).
    """
    try:
        plan = state.orchestrator.workflows.plan(directory, prune=prune)
    except SkytellsError as exc:
        raise _Trouble(f"{exc.message} ({exc.error_id})") from None
    show_plan(state, plan)
    if not plan.ok:
        raise _refused(plan)
    return 1 if plan.has_changes else 0


@click.command()
@_directory
@_prune
@click.option("--dry-run", is_flag=True, help="Print the plan and change nothing.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask before changing anything.")
@json_option
@pass_state
def apply(state: State, directory: Path, prune: bool, dry_run: bool, yes: bool) -> int:
    """Make the server hold the workflows of DIR, matched by name.

    Creates the missing, updates the changed, leaves the equal alone and, with --prune,
    deletes the workflows without a file. Nothing changes when a file, a graph or an
    integration reference is refused. Asks first on a terminal unless --yes.

    Exit status: 0 applied (or nothing to do), 1 an API error or a stop midway (what was and
    was not applied is listed), 2 a usage error or a refused plan (nothing changed).
    """
    out = state.output
    orchestrator = state.orchestrator
    plan = orchestrator.workflows.plan(directory, prune=prune)
    if not out.json:
        show_plan(state, plan)
    result: ApplyResult | None = None
    try:
        if not plan.ok:
            raise _refused(plan)
        if dry_run or not plan.has_changes:
            return 0
        if not yes:
            if not sys.stdin.isatty():
                raise click.UsageError("not a terminal: give --yes to apply without asking")
            click.confirm(f"Apply {len(plan.pending)} change(s)?", abort=True, err=True)
        try:
            result = orchestrator.workflows.apply(plan)
        except WorkflowApplyError as exc:
            result = exc.result
            raise
    finally:
        if out.json:
            # One document in a pipe: the plan, and what was done (null when nothing was).
            out.document({"plan": plan, "result": result})
        elif result is not None:
            _show_result(state, result)
    if not out.json:
        state.output.text(f"Applied {len(result.applied)} change(s).")
    return 0


COMMANDS: tuple[Any, ...] = (export, diff, apply)
