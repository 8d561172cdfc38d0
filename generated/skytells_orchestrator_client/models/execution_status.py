from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ExecutionStatus")


@_attrs_define
class ExecutionStatus:
    """An execution's status and its nodes' statuses.

    Attributes:
        status (str): `pending`, `running`, `success`, `error` or `cancelled`.
        node_statuses (list[NodeStatus]):
    """

    status: str
    node_statuses: list[NodeStatus]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        node_statuses = []
        for node_statuses_item_data in self.node_statuses:
            node_statuses_item = node_statuses_item_data.to_dict()
            node_statuses.append(node_statuses_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "nodeStatuses": node_statuses,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = d.pop("status")

        node_statuses = []
        _node_statuses = d.pop("nodeStatuses")
        for node_statuses_item_data in _node_statuses:
            node_statuses_item = _NodeStatus_from_dict(node_statuses_item_data)

            node_statuses.append(node_statuses_item)

        # The fields are set on a new instance directly: the object __init__ would make, without
        # the call (and the additional_properties dict it makes only to be replaced below).
        execution_status = cls.__new__(cls)
        execution_status.status = status
        execution_status.node_statuses = node_statuses

        execution_status.additional_properties = d
        return execution_status

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
from ..models.node_status import NodeStatus

_NodeStatus_from_dict = NodeStatus.from_dict
