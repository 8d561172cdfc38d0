"""executions.wait: final statuses, the deadline, and a gently growing poll interval.

A fake clock replaces the ``time``/``anyio`` modules of the executions resource, so waiting
takes no real time and every sleep is recorded.
"""

from __future__ import annotations

import itertools
import pickle
import time
import types

import pytest
from sdk_support import Recorder, mock_async_client, mock_client, ok
from skytells_orchestrator import (
    AsyncSkytells,
    NotFoundError,
    Skytells,
    SkytellsError,
    WaitTimeoutError,
)
from skytells_orchestrator.local import LocalOrchestrator
from skytells_orchestrator.resources import executions as executions_module
from skytells_orchestrator_client.models import ExecutionStatus


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(
        executions_module, "time", types.SimpleNamespace(monotonic=fake.monotonic, sleep=fake.sleep)
    )
    monkeypatch.setattr(executions_module, "anyio", types.SimpleNamespace(sleep=fake.async_sleep))
    return fake


def status(value: str) -> dict[str, object]:
    return {"status": value, "nodeStatuses": [{"nodeId": "n1", "status": "running"}]}


def statuses(*values: str) -> Recorder:
    return Recorder(*(ok(status(value)) for value in values))


@pytest.mark.parametrize("final", ["success", "error", "cancelled"])
def test_wait_returns_the_final_status(clock: FakeClock, final: str) -> None:
    recorder = statuses("pending", "running", "running", final)
    result = mock_client(recorder).orchestrator.executions.wait("ex_1", poll_interval=0.5)
    assert result.status == final
    assert recorder.calls == 4
    assert len(clock.sleeps) == 3
    assert {r.url.path for r in recorder.requests} == {"/api/workflows/executions/ex_1/status"}


@pytest.mark.parametrize("final", ["success", "error", "cancelled"])
async def test_async_wait_returns_the_final_status(clock: FakeClock, final: str) -> None:
    recorder = statuses("running", final)
    result = await mock_async_client(recorder).orchestrator.executions.wait("ex_1")
    assert result.status == final
    assert recorder.calls == 2


def test_already_final_returns_without_sleeping(clock: FakeClock) -> None:
    recorder = statuses("success")
    assert mock_client(recorder).orchestrator.executions.wait("ex_1").status == "success"
    assert clock.sleeps == []


def test_wait_times_out(clock: FakeClock) -> None:
    recorder = statuses("running")
    with pytest.raises(SkytellsError) as caught:
        mock_client(recorder).orchestrator.executions.wait("ex_1", timeout=0.2, poll_interval=0.05)
    assert type(caught.value) is WaitTimeoutError
    assert caught.value.error_id == "WAIT_TIMEOUT"
    assert caught.value.execution_id == "ex_1"
    assert "ex_1" in caught.value.message
    # The run's id survives pickling (a worker process handing the error back).
    copied = pickle.loads(pickle.dumps(caught.value))
    assert (type(copied), copied.execution_id, str(copied)) == (
        WaitTimeoutError,
        "ex_1",
        str(caught.value),
    )
    assert sum(clock.sleeps) == pytest.approx(0.2)


async def test_async_wait_times_out(clock: FakeClock) -> None:
    recorder = statuses("running")
    with pytest.raises(SkytellsError) as caught:
        await mock_async_client(recorder).orchestrator.executions.wait(
            "ex_1", timeout=0.2, poll_interval=0.05
        )
    assert caught.value.error_id == "WAIT_TIMEOUT"
    assert isinstance(caught.value, WaitTimeoutError)
    assert caught.value.execution_id == "ex_1"


def test_wait_times_out_in_real_time() -> None:
    recorder = statuses("running")
    started = time.monotonic()
    with pytest.raises(SkytellsError) as caught:
        mock_client(recorder).orchestrator.executions.wait("ex_1", timeout=0.2, poll_interval=0.05)
    assert caught.value.error_id == "WAIT_TIMEOUT"
    assert time.monotonic() - started >= 0.2
    assert recorder.calls >= 2


def test_interval_grows_gently_from_poll_interval_and_is_capped(clock: FakeClock) -> None:
    recorder = statuses("running")
    with pytest.raises(SkytellsError):
        mock_client(recorder).orchestrator.executions.wait("ex_1", timeout=120, poll_interval=1.0)
    sleeps = clock.sleeps
    assert sleeps[0] == 1.0
    # Non-decreasing (except the last one, cut to the deadline), growing by at most x2.
    body = sleeps[:-1]
    assert all(b >= a for a, b in itertools.pairwise(body))
    assert all(b <= 2 * a for a, b in itertools.pairwise(body))
    assert max(sleeps) <= 10.0
    assert body[-1] == 10.0  # the cap is reached in a two-minute wait
    assert sleeps[-1] <= 10.0
    assert sum(sleeps) == pytest.approx(120)


