from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="NodeUpdates")


@_attrs_define
class NodeUpdates:
    """The parts of a node that an `updateNode` operation changes.

    Attributes:
        position (Position | Unset): A node's place on the editor canvas (as stored; nothing is required).
        data (JsonObject | Unset): A free-form JSON object.
    """

    position: Position | Unset = UNSET
    data: JsonObject | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        position: dict[str, Any] | Unset = UNSET
        if not isinstance(self.position, Unset):
            position = self.position.to_dict()

        data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if position is not UNSET:
            field_dict["position"] = position
        if data is not UNSET:
            field_dict["data"] = data

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        _position = d.pop("position", UNSET)
        position: Position | Unset
        if _position is UNSET:
            position = UNSET
        else:
            position = _Position_from_dict(_position)

        _data = d.pop("data", UNSET)
        data: JsonObject | Unset
        if _data is UNSET:
            data = UNSET
        else:
            data = _JsonObject_from_dict(_data)

        # The fields are set on a new instance directly: the object __init__ would make, without
        # the call (and the additional_properties dict it makes only to be replaced below).
        node_updates = cls.__new__(cls)
        node_updates.position = position
        node_updates.data = data

        node_updates.additional_properties = d
        return node_updates

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
from ..models.json_object import JsonObject

_JsonObject_from_dict = JsonObject.from_dict
from ..models.position import Position

_Position_from_dict = Position.from_dict
