"""Workflows as files, end to end: export from a "staging" local server, apply to a
"production" one whose integrations have other ids, with both clients and the command line."""

from __future__ import annotations

import copy
import io
import json
import pickle
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from e2e_support import make_client, resolve
from skytells_orchestrator import AsyncSkytells, Skytells, SkytellsError
from skytells_orchestrator._workflow_files import WorkflowApplyError, WorkflowPlan
from skytells_orchestrator.cli import main
from skytells_orchestrator.local import LocalOrchestrator

Client = Skytells | AsyncSkytells


def _nodes(integration_id: str | None = None, label: str = "Post") -> list[dict[str, Any]]:
    config: dict[str, Any] = {"actionType": "slack/send-message", "channel": "#ops"}
    if integration_id is not None:
        config["integrationId"] = integration_id
    return [
        {
            "id": "start",
            "type": "trigger",
            "position": {"x": 0, "y": 0},
            "selected": True,
            "data": {
                "label": "Start",
                "type": "trigger",
                "status": "success",
                "config": {"triggerType": "Manual"},
            },
        },
        {
            "id": "post",
            "type": "action",
            "position": {"x": 0, "y": 120},
            "data": {"label": label, "type": "action", "config": config},
        },
    ]


EDGES = [{"id": "start-post", "source": "start", "target": "post"}]


@pytest.fixture
def staging() -> Iterator[LocalOrchestrator]:
    with LocalOrchestrator(step_delay=0.002) as running:
        yield running


@pytest.fixture
def production() -> Iterator[LocalOrchestrator]:
    with LocalOrchestrator(step_delay=0.002) as running:
        yield running


@pytest.fixture(params=["sync", "async"])
async def clients(
    request: pytest.FixtureRequest, staging: LocalOrchestrator, production: LocalOrchestrator
) -> AsyncIterator[tuple[Client, Client]]:
    made = (make_client(staging, request.param), make_client(production, request.param))
    try:
        yield made
    finally:
        for client in made:
            if isinstance(client, AsyncSkytells):
                await client.aclose()
            else:
                client.close()


async def _seed(client: Client, *, slack_name: str = "Team Slack") -> str:
    """Two workflows, one using a Slack integration, and the editor's autosave."""
    made = await resolve(
        client.orchestrator.integrations.create(
            type="slack", config={"token": "xoxb-secret"}, name=slack_name
        )
    )
    await resolve(
        client.orchestrator.workflows.create(
            name="Notify on signup", description="Tell #ops", nodes=_nodes(made.id), edges=EDGES
        )
    )
    report = _nodes()
    report[1]["data"]["config"]["apiKey"] = "sk-inline-secret"
    await resolve(
        client.orchestrator.workflows.create(name="Nightly report", nodes=report, edges=EDGES)
    )
    await resolve(client.orchestrator.workflows.save_current(nodes=_nodes(), edges=EDGES))
    return str(made.id)


async def _by_name(client: Client) -> dict[str, Any]:
    return {wf.name: wf for wf in await resolve(client.orchestrator.workflows.list())}


async def _production_slack(client: Client) -> str:
    made = await resolve(
        client.orchestrator.integrations.create(
            type="slack", config={"token": "xoxb-prod"}, name="Team Slack"
        )
    )
    return str(made.id)


