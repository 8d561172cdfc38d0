"""Reading what the server stores: every read method, sync and async, accepts odd answers.

Nodes and edges are stored exactly as a caller sent them, so answers carry nodes without
``data.config``, the editor's own fields (``measured``, ``selected`` …), its placeholder node
(``type: "add"``) and objects the models cannot read at all. Answers may also lack optional
fields, carry unknown ones and hold any JSON value in free-form places. None of this may make
a whole answer unreadable; an item of a list that truly cannot be read is set aside in
``unreadable`` and named in a warning that quotes no value.
"""

from __future__ import annotations

import inspect
import json
import logging
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sdk_support import (
    NOW,
    Recorder,
    execution_json,
    integration_json,
    log_entry_json,
    mock_async_client,
    mock_client,
    ndjson,
    ok,
    op_event,
    raw,
    workflow_json,
)
from skytells_orchestrator import (
    AsyncSkytells,
    ItemList,
    Node,
    SkytellsError,
    UnreadableItem,
)
from skytells_orchestrator_client.types import UNSET

SECRET = "sk-live-SECRETvalue-never-logged"

PLACEHOLDER = {
    "id": "add-1",
    "type": "add",
    "position": {"x": 0, "y": 160},
    "data": {"label": "", "type": "add"},
}
NO_CONFIG = {
    "id": "trigger-1",
    "type": "trigger",
    "position": {"x": 0, "y": 0},
    "data": {"label": "Start", "type": "trigger"},
}
EDITOR_FIELDS = {
    "id": "action-1",
    "type": "action",
    "position": {"x": 10.5, "y": 120},
    "data": {
        "label": "Call",
        "type": "action",
        "config": {"actionType": "HTTP Request", "headers": [1, None, {"deep": [True]}]},
        "status": "a-newer-status",
        "enabled": False,
        "icon": {"name": "globe"},
    },
    "measured": {"width": 180, "height": 64},
    "selected": True,
    "dragging": False,
    "width": 180,
    "height": 64,
}
BARE = {"id": "bare"}
# Nodes holding other JSON where an object is expected: kept exactly as stored.
UNREADABLE_NODE = {"id": "legacy", "type": "action", "data": "legacy text", "position": None}
UNREADABLE_NODE_2 = {"id": "legacy-2", "data": {"label": "x", "config": ["not", "an", "object"]}}

ODD_NODES: list[Any] = [
    PLACEHOLDER,
    NO_CONFIG,
    EDITOR_FIELDS,
    BARE,
    {},
    UNREADABLE_NODE,
    UNREADABLE_NODE_2,
]
ODD_EDGES: list[Any] = [
    {"id": "e1", "source": "trigger-1", "target": "action-1", "animated": True, "label": None},
    {},
    {"id": "e2", "source": "action-1"},
]


def odd_workflow(**extra: Any) -> dict[str, Any]:
    """A workflow as another client may have stored it, with fields a newer server adds."""
    body = workflow_json(nodes=ODD_NODES, edges=ODD_EDGES, futureField={"nested": [1, None]})
    body.pop("description")
    return {**body, **extra}


def check_odd_graph(model: Any) -> None:
    """The odd nodes and edges are all there, typed where possible, and round-trip exactly."""
    assert model.to_dict()["nodes"] == ODD_NODES
    assert model.to_dict()["edges"] == ODD_EDGES
    placeholder, no_config, editor, bare, empty, unreadable, unreadable_2 = model.nodes
    assert isinstance(placeholder, Node)
    assert placeholder.type_ == "add"
    assert no_config.data.label == "Start"
    assert no_config.data.config is UNSET
    assert editor.data.config.action_type == "HTTP Request"
    assert editor.data.config["headers"] == [1, None, {"deep": [True]}]
    assert editor.data.status == "a-newer-status"
    assert editor["measured"] == {"width": 180, "height": 64}
    assert editor["selected"] is True
    assert bare.id == "bare"
    assert bare.data is UNSET
    assert empty.to_dict() == {}
    # What is not an object where a node holds one is kept as stored, never made an object.
    assert (unreadable.id, unreadable.data, unreadable.position) == ("legacy", "legacy text", None)
    assert unreadable.additional_properties == {}
    assert unreadable_2.data.label == "x"
    assert unreadable_2.data.config == ["not", "an", "object"]
    assert model.edges[0]["animated"] is True
    assert model.edges[1].to_dict() == {}
    assert model.edges[2].target is UNSET


