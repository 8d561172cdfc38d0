"""Edge cases found by review: redirects, refused streams, hostile values, bounded downloads."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sdk_support import (
    BASE_URL,
    SESSION_TOKEN,
    WFB_KEY,
    Recorder,
    mock_async_client,
    mock_client,
    ok,
    raw,
    workflow_json,
)
from skytells_orchestrator import (
    APIStatusError,
    APITimeoutError,
    NotFoundError,
    Skytells,
    SkytellsError,
    StreamError,
)

NDJSON = {"content-type": "application/x-ndjson"}


# ------------------------------------------------------------------ redirects


def _redirect(status: int, location: str) -> httpx.Response:
    return httpx.Response(status, headers={"location": location})


def test_redirect_after_post_becomes_a_get_without_the_body() -> None:
    recorder = Recorder(lambda request: _redirect(303, "/api/workflows/wf_1"), ok(workflow_json()))
    client = mock_client(recorder, follow_redirects=True)
    client.orchestrator.workflows.create(name="n")
    first, second = recorder.requests
    assert (first.method, second.method) == ("POST", "GET")
    assert second.content == b""
    assert second.headers["authorization"] == f"Bearer {WFB_KEY}"


def test_307_keeps_method_and_body() -> None:
    recorder = Recorder(lambda request: _redirect(307, "/api/v2/create"), ok(workflow_json()))
    mock_client(recorder, follow_redirects=True).orchestrator.workflows.create(name="n")
    first, second = recorder.requests
    assert second.method == "POST"
    assert second.content == first.content
    assert second.url.path == "/api/v2/create"


def test_a_redirect_loop_ends_with_an_error() -> None:
    calls = Recorder(*[lambda request: _redirect(302, "/api/workflows")] * 20)
    with pytest.raises(SkytellsError) as caught:
        mock_client(calls, follow_redirects=True).orchestrator.workflows.list()
    assert "redirects" in caught.value.message
    assert calls.calls == 11  # the first request and ten redirects


def test_redirect_without_location_is_an_error() -> None:
    with pytest.raises(APIStatusError) as caught:
        mock_client(Recorder(raw(302)), follow_redirects=True).orchestrator.workflows.list()
    assert caught.value.http_status == 302


async def test_async_cross_origin_redirect_gets_no_credentials() -> None:
    recorder = Recorder(lambda request: _redirect(302, "https://elsewhere.test/x"), ok([]))
    client = mock_async_client(
        recorder, orchestrator_session_token=SESSION_TOKEN, follow_redirects=True
    )
    await client.orchestrator.workflows.list()
    elsewhere = recorder.requests[1]
    assert elsewhere.url.host == "elsewhere.test"
    assert "authorization" not in elsewhere.headers
    assert "cookie" not in elsewhere.headers


# ------------------------------------------------------------------ AI streams


def test_a_refused_stream_is_not_sent_again_when_iterated_again() -> None:
    recorder = Recorder(ok({"error": "Prompt is required"}, status=400), ok([]))
    stream = mock_client(recorder).orchestrator.ai.generate_workflow(prompt="")
    with pytest.raises(SkytellsError):
        list(stream)
    assert list(stream) == []
    assert recorder.calls == 1


async def test_async_refused_stream_is_not_sent_again() -> None:
    recorder = Recorder(ok({"error": "Unauthorized"}, status=401), ok([]))
    stream = mock_async_client(recorder).orchestrator.ai.generate_workflow(prompt="p")
    with pytest.raises(SkytellsError):
        async with stream:
            pass
    assert [operation async for operation in stream] == []
    assert recorder.calls == 1


@pytest.mark.parametrize(
    "body",
    [b"", b"<html>Sign in</html>\n", b"not json\nstill not\n", b"\n\n"],
    ids=["empty", "html", "garbage", "blank lines"],
)
def test_a_stream_without_one_readable_line_is_an_error(
    body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="skytells_orchestrator")
    client = mock_client(Recorder(raw(200, body, headers=NDJSON)))
    with pytest.raises(StreamError) as caught:
        list(client.orchestrator.ai.generate_workflow(prompt="p"))
    assert caught.value.error_id == "STREAM_INCOMPLETE"


# ------------------------------------------------------------------ hostile values


@pytest.mark.parametrize(
    "kwargs",
    [
        {"orchestrator_api_key": "wfb_abc\r\nX-Injected: 1"},
        {"orchestrator_api_key": "wfb_abc def"},
        {"orchestrator_session_token": "tok\nen"},
        {"headers": {"X-Team": "a\r\nX-Injected: 1"}},
        {"orchestrator_base_url": 123},
        {"orchestrator_api_key": 42},
        {"orchestrator_session_token": 7},
    ],
    ids=["crlf key", "space key", "newline token", "crlf header", "url int", "key int", "tok int"],
)
def test_values_that_cannot_travel_are_refused_at_construction(kwargs: dict[str, object]) -> None:
    arguments: dict[str, object] = {
        "orchestrator_api_key": WFB_KEY,
        "orchestrator_base_url": BASE_URL,
        **kwargs,
    }
    with pytest.raises(SkytellsError) as caught:
        Skytells(**arguments)  # type: ignore[arg-type]
    assert caught.value.error_id == "SDK_ERROR"
    assert "wfb_abc" not in str(caught.value) or "…" in str(caught.value)


def test_user_info_in_the_base_url_is_not_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="skytells_orchestrator")
    recorder = Recorder(ok([]))
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    client = Skytells(
        orchestrator_api_key=WFB_KEY,
        orchestrator_base_url="https://proxyuser:proxypass@orchestrator.test",
        http_client=http,
    )
    client.orchestrator.workflows.list()
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "/api/workflows" in text
    assert "proxypass" not in text


# ------------------------------------------------------------------ bounded downloads


class _Drip(httpx.SyncByteStream):
    """A ZIP body that keeps coming: each chunk arrives within any idle timeout."""

    def __iter__(self) -> Iterator[bytes]:
        yield b"PK\x03\x04"
        for _ in range(200):
            yield b"x" * 16

    def close(self) -> None:
        pass


def test_save_project_is_bounded_by_the_total_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fake clock that moves one second per reading: the fourth chunk is past a 3 s total.
    ticks = iter(range(10_000))
    monkeypatch.setattr("skytells_orchestrator._request.time.monotonic", lambda: next(ticks))
    client = mock_client(
        Recorder(
            lambda r: httpx.Response(
                200, headers={"content-type": "application/zip"}, stream=_Drip()
            )
        ),
        timeout=3,
        max_retries=0,
    )
    target = tmp_path / "p.zip"
    with pytest.raises(APITimeoutError):
        client.orchestrator.workflows.save_project("wf_1", target)
    assert list(tmp_path.iterdir()) == []


def test_not_found_download_leaves_nothing(tmp_path: Path) -> None:
    client = mock_client(Recorder(ok({"error": "Workflow not found"}, status=404)))
    with pytest.raises(NotFoundError):
        client.orchestrator.workflows.save_project("wf_1", tmp_path / "p.zip")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ answers nested too deep

DEEP = b'{"a": ' * 50_000 + b"1" + b"}" * 50_000  # deeper than any decoder goes
JSON_HEADERS = {"content-type": "application/json"}
DEEP_CALLS = [
    lambda o: o.workflows.get("wf_1"),
    lambda o: o.workflows.list(),
    lambda o: o.workflows.delete("wf_1"),
    lambda o: o.workflows.download_project("wf_1"),
]


@pytest.mark.parametrize("call", DEEP_CALLS)
def test_an_answer_nested_too_deep_is_invalid_json_not_a_recursion_error(call: Any) -> None:
    client = mock_client(Recorder(raw(200, DEEP, headers=JSON_HEADERS)))
    with pytest.raises(SkytellsError) as caught:
        call(client.orchestrator)
    assert caught.value.error_id == "INVALID_JSON"


@pytest.mark.parametrize("call", DEEP_CALLS)
async def test_async_an_answer_nested_too_deep_is_invalid_json(call: Any) -> None:
    client = mock_async_client(Recorder(raw(200, DEEP, headers=JSON_HEADERS)))
    with pytest.raises(SkytellsError) as caught:
        await call(client.orchestrator)
    assert caught.value.error_id == "INVALID_JSON"


def test_a_project_of_files_nested_too_deep_is_not_saved(tmp_path: Path) -> None:
    client = mock_client(Recorder(raw(200, DEEP, headers=JSON_HEADERS)))
    with pytest.raises(SkytellsError) as caught:
        client.orchestrator.workflows.save_project("wf_1", tmp_path / "p.zip")
    assert caught.value.error_id == "INVALID_JSON"
    assert list(tmp_path.iterdir()) == []


def test_an_ai_stream_line_nested_too_deep_is_skipped_as_malformed() -> None:
    lines = [
        b'{"type": "operation", "operation": {"op": "setName", "name": "A"}}',
        b'{"type": "operation", "operation": ' + DEEP + b"}",
        b'{"type": "operation", "operation": {"op": "setName", "name": "B"}}',
        b'{"type": "complete"}',
    ]
    body = b"\n".join(lines) + b"\n"
    client = mock_client(Recorder(raw(200, body, headers={"content-type": "application/x-ndjson"})))
    with client.orchestrator.ai.generate_workflow(prompt="deep") as stream:
        names = [operation.name for operation in stream]
        assert stream.malformed_lines == 1
    assert names == ["A", "B"]
