"""The contract: openapi.yaml covers every Orchestrator route; the generated client follows it."""

from __future__ import annotations

import importlib
import inspect
import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parent.parent
SPEC: dict[str, Any] = yaml.safe_load((ROOT / "openapi.yaml").read_text())
TAGS = {"workflows", "executions", "webhooks", "integrations", "apiKeys", "ai", "user"}
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}

# (method, path) -> (tag, error statuses the server returns), from API-FACTS and its
# "Measured against the running server". Every route but the preflight has a catch-all 500.
# Beyond those, the spec documents the local server's 400 for bodies of the wrong type
# (create key, execute, PUT integration), and the integrations routes' 500 `{error, details}`.
EXPECTED: dict[tuple[str, str], tuple[str, set[int]]] = {
    ("GET", "/api/workflows"): ("workflows", {500}),
    ("POST", "/api/workflows/create"): ("workflows", {400, 401, 403, 500}),
    # No session is not refused: a private workflow is then a 404 (never 401).
    ("GET", "/api/workflows/{workflowId}"): ("workflows", {404, 500}),
    ("PATCH", "/api/workflows/{workflowId}"): ("workflows", {400, 401, 403, 404, 500}),
    ("DELETE", "/api/workflows/{workflowId}"): ("workflows", {401, 404, 500}),
    ("POST", "/api/workflows/{workflowId}/duplicate"): ("workflows", {401, 404, 500}),
    ("GET", "/api/workflows/{workflowId}/code"): ("workflows", {401, 404, 500}),
    ("GET", "/api/workflows/{workflowId}/download"): ("workflows", {401, 404, 500}),
    ("GET", "/api/workflows/current"): ("workflows", {401, 500}),
    ("POST", "/api/workflows/current"): ("workflows", {400, 401, 500}),
    ("POST", "/api/workflow/{workflowId}/execute"): ("workflows", {400, 401, 403, 404, 500}),
    ("GET", "/api/workflows/{workflowId}/executions"): ("executions", {401, 404, 500}),
    ("DELETE", "/api/workflows/{workflowId}/executions"): ("executions", {401, 404, 500}),
    ("GET", "/api/workflows/executions/{executionId}/status"): (
        "executions",
        {401, 403, 404, 500},
    ),
    ("GET", "/api/workflows/executions/{executionId}/logs"): ("executions", {401, 403, 404, 500}),
    ("POST", "/api/workflows/{workflowId}/webhook"): ("webhooks", {400, 401, 403, 404, 500}),
    ("OPTIONS", "/api/workflows/{workflowId}/webhook"): ("webhooks", set()),
    ("GET", "/api/integrations"): ("integrations", {401, 500}),
    ("POST", "/api/integrations"): ("integrations", {400, 401, 500}),
    ("GET", "/api/integrations/{integrationId}"): ("integrations", {401, 404, 500}),
    ("PUT", "/api/integrations/{integrationId}"): ("integrations", {400, 401, 404, 500}),
    ("DELETE", "/api/integrations/{integrationId}"): ("integrations", {401, 404, 500}),
    ("POST", "/api/integrations/{integrationId}/test"): ("integrations", {400, 401, 404, 500}),
    ("POST", "/api/integrations/test"): ("integrations", {400, 401, 500}),
    ("GET", "/api/api-keys"): ("apiKeys", {401, 500}),
    ("POST", "/api/api-keys"): ("apiKeys", {400, 401, 403, 500}),
    ("DELETE", "/api/api-keys/{keyId}"): ("apiKeys", {401, 404, 500}),
    ("POST", "/api/ai/generate"): ("ai", {400, 401, 500}),
    ("GET", "/api/user"): ("user", {401, 404, 500}),
    # Never 400: `{}` is a 500 "No values to set", a taken e-mail a 500 "Failed query: ...".
    ("PATCH", "/api/user"): ("user", {401, 403, 500}),
}