def check_workflow(workflow: Any) -> None:
    check_odd_graph(workflow)
    assert workflow.description is UNSET
    assert workflow.is_owner is UNSET
    assert workflow["futureField"] == {"nested": [1, None]}


def check_workflow_list(workflows: Any) -> None:
    assert isinstance(workflows, ItemList)
    assert [workflow.id for workflow in workflows] == ["wf_odd", "wf_2"]
    check_workflow(workflows[0])
    assert len(workflows.unreadable) == 1
    item = workflows.unreadable[0]
    assert isinstance(item, UnreadableItem)
    assert (item.index, item.raw) == (1, BROKEN_WORKFLOW)
    assert item.error == "ValueError"
    assert isinstance(item.exception, ValueError)
    assert SECRET not in repr(item)


# A workflow whose createdAt cannot be read (the value must never reach a log line).
BROKEN_WORKFLOW = workflow_json(id="wf_broken", createdAt=SECRET)

CURRENT = {"id": "cur_1", "nodes": ODD_NODES, "edges": ODD_EDGES, "savedBy": "editor"}


def check_current(current: Any) -> None:
    check_odd_graph(current)
    assert current.id == "cur_1"
    assert current["savedBy"] == "editor"


def check_executions(executions: Any) -> None:
    assert isinstance(executions, ItemList)
    failed, bare = executions
    assert failed.output == "HTTP request failed: 503"
    assert failed.input_ == [1, "two", None]
    assert failed["queuePosition"] == 4
    assert bare.input_ is None
    assert (bare.user_id, bare.completed_at, bare.duration) == (UNSET, UNSET, UNSET)
    assert [(item.index, item.raw["id"]) for item in executions.unreadable] == [(2, "ex_broken")]
    assert executions.unreadable[0].error == "missing field 'status'"


EXECUTIONS = [
    execution_json(
        status="error",
        input=[1, "two", None],
        output="HTTP request failed: 503",
        error="HTTP request failed: 503",
        queuePosition=4,
    ),
    {"id": "ex_2", "workflowId": "wf_1", "status": "running", "startedAt": NOW, "input": None},
    {"id": "ex_broken", "workflowId": "wf_1", "startedAt": NOW},
]

LOGS = [
    log_entry_json(output="HTTP request failed: 503", status="error", nodeType="HTTP Request"),
    log_entry_json(id="log_2", input=None, output=[{"row": 1}], note="new field"),
    {"id": "log_3", "executionId": "ex_1", "nodeId": "trigger-1", "status": "success"},
    {"id": "log_broken", "executionId": "ex_1", "status": "success", "input": {"apiKey": SECRET}},
]


def check_logs(logs: Any) -> None:
    assert isinstance(logs, ItemList)
    assert [entry.id for entry in logs] == ["log_1", "log_2", "log_3"]
    assert logs[0].output == "HTTP request failed: 503"
    assert logs[1].input_ is None
    assert logs[1].output == [{"row": 1}]
    assert logs[1]["note"] == "new field"
    assert logs[2].node_name is UNSET
    assert [item.raw["id"] for item in logs.unreadable] == ["log_broken"]


INTEGRATIONS = [
    {"id": "int_1", "name": "Slack", "type": "slack"},
    {"id": "int_broken", "name": "No type"},
    {"id": "int_2", "name": "Mail", "type": "resend", "isManaged": True, "scopes": ["a"]},
]


