"""``skytells-orchestrator executions …``: runs, their status and logs, and following one live."""

from __future__ import annotations

import math
import time
from typing import Any

import click
from rich.console import Group
from rich.live import Live
from rich.table import Table
from skytells_orchestrator_client.models import ExecutionStatus

from .._client import Orchestrator
from .._errors import SkytellsError
from ._context import FiniteFloat, State, json_option, pass_state
from ._output import jsonable, styled

SYMBOLS = {"pending": "·", "running": "…", "success": "✓", "error": "✗", "cancelled": "⊘"}
STYLES = {"running": "yellow", "success": "green", "error": "red", "cancelled": "magenta"}

LIST_COLUMNS = [
    ("ID", "id"),
    ("Status", "status"),
    ("Started", "startedAt"),
    ("Duration (ms)", "duration"),
    ("Error", "error"),
]
EXECUTION_FIELDS = [
    ("ID", "id"),
    ("Workflow", "workflowId"),
    ("Status", "status"),
    ("Started", "startedAt"),
    ("Completed", "completedAt"),
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


# The longest interval between two polls while a run is shown live.
LIVE_INTERVAL = 2.0


def wait_options(function: Any) -> Any:
    """``--wait-timeout`` and ``--poll-interval``, shared with ``webhooks execute --wait``."""
    function = click.option(
        "--poll-interval",
        type=FiniteFloat(positive=True),
        default=0.5,
        show_default=True,
        help="Seconds between the first status polls (then growing gently, on a terminal up "
        "to 2 s, else up to 10 s).",
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
    """Follow the run until it has finished (``executions.watch``); on a terminal show it
    live, node by node."""
    orchestrator = state.orchestrator
    out = state.output
    snapshots = orchestrator.executions.watch(
        execution_id,
        timeout=timeout,
        poll_interval=poll_interval,
        # Shown live, a change appears within LIVE_INTERVAL seconds however long the run.
        max_interval=10.0 if out.json else LIVE_INTERVAL,
    )
    if out.json:
        *_, final = snapshots  # watch yields at least once; its last snapshot is the final one
        return final
    known = dict(labels or {})
    view = _LiveView(execution_id, known)
    with Live(view, console=out.console, refresh_per_second=8):
        for status in snapshots:
            if labels is None:
                _learn_labels(orchestrator, execution_id, status, known)
            view.status = status
    return status  # watch yields at least once; its last snapshot is the final one


def _result(state: State, execution_id: str) -> dict[str, Any] | None:
    """The finished run with its output, or None (with a note) where the server lacks it."""
    try:
        execution = state.orchestrator.executions.get(execution_id)
    except SkytellsError as exc:
        state.output.note(f"warning: the run's output cannot be read: {exc.message}")
        return None
    return _without_workflow(execution)


def _without_workflow(execution: Any) -> dict[str, Any]:
    # The logs answer carries the whole workflow, node configs unredacted: never print it.
    data: dict[str, Any] = jsonable(execution)
    data.pop("workflow", None)
    return data


def show_output(state: State, data: dict[str, Any]) -> None:
    """A run's output on a terminal, as indented JSON shown literally."""
    if data.get("output") is not None:
        state.output.text("Output", style="bold")
        state.output.indented_json(data["output"])


def finish(state: State, execution_id: str, status: ExecutionStatus) -> None:
    """Print how the run ended, with its duration and output (one JSON document in JSON
    mode), and exit 1 unless it succeeded."""
    out = state.output
    result = _result(state, execution_id)
    if out.json:
        extra = {key: value for key, value in (result or {}).items() if key != "id"}
        out.document({"executionId": execution_id, **extra, **status.to_dict()})
    else:
        duration = _seconds((result or {}).get("duration"))
        out.text(
            styled(
                "Finished: ",
                (status.status, f"bold {STYLES.get(status.status, '')}".strip()),
                f" in {duration:.1f}s" if duration is not None else "",
            )
        )
        if result is not None and result.get("error"):
            out.text(styled(("Error: ", "bold"), str(result["error"])))
        if result is not None:
            show_output(state, result)
    if status.status != "success":
        raise click.exceptions.Exit(1)


def _seconds(milliseconds: Any) -> float | None:
    """The server's ``duration`` (milliseconds, as a string) in seconds, when it is one."""
    try:
        value = float(milliseconds)
    except (TypeError, ValueError):
        return None
    return value / 1000 if math.isfinite(value) and value >= 0 else None


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
def get(state: State, execution_id: str) -> None:
    """One execution with its input, output, error and duration (any run, also older ones)."""
    data = _without_workflow(state.orchestrator.executions.get(execution_id))
    if state.output.json:
        state.output.document(data)
    else:
        state.output.summary(data, EXECUTION_FIELDS)
        show_output(state, data)


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