def test_poll_interval_above_the_cap_is_kept(clock: FakeClock) -> None:
    recorder = statuses("running")
    with pytest.raises(SkytellsError):
        mock_client(recorder).orchestrator.executions.wait("ex_1", timeout=100, poll_interval=30)
    assert clock.sleeps[:3] == [30, 30, 30]


@pytest.mark.parametrize(("timeout", "poll_interval"), [(-1, 1), (10, 0), (10, -1)])
def test_invalid_wait_arguments(clock: FakeClock, timeout: float, poll_interval: float) -> None:
    recorder = statuses("running")
    with pytest.raises(SkytellsError) as caught:
        mock_client(recorder).orchestrator.executions.wait(
            "ex_1", timeout=timeout, poll_interval=poll_interval
        )
    assert caught.value.error_id == "SDK_ERROR"


def test_errors_while_polling_propagate(clock: FakeClock) -> None:
    recorder = Recorder(ok(status("running")), ok({"error": "Execution not found"}, status=404))
    with pytest.raises(NotFoundError) as caught:
        mock_client(recorder).orchestrator.executions.wait("ex_1")
    assert caught.value.message == "Execution not found"


def test_wait_on_the_local_server(client: Skytells) -> None:
    created = client.orchestrator.workflows.create(
        name="waited",
        nodes=[
            {
                "id": "t",
                "type": "trigger",
                "position": {"x": 0, "y": 0},
                "data": {"label": "W", "type": "trigger", "config": {"triggerType": "Webhook"}},
            }
        ],
    )
    run = client.orchestrator.webhooks.execute(created.id, {"x": 1})
    final = client.orchestrator.executions.wait(run.execution_id, timeout=5, poll_interval=0.01)
    assert final.status in {"success", "error"}


async def test_async_wait_on_the_local_server(
    server: LocalOrchestrator, aclient: AsyncSkytells
) -> None:
    created = await aclient.orchestrator.workflows.create(
        name="waited async",
        nodes=[
            {
                "id": "t",
                "type": "trigger",
                "position": {"x": 0, "y": 0},
                "data": {"label": "W", "type": "trigger", "config": {"triggerType": "Webhook"}},
            }
        ],
    )
    run = await aclient.orchestrator.webhooks.execute(created.id)
    final = await aclient.orchestrator.executions.wait(
        run.execution_id, timeout=5, poll_interval=0.01
    )
    assert final.status in {"success", "error"}


# ------------------------------------------------------------------ watch


def snapshot(run: str, *nodes: tuple[str, str]) -> dict[str, object]:
    return {"status": run, "nodeStatuses": [{"nodeId": n, "status": s} for n, s in nodes]}


def _pairs(found: list[ExecutionStatus]) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(s.status, [(n.node_id, n.status) for n in s.node_statuses]) for s in found]


WATCHED = [
    snapshot("running", ("t", "running")),
    snapshot("running", ("t", "running")),  # nothing moved: not yielded again
    snapshot("running", ("t", "success"), ("a", "running")),  # only nodes moved
    snapshot("running", ("t", "success"), ("a", "running")),
    snapshot("running", ("t", "success"), ("a", "success")),
    snapshot("success", ("t", "success"), ("a", "success")),  # only the run moved
]
EXPECTED = [
    ("running", [("t", "running")]),
    ("running", [("t", "success"), ("a", "running")]),
    ("running", [("t", "success"), ("a", "success")]),
    ("success", [("t", "success"), ("a", "success")]),
]


def test_watch_yields_every_change_once_and_ends_with_the_final(clock: FakeClock) -> None:
    recorder = Recorder(*(ok(body) for body in WATCHED))
    found = list(mock_client(recorder).orchestrator.executions.watch("ex_1", poll_interval=0.5))
    assert _pairs(found) == EXPECTED
    assert recorder.calls == len(WATCHED)  # no poll after the final status
    assert clock.sleeps == [0.5, 0.75, 1.125, 1.6875, 2.53125]


async def test_async_watch_yields_every_change_once(clock: FakeClock) -> None:
    recorder = Recorder(*(ok(body) for body in WATCHED))
    watch = mock_async_client(recorder).orchestrator.executions.watch("ex_1", poll_interval=0.5)
    found = [status async for status in watch]
    assert _pairs(found) == EXPECTED
    assert recorder.calls == len(WATCHED)


