"""``Flow``: wires building blocks into a workflow graph, laid out for the dashboard."""

from __future__ import annotations

import copy
import reprlib
from collections import deque
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from skytells_orchestrator_client.models import Edge, Node, Position

from ._errors import sdk_error

if TYPE_CHECKING:
    from ._authoring import WorkflowProblem

__all__ = ["Flow"]

# Where the dashboard draws the graph: one column per depth, one row per node of a column.
_COLUMN_WIDTH = 320
_ROW_HEIGHT = 160
_MARGIN = 100


class Flow:
    """A workflow graph built from blocks: nodes added after one another, then saved.

    Nodes are laid out left to right by depth (a node's column is one more than its deepest
    predecessor's), one row per node of a column, so the dashboard shows a readable graph.

    >>> from skytells_orchestrator import Flow, blocks
    >>> flow = Flow("Signup")
    >>> hook = flow.add(blocks.webhook_trigger(id="hook"))
    >>> call = flow.add(blocks.http_request(endpoint="https://example.com", id="call"), after=hook)
    >>> [(edge.source, edge.target) for edge in flow.edges]
    [('hook', 'call')]
    >>> sorted(flow.create_arguments())
    ['edges', 'name', 'nodes']

    Args:
        name: The workflow's name.
        description: Its description, or None.

    Raises:
        SkytellsError: ``SDK_ERROR`` when the name is not a non-empty string or the
            description not a string.
    """

    def __init__(self, name: str, description: str | None = None) -> None:
        if not isinstance(name, str) or not name.strip():
            raise sdk_error(f"name must be a non-empty string, got {name!r}")
        if description is not None and not isinstance(description, str):
            raise sdk_error(f"description must be a string, got {type(description).__name__}")
        self.name = name
        self.description = description
        self._nodes: dict[str, Node] = {}
        self._edges: list[Edge] = []

    def __repr__(self) -> str:
        return f"Flow(name={self.name!r}, nodes={len(self._nodes)}, edges={len(self._edges)})"

    @property
    def nodes(self) -> list[Node]:
        """The nodes, in the order they were added (the flow's own objects)."""
        return list(self._nodes.values())

    @property
    def edges(self) -> list[Edge]:
        """The edges, in the order they were made."""
        return list(self._edges)

    def add(self, node: Node | Mapping[str, Any], after: Any = None) -> Node:
        """Add a node, connected after the given nodes.

        Args:
            node: A block (``blocks.http_request(...)``) or a node mapping.
            after: None (a start node), a node already in the flow, or a list of them; an
                edge is made from each.

        Returns:
            The node as the flow holds it (the same object when a ``Node`` was given).

        Raises:
            SkytellsError: ``SDK_ERROR`` when the node has no string id, its id is already in
                the flow, or a node of ``after`` is not in the flow.
        """
        if isinstance(node, Mapping):
            node = Node.from_dict(copy.deepcopy(dict(node)))
        elif not isinstance(node, Node):
            raise sdk_error(f"node must be a Node or a mapping, got {type(node).__name__}")
        node_id = node.id
        if not isinstance(node_id, str) or not node_id:
            raise sdk_error("the node has no id")
        if node_id in self._nodes:
            raise sdk_error(f"the flow already has a node {node_id!r}")
        sources = dict.fromkeys(self._members(after))  # a node named twice: one edge
        self._nodes[node_id] = node
        for source in sources:
            self._connect(source, node_id)
        self._layout()
        return node

    def connect(self, source: Node | Mapping[str, Any], target: Node | Mapping[str, Any]) -> Edge:
        """Add an edge from one node of the flow to another.

        Args:
            source: The node that runs first.
            target: The node that runs after it.

        Returns:
            The new edge.

        Raises:
            SkytellsError: ``SDK_ERROR`` when a node is not in the flow, the edge already
                exists, or both are the same node.
        """
        (source_id,) = self._members(source)
        (target_id,) = self._members(target)
        edge = self._connect(source_id, target_id)
        self._layout()
        return edge

    def validate(self) -> list[WorkflowProblem]:
        """Check the graph as [`validate_workflow`][skytells_orchestrator.validate_workflow] does.

        Returns:
            The problems found, errors and warnings; empty when there are none.
        """
        from ._authoring import validate_workflow

        return validate_workflow(self.nodes, self.edges)

    def create_arguments(self) -> dict[str, Any]:
        """Make the keyword arguments that save this flow with ``workflows.create``.

        >>> workflow = orch.workflows.create(**flow.create_arguments())  # doctest: +SKIP

        Returns:
            ``name``, ``nodes`` and ``edges`` (plain dicts, copies), and ``description``
            when there is one.
        """
        arguments: dict[str, Any] = {"name": self.name}
        if self.description is not None:
            arguments["description"] = self.description
        arguments["nodes"] = copy.deepcopy([node.to_dict() for node in self._nodes.values()])
        arguments["edges"] = copy.deepcopy([edge.to_dict() for edge in self._edges])
        return arguments

    def _members(self, nodes: Any) -> list[str]:
        if nodes is None:
            return []
        items = (
            list(nodes) if isinstance(nodes, Sequence) and not isinstance(nodes, str) else [nodes]
        )
        ids: list[str] = []
        for item in items:
            node_id: object
            if isinstance(item, Node):
                node_id = item.id
            elif isinstance(item, Mapping):
                node_id = item.get("id")
            else:
                raise sdk_error(
                    "expected a node of this flow (the Node that add returned, or a mapping), "
                    f"got {type(item).__name__} {reprlib.repr(item)}"
                )
            if not isinstance(node_id, str) or node_id not in self._nodes:
                raise sdk_error(f"{reprlib.repr(node_id)} is not a node of this flow: add it first")
            ids.append(node_id)
        return ids

    def _connect(self, source: str, target: str) -> Edge:
        if source == target:
            raise sdk_error(f"an edge from {source!r} to itself would never run")
        if any(edge.source == source and edge.target == target for edge in self._edges):
            raise sdk_error(f"the flow already has an edge from {source!r} to {target!r}")
        edge = Edge.from_dict({"id": f"{source}->{target}", "source": source, "target": target})
        self._edges.append(edge)
        return edge

    def _layout(self) -> None:
        """Columns by depth (longest path from a start node); loops do not deepen.

        Linear in nodes and edges (it runs at every ``add``): a node is placed once all the
        nodes before it are; when only loops are left, the first of them (in the order added)
        is placed after what is already placed.
        """
        incoming: dict[str, list[str]] = {node_id: [] for node_id in self._nodes}
        outgoing: dict[str, list[str]] = {node_id: [] for node_id in self._nodes}
        for edge in self._edges:
            incoming[str(edge.target)].append(str(edge.source))
            outgoing[str(edge.source)].append(str(edge.target))
        waiting = {node_id: len(sources) for node_id, sources in incoming.items()}
        ready = deque(node_id for node_id, count in waiting.items() if count == 0)
        in_order = iter(self._nodes)
        depth: dict[str, int] = {}
        while len(depth) < len(self._nodes):
            if not ready:  # a loop: its first node goes after what is already placed
                ready.append(next(node_id for node_id in in_order if node_id not in depth))
            node_id = ready.popleft()
            if node_id in depth:
                continue
            depth[node_id] = max(
                (depth[source] + 1 for source in incoming[node_id] if source in depth), default=0
            )
            for target in outgoing[node_id]:
                waiting[target] -= 1
                if waiting[target] == 0:
                    ready.append(target)
        rows: dict[int, int] = {}
        for node_id, node in self._nodes.items():
            column = depth[node_id]
            row = rows.get(column, 0)
            rows[column] = row + 1
            x, y = _MARGIN + column * _COLUMN_WIDTH, _MARGIN + row * _ROW_HEIGHT
            placed = node.position
            if not (
                isinstance(placed, Position)
                and (placed.x, placed.y) == (x, y)
                and not placed.additional_properties
            ):
                node.position = Position(x=x, y=y)
