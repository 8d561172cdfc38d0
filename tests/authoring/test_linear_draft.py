"""Drafts built in linear time give what the editor's operation-by-operation scan gives, and
a stream's collect() holds data nested as deep as a stream can deliver it."""

from __future__ import annotations

import copy
import itertools
import json
import logging
from collections.abc import Iterable, Mapping
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from skytells_orchestrator import Stream, WorkflowDraft
from skytells_orchestrator import _streaming as streaming
from skytells_orchestrator._authoring import build_draft, copy_json, draft_builder
from skytells_orchestrator._operations import parse_operation
from skytells_orchestrator_client.models import AiOperation

LOGGER = "skytells_orchestrator"

# ------------------------------------------------------------------ the editor, scan by scan


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, Mapping) else None


def reference_apply(draft: WorkflowDraft, operation: Any) -> None:
    """The editor's semantics as first written: every removal and update scans the graph."""
    if not isinstance(operation, Mapping):
        draft.ignored_operations += 1
        return
    op = operation.get("op")
    applied = True
    if op == "setName":
        name = _text(operation.get("name"))
        applied = name is not None
        draft.name = name if applied else draft.name
    elif op == "setDescription":
        description = _text(operation.get("description"))
        applied = description is not None
        draft.description = description if applied else draft.description
    elif op in ("addNode", "addEdge"):
        key = "node" if op == "addNode" else "edge"
        item = operation.get(key)
        applied = isinstance(item, Mapping)
        if applied:
            (draft.nodes if key == "node" else draft.edges).append(copy.deepcopy(dict(item)))
    elif op == "removeNode":
        node_id = _text(operation.get("nodeId"))
        applied = node_id is not None
        if applied:
            draft.nodes = [node for node in draft.nodes if _get(node, "id") != node_id]
            draft.edges = [
                edge
                for edge in draft.edges
                if _get(edge, "source") != node_id and _get(edge, "target") != node_id
            ]
    elif op == "removeEdge":
        edge_id = _text(operation.get("edgeId"))
        applied = edge_id is not None
        if applied:
            draft.edges = [edge for edge in draft.edges if _get(edge, "id") != edge_id]
    elif op == "updateNode":
        node_id = _text(operation.get("nodeId"))
        updates = operation.get("updates")
        applied = node_id is not None and isinstance(updates, Mapping)
        if applied:
            position, data = updates.get("position"), updates.get("data")
            for node in draft.nodes:
                if _get(node, "id") != node_id or not isinstance(node, dict):
                    continue
                if isinstance(position, Mapping):
                    node["position"] = copy.deepcopy(dict(position))
                if isinstance(data, Mapping):
                    current = node.get("data")
                    merged = dict(current) if isinstance(current, Mapping) else {}
                    merged.update(copy.deepcopy(dict(data)))
                    node["data"] = merged
    else:
        applied = False
    if applied:
        draft.applied_operations += 1
    else:
        draft.ignored_operations += 1


def reference_draft(operations: Iterable[Any], existing: dict[str, Any]) -> WorkflowDraft:
    draft = WorkflowDraft(
        name=existing.get("name"),
        description=existing.get("description"),
        nodes=copy.deepcopy(existing["nodes"]),
        edges=copy.deepcopy(existing["edges"]),
    )
    for operation in operations:
        reference_apply(draft, operation)
    return draft


# ------------------------------------------------------------------ random operations

IDS = st.sampled_from(["a", "b", "c", "", "d"])
ODD = st.sampled_from([None, 7, "x", [], {}])
SMALL_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=2), inner),
    max_leaves=4,
)


def node_of(node_id: str) -> dict[str, Any]:
    return {"id": node_id, "position": {"x": 0}, "data": {"label": node_id, "n": [1]}}


NODES = st.one_of(
    IDS.map(node_of),
    st.fixed_dictionaries({"id": IDS | ODD}),  # an id of any type
    ODD,  # not an object: ignored
)
EDGES = st.one_of(
    st.fixed_dictionaries({"id": IDS | ODD, "source": IDS | ODD, "target": IDS | ODD}),
    ODD,
)
UPDATES = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "position": st.dictionaries(st.sampled_from("xy"), st.integers()) | ODD,
            "data": st.dictionaries(st.sampled_from(["label", "n", "k"]), SMALL_JSON) | ODD,
        },
    ),
    ODD,
)
OPERATIONS = st.one_of(
    st.fixed_dictionaries({"op": st.just("addNode"), "node": NODES}),
    st.fixed_dictionaries({"op": st.just("addEdge"), "edge": EDGES}),
    st.fixed_dictionaries({"op": st.just("removeNode"), "nodeId": IDS | ODD}),
    st.fixed_dictionaries({"op": st.just("removeEdge"), "edgeId": IDS | ODD}),
    st.fixed_dictionaries({"op": st.just("updateNode"), "nodeId": IDS | ODD, "updates": UPDATES}),
    st.fixed_dictionaries({"op": st.sampled_from(["setName", "setDescription"])}),
    st.fixed_dictionaries({"op": st.just("setName"), "name": st.text(max_size=2) | ODD}),
    st.fixed_dictionaries({"op": st.sampled_from(["teleport", None, 3])}),
    ODD,
)
EXISTING = st.fixed_dictionaries(
    {
        "nodes": st.lists(IDS.map(node_of), max_size=4),
        "edges": st.lists(
            st.fixed_dictionaries({"id": IDS, "source": IDS, "target": IDS}), max_size=4
        ),
    },
    optional={"name": st.text(min_size=1, max_size=3)},
)