# Error answers whose body is not the `{error}` envelope: the credentials test's 500 has the
# shape of a test result (`status`, `message`) and no `error` field.
ERROR_BODIES: dict[tuple[str, str, int], str] = {
    ("POST", "/api/integrations/test", 500): "#/components/schemas/IntegrationTestResult",
}


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in SPEC["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


OPERATIONS = _operations()
OPERATION_IDS = [f"{method} {path}" for method, path, _ in OPERATIONS]


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = SPEC
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def test_the_spec_has_exactly_the_thirty_operations() -> None:
    assert len(OPERATIONS) == 30
    assert {(method, path) for method, path, _ in OPERATIONS} == set(EXPECTED)


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=OPERATION_IDS)
def test_every_operation_is_fully_described(
    method: str, path: str, operation: dict[str, Any]
) -> None:
    tag, errors = EXPECTED[(method, path)]
    assert operation["tags"] == [tag]
    assert re.fullmatch(r"[a-z][A-Za-z]+", operation["operationId"])
    assert operation["summary"].strip()
    assert operation["description"].strip()
    statuses = {int(status) for status in operation["responses"]}
    assert statuses == {200} | errors
    for status in errors:
        response = _resolve(operation["responses"][str(status)])
        schema = response["content"]["application/json"]["schema"]
        body = ERROR_BODIES.get((method, path, status), "#/components/schemas/ErrorResponse")
        assert schema == {"$ref": body}
    if "requestBody" in operation:
        body = operation["requestBody"]["content"]["application/json"]["schema"]
        assert body["$ref"].startswith("#/components/schemas/")


def test_operation_ids_are_unique() -> None:
    ids = [operation["operationId"] for _, _, operation in OPERATIONS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=OPERATION_IDS)
def test_security_is_applied_per_operation(
    method: str, path: str, operation: dict[str, Any]
) -> None:
    security = operation.get("security", SPEC["security"])
    if (method, path) == ("POST", "/api/workflows/{workflowId}/webhook"):
        assert security == [{"wfbBearer": []}]
    elif method == "OPTIONS":
        assert security == []
    else:
        assert {"session": []} in security


def test_security_schemes() -> None:
    schemes = SPEC["components"]["securitySchemes"]
    assert schemes["wfbBearer"] == {**schemes["wfbBearer"], "type": "http", "scheme": "bearer"}
    assert schemes["session"]["in"] == "cookie"
    assert schemes["session"]["name"] == "better-auth.session_token"


def _all_schemas(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found += _all_schemas(value)
    elif isinstance(node, list):
        for value in node:
            found += _all_schemas(value)
    return found


def test_no_closed_enums_anywhere() -> None:
    # A closed enum makes the generated client raise on a value a newer server adds.
    assert not [node for node in _all_schemas(SPEC) if "enum" in node]


def test_every_object_schema_keeps_unknown_fields() -> None:
    for name, schema in SPEC["components"]["schemas"].items():
        if schema.get("type") == "object":
            assert schema.get("additionalProperties") is not False, name


NDJSON = SPEC["paths"]["/api/ai/generate"]["post"]["responses"]["200"]["content"]


def test_ndjson_answer_is_a_raw_body_whose_lines_are_documented() -> None:
    # The generated operation hands over the raw body; the per-line schema stays named.
    assert list(NDJSON) == ["application/x-ndjson"]
    body = NDJSON["application/x-ndjson"]["schema"]
    assert body["type"] == "string"
    assert body["format"] == "binary"
    line = _resolve(body["contentSchema"])
    refs = {option["$ref"].rsplit("/", 1)[1] for option in line["oneOf"]}
    assert refs == {"AiStreamEvent", "AiOperation"}


def _line_validator() -> Draft202012Validator:
    return _validator(_rebase(NDJSON["application/x-ndjson"]["schema"]["contentSchema"]))


def test_every_line_of_the_ndjson_example_is_a_stream_line() -> None:
    example = NDJSON["application/x-ndjson"]["example"]
    lines = [json.loads(line) for line in example.splitlines() if line.strip()]
    assert lines
    validator = _line_validator()
    for line in lines:
        assert not [error.message for error in validator.iter_errors(line)], line


@pytest.mark.parametrize(
    "line",
    [
        {"type": "operation", "operation": {"op": "addNode", "node": {"id": "n", "type": "add"}}},
        {"type": "complete"},
        {"type": "error", "error": "The model is overloaded"},
        {"op": "removeEdge", "edgeId": "e1"},
        {"type": "a-newer-event"},
    ],
)
def test_stream_line_schema_accepts_both_forms(line: dict[str, Any]) -> None:
    assert not list(_line_validator().iter_errors(line))


@pytest.mark.parametrize("line", [[], "complete", {"op": 1}, {"type": "error", "error": 5}])
def test_stream_line_schema_refuses_what_is_not_a_line(line: Any) -> None:
    assert list(_line_validator().iter_errors(line))


def test_generated_generate_operation_hands_back_the_raw_body() -> None:
    from skytells_orchestrator_client import Client
    from skytells_orchestrator_client.api.ai import generate_workflow
    from skytells_orchestrator_client.types import File

    body = b'{"type": "operation", "operation": {"op": "setName"}}\n{"type": "complete"}\n'
    response = httpx.Response(200, content=body, headers={"content-type": "application/x-ndjson"})
    parsed = generate_workflow._parse_response(
        client=Client(base_url="http://h"), response=response
    )
    assert isinstance(parsed, File)
    assert parsed.payload.read() == body


# ------------------------------------------------------------------ examples

REGISTRY: Registry = Registry().with_resource("urn:spec", DRAFT202012.create_resource(SPEC))


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema, registry=REGISTRY)


