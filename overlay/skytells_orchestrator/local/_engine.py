"""Running workflows on the local Orchestrator, the way the hosted executor does.

The start nodes are the nodes whose ``data.type`` is ``trigger`` and that have no incoming
edge. Each node runs once per execution (a node already visited is skipped, so cycles end);
after a node succeeds, all of its targets run in parallel. A failed node stops its own branch
only; the execution ends ``error`` when any node failed. A node whose ``data.type`` is neither
``trigger`` nor ``action`` fails; nodes no start node reaches never run; a disabled node
(``data.enabled == false``) is skipped but its targets still run.

Each trigger and action writes a log entry (``running`` first, then ``success`` or ``error``)
so that ``/status`` and ``/logs`` can be polled while it runs:

- trigger: ``nodeType`` ``"trigger"``, ``input`` ``{"triggerData": data}``, ``output`` the data,
  where data is ``{"triggered": true, "timestamp": <ms>}`` merged with the run's input (or with
  ``config.webhookMockRequest`` for a Webhook trigger started with an empty input);
- action: ``nodeType`` its ``actionType``, ``input`` its config without ``actionType`` and
  ``integrationId``, ``output`` its result, or the error text (a plain string) when it failed.

Secrets in inputs and outputs are masked before they are stored (see ``redact``). Each step
follows the catalogue's rules (see ``_steps``): its templates are resolved from the outputs of
the nodes that ran before it (the log's ``input`` shows the resolved config); an unknown action
type, or config the hosted step needs and does not have, fails it with the hosted message;
otherwise it returns a simulated output (``HTTP Request`` is really sent when the server runs
with ``real_http``). A test can still force a result through the config:

- ``"fail": true``              → the step fails with ``"Step failed"``;
- ``"simulateError": "<text>"`` → the step fails with that message;
- ``"output": <value>``         → the step's output is exactly that value.

A ``Condition`` action evaluates its expression (templates bound to the values they name) and
lets its targets run only when it is true. The execution ends ``error`` with the first failed
node's message (in the order the nodes ran).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import time
import uuid
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._steps import (
    UNDEFINED,
    UNKNOWN_ACTION,
    StepFailed,
    canonical_action,
    evaluate_condition,
    lookup_key,
    missing_config,
    resolve_config,
    simulated_output,
)
from ._store import Store

__all__ = [
    "CANCELLED_MESSAGE",
    "STOPPED_MESSAGE",
    "ExecutionRunner",
    "Graph",
    "Settings",
    "execution_order",
    "find_trigger",
    "graph",
    "new_runner_id",
    "node_config",
    "node_data",
    "redact",
]

# Key names whose values are masked in logged inputs and outputs: any key containing one of
# these patterns (any case), and a few exact names (compared in lower case).
_SECRET_PATTERN = re.compile(r"api[_-]?key|token|secret|password|credential|auth", re.IGNORECASE)
_SECRET_NAMES = frozenset(
    {
        "key",
        "passwd",
        "pwd",
        "private_key",
        "bearer",
        "database_url",
        "connection_string",
        "from_email",
        "credit_card",
        "card_number",
        "cvv",
        "ssn",
        "phone_number",
        "social_security",
    }
)
_REDACT_DEPTH = 10

# The error of a run whose server went away before it finished (found at the next start).
STOPPED_MESSAGE = "The local Orchestrator server stopped before this execution finished"
# The error of a run cancelled by a graceful stop.
CANCELLED_MESSAGE = "Execution cancelled: the local Orchestrator server stopped"


@dataclass
class Settings:
    """Server behaviour that tests may change while the server runs."""

    strict_auth: bool = False
    step_delay: float = 0.02
    ai_line_delay: float = 0.0
    # HTTP Request steps call their endpoint instead of answering a simulated 200.
    real_http: bool = False


def is_secret_key(key: str) -> bool:
    """Whether the value under ``key`` is masked in logs."""
    return key.lower() in _SECRET_NAMES or _SECRET_PATTERN.search(key) is not None


def mask(value: Any) -> str:
    """A secret as logs show it: up to 8 ``*`` and its last 4 characters.

    Example::

        mask("sk-live-value") == "********alue"; mask("abcd") == "****"; mask(3) == "[REDACTED]"
    """
    if not isinstance(value, str) or not value:
        return "[REDACTED]"
    if len(value) <= 4:
        return "****"
    return "*" * min(8, len(value) - 4) + value[-4:]


def redact(value: Any, depth: int = 0) -> Any:
    """A copy of ``value`` with the values of secret-looking keys masked, down to depth 10.

    Example::

        redact({"apiKey": "sk-live-value"}) == {"apiKey": "********alue"}
    """
    if depth > _REDACT_DEPTH:
        return value
    if isinstance(value, Mapping):
        return {
            key: mask(item)
            if isinstance(key, str) and is_secret_key(key)
            else redact(item, depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [redact(item, depth + 1) for item in value]
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
    """The workflow's first trigger node (``data.type == "trigger"``), as the webhook checks."""
    if not isinstance(nodes, list):
        return None
    for node in nodes:
        if isinstance(node, Mapping) and node_data(node).get("type") == "trigger":
            return dict(node)
    return None