def test_wait_follows_the_schedule_of_watch(clock: FakeClock) -> None:
    recorder = Recorder(*(ok(body) for body in WATCHED))
    final = mock_client(recorder).orchestrator.executions.wait("ex_1", poll_interval=0.5)
    assert _pairs([final]) == EXPECTED[-1:]
    assert clock.sleeps == [0.5, 0.75, 1.125, 1.6875, 2.53125]


def test_watch_times_out_naming_its_run(clock: FakeClock) -> None:
    recorder = statuses("running")
    watch = mock_client(recorder).orchestrator.executions.watch(
        "ex_9", timeout=1, poll_interval=0.25
    )
    assert next(watch).status == "running"
    with pytest.raises(WaitTimeoutError) as caught:
        next(watch)
    assert caught.value.execution_id == "ex_9"
    assert "ex_9" in str(caught.value)
    assert sum(clock.sleeps) == pytest.approx(1)


async def test_async_watch_times_out_naming_its_run(clock: FakeClock) -> None:
    recorder = statuses("running")
    watch = mock_async_client(recorder).orchestrator.executions.watch("ex_9", timeout=0)
    seen = []
    with pytest.raises(WaitTimeoutError) as caught:
        async for status in watch:
            seen.append(status.status)
    assert seen == ["running"]
    assert caught.value.execution_id == "ex_9"


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_watch_polls_at_most_max_interval_apart(clock: FakeClock, kind: str) -> None:
    running = [ok(snapshot("running", ("t", "running"))) for _ in range(7)]
    recorder = Recorder(*running, ok(snapshot("success", ("t", "success"))))
    if kind == "sync":
        client = mock_client(recorder)
        found = list(client.orchestrator.executions.watch("ex_1", max_interval=2))
    else:
        aclient = mock_async_client(recorder)
        found = [s async for s in aclient.orchestrator.executions.watch("ex_1", max_interval=2)]
    assert [s.status for s in found] == ["running", "success"]
    assert clock.sleeps == [1.0, 1.5, 2, 2, 2, 2, 2]
    # A poll_interval above it wins: the interval never drops below the first one.
    clock.sleeps.clear()
    recorder = statuses("running", "running", "success")
    list(
        mock_client(recorder).orchestrator.executions.watch("ex_1", poll_interval=3, max_interval=2)
    )
    assert clock.sleeps == [3, 3]


@pytest.mark.parametrize("max_interval", [0, -1, float("nan"), float("inf"), "2", True, 10**400])
def test_watch_refuses_a_bad_max_interval_before_sending(
    clock: FakeClock, max_interval: object
) -> None:
    recorder = statuses("running")
    for client in (mock_client(recorder), mock_async_client(recorder)):
        with pytest.raises(SkytellsError) as caught:
            client.orchestrator.executions.watch("ex_1", max_interval=max_interval)  # type: ignore[arg-type]
        assert caught.value.error_id == "SDK_ERROR"
        assert "max_interval" in caught.value.message
    assert recorder.calls == 0


@pytest.mark.parametrize(
    ("execution_id", "timeout", "poll_interval"),
    [("", 1, 1), ("..", 1, 1), ("ex_1", float("nan"), 1), ("ex_1", 1, "1"), ("ex_1", 1, 0)],
)
def test_watch_refuses_bad_arguments_when_called(
    clock: FakeClock, execution_id: str, timeout: object, poll_interval: object
) -> None:
    recorder = statuses("running")
    client = mock_client(recorder)
    aclient = mock_async_client(recorder)
    for executions in (client.orchestrator.executions, aclient.orchestrator.executions):
        with pytest.raises(SkytellsError) as caught:
            executions.watch(execution_id, timeout=timeout, poll_interval=poll_interval)  # type: ignore[arg-type]
        assert caught.value.error_id == "SDK_ERROR"
    assert recorder.calls == 0


@pytest.mark.parametrize("odd", [{}, [], 3, None])
def test_a_status_that_is_not_text_is_not_final(clock: FakeClock, odd: object) -> None:
    recorder = Recorder(ok({"status": odd, "nodeStatuses": [{"nodeId": {}, "status": []}]}))
    with pytest.raises(WaitTimeoutError) as caught:
        list(mock_client(recorder).orchestrator.executions.watch("ex_1", timeout=1))
    assert caught.value.execution_id == "ex_1"