def _schema_ref(name: str) -> dict[str, Any]:
    return {"$ref": f"urn:spec#/components/schemas/{name}"}


def _rebase(schema: dict[str, Any]) -> dict[str, Any]:
    """Point local refs of an inline schema at the registered spec document."""
    text = yaml.safe_dump(schema).replace("'#/components/", "'urn:spec#/components/")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


@pytest.mark.parametrize("name", sorted(SPEC["components"]["schemas"]))
def test_every_schema_has_examples_that_validate(name: str) -> None:
    examples = SPEC["components"]["schemas"][name].get("examples")
    assert examples, f"{name} has no example"
    validator = _validator(_schema_ref(name))
    for example in examples:
        errors = [error.message for error in validator.iter_errors(example)]
        assert not errors, (name, example, errors)


def _media_examples() -> list[tuple[str, dict[str, Any], Any]]:
    found = []
    for method, path, operation in OPERATIONS:
        bodies = [("request", operation.get("requestBody", {}))]
        bodies += [(status, _resolve(r)) for status, r in operation["responses"].items()]
        for where, body in bodies:
            for media_type, media in body.get("content", {}).items():
                if "example" in media:
                    label = f"{method} {path} {where} {media_type}"
                    found.append((label, _rebase(media["schema"]), media["example"]))
    return found


MEDIA_EXAMPLES = _media_examples()


def test_there_are_media_examples() -> None:
    assert len(MEDIA_EXAMPLES) >= 20


@pytest.mark.parametrize(
    ("label", "schema", "example"), MEDIA_EXAMPLES, ids=[m[0] for m in MEDIA_EXAMPLES]
)
def test_media_type_examples_validate(label: str, schema: dict[str, Any], example: Any) -> None:
    errors = [error.message for error in _validator(schema).iter_errors(example)]
    assert not errors, (label, errors)


def test_an_invalid_example_is_caught() -> None:
    # The example checks above must be able to fail.
    validator = _validator(_schema_ref("Workflow"))
    assert list(validator.iter_errors({"id": 1}))


# ------------------------------------------------------------------ generated client


def _generated_module(operation: dict[str, Any]) -> Any:
    tag = _snake(operation["tags"][0])
    return importlib.import_module(
        f"skytells_orchestrator_client.api.{tag}.{_snake(operation['operationId'])}"
    )


def _call_get_kwargs(operation: dict[str, Any], path_value: str) -> dict[str, Any]:
    module = _generated_module(operation)
    arguments: dict[str, Any] = {}
    for name, parameter in inspect.signature(module._get_kwargs).parameters.items():
        if parameter.default is not inspect.Parameter.empty:
            continue
        if name == "body":
            arguments[name] = _example_body(operation)
        else:
            arguments[name] = path_value
    result: dict[str, Any] = module._get_kwargs(**arguments)
    return result


def _example_body(operation: dict[str, Any]) -> Any:
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    name = ref.rsplit("/", 1)[1]
    models = importlib.import_module("skytells_orchestrator_client.models")
    return getattr(models, name).from_dict(SPEC["components"]["schemas"][name]["examples"][0])


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=OPERATION_IDS)
def test_generated_operation_builds_method_and_url(
    method: str, path: str, operation: dict[str, Any]
) -> None:
    kwargs = _call_get_kwargs(operation, "abc123")
    assert kwargs["method"].upper() == method
    assert kwargs["url"] == re.sub(r"\{[^}]+\}", "abc123", path)
    if operation.get("requestBody", {}).get("required"):
        assert isinstance(kwargs["json"], dict)


