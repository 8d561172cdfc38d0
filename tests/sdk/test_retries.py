"""Which failures are retried, for which methods, and how long the SDK waits in between.

Sleeps are recorded by the ``sleeps`` fixture instead of being slept.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sdk_support import (
    Recorder,
    integration_json,
    local_kwargs,
    mock_async_client,
    mock_client,
    ok,
    raw,
    workflow_json,
)
from skytells_orchestrator import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncSkytells,
    InternalServerError,
    RateLimitError,
    Skytells,
    SkytellsError,
)
from skytells_orchestrator._retry import RetryPolicy
from skytells_orchestrator.local import LocalOrchestrator

TRIGGERED = {"executionId": "ex_1", "status": "running"}

# (name, call, the answer that call expects) for idempotent methods.
IDEMPOTENT_CALLS: list[tuple[str, Callable[[Skytells], Any], Any]] = [
    ("GET", lambda c: c.orchestrator.workflows.get("wf_1"), workflow_json()),
    ("PUT", lambda c: c.orchestrator.integrations.update("int_1", name="n"), integration_json()),
    ("DELETE", lambda c: c.orchestrator.workflows.delete("wf_1"), {"success": True}),
]
# Non-idempotent methods.
UNSAFE_CALLS: list[tuple[str, Callable[[Skytells], Any], Any]] = [
    ("POST", lambda c: c.orchestrator.webhooks.execute("wf_1", {"a": 1}), TRIGGERED),
    ("PATCH", lambda c: c.orchestrator.workflows.update("wf_1", name="n"), workflow_json()),
]
RETRYABLE = [408, 429, 500, 502, 503, 504]


@pytest.fixture
def webhook_workflow(client: Skytells) -> str:
    """A workflow of the local server's owner with a Webhook trigger."""
    created = client.orchestrator.workflows.create(
        name="hook",
        nodes=[
            {
                "id": "t",
                "type": "trigger",
                "position": {"x": 0, "y": 0},
                "data": {
                    "label": "Webhook",
                    "type": "trigger",
                    "config": {"triggerType": "Webhook"},
                },
            }
        ],
    )
    return created.id


# ------------------------------------------------------- idempotent methods, local server


def test_get_retried_until_success(
    server: LocalOrchestrator, client: Skytells, sleeps: list[float]
) -> None:
    server.faults.fail_next(2, status=503)
    assert client.orchestrator.workflows.list() is not None
    assert server.requests.count("GET", "/api/workflows") == 3
    assert len(sleeps) == 2


def test_get_gives_up_after_three_attempts(
    server: LocalOrchestrator, client: Skytells, sleeps: list[float]
) -> None:
    server.faults.fail_next(5, status=503)
    with pytest.raises(InternalServerError) as caught:
        client.orchestrator.workflows.list()
    assert caught.value.error_id == "SERVICE_UNAVAILABLE"
    assert caught.value.message == "Injected fault: 503 Service Unavailable"
    assert server.requests.count("GET", "/api/workflows") == 3


async def test_async_get_retried_until_success(
    server: LocalOrchestrator, aclient: AsyncSkytells, sleeps: list[float]
) -> None:
    server.faults.fail_next(2, status=502, html=True)
    await aclient.orchestrator.workflows.list()
    assert server.requests.count("GET", "/api/workflows") == 3


async def test_async_get_gives_up_after_three_attempts(
    server: LocalOrchestrator, aclient: AsyncSkytells, sleeps: list[float]
) -> None:
    server.faults.fail_next(5, status=504)
    with pytest.raises(InternalServerError):
        await aclient.orchestrator.user.get()
    assert server.requests.count("GET", "/api/user") == 3


