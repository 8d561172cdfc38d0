from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LogEntry")


@_attrs_define
class LogEntry:
    """What one node did in one execution. Secrets are redacted by the server.

    Attributes:
        id (str):
        execution_id (str):
        node_id (str):
        status (str): `pending`, `running`, `success` or `error`.
        node_name (str | Unset):
        node_type (str | Unset): `trigger` for a trigger; an action's `actionType` (e.g. `HTTP Request`).
        input_ (Any | Unset): What the node received: any JSON value, secrets redacted.
        output (Any | Unset): What the node produced: any JSON value; a failed action's output is a plain string.
        error (None | str | Unset):
        started_at (datetime.datetime | Unset):
        completed_at (datetime.datetime | None | Unset):
        duration (None | str | Unset): Milliseconds, as a string.
        timestamp (datetime.datetime | Unset):
    """

    id: str
    execution_id: str
    node_id: str
    status: str
    node_name: str | Unset = UNSET
    node_type: str | Unset = UNSET
    input_: Any | Unset = UNSET
    output: Any | Unset = UNSET
    error: None | str | Unset = UNSET
    started_at: datetime.datetime | Unset = UNSET
    completed_at: datetime.datetime | None | Unset = UNSET
    duration: None | str | Unset = UNSET
    timestamp: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        execution_id = self.execution_id

        node_id = self.node_id

        status = self.status

        node_name = self.node_name

        node_type = self.node_type

        input_ = self.input_

        output = self.output

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        started_at: str | Unset = UNSET
        if not isinstance(self.started_at, Unset):
            started_at = self.started_at.isoformat()

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

        timestamp: str | Unset = UNSET
        if not isinstance(self.timestamp, Unset):
            timestamp = self.timestamp.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "executionId": execution_id,
                "nodeId": node_id,
                "status": status,
            }
        )
        if node_name is not UNSET:
            field_dict["nodeName"] = node_name
        if node_type is not UNSET:
            field_dict["nodeType"] = node_type
        if input_ is not UNSET:
            field_dict["input"] = input_
        if output is not UNSET:
            field_dict["output"] = output
        if error is not UNSET:
            field_dict["error"] = error
        if started_at is not UNSET:
            field_dict["startedAt"] = started_at
        if completed_at is not UNSET:
            field_dict["completedAt"] = completed_at
        if duration is not UNSET:
            field_dict["duration"] = duration
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        execution_id = d.pop("executionId")

        node_id = d.pop("nodeId")

        status = d.pop("status")

        node_name = d.pop("nodeName", UNSET)

        node_type = d.pop("nodeType", UNSET)

        input_ = d.pop("input", UNSET)

        output = d.pop("output", UNSET)

        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        _started_at = d.pop("startedAt", UNSET)
        started_at: datetime.datetime | Unset
        if _started_at is UNSET:
            started_at = UNSET
        else:
            started_at = datetime.datetime.fromisoformat(_started_at)

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

        _timestamp = d.pop("timestamp", UNSET)
        timestamp: datetime.datetime | Unset
        if _timestamp is UNSET:
            timestamp = UNSET
        else:
            timestamp = datetime.datetime.fromisoformat(_timestamp)

        # The fields are set on a new instance directly: the object __init__ would make, without
        # the call (and the additional_properties dict it makes only to be replaced below).
        log_entry = cls.__new__(cls)
        log_entry.id = id
        log_entry.execution_id = execution_id
        log_entry.node_id = node_id
        log_entry.status = status
        log_entry.node_name = node_name
        log_entry.node_type = node_type
        log_entry.input_ = input_
        log_entry.output = output
        log_entry.error = error
        log_entry.started_at = started_at
        log_entry.completed_at = completed_at
        log_entry.duration = duration
        log_entry.timestamp = timestamp

        log_entry.additional_properties = d
        return log_entry

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
