from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, in_wire_order

T = TypeVar("T", bound="NodeConfig")


@_attrs_define
class NodeConfig:
    """A node's settings. Trigger nodes carry `triggerType` (`Manual`, `Webhook`, `Schedule`, …),
    action nodes `actionType`; nodes that call a service carry `integrationId`. Everything
    else is free-form and kept.

        Attributes:
            trigger_type (str | Unset):
            action_type (str | Unset):
            integration_id (str | Unset):
    """

    trigger_type: str | Unset = UNSET
    action_type: str | Unset = UNSET
    integration_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _wire_keys: tuple[str, ...] | None = _attrs_field(
        init=False, default=None, eq=False, repr=False
    )

    def to_dict(self) -> dict[str, Any]:
        trigger_type = self.trigger_type

        action_type = self.action_type

        integration_id = self.integration_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if trigger_type is not UNSET:
            field_dict["triggerType"] = trigger_type
        if action_type is not UNSET:
            field_dict["actionType"] = action_type
        if integration_id is not UNSET:
            field_dict["integrationId"] = integration_id

        if self._wire_keys is not None:
            return in_wire_order(field_dict, self._wire_keys)
        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        trigger_type = d.pop("triggerType", UNSET)

        action_type = d.pop("actionType", UNSET)

        integration_id = d.pop("integrationId", UNSET)

        # The fields are set on a new instance directly: the object __init__ would make, without
        # the call (and the additional_properties dict it makes only to be replaced below).
        node_config = cls.__new__(cls)
        node_config.trigger_type = trigger_type
        node_config.action_type = action_type
        node_config.integration_id = integration_id

        node_config.additional_properties = d
        node_config._wire_keys = None
        return node_config

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
