"""Reading and writing back changes nothing: for every model that holds free-form JSON,
``Model.from_dict(x).to_dict() == x`` for any JSON the server may send, ``[]`` included."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from skytells_orchestrator_client.models import (
    Edge,
    Execution,
    Integration,
    JsonObject,
    LogEntry,
    Node,
    NodeConfig,
    NodeData,
    NodeUpdates,
    Position,
    StoredEdge,
    StoredNode,
    Workflow,
)

SCHEMAS = yaml.safe_load((Path(__file__).parents[2] / "openapi.yaml").read_text())["components"][
    "schemas"
]

# Any JSON value a server can send (JSON has no NaN or infinities).
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=6),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)


def known(schema: str) -> list[str]:
    return list(SCHEMAS[schema].get("properties", {}))


# Models whose every field is free-form or kept as sent: ANY JSON object round-trips, its
# known fields holding any JSON too (a node's `position: []`, `data: "x"`, `id: 5`).
FREE_FORM = [Node, NodeData, NodeConfig, Position, Edge, NodeUpdates, StoredNode, StoredEdge]
FREE_FORM += [JsonObject]


def objects(schema: str) -> st.SearchStrategy[dict[str, Any]]:
    """JSON objects over the schema's own field names and other names."""
    names = st.sampled_from(known(schema)) if known(schema) else st.nothing()
    return st.dictionaries(names | st.text(max_size=6), JSON, max_size=6)


def nested(schema: str) -> st.SearchStrategy[Any]:
    """The schema's objects, with their own free-form parts nested, or any JSON at all."""
    return objects(schema) | JSON


NODE_LIKE = st.fixed_dictionaries(
    {},
    optional={
        "id": JSON,
        "type": JSON,
        "position": nested("Position"),
        "data": st.fixed_dictionaries({}, optional={"config": nested("NodeConfig")}) | JSON,
    },
)


def _extras(schema: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.text(max_size=6).filter(lambda k: k not in known(schema)), JSON)


# Timestamps as the models write them back (a typed field, not free-form JSON).
STAMP = "2026-01-13T08:27:12.123000+00:00"


def with_fixed(fixed: dict[str, Any], free: dict[str, Any], schema: str) -> Any:
    return st.tuples(st.fixed_dictionaries(free), _extras(schema)).map(
        lambda parts: {**parts[1], **fixed, **parts[0]}
    )


RECORDS = {
    "Integration": (
        Integration,
        with_fixed(
            {"id": "i1", "name": "n", "type": "slack", "createdAt": STAMP},
            {"config": nested("JsonObject")},
            "Integration",
        ),
    ),
    "Execution": (
        Execution,
        with_fixed(
            {"id": "e1", "workflowId": "w1", "status": "success", "startedAt": STAMP},
            {"input": JSON, "output": JSON},
            "Execution",
        ),
    ),
    "LogEntry": (
        LogEntry,
        with_fixed(
            {"id": "l1", "executionId": "e1", "nodeId": "n1", "status": "success"},
            {"input": JSON, "output": JSON},
            "LogEntry",
        ),
    ),
    "Workflow": (
        Workflow,
        with_fixed(
            {
                "id": "w1",
                "name": "n",
                "userId": "u1",
                "visibility": "private",
                "createdAt": STAMP,
                "updatedAt": STAMP,
                "edges": [],
            },
            {"nodes": st.lists(NODE_LIKE | objects("Node"), max_size=3)},
            "Workflow",
        ),
    ),
}


def round_trip(cls: Any, data: dict[str, Any]) -> dict[str, Any]:
    written: dict[str, Any] = cls.from_dict(data).to_dict()
    json.dumps(written)  # what would be sent is JSON
    return written


@pytest.mark.parametrize("cls", FREE_FORM, ids=lambda cls: cls.__name__)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_any_json_object_round_trips(cls: Any, data: st.DataObject) -> None:
    value = data.draw(NODE_LIKE if cls is Node else objects(cls.__name__))
    assert round_trip(cls, value) == value


@pytest.mark.parametrize("name", RECORDS)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_free_form_fields_and_unknown_fields_round_trip(name: str, data: st.DataObject) -> None:
    cls, strategy = RECORDS[name]
    value = data.draw(strategy)
    assert round_trip(cls, value) == value


@pytest.mark.parametrize(
    ("cls", "value"),
    [
        (Node, {"id": "n", "position": [], "data": {"label": "x", "config": []}}),
        (Node, {"id": "n", "data": []}),
        (Node, {"id": "n", "data": {"config": [["k", "v"]]}, "position": [["x", 1]]}),
        (NodeData, {"config": None}),
        (Integration, {"id": "i", "name": "n", "type": "t", "config": []}),
        (NodeUpdates, {"position": [], "data": [["k", "v"]]}),
    ],
)
def test_an_empty_list_is_not_read_as_an_object(cls: Any, value: dict[str, Any]) -> None:
    assert round_trip(cls, value) == value


def test_typed_access_still_reads_objects() -> None:
    node = Node.from_dict({"position": {"x": 1}, "data": {"config": {"actionType": "Email"}}})
    assert isinstance(node.position, Position) and node.position.x == 1
    assert isinstance(node.data, NodeData) and isinstance(node.data.config, NodeConfig)
    assert node.data.config.action_type == "Email"