def test_put_and_delete_retried_on_the_local_server(
    server: LocalOrchestrator, client: Skytells, sleeps: list[float]
) -> None:
    created = client.orchestrator.integrations.create(type="slack", config={"token": "t"})
    server.faults.fail_next(1, status=500, methods=["PUT"])
    client.orchestrator.integrations.update(created.id, name="renamed")
    assert server.requests.count("PUT", f"/api/integrations/{created.id}") == 2
    server.faults.fail_next(2, status=429, retry_after=0, methods=["DELETE"])
    client.orchestrator.integrations.delete(created.id)
    assert server.requests.count("DELETE", f"/api/integrations/{created.id}") == 3


@pytest.mark.parametrize("status", RETRYABLE)
@pytest.mark.parametrize(
    ("method", "call", "answer"), IDEMPOTENT_CALLS, ids=[c[0] for c in IDEMPOTENT_CALLS]
)
def test_idempotent_methods_retry_retryable_statuses(
    sleeps: list[float], status: int, method: str, call: Callable[[Skytells], Any], answer: Any
) -> None:
    recorder = Recorder(raw(status), ok(answer))
    call(mock_client(recorder))
    assert recorder.calls == 2
    assert {r.method for r in recorder.requests} == {method}


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 501])
def test_other_statuses_not_retried(sleeps: list[float], status: int) -> None:
    recorder = Recorder(raw(status), ok(workflow_json()))
    with pytest.raises(SkytellsError):
        mock_client(recorder).orchestrator.workflows.get("wf_1")
    assert recorder.calls == 1
    assert sleeps == []


