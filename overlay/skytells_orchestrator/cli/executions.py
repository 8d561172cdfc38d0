"""``skytells-orchestrator executions …``: runs, their status and logs, and following one live."""

from __future__ import annotations

import time
from typing import Any

import click
from rich.console import Group
from rich.live import Live
from rich.table import Table
from skytells_orchestrator_client.models import ExecutionStatus

from .. import _operations as ops
from .._client import Orchestrator
from ._context import FiniteFloat, State, json_option, pass_state
from ._output import styled

SYMBOLS = {"pending": "·", "running": "…", "success": "✓", "error": "✗", "cancelled": "⊘"}
STYLES = {"running": "yellow", "success": "green", "error": "red", "cancelled": "magenta"}
# Polling grows gently from --poll-interval; on a live display it never slows past this.
LIVE_MAX_INTERVAL = 2.0

LIST_COLUMNS = [
    ("ID", "id"),
    ("Status", "status"),
    ("Started", "startedAt"),
    ("Duration (ms)", "duration"),
    ("Error", "error"),
]
LOG_COLUMNS = [
    ("Node", "nodeName"),
    ("Type", "nodeType"),
    ("Status", "status"),
    ("Duration (ms)", "duration"),
    ("Error", "error"),
]


def wait_options(function: Any) -> Any:
    """``--wait-timeout`` and ``--poll-interval``, shared with ``webhooks execute --wait``."""
    function = click.option(
        "--poll-interval",
        type=FiniteFloat(positive=True),
        default=0.5,
        show_default=True,
        help="Seconds between the first status polls (then growing gently).",
    )(function)
    return click.option(
        "--wait-timeout",
        type=FiniteFloat(positive=True),
        default=600.0,
        show_default=True,
        help="Give up waiting after this many seconds (exit 1, WAIT_TIMEOUT).",
    )(function)


class _LiveView:
    """What the live display shows: each node's status, the elapsed time, the run's status."""

    def __init__(self, execution_id: str, labels: dict[str, str]) -> None:
        self.execution_id = execution_id
        self.labels = labels
        self.started = time.monotonic()
        self.status: ExecutionStatus | None = None

    def __rich__(self) -> Group:
        elapsed = time.monotonic() - self.started
        current = self.status.status if self.status else "starting"
        head = styled(
            ("Execution ", "bold"),
            (self.execution_id, "bold"),
            "  ",
            (current, STYLES.get(current, "")),
            f"  {elapsed:.1f}s",
        )
        table = Table.grid(padding=(0, 2))
        for node in self.status.node_statuses if self.status else []:
            label = self.labels.get(node.node_id, node.node_id)
            symbol = SYMBOLS.get(node.status, "?")
            table.add_row(
                styled(f"{symbol} {label}"), styled((node.status, STYLES.get(node.status, "")))
            )
        return Group(head, table)


def _learn_labels(
    orchestrator: Orchestrator, execution_id: str, status: ExecutionStatus, labels: dict[str, str]
) -> None:
    """Names of nodes that have started, from the logs, when the caller did not know them."""
    if all(node.status == "pending" or node.node_id in labels for node in status.node_statuses):
        return
    for entry in orchestrator.executions.get_logs(execution_id):
        if isinstance(entry.node_name, str) and entry.node_name:
            labels.setdefault(entry.node_id, entry.node_name)


def follow(
    state: State,
    execution_id: str,
    *,
    labels: dict[str, str] | None,
    timeout: float,
    poll_interval: float,
) -> ExecutionStatus:
    """Poll until the execution has finished; on a terminal show it live, node by node."""
    orchestrator = state.orchestrator
    out = state.output
    live = out.terminal and not out.json
    schedule = ops.WaitSchedule(
        timeout,
        poll_interval,
        time.monotonic(),
        max_interval=max(LIVE_MAX_INTERVAL, poll_interval) if live else 10.0,
    )
    if not live:
        while True:
            status = orchestrator.executions.get_status(execution_id)
            if ops.is_final(status):
                return status
            time.sleep(schedule.next_sleep(time.monotonic(), execution_id, status.status))
    known = dict(labels or {})
    view = _LiveView(execution_id, known)
    with Live(view, console=out.console, refresh_per_second=8):
        while True:
            status = orchestrator.executions.get_status(execution_id)
            if labels is None:
                _learn_labels(orchestrator, execution_id, status, known)
            view.status = status
            if ops.is_final(status):
                break
            time.sleep(schedule.next_sleep(time.monotonic(), execution_id, status.status))
    elapsed = time.monotonic() - view.started
    out.text(
        styled(
            "Finished: ",
            (status.status, f"bold {STYLES.get(status.status, '')}".strip()),
            f" after {elapsed:.1f}s",
        )
    )
    return status


def finish(state: State, execution_id: str, status: ExecutionStatus) -> None:
    """Print the final status as JSON when asked, and exit 1 unless the run succeeded."""
    if state.output.json:
        state.output.document({"executionId": execution_id, **status.to_dict()})
    if status.status != "success":
        raise click.exceptions.Exit(1)


@click.group()
def executions() -> None:
    """Executions (runs) of workflows."""


@executions.command("list")
@click.argument("workflow_id")
@json_option
@pass_state
def list_executions(state: State, workflow_id: str) -> None:
    """A workflow's executions, newest first (at most 50)."""
    found = state.orchestrator.executions.list(workflow_id)
    if state.output.json:
        state.output.document(found)
    else:
        state.output.table(found, LIST_COLUMNS, title="Executions")


@executions.command()
@click.argument("execution_id")
@json_option
@pass_state
def status(state: State, execution_id: str) -> None:
    """An execution's status and each node's."""
    found = state.orchestrator.executions.get_status(execution_id)
    out = state.output
    if out.json:
        out.document({"executionId": execution_id, **found.to_dict()})
        return
    out.summary({"id": execution_id, "status": found.status}, [("ID", "id"), ("Status", "status")])
    out.table(found.node_statuses, [("Node", "nodeId"), ("Status", "status")])


@executions.command()
@click.argument("execution_id")
@json_option
@pass_state
def logs(state: State, execution_id: str) -> None:
    """Per-node logs (secrets redacted by the server); newest first in JSON, in run order here."""
    entries = state.orchestrator.executions.get_logs(execution_id)
    if state.output.json:
        state.output.document(entries)
    else:
        state.output.table(list(reversed(entries)), LOG_COLUMNS, title="Logs")


@executions.command()
@click.argument("execution_id")
@wait_options
@json_option
@pass_state
def wait(state: State, execution_id: str, wait_timeout: float, poll_interval: float) -> None:
    """Wait until the execution finishes; exit 0 only when it succeeded."""
    final = follow(
        state, execution_id, labels=None, timeout=wait_timeout, poll_interval=poll_interval
    )
    finish(state, execution_id, final)


@executions.command("delete-all")
@click.argument("workflow_id")
@json_option
@pass_state
def delete_all(state: State, workflow_id: str) -> None:
    """Delete every execution of a workflow."""
    result = state.orchestrator.executions.delete_all_for_workflow(workflow_id)
    if state.output.json:
        state.output.document(result)
    else:
        state.output.text(f"Deleted {result.deleted_count} execution(s) of {workflow_id}")
