from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ExecutionLogs")


@_attrs_define
class ExecutionLogs:
    """An execution (with its workflow) and its node logs, newest first.

    Attributes:
        execution (ExecutionWithWorkflow): An execution with the workflow it ran.
        logs (list[LogEntry]):
    """

    execution: ExecutionWithWorkflow
    logs: list[LogEntry]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        execution = self.execution.to_dict()

        logs = []
        for logs_item_data in self.logs:
            logs_item = logs_item_data.to_dict()
            logs.append(logs_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "execution": execution,
                "logs": logs,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        execution = _ExecutionWithWorkflow_from_dict(d.pop("execution"))

        logs = []
        _logs = d.pop("logs")
        for logs_item_data in _logs:
            logs_item = _LogEntry_from_dict(logs_item_data)

            logs.append(logs_item)

        # The fields are set on a new instance directly: the object __init__ would make, without
        # the call (and the additional_properties dict it makes only to be replaced below).
        execution_logs = cls.__new__(cls)
        execution_logs.execution = execution
        execution_logs.logs = logs

        execution_logs.additional_properties = d
        return execution_logs

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
from ..models.execution_with_workflow import ExecutionWithWorkflow

_ExecutionWithWorkflow_from_dict = ExecutionWithWorkflow.from_dict
from ..models.log_entry import LogEntry

_LogEntry_from_dict = LogEntry.from_dict
