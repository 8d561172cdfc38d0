from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="NodeUpdates")


@_attrs_define
class NodeUpdates:
    """The parts of a node that an `updateNode` operation changes.

    Attributes:
        position (Any | Position | Unset): A `Position`, or any other JSON the stream sent, kept as is.
        data (Any | JsonObject | Unset): A `JsonObject`, or any other JSON the stream sent, kept as is.
    """

    position: Any | Position | Unset = UNSET
    data: Any | JsonObject | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
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
        elif isinstance(self.data, JsonObject):
            data = self.data.to_dict()
        else:
            data = self.data

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

        def _parse_data(data: object) -> Any | JsonObject | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                data_type_0 = _JsonObject_from_dict(data)

                return data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Any | JsonObject | Unset, data)

        data = _parse_data(d.pop("data", UNSET))

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