PATH_OPERATIONS = [op for op in OPERATIONS if "{" in op[1]]


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    PATH_OPERATIONS,
    ids=[f"{method} {path}" for method, path, _ in PATH_OPERATIONS],
)
@pytest.mark.parametrize(
    ("value", "encoded"),
    [("a/b", "a%2Fb"), ("a b", "a%20b"), ("a?b#c", "a%3Fb%23c"), ("ü%", "%C3%BC%25")],
)
def test_generated_client_percent_encodes_path_parameters(
    method: str, path: str, operation: dict[str, Any], value: str, encoded: str
) -> None:
    kwargs = _call_get_kwargs(operation, value)
    assert kwargs["url"] == re.sub(r"\{[^}]+\}", encoded, path)


def test_generated_models_keep_unknown_fields() -> None:
    from skytells_orchestrator_client.models import Workflow

    example = dict(SPEC["components"]["schemas"]["Workflow"]["examples"][0])
    example["futureField"] = {"nested": [1, 2]}
    workflow = Workflow.from_dict(example)
    assert workflow.to_dict()["futureField"] == {"nested": [1, 2]}


def test_generated_models_accept_unknown_status_values() -> None:
    from skytells_orchestrator_client.models import Execution

    example = dict(SPEC["components"]["schemas"]["Execution"]["examples"][0])
    example["status"] = "paused-by-a-newer-server"
    assert Execution.from_dict(example).status == "paused-by-a-newer-server"


def test_every_inline_response_schema_has_an_example() -> None:
    # Component schemas carry their own examples; inline ones (arrays, oneOf) need one here.
    missing = [
        f"{method} {path} {media_type}"
        for method, path, operation in OPERATIONS
        for response in operation["responses"].values()
        for media_type, media in _resolve(response).get("content", {}).items()
        if "$ref" not in media["schema"] and "example" not in media
    ]
    assert not missing


# ------------------------------------------------------------------ the read contract

# What the server always sends in each response schema (columns that are NOT NULL, or fields its
# routes always set), from its routes and database schema. Nodes and edges are stored exactly as
# the caller sent them, so nothing inside them is guaranteed.
ALWAYS_SENT: dict[str, set[str]] = {
    "Workflow": {
        "id",
        "name",
        "description",
        "userId",
        "nodes",
        "edges",
        "visibility",
        "createdAt",
        "updatedAt",
    },
    "Node": set(),
    "NodeData": set(),
    "NodeConfig": set(),
    "Position": set(),
    "Edge": set(),
    "CurrentWorkflow": {"nodes", "edges"},
    "WorkflowCode": {"code", "workflowName"},
    "ProjectFiles": {"success", "files"},
    "ExecutionStarted": {"executionId", "status"},
    "WebhookTriggerResponse": {"executionId", "status"},
    "Execution": {
        "id",
        "workflowId",
        "userId",
        "status",
        "input",
        "output",
        "error",
        "startedAt",
        "completedAt",
        "duration",
    },
    "ExecutionWithWorkflow": set(),
    "ExecutionStatus": {"status", "nodeStatuses"},
    "NodeStatus": {"nodeId", "status"},
    "ExecutionLogs": {"execution", "logs"},
    "LogEntry": {
        "id",
        "executionId",
        "nodeId",
        "nodeName",
        "nodeType",
        "status",
        "input",
        "output",
        "error",
        "startedAt",
        "completedAt",
        "duration",
        "timestamp",
    },
    "DeleteExecutionsResponse": {"success", "deletedCount"},
    "IntegrationSummary": {"id", "name", "type", "isManaged", "createdAt", "updatedAt"},
    "CreatedIntegration": {"id", "name", "type", "createdAt", "updatedAt"},
    "Integration": {"id", "name", "type", "config", "createdAt", "updatedAt"},
    "IntegrationTestResult": {"status", "message"},
    "ApiKey": {"id", "name", "keyPrefix", "createdAt", "lastUsedAt"},
    "CreatedApiKey": {"id", "name", "keyPrefix", "createdAt", "key"},
    "User": {"id", "name", "email", "image", "isAnonymous", "providerId"},
    "SuccessResponse": {"success"},
    "ErrorResponse": {"error"},
    "EmptyObject": set(),
    "JsonObject": set(),
    "AiStreamLine": set(),
    "AiStreamEvent": {"type"},
    "AiOperation": {"op"},
    "NodeUpdates": set(),
}
# Nullable columns: the schema must accept null for them.
CAN_BE_NULL: dict[str, set[str]] = {
    "Workflow": {"description"},
    "Execution": {"input", "output", "error", "completedAt", "duration"},
    "LogEntry": {"input", "output", "error", "completedAt", "duration"},
    "ApiKey": {"name", "lastUsedAt"},
    "CreatedApiKey": {"name"},
    "User": {"name", "email", "image", "isAnonymous", "providerId"},
}