def _node_key(value: Any) -> Hashable | None:
    return value if isinstance(value, str | int | float | bool) else None


@dataclass
class Graph:
    """A workflow's nodes by id, each node's targets, and the start nodes' ids."""

    nodes: dict[Hashable, dict[str, Any]]
    targets: dict[Hashable, list[Hashable]]
    starts: list[Hashable]


def graph(nodes: Any, edges: Any) -> Graph:
    """Index nodes and edges as stored (anything that is not a usable node or edge is skipped)."""
    by_id: dict[Hashable, dict[str, Any]] = {}
    for node in nodes if isinstance(nodes, list) else []:
        key = _node_key(node.get("id")) if isinstance(node, Mapping) else None
        if key is not None:
            by_id.setdefault(key, dict(node))
    targets: dict[Hashable, list[Hashable]] = {}
    with_incoming: set[Hashable] = set()
    for edge in edges if isinstance(edges, list) else []:
        if not isinstance(edge, Mapping):
            continue
        source, target = _node_key(edge.get("source")), _node_key(edge.get("target"))
        if source is not None and target is not None:
            targets.setdefault(source, []).append(target)
            with_incoming.add(target)
    starts = [
        key
        for key, node in by_id.items()
        if node_data(node).get("type") == "trigger" and key not in with_incoming
    ]
    return Graph(by_id, targets, starts)


def execution_order(nodes: Any, edges: Any) -> list[dict[str, Any]]:
    """The nodes an execution can reach, start nodes first, breadth first, each once."""
    index = graph(nodes, edges)
    order: list[dict[str, Any]] = []
    seen: set[Hashable] = set()
    queue = list(index.starts)
    while queue:
        key = queue.pop(0)
        if key in seen or key not in index.nodes:
            continue
        seen.add(key)
        order.append(index.nodes[key])
        queue.extend(index.targets.get(key, []))
    return order


def _label(node: Mapping[str, Any], data: Mapping[str, Any]) -> str:
    return str(data.get("label") or node.get("id"))


def _node_name(node: Mapping[str, Any], data: Mapping[str, Any], config: Mapping[str, Any]) -> str:
    if data.get("label"):
        return str(data["label"])
    if data.get("type") == "action":
        return str(config.get("actionType") or "Action")
    if data.get("type") == "trigger":
        return str(config.get("triggerType") or "Trigger")
    return str(data.get("type"))


@dataclass
class _Result:
    success: bool
    data: Any = None
    error: str | None = None
    # A step that returned its error has an output (undefined); one that threw has none.
    recorded: bool = True


_NOT_GIVEN = object()


def _forced_output(config: Mapping[str, Any]) -> Any:
    """The result a test forces through the config; ``_NOT_GIVEN`` when it forces none."""
    if "simulateError" in config:
        raise StepFailed(str(config["simulateError"]) or "Step failed")
    if config.get("fail") is True:
        raise StepFailed("Step failed")
    return config.get("output", _NOT_GIVEN)


