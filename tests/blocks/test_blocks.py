"""The typed builders: generated from the catalogue, writing exactly what the dashboard stores."""

from __future__ import annotations

import copy
import inspect
import json
import pickle

import pytest
from skytells_orchestrator import Node, SkytellsError, blocks


def test_one_builder_per_trigger_and_action_named_from_its_type() -> None:
    catalogue = blocks.catalogue()
    assert len(catalogue.triggers) == 3
    assert len(catalogue.actions) == 39
    names = {spec.builder for spec in (*catalogue.triggers, *catalogue.actions)}
    assert {
        "manual_trigger",
        "webhook_trigger",
        "schedule_trigger",
        "http_request",
        "database_query",
        "condition",
        "slack_send_message",
        "resend_send_email",
        "ai_gateway_generate_text",
    } <= names
    for name in names:
        assert callable(getattr(blocks, name)), name
        assert name in blocks.__all__


def test_arguments_are_the_config_keys_in_snake_case_required_ones_required() -> None:
    catalogue = blocks.catalogue()
    for spec in catalogue.actions:
        parameters = inspect.signature(getattr(blocks, spec.builder)).parameters
        for item in spec.config:
            parameter = parameters[item.argument]
            assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
            assert (parameter.default is inspect.Parameter.empty) == item.argument_required, item
            assert item.argument_required == item.required or spec.type == "Condition"
        assert ("integration_id" in parameters) == (spec.integration is not None)
        assert {"label", "id"} <= set(parameters)
    slack = inspect.signature(blocks.slack_send_message).parameters
    assert list(slack)[:2] == ["slack_channel", "slack_message"]
    http = inspect.signature(blocks.http_request).parameters
    assert [(n, p.default) for n, p in http.items()][:4] == [
        ("endpoint", inspect.Parameter.empty),
        ("method", "GET"),
        ("headers", None),
        ("body", None),
    ]
    assert list(inspect.signature(blocks.webhook_trigger).parameters)[:2] == [
        "schema",
        "mock_request",
    ]
    assert list(inspect.signature(blocks.schedule_trigger).parameters)[:2] == ["cron", "timezone"]
    with pytest.raises(TypeError):
        blocks.condition()  # type: ignore[call-arg]


def test_http_request_writes_the_config_the_dashboard_stores() -> None:
    node = blocks.http_request(
        endpoint="https://api.example.com/users",
        method="POST",
        headers={"Accept": "application/json"},
        body={"name": "Ada", "tags": ["x"]},
        label="Create user",
        id="create",
    )
    assert node.to_dict() == {
        "id": "create",
        "type": "action",
        "position": {"x": 0, "y": 0},
        "data": {
            "label": "Create user",
            "description": "",
            "type": "action",
            "status": "idle",
            "config": {
                "actionType": "HTTP Request",
                "httpMethod": "POST",
                "endpoint": "https://api.example.com/users",
                "httpHeaders": '{"Accept": "application/json"}',
                "httpBody": '{"name": "Ada", "tags": ["x"]}',
            },
        },
    }
    # JSON text is kept as given; the method is written even when left at GET.
    plain = blocks.http_request(endpoint="https://x", body='{"a": 1}').to_dict()
    assert plain["data"]["config"]["httpBody"] == '{"a": 1}'
    assert plain["data"]["config"]["httpMethod"] == "GET"
    assert "httpHeaders" not in plain["data"]["config"]


def test_triggers_and_integration_actions() -> None:
    fields = [{"name": "email", "type": "string"}]
    hook = blocks.webhook_trigger(schema=fields, mock_request={"email": "a@b.c"}).to_dict()
    assert hook["type"] == hook["data"]["type"] == "trigger"
    assert hook["data"]["config"] == {
        "triggerType": "Webhook",
        "webhookSchema": json.dumps(fields),
        "webhookMockRequest": '{"email": "a@b.c"}',
    }
    assert blocks.manual_trigger().to_dict()["data"]["config"] == {"triggerType": "Manual"}
    schedule = blocks.schedule_trigger(cron="0 9 * * 1", timezone="Europe/Paris").to_dict()
    assert schedule["data"]["config"] == {
        "triggerType": "Schedule",
        "scheduleCron": "0 9 * * 1",
        "scheduleTimezone": "Europe/Paris",
    }
    slack = blocks.slack_send_message(
        slack_channel="#general", slack_message="hi", integration_id="int_1"
    ).to_dict()
    assert slack["data"]["config"] == {
        "actionType": "slack/send-message",
        "integrationId": "int_1",
        "slackChannel": "#general",
        "slackMessage": "hi",
    }
    assert slack["data"]["label"] == "Send Slack Message" or slack["data"]["label"]
    github = blocks.github_list_issues(owner="o", repo="r", per_page=20).to_dict()
    assert github["data"]["config"]["perPage"] == "20"
    assert "integrationId" not in github["data"]["config"]
    assert blocks.condition(condition=True).to_dict()["data"]["config"]["condition"] is True