async def test_export_then_apply_recreates_the_workflows_with_the_targets_integrations(
    clients: tuple[Client, Client], tmp_path: Path
) -> None:
    source, target = clients
    staging_slack = await _seed(source)
    production_slack = await _production_slack(target)

    exported = await resolve(source.orchestrator.workflows.export(tmp_path))
    assert exported.files == {
        "Notify on signup": "notify-on-signup.json",
        "Nightly report": "nightly-report.json",
    }
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "nightly-report.json",
        "notify-on-signup.json",
    ]  # no autosave
    text = (tmp_path / "notify-on-signup.json").read_text()
    document = json.loads(text)
    assert list(document) == ["name", "description", "visibility", "nodes", "edges"]
    assert staging_slack not in text and "createdAt" not in text and "userId" not in text
    assert '"selected"' not in text and '"status"' not in text  # the editor's state
    assert document["nodes"][1]["data"]["config"]["integrationId"] == {
        "name": "Team Slack",
        "type": "slack",
    }
    assert text.startswith('{\n  "name": "Notify on signup",\n')
    # A secret typed into a node's config is exported as stored, with a warning.
    (warning,) = exported.warnings
    assert warning.code == "SECRET_IN_FILE" and warning.workflow == "Nightly report"
    assert "'apiKey'" in warning.message and "sk-inline" not in str(warning)

    # Exporting again, unchanged: byte-identical files, none rewritten.
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    again = await resolve(source.orchestrator.workflows.export(tmp_path))
    assert again.written == ()
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == before

    plan = await resolve(target.orchestrator.workflows.plan(tmp_path))
    assert plan.ok and plan.counts() == {"create": 2, "update": 0, "delete": 0, "unchanged": 0}
    result = await resolve(target.orchestrator.workflows.apply(tmp_path))
    assert [change.name for change in result.applied] == ["Nightly report", "Notify on signup"]

    stored = await _by_name(target)
    assert set(stored) == {"Nightly report", "Notify on signup"}
    notify = stored["Notify on signup"].to_dict()
    assert notify["description"] == "Tell #ops"
    assert notify["nodes"][1]["data"]["config"]["integrationId"] == production_slack

    # A second apply changes nothing, and exporting production gives the same files.
    second = await resolve(target.orchestrator.workflows.plan(tmp_path))
    assert not second.has_changes and second.counts()["unchanged"] == 2
    assert (await resolve(target.orchestrator.workflows.apply(tmp_path))).applied == ()
    round_trip = tmp_path / "round-trip"
    await resolve(target.orchestrator.workflows.export(round_trip))
    assert {path.name: path.read_bytes() for path in round_trip.iterdir()} == before


async def test_an_edited_file_is_planned_field_by_field_and_applied(
    clients: tuple[Client, Client], tmp_path: Path
) -> None:
    source, target = clients
    await _seed(source)
    await _production_slack(target)
    await resolve(source.orchestrator.workflows.export(tmp_path))
    await resolve(target.orchestrator.workflows.apply(tmp_path))

    path = tmp_path / "nightly-report.json"
    document = json.loads(path.read_text())
    document["description"] = "Every night"
    document["visibility"] = "public"
    document["nodes"][1]["data"]["label"] = "Post report"
    document["nodes"].append(
        {"id": "log", "type": "action", "data": {"label": "Log", "type": "action", "config": {}}}
    )
    document["edges"].append({"id": "post-log", "source": "post", "target": "log"})
    path.write_text(json.dumps(document))

    plan = await resolve(target.orchestrator.workflows.plan(tmp_path))
    (change,) = plan.pending
    assert change.action == "update" and change.name == "Nightly report"
    assert change.fields == ("description", "visibility", "nodes", "edges")
    assert change.nodes.added == ("log",) and change.nodes.changed == ("post",)
    assert change.edges.added == ("post-log",) and not change.edges.removed
    assert "nodes: +1 (log), ~1 (post)" in change.summary()

    await resolve(target.orchestrator.workflows.apply(tmp_path))
    stored = (await _by_name(target))["Nightly report"]
    assert stored.description == "Every night" and stored.visibility == "public"
    assert [node.to_dict()["id"] for node in stored.nodes] == ["start", "post", "log"]
    assert not (await resolve(target.orchestrator.workflows.plan(tmp_path))).has_changes

    # Erasing the description (null in the file) is a change too, and applied.
    document["description"] = None
    path.write_text(json.dumps(document))
    plan = await resolve(target.orchestrator.workflows.plan(tmp_path))
    assert [change.fields for change in plan.pending] == [("description",)]
    await resolve(target.orchestrator.workflows.apply(plan))
    assert not (await resolve(target.orchestrator.workflows.plan(tmp_path))).has_changes


