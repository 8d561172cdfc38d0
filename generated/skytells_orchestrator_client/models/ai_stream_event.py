from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AiStreamEvent")


@_attrs_define
class AiStreamEvent:
    """One enveloped line of the stream. `type` is `operation` (with `operation`), `complete`
    (the last line of a good stream) or `error` (with `error`; the stream then ends).
    Other types may appear and are skipped.

        Attributes:
            type_ (str):
            operation (AiOperation | Unset): One edit to the workflow being generated. `op` is `setName`, `setDescription`,
                `addNode`, `addEdge`, `removeNode`, `removeEdge` or `updateNode`; a new op is kept and
                passed on. The other fields go with the op: `name` (setName), `description`
                (setDescription), `node` (addNode), `edge` (addEdge), `nodeId` (removeNode, updateNode),
                `edgeId` (removeEdge), `updates` (updateNode).
            error (str | Unset):
    """

    type_: str
    operation: AiOperation | Unset = UNSET
    error: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        operation: dict[str, Any] | Unset = UNSET
        if not isinstance(self.operation, Unset):
            operation = self.operation.to_dict()

        error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if operation is not UNSET:
            field_dict["operation"] = operation
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        type_ = d.pop("type")

        _operation = d.pop("operation", UNSET)
        operation: AiOperation | Unset
        if _operation is UNSET:
            operation = UNSET
        else:
            operation = _AiOperation_from_dict(_operation)

        error = d.pop("error", UNSET)

        # The fields are set on a new instance directly: the object __init__ would make, without
        # the call (and the additional_properties dict it makes only to be replaced below).
        ai_stream_event = cls.__new__(cls)
        ai_stream_event.type_ = type_
        ai_stream_event.operation = operation
        ai_stream_event.error = error

        ai_stream_event.additional_properties = d
        return ai_stream_event

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
from ..models.ai_operation import AiOperation

_AiOperation_from_dict = AiOperation.from_dict
