from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AiOperation")


@_attrs_define
class AiOperation:
    """One edit to the workflow being generated. `op` is `setName`, `setDescription`,
    `addNode`, `addEdge`, `removeNode`, `removeEdge` or `updateNode`; a new op is kept and
    passed on. The other fields go with the op: `name` (setName), `description`
    (setDescription), `node` (addNode), `edge` (addEdge), `nodeId` (removeNode, updateNode),
    `edgeId` (removeEdge), `updates` (updateNode).

        Attributes:
            op (str):
            name (str | Unset):
            description (str | Unset):
            node (Node | Unset): A step of a workflow, as the server stores it: exactly as the caller sent it. Nothing is
                required and unknown fields are kept (the editor adds `measured`, `selected`,
                `dragging`, `width`, `height`; its placeholder node has `type: add`). The types below are
                the editor's: a request may store any object (`StoredNode`), and an answer gives it back
                as sent, so a reader keeps a node that does not fit them.
            edge (Edge | Unset): A connection from one node to the next, as the server stores it: exactly as the caller
                sent it. Nothing is required and unknown fields are kept. The types below are the
                editor's: a request may store any object (`StoredEdge`), given back as sent.
            node_id (str | Unset):
            edge_id (str | Unset):
            updates (NodeUpdates | Unset): The parts of a node that an `updateNode` operation changes.
    """

    op: str
    name: str | Unset = UNSET
    description: str | Unset = UNSET
    node: Node | Unset = UNSET
    edge: Edge | Unset = UNSET
    node_id: str | Unset = UNSET
    edge_id: str | Unset = UNSET
    updates: NodeUpdates | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        op = self.op

        name = self.name

        description = self.description

        node: dict[str, Any] | Unset = UNSET
        if not isinstance(self.node, Unset):
            node = self.node.to_dict()

        edge: dict[str, Any] | Unset = UNSET
        if not isinstance(self.edge, Unset):
            edge = self.edge.to_dict()

        node_id = self.node_id

        edge_id = self.edge_id

        updates: dict[str, Any] | Unset = UNSET
        if not isinstance(self.updates, Unset):
            updates = self.updates.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "op": op,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if node is not UNSET:
            field_dict["node"] = node
        if edge is not UNSET:
            field_dict["edge"] = edge
        if node_id is not UNSET:
            field_dict["nodeId"] = node_id
        if edge_id is not UNSET:
            field_dict["edgeId"] = edge_id
        if updates is not UNSET:
            field_dict["updates"] = updates

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        op = d.pop("op")

        name = d.pop("name", UNSET)

        description = d.pop("description", UNSET)

        _node = d.pop("node", UNSET)
        node: Node | Unset
        if _node is UNSET:
            node = UNSET
        else:
            node = _Node_from_dict(_node)

        _edge = d.pop("edge", UNSET)
        edge: Edge | Unset
        if _edge is UNSET:
            edge = UNSET
        else:
            edge = _Edge_from_dict(_edge)

        node_id = d.pop("nodeId", UNSET)

        edge_id = d.pop("edgeId", UNSET)

        _updates = d.pop("updates", UNSET)
        updates: NodeUpdates | Unset
        if _updates is UNSET:
            updates = UNSET
        else:
            updates = _NodeUpdates_from_dict(_updates)

        # The fields are set on a new instance directly: the object __init__ would make, without
        # the call (and the additional_properties dict it makes only to be replaced below).
        ai_operation = cls.__new__(cls)
        ai_operation.op = op
        ai_operation.name = name
        ai_operation.description = description
        ai_operation.node = node
        ai_operation.edge = edge
        ai_operation.node_id = node_id
        ai_operation.edge_id = edge_id
        ai_operation.updates = updates

        ai_operation.additional_properties = d
        return ai_operation

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# After the class on purpose: see the template's header.
from ..models.edge import Edge

_Edge_from_dict = Edge.from_dict
from ..models.node import Node

_Node_from_dict = Node.from_dict
from ..models.node_updates import NodeUpdates

_NodeUpdates_from_dict = NodeUpdates.from_dict
