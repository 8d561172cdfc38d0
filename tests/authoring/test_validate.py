"""validate_workflow: one test per problem code, models and odd nodes included."""

from __future__ import annotations

import json
import logging
import pickle
from typing import Any

import pytest
from skytells_orchestrator import (
    Edge,
    InvalidWorkflowError,
    Node,
    SkytellsError,
    WorkflowProblem,
    validate_workflow,
)
from skytells_orchestrator._authoring import ensure_valid_workflow

LOGGER = "skytells_orchestrator"


def node(node_id: str, kind: str = "action", **config: Any) -> dict[str, Any]:
    if kind == "action" and not config:
        config = {"actionType": "Condition"}  # known, and needs no config or integration
    return {
        "id": node_id,
        "type": kind,
        "position": {"x": 0, "y": 0},
        "data": {"label": node_id, "type": kind, "config": config},
    }


def trigger(node_id: str = "t", trigger_type: str = "Manual", **config: Any) -> dict[str, Any]:
    return node(node_id, "trigger", triggerType=trigger_type, **config)


def edge(edge_id: str, source: str, target: str) -> dict[str, Any]:
    return {"id": edge_id, "source": source, "target": target}


def codes(problems: list[WorkflowProblem]) -> list[tuple[str, str]]:
    return [(problem.code, problem.severity) for problem in problems]


def test_a_good_graph_and_an_empty_one_have_no_problems() -> None:
    nodes = [trigger(), node("a"), node("b")]
    edges = [edge("e1", "t", "a"), edge("e2", "t", "b")]
    assert validate_workflow(nodes, edges) == []
    assert validate_workflow([], []) == []
    assert validate_workflow(None, None) == []


def test_models_and_mappings_are_read_alike() -> None:
    nodes = [Node.from_dict(trigger()), node("a")]
    edges = [Edge.from_dict(edge("e1", "t", "a")), edge("e2", "a", "ghost")]
    problems = validate_workflow(nodes, edges)
    assert codes(problems) == [("EDGE_UNKNOWN_NODE", "error")]
    assert (problems[0].edge_id, problems[0].node_id) == ("e2", "ghost")


def test_no_trigger_at_all() -> None:
    problems = validate_workflow([node("a"), node("b")], [edge("e1", "a", "b")])
    assert codes(problems) == [("NO_TRIGGER", "error")]
    assert "no trigger node" in problems[0].message


def test_no_trigger_without_an_incoming_edge() -> None:
    # The executor starts only at triggers nothing points to.
    problems = validate_workflow(
        [trigger(), node("a")], [edge("e1", "t", "a"), edge("e2", "a", "t")]
    )
    assert codes(problems) == [("NO_TRIGGER", "error"), ("CYCLE", "warning")]
    assert "incoming edge" in problems[0].message


def test_an_edge_from_a_missing_node_also_hides_a_trigger() -> None:
    problems = validate_workflow([trigger()], [edge("e1", "ghost", "t")])
    assert codes(problems) == [("EDGE_UNKNOWN_NODE", "error"), ("NO_TRIGGER", "error")]


def test_trigger_found_by_data_type_not_by_node_type() -> None:
    odd = node("t", "action")
    odd["type"] = "trigger"  # the React Flow type alone does not make a start node
    assert codes(validate_workflow([odd], [])) == [("NO_TRIGGER", "error")]


def test_duplicate_node_id() -> None:
    problems = validate_workflow([trigger(), node("a"), node("a")], [edge("e1", "t", "a")])
    assert codes(problems) == [("DUPLICATE_NODE_ID", "error")]
    assert problems[0].node_id == "a"


def test_duplicate_edge_id() -> None:
    problems = validate_workflow(
        [trigger(), node("a"), node("b")], [edge("e1", "t", "a"), edge("e1", "t", "b")]
    )
    assert codes(problems) == [("DUPLICATE_EDGE_ID", "error")]
    assert problems[0].edge_id == "e1"


def test_edge_unknown_node_names_both_missing_ends() -> None:
    problems = validate_workflow([trigger()], [edge("e1", "t", "x"), edge("e2", "y", "z")])
    assert codes(problems) == [("EDGE_UNKNOWN_NODE", "error")] * 2
    assert problems[0].node_id == "x"
    assert "'y'" in problems[1].message and "'z'" in problems[1].message


def test_unreachable_node() -> None:
    problems = validate_workflow([trigger(), node("a"), node("island")], [edge("e1", "t", "a")])
    assert codes(problems) == [("UNREACHABLE_NODE", "warning")]
    assert problems[0].node_id == "island"


def test_cycle_reports_the_edge_that_closes_it() -> None:
    problems = validate_workflow(
        [trigger(), node("a"), node("b")],
        [edge("e1", "t", "a"), edge("e2", "a", "b"), edge("e3", "b", "a"), edge("e4", "b", "b")],
    )
    assert codes(problems) == [("CYCLE", "warning")] * 2
    assert {(p.edge_id, p.node_id) for p in problems} == {("e3", "a"), ("e4", "b")}


def test_long_chain_and_diamond_are_not_cycles() -> None:
    count = 5000  # deep enough to break a recursive search
    nodes = [trigger(), *(node(f"n{i}") for i in range(count))]
    edges = [edge("e-start", "t", "n0")]
    edges += [edge(f"e{i}", f"n{i}", f"n{i + 1}") for i in range(count - 1)]
    edges += [edge("skip", "t", f"n{count - 1}")]
    assert validate_workflow(nodes, edges) == []


