"""The command-line guide's session, run as shown: the workflow file it creates from is the
one the repository ships (``examples/welcome.json``)."""

from __future__ import annotations

from pathlib import Path

from cli_support import Runner

WELCOME = Path(__file__).resolve().parents[2] / "examples" / "welcome.json"


def test_the_guide_session_runs_from_the_shipped_file(cli: Runner) -> None:
    created = cli.ok("workflows", "create", "--from-file", str(WELCOME))
    assert created["name"] == "Welcome new customers"
    assert [node["id"] for node in created["nodes"]] == ["signup", "enrich", "welcome"]
    final = cli.ok(
        "webhooks",
        "execute",
        created["id"],
        "--data",
        '{"email": "ada@example.com", "plan": "pro"}',
        "--wait",
        "--poll-interval",
        "0.01",
    )
    assert final["status"] == "success"
    assert {node["nodeId"]: node["status"] for node in final["nodeStatuses"]} == {
        "signup": "success",
        "enrich": "success",
        "welcome": "success",
    }
    assert cli.ok("executions", "delete-all", created["id"])["deletedCount"] == 1
    cli.ok("workflows", "delete", created["id"])
