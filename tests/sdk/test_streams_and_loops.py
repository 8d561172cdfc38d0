"""Streams dropped without closing, read by two readers at once; async clients on a second event
loop and under trio."""

from __future__ import annotations

import asyncio
import copy
import gc
import pickle
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import trio
from sdk_support import local_kwargs
from skytells_orchestrator import AsyncSkytells, Skytells, SkytellsError, StreamError
from skytells_orchestrator.local import LocalOrchestrator

WEBHOOK_NODES = [
    {
        "id": "t",
        "type": "trigger",
        "position": {"x": 0, "y": 0},
        "data": {"label": "T", "type": "trigger", "config": {"triggerType": "Webhook"}},
    }
]


def _one_connection(server: LocalOrchestrator, **kwargs: Any) -> dict[str, Any]:
    # One connection in the pool and a short wait for it: a leaked connection shows up as a
    # timeout on the next call instead of going unnoticed.
    return local_kwargs(server, timeout=httpx.Timeout(5.0, pool=1.0), **kwargs)


@pytest.fixture
def slow_lines(server: LocalOrchestrator) -> Iterator[None]:
    server.ai_line_delay = 0.2
    yield
    server.ai_line_delay = 0.0


def _poll(condition: Any, what: str, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.005)


# ------------------------------------------------------------------ dropped streams


@pytest.mark.parametrize("read_one_first", [False, True])
def test_a_dropped_stream_is_closed_with_a_resource_warning(
    server: LocalOrchestrator, read_one_first: bool
) -> None:
    limits = httpx.Limits(max_connections=1)
    with httpx.Client(limits=limits) as http:
        client = Skytells(http_client=http, **_one_connection(server))
        stream = client.orchestrator.ai.generate_workflow(prompt="Slack me")
        stream.__enter__()
        if read_one_first:
            next(stream)
        with pytest.warns(ResourceWarning, match="unclosed"):
            del stream
            gc.collect()
        # The only connection of the pool is free again.
        assert isinstance(client.orchestrator.workflows.list(), list)


async def test_a_dropped_async_stream_warns_and_frees_its_connection(
    server: LocalOrchestrator,
) -> None:
    limits = httpx.Limits(max_connections=1)
    async with httpx.AsyncClient(limits=limits) as http:
        client = AsyncSkytells(http_client=http, **_one_connection(server))
        stream = client.orchestrator.ai.generate_workflow(prompt="Slack me")
        await stream.__aenter__()
        with pytest.warns(ResourceWarning, match="unclosed"):
            del stream
            gc.collect()
        for _ in range(5):
            await asyncio.sleep(0)  # the release runs on this loop
        assert isinstance(await client.orchestrator.workflows.list(), list)


def test_a_closed_or_finished_stream_gives_no_warning(server: LocalOrchestrator) -> None:
    import warnings

    with Skytells(**local_kwargs(server)) as client, warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        finished = client.orchestrator.ai.generate_workflow(prompt="Slack me")
        assert list(finished)
        unopened = client.orchestrator.ai.generate_workflow(prompt="Slack me")
        closed = client.orchestrator.ai.generate_workflow(prompt="Slack me")
        with closed:
            next(closed)
        del finished, unopened, closed
        gc.collect()


# ------------------------------------------------------------------ one reader at a time


@pytest.mark.usefixtures("slow_lines")
def test_a_second_thread_reading_the_same_stream_gets_a_typed_error(
    server: LocalOrchestrator,
) -> None:
    with (
        Skytells(**local_kwargs(server)) as client,
        client.orchestrator.ai.generate_workflow(prompt="Slack me") as stream,
    ):
        seen: list[object] = []
        reader = threading.Thread(target=lambda: seen.extend(stream), daemon=True)
        reader.start()
        refused: list[StreamError] = []
        for _ in range(20):
            _poll(lambda: stream._reading, "the first reader to wait for a line")
            try:
                next(stream)  # the first reader may let go between two lines: try again
            except StreamError as error:
                refused.append(error)
                break
        assert [error.error_id for error in refused] == ["STREAM_IN_USE"]
        reader.join(30)
        assert not reader.is_alive()
        assert seen  # the first reader was not disturbed


@pytest.mark.usefixtures("slow_lines")
def test_closing_from_another_thread_ends_the_read(server: LocalOrchestrator) -> None:
    with Skytells(**local_kwargs(server)) as client:
        stream = client.orchestrator.ai.generate_workflow(prompt="Slack me")
        outcome: list[object] = []

        def read() -> None:
            try:
                outcome.extend(stream)
            except SkytellsError as error:
                outcome.append(error)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        _poll(lambda: stream._reading, "the reader to wait for a line")
        stream.close()
        reader.join(30)
        assert not reader.is_alive()
        assert stream.closed