def test_unknown_node_type_and_placeholder_nodes() -> None:
    placeholder = {"id": "add-1", "type": "add", "position": {"x": 0, "y": 0}, "data": {}}
    no_data = {"id": "bare"}
    weird = node("w")
    weird["data"]["type"] = "loop"
    problems = validate_workflow(
        [trigger(), placeholder, no_data, weird],
        [edge("e1", "t", "add-1"), edge("e2", "t", "bare"), edge("e3", "t", "w")],
    )
    assert codes(problems) == [("UNKNOWN_NODE_TYPE", "warning")] * 3
    assert [p.node_id for p in problems] == ["add-1", "bare", "w"]
    assert "'loop'" in problems[2].message


def test_webhook_trigger_that_the_server_would_not_use() -> None:
    problems = validate_workflow(
        [trigger("manual"), trigger("hook", "Webhook"), node("a")],
        [edge("e1", "manual", "a"), edge("e2", "hook", "a")],
    )
    assert codes(problems) == [("WEBHOOK_NOT_CONFIGURED", "warning")]
    assert problems[0].node_id == "hook"


def test_unreadable_webhook_schema_is_a_warning() -> None:
    problems = validate_workflow([trigger("hook", "Webhook", webhookSchema="{not json")], [])
    assert codes(problems) == [("INVALID_WEBHOOK_SCHEMA", "warning")]


def test_odd_items_are_problems_not_crashes() -> None:
    problems = validate_workflow(
        [trigger(), "a string", {"id": ""}, {"id": 5}, {"data": None}],
        [None, {"id": "e1"}, {"source": "t", "target": "t"}, edge("e2", "t", "t")],
    )
    assert codes(problems) == [
        ("INVALID_NODE", "error"),
        ("INVALID_NODE", "error"),
        ("INVALID_NODE", "error"),
        ("INVALID_NODE", "error"),
        ("INVALID_EDGE", "error"),
        ("INVALID_EDGE", "error"),
        ("INVALID_EDGE", "error"),
        ("NO_TRIGGER", "error"),  # both self-loops point back at the only trigger
        ("CYCLE", "warning"),
        ("CYCLE", "warning"),
    ]


@pytest.mark.parametrize("bad", ["nodes", b"nodes", {"id": "t"}, 5])
def test_wrong_argument_types_raise_a_typed_error(bad: Any) -> None:
    with pytest.raises(SkytellsError) as caught:
        validate_workflow(bad, [])
    assert caught.value.error_id == "SDK_ERROR"


def test_ensure_valid_workflow_raises_with_every_problem() -> None:
    nodes = [node("a"), node("a"), node("island")]
    with pytest.raises(InvalidWorkflowError) as caught:
        ensure_valid_workflow(nodes, [edge("e1", "a", "ghost")])
    error = caught.value
    assert isinstance(error, SkytellsError)
    assert error.error_id == "INVALID_WORKFLOW"
    assert [p.code for p in error.problems if p.is_error] == [
        "DUPLICATE_NODE_ID",
        "EDGE_UNKNOWN_NODE",
        "NO_TRIGGER",
    ]
    assert "DUPLICATE_NODE_ID" in str(error) and "3 errors" in str(error)
    assert "NO_TRIGGER" in error.message
    assert error.details is None  # the message already names every problem
    restored = pickle.loads(pickle.dumps(error))
    assert restored.problems == error.problems
    assert restored.error_id == "INVALID_WORKFLOW"


def test_problems_beyond_the_message_are_in_the_details() -> None:
    nodes = [node(f"a{i}") for i in range(5)] + [trigger(), node("island")]
    edges = [edge(f"e{i}", f"a{i}", "ghost") for i in range(5)]
    with pytest.raises(InvalidWorkflowError) as caught:
        ensure_valid_workflow(nodes, edges)
    error = caught.value
    assert "5 errors" in error.message and "(and 2 more)" in error.message
    details = (error.details or "").splitlines()
    assert details[:2] == [
        "error EDGE_UNKNOWN_NODE: edge 'e3' joins 'a3' to 'ghost', but there is no node 'ghost'",
        "error EDGE_UNKNOWN_NODE: edge 'e4' joins 'a4' to 'ghost', but there is no node 'ghost'",
    ]
    assert sum("UNREACHABLE_NODE" in line for line in details) == 6


def test_ensure_valid_workflow_logs_warnings_and_passes() -> None:
    logger = logging.getLogger(LOGGER)
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(logging.WARNING)
    logger.addHandler(handler)
    try:
        ensure_valid_workflow([trigger(), node("island")], [])
    finally:
        logger.removeHandler(handler)
    assert [r.levelno for r in records] == [logging.WARNING]
    assert "UNREACHABLE_NODE" in records[0].getMessage()


def test_partial_update_checks_only_what_it_can() -> None:
    # Only nodes: no edge is known, so nothing is called unreachable.
    ensure_valid_workflow([trigger(), node("a")], None)
    with pytest.raises(InvalidWorkflowError) as caught:
        ensure_valid_workflow([node("a")], None)
    assert [p.code for p in caught.value.problems] == ["NO_TRIGGER"]
    # Only edges: their ends cannot be checked, their ids can.
    ensure_valid_workflow(None, [edge("e1", "x", "y")])
    with pytest.raises(InvalidWorkflowError) as caught:
        ensure_valid_workflow(None, [edge("e1", "x", "y"), edge("e1", "y", "x")])
    assert [p.code for p in caught.value.problems] == ["DUPLICATE_EDGE_ID"]


def test_problem_is_frozen_and_readable() -> None:
    problem = WorkflowProblem("CYCLE", "warning", "loops", edge_id="e1")
    assert str(problem) == "warning CYCLE: loops"
    assert not problem.is_error
    with pytest.raises(AttributeError):
        problem.code = "X"  # type: ignore[misc]
    assert json.dumps(problem.message)
