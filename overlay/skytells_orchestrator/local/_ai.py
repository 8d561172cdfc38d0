"""Deterministic stand-in for the AI workflow generator.

The same prompt always yields the same operations, so tests can assert on them. Words of the
prompt pick the trigger and the actions:

- trigger: ``webhook`` → Webhook; ``schedule``/``daily``/``hourly``/``every``/``cron`` →
  Schedule; otherwise Manual;
- actions (in the order their words appear, at most four): slack → ``slack/send-message``,
  email/mail → ``resend/send-email``, http/api/request/fetch → ``HTTP Request``,
  database/db/sql/query → ``Database Query``, ticket/issue/linear → ``linear/create-ticket``,
  summarize/summarise/ai/generate → ``ai-gateway/generate-text``, condition/if →
  ``Condition``; none of them → one HTTP Request.

Action types are what the hosted generator asks its model for: its system prompt lists the
system actions by name and every plugin action by its id ``<integration>/<slug>`` (never by
a legacy name), with an example config; node labels are the actions' labels.

With ``existingWorkflow`` the generator only adds: new actions after the right-most existing
node (or after a new trigger, when there is none: a trigger with an incoming edge would start
nothing), and no setName/setDescription when the workflow has a name.
A Condition tests the workflow's trigger, new or existing.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from typing import Any

from ._engine import find_trigger

__all__ = ["generate_operations"]

# (words, action type, label, config): the config keys and values of the hosted prompt's
# example configs. A Condition's expression names the workflow's trigger, so it is made there.
_ACTIONS: list[tuple[frozenset[str], str, str, dict[str, Any]]] = [
    (
        frozenset({"slack"}),
        "slack/send-message",
        "Send Slack Message",
        {"slackChannel": "#general", "slackMessage": "New event"},
    ),
    (
        frozenset({"email", "mail", "e-mail"}),
        "resend/send-email",
        "Send Email",
        {
            "emailFrom": "Support <support@example.com>",
            "emailTo": "team@example.com",
            "emailSubject": "Notification",
            "emailBody": "Hello",
        },
    ),
    (
        frozenset({"http", "api", "request", "fetch", "call"}),
        "HTTP Request",
        "HTTP Request",
        {"httpMethod": "POST", "endpoint": "https://api.example.com/hook"},
    ),
    (
        frozenset({"database", "db", "sql", "query"}),
        "Database Query",
        "Database Query",
        {"dbQuery": "SELECT 1", "dbTable": "events"},
    ),
    (
        frozenset({"ticket", "issue", "linear"}),
        "linear/create-ticket",
        "Create Ticket",
        {"ticketTitle": "New ticket", "ticketPriority": "2"},
    ),
    (
        frozenset({"summarize", "summarise", "summary", "ai", "generate"}),
        "ai-gateway/generate-text",
        "Generate Text",
        {"aiFormat": "text", "aiModel": "meta/llama-4-scout", "aiPrompt": "Summarize the input"},
    ),
    (frozenset({"condition", "if"}), "Condition", "Condition", {}),
]

_SPACING = 250
_MAX_ACTIONS = 4


def _words(prompt: str) -> list[str]:
    return re.findall(r"[a-z0-9][a-z0-9-]*", prompt.lower())


def _trigger_type(words: list[str]) -> str:
    if "webhook" in words:
        return "Webhook"
    if {"schedule", "scheduled", "daily", "hourly", "every", "cron"} & set(words):
        return "Schedule"
    return "Manual"


def _actions(words: list[str]) -> list[tuple[str, str, dict[str, Any]]]:
    """(action type, label, config) of the actions the words ask for."""
    chosen: list[tuple[str, str, dict[str, Any]]] = []
    for word in words:
        for keywords, action_type, label, config in _ACTIONS:
            if word in keywords and all(action_type != name for name, _, _ in chosen):
                chosen.append((action_type, label, config))
    if not chosen:
        chosen.append(_ACTIONS[2][1:])
    return chosen[:_MAX_ACTIONS]


def _template_part(text: str) -> str:
    """``text`` fit for one part of ``{{@nodeId:Label.field}}`` (no ``:``, ``.``, braces)."""
    return re.sub(r"[:.{}]", "_", text)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "node"


def _workflow_name(prompt: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", prompt)[:4]
    return " ".join(word.capitalize() for word in words) + " Workflow" if words else "Workflow"


def _node(
    node_id: str, kind: str, label: str, x: int, y: int, config: dict[str, Any]
) -> dict[str, Any]:
    return {
        "id": node_id,
        "type": kind,
        "position": {"x": x, "y": y},
        "data": {
            "label": label,
            "description": "",
            "type": kind,
            "config": config,
            "status": "idle",
        },
    }


def generate_operations(prompt: str, existing: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The operations (``{"op": ...}``) generated for a prompt, in streaming order.

    Example::

        ops = generate_operations("Send a Slack message on webhook", None)
        [op["op"] for op in ops][:3] == ["setName", "setDescription", "addNode"]
    """
    words = _words(prompt)
    existing_nodes = [
        node
        for node in (existing.get("nodes") if existing else None) or []
        if isinstance(node, Mapping)
    ]
    existing_ids = {str(node.get("id")) for node in existing_nodes}
    existing_edges = (existing.get("edges") if existing else None) or []
    existing_edge_ids = {
        str(edge.get("id")) for edge in existing_edges if isinstance(edge, Mapping)
    }
    operations: list[dict[str, Any]] = []
    if not (existing and existing.get("name")):
        operations.append({"op": "setName", "name": _workflow_name(prompt)})
        operations.append(
            {"op": "setDescription", "description": f"Generated from: {prompt.strip()[:200]}"}
        )

    def unique(base: str, taken: set[str]) -> str:
        candidate, counter = base, 2
        while candidate in taken:
            candidate = f"{base}-{counter}"
            counter += 1
        taken.add(candidate)
        return candidate

    # Chain new nodes after the right-most existing node, or from a new trigger.
    previous_id: str | None = None
    x, y = 100, 200
    if existing_nodes:

        def position(node: Mapping[str, Any]) -> tuple[int, int]:
            value = node.get("position")
            if not isinstance(value, Mapping):
                return 0, 200
            x_value, y_value = value.get("x"), value.get("y")
            return (
                int(x_value) if isinstance(x_value, int | float) else 0,
                int(y_value) if isinstance(y_value, int | float) else 200,
            )

        last = max(existing_nodes, key=lambda node: position(node)[0])
        previous_id = str(last.get("id"))
        x, y = position(last)
        x += _SPACING
    trigger = find_trigger(existing_nodes)

    new_nodes: list[dict[str, Any]] = []
    if trigger is None:
        trigger_type = _trigger_type(words)
        config: dict[str, Any] = {"triggerType": trigger_type}
        if trigger_type == "Webhook":
            config["webhookPath"] = "/webhooks/" + _slug(_workflow_name(prompt))
        if trigger_type == "Schedule":
            config["scheduleCron"] = "0 9 * * *"
        trigger_id = unique("trigger-1", existing_ids)
        trigger = _node(trigger_id, "trigger", f"{trigger_type} Trigger", x, y, config)
        new_nodes.append(trigger)
        x += _SPACING
        previous_id = None  # a trigger with an incoming edge would start nothing
    trigger_data = trigger.get("data")
    trigger_label = trigger_data.get("label") if isinstance(trigger_data, Mapping) else None
    if not (isinstance(trigger_label, str) and trigger_label):
        trigger_label = "Trigger"
    trigger_ref = (
        "{{@" + _template_part(str(trigger.get("id"))) + ":" + _template_part(trigger_label)
    ) + ".ok}}"
    for action_type, label, action_config in _actions(words):
        node_id = unique(_slug(label), existing_ids)
        if action_type == "Condition":
            action_config = {"condition": f"{trigger_ref} === true"}
        new_nodes.append(
            _node(node_id, "action", label, x, y, {"actionType": action_type, **action_config})
        )
        x += _SPACING

    operations.extend({"op": "addNode", "node": node} for node in new_nodes)
    chain = ([previous_id] if previous_id else []) + [node["id"] for node in new_nodes]
    for index, (source, target) in enumerate(itertools.pairwise(chain), start=1):
        edge_id = unique(f"e{index}", existing_edge_ids)
        operations.append(
            {
                "op": "addEdge",
                "edge": {"id": edge_id, "source": source, "target": target, "type": "default"},
            }
        )
    return operations