def check_integrations(integrations: Any) -> None:
    assert [integration.id for integration in integrations] == ["int_1", "int_2"]
    assert integrations[0].is_managed is UNSET
    assert integrations[1]["scopes"] == ["a"]
    assert [item.index for item in integrations.unreadable] == [1]


API_KEYS = [
    {"id": "k1", "name": None, "keyPrefix": "wfb_AbCdEfG", "createdAt": NOW, "lastUsedAt": None},
    {"id": "k_broken", "name": "No prefix", "createdAt": NOW},
    {"id": "k2", "keyPrefix": "wfb_HiJkLmN", "createdAt": NOW, "scopes": ["webhook"]},
]


def check_api_keys(keys: Any) -> None:
    assert [key.id for key in keys] == ["k1", "k2"]
    assert keys[0].name is None
    assert keys[1].last_used_at is UNSET
    assert keys[1]["scopes"] == ["webhook"]
    assert [item.raw["id"] for item in keys.unreadable] == ["k_broken"]


AI_LINES = ndjson(
    op_event("addNode", node=PLACEHOLDER),
    op_event("addNode", node=UNREADABLE_NODE),
    op_event("addNode", node=EDITOR_FIELDS),
    op_event("addEdge", edge={}),
    op_event("updateNode", nodeId="action-1", updates={"data": {"label": "x"}, "extra": 1}),
    {"type": "complete"},
)


def check_ai(operations: Any) -> None:
    assert [operation.op for operation in operations] == [
        "addNode",
        "addNode",
        "addNode",
        "addEdge",
        "updateNode",
    ]
    assert operations[0].node.type_ == "add"
    assert operations[1].node.to_dict() == UNREADABLE_NODE
    assert operations[1].node.data == "legacy text"
    assert operations[2].node.to_dict() == EDITOR_FIELDS
    assert operations[3].edge.to_dict() == {}


def ndjson_reply(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=AI_LINES, headers={"content-type": "application/x-ndjson"})


# (name, call, replies in order, check of the result)
# Workflows as files read the workflow and integration lists: odd nodes are exported as
# stored and planned against. One folder for the module, removed at its end.
FILES = Path(tempfile.mkdtemp(prefix="skytells-tolerant-"))
TRIGGER = {"id": "t", "type": "trigger", "data": {"type": "trigger", "label": "T"}}
(FILES / "flow.json").write_text(json.dumps({"name": "Flow", "nodes": [TRIGGER], "edges": []}))


@pytest.fixture(scope="module", autouse=True)
def _remove_files() -> Iterator[None]:
    yield
    shutil.rmtree(FILES, ignore_errors=True)


def check_export(result: Any) -> None:
    assert result.files == {"Flow": "flow.json"}  # not the autosave
    exported = json.loads((FILES / "export" / "flow.json").read_text())
    assert len(exported["nodes"]) == len(ODD_NODES) and exported["edges"] == ODD_EDGES
    assert "futureField" not in exported and '"selected"' not in json.dumps(exported)


def check_plan(plan: Any) -> None:
    assert plan.ok and [change.action for change in plan.changes] == ["update"]
    assert plan.changes[0].fields == ("nodes", "edges")


