"""``openapi.yaml`` against the local Orchestrator server, with schemathesis.

Every operation of the spec is called with generated requests, positive (what the spec
allows: it must be accepted) and negative (what it forbids: it must be refused with a 4xx),
through all phases (examples, coverage, fuzzing) and as stateful chains of calls. Every answer
must be documented: status code, content type, headers and body schema. The server is an
independent implementation of API-FACTS, so a failure here means the spec or the server is
wrong, never both in the same way.

Bounded: a few examples per operation, derandomized, so the run is short and repeatable.
Repeatable, not frozen: Hypothesis also draws values from the constants of the project's own
modules (its "local constants"), so a change anywhere in the package changes which cases are
generated. A failure that appears after an unrelated change is therefore a real mismatch that
the earlier cases missed; the same holds for other seeds (``derandomize=False`` with
``--hypothesis-seed=N``), which this module is expected to pass too.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config._auth import AuthConfig  # not re-exported by schemathesis.config
from schemathesis.core.failures import FailureGroup
from schemathesis.core.transport import Response
from schemathesis.generation import GenerationMode
from schemathesis.openapi.checks import JsonSchemaError
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)
from skytells_orchestrator.local import LocalOrchestrator

SPEC = Path(__file__).resolve().parents[2] / "openapi.yaml"
SESSION_COOKIE = "better-auth.session_token"
MAX_EXAMPLES = 8

schema = schemathesis.openapi.from_path(SPEC)
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=MAX_EXAMPLES,
    deterministic=True,
)
schema.config.phases.update(phases=["examples", "coverage", "fuzzing", "stateful"])


def _error(response: Any) -> str:
    try:
        message = response.json().get("error", "")
    except (ValueError, AttributeError):
        return ""
    return message if isinstance(message, str) else ""


# The answers of the hosted service that these checks cannot know about, each narrow:
#
# - DELETE of a workflow that still has executions: 500 "Failed query: delete from ..."
#   (API-FACTS: the database refuses, the route passes the message on). Any other 5xx is a bug.
# - POST /api/integrations/test with a type the server has no tester for: 400 (the set of
#   types is the server's plugin registry; the spec cannot list it).
# - PATCH /api/user with neither field: 500 "No values to set" (API-FACTS, measured).
#
# And one answer of the local server that the hosted service never gives, also narrow:
#
# - PATCH /api/user with a field that is not a string, or a body that is not an object: 400.
#   The hosted service stores what it is sent (or fails with a 500) and never answers 400,
#   which is what the spec says; the local server refuses instead, so that a profile it
#   answers stays readable.


def no_unexpected_server_error(ctx: Any, response: Any, case: Any) -> bool | None:
    """``not_a_server_error``, except for the documented 500s of delete-with-executions and
    of a profile update with nothing to set."""
    refused = _error(response).startswith('Failed query: delete from "workflows"')
    if response.status_code == 500 and case.method.upper() == "DELETE" and refused:
        return None
    nothing_to_set = _error(response) == "No values to set"
    if response.status_code == 500 and case.path == "/api/user" and nothing_to_set:
        return None
    return not_a_server_error(ctx, response, case)


def documented_status(ctx: Any, response: Any, case: Any) -> bool | None:
    """``status_code_conformance``, except for the local server's 400 on a profile update."""
    profile_update = (case.method.upper(), case.path) == ("PATCH", "/api/user")
    if profile_update and response.status_code == 400:
        return None
    return status_code_conformance(ctx, response, case)


def valid_data_accepted(ctx: Any, response: Any, case: Any) -> bool | None:
    """``positive_data_acceptance``, except for refusals that depend on stored state."""
    message = _error(response)
    untestable = message in ("Invalid integration type", "Integration does not support testing")
    if case.path == "/api/integrations/test" and response.status_code == 400 and untestable:
        return None
    # An earlier case may have replaced the workflow's nodes (PATCH): no Webhook trigger then.
    not_webhook = message == "This workflow is not configured for webhook triggers"
    if case.path.endswith("/webhook") and response.status_code == 400 and not_webhook:
        return None
    return positive_data_acceptance(ctx, response, case)


# Routes that read their body as ``request.json().catch(() => ({}))``: a body that is not JSON,
# or not an object, counts as {} on the hosted service, so it is not refused there either.
_LENIENT_BODIES = {
    ("POST", "/api/workflows/{workflowId}/webhook"),
    ("POST", "/api/workflow/{workflowId}/execute"),
    ("POST", "/api/api-keys"),
}


