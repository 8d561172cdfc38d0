from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AiGenerateRequest")


@_attrs_define
class AiGenerateRequest:
    """A prompt, and optionally the workflow to edit.

    Attributes:
        prompt (str):
        existing_workflow (ExistingWorkflow | Unset): The workflow the generated operations edit.
    """

    prompt: str
    existing_workflow: ExistingWorkflow | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        existing_workflow: dict[str, Any] | Unset = UNSET
        if not isinstance(self.existing_workflow, Unset):
            existing_workflow = self.existing_workflow.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "prompt": prompt,
            }
        )
        if existing_workflow is not UNSET:
            field_dict["existingWorkflow"] = existing_workflow

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        _existing_workflow = d.pop("existingWorkflow", UNSET)
        existing_workflow: ExistingWorkflow | Unset
        if _existing_workflow is UNSET:
            existing_workflow = UNSET
        else:
            existing_workflow = _ExistingWorkflow_from_dict(_existing_workflow)

        # The fields are set on a new instance directly: the object __init__ would make, without
        # the call (and the additional_properties dict it makes only to be replaced below).
        ai_generate_request = cls.__new__(cls)
        ai_generate_request.prompt = prompt
        ai_generate_request.existing_workflow = existing_workflow

        ai_generate_request.additional_properties = d
        return ai_generate_request

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
from ..models.existing_workflow import ExistingWorkflow

_ExistingWorkflow_from_dict = ExistingWorkflow.from_dict
