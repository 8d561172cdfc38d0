"""The Orchestrator's catalogue of triggers and actions, read from the shipped ``catalogue.json``.

``catalogue.json`` holds the facts read from the server's code (``source`` names the commit):
every trigger and action type, its config keys (type, required flag, options, default) and
outputs, the integration types with their credential keys, and the exact error each step
returns for missing config. It is the single source of the generated builders
(``blocks/_builders.py``, written by ``scripts/generate_blocks.py``), of the catalogue checks of
``validate_workflow`` and of the ``blocks`` commands. It is read on first use only.

This module also names the Python side of each block: the builder function and the keyword
argument of each config key, so that the generator, the command line and the docs agree.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from typing import Any, Literal

import attrs

__all__ = [
    "BlockSpec",
    "Catalogue",
    "ConfigKey",
    "IntegrationSpec",
    "load",
]

BlockKind = Literal["trigger", "action"]

# Arguments whose names are shorter than the config key (the contract for the system
# blocks and triggers); every other argument is the config key in snake_case.
_ARGUMENT_NAMES = {
    ("HTTP Request", "httpMethod"): "method",
    ("HTTP Request", "httpHeaders"): "headers",
    ("HTTP Request", "httpBody"): "body",
    ("Database Query", "dbQuery"): "query",
    ("Database Query", "dbSchema"): "schema",
    ("Webhook", "webhookSchema"): "schema",
    ("Webhook", "webhookMockRequest"): "mock_request",
    ("Schedule", "scheduleCron"): "cron",
    ("Schedule", "scheduleTimezone"): "timezone",
}
# Builder defaults that differ from the catalogue's (the dashboard shows POST but writes
# nothing; the builder writes its method, GET unless told).
_ARGUMENT_DEFAULTS = {("HTTP Request", "httpMethod"): "GET"}
# Keys a builder requires although the step runs without them (an empty condition is false).
_REQUIRED_ARGUMENTS = {("Condition", "condition")}


def snake_case(name: str) -> str:
    """``slackChannel`` → ``slack_channel``; ``ai-gateway/generate-text`` → ``ai_gateway_…``."""
    name = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name)
    return re.sub(r"[^0-9a-zA-Z]+", "_", name).strip("_").lower()


@attrs.frozen
class ConfigKey:
    """One config key of a trigger or action.

    Attributes:
        key: The key in ``data.config`` (``slackChannel``).
        type: The dashboard's field type (``template-input``, ``select``, ``code-editor``, …).
        required: Whether the step needs it (see the catalogue's ``legend``).
        argument: The builder's keyword argument for it (``slack_channel``).
        options: The values a ``select`` offers; empty otherwise.
        default: The value the dashboard shows when it is unset, or None.
        language: ``json`` or ``sql`` for a code editor, else None.
        argument_required: Whether the builder requires the argument (the required keys,
            and a Condition's ``condition``, which runs as false without one).
    """

    key: str
    type: str
    required: bool
    argument: str
    options: tuple[str, ...] = ()
    default: str | None = None
    language: str | None = None
    argument_required: bool = False


@attrs.frozen
class BlockSpec:
    """One trigger or action type of the catalogue.

    Attributes:
        kind: ``"trigger"`` or ``"action"``.
        type: The ``triggerType`` or ``actionType`` written into ``data.config``.
        label: The dashboard's name for it (the builders' default ``label``).
        category: ``Trigger``, ``System`` or the integration's name.
        integration: The integration type whose credentials it needs, or None.
        legacy_names: Older action type names the server still runs.
        config: Its config keys.
        outputs: The fields of its output (``{{@id:Label.field}}``).
        builder: The name of its builder in ``skytells_orchestrator.blocks``.
    """

    kind: BlockKind
    type: str
    label: str
    category: str
    integration: str | None
    legacy_names: tuple[str, ...]
    config: tuple[ConfigKey, ...]
    outputs: tuple[str, ...]
    builder: str

    @property
    def required_keys(self) -> tuple[str, ...]:
        """The config keys the step needs."""
        return tuple(item.key for item in self.config if item.required)


@attrs.frozen
class IntegrationSpec:
    """One integration type: its name and its credential keys (``apiKey``, …)."""

    type: str
    label: str
    credential_keys: tuple[str, ...]


@attrs.frozen
class Catalogue:
    """Every trigger, action and integration type the Orchestrator knows.

    >>> from skytells_orchestrator import blocks
    >>> blocks.catalogue().find("slack/send-message").builder
    'slack_send_message'

    Attributes:
        source: Where the facts were read (the server's repository and commit).
        triggers: The trigger types (``Manual``, ``Schedule``, ``Webhook``).
        actions: The action types.
        integrations: The integration types.
    """

    source: str
    triggers: tuple[BlockSpec, ...]
    actions: tuple[BlockSpec, ...]
    integrations: tuple[IntegrationSpec, ...]

    def find(self, type_name: str) -> BlockSpec | None:
        """The action (by ``actionType`` or a legacy name) or trigger of that type, or None."""
        for spec in self.actions:
            if type_name == spec.type or type_name in spec.legacy_names:
                return spec
        for spec in self.triggers:
            if type_name == spec.type:
                return spec
        return None

    @property
    def categories(self) -> tuple[str, ...]:
        """The categories of the blocks, in catalogue order (``Trigger`` first)."""
        return tuple(dict.fromkeys(spec.category for spec in (*self.triggers, *self.actions)))


def _config_key(owner: str, item: dict[str, Any]) -> ConfigKey:
    key = str(item["key"])
    default = _ARGUMENT_DEFAULTS.get((owner, key), item.get("default"))
    return ConfigKey(
        key=key,
        type=str(item["type"]),
        required=bool(item.get("required")),
        argument=_ARGUMENT_NAMES.get((owner, key), snake_case(key)),
        options=tuple(str(option) for option in item.get("options", ())),
        default=None if default is None else str(default),
        language=item.get("language"),
        argument_required=bool(item.get("required")) or (owner, key) in _REQUIRED_ARGUMENTS,
    )


def _spec(kind: BlockKind, item: dict[str, Any]) -> BlockSpec:
    if kind == "trigger":
        type_name = str(item["triggerType"])
        label, category = f"{type_name} trigger", "Trigger"
        builder = f"{snake_case(type_name)}_trigger"
    else:
        type_name = str(item["actionType"])
        label, category, builder = str(item["label"]), str(item["category"]), snake_case(type_name)
    config = tuple(_config_key(type_name, entry) for entry in item.get("config", ()))
    return BlockSpec(
        kind=kind,
        type=type_name,
        label=label,
        category=category,
        integration=item.get("integration"),
        legacy_names=tuple(item.get("legacyNames", ())),
        config=config,
        outputs=tuple(str(name) for name in item.get("outputs", ())),
        builder=builder,
    )


@functools.cache
def load() -> Catalogue:
    """The catalogue, read once from the shipped data file."""
    text = resources.files("skytells_orchestrator").joinpath("catalogue.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return Catalogue(
        source=str(data["source"]),
        triggers=tuple(_spec("trigger", item) for item in data["triggers"]),
        actions=tuple(_spec("action", item) for item in data["actions"]),
        integrations=tuple(
            IntegrationSpec(
                type=str(item["type"]),
                label=str(item["label"]),
                credential_keys=tuple(str(entry["key"]) for entry in item["config"]),
            )
            for item in data["integrations"]
        ),
    )