def invalid_data_refused(ctx: Any, response: Any, case: Any) -> bool | None:
    """``negative_data_rejection``, except for the whole body of the lenient routes."""
    whole_body_invalid = not isinstance(case.body, dict)
    if (case.method.upper(), case.path) in _LENIENT_BODIES and whole_body_invalid:
        return None
    return negative_data_rejection(ctx, response, case)


def _graph_item(path: Any) -> tuple[Any, ...] | None:
    """The path of the stored node or edge that ``path`` (an instance path) lies in, if any."""
    steps = list(path)
    for index, step in enumerate(steps[:-1]):
        if step in ("nodes", "edges") and isinstance(steps[index + 1], int):
            return tuple(steps[: index + 2])
    return None


def _without(data: Any, item: tuple[Any, ...]) -> Any:
    *parents, last = item
    container = data
    for step in parents:
        container = container[step]
    del container[last]
    return data


def answer_matches_schema(ctx: Any, response: Any, case: Any) -> bool | None:
    """``response_schema_conformance``, except inside the stored nodes and edges of an answer.

    Nodes and edges are stored and answered exactly as a caller sent them (API-FACTS), and the
    request accepts any object, so an answer may hold a node whose ``id`` is not a string: the
    spec's ``Node``/``Edge`` name the fields the editor writes, and the SDK reads any item. Such
    items are left out and the rest of the answer is checked again, so every other field of
    the answer is still checked against the spec.
    """
    while True:
        try:
            return response_schema_conformance(ctx, response, case)
        except (JsonSchemaError, FailureGroup) as error:
            failures = list(error.exceptions) if isinstance(error, FailureGroup) else [error]
            items = {
                _graph_item(failure.instance_path) if isinstance(failure, JsonSchemaError) else None
                for failure in failures
            }
            if None in items:
                raise
            data = json.loads(response.content)
            # The last item of a list first, so the indexes of the others stay right.
            for item in sorted(items, reverse=True):
                data = _without(data, item)
            content = json.dumps(data).encode()
            response = Response(
                status_code=response.status_code,
                headers=response.headers,
                content=content,
                request=response.request,
                elapsed=response.elapsed,
                verify=response.verify,
                message=response.message,
                http_version=response.http_version,
                encoding=response.encoding,
                content_size=len(content),
            )


OWN_CHECKS = [
    no_unexpected_server_error,
    valid_data_accepted,
    invalid_data_refused,
    answer_matches_schema,
    documented_status,
]
REPLACED_CHECKS = [
    not_a_server_error,
    positive_data_acceptance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
]


class Fixtures:
    """Real resources, so that generated requests also reach the success paths.

    Generated DELETE requests remove what they can, so executions, integrations and keys are
    created afresh for each case that gets one, and the workflow is recreated when gone.
    """

    def __init__(self, server: LocalOrchestrator) -> None:
        self._http = httpx.Client(
            base_url=server.url, cookies={SESSION_COOKIE: server.session_token}, timeout=10
        )
        self._workflow_id: str | None = None

    @property
    def workflow_id(self) -> str:
        """A workflow of the owner with a webhook trigger, recreated if a case deleted it."""
        known = self._workflow_id
        if known is not None and self._http.get(f"/api/workflows/{known}").status_code == 200:
            return known
        workflow = self._post(
            "/api/workflows/create",
            {
                "name": "Conformance",
                "nodes": [
                    {
                        "id": "trigger",
                        "type": "trigger",
                        "position": {"x": 0, "y": 0},
                        "data": {
                            "label": "Webhook",
                            "type": "trigger",
                            "config": {"triggerType": "Webhook"},
                        },
                    }
                ],
                "edges": [],
            },
        )
        self._workflow_id = str(workflow["id"])
        return self._workflow_id

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self._http.post(path, json=body)
        response.raise_for_status()
        answer: dict[str, Any] = response.json()
        return answer

    def real_id(self, parameter: str) -> str | None:
        """An id that exists right now for a path parameter, or None for unknown ones."""
        if parameter == "workflowId":
            return self.workflow_id
        if parameter == "executionId":
            started = self._post(f"/api/workflow/{self.workflow_id}/execute", {})
            return str(started["executionId"])
        if parameter == "integrationId":
            created = self._post("/api/integrations", {"type": "slack", "config": {"apiKey": "k"}})
            return str(created["id"])
        if parameter == "keyId":
            return str(self._post("/api/api-keys", {"name": "conformance"})["id"])
        return None

    def close(self) -> None:
        self._http.close()