async def test_prune_deletes_workflows_without_a_file_and_their_runs(
    clients: tuple[Client, Client], tmp_path: Path
) -> None:
    source, target = clients
    await _seed(source)
    await _production_slack(target)
    await resolve(source.orchestrator.workflows.export(tmp_path))
    extra = await resolve(
        target.orchestrator.workflows.create(name="Old one", nodes=_nodes(), edges=EDGES)
    )
    run = await resolve(target.orchestrator.workflows.execute(extra.id))
    await resolve(target.orchestrator.executions.wait(run.execution_id, timeout=10))
    await resolve(target.orchestrator.workflows.save_current(nodes=_nodes(), edges=EDGES))

    kept = await resolve(target.orchestrator.workflows.plan(tmp_path))
    assert "delete" not in {change.action for change in kept.changes}
    with pytest.raises(SkytellsError, match="plan made without it") as mismatch:
        await resolve(target.orchestrator.workflows.apply(kept, prune=True))
    assert mismatch.value.error_id == "SDK_ERROR"
    plan = await resolve(target.orchestrator.workflows.plan(tmp_path, prune=True))
    assert [(c.action, c.name) for c in plan.changes if c.action == "delete"] == [
        ("delete", "Old one")
    ]
    await resolve(target.orchestrator.workflows.apply(tmp_path, prune=True))
    stored = await _by_name(target)
    assert "Old one" not in stored and "~~__CURRENT__~~" in stored  # the autosave stays
    assert not (await resolve(target.orchestrator.workflows.plan(tmp_path, prune=True))).has_changes

    # An empty folder with --prune would delete everything: refused.
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = await resolve(target.orchestrator.workflows.plan(empty, prune=True))
    assert [problem.code for problem in refused.problems] == ["NO_FILES"]


async def test_a_missing_or_ambiguous_integration_refuses_the_whole_apply(
    clients: tuple[Client, Client], tmp_path: Path
) -> None:
    source, target = clients
    await _seed(source)
    await resolve(source.orchestrator.workflows.export(tmp_path))

    plan = await resolve(target.orchestrator.workflows.plan(tmp_path))
    assert not plan.ok
    (problem,) = plan.problems
    assert problem.code == "MISSING_INTEGRATION" and problem.node_id == "post"
    assert problem.file == "notify-on-signup.json"
    with pytest.raises(SkytellsError) as refused:
        await resolve(target.orchestrator.workflows.apply(tmp_path))
    assert refused.value.error_id == "PLAN_REFUSED"
    assert "no slack integration named 'Team Slack'" in refused.value.message
    # The other workflow, fine on its own, was not created either.
    assert set(await _by_name(target)) == set()

    await _production_slack(target)
    await _production_slack(target)
    plan = await resolve(target.orchestrator.workflows.plan(tmp_path))
    assert [problem.code for problem in plan.problems] == ["AMBIGUOUS_INTEGRATION"]


async def test_a_failure_midway_reports_what_was_and_was_not_applied(
    clients: tuple[Client, Client],
    production: LocalOrchestrator,
    tmp_path: Path,
) -> None:
    source, target = clients
    await _seed(source)
    await _production_slack(target)
    await resolve(source.orchestrator.workflows.export(tmp_path))
    for name in ("Old one", "Older one"):
        await resolve(target.orchestrator.workflows.create(name=name, nodes=_nodes(), edges=EDGES))
    plan = await resolve(target.orchestrator.workflows.plan(tmp_path, prune=True))
    assert [change.action for change in plan.pending] == ["create", "create", "delete", "delete"]
    # The first delete is refused (a 400 is never retried): the creates are done by then.
    production.faults.fail_next(1, status=400, methods=["DELETE"], path="/api/workflows/")

    with pytest.raises(WorkflowApplyError) as stopped:
        await resolve(target.orchestrator.workflows.apply(plan))
    error = stopped.value
    assert error.error_id == "APPLY_INCOMPLETE"
    assert [c.name for c in error.result.applied] == ["Nightly report", "Notify on signup"]
    assert error.result.failed is not None and error.result.failed.action == "delete"
    assert [c.action for c in error.result.not_applied] == ["delete"]
    assert "2 of 4 change(s) applied, 1 not attempted" in error.message
    assert "not applied: delete" in (error.details or "")
    assert isinstance(error.__cause__, SkytellsError)
    assert pickle.loads(pickle.dumps(error)).result == error.result
    assert len(await _by_name(target)) == 4

    # Applying again carries out what is left.
    await resolve(target.orchestrator.workflows.apply(tmp_path, prune=True))
    assert set(await _by_name(target)) == {"Nightly report", "Notify on signup"}


