"""Generate → collect → validate → create → execute → wait, sync and async, over real HTTP."""

from __future__ import annotations

import inspect
import json
import logging
from typing import Any

import pytest
from skytells_orchestrator import (
    AsyncSkytells,
    BadRequestError,
    InvalidWorkflowError,
    Skytells,
    StreamError,
    WorkflowDraft,
    check_input,
    input_schema,
)
from skytells_orchestrator.local import LocalOrchestrator

Client = Skytells | AsyncSkytells
LOGGER = "skytells_orchestrator"
PROMPT = "When a webhook arrives, call the API"
SCHEMA = [
    {"name": "email", "type": "string"},
    {"name": "seats", "type": "number"},
    {"name": "company", "type": "object", "fields": [{"name": "name", "type": "string"}]},
]


async def resolve(value: Any) -> Any:
    """Await the async client's coroutines; pass the sync client's results through."""
    return await value if inspect.isawaitable(value) else value


async def generate(client: Client, prompt: str, **kwargs: Any) -> WorkflowDraft:
    return await resolve(
        client.orchestrator.ai.generate_workflow(prompt=prompt, **kwargs).collect()
    )


def trigger_of(draft: WorkflowDraft) -> dict[str, Any]:
    return next(node for node in draft.nodes if node["data"]["type"] == "trigger")


async def test_generate_collect_validate_create_execute_wait(
    client: Client, server: LocalOrchestrator
) -> None:
    orch = client.orchestrator

    draft = await generate(client, PROMPT)
    assert draft.name
    assert draft.ignored_operations == 0
    assert draft.validate() == []
    trigger = trigger_of(draft)
    assert trigger["data"]["config"]["triggerType"] == "Webhook"
    trigger["data"]["config"]["webhookSchema"] = json.dumps(SCHEMA)

    workflow = await resolve(orch.workflows.create(**draft.create_arguments()))
    assert [node.id for node in workflow.nodes] == [node["id"] for node in draft.nodes]
    assert input_schema(workflow) is not None

    body = {"email": "ada@example.com", "seats": 3, "company": {"name": "Analytical"}}
    assert check_input(workflow, body) == []
    run = await resolve(orch.webhooks.execute(workflow.id, body, check_against=workflow))
    final = await resolve(orch.executions.wait(run.execution_id, timeout=20, poll_interval=0.02))
    assert final.status == "success"
    assert {status.node_id for status in final.node_statuses} == {n["id"] for n in draft.nodes}
    logs = await resolve(orch.executions.get_logs(run.execution_id))
    trigger_log = next(entry for entry in logs if entry.node_id == trigger["id"])
    assert trigger_log.status == "success"


async def test_collect_builds_on_an_existing_workflow(client: Client) -> None:
    orch = client.orchestrator
    first = await generate(client, PROMPT)
    saved = await resolve(orch.workflows.create(**first.create_arguments()))

    extended = await generate(client, "Also post to Slack", existing_workflow=saved)
    assert extended.name == saved.name  # the server did not rename a named workflow
    saved_ids = [node.id for node in saved.nodes]
    new_ids = [node["id"] for node in extended.nodes]
    assert new_ids[: len(saved_ids)] == saved_ids
    assert len(new_ids) == len(saved_ids) + 1
    # The Slack step needs an integration, which a draft never names.
    assert [problem.code for problem in extended.validate()] == ["MISSING_INTEGRATION"]

    updated = await resolve(orch.workflows.update(saved.id, **extended.create_arguments()))
    assert [node.id for node in updated.nodes] == new_ids
    assert len(updated.edges) == len(extended.edges)


async def test_existing_workflow_may_be_a_mapping(client: Client) -> None:
    draft = await generate(client, PROMPT)
    again = await generate(
        client, "and a database query", existing_workflow=draft.create_arguments()
    )
    assert [n["id"] for n in again.nodes][: len(draft.nodes)] == [n["id"] for n in draft.nodes]
    assert [problem.code for problem in again.validate()] == ["MISSING_INTEGRATION"]


async def test_collect_after_iterating_part_of_the_stream(client: Client) -> None:
    stream = client.orchestrator.ai.generate_workflow(prompt=PROMPT)
    if isinstance(client, AsyncSkytells):
        async with stream as opened:
            first = await opened.__anext__()
            draft = await opened.collect()
    else:
        with stream as opened:
            first = next(opened)
            draft = opened.collect()
    assert first.op == "setName"
    assert draft.name == first.name
    assert draft.validate() == []


