"""input_schema / check_input: the Webhook trigger's webhookSchema as JSON Schema."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from skytells_orchestrator import (
    InvalidWorkflowError,
    SkytellsError,
    Workflow,
    WorkflowDraft,
    check_input,
    input_schema,
)
from skytells_orchestrator._authoring import ensure_valid_input

LOGGER = "skytells_orchestrator"

FIELDS = [
    {"name": "email", "type": "string", "description": "Who signed up"},
    {"name": "seats", "type": "number"},
    {"name": "trial", "type": "boolean"},
    {
        "name": "address",
        "type": "object",
        "fields": [{"name": "city", "type": "string"}, {"name": "zip", "type": "string"}],
    },
    {"name": "tags", "type": "array", "itemType": "string"},
    {
        "name": "items",
        "type": "array",
        "itemType": "object",
        "fields": [{"name": "sku", "type": "string"}, {"name": "qty", "type": "number"}],
    },
]
GOOD = {
    "email": "ada@example.com",
    "seats": 3,
    "trial": False,
    "address": {"city": "Paris", "zip": "75001"},
    "tags": ["a", "b"],
    "items": [{"sku": "x", "qty": 1.5}],
    "extra": "allowed",
}


def webhook_nodes(schema: Any = None, trigger_type: str = "Webhook") -> list[dict[str, Any]]:
    config: dict[str, Any] = {"triggerType": trigger_type}
    if schema is not None:
        config["webhookSchema"] = schema if isinstance(schema, str) else json.dumps(schema)
    return [
        {
            "id": "hook",
            "type": "trigger",
            "position": {"x": 0, "y": 0},
            "data": {"label": "Hook", "type": "trigger", "config": config},
        },
        {
            "id": "a",
            "type": "action",
            "position": {"x": 0, "y": 0},
            "data": {"label": "A", "type": "action", "config": {"actionType": "HTTP Request"}},
        },
    ]


def test_input_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = input_schema(webhook_nodes(FIELDS))
    assert schema is not None
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    assert schema["required"] == ["email", "seats", "trial", "address", "tags", "items"]
    assert schema["properties"]["email"] == {"type": "string", "description": "Who signed up"}
    assert schema["properties"]["address"] == {
        "type": "object",
        "properties": {"city": {"type": "string"}, "zip": {"type": "string"}},
        "required": ["city", "zip"],
    }
    assert schema["properties"]["tags"] == {"type": "array", "items": {"type": "string"}}
    assert schema["properties"]["items"]["items"]["properties"]["qty"] == {"type": "number"}
    assert "additionalProperties" not in schema


@pytest.mark.parametrize(
    "nodes",
    [
        webhook_nodes(),  # no schema
        webhook_nodes(""),
        webhook_nodes(FIELDS, trigger_type="Manual"),
        webhook_nodes("{broken"),
        webhook_nodes({"name": "not a list"}),
        [],
    ],
)
def test_input_schema_none(nodes: list[dict[str, Any]]) -> None:
    assert input_schema(nodes) is None


def test_input_schema_reads_workflows_drafts_and_mappings() -> None:
    nodes = webhook_nodes(FIELDS)
    workflow = Workflow.from_dict(
        {
            "id": "wf",
            "name": "n",
            "userId": "u",
            "visibility": "private",
            "createdAt": "2026-01-13T08:27:12.123Z",
            "updatedAt": "2026-01-13T08:27:12.123Z",
            "nodes": nodes,
            "edges": [],
        }
    )
    expected = input_schema(nodes)
    assert input_schema(workflow) == expected
    assert input_schema(WorkflowDraft(nodes=nodes)) == expected
    assert input_schema({"nodes": nodes, "edges": []}) == expected


@pytest.mark.parametrize("bad", [5, "nodes", {"edges": []}, {"nodes": "x"}, object()])
def test_input_schema_refuses_what_holds_no_nodes(bad: Any) -> None:
    with pytest.raises(SkytellsError) as caught:
        input_schema(bad)
    assert caught.value.error_id == "SDK_ERROR"


def test_unknown_field_types_accept_anything_and_nameless_fields_are_reported() -> None:
    nodes = webhook_nodes([{"name": "when", "type": "date"}, {"type": "string"}, "junk"])
    schema = input_schema(nodes)
    assert schema is not None
    assert schema["properties"] == {"when": {}}
    problems = check_input(nodes, {"when": 12})
    assert [(p.code, p.severity) for p in problems] == [("INVALID_WEBHOOK_SCHEMA", "warning")]
    assert "2 field(s)" in problems[0].message


def test_good_input_has_no_problems() -> None:
    assert check_input(webhook_nodes(FIELDS), GOOD) == []


def test_wrong_types_are_errors_naming_the_field_path() -> None:
    data = {
        **GOOD,
        "seats": "3",
        "trial": 1,
        "address": {"city": 75, "zip": "75001"},
        "tags": ["a", 2],
        "items": [{"sku": "x", "qty": True}],
    }
    problems = check_input(webhook_nodes(FIELDS), data)
    assert all(p.severity == "error" and p.code == "INPUT_WRONG_TYPE" for p in problems)
    assert sorted(p.path or "" for p in problems) == [
        "address.city",
        "items[0].qty",
        "seats",
        "tags[1]",
        "trial",
    ]
    seats = next(p for p in problems if p.path == "seats")
    assert seats.message == "seats must be of type number, got string"
    assert seats.node_id == "hook"


def test_missing_fields_are_warnings() -> None:
    problems = check_input(webhook_nodes(FIELDS), {"email": "a@b.c", "address": {"city": "X"}})
    assert all(p.severity == "warning" and p.code == "INPUT_MISSING_FIELD" for p in problems)
    assert sorted(p.path or "" for p in problems) == [
        "address.zip",
        "items",
        "seats",
        "tags",
        "trial",
    ]


def test_a_body_that_is_not_an_object_is_an_error() -> None:
    problems = check_input(webhook_nodes(FIELDS), ["not", "an", "object"])
    assert [(p.code, p.severity) for p in problems] == [("INPUT_WRONG_TYPE", "error")]
    assert "got array" in problems[0].message


def test_a_workflow_without_a_webhook_trigger_is_reported() -> None:
    problems = check_input(webhook_nodes(FIELDS, trigger_type="Schedule"), GOOD)
    assert [(p.code, p.severity, p.node_id) for p in problems] == [
        ("WEBHOOK_NOT_CONFIGURED", "warning", "hook")
    ]
    assert [p.code for p in check_input([], {})] == ["WEBHOOK_NOT_CONFIGURED"]


def test_no_schema_means_nothing_to_check() -> None:
    assert check_input(webhook_nodes(), {"anything": [1, 2]}) == []
    broken = check_input(webhook_nodes("[{"), {"anything": 1})
    assert [(p.code, p.severity) for p in broken] == [("INVALID_WEBHOOK_SCHEMA", "warning")]


def test_deeply_nested_schema_is_bounded() -> None:
    field: dict[str, Any] = {"name": "leaf", "type": "string"}
    for depth in range(200):
        field = {"name": f"level{depth}", "type": "object", "fields": [field]}
    schema = input_schema(webhook_nodes([field]))
    assert schema is not None  # no RecursionError; the deepest levels accept anything
    assert check_input(webhook_nodes([field]), {"level199": {}}) != []


def test_ensure_valid_input(caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(InvalidWorkflowError) as caught:
        ensure_valid_input(webhook_nodes(FIELDS), {**GOOD, "seats": "many"})
    assert caught.value.error_id == "INVALID_INPUT"
    assert [p.path for p in caught.value.problems] == ["seats"]
    assert "seats must be of type number" in str(caught.value)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        ensure_valid_input(webhook_nodes(FIELDS), {"email": "a@b.c"})
    assert "INPUT_MISSING_FIELD" in caplog.text