async def test_bad_files_and_bad_graphs_are_refused_before_anything_changes(
    clients: tuple[Client, Client], tmp_path: Path
) -> None:
    _, target = clients
    good = {"name": "Good", "nodes": _nodes(), "edges": EDGES}
    (tmp_path / "good.json").write_text(json.dumps(good))
    (tmp_path / "broken.json").write_text("{not json")
    (tmp_path / "nan.json").write_text('{"name": "N", "nodes": [], "edges": [], "x": NaN}')
    (tmp_path / "huge.json").write_text('{"name": "H", "nodes": [{"n": 1e400}], "edges": []}')
    (tmp_path / "extra.json").write_text(json.dumps({**good, "name": "E", "id": "wf_1"}))
    (tmp_path / "id.json").write_text(
        json.dumps({"name": "Raw id", "nodes": _nodes("abc123"), "edges": EDGES})
    )
    no_trigger = [{"id": "a", "type": "action", "data": {"type": "action", "label": "A"}}]
    (tmp_path / "graph.json").write_text(
        json.dumps({"name": "No trigger", "nodes": no_trigger, "edges": []})
    )
    (tmp_path / "untitled.json").write_text(json.dumps({**good, "name": "Untitled Workflow"}))
    (tmp_path / "twin.json").write_text(json.dumps(good))
    (tmp_path / "notes.txt").write_text("ignored")

    plan = await resolve(target.orchestrator.workflows.plan(tmp_path))
    found = sorted((problem.code, problem.file or "") for problem in plan.problems)
    assert found == [
        ("DUPLICATE_NAME", ""),
        ("INVALID_FILE", "broken.json"),
        ("INVALID_FILE", "extra.json"),
        ("INVALID_FILE", "huge.json"),
        ("INVALID_FILE", "nan.json"),
        ("INVALID_INTEGRATION_REFERENCE", "id.json"),
        ("INVALID_WORKFLOW", "graph.json"),
        ("RESERVED_NAME", "untitled.json"),
    ]
    with pytest.raises(SkytellsError, match="nothing was changed"):
        await resolve(target.orchestrator.workflows.apply(tmp_path))
    assert await _by_name(target) == {}

    for bad in (tmp_path / "missing", tmp_path / "good.json", "", 42):
        with pytest.raises(SkytellsError) as caught:
            await resolve(target.orchestrator.workflows.plan(bad))  # type: ignore[arg-type]
        assert caught.value.error_id == "SDK_ERROR"

    # A plan is plain data: it survives copy, deepcopy and pickle.
    assert isinstance(plan, WorkflowPlan)
    assert copy.deepcopy(plan) == plan == pickle.loads(pickle.dumps(plan))


async def test_names_that_collide_on_export(clients: tuple[Client, Client], tmp_path: Path) -> None:
    source, _ = clients
    for name in ("Sync: Orders", "sync orders", "Sync? Orders!"):
        await resolve(source.orchestrator.workflows.create(name=name, nodes=_nodes(), edges=EDGES))
    first = await resolve(source.orchestrator.workflows.export(tmp_path))
    files = sorted(first.files.values())
    assert len(set(files)) == 3 and all(file.startswith("sync-orders-") for file in files)
    # The suffix comes from the name alone: the same files every time.
    second = await resolve(source.orchestrator.workflows.export(tmp_path / "again"))
    assert second.files == first.files

    await resolve(
        source.orchestrator.workflows.create(name="sync orders", nodes=_nodes(), edges=EDGES)
    )
    with pytest.raises(SkytellsError) as refused:
        await resolve(source.orchestrator.workflows.export(tmp_path / "third"))
    assert refused.value.error_id == "EXPORT_REFUSED"
    assert "2 workflows are named 'sync orders'" in refused.value.message
    assert not (tmp_path / "third").exists() or not any((tmp_path / "third").iterdir())


