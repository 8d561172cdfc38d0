"""The generated package on its own: every generated operation, sync and async, against the
local server, with no overlay involved (``Client`` with the session cookie,
``AuthenticatedClient`` with the ``wfb_`` key for the webhook).
"""

from __future__ import annotations

import asyncio
import importlib
import json
import pkgutil
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012
from skytells_orchestrator.local import LocalOrchestrator
from skytells_orchestrator_client import AuthenticatedClient, Client, api, models
from skytells_orchestrator_client.api.ai import generate_workflow
from skytells_orchestrator_client.api.api_keys import create_api_key, delete_api_key, list_api_keys
from skytells_orchestrator_client.api.executions import (
    delete_executions,
    get_execution_logs,
    get_execution_status,
    list_executions,
)
from skytells_orchestrator_client.api.integrations import (
    create_integration,
    delete_integration,
    get_integration,
    list_integrations,
    test_integration,
    test_integration_config,
    update_integration,
)
from skytells_orchestrator_client.api.user import get_user, update_user
from skytells_orchestrator_client.api.webhooks import trigger_webhook, webhook_preflight
from skytells_orchestrator_client.api.workflows import (
    create_workflow,
    delete_workflow,
    download_workflow_project,
    duplicate_workflow,
    execute_workflow,
    get_current_workflow,
    get_workflow,
    get_workflow_code,
    list_workflows,
    save_current_workflow,
    update_workflow,
)
from skytells_orchestrator_client.models import (
    AiGenerateRequest,
    ApiKey,
    CreateApiKeyRequest,
    CreatedApiKey,
    CreatedIntegration,
    CreateIntegrationRequest,
    CreateWorkflowRequest,
    CurrentWorkflow,
    DeleteExecutionsResponse,
    ErrorResponse,
    ExecuteWorkflowRequest,
    Execution,
    ExecutionLogs,
    ExecutionStarted,
    ExecutionStatus,
    Integration,
    IntegrationSummary,
    IntegrationTestResult,
    ProjectFiles,
    SaveCurrentWorkflowRequest,
    StoredEdge,
    StoredNode,
    SuccessResponse,
    UpdateIntegrationRequest,
    UpdateUserRequest,
    UpdateWorkflowRequest,
    User,
    WebhookPayload,
    WebhookTriggerResponse,
    Workflow,
    WorkflowCode,
)
from skytells_orchestrator_client.types import File

SESSION_COOKIE = "better-auth.session_token"
SPEC: dict[str, Any] = yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "openapi.yaml").read_text()
)
TRIGGER = {
    "id": "trigger",
    "type": "trigger",
    "position": {"x": 0, "y": 0},
    "data": {"label": "Hook", "type": "trigger", "config": {"triggerType": "Webhook"}},
}
ACTION = {
    "id": "act",
    "type": "action",
    "position": {"x": 0, "y": 100},
    "data": {
        "label": "Call",
        "type": "action",
        "config": {"actionType": "HTTP Request", "endpoint": "https://api.example.com"},
    },
}
EDGE = {"id": "e1", "source": "trigger", "target": "act"}


def _all_operation_modules() -> set[str]:
    names = set()
    for group in pkgutil.iter_modules(api.__path__):
        package = importlib.import_module(f"{api.__name__}.{group.name}")
        names |= {
            f"{group.name}.{module.name}" for module in pkgutil.iter_modules(package.__path__)
        }
    return names


@pytest.fixture(scope="module")
def server() -> Iterator[LocalOrchestrator]:
    with LocalOrchestrator(step_delay=0.002) as running:
        yield running


class Caller:
    """Calls generated operations in one mode (``sync`` or ``async``) and records which."""

    def __init__(self, mode: str, session: Client, keyed: AuthenticatedClient) -> None:
        self.mode = mode
        self.session = session
        self.keyed = keyed
        self.called: set[str] = set()

    async def __call__(
        self, module: ModuleType, *args: Any, client: Any = None, **kwargs: Any
    ) -> Any:
        group, name = module.__name__.split(".")[-2:]
        self.called.add(f"{group}.{name}")
        client = client or self.session
        if self.mode == "sync":
            response = module.sync_detailed(*args, client=client, **kwargs)
        else:
            response = await module.asyncio_detailed(*args, client=client, **kwargs)
        assert response.status_code == 200, (name, response.status_code, response.content[:300])
        assert not isinstance(response.parsed, ErrorResponse), name
        return response.parsed


def _line_validator() -> Draft202012Validator:
    registry: Registry = Registry().with_resource("urn:spec", DRAFT202012.create_resource(SPEC))
    line = SPEC["paths"]["/api/ai/generate"]["post"]["responses"]["200"]["content"][
        "application/x-ndjson"
    ]["schema"]["contentSchema"]["$ref"]
    return Draft202012Validator({"$ref": "urn:spec" + line}, registry=registry)


async def _wait(call: Caller, execution_id: str) -> ExecutionStatus:
    deadline = time.monotonic() + 20
    while True:
        status = await call(get_execution_status, execution_id)
        assert isinstance(status, ExecutionStatus)
        if status.status in ("success", "error", "cancelled"):
            return status
        assert time.monotonic() < deadline, status.status
        if call.mode == "sync":
            time.sleep(0.01)
        else:
            await asyncio.sleep(0.01)