@pytest.mark.usefixtures("slow_lines")
async def test_a_second_task_reading_the_same_async_stream_gets_a_typed_error(
    server: LocalOrchestrator,
) -> None:
    async with (
        AsyncSkytells(**local_kwargs(server)) as client,
        client.orchestrator.ai.generate_workflow(prompt="Slack me") as stream,
    ):
        for _ in range(20):
            first = asyncio.ensure_future(stream.__anext__())
            await asyncio.sleep(0)  # the first reader runs until it waits for a line
            if stream._reading:
                break
            await first  # a line was already there: wait on the next one
        assert stream._reading
        with pytest.raises(StreamError) as caught:
            await stream.__anext__()
        assert caught.value.error_id == "STREAM_IN_USE"
        assert (await first).op


# ------------------------------------------------------------------ event loops


def test_an_async_client_on_a_second_event_loop_gets_a_typed_error(
    server: LocalOrchestrator,
) -> None:
    client = AsyncSkytells(**local_kwargs(server))

    async def list_workflows() -> object:
        return await client.orchestrator.workflows.list()

    assert isinstance(asyncio.run(list_workflows()), list)
    with pytest.raises(SkytellsError) as caught:
        asyncio.run(list_workflows())
    assert caught.value.error_id == "EVENT_LOOP_MISMATCH"
    with pytest.raises(SkytellsError) as caught:
        trio.run(list_workflows)
    assert caught.value.error_id == "EVENT_LOOP_MISMATCH"


def test_a_copy_shares_the_loop_of_its_pool(server: LocalOrchestrator) -> None:
    client = AsyncSkytells(**local_kwargs(server))

    async def use(target: AsyncSkytells) -> object:
        return await target.orchestrator.user.get()

    asyncio.run(use(client))
    with pytest.raises(SkytellsError) as caught:
        asyncio.run(use(client.with_options(timeout=3)))
    assert caught.value.error_id == "EVENT_LOOP_MISMATCH"


# ------------------------------------------------------------------ trio


def test_retries_waits_and_streams_work_under_trio(server: LocalOrchestrator) -> None:
    async def main() -> tuple[str, int]:
        async with AsyncSkytells(**local_kwargs(server, timeout=10.0)) as client:
            orchestrator = client.orchestrator
            # A retry sleeps (backoff, then a Retry-After) before the answer comes.
            server.faults.fail_next(1, status=503)
            server.faults.fail_next(1, status=429, retry_after=1)
            assert isinstance(await orchestrator.workflows.list(), list)
            workflow = await orchestrator.workflows.create(name="trio", nodes=WEBHOOK_NODES)
            run = await orchestrator.webhooks.execute(workflow.id, {"via": "trio"})
            final = await orchestrator.executions.wait(
                run.execution_id, timeout=20, poll_interval=0.01
            )
            async with orchestrator.ai.generate_workflow(prompt="Slack me") as stream:
                operations = [operation async for operation in stream]
            return final.status, len(operations)

    status, operations = trio.run(main)
    assert status == "success"
    assert operations > 0
    assert server.requests.count("GET", "/api/workflows") == 3


@pytest.mark.parametrize(
    "how",
    [copy.copy, copy.deepcopy, lambda stream: pickle.loads(pickle.dumps(stream))],
    ids=["copy", "deepcopy", "pickle"],
)
async def test_a_stream_is_not_copied_and_its_read_goes_on(
    server: LocalOrchestrator, how: Any
) -> None:
    with Skytells(**local_kwargs(server)) as client:
        with client.orchestrator.ai.generate_workflow(prompt="Slack me") as stream:
            first = next(stream)
            with pytest.raises(SkytellsError) as refused:
                how(stream)
            assert refused.value.error_id == "SDK_ERROR"
            gc.collect()  # no copy was left behind to close the answer when collected
            rest = list(stream)
        assert first.op and rest and not stream.malformed_lines
    async with AsyncSkytells(**local_kwargs(server)) as async_client:
        async_stream = async_client.orchestrator.ai.generate_workflow(prompt="Slack me")
        with pytest.raises(SkytellsError) as refused:
            how(async_stream)
        assert refused.value.error_id == "SDK_ERROR"
        async with async_stream:
            assert [operation async for operation in async_stream]
