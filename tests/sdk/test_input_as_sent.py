"""Input checks judge the body as it would be sent: tuples are arrays, any mapping an object,
and a body JSON cannot carry (or whose keys collide once made strings) is refused before
anything is sent."""

from __future__ import annotations

import json
import math
import re
from collections import UserDict
from types import MappingProxyType
from typing import Any

import pytest
from sdk_support import Recorder, mock_client, ok
from skytells_orchestrator import SkytellsError, check_input

FIELDS = [
    {"name": "tags", "type": "array", "itemType": "string"},
    {"name": "address", "type": "object", "fields": [{"name": "city", "type": "string"}]},
]
NODES = [
    {
        "id": "hook",
        "data": {
            "type": "trigger",
            "config": {"triggerType": "Webhook", "webhookSchema": json.dumps(FIELDS)},
        },
    }
]
STARTED = {"executionId": "ex_1", "status": "running"}

# Odd but valid Python forms of {"tags": ["a"], "address": {"city": "Paris"}}.
AS_SENT = {"tags": ["a"], "address": {"city": "Paris"}}
ODD_FORMS = {
    "tuple": {"tags": ("a",), "address": {"city": "Paris"}},
    "mappingproxy": MappingProxyType(
        {"tags": ["a"], "address": MappingProxyType({"city": "Paris"})}
    ),
    "userdict": UserDict({"tags": ["a"], "address": UserDict({"city": "Paris"})}),
}


@pytest.mark.parametrize("form", ODD_FORMS)
def test_odd_python_types_pass_the_check_and_are_sent_as_json(form: str) -> None:
    body: Any = ODD_FORMS[form]
    assert check_input(NODES, body) == []
    recorder = Recorder(ok(STARTED))
    with mock_client(recorder) as client:
        client.orchestrator.webhooks.execute("wf_1", body, check_against=NODES)
    assert recorder.json() == AS_SENT


def test_a_wrong_type_inside_a_tuple_is_still_found() -> None:
    problems = check_input(NODES, {"tags": ("a", 2), "address": {"city": "Paris"}})
    assert [(problem.code, problem.path) for problem in problems] == [
        ("INPUT_WRONG_TYPE", "tags[1]")
    ]


UNSENDABLE = {
    "colliding keys": {1: "int", "1": "str"},
    "colliding nested keys": {"address": {True: 1, "true": 2}},
    "a set": {"tags": {"a"}},
    "NaN": {"seats": math.nan},
    "infinity": {"address": {"city": math.inf}},
    "an object key": {("a",): 1},
    "a lone surrogate": {"city": "\ud800"},
}


@pytest.mark.parametrize("name", UNSENDABLE)
def test_a_body_json_cannot_carry_is_refused_before_sending(name: str) -> None:
    body = UNSENDABLE[name]
    with pytest.raises(SkytellsError) as checked:
        check_input(NODES, body)
    assert checked.value.error_id == "SDK_ERROR"
    recorder = Recorder(ok(STARTED))
    with mock_client(recorder) as client:
        for check_against in (NODES, None):
            with pytest.raises(SkytellsError) as sent:
                client.orchestrator.webhooks.execute("wf_1", body, check_against=check_against)
            assert sent.value.error_id == "SDK_ERROR"
    assert recorder.calls == 0


def test_colliding_keys_are_named() -> None:
    with pytest.raises(SkytellsError, match="'1'"):
        check_input(NODES, {"address": {1: "int", "1": "str"}})


def test_a_body_nested_too_deeply_is_refused() -> None:
    body: dict[str, Any] = {}
    for _ in range(5000):
        body = {"a": body}
    with pytest.raises(SkytellsError) as caught:
        check_input(NODES, body)
    assert caught.value.error_id == "SDK_ERROR"


def test_integration_configs_are_sent_as_json_too() -> None:
    recorder = Recorder(ok({"id": "i1", "name": "n", "type": "slack"}))
    with mock_client(recorder, orchestrator_session_token="tok") as client:
        client.orchestrator.integrations.create(
            type="slack", config=MappingProxyType({"channels": ("a", "b"), 2: "x"})
        )
        with pytest.raises(SkytellsError) as caught:
            client.orchestrator.integrations.create(type="slack", config={2: "x", "2": "y"})
    assert caught.value.error_id == "SDK_ERROR"
    assert recorder.calls == 1
    assert recorder.json()["config"] == {"channels": ["a", "b"], "2": "x"}


def test_nodes_and_edges_are_sent_as_json_too() -> None:
    node = {**NODES[0], "position": (1, 2), 3: "x"}
    recorder = Recorder(ok({"id": "wf_1", "nodes": [], "edges": []}))
    with mock_client(recorder, orchestrator_session_token="tok") as client:
        client.orchestrator.workflows.save_current(nodes=[node], edges=[])
        for nodes, edges, where in (
            ([{**node, "3": "y"}], [], "nodes[0] has two keys"),
            (
                [node],
                [{"id": "e", "source": "hook", "target": "hook", "w": math.nan}],
                "edges[0].w",
            ),
        ):
            with pytest.raises(SkytellsError, match=re.escape(where)) as caught:
                client.orchestrator.workflows.save_current(nodes=nodes, edges=edges)
            assert caught.value.error_id == "SDK_ERROR"
            with pytest.raises(SkytellsError, match=re.escape(where)):
                client.orchestrator.workflows.create(name="n", nodes=nodes, edges=edges)
    assert recorder.calls == 1
    assert recorder.json()["nodes"] == [{**NODES[0], "position": [1, 2], "3": "x"}]