async def test_collect_refuses_a_stream_cut_short(
    client: Client, server: LocalOrchestrator
) -> None:
    server.faults.drop_stream_after(3)
    with pytest.raises(StreamError) as caught:
        await generate(client, PROMPT)
    assert caught.value.error_id == "STREAM_INCOMPLETE"
    server.faults.stream_error("Model overloaded", after_lines=2)
    with pytest.raises(StreamError) as failed:
        await generate(client, PROMPT)
    assert failed.value.error_id == "STREAM_ERROR"
    assert failed.value.message == "Model overloaded"


async def test_an_invalid_graph_is_refused_before_any_request(
    client: Client, server: LocalOrchestrator
) -> None:
    orch = client.orchestrator
    draft = await generate(client, PROMPT)
    arguments = draft.create_arguments()
    arguments["edges"].append(
        {"id": "dangling", "source": arguments["nodes"][0]["id"], "target": "gone"}
    )
    arguments["nodes"].append(dict(arguments["nodes"][-1]))  # same id twice

    server.requests.clear()
    with pytest.raises(InvalidWorkflowError) as caught:
        await resolve(orch.workflows.create(**arguments))
    assert caught.value.error_id == "INVALID_WORKFLOW"
    assert {p.code for p in caught.value.problems if p.is_error} == {
        "DUPLICATE_NODE_ID",
        "EDGE_UNKNOWN_NODE",
    }
    assert len(server.requests) == 0

    saved = await resolve(orch.workflows.create(**draft.create_arguments()))
    server.requests.clear()
    with pytest.raises(InvalidWorkflowError):
        await resolve(
            orch.workflows.update(saved.id, nodes=arguments["nodes"], edges=arguments["edges"])
        )
    actions_only = [node for node in arguments["nodes"] if node["data"]["type"] == "action"][:1]
    with pytest.raises(InvalidWorkflowError) as only_nodes:
        await resolve(orch.workflows.update(saved.id, nodes=actions_only))
    assert [p.code for p in only_nodes.value.problems] == ["NO_TRIGGER"]
    assert len(server.requests) == 0

    # Fields other than the graph are not checked; validate=False sends the graph as it is.
    renamed = await resolve(orch.workflows.update(saved.id, name="Renamed"))
    assert renamed.name == "Renamed"
    stored = await resolve(orch.workflows.create(**arguments, validate=False))
    assert [edge.id for edge in stored.edges][-1] == "dangling"


async def test_an_empty_workflow_stays_valid(client: Client) -> None:
    created = await resolve(client.orchestrator.workflows.create(name="Empty", nodes=[], edges=[]))
    assert len(created.nodes) == 1  # the server's Manual trigger


async def test_webhook_input_is_checked_against_the_trigger_schema(
    client: Client, server: LocalOrchestrator, caplog: pytest.LogCaptureFixture
) -> None:
    orch = client.orchestrator
    draft = await generate(client, PROMPT)
    trigger_of(draft)["data"]["config"]["webhookSchema"] = json.dumps(SCHEMA)
    workflow = await resolve(orch.workflows.create(**draft.create_arguments()))

    server.requests.clear()
    bad = {"email": "ada@example.com", "seats": "three", "company": {"name": 7}}
    with pytest.raises(InvalidWorkflowError) as caught:
        await resolve(orch.webhooks.execute(workflow.id, bad, check_against=workflow))
    assert caught.value.error_id == "INVALID_INPUT"
    assert sorted(p.path or "" for p in caught.value.problems) == ["company.name", "seats"]
    assert len(server.requests) == 0

    # A missing field is only a warning: the server does not enforce the schema.
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        run = await resolve(
            orch.webhooks.execute(workflow.id, {"email": "a@b.c"}, check_against=workflow.nodes)
        )
    assert "INPUT_MISSING_FIELD" in caplog.text and "seats" in caplog.text
    final = await resolve(orch.executions.wait(run.execution_id, timeout=20, poll_interval=0.02))
    assert final.status == "success"
    # Without check_against nothing is checked.
    unchecked = await resolve(orch.webhooks.execute(workflow.id, bad))
    assert unchecked.execution_id


async def test_check_against_a_workflow_that_is_not_webhook_triggered(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    orch = client.orchestrator
    draft = await generate(client, "Every day query the database")
    assert trigger_of(draft)["data"]["config"]["triggerType"] == "Schedule"
    workflow = await resolve(orch.workflows.create(**draft.create_arguments()))
    refused = pytest.raises(BadRequestError)
    with caplog.at_level(logging.WARNING, logger=LOGGER), refused as caught:
        await resolve(orch.webhooks.execute(workflow.id, {}, check_against=workflow))
    assert "WEBHOOK_NOT_CONFIGURED" in caplog.text  # a warning; the server refuses on its own
    assert "not configured for webhook triggers" in caught.value.message
