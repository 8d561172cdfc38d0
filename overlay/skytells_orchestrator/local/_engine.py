"""Running workflows on the local Orchestrator.

An execution walks the graph from the trigger node along the edges (breadth first, each node
once), writing one log entry per node (``running`` first, then ``success`` or ``error``) so that
``/status`` and ``/logs`` can be polled while it runs. Nothing is really called: an action node
"succeeds" with a small deterministic output, unless its config asks it to fail:

- ``"fail": true``              → the node fails with ``"Step failed"``;
- ``"simulateError": "<text>"`` → the node fails with that message;
- ``"output": {...}``           → the node's output is exactly that value.

Disabled nodes (``data.enabled == false``) are skipped but their successors still run.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._store import Store

__all__ = [
    "ExecutionRunner",
    "Settings",
    "execution_order",
    "find_trigger",
    "node_config",
    "node_data",
    "redact",
]

_SECRET_KEY = re.compile(
    r"(api[_-]?key|apikey|token|password|passwd|secret|authorization|credential|private[_-]?key)",
    re.IGNORECASE,
)
REDACTED = "[REDACTED]"


@dataclass
class Settings:
    """Server behaviour that tests may change while the server runs."""

    strict_auth: bool = False
    step_delay: float = 0.02
    ai_line_delay: float = 0.0


def redact(value: Any) -> Any:
    """A copy of ``value`` with the values of secret-looking keys replaced by ``[REDACTED]``.

    Example::

        redact({"apiKey": "sk-1", "to": "a@b.c"}) == {"apiKey": "[REDACTED]", "to": "a@b.c"}
    """
    if isinstance(value, Mapping):
        return {
            key: REDACTED
            if isinstance(key, str) and _SECRET_KEY.search(key) and not isinstance(item, Mapping)
            else redact(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [redact(item) for item in value]
    return value


def node_data(node: Any) -> dict[str, Any]:
    """A copy of ``node.data`` ({} when missing or not an object)."""
    data = node.get("data") if isinstance(node, Mapping) else None
    return dict(data) if isinstance(data, Mapping) else {}


def node_config(node: Any) -> dict[str, Any]:
    """A copy of ``node.data.config`` ({} when missing or not an object)."""
    config = node_data(node).get("config")
    return dict(config) if isinstance(config, Mapping) else {}


def find_trigger(nodes: Any) -> dict[str, Any] | None:
    """The workflow's trigger node (``data.type == "trigger"``, else ``type == "trigger"``)."""
    if not isinstance(nodes, list):
        return None
    candidates = [node for node in nodes if isinstance(node, Mapping)]
    for node in candidates:
        if node_data(node).get("type") == "trigger":
            return dict(node)
    for node in candidates:
        if node.get("type") == "trigger":
            return dict(node)
    return None


def execution_order(nodes: Any, edges: Any) -> list[dict[str, Any]]:
    """The nodes reachable from the trigger, trigger first, breadth first."""
    trigger = find_trigger(nodes)
    if trigger is None:
        return []
    by_id = {
        str(node.get("id")): dict(node)
        for node in nodes
        if isinstance(node, Mapping) and node.get("id") is not None
    }
    successors: dict[str, list[str]] = {}
    for edge in edges if isinstance(edges, list) else []:
        if isinstance(edge, Mapping) and edge.get("source") is not None:
            successors.setdefault(str(edge["source"]), []).append(str(edge.get("target")))
    order: list[dict[str, Any]] = []
    seen: set[str] = set()
    queue: deque[str] = deque([str(trigger.get("id"))])
    while queue:
        node_id = queue.popleft()
        if node_id in seen or node_id not in by_id:
            continue
        seen.add(node_id)
        order.append(by_id[node_id])
        queue.extend(successors.get(node_id, []))
    return order


class _StepFailed(Exception):
    pass


def _run_node(node: dict[str, Any], is_trigger: bool, trigger_input: Any) -> Any:
    """The output of one node; raises ``_StepFailed`` when its config tells it to fail."""
    config = node_config(node)
    if "simulateError" in config:
        raise _StepFailed(str(config["simulateError"]) or "Step failed")
    if config.get("fail") is True:
        raise _StepFailed("Step failed")
    if is_trigger:
        return trigger_input
    if "output" in config:
        return config["output"]
    label = node_data(node).get("label") or config.get("actionType") or "Step"
    output = {
        "success": True,
        "actionType": config.get("actionType"),
        "message": f"{label} completed",
    }
    return output


class ExecutionRunner:
    """Starts executions as background tasks on the server's event loop."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self._store = store
        self._settings = settings
        self._tasks: set[asyncio.Task[None]] = set()

    def start(self, execution_id: str, workflow: Mapping[str, Any], trigger_input: Any) -> None:
        """Run an execution in the background (the caller answers ``running`` at once)."""
        task = asyncio.get_running_loop().create_task(
            self._run(execution_id, dict(workflow), trigger_input),
            name=f"execution-{execution_id}",
        )
        # Keep a reference: the loop holds tasks only weakly.
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def aclose(self) -> None:
        """Cancel running executions (they end as ``cancelled``) and wait for them."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _run(self, execution_id: str, workflow: dict[str, Any], trigger_input: Any) -> None:
        started = time.monotonic()
        store = self._store

        def elapsed_ms(since: float) -> int:
            return round((time.monotonic() - since) * 1000)

        try:
            order = execution_order(workflow.get("nodes"), workflow.get("edges"))
            if not order:
                store.finish_execution(
                    execution_id,
                    status="error",
                    error="No trigger node found",
                    duration_ms=elapsed_ms(started),
                )
                return
            last_output: Any = None
            for index, node in enumerate(order):
                data = node_data(node)
                if index > 0 and data.get("enabled") is False:
                    continue
                is_trigger = index == 0
                node_started = time.monotonic()
                config = node_config(node)
                log_id = store.start_log(
                    execution_id=execution_id,
                    node_id=str(node.get("id")),
                    node_name=str(data.get("label") or config.get("actionType") or node.get("id")),
                    node_type=str(
                        config.get("triggerType" if is_trigger else "actionType")
                        or data.get("type")
                        or node.get("type")
                        or "action"
                    ),
                    input_data=redact(trigger_input if is_trigger else config),
                )
                if self._settings.step_delay > 0:
                    await asyncio.sleep(self._settings.step_delay)
                try:
                    output = _run_node(node, is_trigger, trigger_input)
                except _StepFailed as failure:
                    message = str(failure)
                    store.finish_log(
                        log_id,
                        status="error",
                        output=None,
                        error=message,
                        duration_ms=elapsed_ms(node_started),
                    )
                    store.finish_execution(
                        execution_id,
                        status="error",
                        output=None,
                        error=message,
                        duration_ms=elapsed_ms(started),
                    )
                    return
                last_output = redact(output)
                store.finish_log(
                    log_id,
                    status="success",
                    output=last_output,
                    error=None,
                    duration_ms=elapsed_ms(node_started),
                )
            store.finish_execution(
                execution_id,
                status="success",
                output=last_output,
                duration_ms=elapsed_ms(started),
            )
        except asyncio.CancelledError:
            store.finish_execution(
                execution_id,
                status="cancelled",
                error="Execution cancelled",
                duration_ms=elapsed_ms(started),
            )
            raise
        except Exception as exc:  # a bug here must still end the execution, not leave it running
            store.finish_execution(
                execution_id, status="error", error=str(exc), duration_ms=elapsed_ms(started)
            )
