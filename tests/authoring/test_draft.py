"""WorkflowDraft: each AI operation applied as the editor applies it, odd ones ignored."""

from __future__ import annotations

import copy
import logging
from typing import Any

import pytest
from skytells_orchestrator import AiOperation, Workflow, WorkflowDraft
from skytells_orchestrator._authoring import build_draft

LOGGER = "skytells_orchestrator"

# A known action that needs no config or integration: no catalogue warning.
CONDITION = {"actionType": "Condition"}


def node(node_id: str, kind: str = "action", **data: Any) -> dict[str, Any]:
    return {
        "id": node_id,
        "type": kind,
        "position": {"x": 0, "y": 0},
        "data": {
            "label": node_id,
            "type": kind,
            "config": CONDITION if kind == "action" else {},
            **data,
        },
    }


def edge(edge_id: str, source: str, target: str) -> dict[str, Any]:
    return {"id": edge_id, "source": source, "target": target}


def graph() -> dict[str, Any]:
    return {
        "name": "Saved",
        "description": "kept",
        "nodes": [node("t", "trigger"), node("a"), node("b")],
        "edges": [edge("e1", "t", "a"), edge("e2", "a", "b"), edge("e3", "b", "t")],
    }


def test_set_name_and_description() -> None:
    draft = build_draft(
        [{"op": "setName", "name": "One"}, {"op": "setDescription", "description": "Two"}]
    )
    assert (draft.name, draft.description) == ("One", "Two")
    assert (draft.applied_operations, draft.ignored_operations) == (2, 0)


@pytest.mark.parametrize(
    "operation",
    [
        {"op": "setName"},
        {"op": "setName", "name": ""},
        {"op": "setName", "name": 7},
        {"op": "setDescription"},
        {"op": "setDescription", "description": ""},
        {"op": "addNode"},
        {"op": "addNode", "node": "n1"},
        {"op": "addNode", "node": []},
        {"op": "addEdge"},
        {"op": "addEdge", "edge": None},
        {"op": "removeNode"},
        {"op": "removeNode", "nodeId": ""},
        {"op": "removeEdge"},
        {"op": "updateNode", "nodeId": "a"},
        {"op": "updateNode", "updates": {"position": {"x": 1, "y": 1}}},
        {"op": "updateNode", "nodeId": "a", "updates": "move it"},
        {"op": "renameEverything", "name": "x"},
        {"name": "no op at all"},
        {"op": None},
        "not an object",
        None,
    ],
)
def test_operations_the_editor_ignores_are_counted_and_logged(
    operation: Any, caplog: pytest.LogCaptureFixture
) -> None:
    start = graph()
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        draft = build_draft([operation], start)
    assert draft.ignored_operations == 1
    assert draft.applied_operations == 0
    assert (draft.name, draft.description) == ("Saved", "kept")
    assert draft.nodes == start["nodes"]
    assert draft.edges == start["edges"]
    assert "Ignoring AI operation 1" in caplog.text


def test_add_node_and_edge_append_in_order() -> None:
    draft = build_draft(
        [
            {"op": "addNode", "node": node("t", "trigger")},
            {"op": "addNode", "node": node("a")},
            {"op": "addEdge", "edge": edge("e1", "t", "a")},
            # The editor appends even a duplicate; validation reports it.
            {"op": "addNode", "node": node("a")},
        ]
    )
    assert [n["id"] for n in draft.nodes] == ["t", "a", "a"]
    assert draft.edges == [edge("e1", "t", "a")]


def test_remove_node_drops_its_edges_both_ways() -> None:
    draft = build_draft([{"op": "removeNode", "nodeId": "a"}], graph())
    assert [n["id"] for n in draft.nodes] == ["t", "b"]
    # e1 ended at a, e2 started at a; e3 does not touch it.
    assert [e["id"] for e in draft.edges] == ["e3"]


def test_remove_node_of_unknown_id_changes_nothing_but_counts_as_applied() -> None:
    draft = build_draft([{"op": "removeNode", "nodeId": "ghost"}], graph())
    assert [n["id"] for n in draft.nodes] == ["t", "a", "b"]
    assert draft.applied_operations == 1


def test_empty_objects_count_as_given_like_in_the_editor() -> None:
    draft = build_draft(
        [
            {"op": "addNode", "node": {}},
            {"op": "updateNode", "nodeId": "a", "updates": {}},
            {"op": "updateNode", "nodeId": "b", "updates": {"position": {}, "data": {}}},
        ],
        graph(),
    )
    assert draft.applied_operations == 3
    assert draft.nodes[-1] == {}
    assert draft.nodes[1] == graph()["nodes"][1]
    assert draft.nodes[2]["position"] == {}
    assert draft.nodes[2]["data"] == graph()["nodes"][2]["data"]