def _referenced(node: Any, found: set[str]) -> set[str]:
    for schema in _all_schemas(node):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[1]
            if name not in found:
                found.add(name)
                _referenced(SPEC["components"]["schemas"][name], found)
    return found


RESPONSE_SCHEMAS = sorted(
    _referenced(
        [_resolve(response) for _, _, op in OPERATIONS for response in op["responses"].values()],
        set(),
    )
)


def test_every_response_schema_is_audited() -> None:
    assert set(RESPONSE_SCHEMAS) == set(ALWAYS_SENT)


@pytest.mark.parametrize("name", RESPONSE_SCHEMAS)
def test_responses_require_only_what_the_server_always_sends(name: str) -> None:
    schema = SPEC["components"]["schemas"][name]
    assert set(schema.get("required", [])) <= ALWAYS_SENT[name]
    for field in CAN_BE_NULL.get(name, set()):
        assert (
            list(_validator(_schema_ref(name)).iter_errors({**_example(name), field: None})) == []
        )


def _example(name: str) -> dict[str, Any]:
    example: dict[str, Any] = SPEC["components"]["schemas"][name]["examples"][0]
    return dict(example)


ODD_NODES: list[Any] = [
    {
        "id": "t",
        "type": "trigger",
        "position": {"x": 0, "y": 0},
        "data": {"label": "T", "type": "trigger"},
    },
    {"id": "p", "type": "add", "position": {"x": 0, "y": 1}, "data": {"type": "add"}},
    {"id": "m", "measured": {"width": 1, "height": 2}, "selected": True, "dragging": False},
    {},
]


def test_workflows_with_odd_nodes_validate_and_are_read_by_the_generated_model() -> None:
    from skytells_orchestrator_client.models import Workflow

    example = {
        **_example("Workflow"),
        "nodes": ODD_NODES,
        "edges": [{}, {"id": "e", "animated": True}],
    }
    assert not list(_validator(_schema_ref("Workflow")).iter_errors(example))
    workflow = Workflow.from_dict(example)
    assert workflow.to_dict()["nodes"] == ODD_NODES
    assert workflow.nodes[2]["measured"] == {"width": 1, "height": 2}


@pytest.mark.parametrize("name", ["Execution", "LogEntry"])
@pytest.mark.parametrize("value", ["HTTP request failed: 503", [1, "a"], None, 42, True, {"a": {}}])
def test_input_and_output_may_be_any_json_value(name: str, value: Any) -> None:
    from skytells_orchestrator_client import models

    example = {**_example(name), "input": value, "output": value}
    assert not list(_validator(_schema_ref(name)).iter_errors(example))
    parsed = getattr(models, name).from_dict(example)
    assert (parsed.input_, parsed.output) == (value, value)


def test_requests_store_any_object_as_a_node_or_an_edge() -> None:
    # The server never looks inside a node; the request schemas say so.
    for name in ("CreateWorkflowRequest", "UpdateWorkflowRequest", "SaveCurrentWorkflowRequest"):
        properties = SPEC["components"]["schemas"][name]["properties"]
        assert properties["nodes"]["items"] == {"$ref": "#/components/schemas/StoredNode"}
        assert properties["edges"]["items"] == {"$ref": "#/components/schemas/StoredEdge"}
    for name in ("StoredNode", "StoredEdge"):
        assert set(SPEC["components"]["schemas"][name]) == {
            "type",
            "description",
            "additionalProperties",
            "examples",
        }