async def _every_operation(call: Caller) -> None:
    assert isinstance(await call(list_workflows), list)
    body = CreateWorkflowRequest(
        name="Generated",
        nodes=[StoredNode.from_dict(TRIGGER), StoredNode.from_dict(ACTION)],
        edges=[StoredEdge.from_dict(EDGE)],
    )
    created = await call(create_workflow, body=body)
    assert isinstance(created, Workflow)
    workflow_id = created.id
    assert (await call(get_workflow, workflow_id)).is_owner is True
    renamed = await call(update_workflow, workflow_id, body=UpdateWorkflowRequest(name="G2"))
    assert renamed.name == "G2"
    copy = await call(duplicate_workflow, workflow_id)
    assert copy.name == "G2 (Copy)"
    code = await call(get_workflow_code, workflow_id)
    assert isinstance(code, WorkflowCode)
    assert code.code
    project = await call(download_workflow_project, workflow_id)
    assert isinstance(project, ProjectFiles)
    assert project.files.additional_properties

    saved = await call(
        save_current_workflow,
        body=SaveCurrentWorkflowRequest(nodes=[StoredNode.from_dict({"id": "x"})], edges=[]),
    )
    assert isinstance(saved, CurrentWorkflow)
    current = await call(get_current_workflow)
    assert current.id == saved.id
    assert current.to_dict()["nodes"] == [{"id": "x"}]

    started = await call(
        execute_workflow, workflow_id, body=ExecuteWorkflowRequest.from_dict({"input": {"a": 1}})
    )
    assert isinstance(started, ExecutionStarted)
    assert (await _wait(call, started.execution_id)).status == "success"

    options = await call(webhook_preflight, workflow_id, client=call.keyed)
    assert options is not None
    run = await call(
        trigger_webhook,
        workflow_id,
        client=call.keyed,
        body=WebhookPayload.from_dict({"email": "ada@example.com"}),
    )
    assert isinstance(run, WebhookTriggerResponse)
    final = await _wait(call, run.execution_id)
    assert {status.node_id for status in final.node_statuses} == {"trigger", "act"}
    logs = await call(get_execution_logs, run.execution_id)
    entries = logs.logs if isinstance(logs, ExecutionLogs) else logs
    assert {entry.node_id for entry in entries} == {"trigger", "act"}
    executions = await call(list_executions, workflow_id)
    assert all(isinstance(execution, Execution) for execution in executions)
    assert len(executions) == 2

    key = await call(create_api_key, body=CreateApiKeyRequest(name="generated"))
    assert isinstance(key, CreatedApiKey)
    keys = await call(list_api_keys)
    assert key.id in [listed.id for listed in keys if isinstance(listed, ApiKey)]
    assert isinstance(await call(delete_api_key, key.id), SuccessResponse)

    integration = await call(
        create_integration,
        body=CreateIntegrationRequest.from_dict({"type": "slack", "config": {"apiKey": "k"}}),
    )
    assert isinstance(integration, CreatedIntegration)
    listed = await call(list_integrations)
    assert integration.id in [item.id for item in listed if isinstance(item, IntegrationSummary)]
    fetched = await call(get_integration, integration.id)
    assert isinstance(fetched, Integration)
    changed = await call(
        update_integration, integration.id, body=UpdateIntegrationRequest(name="Ops")
    )
    assert changed.name == "Ops"
    assert isinstance(await call(test_integration, integration.id), IntegrationTestResult)
    tested = await call(
        test_integration_config,
        body=models.TestIntegrationConfigRequest.from_dict(
            {"type": "slack", "config": {"apiKey": "k"}}
        ),
    )
    assert isinstance(tested, IntegrationTestResult)
    assert isinstance(await call(delete_integration, integration.id), SuccessResponse)

    stream = await call(generate_workflow, body=AiGenerateRequest(prompt="Notify me on signup"))
    assert isinstance(stream, File)
    lines = [json.loads(line) for line in stream.payload.read().splitlines() if line.strip()]
    assert lines[-1] == {"type": "complete"}
    validator = _line_validator()
    for line in lines:
        assert not [error.message for error in validator.iter_errors(line)], line

    user = await call(get_user)
    assert isinstance(user, User)
    assert isinstance(await call(update_user, body=UpdateUserRequest(name="Ada")), SuccessResponse)

    deleted = await call(delete_executions, workflow_id)
    assert isinstance(deleted, DeleteExecutionsResponse)
    assert deleted.deleted_count == 2
    for gone in (workflow_id, copy.id):
        assert isinstance(await call(delete_workflow, gone), SuccessResponse)


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_every_generated_operation_works_on_its_own(
    server: LocalOrchestrator, mode: str
) -> None:
    session = Client(
        base_url=server.url, cookies={SESSION_COOKIE: server.session_token}, timeout=None
    )
    keyed = AuthenticatedClient(base_url=server.url, token=server.api_key)
    call = Caller(mode, session, keyed)
    if mode == "sync":
        with session, keyed:
            await _every_operation(call)
    else:
        async with session, keyed:
            await _every_operation(call)
    assert call.called == _all_operation_modules()
    assert len(call.called) == 30
