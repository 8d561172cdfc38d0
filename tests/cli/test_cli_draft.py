"""The AI draft applies operations the way the editor does."""

from __future__ import annotations

from skytells_orchestrator.cli._draft import Draft


def node(node_id: str, label: str) -> dict[str, object]:
    return {"id": node_id, "type": "action", "position": {"x": 0, "y": 0}, "data": {"label": label}}


def test_operations_build_the_workflow() -> None:
    draft = Draft()
    for operation in [
        {"op": "setName", "name": "Flow"},
        {"op": "setDescription", "description": "Does things"},
        {"op": "addNode", "node": node("a", "A")},
        {"op": "addNode", "node": node("b", "B")},
        {"op": "addNode", "node": node("c", "C")},
        {"op": "addEdge", "edge": {"id": "ab", "source": "a", "target": "b"}},
        {"op": "addEdge", "edge": {"id": "bc", "source": "b", "target": "c"}},
        {"op": "addEdge", "edge": {"id": "ac", "source": "a", "target": "c"}},
        {"op": "removeNode", "nodeId": "b"},
        {"op": "removeEdge", "edgeId": "ac"},
        {"op": "updateNode", "nodeId": "c", "updates": {"position": {"x": 5, "y": 6}}},
        {"op": "updateNode", "nodeId": "a", "updates": {"data": {"description": "first"}}},
    ]:
        draft.apply(operation)
    result = draft.to_dict()
    assert (result["name"], result["description"]) == ("Flow", "Does things")
    assert [item["id"] for item in result["nodes"]] == ["a", "c"]
    # removeNode took its edges with it; removeEdge the last one.
    assert result["edges"] == []
    assert result["nodes"][1]["position"] == {"x": 5, "y": 6}
    assert result["nodes"][0]["data"] == {"label": "A", "description": "first"}


def test_incomplete_and_unknown_operations_are_ignored() -> None:
    draft = Draft()
    draft.apply({"op": "addNode", "node": node("a", "A")})
    for operation in [
        {"op": "setName"},
        {"op": "addNode"},
        {"op": "addEdge", "edge": "not an object"},
        {"op": "removeNode"},
        {"op": "updateNode", "nodeId": "a"},
        {"op": "updateNode", "nodeId": "missing", "updates": {"data": {"x": 1}}},
        {"op": "teleport", "nodeId": "a"},
        {},
    ]:
        draft.apply(operation)
    assert draft.to_dict() == {
        "name": None,
        "description": None,
        "nodes": [node("a", "A")],
        "edges": [],
    }
