"""Answers measured against the running server that ``openapi.yaml`` now lists, read by the
SDK: each keeps its message and comes out as the typed error of its status."""

from __future__ import annotations

import json

import pytest
from skytells_orchestrator import InternalServerError, NotFoundError, Skytells
from skytells_orchestrator.local import LocalOrchestrator

JSON = "application/json"


def test_the_credentials_test_500_without_error_keeps_its_message(
    server: LocalOrchestrator, client: Skytells
) -> None:
    body = {"status": "error", "message": "Failed to test connection"}
    server.faults.answer_next(
        status=500, body=json.dumps(body), content_type=JSON, path="/api/integrations/test"
    )
    with pytest.raises(InternalServerError) as caught:
        client.orchestrator.integrations.test_config(type="slack", config={"apiKey": "k"})
    assert caught.value.message == "Failed to test connection"
    assert caught.value.http_status == 500


def test_a_profile_update_with_nothing_to_set_is_the_server_500(
    server: LocalOrchestrator, client: Skytells
) -> None:
    # What the SDK sends when given nothing: the hosted service answers 500 "No values to set".
    with pytest.raises(InternalServerError) as caught:
        client.orchestrator.user.update_profile()
    assert caught.value.message == "No values to set"


def test_reading_a_private_workflow_without_a_session_is_404_not_401(
    server: LocalOrchestrator, client: Skytells
) -> None:
    workflow = client.orchestrator.workflows.create(name="private", nodes=[], edges=[])
    bad = Skytells(orchestrator_base_url=server.url, orchestrator_api_key="wfb_" + "x" * 32)
    with bad, pytest.raises(NotFoundError):
        bad.orchestrator.workflows.get(workflow.id)
    client.orchestrator.workflows.delete(workflow.id)
