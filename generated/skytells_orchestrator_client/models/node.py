from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, in_wire_order

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
            position (Any | Position | Unset): A `Position`; any other JSON stored here (a list, a string, `null`) is kept
                as is,
                so the node is written back unchanged.
            data (Any | NodeData | Unset): A `NodeData`; any other JSON stored here (a list, a string, `null`) is kept as
                is,
                so the node is written back unchanged.
    """

    id: str | Unset = UNSET
    type_: str | Unset = UNSET
    position: Any | Position | Unset = UNSET
    data: Any | NodeData | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _wire_keys: tuple[str, ...] | None = _attrs_field(
        init=False, default=None, eq=False, repr=False
    )

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type_

        position: Any | dict[str, Any] | Unset
        if isinstance(self.position, Unset):
            position = UNSET
        elif isinstance(self.position, Position):
            position = self.position.to_dict()
        else:
            position = self.position

        data: Any | dict[str, Any] | Unset
        if isinstance(self.data, Unset):
            data = UNSET
        elif isinstance(self.data, NodeData):
            data = self.data.to_dict()
        else:
            data = self.data

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

        if self._wire_keys is not None:
            return in_wire_order(field_dict, self._wire_keys)
        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        type_ = d.pop("type", UNSET)

        def _parse_position(data: object) -> Any | Position | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                position_type_0 = _Position_from_dict(data)

                return position_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Any | Position | Unset, data)

        position = _parse_position(d.pop("position", UNSET))

        def _parse_data(data: object) -> Any | NodeData | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                data_type_0 = _NodeData_from_dict(data)

                return data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Any | NodeData | Unset, data)

        data = _parse_data(d.pop("data", UNSET))

        # The fields are set on a new instance directly: the object __init__ would make, without
        # the call (and the additional_properties dict it makes only to be replaced below).
        node = cls.__new__(cls)
        node.id = id
        node.type_ = type_
        node.position = position
        node.data = data

        node.additional_properties = d
        node._wire_keys = None
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
