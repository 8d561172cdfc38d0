from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Execution")


@_attrs_define
class Execution:
    """One run of a workflow. `status` is `pending`, `running`, `success`, `error` or
    `cancelled` (a declared status the server never sets itself). `duration` is
    milliseconds **as a string**.

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

        # The fields are set on a new instance directly: the object __init__ would make, without
        # the call (and the additional_properties dict it makes only to be replaced below).
        execution = cls.__new__(cls)
        execution.id = id
        execution.workflow_id = workflow_id
        execution.status = status
        execution.started_at = started_at
        execution.user_id = user_id
        execution.input_ = input_
        execution.output = output
        execution.error = error
        execution.completed_at = completed_at
        execution.duration = duration

        execution.additional_properties = d
        return execution

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
