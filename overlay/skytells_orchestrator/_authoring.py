"""Workflow authoring: AI drafts, graph checks and webhook input checks. Pure logic, no I/O.

- ``WorkflowDraft`` is what an AI stream's operations build, applied the way the editor
  applies them (see ``build_draft``).
- ``validate_workflow`` lists what would make a graph fail or do nothing when it runs,
  judged by how the executor walks it: the start nodes are the trigger nodes without an
  incoming edge, each node runs once, a node that is neither a trigger nor an action fails
  the run, and a node no start reaches never runs.
- ``input_schema`` / ``check_input`` read the Webhook trigger's ``webhookSchema``
  (a JSON string of fields edited in the dashboard) and check a webhook body against it.

Nodes and edges may be generated models (anything with ``to_dict``) or mappings; an odd item
is reported as a problem, never a crash.
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs
from skytells_orchestrator_client.models import Edge, Node, Workflow

from ._errors import InvalidWorkflowError, sdk_error
from ._transport import sendable_json

__all__ = [
    "WorkflowDraft",
    "WorkflowProblem",
    "build_draft",
    "check_input",
    "ensure_valid_input",
    "ensure_valid_workflow",
    "input_schema",
    "validate_workflow",
]

logger = logging.getLogger("skytells_orchestrator")

Severity = Literal["error", "warning"]
NodeLike = Node | Mapping[str, Any]
EdgeLike = Edge | Mapping[str, Any]
NODE_TYPES = frozenset({"trigger", "action"})
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
# The dashboard names its new workflows so; the server numbers them ("Untitled 2").
DEFAULT_NAME = "Untitled Workflow"
# Nested object fields deeper than this are accepted as they are (any value).
_MAX_SCHEMA_DEPTH = 32
_SUMMARY_PROBLEMS = 3
_NO_TRIGGER_NODE = "there is no trigger node (data.type 'trigger'): nothing would run"


@attrs.frozen
class WorkflowProblem:
    """One thing wrong with a workflow graph or a webhook body.

    Made by [`validate_workflow`][skytells_orchestrator.validate_workflow] and
    [`check_input`][skytells_orchestrator.check_input]; ``str(problem)`` reads
    ``error NO_TRIGGER: …``.

    >>> WorkflowProblem("NO_TRIGGER", "error", "nothing would run")
    WorkflowProblem(code='NO_TRIGGER', severity='error', message='nothing would run', node_id=None, edge_id=None, path=None)

    Attributes:
        code: A stable id, such as ``NO_TRIGGER`` or ``INPUT_WRONG_TYPE``.
        severity: ``"error"`` (the SDK refuses to send) or ``"warning"`` (logged).
        message: What is wrong, in a sentence (never quoting input values).
        node_id: The node concerned, if any.
        edge_id: The edge concerned, if any.
        path: The input field concerned (``"address.city"``, ``"tags[0]"``), for input
            problems.
    """  # noqa: E501

    code: str
    severity: Severity
    message: str
    node_id: str | None = None
    edge_id: str | None = None
    path: str | None = None

    @property
    def is_error(self) -> bool:
        """Whether this problem makes the SDK refuse the request."""
        return self.severity == "error"

    def __str__(self) -> str:
        return f"{self.severity} {self.code}: {self.message}"


def _error(code: str, message: str, **where: str | None) -> WorkflowProblem:
    return WorkflowProblem(code, "error", message, **where)


def _warning(code: str, message: str, **where: str | None) -> WorkflowProblem:
    return WorkflowProblem(code, "warning", message, **where)


# ------------------------------------------------------------------ reading items


def _plain(item: Any) -> Any:
    """A model as its wire dict; anything else unchanged."""
    to_dict = getattr(item, "to_dict", None)
    if callable(to_dict) and not isinstance(item, Mapping):
        return to_dict()
    return item


def _items(values: Any, what: str) -> list[Any]:
    if values is None:
        return []
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise sdk_error(f"{what} must be a list, got {type(values).__name__}")
    return [_plain(value) for value in values]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, Mapping) else None


def _data(node: Any) -> Mapping[str, Any]:
    data = node.get("data") if isinstance(node, Mapping) else None
    return data if isinstance(data, Mapping) else {}


def _config(node: Any) -> Mapping[str, Any]:
    config = _data(node).get("config")
    return config if isinstance(config, Mapping) else {}


def _is_trigger(node: Any) -> bool:
    return _data(node).get("type") == "trigger"


def _nodes_of(workflow_or_nodes: Any) -> list[Any]:
    """The nodes of a ``Workflow``/draft/mapping with ``nodes``, or of a list of nodes."""
    value = workflow_or_nodes
    if isinstance(value, Mapping):
        if "nodes" not in value:
            raise sdk_error("the workflow mapping has no 'nodes'")
        value = value["nodes"]
    elif not isinstance(value, Sequence) or isinstance(value, str | bytes):
        value = getattr(value, "nodes", None)
        if value is None:
            raise sdk_error(
                "expected a Workflow, a WorkflowDraft, a mapping with 'nodes' or a list of "
                f"nodes, got {type(workflow_or_nodes).__name__}"
            )
    return _items(value, "nodes")


# ------------------------------------------------------------------ drafts


@attrs.define
class WorkflowDraft:
    """A workflow built from an AI stream's operations, not saved yet.

    ``stream.collect()`` makes one; ``create_arguments()`` turns it into the arguments of
    ``workflows.create``.

    >>> draft = WorkflowDraft(name="Signup", nodes=[], edges=[])
    >>> draft.create_arguments()
    {'name': 'Signup', 'nodes': [], 'edges': []}

    Attributes:
        name: The name set by ``setName``, or None.
        description: The description set by ``setDescription``, or None.
        nodes: The nodes, plain dicts exactly as the server sent them (edited by later
            operations).
        edges: The edges, plain dicts likewise.
        applied_operations: How many operations were applied.
        ignored_operations: How many operations the editor would have ignored (an unknown
            ``op``, or one without the field it needs), or that the draft cannot hold.
    """

    name: str | None = None
    description: str | None = None
    nodes: list[dict[str, Any]] = attrs.field(factory=list)
    edges: list[dict[str, Any]] = attrs.field(factory=list)
    applied_operations: int = 0
    ignored_operations: int = 0

    def apply(self, operation: Any) -> bool:
        """Apply one operation to the draft, as the editor does.

        An operation the editor would ignore (an unknown ``op``, or one without the field
        it needs) is counted in ``ignored_operations`` and logged as a warning. What the
        operation carries is copied into the draft, so changing it later does not change
        the draft.

        Args:
            operation: An ``AiOperation``, or its dict as sent by the server.

        Returns:
            True when it was applied; False when it was ignored.
        """
        builder = DraftBuilder(self, fresh=False)
        applied = builder.apply(operation)
        self.nodes, self.edges = builder.graph()
        return applied

    def validate(self) -> list[WorkflowProblem]:
        """Check this draft's graph as `validate_workflow` does.

        Returns:
            The problems found, errors and warnings; empty when there are none.
        """
        return validate_workflow(self.nodes, self.edges)

    def create_arguments(self) -> dict[str, Any]:
        """Make the keyword arguments that save this draft with ``workflows.create``.

        They suit ``workflows.update`` too. A draft without a name is saved as
        ``"Untitled Workflow"`` (the server numbers it).

        >>> workflow = orch.workflows.create(**draft.create_arguments())  # doctest: +SKIP

        Returns:
            ``name``, ``nodes`` and ``edges``, and ``description`` when there is one; the
            lists are copies, so changing them does not change the draft.
        """
        arguments: dict[str, Any] = {"name": self.name or DEFAULT_NAME}
        if self.description is not None:
            arguments["description"] = self.description
        arguments["nodes"] = copy_json(self.nodes)
        arguments["edges"] = copy_json(self.edges)
        return arguments


# What input_schema/check_input/check_against read the trigger from.
WorkflowOrNodes = Workflow | WorkflowDraft | Mapping[str, Any] | Sequence[NodeLike]

_ATOMS = frozenset({str, int, float, bool, type(None)})


def copy_json(value: Any) -> Any:
    """A deep copy of ``value``, made without recursion: data nested as deep as a stream can
    carry it is copied whole. Dicts and lists are copied level by level (an object met twice
    is copied once, as ``copy.deepcopy`` does); strings, numbers and None are shared, since
    they cannot change; anything else goes to ``copy.deepcopy``."""
    kind = type(value)
    if kind is not dict and kind is not list:
        return value if kind in _ATOMS else copy.deepcopy(value)
    root: Any = {} if kind is dict else [None] * len(value)
    copies = {id(value): root}
    pending = [(value, root)]
    while pending:
        source, target = pending.pop()
        for key, item in source.items() if type(source) is dict else enumerate(source):
            kind = type(item)
            if kind is dict or kind is list:
                copied = copies.get(id(item))
                if copied is None:
                    copied = copies[id(item)] = {} if kind is dict else [None] * len(item)
                    pending.append((item, copied))
            else:
                copied = item if kind in _ATOMS else copy.deepcopy(item)
            target[key] = copied
    return root


# How many ignored operations a stream's draft reports one by one when it is collected.
_LOGGED_IGNORED = 20


class _Gone:
    """What a removed node or edge leaves in a DraftBuilder's lists: one object, which copy,
    deepcopy and pickle give back (so a copied builder still passes over its holes)."""

    __slots__ = ()

    def __reduce__(self) -> str:
        return "_GONE"

    def __repr__(self) -> str:
        return "<removed>"


_GONE: Any = _Gone()


class DraftBuilder:
    """A draft being built, each operation at a cost that does not grow with the workflow.

    Nodes and edges sit in lists in their order; a removed one leaves a hole (``_GONE``)
    that `graph` passes over. The first removal or update indexes them: each id points to
    the places that carry it, and each node id to the places of the edges that start or
    end there; from then on, additions are indexed as they come and a removal pops an id's
    places. Only str ids are indexed: an operation names a node by a non-empty string, which
    no other value equals.

    ``fresh`` operations are the builder's own (decoded from a stream for it alone): what
    they carry goes into the draft as it is. Otherwise each operation is copied first, as
    the caller keeps its operations (one that cannot be copied is ignored).
    """

    def __init__(self, draft: WorkflowDraft, *, fresh: bool) -> None:
        self.draft = draft
        self.fresh = fresh
        self.nodes: list[Any] = list(draft.nodes)
        self.edges: list[Any] = list(draft.edges)
        self.node_ids: dict[str, list[int]] | None = None
        self.edge_ids: dict[str, list[int]] = {}
        self.edge_ends: dict[str, list[int]] = {}
        self.holes = 0
        # When not None, ignored operations are kept here (up to _LOGGED_IGNORED) to be
        # logged when the draft is handed over, not as the stream is read.
        self.deferred: list[tuple[int, str, str]] | None = None

    def _index(self) -> dict[str, list[int]]:
        """The index of node ids (made on first use, with that of the edges)."""
        node_ids: dict[str, list[int]] = {}
        self.node_ids, self.edge_ids, self.edge_ends = node_ids, {}, {}
        for place, node in enumerate(self.nodes):
            self._index_node(place, node)
        for place, edge in enumerate(self.edges):
            self._index_edge(place, edge)
        return node_ids

    def _index_node(self, place: int, node: Any) -> None:
        node_id = node.get("id") if isinstance(node, Mapping) else None
        if isinstance(node_id, str) and self.node_ids is not None:
            self.node_ids.setdefault(node_id, []).append(place)

    def _index_edge(self, place: int, edge: Any) -> None:
        if not isinstance(edge, Mapping):
            return
        edge_id, source, target = edge.get("id"), edge.get("source"), edge.get("target")
        if isinstance(edge_id, str):
            self.edge_ids.setdefault(edge_id, []).append(place)
        if isinstance(source, str):
            self.edge_ends.setdefault(source, []).append(place)
        if isinstance(target, str) and target != source:
            self.edge_ends.setdefault(target, []).append(place)

    def apply(self, operation: Any) -> bool:
        """Apply one operation; count it, and log it when it is ignored."""
        draft = self.draft
        if not self.fresh:
            operation = _plain(operation)
            if isinstance(operation, Mapping):
                try:
                    operation = copy_json(dict(operation))
                except (RecursionError, TypeError, ValueError, copy.Error) as exc:
                    return self._ignored(
                        operation, f"it holds what a draft cannot ({type(exc).__name__})"
                    )
        reason = self._apply(operation)
        if reason is None:
            draft.applied_operations += 1
            if self.holes > 1024:
                self.compact()
            return True
        return self._ignored(operation, reason)

    def _ignored(self, operation: Any, reason: str) -> bool:
        draft = self.draft
        draft.ignored_operations += 1
        op = operation.get("op") if isinstance(operation, Mapping) else None
        name = op if isinstance(op, str) else type(operation).__name__
        number = draft.applied_operations + draft.ignored_operations
        if self.deferred is None:
            _log_ignored(number, name, reason)
        elif len(self.deferred) < _LOGGED_IGNORED:
            self.deferred.append((number, name, reason))
        return False

    def _apply(self, operation: Any) -> str | None:
        """Apply one operation to the draft; the reason it was ignored, or None.

        The editor skips an operation whose field is missing or empty (JavaScript falsiness:
        ``""``, ``null``); an empty object still counts. A node, edge, position or data that
        is not an object is skipped here too: a graph cannot hold it.
        """
        # type() first: the Mapping checks are slow, and a stream's values are dicts.
        if type(operation) is not dict and not isinstance(operation, Mapping):
            return "not an object"
        op = operation.get("op")
        if op == "addNode" or op == "addEdge":
            key = "node" if op == "addNode" else "edge"
            item = operation.get(key)
            if type(item) is not dict:
                if not isinstance(item, Mapping):
                    return f"no '{key}' object"
                item = dict(item)
            items = self.nodes if key == "node" else self.edges
            items.append(item)
            if self.node_ids is not None:
                if key == "node":
                    self._index_node(len(items) - 1, item)
                else:
                    self._index_edge(len(items) - 1, item)
        elif op == "updateNode":
            node_id = operation.get("nodeId")
            updates = operation.get("updates")
            if (
                not node_id
                or not isinstance(node_id, str)
                or (type(updates) is not dict and not isinstance(updates, Mapping))
            ):
                return "no 'nodeId' and 'updates'"
            position, data = updates.get("position"), updates.get("data")
            if type(position) is not dict and not isinstance(position, Mapping):
                position = None
            if type(data) is not dict and not isinstance(data, Mapping):
                data = None
            node_ids = self._index() if self.node_ids is None else self.node_ids
            for place in node_ids.get(node_id, ()):
                node = self.nodes[place]
                if type(node) is not dict and not isinstance(node, dict):
                    continue
                if position is not None:
                    node["position"] = dict(position)
                if data is not None:
                    current = node.get("data")
                    if type(current) is dict or isinstance(current, Mapping):
                        merged = dict(current)
                        merged.update(data)
                    else:
                        merged = dict(data)
                    node["data"] = merged
        elif op == "removeNode":
            node_id = _text(operation.get("nodeId"))
            if node_id is None:
                return "no 'nodeId'"
            node_ids = self._index() if self.node_ids is None else self.node_ids
            for place in node_ids.pop(node_id, ()):
                self._remove(self.nodes, place)
            for place in self.edge_ends.pop(node_id, ()):
                self._remove(self.edges, place)
        elif op == "removeEdge":
            edge_id = _text(operation.get("edgeId"))
            if edge_id is None:
                return "no 'edgeId'"
            if self.node_ids is None:
                self._index()
            for place in self.edge_ids.pop(edge_id, ()):
                self._remove(self.edges, place)
        elif op == "setName":
            name = _text(operation.get("name"))
            if name is None:
                return "no 'name'"
            self.draft.name = name
        elif op == "setDescription":
            description = _text(operation.get("description"))
            if description is None:
                return "no 'description'"
            self.draft.description = description
        else:
            return "unknown op" if isinstance(op, str) else "no 'op'"
        return None

    def _remove(self, items: list[Any], place: int) -> None:
        """Leave a hole at ``place`` (an edge may be removed twice: by id, then by a node)."""
        if items[place] is not _GONE:
            items[place] = _GONE
            self.holes += 1

    def compact(self) -> None:
        """Close the holes once they are most of the lists (so at a cost linear overall)."""
        if self.holes > 1024 and 2 * self.holes > len(self.nodes) + len(self.edges):
            self.nodes, self.edges = self.graph()
            self.holes = 0
            self._index()

    def graph(self) -> tuple[list[Any], list[Any]]:
        """The nodes and the edges, in order."""
        return (
            [node for node in self.nodes if node is not _GONE],
            [edge for edge in self.edges if edge is not _GONE],
        )

    def write(self) -> WorkflowDraft:
        """A draft of what was built (its nodes and edges are the builder's); the ignored
        operations deferred are logged now."""
        nodes, edges = self.graph()
        draft = attrs.evolve(self.draft, nodes=nodes, edges=edges)
        if self.deferred is not None:
            for number, name, reason in self.deferred:
                _log_ignored(number, name, reason)
            if draft.ignored_operations > len(self.deferred):
                logger.warning(
                    "Ignoring %d more AI operations",
                    draft.ignored_operations - len(self.deferred),
                )
            self.deferred = None  # logged once; any later operation is logged as it comes
        return draft


def _log_ignored(number: int, op: str, reason: str) -> None:
    logger.warning("Ignoring AI operation %d (%r): %s", number, op, reason)


def existing_workflow_dict(workflow: Any) -> dict[str, Any]:
    """``{nodes, edges, name?, description?}`` of a ``Workflow``, draft or mapping."""
    plain = _plain(workflow)
    if not isinstance(plain, Mapping):
        plain = {
            key: getattr(workflow, key, None) for key in ("name", "description", "nodes", "edges")
        }
    result: dict[str, Any] = {
        "nodes": _items(plain.get("nodes"), "existing_workflow.nodes"),
        "edges": _items(plain.get("edges"), "existing_workflow.edges"),
    }
    for key in ("name", "description"):
        if isinstance(plain.get(key), str):
            result[key] = plain[key]
    return result


def draft_builder(
    existing_workflow: Mapping[str, Any] | None = None, *, fresh: bool = False
) -> DraftBuilder:
    """A builder of the draft that operations make on top of ``existing_workflow`` (copied).

    With ``fresh``, the operations it is given are its own, and ignored ones are logged
    when the draft is written (see `DraftBuilder`).
    """
    draft = WorkflowDraft()
    if existing_workflow is not None:
        start = existing_workflow_dict(existing_workflow)
        draft.name = start.get("name")
        draft.description = start.get("description")
        draft.nodes = [copy_json(dict(n)) for n in start["nodes"] if isinstance(n, Mapping)]
        draft.edges = [copy_json(dict(e)) for e in start["edges"] if isinstance(e, Mapping)]
    builder = DraftBuilder(draft, fresh=fresh)
    if fresh:
        builder.deferred = []
    return builder


def build_draft(
    operations: Iterable[Any], existing_workflow: Mapping[str, Any] | None = None
) -> WorkflowDraft:
    """Apply operations in order, on top of ``existing_workflow`` when given.

    Linear in the number of operations. What they carry is copied into the draft.

    >>> draft = build_draft([
    ...     {"op": "setName", "name": "Hello"},
    ...     {"op": "addEdge", "edge": {"id": "e1", "source": "a", "target": "b"}},
    ...     {"op": "removeNode", "nodeId": "a"},
    ...     {"op": "explode"},
    ... ])
    >>> draft.name, draft.edges, draft.ignored_operations
    ('Hello', [], 1)
    """
    builder = draft_builder(existing_workflow)
    for operation in operations:
        builder.apply(operation)
    return builder.write()


# ------------------------------------------------------------------ graph validation


def validate_workflow(
    nodes: Sequence[NodeLike] | None, edges: Sequence[EdgeLike] | None = ()
) -> list[WorkflowProblem]:
    """Check a workflow graph the way the server's executor will walk it.

    Pure and offline; ``workflows.create`` and ``workflows.update`` run it before sending.

    Errors: ``NO_TRIGGER`` (nodes but no trigger without an incoming edge: nothing would
    run), ``DUPLICATE_NODE_ID``, ``DUPLICATE_EDGE_ID``, ``EDGE_UNKNOWN_NODE``,
    ``INVALID_NODE`` / ``INVALID_EDGE`` (not an object, or without an id, source or target).
    Warnings: ``UNREACHABLE_NODE`` (never runs), ``CYCLE`` (the executor skips revisits),
    ``UNKNOWN_NODE_TYPE`` (``data.type`` neither ``trigger`` nor ``action``: the run fails
    when it reaches it), ``WEBHOOK_NOT_CONFIGURED`` (a Webhook trigger the server does not
    use), ``INVALID_WEBHOOK_SCHEMA``. An empty node list is valid (the server then adds a
    Manual trigger). Checked against the catalogue of actions (warnings too, as the server
    stores such graphs): ``UNKNOWN_ACTION_TYPE``, ``MISSING_CONFIG`` (a key the step needs is
    absent or empty), ``MISSING_INTEGRATION`` (an action that calls a service without
    ``integrationId``), ``BAD_REFERENCE`` (a ``{{@nodeId:Label.field}}`` template naming a node
    that does not exist or does not run before the node that uses it).

    >>> [p.code for p in validate_workflow(
    ...     [{"id": "a", "data": {"type": "action", "config": {"actionType": "Condition"}}}],
    ...     [{"id": "e1", "source": "a", "target": "b"}])]
    ['EDGE_UNKNOWN_NODE', 'NO_TRIGGER']

    Args:
        nodes: ``Node`` models or mappings; None counts as no nodes.
        edges: ``Edge`` models or mappings; None counts as no edges.

    Returns:
        The problems, errors and warnings, in a stable order; empty when there are none.

    Raises:
        SkytellsError: ``SDK_ERROR`` when ``nodes`` or ``edges`` is a string, a mapping or
            not iterable. An odd item is a problem, not an exception.
    """
    return _check_graph(_items(nodes, "nodes"), _items(edges, "edges"))


def _check_nodes(nodes: list[Any], problems: list[WorkflowProblem]) -> dict[str, Any]:
    by_id: dict[str, Any] = {}
    for index, node in enumerate(nodes):
        if not isinstance(node, Mapping):
            problems.append(_error("INVALID_NODE", f"node #{index} is not an object"))
            continue
        node_id = _text(node.get("id"))
        if node_id is None:
            problems.append(_error("INVALID_NODE", f"node #{index} has no string 'id'"))
            continue
        if node_id in by_id:
            problems.append(
                _error(
                    "DUPLICATE_NODE_ID",
                    f"more than one node has the id {node_id!r}",
                    node_id=node_id,
                )
            )
        else:
            by_id[node_id] = node
        node_type = _data(node).get("type")
        if node_type not in NODE_TYPES:
            problems.append(
                _warning(
                    "UNKNOWN_NODE_TYPE",
                    f"node {node_id!r} has data.type {node_type!r}, neither 'trigger' nor "
                    "'action': the run fails if it reaches this node",
                    node_id=node_id,
                )
            )
    return by_id


def _check_edges(edges: list[Any], problems: list[WorkflowProblem]) -> list[Mapping[str, Any]]:
    seen: set[str] = set()
    usable: list[Mapping[str, Any]] = []
    for index, edge in enumerate(edges):
        if not isinstance(edge, Mapping):
            problems.append(_error("INVALID_EDGE", f"edge #{index} is not an object"))
            continue
        edge_id = _text(edge.get("id"))
        if edge_id is None:
            problems.append(_error("INVALID_EDGE", f"edge #{index} has no string 'id'"))
        elif edge_id in seen:
            problems.append(
                _error(
                    "DUPLICATE_EDGE_ID",
                    f"more than one edge has the id {edge_id!r}",
                    edge_id=edge_id,
                )
            )
        else:
            seen.add(edge_id)
        if _text(edge.get("source")) is None or _text(edge.get("target")) is None:
            problems.append(
                _error(
                    "INVALID_EDGE",
                    f"edge {edge_id or '#' + str(index)} needs a string 'source' and 'target'",
                    edge_id=edge_id,
                )
            )
            continue
        usable.append(edge)
    return usable


def _check_links(
    by_id: Mapping[str, Any], edges: list[Mapping[str, Any]], problems: list[WorkflowProblem]
) -> dict[str, list[tuple[str, str | None]]]:
    successors: dict[str, list[tuple[str, str | None]]] = {}
    for edge in edges:
        edge_id = _text(edge.get("id"))
        source, target = str(edge["source"]), str(edge["target"])
        missing = [end for end in (source, target) if end not in by_id]
        if missing:
            problems.append(
                _error(
                    "EDGE_UNKNOWN_NODE",
                    f"edge {edge_id!r} joins {source!r} to {target!r}, but there is no node "
                    + " and no node ".join(repr(end) for end in dict.fromkeys(missing)),
                    node_id=missing[0],
                    edge_id=edge_id,
                )
            )
            continue
        successors.setdefault(source, []).append((target, edge_id))
    return successors


def _check_reach(
    nodes: list[Any],
    by_id: Mapping[str, Any],
    edges: list[Mapping[str, Any]],
    successors: Mapping[str, list[tuple[str, str | None]]],
    problems: list[WorkflowProblem],
) -> None:
    # As the executor does: an edge from anywhere (even a missing node) makes its target
    # a non-start node.
    has_incoming = {str(edge["target"]) for edge in edges}
    starts = [node_id for node_id, node in by_id.items() if _is_trigger(node)]
    starts = [node_id for node_id in starts if node_id not in has_incoming]
    if not starts:
        if nodes:
            any_trigger = any(_is_trigger(node) for node in by_id.values())
            problems.append(
                _error(
                    "NO_TRIGGER",
                    "every trigger node has an incoming edge: nothing would run"
                    if any_trigger
                    else _NO_TRIGGER_NODE,
                )
            )
        return
    reached = set(starts)
    queue = list(starts)
    while queue:
        for target, _edge_id in successors.get(queue.pop(), ()):
            if target not in reached:
                reached.add(target)
                queue.append(target)
    for node_id in by_id:
        if node_id not in reached:
            problems.append(
                _warning(
                    "UNREACHABLE_NODE",
                    f"node {node_id!r} is not reachable from a trigger: it never runs",
                    node_id=node_id,
                )
            )


def _check_cycles(
    by_id: Mapping[str, Any],
    successors: Mapping[str, list[tuple[str, str | None]]],
    problems: list[WorkflowProblem],
) -> None:
    """One ``CYCLE`` warning per edge that closes a loop (iterative depth-first search)."""
    done: set[str] = set()
    for root in by_id:
        if root in done:
            continue
        on_path = {root}
        stack = [(root, iter(successors.get(root, ())))]
        while stack:
            node_id, children = stack[-1]
            step = next(children, None)
            if step is None:
                stack.pop()
                on_path.discard(node_id)
                done.add(node_id)
                continue
            target, edge_id = step
            if target in on_path:
                problems.append(
                    _warning(
                        "CYCLE",
                        f"edge {edge_id!r} from {node_id!r} back to {target!r} closes a loop: "
                        "the executor runs each node once and skips the revisit",
                        node_id=target,
                        edge_id=edge_id,
                    )
                )
            elif target not in done:
                on_path.add(target)
                stack.append((target, iter(successors.get(target, ()))))


def _check_webhook(nodes: list[Any], problems: list[WorkflowProblem]) -> None:
    triggers = [node for node in nodes if isinstance(node, Mapping) and _is_trigger(node)]
    if not triggers:
        return
    first = triggers[0]
    if _config(first).get("triggerType") == "Webhook":
        _, schema_problems = _webhook_schema(first)
        problems.extend(schema_problems)
        return
    for node in triggers[1:]:
        if _config(node).get("triggerType") == "Webhook":
            problems.append(
                _warning(
                    "WEBHOOK_NOT_CONFIGURED",
                    f"the Webhook trigger {_text(node.get('id'))!r} is not the first trigger "
                    "node; the server checks only the first one and refuses webhook calls",
                    node_id=_text(node.get("id")),
                )
            )


def _check_graph(nodes: list[Any] | None, edges: list[Any] | None) -> list[WorkflowProblem]:
    """All checks; a ``None`` side is unknown (a partial update) and its checks are skipped."""
    problems: list[WorkflowProblem] = []
    by_id = _check_nodes(nodes, problems) if nodes is not None else {}
    usable = _check_edges(edges, problems) if edges is not None else []
    successors = None
    if nodes is not None and edges is not None:
        successors = _check_links(by_id, usable, problems)
        _check_reach(nodes, by_id, usable, successors, problems)
        _check_cycles(by_id, successors, problems)
    elif nodes and not any(_is_trigger(node) for node in by_id.values()):
        problems.append(_error("NO_TRIGGER", _NO_TRIGGER_NODE))
    if nodes is not None:
        _check_webhook(nodes, problems)
        # The catalogue is read only when a graph is checked (see _block_checks).
        from ._block_checks import check_blocks

        problems.extend(check_blocks(by_id, successors))
    return problems


def _log_warnings(problems: Iterable[WorkflowProblem], what: str) -> None:
    for problem in problems:
        if not problem.is_error:
            logger.warning("%s: %s", what, problem)


def _refuse(problems: list[WorkflowProblem], what: str, error_id: str) -> None:
    errors = [problem for problem in problems if problem.is_error]
    _log_warnings(problems, what)
    if not errors:
        return
    shown = errors[:_SUMMARY_PROBLEMS]
    rest = [problem for problem in problems if problem not in shown]
    more = len(errors) - len(shown)
    raise InvalidWorkflowError(
        f"{what} refused before sending ({len(errors)} error{'s' if len(errors) > 1 else ''}): "
        + "; ".join(f"{p.code}: {p.message}" for p in shown)
        + (f" (and {more} more)" if more else ""),
        error_id=error_id,
        # The message names the first errors; details has everything else found.
        details="\n".join(str(problem) for problem in rest) or None,
        problems=problems,
    )


def ensure_valid_workflow(nodes: Any, edges: Any) -> None:
    """Raise ``InvalidWorkflowError`` (``INVALID_WORKFLOW``) on errors; log the warnings.

    ``None`` for one side means it is not being changed: the checks needing it are skipped.
    """
    if nodes is None and edges is None:
        return
    problems = _check_graph(
        None if nodes is None else _items(nodes, "nodes"),
        None if edges is None else _items(edges, "edges"),
    )
    _refuse(problems, "Workflow", "INVALID_WORKFLOW")


# ------------------------------------------------------------------ webhook input


def _field_schema(field: Mapping[str, Any], depth: int) -> dict[str, Any]:
    schema: dict[str, Any] = {}
    kind = field.get("type")
    if kind in ("string", "number", "boolean"):
        schema["type"] = kind
    elif kind == "object":
        schema["type"] = "object"
        fields = field.get("fields")
        if isinstance(fields, list) and depth < _MAX_SCHEMA_DEPTH:
            schema.update(_object_schema(fields, depth + 1))
    elif kind == "array":
        schema["type"] = "array"
        item_type = field.get("itemType")
        if isinstance(item_type, str) and depth < _MAX_SCHEMA_DEPTH:
            items = _field_schema({"type": item_type, "fields": field.get("fields")}, depth + 1)
            if items:
                schema["items"] = items
    description = field.get("description")
    if isinstance(description, str) and description:
        schema["description"] = description
    return schema


def _object_schema(fields: list[Any], depth: int) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for field in fields:
        if isinstance(field, Mapping) and _text(field.get("name")) is not None:
            properties[field["name"]] = _field_schema(field, depth)
    return {"properties": properties, "required": list(properties)}


def _webhook_trigger(nodes: list[Any]) -> Mapping[str, Any] | None:
    # The server looks at the first trigger node only.
    for node in nodes:
        if isinstance(node, Mapping) and _is_trigger(node):
            return node
    return None


def _webhook_schema(trigger: Mapping[str, Any]) -> tuple[dict[str, Any] | None, list[Any]]:
    node_id = _text(trigger.get("id"))
    raw = _config(trigger).get("webhookSchema")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, []

    def broken(reason: str) -> tuple[None, list[Any]]:
        return None, [
            _warning(
                "INVALID_WEBHOOK_SCHEMA",
                f"the webhookSchema of trigger {node_id!r} is {reason}; input is not checked",
                node_id=node_id,
            )
        ]

    try:
        fields = json.loads(raw) if isinstance(raw, str) else raw
    except (ValueError, RecursionError):
        return broken("not JSON")
    if not isinstance(fields, list):
        return broken("not a list of fields")
    skipped = sum(
        1 for field in fields if not isinstance(field, Mapping) or _text(field.get("name")) is None
    )
    problems: list[Any] = []
    if skipped:
        problems.append(
            _warning(
                "INVALID_WEBHOOK_SCHEMA",
                f"{skipped} field(s) of the webhookSchema of trigger {node_id!r} have no name "
                "and are not checked",
                node_id=node_id,
            )
        )
    schema = {"$schema": SCHEMA_DIALECT, "type": "object", **_object_schema(fields, 0)}
    return schema, problems


def input_schema(workflow_or_nodes: WorkflowOrNodes) -> dict[str, Any] | None:
    """Read the Webhook trigger's ``webhookSchema`` as a JSON Schema (draft 2020-12).

    Every listed field is ``required``; other fields are allowed.

    >>> schema = input_schema([{"id": "t", "data": {"type": "trigger", "config": {
    ...     "triggerType": "Webhook",
    ...     "webhookSchema": '[{"name": "seats", "type": "number"}]'}}}])
    >>> schema["properties"], schema["required"]
    ({'seats': {'type': 'number'}}, ['seats'])

    Args:
        workflow_or_nodes: A ``Workflow``, a ``WorkflowDraft``, a mapping with ``nodes``,
            or the nodes themselves; the first trigger node is read, as the server does.

    Returns:
        The schema; None when the trigger is not a Webhook trigger or has no readable
        schema.

    Raises:
        SkytellsError: ``SDK_ERROR`` when ``workflow_or_nodes`` has no nodes to read (a
            mapping without ``nodes``, or another type).
    """
    trigger = _webhook_trigger(_nodes_of(workflow_or_nodes))
    if trigger is None or _config(trigger).get("triggerType") != "Webhook":
        return None
    return _webhook_schema(trigger)[0]


def _path(parts: Iterable[Any]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, list | tuple):
        return "array"
    return type(value).__name__


def check_input(workflow_or_nodes: WorkflowOrNodes, data: Any) -> list[WorkflowProblem]:
    """Check a webhook body against the Webhook trigger's ``webhookSchema``, offline.

    ``webhooks.execute(..., check_against=...)`` runs it before sending. A value of the
    wrong type is an ``INPUT_WRONG_TYPE`` error naming the field path
    (``seats``, ``address.city``, ``tags[0]``); a missing field is an
    ``INPUT_MISSING_FIELD`` warning (the server does not enforce the schema).
    ``WEBHOOK_NOT_CONFIGURED`` warns that the server will refuse the call (its trigger is
    not a Webhook trigger); ``INVALID_WEBHOOK_SCHEMA`` that the schema cannot be read.

    >>> nodes = [{"id": "t", "data": {"type": "trigger", "config": {
    ...     "triggerType": "Webhook",
    ...     "webhookSchema": '[{"name": "seats", "type": "number"}]'}}}]
    >>> [(p.code, p.path) for p in check_input(nodes, {"seats": "two"})]
    [('INPUT_WRONG_TYPE', 'seats')]

    Args:
        workflow_or_nodes: A ``Workflow``, a ``WorkflowDraft``, a mapping with ``nodes``,
            or the nodes themselves.
        data: The body that would be sent (a JSON object), judged as it would be sent:
            tuples are arrays and any ``Mapping`` an object.

    Returns:
        The problems, errors and warnings; empty when the body fits.

    Raises:
        SkytellsError: ``SDK_ERROR`` when ``workflow_or_nodes`` has no nodes to read (a
            mapping without ``nodes``, or another type), or when ``data`` cannot be sent as
            JSON (a ``set``, NaN, keys such as ``1`` and ``"1"`` that collide once made
            strings).
    """
    trigger = _webhook_trigger(_nodes_of(workflow_or_nodes))
    # Judged as it would be sent: tuples are arrays, any mapping an object.
    data = sendable_json(data, "the webhook body")
    if trigger is None or _config(trigger).get("triggerType") != "Webhook":
        node_id = _text(trigger.get("id")) if trigger is not None else None
        return [
            _warning(
                "WEBHOOK_NOT_CONFIGURED",
                "the workflow's trigger is not a Webhook trigger: the server refuses webhook calls",
                node_id=node_id,
            )
        ]
    node_id = _text(trigger.get("id"))
    if not isinstance(data, Mapping):
        return [
            _error(
                "INPUT_WRONG_TYPE",
                f"the webhook body must be an object, got {_json_type(data)}",
                node_id=node_id,
            )
        ]
    schema, problems = _webhook_schema(trigger)
    if schema is None:
        return problems
    from jsonschema import Draft202012Validator

    missing: set[str] = set()
    for failure in sorted(
        Draft202012Validator(schema).iter_errors(data),
        key=lambda failure: [str(part) for part in failure.absolute_path],
    ):
        where = list(failure.absolute_path)
        if failure.validator == "required":
            present = failure.instance if isinstance(failure.instance, Mapping) else {}
            for name in failure.validator_value:
                path = _path([*where, name])
                # jsonschema reports each missing name separately, each with the whole list.
                if name not in present and path not in missing:
                    missing.add(path)
                    problems.append(
                        _warning(
                            "INPUT_MISSING_FIELD",
                            f"{path} is missing",
                            node_id=node_id,
                            path=path,
                        )
                    )
        else:
            path = _path(where)
            expected = (
                f"of type {failure.validator_value}"
                if failure.validator == "type"
                # Not the validator's message: it quotes the value, which may be a secret.
                else f"valid for '{failure.validator}'"
            )
            problems.append(
                _error(
                    "INPUT_WRONG_TYPE",
                    f"{path or 'the body'} must be {expected}, got {_json_type(failure.instance)}",
                    node_id=node_id,
                    path=path or None,
                )
            )
    return problems


def ensure_valid_input(workflow_or_nodes: WorkflowOrNodes, data: Any) -> None:
    """Raise ``InvalidWorkflowError`` (``INVALID_INPUT``) on errors; log the warnings."""
    _refuse(check_input(workflow_or_nodes, data), "Webhook input", "INVALID_INPUT")
