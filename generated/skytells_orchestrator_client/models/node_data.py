from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.node_config import NodeConfig


T = TypeVar("T", bound="NodeData")


@_attrs_define
class NodeData:
    """What a node does. `status` is one of `idle`, `running`, `success`, `error` (other values
    may appear and are kept).

        Attributes:
            label (str):
            type_ (str): `trigger` or `action`.
            config (NodeConfig): A node's settings. Trigger nodes carry `triggerType` (`Manual`, `Webhook`, `Schedule`, …),
                action nodes `actionType`; nodes that call a service carry `integrationId`. Everything
                else is free-form and kept.
            description (str | Unset):
            status (str | Unset): `idle`, `running`, `success` or `error`.
            enabled (bool | Unset):
    """

    label: str
    type_: str
    config: NodeConfig
    description: str | Unset = UNSET
    status: str | Unset = UNSET
    enabled: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        label = self.label

        type_ = self.type_

        config = self.config.to_dict()

        description = self.description

        status = self.status

        enabled = self.enabled

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "label": label,
                "type": type_,
                "config": config,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if status is not UNSET:
            field_dict["status"] = status
        if enabled is not UNSET:
            field_dict["enabled"] = enabled

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.node_config import NodeConfig

        d = dict(src_dict)
        label = d.pop("label")

        type_ = d.pop("type")

        config = NodeConfig.from_dict(d.pop("config"))

        description = d.pop("description", UNSET)

        status = d.pop("status", UNSET)

        enabled = d.pop("enabled", UNSET)

        node_data = cls(
            label=label,
            type_=type_,
            config=config,
            description=description,
            status=status,
            enabled=enabled,
        )

        node_data.additional_properties = d
        return node_data

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