async def test_a_file_of_a_renamed_workflow_is_kept_and_named_in_a_warning(
    clients: tuple[Client, Client], tmp_path: Path
) -> None:
    source, _ = clients
    made = await resolve(
        source.orchestrator.workflows.create(name="Old name", nodes=_nodes(), edges=EDGES)
    )
    (tmp_path / "notes.txt").write_text("not a workflow file")
    (tmp_path / ".hidden.json").write_text("{}")
    first = await resolve(source.orchestrator.workflows.export(tmp_path))
    assert first.files == {"Old name": "old-name.json"} and first.warnings == ()
    kept = (tmp_path / "old-name.json").read_bytes()

    await resolve(source.orchestrator.workflows.update(made.id, name="New name"))
    again = await resolve(source.orchestrator.workflows.export(tmp_path))
    assert again.written == ("new-name.json",)
    (stale,) = again.warnings
    assert (stale.code, stale.file) == ("STALE_FILE", "old-name.json")
    assert "apply` would create it again" in stale.message
    assert (tmp_path / "old-name.json").read_bytes() == kept  # left as it was
    # As it says: a plan of the folder would create the old workflow again.
    plan = await resolve(source.orchestrator.workflows.plan(tmp_path))
    assert [(c.action, c.name) for c in plan.changes if c.action == "create"] == [
        ("create", "Old name")
    ]


# ------------------------------------------------------------------ the command line


def _run(
    server: LocalOrchestrator,
    capsys: pytest.CaptureFixture[str],
    *args: str,
) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(
        [
            "--base-url",
            server.url,
            "--api-key",
            server.api_key,
            "--session-token",
            server.session_token,
            *args,
        ]
    )
    captured = capsys.readouterr()
    return code, captured.out, captured.err


