from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ExecuteWorkflowRequest")


@_attrs_define
class ExecuteWorkflowRequest:
    """The input of a manual run: `input`, when sent, is an object whose fields become the
    trigger data. The hosted service does not check it (a falsy value counts as `{}`); the
    local server refuses any other value with a 400.

        Attributes:
            input_ (JsonObject | Unset): A free-form JSON object.
    """

    input_: JsonObject | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        input_: dict[str, Any] | Unset = UNSET
        if not isinstance(self.input_, Unset):
            input_ = self.input_.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if input_ is not UNSET:
            field_dict["input"] = input_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        _input_ = d.pop("input", UNSET)
        input_: JsonObject | Unset
        if _input_ is UNSET:
            input_ = UNSET
        else:
            input_ = _JsonObject_from_dict(_input_)

        # The fields are set on a new instance directly: the object __init__ would make, without
        # the call (and the additional_properties dict it makes only to be replaced below).
        execute_workflow_request = cls.__new__(cls)
        execute_workflow_request.input_ = input_

        execute_workflow_request.additional_properties = d
        return execute_workflow_request

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
