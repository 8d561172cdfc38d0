"""The catalogue checks of ``validate_workflow``: what a run would fail on, node by node.

All are warnings, since the server stores such graphs (the dashboard saves them too):

- ``UNKNOWN_ACTION_TYPE``: an action node whose ``actionType`` is not in the catalogue (legacy
  names count as known): the executor fails it with "Unknown action type".
- ``MISSING_CONFIG``: a config key the step needs is absent or empty (``actionType`` too).
- ``MISSING_INTEGRATION``: an action that calls a service has no ``integrationId``: the step
  runs without credentials and fails.
- ``BAD_REFERENCE``: a template ``{{@nodeId:Label.field}}`` names no node, or a node that cannot
  have run before this one (not upstream of it); the executor leaves it unresolved.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from . import _catalogue
from ._authoring import WorkflowProblem

__all__ = ["check_blocks"]

# The executor's own pattern (ACTIONS.json "templates.regex").
TEMPLATE = re.compile(r"\{\{@([^:]+):([^}]+)\}\}")
_NOT_ALPHANUMERIC = re.compile(r"[^a-zA-Z0-9]")


def lookup_key(node_id: str) -> str:
    """The executor looks node outputs up with the non-alphanumerics of the id made ``_``."""
    return _NOT_ALPHANUMERIC.sub("_", node_id)


def _warning(code: str, message: str, node_id: str, path: str | None = None) -> WorkflowProblem:
    return WorkflowProblem(code, "warning", message, node_id=node_id, path=path)


def _config(node: Mapping[str, Any]) -> Mapping[str, Any]:
    data = node.get("data")
    config = data.get("config") if isinstance(data, Mapping) else None
    return config if isinstance(config, Mapping) else {}


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _action_problems(node_id: str, config: Mapping[str, Any]) -> Iterator[WorkflowProblem]:
    action_type = config.get("actionType")
    if _is_empty(action_type):
        yield _warning(
            "MISSING_CONFIG",
            f"action node {node_id!r} has no actionType: the run fails at this node",
            node_id,
            "actionType",
        )
        return
    spec = _catalogue.load().find(str(action_type))
    if spec is None or spec.kind != "action":
        yield _warning(
            "UNKNOWN_ACTION_TYPE",
            f"node {node_id!r} has the action type {str(action_type)!r}, which the "
            "Orchestrator does not know: the run fails at this node",
            node_id,
            "actionType",
        )
        return
    for key in spec.required_keys:
        if _is_empty(config.get(key)):
            yield _warning(
                "MISSING_CONFIG",
                f"node {node_id!r} ({spec.type}) has no {key!r}, which the step needs",
                node_id,
                key,
            )
    if spec.integration is not None and _is_empty(config.get("integrationId")):
        yield _warning(
            "MISSING_INTEGRATION",
            f"node {node_id!r} ({spec.type}) has no integrationId: the step runs without "
            f"{spec.integration} credentials and fails",
            node_id,
            "integrationId",
        )


def _upstream(successors: Mapping[str, list[tuple[str, str | None]]]) -> dict[str, set[str]]:
    """For each node, the nodes that can have run before it (its ancestors)."""
    parents: dict[str, set[str]] = {}
    for source, targets in successors.items():
        for target, _edge_id in targets:
            parents.setdefault(target, set()).add(source)
    ancestors: dict[str, set[str]] = {}
    for node_id in parents:
        seen: set[str] = set()
        stack = list(parents[node_id])
        while stack:
            parent = stack.pop()
            if parent not in seen:
                seen.add(parent)
                stack.extend(parents.get(parent, ()))
        ancestors[node_id] = seen
    return ancestors


def _reference_problems(
    node_id: str,
    config: Mapping[str, Any],
    by_key: Mapping[str, str],
    ancestors: Mapping[str, set[str]] | None,
) -> Iterator[WorkflowProblem]:
    for key, value in config.items():
        if not isinstance(value, str):
            continue
        for match in TEMPLATE.finditer(value):
            named = match.group(1)
            target = by_key.get(lookup_key(named))
            if target is None:
                yield _warning(
                    "BAD_REFERENCE",
                    f"{key!r} of node {node_id!r} reads node {named!r}, which is not in the "
                    "workflow: the template stays unresolved",
                    node_id,
                    key,
                )
            elif ancestors is not None and target not in ancestors.get(node_id, set()):
                yield _warning(
                    "BAD_REFERENCE",
                    f"{key!r} of node {node_id!r} reads node {named!r}, which does not run "
                    "before it (it is not upstream): the template stays unresolved",
                    node_id,
                    key,
                )


def check_blocks(
    by_id: Mapping[str, Any], successors: Mapping[str, list[tuple[str, str | None]]] | None
) -> list[WorkflowProblem]:
    """The catalogue warnings of the nodes; ``successors`` None when the edges are unknown."""
    problems: list[WorkflowProblem] = []
    by_key = {lookup_key(node_id): node_id for node_id in by_id}
    ancestors = _upstream(successors) if successors is not None else None
    for node_id, node in by_id.items():
        data = node.get("data")
        config = _config(node)
        if isinstance(data, Mapping) and data.get("type") == "action":
            problems.extend(_action_problems(node_id, config))
        problems.extend(_reference_problems(node_id, config, by_key, ancestors))
    return problems
