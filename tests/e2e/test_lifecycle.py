"""Every public SDK method, sync and async, against the local server over real HTTP."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from e2e_support import collect, make_client, resolve, webhook_workflow_nodes
from skytells_orchestrator import (
    AsyncSkytells,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    Skytells,
    blocks,
)
from skytells_orchestrator.local import LocalOrchestrator

Client = Skytells | AsyncSkytells


async def test_workflow_lifecycle(
    client: Client, server: LocalOrchestrator, tmp_path: Path
) -> None:
    orch = client.orchestrator
    nodes, edges = webhook_workflow_nodes()

    created = await resolve(
        orch.workflows.create(name="Signup flow", description="welcome", nodes=nodes, edges=edges)
    )
    assert created.name == "Signup flow"
    assert [node.id for node in created.nodes] == ["trigger", "enrich", "notify"]
    assert created.nodes[0].data.config.trigger_type == "Webhook"

    fetched = await resolve(orch.workflows.get(created.id))
    assert fetched.id == created.id
    assert fetched.is_owner is True
    assert created.id in [workflow.id for workflow in await resolve(orch.workflows.list())]

    updated = await resolve(orch.workflows.update(created.id, name="Signup flow v2"))
    assert updated.name == "Signup flow v2"
    assert updated.description == "welcome"  # not sent, so not erased
    public = await resolve(orch.workflows.update(created.id, visibility="public"))
    assert public.visibility == "public"

    copy = await resolve(orch.workflows.duplicate(created.id))
    assert copy.name == "Signup flow v2 (Copy)"
    assert copy.visibility == "private"
    assert {node.id for node in copy.nodes}.isdisjoint({"trigger", "enrich", "notify"})

    code = await resolve(orch.workflows.get_code(created.id))
    assert isinstance(code, str)
    assert "Signup flow v2" in code
    assert not code.lstrip().startswith("{")  # the source, not the JSON envelope

    archive = await resolve(orch.workflows.download_project(created.id))
    names = zipfile.ZipFile(io.BytesIO(archive)).namelist()
    assert "package.json" in names
    saved = await resolve(orch.workflows.save_project(created.id, tmp_path / "project.zip"))
    assert saved == tmp_path / "project.zip"
    assert zipfile.ZipFile(saved).namelist() == names
    assert sorted(path.name for path in tmp_path.iterdir()) == ["project.zip"]

    run = await resolve(orch.webhooks.execute(created.id, {"email": "ada@example.com"}))
    assert run.status == "running"
    final = await resolve(orch.executions.wait(run.execution_id, timeout=20, poll_interval=0.02))
    assert final.status == "success"
    assert {(s.node_id, s.status) for s in final.node_statuses} == {
        ("trigger", "success"),
        ("enrich", "success"),
        ("notify", "success"),
    }

    logs = await resolve(orch.executions.get_logs(run.execution_id))
    assert {entry.node_id for entry in logs} == {"trigger", "enrich", "notify"}
    assert all(entry.status == "success" for entry in logs)
    assert "sk-live-should-be-redacted" not in repr(logs)  # the server redacts secrets

    executions = await resolve(orch.executions.list(created.id))
    assert [execution.id for execution in executions] == [run.execution_id]
    assert executions[0].status == "success"
    assert (await resolve(orch.executions.get_status(run.execution_id))).status == "success"

    # The server refuses to delete a workflow that still has executions (foreign key).
    with pytest.raises(InternalServerError) as refused:
        await resolve(orch.workflows.delete(created.id))
    assert "Failed query" in refused.value.message
    deleted = await resolve(orch.executions.delete_all_for_workflow(created.id))
    assert deleted.deleted_count == 1
    assert await resolve(orch.workflows.delete(created.id)) is None
    await resolve(orch.workflows.delete(copy.id))
    with pytest.raises(NotFoundError) as missing:
        await resolve(orch.workflows.get(created.id))
    assert missing.value.message == "Workflow not found"
    assert missing.value.error_id == "NOT_FOUND"


async def test_a_failing_node_ends_the_execution_in_error(client: Client) -> None:
    orch = client.orchestrator
    nodes, edges = webhook_workflow_nodes(fail_action=True)
    workflow = await resolve(orch.workflows.create(name="Fails", nodes=nodes, edges=edges))
    run = await resolve(orch.webhooks.execute(workflow.id))
    final = await resolve(orch.executions.wait(run.execution_id, timeout=20, poll_interval=0.02))
    assert final.status == "error"
    statuses = {s.node_id: s.status for s in final.node_statuses}
    assert statuses["notify"] == "error"
    logs = await resolve(orch.executions.get_logs(run.execution_id))
    assert any(entry.error for entry in logs if entry.node_id == "notify")
    await resolve(orch.executions.delete_all_for_workflow(workflow.id))
    await resolve(orch.workflows.delete(workflow.id))


async def test_create_without_nodes_gets_a_manual_trigger(client: Client) -> None:
    orch = client.orchestrator
    workflow = await resolve(orch.workflows.create(name="Bare"))
    assert len(workflow.nodes) == 1
    assert workflow.nodes[0].type_ == "trigger"
    # A manual trigger cannot be called by webhook: 400 with the server's message.
    with pytest.raises(BadRequestError) as refused:
        await resolve(orch.webhooks.execute(workflow.id))
    assert "not configured for webhook triggers" in refused.value.message
    await resolve(orch.workflows.delete(workflow.id))


async def test_webhook_preflight(client: Client) -> None:
    orch = client.orchestrator
    workflow = await resolve(orch.workflows.create(name="Preflight"))
    policy = await resolve(orch.webhooks.preflight(workflow.id))
    assert policy.allow_origin == "*"
    assert policy.allow_methods == ["POST", "OPTIONS"]
    assert policy.allow_headers == ["Content-Type", "Authorization"]
    await resolve(orch.workflows.delete(workflow.id))


async def test_integrations_crud_and_tests(client: Client) -> None:
    orch = client.orchestrator
    created = await resolve(
        orch.integrations.create(
            type="slack", name="Team", config={"webhookUrl": "https://hooks.example/T1"}
        )
    )
    assert (created.name, created.type_) == ("Team", "slack")

    listed = await resolve(orch.integrations.list(type="slack"))
    assert created.id in [item.id for item in listed]
    assert all("config" not in item.additional_properties for item in listed)
    assert await resolve(orch.integrations.list(type="no-such-type")) == []

    fetched = await resolve(orch.integrations.get(created.id))
    assert fetched.config.additional_properties == {"webhookUrl": "https://hooks.example/T1"}

    renamed = await resolve(orch.integrations.update(created.id, name="Ops"))
    assert renamed.name == "Ops"
    assert renamed.config.additional_properties == {"webhookUrl": "https://hooks.example/T1"}
    reconfigured = await resolve(
        orch.integrations.update(created.id, config={"webhookUrl": "https://hooks.example/T2"})
    )
    assert reconfigured.name == "Ops"

    result = await resolve(orch.integrations.test(created.id))
    assert result.status in ("success", "error")
    good = await resolve(
        orch.integrations.test_config(type="slack", config={"webhookUrl": "https://hooks.ok/x"})
    )
    assert good.status == "success"

    assert await resolve(orch.integrations.delete(created.id)) is None
    with pytest.raises(NotFoundError):
        await resolve(orch.integrations.get(created.id))


async def test_api_keys_and_the_new_key_triggers_webhooks(
    client: Client, server: LocalOrchestrator
) -> None:
    orch = client.orchestrator
    created = await resolve(orch.api_keys.create(name="backend"))
    assert created.key.startswith("wfb_")
    assert created.key_prefix == created.key[:11]
    assert created.key not in repr(created)
    listed = await resolve(orch.api_keys.list())
    assert created.id in [key.id for key in listed]
    assert all("key" not in key.additional_properties for key in listed)

    nodes, edges = webhook_workflow_nodes()
    workflow = await resolve(orch.workflows.create(name="Keyed", nodes=nodes, edges=edges))
    new_client = make_client(server, "sync", orchestrator_api_key=created.key)
    with new_client:
        assert isinstance(new_client, Skytells)
        run = new_client.orchestrator.webhooks.execute(workflow.id, {"via": "new key"})
        new_client.orchestrator.executions.wait(run.execution_id, timeout=20, poll_interval=0.02)

    await resolve(orch.api_keys.delete(created.id))
    revoked = make_client(server, "sync", orchestrator_api_key=created.key)
    with revoked, pytest.raises(AuthenticationError) as refused:
        assert isinstance(revoked, Skytells)
        revoked.orchestrator.webhooks.execute(workflow.id)
    assert refused.value.message == "Invalid API key"
    with pytest.raises(NotFoundError):
        await resolve(orch.api_keys.delete(created.id))
    await resolve(orch.executions.delete_all_for_workflow(workflow.id))
    await resolve(orch.workflows.delete(workflow.id))


async def test_another_users_key_cannot_trigger(client: Client, server: LocalOrchestrator) -> None:
    nodes, edges = webhook_workflow_nodes()
    workflow = await resolve(
        client.orchestrator.workflows.create(name="Mine", nodes=nodes, edges=edges)
    )
    other = make_client(server, "sync", orchestrator_api_key=server.other_api_key)
    with other, pytest.raises(PermissionDeniedError) as refused:
        assert isinstance(other, Skytells)
        other.orchestrator.webhooks.execute(workflow.id)
    assert refused.value.message == "You do not have permission to run this workflow"
    await resolve(client.orchestrator.workflows.delete(workflow.id))


async def test_user_profile(client: Client) -> None:
    orch = client.orchestrator
    user = await resolve(orch.user.get())
    assert user.email
    original = user.name
    assert await resolve(orch.user.update_profile(name="Renamed")) is None
    assert (await resolve(orch.user.get())).name == "Renamed"
    await resolve(orch.user.update_profile(name=original))
    assert (await resolve(orch.user.get())).email == user.email  # email not sent, kept


async def test_ai_stream_consumed_fully(client: Client) -> None:
    stream = client.orchestrator.ai.generate_workflow(prompt="email me when a form is submitted")
    operations: list[Any] = await collect(stream)
    ops = [operation.op for operation in operations]
    assert ops[0] == "setName"
    assert "addNode" in ops
    assert "addEdge" in ops
    nodes = [operation.node for operation in operations if operation.op == "addNode"]
    assert nodes[0].type_ == "trigger"
    # Same prompt, same workflow: the local generator is deterministic.
    again = await collect(
        client.orchestrator.ai.generate_workflow(prompt="email me when a form is submitted")
    )
    assert [operation.to_dict() for operation in again] == [op.to_dict() for op in operations]


async def test_a_generated_workflow_passes_the_checks_and_runs(client: Client) -> None:
    orch = client.orchestrator
    prompt = "When a webhook arrives, summarize it, post to Slack, email me, open a Linear ticket"
    draft = await resolve(orch.ai.generate_workflow(prompt=prompt).collect())
    actions = [node for node in draft.nodes if node["data"]["type"] == "action"]
    # The hosted generator asks for current action ids, never legacy names.
    assert [node["data"]["config"]["actionType"] for node in actions] == [
        "ai-gateway/generate-text",
        "slack/send-message",
        "resend/send-email",
        "linear/create-ticket",
    ]
    catalogue = blocks.catalogue()
    specs = [catalogue.find(node["data"]["config"]["actionType"]) for node in actions]
    assert [spec.type if spec else None for spec in specs] == [
        node["data"]["config"]["actionType"] for node in actions
    ]
    # Only what no generator can know is missing: which integration each action uses.
    assert {(p.code, p.node_id) for p in draft.validate()} == {
        ("MISSING_INTEGRATION", node["id"]) for node in actions
    }
    credentials = {spec.type: spec.credential_keys for spec in catalogue.integrations}
    integrations = []
    for node, spec in zip(actions, specs, strict=True):
        assert spec is not None and spec.integration is not None
        config = {key: f"{key}-value" for key in credentials[spec.integration]}
        made = await resolve(orch.integrations.create(type=spec.integration, config=config))
        integrations.append(made.id)
        node["data"]["config"]["integrationId"] = made.id
    assert draft.validate() == []
    workflow = await resolve(orch.workflows.create(**draft.create_arguments()))
    try:
        done = await resolve(
            orch.webhooks.execute_and_wait(workflow.id, {"text": "hi"}, poll_interval=0.01)
        )
        assert done.status == "success", done.error
        logs = await resolve(orch.executions.get_logs(done.id))
        ran = {entry.node_id: entry.node_type for entry in logs}
        assert [ran[node["id"]] for node in actions] == [spec.type for spec in specs if spec]
    finally:
        await resolve(orch.executions.delete_all_for_workflow(workflow.id))
        await resolve(orch.workflows.delete(workflow.id))
        for integration_id in integrations:
            await resolve(orch.integrations.delete(integration_id))


async def test_ai_stream_stopped_early(client: Client, server: LocalOrchestrator) -> None:
    server.ai_line_delay = 0.05
    try:
        stream = client.orchestrator.ai.generate_workflow(prompt="slack a summary every morning")
        if isinstance(client, AsyncSkytells):
            async with stream as opened:
                first = await opened.__anext__()
        else:
            with stream as opened:
                first = next(opened)
        assert first.op == "setName"
        assert stream.closed
    finally:
        server.ai_line_delay = 0.0


async def test_ai_stream_edits_an_existing_workflow(client: Client) -> None:
    nodes, edges = webhook_workflow_nodes()
    stream = client.orchestrator.ai.generate_workflow(
        prompt="add a slack message at the end",
        existing_workflow={"nodes": nodes, "edges": edges, "name": "Signup"},
    )
    operations = await collect(stream)
    assert operations


async def test_strict_auth_refuses_a_key_on_management_routes() -> None:
    with LocalOrchestrator(strict_auth=True) as strict:
        key_only = Skytells(orchestrator_api_key=strict.api_key, orchestrator_base_url=strict.url)
        with key_only, pytest.raises(AuthenticationError) as refused:
            key_only.orchestrator.workflows.create(name="nope")
        assert refused.value.http_status == 401
        assert refused.value.error_id == "UNAUTHORIZED"
        assert refused.value.message == "Unauthorized"
        # The quirk: the list answers 200 [] instead of 401 without a session.
        with Skytells(orchestrator_api_key=strict.api_key, orchestrator_base_url=strict.url) as c:
            assert c.orchestrator.workflows.list() == []
        async with AsyncSkytells(
            orchestrator_api_key=strict.api_key,
            orchestrator_base_url=strict.url,
            orchestrator_session_token=strict.session_token,
        ) as with_session:
            workflow = await with_session.orchestrator.workflows.create(name="allowed")
            assert workflow.name == "allowed"


async def test_another_users_integration_is_permission_denied(
    client: Client, server: LocalOrchestrator
) -> None:
    other = make_client(server, "sync", orchestrator_session_token=server.other_session_token)
    with other:
        assert isinstance(other, Skytells)
        foreign = other.orchestrator.integrations.create(type="slack", config={"botToken": "t"})
    orch = client.orchestrator
    nodes, edges = webhook_workflow_nodes()
    nodes[1]["data"]["config"]["integrationId"] = foreign.id
    with pytest.raises(PermissionDeniedError) as on_create:
        await resolve(orch.workflows.create(name="Borrowed", nodes=nodes, edges=edges))
    mine = await resolve(orch.workflows.create(name="Mine", nodes=nodes[:1], edges=[]))
    with pytest.raises(PermissionDeniedError) as on_update:
        await resolve(orch.workflows.update(mine.id, nodes=nodes, edges=edges))
    for refused in (on_create.value, on_update.value):
        assert (refused.http_status, refused.error_id) == (403, "FORBIDDEN")
        assert refused.message == "Invalid integration references in workflow"
    # The autosave is stored unchecked; running it is refused.
    autosave = await resolve(orch.workflows.save_current(nodes=nodes, edges=edges))
    assert autosave.id is not None
    try:
        with pytest.raises(PermissionDeniedError) as on_execute:
            await resolve(orch.workflows.execute(autosave.id))
        with pytest.raises(PermissionDeniedError) as on_webhook:
            await resolve(orch.webhooks.execute(autosave.id, {}))
        for refused in (on_execute.value, on_webhook.value):
            assert refused.error_id == "FORBIDDEN"
            assert refused.message == "Workflow contains invalid integration references"
    finally:
        await resolve(orch.workflows.delete(autosave.id))
        await resolve(orch.workflows.delete(mine.id))
