from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Node")


@_attrs_define
class Node:
    """A step of a workflow, as the server stores it: exactly as the caller sent it. Nothing is
    required and unknown fields are kept (the editor adds `measured`, `selected`,
    `dragging`, `width`, `height`; its placeholder node has `type: add`). The types below are
    the editor's: a request may store any object (`StoredNode`), and an answer gives it back
    as sent, so a reader keeps a node that does not fit them.

        Attributes:
            id (str | Unset):
            type_ (str | Unset): `trigger` or `action`; the editor's placeholder is `add` (other values are kept).
            position (Position | Unset): A node's place on the editor canvas (as stored; nothing is required).
            data (NodeData | Unset): What a node does. `status` is one of `idle`, `running`, `success`, `error` (other
                values
                may appear and are kept). Stored as the caller sent it, so nothing is required: the
                editor's own node type makes `config`, `description`, `status` and `enabled` optional.
    """

    id: str | Unset = UNSET
    type_: str | Unset = UNSET
    position: Position | Unset = UNSET
    data: NodeData | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type_

        position: dict[str, Any] | Unset = UNSET
        if not isinstance(self.position, Unset):
            position = self.position.to_dict()

        data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if type_ is not UNSET:
            field_dict["type"] = type_
        if position is not UNSET:
            field_dict["position"] = position
        if data is not UNSET:
            field_dict["data"] = data

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        type_ = d.pop("type", UNSET)

        _position = d.pop("position", UNSET)
        position: Position | Unset
        if _position is UNSET:
            position = UNSET
        else:
            position = _Position_from_dict(_position)

        _data = d.pop("data", UNSET)
        data: NodeData | Unset
        if _data is UNSET:
            data = UNSET
        else:
            data = _NodeData_from_dict(_data)

        # The fields are set on a new instance directly: the object __init__ would make, without
        # the call (and the additional_properties dict it makes only to be replaced below).
        node = cls.__new__(cls)
        node.id = id
        node.type_ = type_
        node.position = position
        node.data = data

        node.additional_properties = d
        return node

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
from ..models.node_data import NodeData

_NodeData_from_dict = NodeData.from_dict
from ..models.position import Position

_Position_from_dict = Position.from_dict
