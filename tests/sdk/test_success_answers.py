"""Answers that look like success: ``{"success": false}`` with a 200 raises with the server's
message; a 204 or an empty 2xx to a delete or a profile update is success."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sdk_support import Recorder, mock_async_client, mock_client, ok, raw
from skytells_orchestrator import SkytellsError

CALLS: list[tuple[str, Callable[[Any], Any]]] = [
    ("DELETE", lambda o: o.workflows.delete("wf_1")),
    ("DELETE", lambda o: o.integrations.delete("int_1")),
    ("DELETE", lambda o: o.api_keys.delete("key_1")),
    ("PATCH", lambda o: o.user.update_profile(name="Ada")),
]


@pytest.mark.parametrize(("method", "call"), CALLS)
@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {"success": False, "error": "Cannot delete a workflow in use"},
            "Cannot delete a workflow in use",
        ),
        ({"success": False, "error": {"message": "Nested reason"}}, "Nested reason"),
        ({"success": False, "message": "Said as message"}, "Said as message"),
        ({"success": False}, "did not succeed"),
    ],
)
def test_success_false_raises_with_the_servers_message(
    method: str, call: Callable[[Any], Any], body: dict[str, Any], message: str
) -> None:
    recorder = Recorder(ok(body, headers={"x-request-id": "req_9"}))
    with pytest.raises(SkytellsError) as caught:
        call(mock_client(recorder).orchestrator)
    assert caught.value.error_id == "OPERATION_FAILED"
    assert caught.value.http_status == 200
    assert message in caught.value.message
    assert caught.value.request_id == "req_9"
    assert recorder.last.method == method
    assert recorder.calls == 1  # a clear answer, not a failure to retry


@pytest.mark.parametrize(("method", "call"), CALLS)
async def test_async_success_false_raises(method: str, call: Callable[[Any], Any]) -> None:
    recorder = Recorder(ok({"success": False, "error": "Nope"}))
    with pytest.raises(SkytellsError) as caught:
        await call(mock_async_client(recorder).orchestrator)
    assert caught.value.error_id == "OPERATION_FAILED"
    assert caught.value.message == "Nope"


@pytest.mark.parametrize(("method", "call"), CALLS)
@pytest.mark.parametrize(
    "reply",
    [
        raw(204),
        raw(200),
        raw(200, b"  \n", headers={"content-type": "application/json"}),
        raw(202, b""),
        ok({"success": True}),
        ok({}),
    ],
)
def test_no_content_and_empty_bodies_are_success(
    method: str, call: Callable[[Any], Any], reply: Callable[[httpx.Request], httpx.Response]
) -> None:
    recorder = Recorder(reply)
    assert call(mock_client(recorder).orchestrator) is None
    assert recorder.calls == 1


@pytest.mark.parametrize(("method", "call"), CALLS)
async def test_async_no_content_is_success(method: str, call: Callable[[Any], Any]) -> None:
    recorder = Recorder(raw(204))
    assert await call(mock_async_client(recorder).orchestrator) is None


@pytest.mark.parametrize("content", [b"<html>ok</html>", b"[1]", b'"done"'])
def test_a_body_that_is_not_an_object_is_still_invalid_json(content: bytes) -> None:
    recorder = Recorder(raw(200, content))
    with pytest.raises(SkytellsError) as caught:
        mock_client(recorder).orchestrator.workflows.delete("wf_1")
    assert caught.value.error_id == "INVALID_JSON"


# Calls whose answer is data: a 200 that says "success": false instead is the server's refusal.
READS: list[Callable[[Any], Any]] = [
    lambda o: o.workflows.get("wf_1"),
    lambda o: o.workflows.list(),
    lambda o: o.workflows.create(name="x", nodes=[], edges=[]),
    lambda o: o.workflows.update("wf_1", name="y"),
    lambda o: o.webhooks.execute("wf_1", {"a": 1}),
    lambda o: o.executions.list("wf_1"),
    lambda o: o.executions.get_status("ex_1"),
    lambda o: o.executions.delete_all_for_workflow("wf_1"),
    lambda o: o.integrations.list(),
    lambda o: o.api_keys.create(name="k"),
    lambda o: o.user.get(),
]


@pytest.mark.parametrize("call", READS)
def test_a_200_saying_success_false_instead_of_data_keeps_the_servers_message(
    call: Callable[[Any], Any],
) -> None:
    body = {"success": False, "error": "Database unavailable", "details": "pool exhausted"}
    recorder = Recorder(ok(body, headers={"x-request-id": "req_7"}))
    with pytest.raises(SkytellsError) as caught:
        call(mock_client(recorder).orchestrator)
    error = caught.value
    assert (error.error_id, error.message, error.details) == (
        "OPERATION_FAILED",
        "Database unavailable",
        "pool exhausted",
    )
    assert (error.http_status, error.request_id) == (200, "req_7")
    assert recorder.calls == 1


@pytest.mark.parametrize("call", READS)
async def test_async_a_200_saying_success_false_instead_of_data(call: Callable[[Any], Any]) -> None:
    recorder = Recorder(ok({"success": False, "error": "Nope"}))
    with pytest.raises(SkytellsError) as caught:
        await call(mock_async_client(recorder).orchestrator)
    assert (caught.value.error_id, caught.value.message) == ("OPERATION_FAILED", "Nope")


@pytest.mark.parametrize("body", [{"success": True}, {"unexpected": "shape"}, {"success": "no"}])
def test_an_unreadable_answer_that_does_not_say_success_false_is_still_invalid_json(
    body: dict[str, Any],
) -> None:
    with pytest.raises(SkytellsError) as caught:
        mock_client(Recorder(ok(body))).orchestrator.workflows.get("wf_1")
    assert caught.value.error_id == "INVALID_JSON"