@settings(max_examples=300, deadline=None)
@given(st.lists(OPERATIONS, max_size=40), EXISTING)
def test_build_draft_gives_what_the_scanning_editor_gives(
    operations: list[Any], existing: dict[str, Any]
) -> None:
    logging.getLogger(LOGGER).disabled = True
    try:
        before = copy.deepcopy(operations)
        assert build_draft(operations, existing) == reference_draft(operations, existing)
        assert operations == before  # the caller's operations are not changed
        # One operation at a time on a draft gives the same.
        draft = build_draft([], existing)
        for operation in operations:
            draft.apply(operation)
        assert draft == reference_draft(operations, existing)
    finally:
        logging.getLogger(LOGGER).disabled = False


def stream_body(operations: list[Any]) -> bytes:
    events = [{"type": "operation", "operation": op} for op in operations]
    return b"".join(json.dumps(e).encode() + b"\n" for e in [*events, {"type": "complete"}])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(OPERATIONS.filter(lambda op: isinstance(op, dict)), max_size=30),
    EXISTING,
    st.integers(0, 31),
    st.sampled_from([1, 300, 1 << 20]),
    st.sampled_from([7, 100, 1 << 16]),
)
def test_a_streams_collect_gives_what_the_scanning_editor_gives(
    operations: list[Any], existing: dict[str, Any], iterated: int, fold: int, chunk: int
) -> None:
    """Whatever part was iterated first, whenever the kept lines are applied."""
    logging.getLogger(LOGGER).disabled = True
    saved = streaming.FOLD_BYTES
    streaming.FOLD_BYTES = fold
    try:
        content = stream_body(operations)
        chunks = [content[i : i + chunk] for i in range(0, len(content), chunk)]
        stream = Stream(
            lambda: httpx.Response(200, content=iter(chunks)),
            parse_operation,
            existing_workflow=existing,
        )
        assert len(list(itertools.islice(stream, iterated))) <= iterated
        draft = stream.collect()
        # An operation the model cannot read is skipped as a malformed line, as before.
        readable = [op for op in operations if _readable(op)]
        assert stream.malformed_lines == len(operations) - len(readable)
        expected = reference_draft(readable, copy.deepcopy(existing))
        assert draft == expected
    finally:
        streaming.FOLD_BYTES = saved
        logging.getLogger(LOGGER).disabled = False


def _readable(operation: dict[str, Any]) -> bool:
    try:
        parse_operation(operation)
    except (KeyError, TypeError, ValueError, AttributeError):
        return False
    return True


# ------------------------------------------------------------------ growth and removals


def test_removing_nodes_drops_their_edges_and_keeps_the_order() -> None:
    operations: list[dict[str, Any]] = [
        {"op": "addNode", "node": node_of(f"n{i}")} for i in range(50)
    ]
    operations += [
        {"op": "addEdge", "edge": {"id": f"e{i}", "source": f"n{i}", "target": f"n{i + 1}"}}
        for i in range(49)
    ]
    operations += [{"op": "removeNode", "nodeId": f"n{i}"} for i in range(0, 50, 2)]
    operations += [{"op": "addNode", "node": node_of("n0")}]
    operations += [{"op": "addEdge", "edge": {"id": "back", "source": "n0", "target": "n1"}}]
    operations += [{"op": "removeEdge", "edgeId": "back"}, {"op": "removeEdge", "edgeId": "e3"}]
    draft = build_draft(operations)
    assert draft == reference_draft(operations, {"nodes": [], "edges": []})
    assert [n["id"] for n in draft.nodes] == [f"n{i}" for i in range(1, 50, 2)] + ["n0"]
    assert draft.edges == []


# ------------------------------------------------------------------ deep data


def deep(levels: int) -> dict[str, Any]:
    value: dict[str, Any] = {"leaf": True}
    for _ in range(levels):
        value = {"next": value}
    return value


def depth(value: Any) -> int:
    levels = 0
    while isinstance(value, dict) and "next" in value:
        value, levels = value["next"], levels + 1
    return levels


def test_collect_holds_a_node_nested_deeper_than_deepcopy_goes() -> None:
    node = {"id": "t", "type": "trigger", "data": {"type": "trigger", "config": deep(900)}}
    operations = [
        {"op": "addNode", "node": node},
        {"op": "updateNode", "nodeId": "t", "updates": {"data": {"extra": deep(900)}}},
    ]
    with pytest.raises(RecursionError):
        copy.deepcopy(node)  # what collect() used to do with it
    stream = Stream(lambda: httpx.Response(200, content=stream_body(operations)), parse_operation)
    draft = stream.collect()
    assert (draft.applied_operations, draft.ignored_operations) == (2, 0)
    assert stream.malformed_lines == 0
    assert depth(draft.nodes[0]["data"]["config"]) == 900
    assert depth(draft.nodes[0]["data"]["extra"]) == 900
    arguments = draft.create_arguments()  # copies, at any depth
    assert depth(arguments["nodes"][0]["data"]["config"]) == 900
    assert arguments["nodes"][0]["data"]["config"] is not draft.nodes[0]["data"]["config"]


