from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ExecutionWithWorkflow")


@_attrs_define
class ExecutionWithWorkflow:
    """An execution with the workflow it ran.

    Attributes:
        id (str):
        workflow_id (str):
        status (str): `pending`, `running`, `success`, `error` or `cancelled`.
        started_at (datetime.datetime):
        user_id (str | Unset):
        input_ (Any | Unset): The run's input: any JSON value (the trigger data; `null` when none).
        output (Any | Unset): The run's result: any JSON value (`null` while running).
        error (None | str | Unset):
        completed_at (datetime.datetime | None | Unset):
        duration (None | str | Unset): Milliseconds, as a string.
        workflow (Workflow | Unset): A workflow. `visibility` is `private` or `public`. `isOwner` is present on the
            answers of
            get, update and duplicate.
    """

    id: str
    workflow_id: str
    status: str
    started_at: datetime.datetime
    user_id: str | Unset = UNSET
    input_: Any | Unset = UNSET
    output: Any | Unset = UNSET
    error: None | str | Unset = UNSET
    completed_at: datetime.datetime | None | Unset = UNSET
    duration: None | str | Unset = UNSET
    workflow: Workflow | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        workflow_id = self.workflow_id

        status = self.status

        started_at = self.started_at.isoformat()

        user_id = self.user_id

        input_ = self.input_

        output = self.output

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        completed_at: None | str | Unset
        if isinstance(self.completed_at, Unset):
            completed_at = UNSET
        elif isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        duration: None | str | Unset
        if isinstance(self.duration, Unset):
            duration = UNSET
        else:
            duration = self.duration

        workflow: dict[str, Any] | Unset = UNSET
        if not isinstance(self.workflow, Unset):
            workflow = self.workflow.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "workflowId": workflow_id,
                "status": status,
                "startedAt": started_at,
            }
        )
        if user_id is not UNSET:
            field_dict["userId"] = user_id
        if input_ is not UNSET:
            field_dict["input"] = input_
        if output is not UNSET:
            field_dict["output"] = output
        if error is not UNSET:
            field_dict["error"] = error
        if completed_at is not UNSET:
            field_dict["completedAt"] = completed_at
        if duration is not UNSET:
            field_dict["duration"] = duration
        if workflow is not UNSET:
            field_dict["workflow"] = workflow

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        workflow_id = d.pop("workflowId")

        status = d.pop("status")

        started_at = datetime.datetime.fromisoformat(d.pop("startedAt"))

        user_id = d.pop("userId", UNSET)

        input_ = d.pop("input", UNSET)

        output = d.pop("output", UNSET)

        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_completed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        completed_at = _parse_completed_at(d.pop("completedAt", UNSET))

        def _parse_duration(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        duration = _parse_duration(d.pop("duration", UNSET))

        _workflow = d.pop("workflow", UNSET)
        workflow: Workflow | Unset
        if _workflow is UNSET:
            workflow = UNSET
        else:
            workflow = _Workflow_from_dict(_workflow)

        # The fields are set on a new instance directly: the object __init__ would make, without
        # the call (and the additional_properties dict it makes only to be replaced below).
        execution_with_workflow = cls.__new__(cls)
        execution_with_workflow.id = id
        execution_with_workflow.workflow_id = workflow_id
        execution_with_workflow.status = status
        execution_with_workflow.started_at = started_at
        execution_with_workflow.user_id = user_id
        execution_with_workflow.input_ = input_
        execution_with_workflow.output = output
        execution_with_workflow.error = error
        execution_with_workflow.completed_at = completed_at
        execution_with_workflow.duration = duration
        execution_with_workflow.workflow = workflow

        execution_with_workflow.additional_properties = d
        return execution_with_workflow

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
from ..models.workflow import Workflow

_Workflow_from_dict = Workflow.from_dict
