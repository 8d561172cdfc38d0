"""What every generated builder shares: checking its arguments and making the ``Node``.

The builders in ``_builders.py`` are generated from the catalogue; each one checks its
arguments with the helpers here and hands the config to ``trigger_node`` or ``action_node``.
"""

from __future__ import annotations

import json
import math
import secrets
import string
from collections.abc import Mapping
from typing import Any

from skytells_orchestrator_client.models import Node

from .._errors import sdk_error

__all__ = [
    "JsonText",
    "action_node",
    "condition_text",
    "json_text",
    "number_text",
    "ref",
    "text",
    "trigger_node",
]

# A value written into config as JSON text: the text itself, or what json.dumps writes.
JsonText = str | Mapping[str, Any] | list[Any]
_ID_ALPHABET = string.ascii_lowercase + string.digits
_ID_SUFFIX = 6


def text(value: Any, argument: str, *, required: bool = False) -> str | None:
    """A string argument; None when left out. A required one may not be empty."""
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise sdk_error(f"{argument} must be a string, got {type(value).__name__}")
    if required and not value.strip():
        raise sdk_error(f"{argument} is required and must not be empty")
    return value


def json_text(value: Any, argument: str, *, required: bool = False) -> str | None:
    """JSON text as given, or a mapping/list written as the JSON text the server stores."""
    if isinstance(value, Mapping | list):
        try:
            return json.dumps(value, allow_nan=False, ensure_ascii=False)
        except (TypeError, ValueError, RecursionError) as exc:
            raise sdk_error(f"{argument} cannot be written as JSON: {exc}") from None
    if value is not None and not isinstance(value, str):
        raise sdk_error(
            f"{argument} must be JSON text, a mapping or a list, got {type(value).__name__}"
        )
    return text(value, argument, required=required)


def number_text(value: Any, argument: str, *, required: bool = False) -> str | None:
    """A number field: the dashboard stores its text (``"10"``)."""
    if isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
        raise sdk_error(f"{argument} must be a finite number or text, got {value!r}")
    if isinstance(value, int | float):
        return str(value)
    return text(value, argument, required=required)


def condition_text(value: Any, argument: str) -> str | bool:
    """A Condition's expression (``"{{@a:A.status}} === 200"``), or a boolean used as is."""
    if isinstance(value, bool):
        return value
    result = text(value, argument, required=True)
    assert result is not None
    return result


def _node_id(node_id: Any, default_prefix: str) -> str:
    if node_id is None:
        suffix = "".join(secrets.choice(_ID_ALPHABET) for _ in range(_ID_SUFFIX))
        return f"{default_prefix}_{suffix}"
    if not isinstance(node_id, str):
        raise sdk_error(f"id must be a string, got {type(node_id).__name__}")
    if not node_id.strip() or ":" in node_id or "}" in node_id:
        raise sdk_error(
            f"id {node_id!r} cannot name a node: it must not be empty or contain ':' or '}}'"
        )
    return node_id


def _node(
    kind: str, config: dict[str, Any], label: Any, node_id: Any, default_label: str, prefix: str
) -> Node:
    if label is None:
        label = default_label
    elif not isinstance(label, str) or not label.strip():
        raise sdk_error(f"label must be a non-empty string, got {label!r}")
    return Node.from_dict(
        {
            "id": _node_id(node_id, prefix),
            "type": kind,
            "position": {"x": 0, "y": 0},
            "data": {
                "label": label,
                "description": "",
                "type": kind,
                "config": {key: value for key, value in config.items() if value is not None},
                "status": "idle",
            },
        }
    )


def trigger_node(
    trigger_type: str,
    config: dict[str, Any],
    *,
    label: Any,
    node_id: Any,
    default_label: str,
    prefix: str,
) -> Node:
    """A trigger node as the dashboard stores it (``triggerType`` written first)."""
    return _node(
        "trigger", {"triggerType": trigger_type, **config}, label, node_id, default_label, prefix
    )


def action_node(
    action_type: str,
    config: dict[str, Any],
    *,
    label: Any,
    node_id: Any,
    integration_id: Any = None,
    default_label: str,
    prefix: str,
) -> Node:
    """An action node as the dashboard stores it (``actionType``, then ``integrationId``)."""
    integration = text(integration_id, "integration_id")
    if integration is not None and not integration.strip():
        raise sdk_error("integration_id must not be empty")
    return _node(
        "action",
        {"actionType": action_type, "integrationId": integration, **config},
        label,
        node_id,
        default_label,
        prefix,
    )


def _id_and_label(node: Any) -> tuple[str, str]:
    plain = node.to_dict() if isinstance(node, Node) else node
    node_id = plain.get("id") if isinstance(plain, Mapping) else None
    data = plain.get("data") if isinstance(plain, Mapping) else None
    label = data.get("label") if isinstance(data, Mapping) else None
    if not isinstance(node_id, str) or not node_id:
        raise sdk_error(f"ref() needs a node with an id, got {type(node).__name__}")
    return node_id, label if isinstance(label, str) and label else node_id


def ref(node: Node | Mapping[str, Any], path: str | None = None) -> str:
    """The template that reads an earlier node's output when the workflow runs.

    The executor replaces ``{{@<id>:<label>.<path>}}`` with that node's output field
    (objects as JSON); a node that has not run before leaves the text as it is.

    >>> from skytells_orchestrator import blocks
    >>> lookup = blocks.http_request(endpoint="https://example.com", id="lookup", label="Lookup")
    >>> blocks.ref(lookup, "data.plan")
    '{{@lookup:Lookup.data.plan}}'

    Args:
        node: The node whose output is read (a ``Node`` or its mapping).
        path: A dot path into its output (``"data.plan"``, ``"issues.0.title"``); None reads
            the whole output.

    Returns:
        The template text, to put into a later node's config.

    Raises:
        SkytellsError: ``SDK_ERROR`` when the node has no id, the path is not text, or the id,
            label or path holds a character the template syntax cannot carry.
    """
    node_id, label = _id_and_label(node)
    if path is not None and (not isinstance(path, str) or not path.strip(".")):
        raise sdk_error(f"path must be a non-empty dot path, got {path!r}")
    for what, value, forbidden in (
        ("id", node_id, ":}"),
        ("label", label, ".}"),
        ("path", path or "", "}"),
    ):
        bad = [char for char in forbidden if char in value]
        if bad:
            raise sdk_error(
                f"the node's {what} {value!r} contains {bad[0]!r}, which a template cannot carry"
            )
    return f"{{{{@{node_id}:{label}{'.' + path if path else ''}}}}}"