CASES: list[tuple[str, Callable[[Any], Any], list[Any], Callable[[Any], object]]] = [
    (
        "workflows.list",
        lambda c: c.orchestrator.workflows.list(),
        [ok([odd_workflow(id="wf_odd"), BROKEN_WORKFLOW, workflow_json(id="wf_2")])],
        check_workflow_list,
    ),
    (
        "workflows.get",
        lambda c: c.orchestrator.workflows.get("wf_1"),
        [ok(odd_workflow())],
        check_workflow,
    ),
    (
        "workflows.create",
        lambda c: c.orchestrator.workflows.create(
            name="n", nodes=ODD_NODES, edges=ODD_EDGES, validate=False
        ),
        [ok(odd_workflow())],
        check_workflow,
    ),
    (
        "workflows.update",
        lambda c: c.orchestrator.workflows.update("wf_1", nodes=ODD_NODES, validate=False),
        [ok(odd_workflow())],
        check_workflow,
    ),
    (
        "workflows.duplicate",
        lambda c: c.orchestrator.workflows.duplicate("wf_1"),
        [ok(odd_workflow())],
        check_workflow,
    ),
    (
        "workflows.get_current",
        lambda c: c.orchestrator.workflows.get_current(),
        [ok(CURRENT)],
        check_current,
    ),
    (
        "workflows.get_current (none saved)",
        lambda c: c.orchestrator.workflows.get_current(),
        [ok({"nodes": [], "edges": []})],
        lambda current: (current.id is UNSET and current.nodes == []) or pytest.fail("id"),
    ),
    (
        "workflows.save_current",
        lambda c: c.orchestrator.workflows.save_current(nodes=ODD_NODES, edges=ODD_EDGES),
        [ok(CURRENT)],
        check_current,
    ),
    (
        "workflows.execute",
        lambda c: c.orchestrator.workflows.execute("wf_1"),
        [ok({"executionId": "ex_1", "status": "queued", "queue": {"position": 2}})],
        lambda run: (run.status, run["queue"]) == ("queued", {"position": 2}) or pytest.fail(),
    ),
    (
        "workflows.get_code",
        lambda c: c.orchestrator.workflows.get_code("wf_1"),
        [ok({"code": "export {}\n", "language": "ts"})],
        lambda code: code == "export {}\n" or pytest.fail(code),
    ),
    (
        "workflows.download_project",
        lambda c: c.orchestrator.workflows.download_project("wf_1"),
        [ok({"files": {"src/a.ts": "x"}, "generatedAt": NOW})],
        lambda body: body.startswith(b"PK") or pytest.fail(),
    ),
    (
        "executions.list",
        lambda c: c.orchestrator.executions.list("wf_1"),
        [ok(EXECUTIONS)],
        check_executions,
    ),
    (
        "executions.get_status",
        lambda c: c.orchestrator.executions.get_status("ex_1"),
        [
            ok(
                {
                    "status": "paused",
                    "nodeStatuses": [{"nodeId": "n", "status": "x", "t": 1}],
                    "e": 1,
                }
            )
        ],
        lambda status: (
            (status.status, status.node_statuses[0]["t"], status["e"]) == ("paused", 1, 1)
            or pytest.fail()
        ),
    ),
    (
        "executions.get_logs (object)",
        lambda c: c.orchestrator.executions.get_logs("ex_1"),
        [ok({"execution": {"id": "ex_1", "workflow": odd_workflow()}, "logs": LOGS})],
        check_logs,
    ),
    (
        "executions.get_logs (bare list)",
        lambda c: c.orchestrator.executions.get_logs("ex_1"),
        [ok(LOGS)],
        check_logs,
    ),
    (
        "executions.delete_all_for_workflow",
        lambda c: c.orchestrator.executions.delete_all_for_workflow("wf_1"),
        [ok({"success": True, "deletedCount": 2, "tookMs": 3})],
        lambda deleted: (deleted.deleted_count, deleted["tookMs"]) == (2, 3) or pytest.fail(),
    ),
    (
        "executions.wait",
        lambda c: c.orchestrator.executions.wait("ex_1", timeout=5, poll_interval=0.01),
        [
            ok({"status": "running", "nodeStatuses": []}),
            ok({"status": "success", "nodeStatuses": [{"nodeId": "add-1", "status": "ok"}]}),
        ],
        lambda status: status.status == "success" or pytest.fail(),
    ),
    (
        "executions.get",
        lambda c: c.orchestrator.executions.get("ex_1"),
        [ok({"execution": {**EXECUTIONS[0], "workflow": odd_workflow()}, "logs": LOGS, "n": 1})],
        lambda run: (
            (run.status, run.input_, run["queuePosition"], run["workflow"]["id"])
            == ("error", [1, "two", None], 4, "wf_1")
            or pytest.fail()
        ),
    ),
    (
        "executions.watch",
        lambda c: c.orchestrator.executions.watch("ex_1", timeout=5, poll_interval=0.01),
        [
            ok({"status": "queued", "nodeStatuses": [], "e": 1}),
            ok({"status": "queued", "nodeStatuses": [], "e": 2}),
            ok({"status": "cancelled", "nodeStatuses": [{"nodeId": "n", "status": "x", "t": 1}]}),
        ],
        lambda found: (
            [status.status for status in found] == ["queued", "cancelled"] or pytest.fail()
        ),
    ),
    (
        "webhooks.execute_and_wait",
        lambda c: c.orchestrator.webhooks.execute_and_wait("wf_1", poll_interval=0.01),
        [
            ok({"executionId": "ex_2", "status": "queued", "traceId": "t"}),
            ok({"status": "a-newer-final-status", "nodeStatuses": []}),
            ok({"status": "success", "nodeStatuses": [], "e": 1}),
            ok({"execution": EXECUTIONS[1], "logs": []}),
        ],
        lambda run: (run.id, run.input_, run.error) == ("ex_2", None, UNSET) or pytest.fail(),
    ),
    (
        "workflows.execute_and_wait",
        lambda c: c.orchestrator.workflows.execute_and_wait("wf_1", poll_interval=0.01),
        [
            ok({"executionId": "ex_1", "status": "queued", "queue": {"position": 2}}),
            ok({"status": "error", "nodeStatuses": [{"nodeId": "add-1", "status": "ok"}]}),
            ok({"execution": EXECUTIONS[0], "logs": LOGS}),
        ],
        lambda run: (
            (run.status, run.output) == ("error", "HTTP request failed: 503") or pytest.fail()
        ),
    ),
    (
        "webhooks.execute",
        lambda c: c.orchestrator.webhooks.execute("wf_1", {"any": ["json", None]}),
        [ok({"executionId": "ex_1", "status": "running", "traceId": "t"})],
        lambda run: run["traceId"] == "t" or pytest.fail(),
    ),
    (
        "webhooks.preflight",
        lambda c: c.orchestrator.webhooks.preflight("wf_1"),
        [ok({"extra": True}, headers={"access-control-allow-origin": "*"})],
        lambda cors: cors.allow_origin == "*" or pytest.fail(),
    ),
    (
        "integrations.list",
        lambda c: c.orchestrator.integrations.list(),
        [ok(INTEGRATIONS)],
        check_integrations,
    ),
    (
        "integrations.get",
        lambda c: c.orchestrator.integrations.get("int_1"),
        [ok({"id": "int_1", "name": "", "type": "x", "config": {"a": [None]}, "v": 2})],
        lambda found: (found.config["a"], found.created_at) == ([None], UNSET) or pytest.fail(),
    ),
    (
        "integrations.create",
        lambda c: c.orchestrator.integrations.create(type="slack", config={"k": "v"}),
        [ok({"id": "int_1", "name": "", "type": "slack"})],
        lambda created: created.updated_at is UNSET or pytest.fail(),
    ),
    (
        "integrations.update",
        lambda c: c.orchestrator.integrations.update("int_1", name="n"),
        [ok(integration_json(updatedBy="u"))],
        lambda updated: updated["updatedBy"] == "u" or pytest.fail(),
    ),
    (
        "integrations.test",
        lambda c: c.orchestrator.integrations.test("int_1"),
        [ok({"status": "error", "latencyMs": 3})],
        lambda result: (result.message, result["latencyMs"]) == (UNSET, 3) or pytest.fail(),
    ),
    (
        "integrations.test_config",
        lambda c: c.orchestrator.integrations.test_config(type="slack", config={}),
        [ok({"status": "a-newer-status"})],
        lambda result: result.status == "a-newer-status" or pytest.fail(),
    ),
    ("api_keys.list", lambda c: c.orchestrator.api_keys.list(), [ok(API_KEYS)], check_api_keys),
    (
        "api_keys.create",
        lambda c: c.orchestrator.api_keys.create(),
        [
            ok(
                {
                    "id": "k1",
                    "name": None,
                    "keyPrefix": "wfb_AbCdEfG",
                    "createdAt": NOW,
                    "key": "wfb_AbCdEfGhIjKlMnOpQrStUvWxYz012345",
                    "expiresAt": None,
                }
            )
        ],
        lambda created: (created.name, created["expiresAt"]) == (None, None) or pytest.fail(),
    ),
    (
        "user.get",
        lambda c: c.orchestrator.user.get(),
        [ok({"id": "u1", "name": None, "email": None, "plan": {"tier": "pro"}})],
        lambda user: (user.image, user["plan"]) == (UNSET, {"tier": "pro"}) or pytest.fail(),
    ),
    (
        "workflows.export",
        lambda c: c.orchestrator.workflows.export(FILES / "export"),
        [
            ok([odd_workflow(), workflow_json(id="auto", name="~~__CURRENT__~~")]),
            ok([integration_json(futureField=1)]),
        ],
        check_export,
    ),
    (
        "workflows.plan",
        lambda c: c.orchestrator.workflows.plan(FILES),
        [ok([odd_workflow()]), ok([integration_json()])],
        check_plan,
    ),
    (
        "workflows.apply",
        lambda c: c.orchestrator.workflows.apply(FILES),
        [ok([odd_workflow()]), ok([integration_json()]), ok(workflow_json(nodes=[TRIGGER]))],
        lambda result: [c.action for c in result.applied] == ["update"] or pytest.fail(),
    ),
    (
        "ai.generate_workflow",
        lambda c: c.orchestrator.ai.generate_workflow(prompt="p"),
        [ndjson_reply],
        check_ai,
    ),
]
IDS = [case[0] for case in CASES]