@pytest.mark.parametrize(
    "exc",
    [
        httpx.ConnectError("x"),
        httpx.ReadTimeout("x"),
        httpx.ReadError("x"),
        httpx.RemoteProtocolError("x"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_get_retried_after_transport_errors(sleeps: list[float], exc: Exception) -> None:
    recorder = Recorder(exc, ok(workflow_json()))
    assert mock_client(recorder).orchestrator.workflows.get("wf_1").id == "wf_1"
    assert recorder.calls == 2


def test_get_connection_refused_tried_three_times(sleeps: list[float]) -> None:
    recorder = Recorder(httpx.ConnectError("refused"))
    with pytest.raises(APIConnectionError):
        mock_client(recorder).orchestrator.workflows.list()
    assert recorder.calls == 3


# ------------------------------------------------------------------ POST / PATCH


def test_webhook_post_answered_502_reaches_the_server_once(
    server: LocalOrchestrator, client: Skytells, webhook_workflow: str, sleeps: list[float]
) -> None:
    server.faults.fail_next(1, status=502, after_processing=True)
    with pytest.raises(InternalServerError) as caught:
        client.orchestrator.webhooks.execute(webhook_workflow, {"order": 1})
    assert caught.value.error_id == "BAD_GATEWAY"
    assert server.requests.count("POST", f"/api/workflows/{webhook_workflow}/webhook") == 1
    # The server did run it: one execution, not two.
    assert len(client.orchestrator.executions.list(webhook_workflow)) == 1


async def test_async_webhook_post_answered_502_reaches_the_server_once(
    server: LocalOrchestrator, aclient: AsyncSkytells, webhook_workflow: str, sleeps: list[float]
) -> None:
    server.faults.fail_next(1, status=502)
    with pytest.raises(InternalServerError):
        await aclient.orchestrator.webhooks.execute(webhook_workflow, {"order": 1})
    assert server.requests.count("POST", f"/api/workflows/{webhook_workflow}/webhook") == 1


@pytest.mark.parametrize("status", [408, 500, 502, 503, 504])
@pytest.mark.parametrize(
    ("method", "call", "answer"), UNSAFE_CALLS, ids=[c[0] for c in UNSAFE_CALLS]
)
def test_post_and_patch_not_retried_on_server_errors(
    sleeps: list[float], status: int, method: str, call: Callable[[Skytells], Any], answer: Any
) -> None:
    recorder = Recorder(raw(status), ok(answer))
    with pytest.raises(SkytellsError) as caught:
        call(mock_client(recorder))
    assert caught.value.http_status == status
    assert recorder.calls == 1
    assert sleeps == []


@pytest.mark.parametrize(
    "exc",
    [
        httpx.ReadTimeout("x"),
        httpx.ReadError("x"),
        httpx.RemoteProtocolError("x"),
        httpx.WriteTimeout("x"),
    ],
    ids=lambda e: type(e).__name__,
)
@pytest.mark.parametrize(
    ("method", "call", "answer"), UNSAFE_CALLS, ids=[c[0] for c in UNSAFE_CALLS]
)
def test_post_and_patch_not_retried_once_the_request_may_have_arrived(
    sleeps: list[float], exc: Exception, method: str, call: Callable[[Skytells], Any], answer: Any
) -> None:
    recorder = Recorder(exc, ok(answer))
    with pytest.raises(APIConnectionError):
        call(mock_client(recorder))
    assert recorder.calls == 1


def test_post_read_timeout_on_the_local_server_not_retried(
    server: LocalOrchestrator, webhook_workflow: str, sleeps: list[float]
) -> None:
    server.faults.latency(0.6)
    with Skytells(**local_kwargs(server, timeout=0.2)) as slow, pytest.raises(APITimeoutError):
        slow.orchestrator.webhooks.execute(webhook_workflow, {})
    assert sleeps == []  # no retry was even planned
    # The client may give up before the server has logged the request: wait until it has.
    path = f"/api/workflows/{webhook_workflow}/webhook"
    deadline = time.monotonic() + 30
    while not server.requests.count("POST", path):
        assert time.monotonic() < deadline, "the request never reached the server"
        time.sleep(0.01)
    assert server.requests.count("POST", path) == 1


@pytest.mark.parametrize(
    ("method", "call", "answer"), UNSAFE_CALLS, ids=[c[0] for c in UNSAFE_CALLS]
)
def test_post_and_patch_retried_on_429(
    sleeps: list[float], method: str, call: Callable[[Skytells], Any], answer: Any
) -> None:
    recorder = Recorder(raw(429, headers={"Retry-After": "1"}), ok(answer))
    call(mock_client(recorder))
    assert recorder.calls == 2
    assert sleeps == [1.0]
    # The retried request carries the same body.
    assert recorder.bodies[0] == recorder.bodies[1]


@pytest.mark.parametrize(
    "exc",
    [httpx.ConnectError("refused"), httpx.ConnectTimeout("slow")],
    ids=lambda e: type(e).__name__,
)
@pytest.mark.parametrize(
    ("method", "call", "answer"), UNSAFE_CALLS, ids=[c[0] for c in UNSAFE_CALLS]
)
def test_post_and_patch_retried_on_connect_errors(
    sleeps: list[float], exc: Exception, method: str, call: Callable[[Skytells], Any], answer: Any
) -> None:
    recorder = Recorder(exc, ok(answer))
    call(mock_client(recorder))
    assert recorder.calls == 2
    assert recorder.bodies[0] == recorder.bodies[1]


def test_webhook_429_on_the_local_server_retried(
    server: LocalOrchestrator, client: Skytells, webhook_workflow: str, sleeps: list[float]
) -> None:
    server.faults.fail_next(1, status=429, retry_after=2)
    run = client.orchestrator.webhooks.execute(webhook_workflow, {"n": 1})
    assert run.execution_id
    assert server.requests.count("POST", f"/api/workflows/{webhook_workflow}/webhook") == 2
    assert sleeps == [2.0]


async def test_async_post_retried_on_connect_error_and_429(sleeps: list[float]) -> None:
    recorder = Recorder(httpx.ConnectError("refused"), raw(429), ok(TRIGGERED))
    run = await mock_async_client(recorder).orchestrator.webhooks.execute("wf_1", {"a": 1})
    assert run.execution_id == "ex_1"
    assert recorder.calls == 3
    assert len(sleeps) == 2


async def test_async_post_not_retried_on_503_or_read_timeout(sleeps: list[float]) -> None:
    for failure in (raw(503), httpx.ReadTimeout("slow")):
        recorder = Recorder(failure, ok(TRIGGERED))
        with pytest.raises(SkytellsError):
            await mock_async_client(recorder).orchestrator.webhooks.execute("wf_1", {})
        assert recorder.calls == 1
    assert sleeps == []


def test_a_429_after_retries_are_spent_is_a_rate_limit_error(sleeps: list[float]) -> None:
    recorder = Recorder(ok({"error": "Too many requests"}, status=429))
    with pytest.raises(RateLimitError) as caught:
        mock_client(recorder).orchestrator.webhooks.execute("wf_1")
    assert caught.value.message == "Too many requests"
    assert recorder.calls == 3


# ------------------------------------------------------------------ max_retries


@pytest.mark.parametrize("max_retries", [0, 1, 4])
def test_max_retries_bounds_the_attempts(sleeps: list[float], max_retries: int) -> None:
    recorder = Recorder(raw(503))
    with pytest.raises(InternalServerError):
        mock_client(recorder, max_retries=max_retries).orchestrator.workflows.list()
    assert recorder.calls == max_retries + 1
    assert len(sleeps) == max_retries


async def test_async_max_retries_zero_is_one_attempt(sleeps: list[float]) -> None:
    recorder = Recorder(httpx.ConnectError("refused"))
    with pytest.raises(APIConnectionError):
        await mock_async_client(recorder, max_retries=0).orchestrator.workflows.list()
    assert recorder.calls == 1


# ------------------------------------------------------------------ how long to wait


def _delay_for(sleeps: list[float], headers: dict[str, str], status: int = 503) -> float:
    recorder = Recorder(raw(status, headers=headers), ok([]))
    mock_client(recorder).orchestrator.workflows.list()
    assert recorder.calls == 2
    return sleeps[-1]


def test_retry_after_seconds_honoured(sleeps: list[float]) -> None:
    assert _delay_for(sleeps, {"Retry-After": "3"}) == 3.0


def test_retry_after_fraction_honoured(sleeps: list[float]) -> None:
    assert _delay_for(sleeps, {"Retry-After": "1.5"}, status=429) == 1.5


def test_retry_after_http_date_honoured(sleeps: list[float]) -> None:
    when = email.utils.formatdate(time.time() + 10, usegmt=True)
    delay = _delay_for(sleeps, {"Retry-After": when})
    assert 7.0 <= delay <= 10.0


def test_retry_after_date_in_the_past_is_no_wait(sleeps: list[float]) -> None:
    when = email.utils.formatdate(time.time() - 100, usegmt=True)
    assert _delay_for(sleeps, {"Retry-After": when}) == 0.0


@pytest.mark.parametrize("value", ["61", "3600", "86400", "99999999999999999999999"])
@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_over_the_cap_gives_up_at_once(
    sleeps: list[float], value: str, status: int
) -> None:
    # Waiting 60 s for a server that asked for an hour would only fail again: the typed error
    # comes at once, and its response still carries the header.
    recorder = Recorder(raw(status, headers={"Retry-After": value}), ok([]))
    with pytest.raises(APIStatusError) as caught:
        mock_client(recorder, timeout=httpx.Timeout(5.0)).orchestrator.workflows.list()
    assert caught.value.http_status == status
    assert caught.value.response is not None
    assert caught.value.response.headers["retry-after"] == value
    assert recorder.calls == 1
    assert sleeps == []


def test_retry_after_http_date_over_the_cap_gives_up(sleeps: list[float]) -> None:
    when = email.utils.formatdate(time.time() + 7200, usegmt=True)
    recorder = Recorder(raw(429, headers={"Retry-After": when}), ok([]))
    with pytest.raises(RateLimitError):
        mock_client(recorder).orchestrator.workflows.list()
    assert recorder.calls == 1
    assert sleeps == []


def test_retry_after_at_the_cap_is_waited_for(sleeps: list[float]) -> None:
    recorder = Recorder(raw(429, headers={"Retry-After": "60"}), ok([]))
    mock_client(recorder, timeout=httpx.Timeout(5.0)).orchestrator.workflows.list()
    assert sleeps == [60.0]


@pytest.mark.parametrize("retry_after", ["2", "3", "10"])
def test_no_retry_wait_outlasts_the_timeout(sleeps: list[float], retry_after: str) -> None:
    # timeout=2 bounds the whole call: a wait that would end after it is not made; the typed
    # error comes at once.
    recorder = Recorder(raw(429, headers={"Retry-After": retry_after}), ok([]))
    with pytest.raises(RateLimitError):
        mock_client(recorder, timeout=2, max_retries=5).orchestrator.workflows.list()
    assert recorder.calls == 1
    assert sleeps == []


def test_retry_after_within_the_timeout_is_waited_for(sleeps: list[float]) -> None:
    recorder = Recorder(raw(429, headers={"Retry-After": "1"}), ok([]))
    mock_client(recorder, timeout=2).orchestrator.workflows.list()
    assert sleeps == [1.0]
    assert recorder.calls == 2


def test_far_future_retry_after_does_not_hold_a_call_past_its_timeout(
    server: LocalOrchestrator,
) -> None:
    # Real time, real server: timeout=2 and a 429 asking for a minute end in about no time.
    # Before, each of the three attempts waited 59 s first.
    server.faults.fail_next(3, status=429, retry_after=59)
    with Skytells(**local_kwargs(server, timeout=2.0)) as client, pytest.raises(RateLimitError):
        client.orchestrator.workflows.list()
    assert len(server.requests) == 1


@pytest.mark.parametrize("value", ["soon", "", "Monday", "nan", "-5"])
def test_unreadable_retry_after_falls_back_to_backoff(sleeps: list[float], value: str) -> None:
    delay = _delay_for(sleeps, {"Retry-After": value})
    assert 0.0 <= delay <= 0.5


async def test_async_retry_after_honoured(
    server: LocalOrchestrator, aclient: AsyncSkytells, sleeps: list[float]
) -> None:
    server.faults.fail_next(1, status=503, retry_after=3)
    server.faults.fail_next(1, status=429, retry_after=1)
    await aclient.orchestrator.workflows.list()
    assert sleeps == [3.0, 1.0]
    server.faults.fail_next(1, status=429, retry_after=3600)
    with pytest.raises(RateLimitError):
        await aclient.orchestrator.workflows.list()
    assert sleeps == [3.0, 1.0]


def test_backoff_is_exponential_and_capped(
    monkeypatch: pytest.MonkeyPatch, sleeps: list[float]
) -> None:
    # The jitter draw pinned at its maximum: the delays are the ceilings 0.5 * 2**n, cap 8.
    monkeypatch.setattr(RetryPolicy.delay, "__kwdefaults__", {"rand": lambda: 1.0})
    recorder = Recorder(raw(503))
    with pytest.raises(InternalServerError):
        mock_client(recorder, max_retries=7).orchestrator.workflows.list()
    assert sleeps == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]


def test_backoff_uses_full_jitter(sleeps: list[float]) -> None:
    for _ in range(40):
        recorder = Recorder(httpx.ConnectError("refused"))
        with pytest.raises(APIConnectionError):
            mock_client(recorder, max_retries=3).orchestrator.workflows.list()
    firsts, seconds, thirds = sleeps[0::3], sleeps[1::3], sleeps[2::3]
    assert all(0.0 <= d <= 0.5 for d in firsts)
    assert all(0.0 <= d <= 1.0 for d in seconds)
    assert all(0.0 <= d <= 2.0 for d in thirds)
    # Full jitter: spread over the whole range, not a fixed delay.
    assert len(set(firsts)) > 10
    assert min(thirds) < 1.0 < max(thirds)


def test_no_sleep_after_the_last_attempt(sleeps: list[float]) -> None:
    recorder = Recorder(raw(500))
    with pytest.raises(InternalServerError):
        mock_client(recorder, max_retries=2).orchestrator.workflows.list()
    assert recorder.calls == 3
    assert len(sleeps) == 2