def test_remove_edge() -> None:
    draft = build_draft([{"op": "removeEdge", "edgeId": "e2"}], graph())
    assert [e["id"] for e in draft.edges] == ["e1", "e3"]
    assert [n["id"] for n in draft.nodes] == ["t", "a", "b"]


def test_update_node_replaces_position_and_merges_data_shallowly() -> None:
    start = graph()
    start["nodes"][1]["data"]["config"] = {"actionType": "HTTP Request", "endpoint": "x"}
    draft = build_draft(
        [
            {
                "op": "updateNode",
                "nodeId": "a",
                "updates": {
                    "position": {"x": 40},
                    "data": {"label": "Renamed", "config": {"actionType": "Send Email"}},
                },
            }
        ],
        start,
    )
    updated = draft.nodes[1]
    assert updated["position"] == {"x": 40}  # replaced, not merged
    assert updated["data"]["label"] == "Renamed"
    assert updated["data"]["type"] == "action"  # kept: the merge is shallow over data
    assert updated["data"]["config"] == {"actionType": "Send Email"}  # replaced whole
    assert draft.nodes[0] == start["nodes"][0]


def test_update_node_with_only_data_keeps_position_and_fills_missing_data() -> None:
    start = {"nodes": [{"id": "odd", "position": {"x": 5, "y": 6}}], "edges": []}
    draft = build_draft(
        [{"op": "updateNode", "nodeId": "odd", "updates": {"data": {"type": "action"}}}], start
    )
    assert draft.nodes == [{"id": "odd", "position": {"x": 5, "y": 6}, "data": {"type": "action"}}]


def test_operations_apply_on_top_of_the_existing_workflow_without_changing_it() -> None:
    start = graph()
    before = copy.deepcopy(start)
    draft = build_draft(
        [
            {"op": "updateNode", "nodeId": "a", "updates": {"data": {"label": "New"}}},
            {"op": "addNode", "node": node("c")},
            {"op": "addEdge", "edge": edge("e4", "b", "c")},
        ],
        start,
    )
    assert start == before
    assert draft.name == "Saved"
    assert draft.description == "kept"
    assert [n["id"] for n in draft.nodes] == ["t", "a", "b", "c"]
    assert draft.nodes[1]["data"]["label"] == "New"
    assert [e["id"] for e in draft.edges] == ["e1", "e2", "e3", "e4"]


def test_existing_workflow_may_be_a_model() -> None:
    saved = Workflow.from_dict(
        {
            "id": "wf_1",
            "name": "Model",
            "description": None,
            "userId": "u",
            "visibility": "private",
            "createdAt": "2026-01-13T08:27:12.123Z",
            "updatedAt": "2026-01-13T08:27:12.123Z",
            **{key: graph()[key] for key in ("nodes", "edges")},
        }
    )
    draft = build_draft([{"op": "removeEdge", "edgeId": "e3"}], saved)
    assert draft.name == "Model"
    assert draft.description is None
    assert [e["id"] for e in draft.edges] == ["e1", "e2"]


def test_operations_may_be_generated_models() -> None:
    operations = [
        AiOperation.from_dict({"op": "setName", "name": "From models"}),
        AiOperation.from_dict({"op": "addNode", "node": node("t", "trigger")}),
        AiOperation.from_dict(
            {"op": "updateNode", "nodeId": "t", "updates": {"position": {"x": 9, "y": 9}}}
        ),
    ]
    draft = build_draft(operations)
    assert draft.name == "From models"
    assert draft.nodes[0]["position"] == {"x": 9, "y": 9}


def test_create_arguments() -> None:
    draft = build_draft(
        [{"op": "setName", "name": "Flow"}, {"op": "addNode", "node": node("t", "trigger")}]
    )
    arguments = draft.create_arguments()
    assert arguments == {"name": "Flow", "nodes": [node("t", "trigger")], "edges": []}
    arguments["nodes"][0]["id"] = "changed"
    assert draft.nodes[0]["id"] == "t"  # the arguments are copies

    described = WorkflowDraft(name=None, description="d").create_arguments()
    assert described == {
        "name": "Untitled Workflow",
        "description": "d",
        "nodes": [],
        "edges": [],
    }


def test_draft_validate_uses_the_graph_checks() -> None:
    draft = build_draft([{"op": "addNode", "node": node("a")}])
    assert [problem.code for problem in draft.validate()] == ["NO_TRIGGER"]
