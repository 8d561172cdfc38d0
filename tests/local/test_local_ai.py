"""AI generation: NDJSON, envelope, determinism, incremental delivery."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import skytells_orchestrator
from skytells_orchestrator.local import LocalOrchestrator

CATALOGUE = Path(skytells_orchestrator.__file__).parent / "catalogue.json"


def lines_of(response: httpx.Response) -> list[str]:
    assert response.text.endswith("\n")
    return response.text.split("\n")[:-1]


def generate(client: httpx.Client, body: Any) -> httpx.Response:
    return client.post("/api/ai/generate", json=body)


def test_generation_stream(client: httpx.Client) -> None:
    response = generate(client, {"prompt": "When a webhook arrives, post to Slack and email me"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-ndjson"
    messages = [json.loads(line) for line in lines_of(response)]
    assert messages[-1] == {"type": "complete"}
    operations = [message["operation"] for message in messages[:-1]]
    assert all(message["type"] == "operation" for message in messages[:-1])
    assert [op["op"] for op in operations[:2]] == ["setName", "setDescription"]
    nodes = [op["node"] for op in operations if op["op"] == "addNode"]
    edges = [op["edge"] for op in operations if op["op"] == "addEdge"]
    assert nodes[0]["data"]["config"]["triggerType"] == "Webhook"
    # Current action ids, as the hosted prompt asks its model for; labels as the dashboard's.
    assert [node["data"]["config"]["actionType"] for node in nodes[1:]] == [
        "slack/send-message",
        "resend/send-email",
    ]
    assert [node["data"]["label"] for node in nodes[1:]] == ["Send Slack Message", "Send Email"]
    assert [(edge["source"], edge["target"]) for edge in edges] == [
        (nodes[0]["id"], nodes[1]["id"]),
        (nodes[1]["id"], nodes[2]["id"]),
    ]
    # Every addNode comes before the addEdge operations that use it.
    kinds = [op["op"] for op in operations]
    assert kinds.index("addEdge") > max(i for i, kind in enumerate(kinds) if kind == "addNode")


def test_generation_is_deterministic_and_prompt_dependent(client: httpx.Client) -> None:
    first = generate(client, {"prompt": "daily database report"}).text
    again = generate(client, {"prompt": "daily database report"}).text
    other = generate(client, {"prompt": "fetch the api"}).text
    assert first == again
    assert first != other
    trigger = json.loads(first.split("\n")[2])["operation"]["node"]
    assert trigger["data"]["config"]["triggerType"] == "Schedule"


def test_generation_extends_an_existing_workflow(client: httpx.Client) -> None:
    existing = {
        "name": "Mine",
        "nodes": [
            {
                "id": "trigger-1",
                "type": "trigger",
                "position": {"x": 100, "y": 200},
                "data": {"label": "T", "type": "trigger", "config": {"triggerType": "Manual"}},
            }
        ],
        "edges": [],
    }
    response = generate(client, {"prompt": "also send slack", "existingWorkflow": existing})
    operations = [json.loads(line)["operation"] for line in lines_of(response)[:-1]]
    assert {op["op"] for op in operations} == {"addNode", "addEdge"}
    added = operations[0]["node"]
    assert added["id"] != "trigger-1"
    assert added["position"]["x"] == 350
    assert operations[-1]["edge"]["source"] == "trigger-1"


def test_generated_action_types_are_current_ids(client: httpx.Client) -> None:
    catalogue = json.loads(CATALOGUE.read_text("utf-8"))
    current = {action["actionType"] for action in catalogue["actions"]}
    prompt = "slack email http database ticket summarize if"
    seen: set[str] = set()
    for words in (prompt, " ".join(reversed(prompt.split()))):
        for line in lines_of(generate(client, {"prompt": words}))[:-1]:
            operation = json.loads(line)["operation"]
            if operation["op"] == "addNode" and operation["node"]["type"] == "action":
                seen.add(operation["node"]["data"]["config"]["actionType"])
    assert len(seen) == 7 and seen <= current


def test_generation_builds_on_the_existing_trigger_or_starts_from_a_new_one(
    client: httpx.Client,
) -> None:
    start = {
        "id": "start",
        "type": "trigger",
        "position": {"x": 100, "y": 200},
        "data": {"label": "Start", "type": "trigger", "config": {"triggerType": "Manual"}},
    }
    step = {
        "id": "step",
        "type": "action",
        "position": {"x": 350, "y": 200},
        "data": {"label": "Step", "type": "action", "config": {"actionType": "HTTP Request"}},
    }
    for nodes, trigger_ref in (([start], "{{@start:Start.ok}}"), ([step], None)):
        existing = {"name": "Mine", "nodes": nodes, "edges": []}
        response = generate(client, {"prompt": "if so", "existingWorkflow": existing})
        operations = [json.loads(line)["operation"] for line in lines_of(response)[:-1]]
        added = [op["node"] for op in operations if op["op"] == "addNode"]
        targets = {op["edge"]["target"] for op in operations if op["op"] == "addEdge"}
        condition = added[-1]["data"]["config"]
        if trigger_ref is None:  # no trigger yet: a new one, which nothing leads to
            trigger = added[0]
            assert trigger["type"] == "trigger" and trigger["id"] not in targets
            trigger_ref = f"{{{{@{trigger['id']}:{trigger['data']['label']}.ok}}}}"
        assert condition == {"actionType": "Condition", "condition": f"{trigger_ref} === true"}


def test_prompt_is_required(client: httpx.Client) -> None:
    # "!prompt" on the hosted service: only a missing or empty prompt (a blank one is a prompt).
    for body in ({}, {"prompt": ""}, {"prompt": 3}):
        response = generate(client, body)
        assert response.status_code == 400
        assert response.json() == {"error": "Prompt is required"}


def test_lines_arrive_one_by_one(server: LocalOrchestrator, client: httpx.Client) -> None:
    # With 30 s between lines, the whole answer would take minutes: receiving the first line
    # quickly proves it is sent before the generation is over.
    server.ai_line_delay = 30.0
    with client.stream("POST", "/api/ai/generate", json={"prompt": "send email"}) as response:
        assert response.status_code == 200
        first = next(response.iter_lines())
    # Leaving the block closes the connection; the server stops generating.
    assert json.loads(first)["operation"]["op"] == "setName"


def test_each_line_is_a_separate_chunk(server: LocalOrchestrator, client: httpx.Client) -> None:
    server.ai_line_delay = 0.01
    with client.stream("POST", "/api/ai/generate", json={"prompt": "send email"}) as response:
        chunks = list(response.iter_raw())
    assert len(chunks) > 3
    assert all(chunk.endswith(b"\n") and chunk.count(b"\n") == 1 for chunk in chunks)
