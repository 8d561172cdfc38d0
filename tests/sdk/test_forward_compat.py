"""A newer server may add fields and values: the client keeps them and does not break."""

from __future__ import annotations

from sdk_support import (
    Recorder,
    execution_json,
    log_entry_json,
    mock_async_client,
    mock_client,
    ok,
    workflow_json,
)
from skytells_orchestrator import Skytells

NODE = {
    "id": "n1",
    "type": "action",
    "position": {"x": 1, "y": 2, "z": 3},
    "data": {
        "label": "Step",
        "type": "action",
        "config": {"actionType": "Quantum Teleport", "integrationId": "int_1", "warp": 9},
        "status": "paused",
        "enabled": True,
        "color": "teal",
    },
    "locked": True,
}
EDGE = {"id": "e1", "source": "n1", "target": "n2", "type": "animated", "label": "yes"}


def test_unknown_fields_kept_on_workflows_and_nested_models() -> None:
    body = workflow_json(futureField={"a": 1}, visibility="team", nodes=[NODE], edges=[EDGE])
    workflow = mock_client(Recorder(ok(body))).orchestrator.workflows.get("wf_1")
    assert workflow.additional_properties["futureField"] == {"a": 1}
    assert workflow.visibility == "team"
    node = workflow.nodes[0]
    assert node.additional_properties["locked"] is True
    assert node.data.status == "paused"
    assert node.data.additional_properties["color"] == "teal"
    assert node.data.config.additional_properties["warp"] == 9
    assert workflow.edges[0].additional_properties["label"] == "yes"


def test_unknown_fields_survive_a_round_trip_through_update() -> None:
    recorder = Recorder(ok(workflow_json(nodes=[NODE], edges=[EDGE])))
    client = mock_client(recorder)
    workflow = client.orchestrator.workflows.get("wf_1")
    # The graph is only a carrier of unknown fields (no trigger, an edge to a missing node):
    # the graph checks are not what this test is about.
    client.orchestrator.workflows.update(
        "wf_1", nodes=workflow.nodes, edges=workflow.edges, validate=False
    )
    assert recorder.json() == {"nodes": [NODE], "edges": [EDGE]}


def test_unknown_status_values_parse() -> None:
    recorder = Recorder(
        ok(
            {
                "status": "paused",
                "nodeStatuses": [{"nodeId": "n1", "status": "skipped", "attempt": 2}],
            }
        ),
        ok([execution_json(status="paused", retries=1)]),
        ok([log_entry_json(status="skipped")]),
        ok({"executionId": "e", "status": "queued", "queuePosition": 4}),
    )
    client = mock_client(recorder)
    status = client.orchestrator.executions.get_status("ex_1")
    assert status.status == "paused"
    assert status.node_statuses[0].status == "skipped"
    assert status.node_statuses[0].additional_properties["attempt"] == 2
    (execution,) = client.orchestrator.executions.list("wf_1")
    assert execution.status == "paused"
    assert execution.additional_properties["retries"] == 1
    (entry,) = client.orchestrator.executions.get_logs("ex_1")
    assert entry.status == "skipped"
    run = client.orchestrator.webhooks.execute("wf_1")
    assert run.status == "queued"
    assert run.additional_properties["queuePosition"] == 4


async def test_async_unknown_fields_kept() -> None:
    client = mock_async_client(Recorder(ok([workflow_json(futureField=True)])))
    (workflow,) = await client.orchestrator.workflows.list()
    assert workflow.additional_properties["futureField"] is True


def test_local_server_keeps_extra_fields_it_was_given(client: Skytells) -> None:
    node = {
        "id": "t",
        "type": "trigger",
        "position": {"x": 0, "y": 0},
        "data": {"label": "T", "type": "trigger", "config": {"triggerType": "Webhook"}},
        "customMeta": {"owner": "team-a"},
    }
    created = client.orchestrator.workflows.create(name="extras", nodes=[node])
    fetched = client.orchestrator.workflows.get(created.id)
    assert fetched.nodes[0].additional_properties["customMeta"] == {"owner": "team-a"}
