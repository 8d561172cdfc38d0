from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, in_wire_order

T = TypeVar("T", bound="Edge")


@_attrs_define
class Edge:
    """A connection from one node to the next, as the server stores it: exactly as the caller
    sent it. Nothing is required and unknown fields are kept. The types below are the
    editor's: a request may store any object (`StoredEdge`), given back as sent.

        Attributes:
            id (str | Unset):
            source (str | Unset):
            target (str | Unset):
            type_ (str | Unset):
    """

    id: str | Unset = UNSET
    source: str | Unset = UNSET
    target: str | Unset = UNSET
    type_: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _wire_keys: tuple[str, ...] | None = _attrs_field(
        init=False, default=None, eq=False, repr=False
    )

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        source = self.source

        target = self.target

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if source is not UNSET:
            field_dict["source"] = source
        if target is not UNSET:
            field_dict["target"] = target
        if type_ is not UNSET:
            field_dict["type"] = type_

        if self._wire_keys is not None:
            return in_wire_order(field_dict, self._wire_keys)
        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        source = d.pop("source", UNSET)

        target = d.pop("target", UNSET)

        type_ = d.pop("type", UNSET)

        # The fields are set on a new instance directly: the object __init__ would make, without
        # the call (and the additional_properties dict it makes only to be replaced below).
        edge = cls.__new__(cls)
        edge.id = id
        edge.source = source
        edge.target = target
        edge.type_ = type_

        edge.additional_properties = d
        edge._wire_keys = None
        return edge

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