def test_every_read_method_is_covered() -> None:
    # A new SDK method that reads an answer must join the table above.
    resources = ("workflows", "executions", "webhooks", "integrations", "api_keys", "ai", "user")
    with mock_client(Recorder()) as client:
        methods = {
            f"{resource}.{name}"
            for resource in resources
            for name, _ in inspect.getmembers(
                getattr(client.orchestrator, resource), inspect.ismethod
            )
            if not name.startswith("_")
        }
    # These answer `{"success": true}` or stream to a file (tests/sdk/test_downloads.py).
    no_model = {
        "workflows.delete",
        "workflows.save_project",
        "integrations.delete",
        "api_keys.delete",
        "user.update_profile",
    }
    covered = {name.split(" ")[0] for name in IDS}
    assert methods - no_model == covered


def _read_sync(result: Any) -> Any:
    if inspect.isgenerator(result):  # executions.watch
        return list(result)
    if hasattr(result, "__enter__") and hasattr(result, "__iter__"):
        with result as stream:
            return list(stream)
    return result


async def _read_async(result: Any) -> Any:
    if inspect.isawaitable(result):
        return await result
    if inspect.isasyncgen(result):  # executions.watch
        return [item async for item in result]
    async with result as stream:
        return [item async for item in stream]


@pytest.mark.parametrize(("name", "call", "replies", "check"), CASES, ids=IDS)
def test_sync_reads_odd_answers(
    name: str,
    call: Callable[[Any], Any],
    replies: list[Any],
    check: Callable[[Any], object],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="skytells_orchestrator")
    with mock_client(Recorder(*replies), orchestrator_session_token="tok") as client:
        check(_read_sync(call(client)))
    assert SECRET not in caplog.text