def test_build_draft_copies_deep_operations_and_skips_what_it_cannot_copy(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Uncopyable:
        def __deepcopy__(self, memo: object) -> object:
            raise TypeError("no copies")

    operations = [
        {"op": "addNode", "node": {"id": "a", "data": deep(2000)}},
        {"op": "addNode", "node": {"id": "b", "data": {"odd": Uncopyable()}}},
    ]
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        draft = build_draft(operations)
    assert (draft.applied_operations, draft.ignored_operations) == (1, 1)
    assert [n["id"] for n in draft.nodes] == ["a"]
    assert draft.nodes[0]["data"] is not operations[0]["node"]["data"]  # type: ignore[index]
    assert depth(draft.nodes[0]["data"]) == 2000
    assert "Ignoring AI operation 2 ('addNode'): it holds what a draft cannot" in caplog.text


def test_copy_json_copies_like_deepcopy() -> None:
    shared = {"k": [1, 2]}
    cyclic: list[Any] = [shared, shared]
    cyclic.append(cyclic)
    value = {"a": cyclic, "t": (1, [2]), "s": "x", "f": 1.5, "n": None}
    copied = copy_json(value)
    assert copied == copy.deepcopy({**value, "a": None}) | {"a": copied["a"]}
    assert copied["a"] is not cyclic and copied["a"][2] is copied["a"]
    assert copied["a"][0] is copied["a"][1] is not shared
    assert copied["t"] == (1, [2]) and copied["t"][1] is not value["t"][1]  # type: ignore[index]


def test_operations_as_models_are_copied_too() -> None:
    node = AiOperation.from_dict({"op": "addNode", "node": node_of("a")})
    draft = build_draft([node])
    draft.nodes[0]["data"]["n"].append(2)
    assert node.to_dict()["node"]["data"]["n"] == [1]


def test_ignored_operations_of_a_stream_are_logged_when_it_is_collected(
    caplog: pytest.LogCaptureFixture,
) -> None:
    operations = [{"op": "teleport"}] * 25 + [{"op": "setName", "name": "x"}]
    stream = Stream(lambda: httpx.Response(200, content=stream_body(operations)), parse_operation)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert len(list(stream)) == 26
        assert "Ignoring AI operation" not in caplog.text  # iterating builds no warnings
        draft = stream.collect()
        assert stream.collect() is draft
    assert draft.ignored_operations == 25
    assert caplog.text.count("Ignoring AI operation") == 20
    assert caplog.text.count("Ignoring 5 more AI operations") == 1


def test_a_long_run_of_additions_and_removals_leaves_no_holes_behind() -> None:
    operations: list[dict[str, Any]] = []
    for i in range(3000):
        operations += [
            {"op": "addNode", "node": node_of(f"n{i}")},
            {"op": "addEdge", "edge": {"id": f"e{i}", "source": f"n{i - 1}", "target": f"n{i}"}},
            {"op": "updateNode", "nodeId": f"n{i - 1}", "updates": {"data": {"step": i}}},
            {"op": "removeEdge", "edgeId": f"e{i - 1}"},
        ]
        if i % 3:
            operations.append({"op": "removeNode", "nodeId": f"n{i - 2}"})
    builder = draft_builder(fresh=True)
    for operation in copy.deepcopy(operations):
        builder.apply(operation)
    assert builder.write() == reference_draft(operations, {"nodes": [], "edges": []})
    # The holes removals leave are closed as they come to be most of the lists.
    assert len(builder.nodes) + len(builder.edges) < 2 * (1024 + 1000 + 3)


@pytest.mark.parametrize("how", ["copy", "deepcopy", "pickle"])
def test_a_copied_builder_passes_over_its_removed_nodes(how: str) -> None:
    import pickle

    builder = draft_builder()
    for operation in (
        {"op": "addNode", "node": {"id": "a", "type": "trigger", "data": {}}},
        {"op": "addNode", "node": {"id": "b", "type": "action", "data": {}}},
        {"op": "addEdge", "edge": {"id": "e", "source": "a", "target": "b"}},
        {"op": "removeNode", "nodeId": "a"},
    ):
        builder.apply(operation)
    copies = {
        "copy": copy.copy,
        "deepcopy": copy.deepcopy,
        "pickle": lambda value: pickle.loads(pickle.dumps(value)),
    }
    twin = copies[how](builder)
    assert twin.graph() == builder.graph() == ([{"id": "b", "type": "action", "data": {}}], [])
    twin.apply({"op": "removeNode", "nodeId": "b"})
    assert twin.graph() == ([], [])