def test_default_ids_are_readable_and_unique() -> None:
    ids = {blocks.http_request(endpoint="https://x").id for _ in range(200)}
    assert len(ids) == 200
    assert all(str(node_id).startswith("http_request_") for node_id in ids)
    assert str(blocks.webhook_trigger().id).startswith("webhook_")


@pytest.mark.parametrize(
    "make",
    [
        lambda: blocks.http_request(endpoint=""),
        lambda: blocks.http_request(endpoint="   "),
        lambda: blocks.http_request(endpoint=42),  # type: ignore[arg-type]
        lambda: blocks.http_request(endpoint="https://x", body={"n": float("nan")}),
        lambda: blocks.http_request(endpoint="https://x", body={1j: 1}),  # type: ignore[dict-item]
        lambda: blocks.http_request(endpoint="https://x", headers=b"{}"),  # type: ignore[arg-type]
        lambda: blocks.http_request(endpoint="https://x", id=""),
        lambda: blocks.http_request(endpoint="https://x", id="a:b"),
        lambda: blocks.http_request(endpoint="https://x", id=7),  # type: ignore[arg-type]
        lambda: blocks.http_request(endpoint="https://x", label=""),
        lambda: blocks.slack_send_message(slack_channel="#a", slack_message="b", integration_id=""),
        lambda: blocks.github_list_issues(owner="o", repo="r", per_page=True),
        lambda: blocks.github_list_issues(owner="o", repo="r", per_page=float("inf")),
        lambda: blocks.condition(condition=None),  # type: ignore[arg-type]
    ],
)
def test_bad_arguments_are_sdk_errors(make: object) -> None:
    with pytest.raises(SkytellsError) as caught:
        make()  # type: ignore[operator]
    assert caught.value.error_id == "SDK_ERROR"


def test_ref_builds_the_executor_template() -> None:
    hook = blocks.webhook_trigger(id="hook", label="Signup")
    assert blocks.ref(hook, "email") == "{{@hook:Signup.email}}"
    assert blocks.ref(hook) == "{{@hook:Signup}}"
    assert blocks.ref(hook.to_dict(), "user.name") == "{{@hook:Signup.user.name}}"
    for bad_node, path in [
        (blocks.webhook_trigger(label="a.b"), "x"),
        (hook, "a}b"),
        (hook, ""),
        (hook, 3),
        ({"data": {}}, "x"),
        ("hook", "x"),
    ]:
        with pytest.raises(SkytellsError) as caught:
            blocks.ref(bad_node, path)  # type: ignore[arg-type]
        assert caught.value.error_id == "SDK_ERROR"


def test_nodes_and_the_catalogue_survive_copy_and_pickle() -> None:
    node = blocks.slack_send_message(slack_channel="#a", slack_message="b", id="n")
    for twin in (copy.copy(node), copy.deepcopy(node), pickle.loads(pickle.dumps(node))):
        assert isinstance(twin, Node)
        assert twin == node
        assert twin.to_dict() == node.to_dict()
    catalogue = blocks.catalogue()
    assert pickle.loads(pickle.dumps(catalogue)) == catalogue


def test_catalogue_lookups() -> None:
    catalogue = blocks.catalogue()
    assert catalogue.find("Send Slack Message") is catalogue.find("slack/send-message")
    assert catalogue.find("Webhook") is not None
    assert catalogue.find("nope") is None
    spec = catalogue.find("resend/send-email")
    assert spec is not None
    assert spec.integration == "resend"
    assert spec.required_keys == ("emailTo", "emailSubject", "emailBody")
    assert catalogue.categories[:2] == ("Trigger", "System")
    assert {i.type for i in catalogue.integrations} >= {"slack", "database", "resend"}
