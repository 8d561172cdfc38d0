"""The HTTP routes of the local Orchestrator (Starlette).

Written from ``API-FACTS.md`` alone: it imports nothing from the SDK or the generated client,
so the end-to-end tests compare two independent readings of the API. Messages, status codes and
quirks follow the hosted service (the open-source workflow builder it runs); deviations are
marked "Deviation" below.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp

from ._ai import generate_operations
from ._auth import OAUTH_PROVIDERS, SESSION_COOKIE, Authenticator, bearer_token
from ._codegen import download_files, workflow_code
from ._engine import ExecutionRunner, Settings, find_trigger
from ._faults import DropConnection, FaultMiddleware, Faults, RequestLog
from ._http import (
    DEFAULT_BODY_TIMEOUT,
    BodyLimit,
    HttpError,
    InvalidJson,
    RawPathRouting,
    decoded_path_params,
    parse_json,
)
from ._store import CURRENT_WORKFLOW_NAME, Store, new_api_key, new_id

__all__ = ["create_app"]

Endpoint = Callable[[Request], Awaitable[Response]]

_CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Authorization",
}

_VISIBILITIES = ("private", "public")

# Integration types the local server can "test"; others answer 400 like the hosted service.
_TESTABLE_TYPES = frozenset(
    {
        "ai-gateway",
        "blob",
        "clerk",
        "database",
        "fal",
        "firecrawl",
        "github",
        "linear",
        "openai",
        "perplexity",
        "resend",
        "skytells",
        "slack",
        "stripe",
        "superagent",
        "v0",
        "webflow",
    }
)
_UNTESTABLE_TYPES = frozenset({"webhook", "http", "custom"})


def _json(content: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    return JSONResponse(content, status_code=status, headers=dict(headers or {}))


async def _body(request: Request) -> Any:
    """The parsed (strict) JSON body; 400 when it is missing or not JSON.

    Deviation: the hosted service answers 500 with the parser's message for a body that is not
    JSON; a 400 is what a client can act on, and keeps 5xx for real server failures.
    """
    try:
        return parse_json(await request.body())
    except InvalidJson as exc:
        raise HttpError(400, f"Invalid JSON body: {exc}") from None


async def _lenient_body(request: Request) -> dict[str, Any]:
    """The JSON object body, or ``{}`` when absent or not JSON (``request.json().catch``).

    A body JavaScript would parse but that cannot be stored (lone surrogates, deep nesting,
    huge numbers) is still a 400: the hosted database refuses it too.
    """
    try:
        parsed = parse_json(await request.body())
    except InvalidJson as exc:
        if exc.parses_in_javascript:
            raise HttpError(400, f"Invalid JSON body: {exc}") from None
        return {}
    return parsed if isinstance(parsed, dict) else {}


async def _object_body(request: Request) -> dict[str, Any]:
    body = await _body(request)
    if not isinstance(body, dict):
        raise HttpError(400, "Request body must be a JSON object")
    return body


def _default_trigger_node() -> dict[str, Any]:
    return {
        "id": new_id(),
        "type": "trigger",
        "position": {"x": 0, "y": 0},
        "data": {
            "label": "",
            "description": "",
            "type": "trigger",
            "config": {"triggerType": "Manual"},
            "status": "idle",
        },
    }


def _without_integration_id(node: Any) -> Any:
    """A copy of a node whose ``data.config`` has no ``integrationId``."""
    if not isinstance(node, dict) or not isinstance(node.get("data"), dict):
        return node
    data = dict(node["data"])
    if isinstance(data.get("config"), dict):
        data["config"] = {k: v for k, v in data["config"].items() if k != "integrationId"}
    return {**node, "data": data}


def _integration_ids(nodes: Any) -> set[str]:
    ids: set[str] = set()
    for node in nodes if isinstance(nodes, list) else []:
        data = node.get("data") if isinstance(node, dict) else None
        config = data.get("config") if isinstance(data, dict) else None
        value = config.get("integrationId") if isinstance(config, dict) else None
        if isinstance(value, str) and value:
            ids.add(value)
    return ids


def _objects(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def _test_credentials(type_: str, config: Any) -> dict[str, str]:
    """The deterministic outcome of testing credentials; raises 400 for untestable types.

    A config fails when it is empty, or when any of its values is an empty string or contains
    "invalid"; a database config needs a ``postgres://``/``postgresql://`` url.
    """
    if type_ in _UNTESTABLE_TYPES:
        raise HttpError(400, "Integration does not support testing")
    if type_ not in _TESTABLE_TYPES:
        raise HttpError(400, "Invalid integration type")
    config = config if isinstance(config, dict) else {}
    if type_ == "database":
        url = config.get("url")
        ok = isinstance(url, str) and url.startswith(("postgres://", "postgresql://"))
        ok = ok and "invalid" not in str(url).lower()
        return {
            "status": "success" if ok else "error",
            "message": "Connection successful" if ok else "Connection failed",
        }
    if not config:
        return {"status": "error", "message": "Missing credentials"}
    for key, value in config.items():
        if isinstance(value, str) and (not value.strip() or "invalid" in value.lower()):
            return {"status": "error", "message": f"Invalid credentials: {key} was rejected"}
    return {"status": "success", "message": "Connection successful"}


class _Api:
    """The route handlers, sharing the store, the authenticator and the runner."""

    def __init__(
        self,
        store: Store,
        auth: Authenticator,
        settings: Settings,
        faults: Faults,
        runner_id: str,
    ) -> None:
        self.store = store
        self.auth = auth
        self.settings = settings
        self.faults = faults
        self.runner = ExecutionRunner(store, settings, runner_id)

    # -- auth ---------------------------------------------------------------------------------

    def user_id(self, request: Request) -> str | None:
        """The authenticated user: session cookie, or (unless strict) the ``wfb_`` Bearer key."""
        user_id = self.auth.user_for_cookie(request.cookies.get(SESSION_COOKIE))
        if user_id is not None:
            return user_id
        if self.settings.strict_auth:
            return None
        key = bearer_token(request.headers.get("authorization"))
        if key and key.startswith("wfb_"):
            return self.auth.user_for_key(key)
        return None

    def require_user(self, request: Request) -> str:
        user_id = self.user_id(request)
        if user_id is None:
            raise HttpError(401, "Unauthorized")
        return user_id

    def owned_workflow(self, user_id: str, workflow_id: str) -> dict[str, Any]:
        workflow = self.store.get_workflow(workflow_id)
        if workflow is None or workflow["userId"] != user_id:
            raise HttpError(404, "Workflow not found")
        return workflow

    def invalid_integrations(self, nodes: Any, user_id: str) -> list[str]:
        # As the hosted check: only ids of another user's integrations are refused; an id
        # that names no integration (a deleted one, say) is a stale reference and allowed.
        return sorted(self.store.foreign_integration_ids(_integration_ids(nodes), user_id))

    # -- workflows ----------------------------------------------------------------------------

    async def list_workflows(self, request: Request) -> Response:
        user_id = self.user_id(request)
        if user_id is None:
            # Quirk of the hosted service: no session is an empty list, not a 401.
            return _json([])
        return _json(self.store.list_workflows(user_id))

    async def create_workflow(self, request: Request) -> Response:
        user_id = self.require_user(request)
        body = await _body(request)
        body = body if isinstance(body, dict) else {}
        name, nodes, edges = body.get("name"), body.get("nodes"), body.get("edges")
        if not (isinstance(name, str) and name and isinstance(nodes, list)):
            raise HttpError(400, "Name, nodes, and edges are required")
        if not isinstance(edges, list):
            raise HttpError(400, "Name, nodes, and edges are required")
        if not (_objects(nodes) and _objects(edges)):
            raise HttpError(400, "Nodes and edges must be arrays of objects")
        description = body.get("description")
        if description is not None and not isinstance(description, str):
            raise HttpError(400, "Description must be a string")
        if self.invalid_integrations(nodes, user_id):
            raise HttpError(403, "Invalid integration references in workflow")
        if not nodes:
            nodes = [_default_trigger_node()]
        if name == "Untitled Workflow":
            name = f"Untitled {len(self.store.list_workflows(user_id)) + 1}"
        workflow = self.store.insert_workflow(
            user_id=user_id,
            name=name,
            description=description,
            nodes=nodes,
            edges=edges,
            extra=self.store.extra_fields(body),
        )
        return _json(workflow)

    async def get_workflow(self, request: Request) -> Response:
        workflow_id = request.path_params["workflowId"]
        user_id = self.user_id(request)
        workflow = self.store.get_workflow(workflow_id)
        if workflow is None:
            raise HttpError(404, "Workflow not found")
        is_owner = user_id is not None and user_id == workflow["userId"]
        if not is_owner and workflow["visibility"] != "public":
            raise HttpError(404, "Workflow not found")
        if not is_owner:
            # Which integrations a public workflow uses is the owner's business.
            workflow["nodes"] = [_without_integration_id(node) for node in workflow["nodes"]]
        return _json({**workflow, "isOwner": is_owner})

    async def update_workflow(self, request: Request) -> Response:
        user_id = self.require_user(request)
        workflow = self.owned_workflow(user_id, request.path_params["workflowId"])
        body = await _object_body(request)
        if "nodes" in body and not _objects(body["nodes"]):
            raise HttpError(400, "Nodes must be an array of objects")
        if "edges" in body and not _objects(body["edges"]):
            raise HttpError(400, "Edges must be an array of objects")
        if "nodes" in body and self.invalid_integrations(body["nodes"], user_id):
            raise HttpError(403, "Invalid integration references in workflow")
        if "visibility" in body and body["visibility"] not in _VISIBILITIES:
            raise HttpError(400, "Invalid visibility value. Must be 'private' or 'public'")
        if "name" in body and not (isinstance(body["name"], str) and body["name"]):
            raise HttpError(400, "Name must be a non-empty string")
        if "description" in body and not isinstance(body["description"], str | None):
            raise HttpError(400, "Description must be a string")
        changes: dict[str, Any] = {
            key: body[key]
            for key in ("name", "description", "nodes", "edges", "visibility")
            if key in body
        }
        changes["extra"] = self.store.extra_fields(body)
        updated = self.store.update_workflow(workflow["id"], changes)
        return _json({**updated, "isOwner": True})

    async def delete_workflow(self, request: Request) -> Response:
        user_id = self.require_user(request)
        workflow = self.owned_workflow(user_id, request.path_params["workflowId"])
        try:
            self.store.delete_workflow(workflow["id"])
        except sqlite3.IntegrityError:
            # The hosted database refuses too (executions reference the workflow) and the
            # route passes the driver's message through as a 500.
            raise HttpError(
                500,
                'Failed query: delete from "workflows" where "workflows"."id" = $1\n'
                f"params: {workflow['id']}",
            ) from None
        return _json({"success": True})

    async def duplicate_workflow(self, request: Request) -> Response:
        user_id = self.require_user(request)
        source = self.store.get_workflow(request.path_params["workflowId"])
        if source is None or (source["userId"] != user_id and source["visibility"] != "public"):
            raise HttpError(404, "Workflow not found")
        id_map: dict[str, str] = {}
        nodes: list[Any] = []
        for node in source["nodes"]:
            if not isinstance(node, dict):
                nodes.append(node)
                continue
            copy = _without_integration_id({**node, "id": new_id()})
            if isinstance(copy.get("data"), dict):
                copy["data"] = {**copy["data"], "status": "idle"}
            id_map[str(node.get("id"))] = copy["id"]
            nodes.append(copy)
        edges = [
            {
                **edge,
                "id": new_id(),
                "source": id_map.get(str(edge.get("source")), edge.get("source")),
                "target": id_map.get(str(edge.get("target")), edge.get("target")),
            }
            if isinstance(edge, dict)
            else edge
            for edge in source["edges"]
        ]
        taken = {workflow["name"] for workflow in self.store.list_workflows(user_id)}
        base = f"{source['name']} (Copy)"
        name, counter = base, 2
        while name in taken:
            name = f"{base} {counter}"
            counter += 1
        duplicate = self.store.insert_workflow(
            user_id=user_id,
            name=name,
            description=source["description"],
            nodes=nodes,
            edges=edges,
            visibility="private",
            extra=self.store.extra_fields(source),
        )
        return _json({**duplicate, "isOwner": True})

    async def workflow_code(self, request: Request) -> Response:
        user_id = self.require_user(request)
        workflow = self.owned_workflow(user_id, request.path_params["workflowId"])
        code = workflow_code(workflow["name"], workflow["nodes"], workflow["edges"])
        return _json({"code": code, "workflowName": workflow["name"]})

    async def download_workflow(self, request: Request) -> Response:
        user_id = self.require_user(request)
        workflow = self.owned_workflow(user_id, request.path_params["workflowId"])
        try:
            files = download_files(workflow)
        except Exception as exc:  # the hosted route's own envelope for this failure
            return _json({"success": False, "error": str(exc)}, status=500)
        return _json({"success": True, "files": files})

    async def get_current(self, request: Request) -> Response:
        user_id = self.require_user(request)
        current = self.store.find_workflow_by_name(user_id, CURRENT_WORKFLOW_NAME)
        if current is None:
            return _json({"nodes": [], "edges": []})
        return _json({"id": current["id"], "nodes": current["nodes"], "edges": current["edges"]})

    async def save_current(self, request: Request) -> Response:
        user_id = self.require_user(request)
        body = await _body(request)
        body = body if isinstance(body, dict) else {}
        nodes, edges = body.get("nodes"), body.get("edges")
        if not (isinstance(nodes, list) and isinstance(edges, list)):
            raise HttpError(400, "Nodes and edges are required")
        if not (_objects(nodes) and _objects(edges)):
            raise HttpError(400, "Nodes and edges must be arrays of objects")
        current = self.store.find_workflow_by_name(user_id, CURRENT_WORKFLOW_NAME)
        if current is None:
            current = self.store.insert_workflow(
                user_id=user_id,
                name=CURRENT_WORKFLOW_NAME,
                description="Auto-saved current workflow",
                nodes=nodes,
                edges=edges,
            )
        else:
            current = self.store.update_workflow(current["id"], {"nodes": nodes, "edges": edges})
        return _json({"id": current["id"], "nodes": current["nodes"], "edges": current["edges"]})

    async def execute_workflow(self, request: Request) -> Response:
        user_id = self.require_user(request)
        workflow = self.store.get_workflow(request.path_params["workflowId"])
        if workflow is None:
            raise HttpError(404, "Workflow not found")
        if workflow["userId"] != user_id:
            raise HttpError(403, "Forbidden")
        if self.invalid_integrations(workflow["nodes"], user_id):
            raise HttpError(403, "Workflow contains invalid integration references")
        body = await _lenient_body(request)
        # Deviation: the hosted service reads a non-object `input` as no input; refusing it
        # tells the caller, and matches the documented request (an object, or left out).
        trigger_input = body.get("input", {})
        if not isinstance(trigger_input, dict):
            raise HttpError(400, "Input must be an object")
        execution = self.store.insert_execution(
            workflow_id=workflow["id"],
            user_id=user_id,
            input_data=trigger_input,
            runner=self.runner.runner_id,
        )
        self.runner.start(execution["id"], workflow, trigger_input)
        return _json({"executionId": execution["id"], "status": "running"})

    # -- executions ---------------------------------------------------------------------------

    async def list_executions(self, request: Request) -> Response:
        user_id = self.require_user(request)
        workflow = self.owned_workflow(user_id, request.path_params["workflowId"])
        return _json(self.store.list_executions(workflow["id"], limit=50))

    async def delete_executions(self, request: Request) -> Response:
        user_id = self.require_user(request)
        workflow = self.owned_workflow(user_id, request.path_params["workflowId"])
        deleted = self.store.delete_executions(workflow["id"])
        return _json({"success": True, "deletedCount": deleted})

    def owned_execution(self, request: Request) -> tuple[dict[str, Any], dict[str, Any]]:
        user_id = self.require_user(request)
        execution = self.store.get_execution(request.path_params["executionId"])
        if execution is None:
            raise HttpError(404, "Execution not found")
        workflow = self.store.get_workflow(execution["workflowId"])
        if workflow is None or workflow["userId"] != user_id:
            raise HttpError(403, "Forbidden")
        return execution, workflow

    async def execution_status(self, request: Request) -> Response:
        execution, _ = self.owned_execution(request)
        logs = reversed(self.store.list_logs(execution["id"]))
        node_statuses = [{"nodeId": log["nodeId"], "status": log["status"]} for log in logs]
        return _json({"status": execution["status"], "nodeStatuses": node_statuses})

    async def execution_logs(self, request: Request) -> Response:
        execution, workflow = self.owned_execution(request)
        logs = self.store.list_logs(execution["id"])  # redacted when written
        return _json({"execution": {**execution, "workflow": workflow}, "logs": logs})

    # -- webhook ------------------------------------------------------------------------------

    async def webhook(self, request: Request) -> Response:
        # Every answer of this route carries the CORS headers, errors included.
        if request.method == "OPTIONS":
            return _json({}, headers=_CORS_HEADERS)
        try:
            return _json(await self._webhook(request), headers=_CORS_HEADERS)
        except HttpError as error:
            return _json(error.payload, status=error.status, headers=_CORS_HEADERS)
        except Exception as exc:
            return _json({"error": str(exc)}, status=500, headers=_CORS_HEADERS)

    async def _webhook(self, request: Request) -> dict[str, Any]:
        workflow = self.store.get_workflow(request.path_params["workflowId"])
        if workflow is None:
            raise HttpError(404, "Workflow not found")
        authorization = request.headers.get("authorization")
        if not authorization:
            raise HttpError(401, "Missing Authorization header")
        key = bearer_token(authorization) or ""
        if not key.startswith("wfb_"):
            raise HttpError(401, "Invalid API key format")
        key_user = self.auth.user_for_key(key)
        if key_user is None:
            raise HttpError(401, "Invalid API key")
        if key_user != workflow["userId"]:
            raise HttpError(403, "You do not have permission to run this workflow")
        trigger = find_trigger(workflow["nodes"])
        config = ((trigger or {}).get("data") or {}).get("config")
        if not isinstance(config, dict) or config.get("triggerType") != "Webhook":
            raise HttpError(400, "This workflow is not configured for webhook triggers")
        if self.invalid_integrations(workflow["nodes"], workflow["userId"]):
            raise HttpError(403, "Workflow contains invalid integration references")
        # A body that is not a JSON object counts as {} (``request.json().catch(() => ({}))``).
        body = await _lenient_body(request)
        execution = self.store.insert_execution(
            workflow_id=workflow["id"],
            user_id=workflow["userId"],
            input_data=body,
            runner=self.runner.runner_id,
        )
        self.runner.start(execution["id"], workflow, body)
        return {"executionId": execution["id"], "status": "running"}

    # -- integrations -------------------------------------------------------------------------

    async def list_integrations(self, request: Request) -> Response:
        user_id = self.require_user(request)
        try:
            integrations = self.store.list_integrations(
                user_id, request.query_params.get("type") or None
            )
        except sqlite3.Error as exc:
            raise HttpError(500, "Failed to get integrations", details=str(exc)) from None
        return _json(integrations)

    async def create_integration(self, request: Request) -> Response:
        user_id = self.require_user(request)
        body = await _body(request)
        body = body if isinstance(body, dict) else {}
        type_, config, name = body.get("type"), body.get("config"), body.get("name")
        if not (isinstance(type_, str) and type_ and isinstance(config, dict)):
            raise HttpError(400, "Type and config are required")
        if name is not None and not isinstance(name, str):
            raise HttpError(400, "Name must be a string")
        integration = self.store.insert_integration(
            user_id=user_id, name=name or "", type_=type_, config=config
        )
        return _json({k: v for k, v in integration.items() if k != "config"})

    def owned_integration(self, request: Request) -> tuple[str, dict[str, Any]]:
        user_id = self.require_user(request)
        integration = self.store.get_integration(request.path_params["integrationId"], user_id)
        if integration is None:
            raise HttpError(404, "Integration not found")
        return user_id, integration

    async def get_integration(self, request: Request) -> Response:
        _, integration = self.owned_integration(request)
        return _json(integration)

    async def update_integration(self, request: Request) -> Response:
        user_id, integration = self.owned_integration(request)
        body = await _object_body(request)
        name, config = body.get("name"), body.get("config")
        if name is not None and not isinstance(name, str):
            raise HttpError(400, "Name must be a string")
        if config is not None and not isinstance(config, dict):
            raise HttpError(400, "Config must be an object")
        updated = self.store.update_integration(
            integration["id"], user_id, name=name, config=config
        )
        if updated is None:
            raise HttpError(404, "Integration not found")
        return _json(updated)

    async def delete_integration(self, request: Request) -> Response:
        user_id = self.require_user(request)
        if not self.store.delete_integration(request.path_params["integrationId"], user_id):
            raise HttpError(404, "Integration not found")
        return _json({"success": True})

    async def test_integration(self, request: Request) -> Response:
        _, integration = self.owned_integration(request)
        return _json(_test_credentials(integration["type"], integration["config"]))

    async def test_credentials(self, request: Request) -> Response:
        self.require_user(request)
        body = await _body(request)
        body = body if isinstance(body, dict) else {}
        type_, config = body.get("type"), body.get("config")
        if not (isinstance(type_, str) and type_ and isinstance(config, dict)):
            raise HttpError(400, "Type and config are required")
        return _json(_test_credentials(type_, config))

    # -- api keys -----------------------------------------------------------------------------

    async def list_api_keys(self, request: Request) -> Response:
        user_id = self.require_user(request)
        return _json(self.store.list_api_keys(user_id))

    async def create_api_key(self, request: Request) -> Response:
        user_id = self.require_user(request)
        user = self.store.get_user(user_id) or {}
        if user.get("name") == "Anonymous" or str(user.get("email", "")).startswith("temp-"):
            raise HttpError(403, "Anonymous users cannot create API keys")
        body = await _lenient_body(request)
        name = body.get("name")
        if name is not None and not isinstance(name, str):
            raise HttpError(400, "Name must be a string")
        key = new_api_key()
        created = self.store.add_api_key(
            user_id, key, name=name if isinstance(name, str) and name else None
        )
        return _json({**created, "key": key})

    async def delete_api_key(self, request: Request) -> Response:
        user_id = self.require_user(request)
        if not self.store.delete_api_key(user_id, request.path_params["keyId"]):
            raise HttpError(404, "API key not found")
        return _json({"success": True})

    # -- ai -----------------------------------------------------------------------------------

    async def generate(self, request: Request) -> Response:
        self.require_user(request)
        body = await _body(request)
        body = body if isinstance(body, dict) else {}
        prompt = body.get("prompt")
        if not (isinstance(prompt, str) and prompt):
            raise HttpError(400, "Prompt is required")
        existing = body.get("existingWorkflow")
        if existing is not None and not (
            isinstance(existing, dict)
            and _objects(existing.get("nodes"))
            and _objects(existing.get("edges"))
            and all(isinstance(existing.get(key), str | None) for key in ("name", "description"))
        ):
            raise HttpError(
                400, "existingWorkflow must be an object with nodes and edges arrays of objects"
            )
        operations = generate_operations(prompt, existing if isinstance(existing, dict) else None)
        good = [_ndjson({"type": "operation", "operation": op}) for op in operations]
        good.append(_ndjson({"type": "complete"}))
        plan = self.faults.take_stream_plan()
        lines = plan.apply(good)
        settings = self.settings

        async def stream() -> AsyncIterator[bytes]:
            for index, line in enumerate(lines):
                if index and settings.ai_line_delay > 0:
                    await asyncio.sleep(settings.ai_line_delay)
                # One line per chunk: Starlette sends each yielded value at once.
                yield line
            if plan.abort_connection:
                raise DropConnection

        return StreamingResponse(
            stream(),
            media_type="application/x-ndjson",
            headers={"Cache-Control": "no-cache"},
        )

    # -- user ---------------------------------------------------------------------------------

    async def get_user(self, request: Request) -> Response:
        user_id = self.require_user(request)
        user = self.store.get_user(user_id)
        if user is None:
            raise HttpError(404, "User not found")
        return _json(user)

    async def update_user(self, request: Request) -> Response:
        user_id = self.require_user(request)
        user = self.store.get_user(user_id) or {}
        if user.get("providerId") in OAUTH_PROVIDERS:
            raise HttpError(403, "Cannot update profile for OAuth users")
        body = await _object_body(request)
        # Deviation: the hosted service stores a null name or e-mail as sent (clearing it); the
        # documented request has strings only, so null is refused like any other non-string.
        for field in ("name", "email"):
            if field in body and not isinstance(body[field], str):
                raise HttpError(400, f"{field.capitalize()} must be a string")
        if "name" not in body and "email" not in body:
            # As on the hosted service: its query builder refuses an update with nothing to set.
            raise HttpError(500, "No values to set")
        self.store.update_user(user_id, name=body.get("name"), email=body.get("email"))
        return _json({"success": True})


def _ndjson(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HttpError)
    return _json(exc.payload, status=exc.status)


async def _starlette_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    messages = {404: "Not found", 405: "Method not allowed"}
    # Keeps Starlette's headers: a 405 lists the allowed methods in ``Allow`` (RFC 9110).
    return _json(
        {"error": messages.get(exc.status_code, exc.detail)},
        status=exc.status_code,
        headers=exc.headers,
    )


async def _server_error(request: Request, exc: Exception) -> Response:
    return _json({"error": str(exc) or type(exc).__name__}, status=500)


def _is_json(content_type: str | None) -> bool:
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def _control_app(
    faults: Faults, requests: RequestLog, auth: Authenticator, owner_id: str
) -> Starlette:
    """``/__local__/…``: health, faults and the request log, for the owner only.

    The request log holds every recorded header (keys and cookies included) and faults can
    stall every route, so each control route wants the owner's ``wfb_`` key or session (else
    401), and a POST wants a JSON content type (else 415): a web page cannot send either
    without a CORS preflight, which this server never grants.
    """

    def require_owner(request: Request) -> None:
        user_id = auth.user_for_cookie(request.cookies.get(SESSION_COOKIE))
        if user_id is None:
            key = bearer_token(request.headers.get("authorization"))
            user_id = auth.user_for_key(key) if key and key.startswith("wfb_") else None
        if user_id != owner_id:
            raise HttpError(401, "Unauthorized")
        if request.method == "POST" and not _is_json(request.headers.get("content-type")):
            raise HttpError(415, "Content-Type must be application/json")

    async def health(request: Request) -> Response:
        require_owner(request)
        return _json({"status": "ok"})

    async def fault_settings(request: Request) -> Response:
        require_owner(request)
        if request.method == "POST":
            spec = await _body(request)
            if not isinstance(spec, dict):
                raise HttpError(400, "Body must be a JSON object")
            try:
                faults.configure(spec)
            except (TypeError, ValueError) as exc:
                raise HttpError(400, str(exc)) from None
        elif request.method == "DELETE":
            faults.reset()
        return _json(faults.snapshot())

    async def request_log(request: Request) -> Response:
        require_owner(request)
        if request.method == "DELETE":
            requests.clear()
        kept = [item.to_json() for item in requests]
        return _json(kept, headers={"X-Total-Count": str(requests.total)})

    return Starlette(
        routes=[
            Route("/__local__/health", health, methods=["GET"]),
            Route("/__local__/faults", fault_settings, methods=["GET", "POST", "DELETE"]),
            Route("/__local__/requests", request_log, methods=["GET", "DELETE"]),
        ],
        exception_handlers={
            HttpError: _http_error,
            HTTPException: _starlette_error,
            Exception: _server_error,
        },
    )


def create_app(
    store: Store,
    auth: Authenticator,
    settings: Settings,
    faults: Faults,
    requests: RequestLog,
    *,
    owner_id: str,
    runner_id: str,
    body_timeout: float = DEFAULT_BODY_TIMEOUT,
) -> ASGIApp:
    """The whole local Orchestrator as one ASGI app (routes + control routes + faults).

    ``owner_id`` may use the control routes; ``runner_id`` marks the executions this app runs;
    a request body must arrive within ``body_timeout`` seconds.
    """
    api = _Api(store, auth, settings, faults, runner_id)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        # Executions still running when the server stops end as "cancelled", not "running".
        await api.runner.aclose()

    def route(path: str, **endpoints: Endpoint) -> Route:
        # One route per path, whatever its methods: a 405 then lists all of them in ``Allow``.
        handlers = {method: decoded_path_params(endpoint) for method, endpoint in endpoints.items()}

        async def dispatch(request: Request) -> Response:
            # Starlette adds HEAD to a GET route; it is answered by the GET handler.
            method = request.method if request.method in handlers else "GET"
            return await handlers[method](request)

        return Route(path, dispatch, methods=list(handlers))

    routes = [
        route("/api/workflows", GET=api.list_workflows),
        route("/api/workflows/create", POST=api.create_workflow),
        route("/api/workflows/current", GET=api.get_current, POST=api.save_current),
        route("/api/workflows/executions/{executionId}/status", GET=api.execution_status),
        route("/api/workflows/executions/{executionId}/logs", GET=api.execution_logs),
        route(
            "/api/workflows/{workflowId}",
            GET=api.get_workflow,
            PATCH=api.update_workflow,
            DELETE=api.delete_workflow,
        ),
        route("/api/workflows/{workflowId}/duplicate", POST=api.duplicate_workflow),
        route("/api/workflows/{workflowId}/code", GET=api.workflow_code),
        route("/api/workflows/{workflowId}/download", GET=api.download_workflow),
        route(
            "/api/workflows/{workflowId}/executions",
            GET=api.list_executions,
            DELETE=api.delete_executions,
        ),
        route("/api/workflows/{workflowId}/webhook", POST=api.webhook, OPTIONS=api.webhook),
        route("/api/workflow/{workflowId}/execute", POST=api.execute_workflow),
        route("/api/integrations", GET=api.list_integrations, POST=api.create_integration),
        route("/api/integrations/test", POST=api.test_credentials),
        route(
            "/api/integrations/{integrationId}",
            GET=api.get_integration,
            PUT=api.update_integration,
            DELETE=api.delete_integration,
        ),
        route("/api/integrations/{integrationId}/test", POST=api.test_integration),
        route("/api/api-keys", GET=api.list_api_keys, POST=api.create_api_key),
        route("/api/api-keys/{keyId}", DELETE=api.delete_api_key),
        route("/api/ai/generate", POST=api.generate),
        route("/api/user", GET=api.get_user, PATCH=api.update_user),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={
            HttpError: _http_error,
            HTTPException: _starlette_error,
            Exception: _server_error,
        },
    )
    control = _control_app(faults, requests, auth, owner_id)
    app_with_faults = FaultMiddleware(RawPathRouting(app), control, faults, requests)
    return BodyLimit(app_with_faults, timeout=body_timeout)