@pytest.mark.parametrize(("name", "call", "replies", "check"), CASES, ids=IDS)
async def test_async_reads_odd_answers(
    name: str,
    call: Callable[[Any], Any],
    replies: list[Any],
    check: Callable[[Any], object],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="skytells_orchestrator")
    client: AsyncSkytells = mock_async_client(Recorder(*replies), orchestrator_session_token="tok")
    async with client:
        check(await _read_async(call(client)))
    assert SECRET not in caplog.text


def test_a_set_aside_item_is_named_in_a_warning_without_its_values(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="skytells_orchestrator")
    reply = ok([workflow_json(id="wf_ok"), BROKEN_WORKFLOW, LOGS[3]])
    with mock_client(Recorder(reply), orchestrator_session_token="tok") as client:
        workflows = client.orchestrator.workflows.list()
    assert [workflow.id for workflow in workflows] == ["wf_ok"]
    assert [item.index for item in workflows.unreadable] == [1, 2]
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2
    assert "item 1 (id 'wf_broken')" in messages[0]
    assert "(ValueError)" in messages[0]
    assert "missing field 'nodes'" in messages[1]
    assert SECRET not in caplog.text


def test_odd_nodes_are_read_and_sent_back_unchanged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # What was read can be written back: update(nodes=workflow.nodes) sends the stored objects.
    caplog.set_level(logging.WARNING, logger="skytells_orchestrator")
    recorder = Recorder(ok(odd_workflow()))
    with mock_client(recorder, orchestrator_session_token="tok") as client:
        workflow = client.orchestrator.workflows.get("wf_1")
        client.orchestrator.workflows.update(
            "wf_1", nodes=workflow.nodes, edges=workflow.edges, validate=False
        )
    assert recorder.json() == {"nodes": ODD_NODES, "edges": ODD_EDGES}
    # Other JSON where a node holds an object is read as it is: nothing is set aside.
    assert not [record for record in caplog.records if "could not be read" in record.getMessage()]


