"""What the SDK logs (method, URL, status, duration, retries) and what it never shows: keys."""

from __future__ import annotations

import logging
import re

import httpx
import pytest
from sdk_support import (
    PLATFORM_KEY,
    SESSION_TOKEN,
    WFB_KEY,
    Recorder,
    local_kwargs,
    mock_async_client,
    mock_client,
    ndjson,
    ok,
    op_event,
    raw,
)
from skytells_orchestrator import AsyncSkytells, CreatedApiKey, Skytells, SkytellsError
from skytells_orchestrator.local import LocalOrchestrator

LOGGER = "skytells_orchestrator"


@pytest.fixture
def debug_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    return caplog


def _sdk_text(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(
        f"{record.getMessage()} {record.exc_text or ''}"
        for record in caplog.records
        if record.name.startswith(LOGGER)
    )


def _assert_no_secret(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text
        # Not even the part after the prefix.
        assert secret[4:] not in text


def test_each_answer_logged_with_method_url_status_and_duration(
    debug_log: pytest.LogCaptureFixture,
) -> None:
    recorder = Recorder(ok({"error": "Workflow not found"}, status=404))
    with pytest.raises(SkytellsError):
        mock_client(recorder).orchestrator.workflows.get("wf_1")
    (record,) = [r for r in debug_log.records if r.name == LOGGER]
    assert record.levelno == logging.DEBUG
    assert re.fullmatch(
        r"GET https://orchestrator\.test/api/workflows/wf_1 -> 404 in \d+ ms", record.getMessage()
    )


async def test_async_answers_logged(debug_log: pytest.LogCaptureFixture) -> None:
    recorder = Recorder(ok({"executionId": "e", "status": "running"}))
    await mock_async_client(recorder).orchestrator.webhooks.execute("wf_1", {"a": 1})
    messages = [r.getMessage() for r in debug_log.records if r.name == LOGGER]
    assert any(
        m.startswith("POST https://orchestrator.test/api/workflows/wf_1/webhook -> 200 in ")
        for m in messages
    )


def test_retry_decisions_logged(debug_log: pytest.LogCaptureFixture, sleeps: list[float]) -> None:
    recorder = Recorder(
        raw(503, headers={"Retry-After": "2"}), httpx.ConnectError("refused"), ok([])
    )
    mock_client(recorder).orchestrator.workflows.list()
    messages = [r.getMessage() for r in debug_log.records if r.name == LOGGER]
    retries = [m for m in messages if m.startswith("retrying")]
    assert len(retries) == 2
    assert "GET https://orchestrator.test/api/workflows" in retries[0]
    assert "2.00s" in retries[0] and "HTTP 503" in retries[0] and "1 of 2" in retries[0]
    assert "ConnectError" in retries[1] and "2 of 2" in retries[1]


def test_no_retry_logged_for_a_post_that_is_not_retried(
    debug_log: pytest.LogCaptureFixture,
) -> None:
    recorder = Recorder(raw(502))
    with pytest.raises(SkytellsError):
        mock_client(recorder).orchestrator.webhooks.execute("wf_1", {})
    assert not any(r.getMessage().startswith("retrying") for r in debug_log.records)


def test_no_key_in_any_log_record(
    server: LocalOrchestrator, debug_log: pytest.LogCaptureFixture, sleeps: list[float]
) -> None:
    server.faults.fail_next(1, status=503)
    server.faults.malformed_stream_line(after_lines=1)
    with Skytells(
        **local_kwargs(server, api_key=PLATFORM_KEY, headers={"X-Api-Key": PLATFORM_KEY})
    ) as client:
        client.orchestrator.workflows.list()
        created = client.orchestrator.workflows.create(name="logged")
        client.orchestrator.workflows.get(created.id)
        with pytest.raises(SkytellsError):
            client.orchestrator.workflows.get("missing")
        list(client.orchestrator.ai.generate_workflow(prompt="Email me"))
    text = _sdk_text(debug_log)
    assert "GET" in text and "-> 503" in text and "retrying" in text and "malformed" in text.lower()
    _assert_no_secret(text, server.api_key, PLATFORM_KEY)
    assert server.session_token not in text


def test_keys_echoed_by_the_server_are_redacted_in_logs_and_errors(
    debug_log: pytest.LogCaptureFixture,
) -> None:
    echo = f"Bearer {WFB_KEY} x-api-key={PLATFORM_KEY} better-auth.session_token={SESSION_TOKEN}"
    body = (
        ndjson(op_event("setName", name="x"))
        + f"not json: {echo}\n".encode()
        + ndjson({"type": "complete"})
    )
    recorder = Recorder(
        lambda r: httpx.Response(
            200, headers={"content-type": "application/x-ndjson"}, content=body
        ),
        ok({"error": f"Invalid API key {WFB_KEY}", "details": echo}, status=401),
    )
    client = mock_client(recorder, api_key=PLATFORM_KEY, orchestrator_session_token=SESSION_TOKEN)
    stream = client.orchestrator.ai.generate_workflow(prompt="p")
    assert len(list(stream)) == 1
    assert stream.malformed_lines == 1
    with pytest.raises(SkytellsError) as caught:
        client.orchestrator.user.get()
    texts = [
        _sdk_text(debug_log),
        str(caught.value),
        repr(caught.value),
        caught.value.message,
        caught.value.details or "",
        repr(stream),
    ]
    for text in texts:
        _assert_no_secret(text, WFB_KEY, PLATFORM_KEY)
        assert SESSION_TOKEN not in text


def test_connection_errors_do_not_show_credentials_in_the_url(closed_port: int) -> None:
    with (
        Skytells(
            orchestrator_api_key=WFB_KEY,
            orchestrator_base_url=f"http://user:{WFB_KEY}@127.0.0.1:{closed_port}",
            max_retries=0,
        ) as client,
        pytest.raises(SkytellsError) as caught,
    ):
        client.orchestrator.workflows.list()
    assert caught.value.error_id == "NETWORK_ERROR"
    for text in (str(caught.value), repr(caught.value)):
        _assert_no_secret(text, WFB_KEY)


def test_created_api_key_repr_masks_the_key() -> None:
    full = "wfb_NewlyCreatedKeyAbcdefghijklmnopq"
    recorder = Recorder(
        ok(
            {
                "id": "k1",
                "name": "ci",
                "keyPrefix": full[:11],
                "createdAt": "2026-01-01T00:00:00Z",
                "key": full,
            }
        )
    )
    created = mock_client(recorder).orchestrator.api_keys.create(name="ci")
    assert isinstance(created, CreatedApiKey)
    assert created.key == full  # the value itself is handed over, once
    assert full not in repr(created)
    assert full not in str(created)


async def test_async_created_api_key_on_the_local_server(
    aclient: AsyncSkytells, debug_log: pytest.LogCaptureFixture
) -> None:
    created = await aclient.orchestrator.api_keys.create(name="ci")
    assert created.key.startswith("wfb_")
    assert created.key not in repr(created)
    assert created.key not in _sdk_text(debug_log)
    # The new key works on the webhook route right away.
    assert created.key_prefix == created.key[:11]


def test_streams_and_clients_repr_carry_no_key(server: LocalOrchestrator) -> None:
    with Skytells(**local_kwargs(server, api_key=PLATFORM_KEY)) as client:
        stream = client.orchestrator.ai.generate_workflow(prompt="Email me")
        with stream:
            texts = [repr(stream), repr(client), str(client)]
    for text in texts:
        _assert_no_secret(text, server.api_key, PLATFORM_KEY)
        assert server.session_token not in text


def test_bad_prefix_warning_masks_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    from skytells_orchestrator import _transport

    monkeypatch.setattr(_transport, "_warned_about_prefix", False)
    secret = "legacyKeyAbcdefghijklmnopqrstuv"
    with pytest.warns(UserWarning) as record:
        Skytells(orchestrator_api_key=secret)
    assert secret not in str(record[0].message)
    assert secret[4:] not in str(record[0].message)


def test_nothing_logged_above_debug_for_a_good_call(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    mock_client(Recorder(ok([]))).orchestrator.workflows.list()
    assert [r for r in caplog.records if r.name == LOGGER] == []


async def test_async_client_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    client = AsyncSkytells(
        orchestrator_api_key=WFB_KEY, api_key=PLATFORM_KEY, orchestrator_session_token=SESSION_TOKEN
    )
    _assert_no_secret(repr(client), WFB_KEY, PLATFORM_KEY)
    await client.aclose()