def _json_object(text: Any) -> dict[str, str]:
    try:
        value = json.loads(text) if isinstance(text, str) and text.strip() else {}
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def _send_http_blocking(config: Mapping[str, Any]) -> Any:
    import urllib.error
    import urllib.request

    method = str(config.get("httpMethod") or "GET").upper()
    headers = _json_object(config.get("httpHeaders"))
    body = config.get("httpBody")
    content = None
    if method not in ("GET", "HEAD") and isinstance(body, str) and body.strip():
        content = body.encode()
        if not any(name.lower() == "content-type" for name in headers):
            headers["Content-Type"] = "application/json"
    try:
        request = urllib.request.Request(
            str(config.get("endpoint")), data=content, headers=headers, method=method
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            status, text = response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        status, text = exc.code, exc.read().decode("utf-8", "replace")
    except (OSError, ValueError) as exc:
        raise StepFailed(f"HTTP request failed: {exc}") from None
    if not 200 <= status < 300:
        raise StepFailed(f"HTTP request failed with status {status}: {text}")
    try:
        data: Any = json.loads(text)
    except ValueError:
        data = text
    return {"success": True, "data": data, "status": status}


async def _send_http(config: Mapping[str, Any]) -> Any:
    """An HTTP Request step really sent (``real_http``), answered as the hosted step does."""
    return await asyncio.to_thread(_send_http_blocking, config)


@dataclass
class _Run:
    """One execution in progress."""

    store: Store
    settings: Settings
    execution_id: str
    trigger_input: dict[str, Any]
    graph: Graph
    user_id: Any = None
    results: dict[Hashable, _Result] = field(default_factory=dict)
    visited: set[Hashable] = field(default_factory=set)
    # Each finished node's output by the executor's lookup key (templates read it).
    outputs: dict[str, Any] = field(default_factory=dict)

    async def node(self, key: Hashable) -> None:
        if key in self.visited or key not in self.graph.nodes:
            return
        self.visited.add(key)
        node = self.graph.nodes[key]
        data = node_data(node)
        if data.get("enabled") is False:
            self.outputs[lookup_key(key)] = None
            await self.next(key)
            return
        kind = data.get("type")
        if kind == "trigger":
            result = await self.trigger(node, data)
        elif kind == "action":
            result = await self.action(node, data)
        else:
            result = _Result(
                False,
                error=f'Unknown node type "{kind}" in node "{_label(node, data)}". '
                'Expected "trigger" or "action".',
            )
        self.results[key] = result
        if result.success:
            self.outputs[lookup_key(key)] = result.data
        elif result.recorded:
            self.outputs[lookup_key(key)] = UNDEFINED
        if not result.success:
            return
        config = node_config(node)
        if kind == "action" and config.get("actionType") == "Condition":
            condition = result.data.get("condition") if isinstance(result.data, dict) else None
            if condition is not True:
                return
        await self.next(key)

    async def next(self, key: Hashable) -> None:
        await asyncio.gather(*(self.node(target) for target in self.graph.targets.get(key, [])))

    async def step(
        self, node: Mapping[str, Any], node_type: str, name: str, logged_input: Any
    ) -> tuple[str, float]:
        log_id = self.store.start_log(
            execution_id=self.execution_id,
            node_id=str(node.get("id")),
            node_name=name,
            node_type=node_type,
            input_data=redact(logged_input),
        )
        started = time.monotonic()
        if self.settings.step_delay > 0:
            await asyncio.sleep(self.settings.step_delay)
        return log_id, started

    async def trigger(self, node: Mapping[str, Any], data: Mapping[str, Any]) -> _Result:
        config = node_config(node)
        trigger_data: dict[str, Any] = {"triggered": True, "timestamp": round(time.time() * 1000)}
        mock = config.get("webhookMockRequest")
        if config.get("triggerType") == "Webhook" and mock and not self.trigger_input:
            try:
                parsed = json.loads(str(mock))
            except ValueError:
                parsed = None
            if isinstance(parsed, dict):
                trigger_data.update(parsed)
        else:
            trigger_data.update(self.trigger_input)
        name = _node_name(node, data, config)
        log_id, started = await self.step(node, "trigger", name, {"triggerData": trigger_data})
        self.store.finish_log(
            log_id,
            status="success",
            output=redact(trigger_data),
            error=None,
            duration_ms=_elapsed_ms(started),
        )
        return _Result(True, data=trigger_data)

    async def action(self, node: Mapping[str, Any], data: Mapping[str, Any]) -> _Result:
        config = node_config(node)
        action_type = config.get("actionType")
        if not action_type:
            message = f'Action node "{_label(node, data)}" has no action type configured'
            return _Result(False, error=message)
        resolved = resolve_config(config, self.outputs)
        logged = {k: v for k, v in resolved.items() if k not in ("actionType", "integrationId")}
        name = _node_name(node, data, config)
        log_id, started = await self.step(node, str(action_type), name, logged)
        try:
            output = await self.run_step(str(action_type), config, resolved)
        except StepFailed as failure:
            message = str(failure)
            self.store.finish_log(
                log_id,
                status="error",
                output=message,
                error=message,
                duration_ms=_elapsed_ms(started),
            )
            return _Result(False, error=message, recorded=not failure.thrown)
        self.store.finish_log(
            log_id,
            status="success",
            output=redact(output),
            error=None,
            duration_ms=_elapsed_ms(started),
        )
        return _Result(True, data=output)

    async def run_step(
        self, action_type: str, config: Mapping[str, Any], resolved: Mapping[str, Any]
    ) -> Any:
        """One step's output by the catalogue's rules; raises ``StepFailed``."""
        forced = _forced_output(config)
        if forced is not _NOT_GIVEN:
            return forced
        action = canonical_action(action_type)
        if action is None:
            raise StepFailed(UNKNOWN_ACTION.format(action_type))
        credentials = _credentials(self.store, self.user_id, config.get("integrationId"))
        failure = missing_config(action, resolved, credentials)
        if failure is not None:
            raise failure
        if action["actionType"] == "Condition":
            # Templates become variables bound to the raw values (never pasted as text).
            return {"condition": evaluate_condition(config.get("condition"), self.outputs)}
        if action["actionType"] == "HTTP Request" and self.settings.real_http:
            return await _send_http(resolved)
        return simulated_output(action, resolved)


def _credentials(store: Store, user_id: Any, integration_id: Any) -> dict[str, Any] | None:
    if not isinstance(integration_id, str) or not integration_id or not isinstance(user_id, str):
        return None
    integration = store.get_integration(integration_id, user_id)
    config = integration.get("config") if integration else None
    return dict(config) if isinstance(config, Mapping) else None


def _elapsed_ms(since: float) -> int:
    return round((time.monotonic() - since) * 1000)


def new_runner_id() -> str:
    """An id naming this server instance in the executions it starts."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex}"


class ExecutionRunner:
    """Starts executions as background tasks on the server's event loop."""

    def __init__(self, store: Store, settings: Settings, runner_id: str) -> None:
        self._store = store
        self._settings = settings
        self.runner_id = runner_id
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
        run = _Run(
            store,
            self._settings,
            execution_id,
            dict(trigger_input) if isinstance(trigger_input, Mapping) else {},
            graph(workflow.get("nodes"), workflow.get("edges")),
            user_id=workflow.get("userId"),
        )
        try:
            await asyncio.gather(*(run.node(key) for key in run.graph.starts))
            results = list(run.results.values())
            failed = next((result for result in results if not result.success), None)
            store.finish_execution(
                execution_id,
                status="error" if failed else "success",
                output=redact(results[-1].data) if results else None,
                error=failed.error if failed else None,
                duration_ms=_elapsed_ms(started),
            )
        except asyncio.CancelledError:
            message = CANCELLED_MESSAGE
            store.close_running_logs(execution_id, message)
            store.finish_execution(
                execution_id,
                status="cancelled",
                error=message,
                duration_ms=_elapsed_ms(started),
            )
            raise
        except Exception as exc:  # a bug here must still end the execution, not leave it running
            store.close_running_logs(execution_id, str(exc))
            store.finish_execution(
                execution_id, status="error", error=str(exc), duration_ms=_elapsed_ms(started)
            )