@pytest.mark.parametrize(
    "answer",
    [["wf_1"], [workflow_json(), 5], {"workflows": []}],
    ids=["list of strings", "number among objects", "object for a list"],
)
def test_an_answer_that_is_not_a_list_of_objects_is_invalid_json(answer: Any) -> None:
    # Tolerance is for odd items; an answer of another shape altogether is an error.
    client = mock_client(Recorder(ok(answer)), orchestrator_session_token="tok")
    with client, pytest.raises(SkytellsError) as caught:
        client.orchestrator.workflows.list()
    assert caught.value.error_id == "INVALID_JSON"


@pytest.mark.parametrize(
    "nodes", [["n"], {"n": {}}], ids=["a node that is not an object", "nodes not a list"]
)
def test_a_workflow_whose_nodes_cannot_be_kept_is_set_aside_whole(nodes: Any) -> None:
    # Such nodes could not be written back unchanged: the workflow is set aside, not altered.
    stored = workflow_json(id="wf_odd", nodes=nodes)
    reply = ok([stored, workflow_json(id="wf_ok")])
    with mock_client(Recorder(reply), orchestrator_session_token="tok") as client:
        workflows = client.orchestrator.workflows.list()
    assert [workflow.id for workflow in workflows] == ["wf_ok"]
    assert [item.raw for item in workflows.unreadable] == [stored]
    assert workflows.unreadable[0].error == "TypeError"


def test_single_answers_that_cannot_be_read_are_still_errors() -> None:
    reply = raw(
        200,
        json.dumps(workflow_json(createdAt=SECRET)),
        headers={"content-type": "application/json"},
    )
    client = mock_client(Recorder(reply), orchestrator_session_token="tok")
    with client, pytest.raises(SkytellsError) as caught:
        client.orchestrator.workflows.get("wf_1")
    assert caught.value.error_id == "INVALID_JSON"
