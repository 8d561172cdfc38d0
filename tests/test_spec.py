"""The contract: openapi.yaml covers every Orchestrator route; the generated client follows it."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parent.parent
SPEC: dict[str, Any] = yaml.safe_load((ROOT / "openapi.yaml").read_text())
TAGS = {"workflows", "executions", "webhooks", "integrations", "apiKeys", "ai", "user"}
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}

# (method, path) -> (tag, error statuses the server returns), from API-FACTS. Beyond those, the
# spec documents 400 for bodies of the wrong type on PUT integration and PATCH user, and the
# integrations routes' 500 `{error, details}` on every integrations route that reads storage.
EXPECTED: dict[tuple[str, str], tuple[str, set[int]]] = {
    ("GET", "/api/workflows"): ("workflows", {500}),
    ("POST", "/api/workflows/create"): ("workflows", {400, 401, 403}),
    ("GET", "/api/workflows/{workflowId}"): ("workflows", {401, 404}),
    ("PATCH", "/api/workflows/{workflowId}"): ("workflows", {400, 401, 403, 404}),
    ("DELETE", "/api/workflows/{workflowId}"): ("workflows", {401, 404, 500}),
    ("POST", "/api/workflows/{workflowId}/duplicate"): ("workflows", {401, 404}),
    ("GET", "/api/workflows/{workflowId}/code"): ("workflows", {401, 404}),
    ("GET", "/api/workflows/{workflowId}/download"): ("workflows", {401, 404, 500}),
    ("GET", "/api/workflows/current"): ("workflows", {401}),
    ("POST", "/api/workflows/current"): ("workflows", {400, 401}),
    ("POST", "/api/workflow/{workflowId}/execute"): ("workflows", {401, 403, 404}),
    ("GET", "/api/workflows/{workflowId}/executions"): ("executions", {401, 404}),
    ("DELETE", "/api/workflows/{workflowId}/executions"): ("executions", {401, 404}),
    ("GET", "/api/workflows/executions/{executionId}/status"): ("executions", {401, 403, 404}),
    ("GET", "/api/workflows/executions/{executionId}/logs"): ("executions", {401, 403, 404}),
    ("POST", "/api/workflows/{workflowId}/webhook"): ("webhooks", {400, 401, 403, 404}),
    ("OPTIONS", "/api/workflows/{workflowId}/webhook"): ("webhooks", set()),
    ("GET", "/api/integrations"): ("integrations", {401, 500}),
    ("POST", "/api/integrations"): ("integrations", {400, 401, 500}),
    ("GET", "/api/integrations/{integrationId}"): ("integrations", {401, 404, 500}),
    ("PUT", "/api/integrations/{integrationId}"): ("integrations", {400, 401, 404, 500}),
    ("DELETE", "/api/integrations/{integrationId}"): ("integrations", {401, 404, 500}),
    ("POST", "/api/integrations/{integrationId}/test"): ("integrations", {400, 401, 404}),
    ("POST", "/api/integrations/test"): ("integrations", {400, 401}),
    ("GET", "/api/api-keys"): ("apiKeys", {401}),
    ("POST", "/api/api-keys"): ("apiKeys", {401, 403}),
    ("DELETE", "/api/api-keys/{keyId}"): ("apiKeys", {401, 404}),
    ("POST", "/api/ai/generate"): ("ai", {400, 401, 500}),
    ("GET", "/api/user"): ("user", {401, 404}),
    ("PATCH", "/api/user"): ("user", {400, 401, 403}),
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
        assert schema == {"$ref": "#/components/schemas/ErrorResponse"}
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


def test_ndjson_answer_is_documented_with_event_schemas() -> None:
    operation = SPEC["paths"]["/api/ai/generate"]["post"]
    content = operation["responses"]["200"]["content"]
    assert list(content) == ["application/x-ndjson"]
    line = _resolve(content["application/x-ndjson"]["schema"])
    refs = {option["$ref"].rsplit("/", 1)[1] for option in line["oneOf"]}
    assert refs == {"AiStreamEvent", "AiOperation"}


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
