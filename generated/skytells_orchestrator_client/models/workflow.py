from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Workflow")


@_attrs_define
class Workflow:
    """A workflow. `visibility` is `private` or `public`. `isOwner` is present on the answers of
    get, update and duplicate.

        Attributes:
            id (str):
            name (str):
            user_id (str):
            nodes (list[Node]):
            edges (list[Edge]):
            visibility (str): `private` or `public`.
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            description (None | str | Unset):
            is_owner (bool | Unset):
    """

    id: str
    name: str
    user_id: str
    nodes: list[Node]
    edges: list[Edge]
    visibility: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    description: None | str | Unset = UNSET
    is_owner: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        user_id = self.user_id

        nodes = []
        for nodes_item_data in self.nodes:
            nodes_item = nodes_item_data.to_dict()
            nodes.append(nodes_item)

        edges = []
        for edges_item_data in self.edges:
            edges_item = edges_item_data.to_dict()
            edges.append(edges_item)

        visibility = self.visibility

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        is_owner = self.is_owner

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "userId": user_id,
                "nodes": nodes,
                "edges": edges,
                "visibility": visibility,
                "createdAt": created_at,
                "updatedAt": updated_at,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if is_owner is not UNSET:
            field_dict["isOwner"] = is_owner

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        user_id = d.pop("userId")

        nodes = []
        _nodes = d.pop("nodes")
        for nodes_item_data in _nodes:
            nodes_item = _Node_from_dict(nodes_item_data)

            nodes.append(nodes_item)

        edges = []
        _edges = d.pop("edges")
        for edges_item_data in _edges:
            edges_item = _Edge_from_dict(edges_item_data)

            edges.append(edges_item)

        visibility = d.pop("visibility")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        is_owner = d.pop("isOwner", UNSET)

        # The fields are set on a new instance directly: the object __init__ would make, without
        # the call (and the additional_properties dict it makes only to be replaced below).
        workflow = cls.__new__(cls)
        workflow.id = id
        workflow.name = name
        workflow.user_id = user_id
        workflow.nodes = nodes
        workflow.edges = edges
        workflow.visibility = visibility
        workflow.created_at = created_at
        workflow.updated_at = updated_at
        workflow.description = description
        workflow.is_owner = is_owner

        workflow.additional_properties = d
        return workflow

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
