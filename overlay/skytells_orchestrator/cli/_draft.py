"""A workflow draft built from AI operations, applied the way the editor applies them.

Kept apart from the commands on purpose: it is pure (no I/O), works on the JSON form of the
operations, and can be replaced by an SDK-level draft without touching ``ai.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["Draft"]


class Draft:
    """Name, description, nodes and edges after the operations seen so far.

    >>> draft = Draft()
    >>> draft.apply({"op": "addNode", "node": {"id": "a", "data": {"label": "Start"}}})
    >>> draft.apply({"op": "removeNode", "nodeId": "a"})
    >>> draft.nodes
    []
    """

    def __init__(self) -> None:
        self.name: str | None = None
        self.description: str | None = None
        self.nodes: list[dict[str, Any]] = []
        self.edges: list[dict[str, Any]] = []

    def apply(self, operation: Mapping[str, Any]) -> None:
        """Apply one operation; one without its needed field, or unknown, is ignored."""
        op = operation.get("op")
        if op == "setName" and isinstance(operation.get("name"), str):
            self.name = operation["name"]
        elif op == "setDescription" and isinstance(operation.get("description"), str):
            self.description = operation["description"]
        elif op == "addNode" and isinstance(operation.get("node"), Mapping):
            self.nodes.append(dict(operation["node"]))
        elif op == "addEdge" and isinstance(operation.get("edge"), Mapping):
            self.edges.append(dict(operation["edge"]))
        elif op == "removeNode" and isinstance(operation.get("nodeId"), str):
            node_id = operation["nodeId"]
            self.nodes = [node for node in self.nodes if node.get("id") != node_id]
            self.edges = [
                edge
                for edge in self.edges
                if edge.get("source") != node_id and edge.get("target") != node_id
            ]
        elif op == "removeEdge" and isinstance(operation.get("edgeId"), str):
            self.edges = [edge for edge in self.edges if edge.get("id") != operation["edgeId"]]
        elif op == "updateNode" and isinstance(operation.get("nodeId"), str):
            self._update(operation["nodeId"], operation.get("updates"))

    def _update(self, node_id: str, updates: Any) -> None:
        if not isinstance(updates, Mapping):
            return
        for node in self.nodes:
            if node.get("id") != node_id:
                continue
            if isinstance(updates.get("position"), Mapping):
                node["position"] = dict(updates["position"])
            if isinstance(updates.get("data"), Mapping):
                data = node.get("data")
                node["data"] = {**(data if isinstance(data, Mapping) else {}), **updates["data"]}

    def to_dict(self) -> dict[str, Any]:
        """``{name, description, nodes, edges}``, ready for ``workflows create --from-file``."""
        return {
            "name": self.name,
            "description": self.description,
            "nodes": self.nodes,
            "edges": self.edges,
        }
