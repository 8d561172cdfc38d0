"""``skytells-orchestrator workflows …``: list, read, create, change, copy and export workflows."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TransferSpeedColumn,
)

from ._context import State, json_option, pass_state, read_json_object
from ._output import as_dict

LIST_COLUMNS = [
    ("ID", "id"),
    ("Name", "name"),
    ("Visibility", "visibility"),
    ("Nodes", "node_count"),
    ("Updated", "updatedAt"),
]
WORKFLOW_FIELDS = [
    ("ID", "id"),
    ("Name", "name"),
    ("Description", "description"),
    ("Visibility", "visibility"),
    ("Nodes", "node_count"),
    ("Edges", "edge_count"),
    ("Created", "createdAt"),
    ("Updated", "updatedAt"),
]
# The editor's autosave (``POST /api/workflows/current``) is stored as a workflow of this name.
AUTOSAVE_NAME = "~~__CURRENT__~~"
EMPTY_WITHOUT_SESSION = (
    "hint: without a session the hosted service lists no workflows (it answers [] to the "
    "wfb_ key alone): give --session-token (or ORCHESTRATOR_SESSION_TOKEN)"
)
NODE_COLUMNS = [("Node", "id"), ("Label", "label"), ("Kind", "type"), ("Does", "kind")]


def _with_counts(workflow: Any) -> dict[str, Any]:
    data: dict[str, Any] = workflow.to_dict()
    data["node_count"] = len(data.get("nodes") or [])
    data["edge_count"] = len(data.get("edges") or [])
    return data


def node_rows(nodes: list[Any]) -> list[dict[str, Any]]:
    rows = []
    for node in nodes:
        data = as_dict(node.get("data"))
        config = as_dict(data.get("config"))
        rows.append(
            {
                "id": node.get("id"),
                "label": data.get("label"),
                "type": node.get("type"),
                "kind": config.get("triggerType") or config.get("actionType"),
            }
        )
    return rows


def show_workflow(state: State, workflow: Any, title: str | None = None) -> None:
    """One workflow: JSON, or its summary and a table of its nodes."""
    out = state.output
    if out.json:
        out.document(workflow)
        return
    data = _with_counts(workflow)
    out.summary(data, WORKFLOW_FIELDS, title=title)
    if data["nodes"]:
        out.table(node_rows(data["nodes"]), NODE_COLUMNS)


@click.group()
def workflows() -> None:
    """Workflows of the signed-in user."""


@workflows.command("list")
@click.option("--all", "show_all", is_flag=True, help="Show the editor's autosave too.")
@json_option
@pass_state
def list_workflows(state: State, show_all: bool) -> None:
    """All workflows, newest first (the editor's autosave only with --all; JSON keeps it)."""
    found = state.orchestrator.workflows.list()
    out = state.output
    if not found and not state.has_session and not state.local_server:
        out.note(EMPTY_WITHOUT_SESSION)
    if out.json:
        out.document(found)
        return
    shown = [_with_counts(workflow) for workflow in found]
    if not show_all:
        shown = [row for row in shown if row.get("name") != AUTOSAVE_NAME]
    out.table(shown, LIST_COLUMNS, title="Workflows")
    if hidden := len(found) - len(shown):
        out.note(f"({hidden} editor autosave '{AUTOSAVE_NAME}' not shown: --all shows it)")


@workflows.command()
@click.argument("workflow_id")
@json_option
@pass_state
def get(state: State, workflow_id: str) -> None:
    """One workflow with its nodes."""
    show_workflow(state, state.orchestrator.workflows.get(workflow_id))


@workflows.command()
@click.option(
    "--from-file",
    "source",
    metavar="FILE",
    help="JSON {name, description?, nodes, edges}; '-' reads stdin.",
)
@click.option("--name", help="The name (overrides the file's).")
@click.option("--description", help="The description (overrides the file's).")
@json_option
@pass_state
def create(state: State, source: str | None, name: str | None, description: str | None) -> None:
    """Create a workflow from a JSON file, or an empty one with --name."""
    document: dict[str, Any] = {}
    if source is not None:
        document = read_json_object(source if source == "-" else f"@{source}", "--from-file")
    name = name if name is not None else document.get("name")
    if not isinstance(name, str):
        raise click.UsageError("a workflow needs a name: give --name or a 'name' in --from-file")
    description = description if description is not None else document.get("description")
    nodes, edges = document.get("nodes"), document.get("edges")
    for field, value in (("nodes", nodes), ("edges", edges)):
        if value is not None and not (
            isinstance(value, list) and all(isinstance(item, dict) for item in value)
        ):
            raise click.BadParameter(
                f"'{field}' must be a list of objects", param_hint="--from-file"
            )
    created = state.orchestrator.workflows.create(
        name=name, description=description, nodes=nodes, edges=edges
    )
    show_workflow(state, created, title="Created")


@workflows.command()
@click.argument("workflow_id")
@click.option("--name", help="New name.")
@click.option("--description", help="New description.")
@click.option("--visibility", type=click.Choice(["private", "public"]), help="Who can see it.")
@json_option
@pass_state
def update(
    state: State,
    workflow_id: str,
    name: str | None,
    description: str | None,
    visibility: str | None,
) -> None:
    """Change a workflow's name, description or visibility."""
    if name is None and description is None and visibility is None:
        raise click.UsageError("nothing to change: give --name, --description or --visibility")
    updated = state.orchestrator.workflows.update(
        workflow_id, name=name, description=description, visibility=visibility
    )
    show_workflow(state, updated, title="Updated")


@workflows.command()
@click.argument("workflow_id")
@json_option
@pass_state
def delete(state: State, workflow_id: str) -> None:
    """Delete a workflow (delete its executions first: `executions delete-all`)."""
    state.orchestrator.workflows.delete(workflow_id)
    if state.output.json:
        state.output.document({"id": workflow_id, "deleted": True})
    else:
        state.output.text(f"Deleted workflow {workflow_id}")


@workflows.command()
@click.argument("workflow_id")
@json_option
@pass_state
def duplicate(state: State, workflow_id: str) -> None:
    """A private copy named '<name> (Copy)'."""
    show_workflow(state, state.orchestrator.workflows.duplicate(workflow_id), title="Copy")


@workflows.command()
@click.argument("workflow_id")
@click.option("--json", "as_json", is_flag=True, help="Print {workflowId, code} as JSON.")
@pass_state
def code(state: State, workflow_id: str, as_json: bool) -> None:
    """Print the workflow as TypeScript (plain text, also in a pipe, unless --json)."""
    source = state.orchestrator.workflows.get_code(workflow_id)
    if as_json or state.output.forced_json:
        state.output.document({"workflowId": workflow_id, "code": source})
    else:
        state.output.raw(source)


def slug(name: str, fallback: str = "workflow") -> str:
    """A file name made from a workflow's name: lower-case letters, digits and ``-``.

    >>> slug("Welcome new customers!"), slug("../../etc/passwd"), slug("\u2603")
    ('welcome-new-customers', 'etc-passwd', 'workflow')
    """
    words = re.findall(r"[a-z0-9]+", name.lower())
    return "-".join(words)[:80].strip("-") or fallback


@workflows.command()
@click.argument("workflow_id")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the project ZIP (written whole or not at all) "
    "[default: <slug of the name>.zip in the current folder].",
)
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@json_option
@pass_state
def download(state: State, workflow_id: str, output: Path | None, force: bool) -> None:
    """Save the workflow's project as a ZIP file (never replacing one without --force)."""
    if output is None:
        name = state.orchestrator.workflows.get(workflow_id).to_dict().get("name")
        output = Path(f"{slug(name if isinstance(name, str) else '')}.zip")
    if not output.parent.is_dir():
        raise click.BadParameter(f"folder {output.parent} does not exist", param_hint="--output")
    if output.exists() and not force:
        raise click.BadParameter(
            f"{output} exists: give --force to replace it", param_hint="--output"
        )
    out = state.output
    progress = Progress(
        TextColumn("Downloading", style="bold", markup=False),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=out.console,
        transient=True,
        disable=not (out.terminal and not out.json),
    )
    with progress:
        task = progress.add_task("download", total=None)

        def advance(received: int, total: int | None) -> None:
            progress.update(task, completed=received, total=total)

        saved = state.orchestrator.workflows.save_project(workflow_id, output, on_progress=advance)
    written = saved.stat().st_size
    if out.json:
        out.document({"workflowId": workflow_id, "path": str(saved), "bytes": written})
    else:
        out.text(f"Saved {saved} ({written} bytes)")
