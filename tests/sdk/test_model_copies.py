"""Models survive copy, deepcopy and pickle: ``UNSET`` is one object, so a copy equals its
original, leaves the same fields out of ``to_dict()`` and can be sent back."""

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Callable
from typing import Any

import pytest
from sdk_support import Recorder, integration_json, mock_client, ok, workflow_json
from skytells_orchestrator import UNSET, Node, Unset, Workflow

COPIES: dict[str, Callable[[Any], Any]] = {
    "copy": copy.copy,
    "deepcopy": copy.deepcopy,
    "pickle": lambda value: pickle.loads(pickle.dumps(value)),
}

NODES = [
    {
        "id": "t",
        "type": "trigger",
        "data": {"label": "On hook", "config": {"triggerType": "Manual"}},
    },
    {"id": "a", "type": "action", "position": {"x": 1}, "data": {"label": "Go"}},
]


@pytest.mark.parametrize("how", COPIES)
def test_unset_is_one_object(how: str) -> None:
    twin = COPIES[how](UNSET)
    assert twin is UNSET
    assert twin == UNSET and hash(twin) == hash(UNSET)
    assert Unset() is UNSET
    assert repr(UNSET) == str(UNSET) == "UNSET"


@pytest.mark.parametrize("how", COPIES)
def test_models_equal_their_copies(how: str) -> None:
    workflow = Workflow.from_dict(workflow_json(nodes=[], edges=[]))
    workflow.nodes = [Node.from_dict(node) for node in NODES]
    twin = COPIES[how](workflow)
    assert twin == workflow
    assert twin.nodes[0].position is UNSET
    assert json.loads(json.dumps(twin.to_dict())) == workflow.to_dict()


def test_a_deep_copy_of_nodes_is_sent_back_as_read() -> None:
    recorder = Recorder(ok(workflow_json(nodes=NODES)))
    with mock_client(recorder) as client:
        workflow = client.orchestrator.workflows.get("wf_1")
        client.orchestrator.workflows.update(
            "wf_1", nodes=copy.deepcopy(workflow).nodes, validate=False
        )
    assert recorder.json()["nodes"] == NODES


STORED_ODDLY = [
    {"id": "t", "type": "trigger", "position": [], "data": {"type": "trigger", "config": []}},
    {"id": "a", "type": "action", "position": None, "data": [["label", "x"]]},
]


def test_stored_lists_are_written_back_unchanged() -> None:
    recorder = Recorder(
        ok(workflow_json(nodes=STORED_ODDLY)), ok(workflow_json()), ok(integration_json(config=[]))
    )
    with mock_client(recorder) as client:
        workflow = client.orchestrator.workflows.get("wf_1")
        client.orchestrator.workflows.update("wf_1", nodes=workflow.nodes, validate=False)
        integration = client.orchestrator.integrations.get("int_1")
    assert recorder.json(1)["nodes"] == STORED_ODDLY
    assert workflow.nodes[0].id == "t" and workflow.nodes[0].position == []
    assert integration.config == [] and integration.to_dict()["config"] == []


@pytest.mark.parametrize("how", COPIES)
def test_a_copy_writes_a_node_back_in_the_order_it_was_read(how: str) -> None:
    read = {"type": "action", "zz": 1, "id": "a", "data": {"config": {"b": 1, "actionType": "x"}}}
    edge = {"target": "a", "id": "e", "source": "a"}
    recorder = Recorder(ok(workflow_json(nodes=[read], edges=[edge])))
    with mock_client(recorder) as client:
        workflow = COPIES[how](client.orchestrator.workflows.get("wf_1"))
    (node,) = workflow.nodes
    assert json.dumps(node.to_dict()) == json.dumps(read)
    assert json.dumps(workflow.edges[0].to_dict()) == json.dumps(edge)
    node.position = {"x": 1}  # a field the read did not have goes last
    assert list(node.to_dict()) == ["type", "zz", "id", "data", "position"]


@pytest.mark.parametrize("how", COPIES)
def test_a_list_with_unreadable_items_equals_its_copies(how: str) -> None:
    recorder = Recorder(ok([workflow_json(), {"id": "odd", "nodes": "not a list"}]))
    with mock_client(recorder) as client:
        workflows = client.orchestrator.workflows.list()
    twin = COPIES[how](workflows)
    assert len(workflows) == 1 and len(workflows.unreadable) == 1
    assert twin == workflows and twin.unreadable == workflows.unreadable
    assert twin.unreadable[0].raw == {"id": "odd", "nodes": "not a list"}
    assert type(twin.unreadable[0].exception) is type(workflows.unreadable[0].exception)
