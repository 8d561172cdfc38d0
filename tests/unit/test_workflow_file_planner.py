"""The pure parts of workflows as files: names, the file text, and the planner (no server)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from skytells_orchestrator import IntegrationSummary, SkytellsError, Workflow
from skytells_orchestrator._operations import ItemList, UnreadableItem
from skytells_orchestrator._workflow_files import (
    WorkflowPlan,
    apply_steps,
    drive,
    drive_async,
    export_documents,
    file_names,
    make_plan,
    read_directory,
    render,
    slug,
)

TRIGGER = {
    "id": "start",
    "type": "trigger",
    "position": {"x": 0, "y": 0},
    "data": {"label": "Start", "type": "trigger", "config": {"triggerType": "Manual"}},
}


def _workflow(name: str, **fields: Any) -> Workflow:
    wire = {
        "id": f"id-{name}",
        "name": name,
        "userId": "u1",
        "nodes": [TRIGGER],
        "edges": [],
        "visibility": "private",
        "createdAt": "2026-01-13T08:27:12.123Z",
        "updatedAt": "2026-01-13T08:27:12.123Z",
        **fields,
    }
    return Workflow.from_dict(wire)


def _file(name: str, **fields: Any) -> str:
    return json.dumps({"name": name, "nodes": [TRIGGER], "edges": [], **fields})


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Notify on Signup!", "notify-on-signup"),
        ("  ", "workflow"),
        ("../../etc/passwd", "etc-passwd"),
        ("日本語 ワークフロー", "日本語-ワークフロー"),
        ("🚀 ✨", "workflow"),
        ("a" * 200, "a" * 60),
        ("\ud800 lone", "lone"),
    ],
)
def test_slug_is_a_safe_file_stem(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_names_sharing_a_slug_get_a_suffix_that_depends_on_the_name_only() -> None:
    alone = file_names(["Sync orders"])
    both = file_names(["Sync orders", "sync-orders"])
    assert alone == {"Sync orders": "sync-orders.json"}
    assert both["Sync orders"] != both["sync-orders"]
    assert file_names(["sync-orders", "Sync orders", "x"])["Sync orders"] == both["Sync orders"]


def test_render_orders_the_keys_and_survives_a_lone_surrogate() -> None:
    text = render(
        {
            "edges": [],
            "nodes": [{"type": "trigger", "id": "a", "data": {"z": 1, "a": 2}}],
            "visibility": "private",
            "description": None,
            "name": "x\ud800",
        }
    )
    assert [line.split(":")[0].strip() for line in text.splitlines()[1:4]] == [
        '"name"',
        '"description"',
        '"visibility"',
    ]
    assert text.index('"a": 2') < text.index('"z": 1') and text.index('"data"') < text.index('"id"')
    text.encode("utf-8")  # writable
    assert json.loads(text)["name"] == "x\ud800"


def test_the_plan_ignores_editor_state_and_an_empty_description() -> None:
    selected = {**TRIGGER, "selected": True, "data": {**TRIGGER["data"], "status": "running"}}  # type: ignore[dict-item]
    server = ItemList([_workflow("A", nodes=[selected], description="")])
    plan = make_plan(
        "dir",
        {"a.json": _file("A", description=None)},
        server,
        ItemList(),
        prune=False,
    )
    assert plan.ok and [change.action for change in plan.changes] == ["unchanged"]


def test_the_plan_sees_a_reordering_and_refuses_unreadable_server_workflows() -> None:
    second = {**TRIGGER, "id": "second", "data": {**TRIGGER["data"], "label": "B"}}  # type: ignore[dict-item]
    server = ItemList(
        [_workflow("A", nodes=[TRIGGER, second])],
        unreadable=[UnreadableItem(3, {}, "no name", KeyError("name"))],
    )
    plan = make_plan(
        "dir",
        {"a.json": json.dumps({"name": "A", "nodes": [second, TRIGGER], "edges": []})},
        server,
        ItemList(),
        prune=False,
    )
    (change,) = plan.changes
    assert (
        change.action == "update"
        and change.nodes.reordered
        and change.summary() == ("nodes: reordered")
    )
    assert [problem.code for problem in plan.problems] == ["UNREADABLE_WORKFLOW"]
    with pytest.raises(SkytellsError) as refused:
        next(apply_steps(plan))
    assert refused.value.error_id == "PLAN_REFUSED"


def test_apply_steps_refuses_what_is_not_a_plan() -> None:
    with pytest.raises(SkytellsError) as refused:
        next(apply_steps("dir"))  # type: ignore[arg-type]
    assert refused.value.error_id == "SDK_ERROR"
    empty = WorkflowPlan("dir", False)
    with pytest.raises(StopIteration):
        next(apply_steps(empty))


def test_export_refuses_a_reference_it_cannot_name() -> None:
    node = {**TRIGGER, "data": {**TRIGGER["data"], "config": {"integrationId": "gone"}}}  # type: ignore[dict-item]
    slack = {"id": "i1", "name": "Team", "type": "slack"}
    with pytest.raises(SkytellsError) as refused:
        export_documents(
            ItemList([_workflow("A", nodes=[node])]),
            ItemList([IntegrationSummary.from_dict(slack)]),
        )
    assert refused.value.error_id == "EXPORT_REFUSED"
    assert "MISSING_INTEGRATION" in refused.value.message and "gone" not in refused.value.message


def test_the_modules_examples_hold() -> None:
    import doctest

    from skytells_orchestrator import _workflow_files

    assert doctest.testmod(_workflow_files).failed == 0


def test_a_file_with_a_key_twice_is_refused_not_read_one_way() -> None:
    twice = '{"name": "A", "name": "B", "nodes": [], "edges": []}'
    nested = _file("C").replace('"id": "start"', '"id": "start", "id": "other"')
    plan = make_plan(
        "dir", {"a.json": twice, "c.json": nested}, ItemList(), ItemList(), prune=False
    )
    assert plan.changes == ()
    assert [(problem.code, problem.file) for problem in plan.problems] == [
        ("INVALID_FILE", "a.json"),
        ("INVALID_FILE", "c.json"),
    ]
    assert "the key 'name' appears twice" in str(plan.problems[0])
    assert "the key 'id' appears twice" in str(plan.problems[1])


def test_a_byte_order_mark_is_not_part_of_the_file(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(b"\xef\xbb\xbf" + _file("A").encode("utf-8"))
    texts = read_directory(tmp_path)
    plan = make_plan(tmp_path, texts, ItemList([_workflow("A")]), ItemList(), prune=False)
    assert plan.ok and [change.action for change in plan.changes] == ["unchanged"]


def _three_creates() -> WorkflowPlan:
    texts = {f"{name.lower()}.json": _file(name) for name in ("A", "B", "C")}
    return make_plan("dir", texts, ItemList(), ItemList(), prune=False)


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, asyncio.CancelledError])
async def test_an_interrupted_apply_raises_on_saying_what_was_applied(
    interruption: type[BaseException],
) -> None:
    answered: list[Any] = []

    def answer(call: Any) -> Workflow:
        if answered:  # the second request: Ctrl-C, or the task cancelled
            raise interruption()
        answered.append(call)
        return _workflow("A")

    async def answer_async(call: Any) -> Workflow:
        return answer(call)

    with pytest.raises(interruption) as caught:
        drive(apply_steps(_three_creates()), answer)
    (note,) = caught.value.__notes__
    assert "interrupted at create of 'B'" in note and "1 of 3 change(s) applied" in note
    assert note.endswith("applied: create 'A'")
    answered.clear()
    with pytest.raises(interruption) as caught:
        await drive_async(apply_steps(_three_creates()), answer_async)
    assert caught.value.__notes__ == [note]
