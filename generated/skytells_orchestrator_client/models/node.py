from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.node_data import NodeData
    from ..models.position import Position


T = TypeVar("T", bound="Node")


@_attrs_define
class Node:
    """A step of a workflow. Unknown fields are kept.

    Attributes:
        id (str):
        type_ (str): `trigger` or `action` (other values are kept).
        position (Position): A node's place on the editor canvas.
        data (NodeData): What a node does. `status` is one of `idle`, `running`, `success`, `error` (other values
            may appear and are kept).
    """

    id: str
    type_: str
    position: Position
    data: NodeData
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type_

        position = self.position.to_dict()

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "position": position,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.node_data import NodeData
        from ..models.position import Position

        d = dict(src_dict)
        id = d.pop("id")

        type_ = d.pop("type")

        position = Position.from_dict(d.pop("position"))

        data = NodeData.from_dict(d.pop("data"))

        node = cls(
            id=id,
            type_=type_,
            position=position,
            data=data,
        )

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