@pytest.fixture(scope="module")
def server() -> Iterator[LocalOrchestrator]:
    """A server of its own: the generated requests change and delete things."""
    # strict_auth: management routes want the session cookie, as on the hosted service, so a
    # request without it (negative mode drops it) is refused although the key is also sent.
    with LocalOrchestrator(step_delay=0.0, strict_auth=True) as running:
        _use_credentials(running)
        yield running


def _use_credentials(running: LocalOrchestrator) -> None:
    # The spec's security schemes get the real credentials, so schemathesis itself sends
    # them, and leaves them out or spoils them where its negative cases want that.
    schema.config.auth = AuthConfig(
        openapi={
            "session": {"api_key": running.session_token},
            "wfbBearer": {"bearer": running.api_key},
        }
    )


@pytest.fixture(scope="module")
def fixtures(server: LocalOrchestrator) -> Iterator[Fixtures]:
    resources = Fixtures(server)
    yield resources
    resources.close()


_alternate = itertools.count()


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_the_spec(case: Any, server: LocalOrchestrator, fixtures: Fixtures) -> None:
    # Every other case targets a real resource; the others keep the generated (unknown) id.
    if case.path_parameters and next(_alternate) % 2 == 0:
        for name in list(case.path_parameters):
            real = fixtures.real_id(name)
            if real is not None:
                case.path_parameters[name] = real
    case.call_and_validate(
        base_url=server.url,
        additional_checks=OWN_CHECKS,
        excluded_checks=REPLACED_CHECKS,
        timeout=10,
    )


@pytest.fixture
def fresh_server(server: LocalOrchestrator) -> Iterator[LocalOrchestrator]:
    """A server of its own, empty: a chain's answers, and so the ids the chains follow, then
    depend only on the chains. On the module's server they depend on what the cases before
    left there (and on runs those started still finishing), and Hypothesis, which replays a
    chain, stops with "Inconsistent data generation" when a replay is answered otherwise."""
    with LocalOrchestrator(step_delay=0.0, strict_auth=True) as running:
        _use_credentials(running)
        try:
            yield running
        finally:
            _use_credentials(server)


def test_stateful_chains_conform_to_the_spec(fresh_server: LocalOrchestrator) -> None:
    """Chains of calls linked by the ids one answer gives the next (schemathesis infers the
    links), each answer checked like above."""
    server = fresh_server

    class Chains(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"base_url": server.url, "timeout": 10}

        def validate_response(
            self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any
        ) -> None:
            case.validate_response(
                response,
                additional_checks=OWN_CHECKS,
                excluded_checks=REPLACED_CHECKS,
                transport_kwargs=kwargs or None,
            )

    Chains.run(
        settings=settings(
            max_examples=MAX_EXAMPLES * 4,
            stateful_step_count=6,
            derandomize=True,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
    )


def test_odd_stored_nodes_are_answered_as_sent_and_the_rest_is_still_checked(
    server: LocalOrchestrator,
) -> None:
    """A node the editor would never write is stored and answered as sent: not a spec
    violation of the answer; anything else in that answer still is."""
    odd = {"id": {}, "type": 5, "data": [1]}
    operation = schema["/api/workflows/create"]["POST"]
    case = operation.Case(
        body={"name": "odd", "nodes": [odd, {"id": "n"}], "edges": [{"source": []}]},
        headers={"Cookie": f"{SESSION_COOKIE}={server.session_token}"},
    )
    response = case.call(base_url=server.url, timeout=10)
    assert response.status_code == 200
    assert response.json()["nodes"][0] == odd
    assert answer_matches_schema(None, response, case) is None
    with pytest.raises((JsonSchemaError, FailureGroup)):
        response_schema_conformance(None, response, case)
    broken = json.loads(response.content)
    broken["userId"] = 7
    content = json.dumps(broken).encode()
    spoiled = Response(
        status_code=200,
        headers=response.headers,
        content=content,
        request=response.request,
        elapsed=response.elapsed,
        verify=response.verify,
        content_size=len(content),
    )
    with pytest.raises((JsonSchemaError, FailureGroup)) as refused:
        answer_matches_schema(None, spoiled, case)
    error = refused.value
    failures = error.exceptions if isinstance(error, FailureGroup) else (error,)
    assert ["userId"] in [list(getattr(failure, "instance_path", [])) for failure in failures]
