"""``skytells-orchestrator ai generate``: a workflow generated from a prompt, as it streams."""

from __future__ import annotations

from typing import Any

import click

from ._context import State, json_option, pass_state
from ._output import as_dict, styled
from .workflows import NODE_COLUMNS, node_rows


def _describe(operation: dict[str, Any]) -> str:
    """A short human form of one operation's subject."""
    node, edge = operation.get("node"), operation.get("edge")
    if isinstance(node, dict):
        data = as_dict(node.get("data"))
        return f"{data.get('label') or node.get('id')} ({node.get('type')})"
    if isinstance(edge, dict):
        return f"{edge.get('source')} → {edge.get('target')}"
    for key in ("name", "description", "nodeId", "edgeId"):
        if isinstance(operation.get(key), str):
            return str(operation[key])
    return ""


@click.group()
def ai() -> None:
    """Workflows generated from a prompt."""


@ai.command()
@click.argument("prompt")
@click.option(
    "--workflow",
    "workflow_id",
    metavar="WORKFLOW_ID",
    help="Build on this existing workflow instead of starting empty.",
)
@click.option(
    "--save",
    is_flag=True,
    help="Create the generated workflow (its graph checked first) and print its id.",
)
@json_option
@pass_state
def generate(state: State, prompt: str, workflow_id: str | None, save: bool) -> None:
    """Stream the operations for PROMPT, then summarise the resulting workflow.

    Nothing is stored unless --save is given. JSON: one line per operation
    ({"type": "operation", "operation": …}), then one
    {"type": "workflow", "workflow": {name, description, nodes, edges}}, then with --save
    {"type": "created", "workflow": <the stored workflow>}.
    """
    if not prompt.strip():
        raise click.BadParameter("must not be empty", param_hint="PROMPT")
    orchestrator = state.orchestrator
    out = state.output
    existing = orchestrator.workflows.get(workflow_id) if workflow_id is not None else None
    with orchestrator.ai.generate_workflow(prompt=prompt, existing_workflow=existing) as stream:
        for operation in stream:
            data = operation.to_dict()
            if out.json:
                out.line({"type": "operation", "operation": data})
            else:
                out.text(
                    styled(
                        ("+ ", "green"),
                        (f"{data.get('op', '?'):<15}", "bold"),
                        " ",
                        _describe(data),
                    )
                )
        # The operations printed above, applied as the editor applies them.
        draft = stream.collect()
    result = {
        "name": draft.name,
        "description": draft.description,
        "nodes": draft.nodes,
        "edges": draft.edges,
    }
    if out.json:
        out.line({"type": "workflow", "workflow": result})
    else:
        _summarise(state, result)
    if not save:
        if not out.json:
            out.note("Not saved: run again with --save to create it.")
        return
    created = orchestrator.workflows.create(
        name=draft.name or "Untitled Workflow",
        description=draft.description,
        nodes=draft.nodes,
        edges=draft.edges,
    )
    if out.json:
        out.line({"type": "created", "workflow": created})
    else:
        out.text(f"Created workflow {created.id}")


def _summarise(state: State, result: dict[str, Any]) -> None:
    out = state.output
    out.text("")
    summary = {**result, "node_count": len(result["nodes"]), "edge_count": len(result["edges"])}
    out.summary(
        summary,
        [
            ("Name", "name"),
            ("Description", "description"),
            ("Nodes", "node_count"),
            ("Edges", "edge_count"),
        ],
        title="Generated workflow",
    )
    if result["nodes"]:
        out.table(node_rows(result["nodes"]), NODE_COLUMNS)
