"""``blocks list`` and ``blocks show``: the catalogue from the shell (offline)."""

from __future__ import annotations

import sys

import pytest
from cli_support import Runner


def test_blocks_list_as_json_and_by_category(cli: Runner) -> None:
    every = cli.ok("blocks", "list")
    assert len(every) == 42
    assert {row["builder"] for row in every} >= {"blocks.http_request", "blocks.webhook_trigger"}
    slack = cli.ok("blocks", "list", "--category", "slack")
    assert [(row["type"], row["required"]) for row in slack] == [
        ("slack/send-message", ["slackChannel", "slackMessage"])
    ]
    system = cli.ok("blocks", "list", "--category", "System", "--json")
    assert [row["type"] for row in system] == ["Condition", "Database Query", "HTTP Request"]


def test_blocks_show_by_type_legacy_name_or_builder(cli: Runner) -> None:
    shown = cli.ok("blocks", "show", "slack/send-message")
    assert shown["builder"] == "blocks.slack_send_message"
    assert shown["outputs"] == ["ts", "channel"]
    assert [(c["key"], c["argument"], c["required"]) for c in shown["config"]] == [
        ("slackChannel", "slack_channel", True),
        ("slackMessage", "slack_message", True),
    ]
    assert cli.ok("blocks", "show", "Send Slack Message") == shown
    assert cli.ok("blocks", "show", "slack_send_message") == shown
    assert cli.ok("blocks", "show", "Webhook")["kind"] == "trigger"


@pytest.mark.parametrize(
    "args",
    [
        ["blocks", "show", "Quantum Teleport"],
        ["blocks", "show", "\x1b[31m[red]x"],
        ["blocks", "list", "--category", "Nope"],
    ],
)
def test_unknown_names_are_usage_errors(cli: Runner, args: list[str]) -> None:
    result = cli(*args)
    assert result.code == 2, result
    assert result.out == ""


def test_blocks_on_a_terminal_are_tables(cli: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("COLUMNS", "200")
    shown = cli("blocks", "show", "HTTP Request")
    assert shown.code == 0, shown
    assert "blocks.http_request" in shown.out
    assert "GET, POST, PUT, PATCH, DELETE" in shown.out
    listed = cli("blocks", "list", "--category", "trigger")
    assert "blocks.schedule_trigger" in listed.out
    assert "[]" not in listed.out and '"' not in listed.out
