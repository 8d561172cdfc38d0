"""``skytells-orchestrator webhooks execute``: trigger a workflow, optionally follow it live."""

from __future__ import annotations

from typing import Any

import click

from .._errors import SkytellsError
from ._context import State, json_option, pass_state, read_json_object
from .executions import finish, follow, wait_options

NEEDS_SESSION = (
    "--wait needs a session: the hosted service shows a run's status only with --session-token "
    "(or ORCHESTRATOR_SESSION_TOKEN); nothing was started"
)


@click.group()
def webhooks() -> None:
    """Trigger workflows through their webhook (with the wfb_ key)."""


def _labels(state: State, workflow_id: str) -> dict[str, str] | None:
    """Node labels for the live display; without a session the workflow may be unreadable."""
    try:
        workflow = state.orchestrator.workflows.get(workflow_id)
    except SkytellsError:
        return None
    labels: dict[str, str] = {}
    for node in workflow.to_dict().get("nodes") or []:
        data: Any = node.get("data")
        if isinstance(data, dict) and isinstance(data.get("label"), str) and data["label"]:
            labels[str(node.get("id"))] = data["label"]
    return labels


@webhooks.command()
@click.argument("workflow_id")
@click.option(
    "--data",
    metavar="JSON|@FILE|-",
    help="The body: a JSON object, @file.json, or '-' for stdin (default: {}).",
)
@click.option("--wait", "wait_for_it", is_flag=True, help="Follow the run until it finishes.")
@wait_options
@json_option
@pass_state
def execute(
    state: State,
    workflow_id: str,
    data: str | None,
    wait_for_it: bool,
    wait_timeout: float,
    poll_interval: float,
) -> None:
    """Start a workflow; with --wait, exit 0 only when the run succeeded.

    With --wait the execution id is printed as soon as the run has started (on stderr on a
    terminal; in JSON, in the final document, or in one printed with the error if following
    the run fails), so a run is never started without its id being shown.
    """
    body = read_json_object(data, "--data") if data is not None else None
    if wait_for_it and not state.has_session and not state.local_server:
        raise click.UsageError(NEEDS_SESSION)
    out = state.output
    started = state.orchestrator.webhooks.execute(workflow_id, body)
    if not wait_for_it:
        if out.json:
            out.document(started)
        else:
            out.text(f"Started execution {started.execution_id} ({started.status})")
        return
    execution_id = started.execution_id
    if not out.json:
        out.note(f"Started execution {execution_id}")
    try:
        labels = _labels(state, workflow_id) if not out.json else None
        final = follow(
            state, execution_id, labels=labels, timeout=wait_timeout, poll_interval=poll_interval
        )
    except BaseException:
        if out.json:
            out.document(started)
        out.note(
            f"The run {execution_id} has started and goes on; follow it with: "
            f"skytells-orchestrator executions wait {execution_id}"
        )
        raise
    finish(state, execution_id, final)