async def test_the_command_line_exports_diffs_and_applies(
    staging: LocalOrchestrator,
    production: LocalOrchestrator,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    with make_client(staging, "sync") as source, make_client(production, "sync") as target:
        assert isinstance(source, Skytells) and isinstance(target, Skytells)
        await _seed(source)
        await _production_slack(target)
        folder = str(tmp_path)

        code, out, _ = _run(staging, capsys, "workflows", "export", folder)
        assert code == 0 and json.loads(out)["written"] == [
            "nightly-report.json",
            "notify-on-signup.json",
        ]

        code, out, _ = _run(production, capsys, "workflows", "diff", folder)
        assert code == 1 and json.loads(out)["counts"]["create"] == 2

        # Not a terminal and no --yes: refused, nothing changed.
        code, _, err = _run(production, capsys, "workflows", "apply", folder)
        assert code == 2 and "--yes" in err
        code, _, _ = _run(production, capsys, "workflows", "apply", folder, "--dry-run")
        assert code == 0 and target.orchestrator.workflows.list() == []

        code, out, _ = _run(production, capsys, "workflows", "apply", folder, "--yes")
        assert code == 0 and len(json.loads(out)["result"]["applied"]) == 2
        code, out, _ = _run(production, capsys, "workflows", "diff", folder)
        assert code == 0 and json.loads(out)["counts"]["unchanged"] == 2

        # An edited file shows in diff, then is applied.
        path = tmp_path / "nightly-report.json"
        path.write_text(path.read_text().replace('"Post"', '"Post \\u001b[31m red"'))
        code, out, _ = _run(production, capsys, "workflows", "diff", folder)
        (change,) = [c for c in json.loads(out)["changes"] if c["action"] == "update"]
        assert code == 1 and change["nodes"]["changed"] == ["post"]
        code, out, _ = _run(production, capsys, "workflows", "apply", folder, "-y")
        assert code == 0
        code, _, _ = _run(production, capsys, "workflows", "diff", folder)
        assert code == 0

        # A refused plan: exit 2 for diff and apply, nothing changed.
        target.orchestrator.integrations.delete(target.orchestrator.integrations.list()[0].id)
        path.write_text(path.read_text().replace("#ops", "#alerts"))
        code, out, err = _run(production, capsys, "workflows", "diff", folder)
        assert code == 2 and "nothing was changed" in err
        assert json.loads(out)["problems"][0]["code"] == "MISSING_INTEGRATION"
        code, out, err = _run(production, capsys, "workflows", "apply", folder, "--yes")
        assert code == 2 and "nothing was changed" in err
        assert json.loads(out) == {"plan": json.loads(out)["plan"], "result": None}
        assert json.loads(out)["plan"]["problems"][0]["code"] == "MISSING_INTEGRATION"
        code, _, err = _run(production, capsys, "workflows", "diff", str(tmp_path / "nope"))
        assert code == 2


def test_the_human_plan_shows_server_text_literally(
    staging: LocalOrchestrator,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from skytells_orchestrator.cli import _output

    hostile = "[bold red]Boom[/] \x1b[2J"
    trigger = _nodes()[0]
    with make_client(staging, "sync") as client:
        client.orchestrator.workflows.create(name=hostile, nodes=[trigger], edges=[])
    odd = {**_nodes()[1], "id": "t\u202e\x1b]0;owned\x07"}
    document = {"name": hostile, "nodes": [trigger, odd], "edges": []}
    (tmp_path / "x.json").write_text(json.dumps(document))
    # Text that is only unusual stays as it is: a joined emoji keeps its zero-width joiner.
    team = "Team \U0001f469\u200d\U0001f4bb"
    (tmp_path / "y.json").write_text(json.dumps({"name": team, "nodes": [trigger], "edges": []}))
    monkeypatch.setattr(_output.sys.stdout, "isatty", lambda: True, raising=False)
    code, out, _ = _run(staging, capsys, "workflows", "diff", str(tmp_path))
    assert code == 1
    assert f'create    "{team}"' in out
    assert '"[bold red]Boom[/] \\u001b[2J"' in out
    assert "t\\u202e\\x1b]0;owned\\x07" in out  # as every CLI line shows them (visible())
    assert "\x1b[2J" not in out and "\x07" not in out and "\u202e" not in out
    assert "Plan: 1 to create, 1 to update, 0 to delete, 0 unchanged." in out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_apply_asks_on_a_terminal(
    staging: LocalOrchestrator,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "x.json").write_text(
        json.dumps({"name": "Asked", "nodes": _nodes(), "edges": EDGES})
    )
    with make_client(staging, "sync") as client:
        assert isinstance(client, Skytells)
        monkeypatch.setattr("sys.stdin", _Terminal("n\n"))
        code, _, err = _run(staging, capsys, "workflows", "apply", str(tmp_path))
        assert code == 130 and "Apply 1 change(s)?" in err
        assert client.orchestrator.workflows.list() == []

        monkeypatch.setattr("sys.stdin", _Terminal("y\n"))
        code, _, _ = _run(staging, capsys, "workflows", "apply", str(tmp_path))
        assert code == 0
        assert [workflow.name for workflow in client.orchestrator.workflows.list()] == ["Asked"]


async def test_a_created_workflow_gets_the_visibility_and_empty_graph_of_its_file(
    clients: tuple[Client, Client], tmp_path: Path
) -> None:
    _, target = clients
    (tmp_path / "empty.json").write_text(
        json.dumps({"name": "Empty", "visibility": "public", "nodes": [], "edges": []})
    )
    await resolve(target.orchestrator.workflows.apply(tmp_path))
    stored = (await _by_name(target))["Empty"]
    # The server fills an empty graph with a Manual trigger: apply sets it back to the file's.
    assert stored.visibility == "public" and stored.nodes == []
    assert not (await resolve(target.orchestrator.workflows.plan(tmp_path))).has_changes
