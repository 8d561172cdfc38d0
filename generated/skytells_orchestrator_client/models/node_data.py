from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, in_wire_order

T = TypeVar("T", bound="NodeData")


@_attrs_define
class NodeData:
    """What a node does. `status` is one of `idle`, `running`, `success`, `error` (other values
    may appear and are kept). Stored as the caller sent it, so nothing is required: the
    editor's own node type makes `config`, `description`, `status` and `enabled` optional.

        Attributes:
            label (str | Unset):
            description (str | Unset):
            type_ (str | Unset): `trigger` or `action`.
            config (Any | NodeConfig | Unset): A `NodeConfig`; any other JSON stored here (a list, a string, `null`) is kept
                as is,
                so the node is written back unchanged.
            status (str | Unset): `idle`, `running`, `success` or `error`.
            enabled (bool | Unset):
    """

    label: str | Unset = UNSET
    description: str | Unset = UNSET
    type_: str | Unset = UNSET
    config: Any | NodeConfig | Unset = UNSET
    status: str | Unset = UNSET
    enabled: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    _wire_keys: tuple[str, ...] | None = _attrs_field(
        init=False, default=None, eq=False, repr=False
    )

    def to_dict(self) -> dict[str, Any]:
        label = self.label

        description = self.description

        type_ = self.type_

        config: Any | dict[str, Any] | Unset
        if isinstance(self.config, Unset):
            config = UNSET
        elif isinstance(self.config, NodeConfig):
            config = self.config.to_dict()
        else:
            config = self.config

        status = self.status

        enabled = self.enabled

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if label is not UNSET:
            field_dict["label"] = label
        if description is not UNSET:
            field_dict["description"] = description
        if type_ is not UNSET:
            field_dict["type"] = type_
        if config is not UNSET:
            field_dict["config"] = config
        if status is not UNSET:
            field_dict["status"] = status
        if enabled is not UNSET:
            field_dict["enabled"] = enabled

        if self._wire_keys is not None:
            return in_wire_order(field_dict, self._wire_keys)
        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        label = d.pop("label", UNSET)

        description = d.pop("description", UNSET)

        type_ = d.pop("type", UNSET)

        def _parse_config(data: object) -> Any | NodeConfig | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                config_type_0 = _NodeConfig_from_dict(data)

                return config_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Any | NodeConfig | Unset, data)

        config = _parse_config(d.pop("config", UNSET))

        status = d.pop("status", UNSET)

        enabled = d.pop("enabled", UNSET)

        # The fields are set on a new instance directly: the object __init__ would make, without
        # the call (and the additional_properties dict it makes only to be replaced below).
        node_data = cls.__new__(cls)
        node_data.label = label
        node_data.description = description
        node_data.type_ = type_
        node_data.config = config
        node_data.status = status
        node_data.enabled = enabled

        node_data.additional_properties = d
        node_data._wire_keys = None
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


# After the class on purpose: see the template's header.
from ..models.node_config import NodeConfig

_NodeConfig_from_dict = NodeConfig.from_dict
