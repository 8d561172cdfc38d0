"""validate_workflow against the catalogue: warnings for what a run would fail on."""

from __future__ import annotations

import itertools
import logging
from typing import Any

import pytest
from skytells_orchestrator import Flow, blocks, validate_workflow
from skytells_orchestrator._authoring import ensure_valid_workflow


def action(node_id: str, **config: Any) -> dict[str, Any]:
    return {
        "id": node_id,
        "type": "action",
        "data": {"label": node_id, "type": "action", "config": config},
    }


def chain(*nodes: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A Manual trigger ``t`` followed by the nodes, one after the other."""
    all_nodes = [blocks.manual_trigger(id="t", label="Start").to_dict(), *nodes]
    edges = [
        {"id": f"e{i}", "source": a["id"], "target": b["id"]}
        for i, (a, b) in enumerate(itertools.pairwise(all_nodes))
    ]
    return all_nodes, edges


def found(nodes: list[Any], edges: list[Any]) -> list[tuple[str, str | None, str | None]]:
    return [(p.code, p.node_id, p.path) for p in validate_workflow(nodes, edges)]


def test_a_flow_of_blocks_with_its_integration_has_no_warning() -> None:
    flow = Flow("Clean")
    hook = flow.add(blocks.webhook_trigger(id="hook", label="Hook"))
    call = flow.add(blocks.http_request(endpoint=blocks.ref(hook, "url"), id="call"), after=hook)
    check = flow.add(
        blocks.condition(condition=f"{blocks.ref(call, 'status')} === 'ok'"), after=call
    )
    flow.add(
        blocks.slack_send_message(
            slack_channel="#a", slack_message=blocks.ref(call, "data.name"), integration_id="int_1"
        ),
        after=check,
    )
    assert flow.validate() == []


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({"actionType": "HTTP Request"}, [("MISSING_CONFIG", "a", "endpoint")]),
        ({"actionType": "HTTP Request", "endpoint": "  "}, [("MISSING_CONFIG", "a", "endpoint")]),
        ({"actionType": "HTTP Request", "endpoint": None}, [("MISSING_CONFIG", "a", "endpoint")]),
        ({}, [("MISSING_CONFIG", "a", "actionType")]),
        ({"actionType": "Quantum Teleport"}, [("UNKNOWN_ACTION_TYPE", "a", "actionType")]),
        ({"actionType": "Webhook"}, [("UNKNOWN_ACTION_TYPE", "a", "actionType")]),
        (
            {"actionType": "Send Slack Message", "slackChannel": "#a"},
            [
                ("MISSING_CONFIG", "a", "slackMessage"),
                ("MISSING_INTEGRATION", "a", "integrationId"),
            ],
        ),
        (
            {"actionType": "Database Query", "dbQuery": "SELECT 1", "integrationId": ""},
            [("MISSING_INTEGRATION", "a", "integrationId")],
        ),
        ({"actionType": "Database Query", "dbQuery": "SELECT 1", "integrationId": "i"}, []),
        ({"actionType": "Condition"}, []),
    ],
)
def test_catalogue_warnings(config: dict[str, Any], expected: list[Any]) -> None:
    assert found(*chain(action("a", **config))) == expected
    assert all(p.severity == "warning" for p in validate_workflow(*chain(action("a", **config))))


def test_references_must_name_a_node_that_runs_before() -> None:
    first = action("first-step", actionType="HTTP Request", endpoint="https://x")
    second = action("b", actionType="HTTP Request", endpoint="{{@first-step:First.data.id}}")
    nodes, edges = chain(first, second)
    assert found(nodes, edges) == []  # an ancestor; the id part is matched as the executor does

    later = action("c", actionType="HTTP Request", endpoint="https://x/{{@d:D.x}}")
    after = action("d", actionType="HTTP Request", endpoint="{{@ghost:Ghost}} {{@d:Self}}")
    nodes, edges = chain(later, after)
    assert found(nodes, edges) == [
        ("BAD_REFERENCE", "c", "endpoint"),  # d runs after c
        ("BAD_REFERENCE", "d", "endpoint"),  # no node ghost
        ("BAD_REFERENCE", "d", "endpoint"),  # itself
    ]
    # A node of a parallel branch is not upstream either.
    branch = action("x", actionType="HTTP Request", endpoint="https://x")
    reader = action("y", actionType="HTTP Request", endpoint="{{@x:X.status}}")
    nodes = [*chain(branch)[0], reader]
    edges = [*chain(branch)[1], {"id": "e9", "source": "t", "target": "y"}]
    assert found(nodes, edges) == [("BAD_REFERENCE", "y", "endpoint")]


def test_warnings_never_refuse_a_save(caplog: pytest.LogCaptureFixture) -> None:
    nodes, edges = chain(action("a", actionType="Quantum Teleport"))
    with caplog.at_level(logging.WARNING, logger="skytells_orchestrator"):
        ensure_valid_workflow(nodes, edges)
    assert "UNKNOWN_ACTION_TYPE" in caplog.text
    # Partial updates: without edges, references are checked for existence only.
    nodes, _ = chain(action("z", actionType="HTTP Request", endpoint="{{@t:T}} {{@no:No}}"))
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="skytells_orchestrator"):
        ensure_valid_workflow(nodes, None)
    assert caplog.text.count("BAD_REFERENCE") == 1
    assert "node 'no'" in caplog.text
