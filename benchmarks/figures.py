"""The figures of `make bench`, each against a baseline doing the same work without the SDK.

The small calls are judged on the local Orchestrator, a real server whose time per call both
sides pay, as in use. Every other network figure talks to ``canned_server.py`` (its own
process, answers prepared in advance), so the time measured is the client's alone; the small
list is shown there too. The peers talk HTTPS, as the hosted service does: a new connection
per call then costs what it costs in use.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import requests
from skytells_orchestrator import AsyncSkytells, Skytells
from skytells_orchestrator import _json as json_module
from skytells_orchestrator import _streaming as streaming
from skytells_orchestrator._operations import parse_operation
from skytells_orchestrator.local import LocalOrchestrator
from skytells_orchestrator_client.models import AiOperation

from . import canned_server
from .harness import (
    HERE,
    Canned,
    MiB,
    Row,
    Sizes,
    absolute_row,
    interleaved,
    ratio_row,
    shown_row,
    timed,
)

KEY = "wfb_" + "b" * 40
HEADERS = {"Authorization": f"Bearer {KEY}", "Accept": "application/json"}
PROMPT = {"prompt": "a workflow"}


def sdk(base: str) -> Skytells:
    return Skytells(orchestrator_api_key=KEY, orchestrator_base_url=base)


def async_sdk(base: str) -> AsyncSkytells:
    return AsyncSkytells(orchestrator_api_key=KEY, orchestrator_base_url=base)


# ------------------------------------------------------------------ import


def _process_seconds(code: str) -> float:
    return timed(lambda: subprocess.run([sys.executable, "-c", code], check=True))


def import_time(sizes: Sizes) -> list[Row]:
    rows = []
    for figure, code in (
        ("import skytells_orchestrator / import httpx", "import skytells_orchestrator"),
        (
            "from skytells_orchestrator import Skytells / import httpx",
            "from skytells_orchestrator import Skytells",
        ),
    ):
        base, ours, ratio = interleaved(
            sizes.import_rounds,
            lambda: _process_seconds("import httpx"),
            lambda code=code: _process_seconds(code),  # type: ignore[misc]
        )
        rows.append(ratio_row(figure, ours * 1e3, base * 1e3, "ms", ratio, 1.3, higher=False))
    return rows


# ------------------------------------------------------------------ small and large lists


@dataclass(frozen=True)
class Target:
    """Where the small calls go: the base URL, and the key and cookie a raw client sends."""

    base_url: str
    key: str
    cookies: dict[str, str]
    session_token: str | None

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}", "Accept": "application/json"}

    def client(self) -> Skytells:
        return Skytells(
            orchestrator_api_key=self.key,
            orchestrator_base_url=self.base_url,
            orchestrator_session_token=self.session_token,
        )

    def async_client(self) -> AsyncSkytells:
        return AsyncSkytells(
            orchestrator_api_key=self.key,
            orchestrator_base_url=self.base_url,
            orchestrator_session_token=self.session_token,
        )


@contextmanager
def local_target() -> Iterator[Target]:
    """The local Orchestrator with three workflows of two nodes each, as the small calls see
    it: a real server, as in use, whose time per call counts on both sides."""
    with LocalOrchestrator() as server:
        target = Target(server.url, server.api_key, server.cookies, server.session_token)
        with target.client() as client:
            for index in range(3):
                client.orchestrator.workflows.create(
                    name=f"bench {index}",
                    nodes=[
                        {
                            "id": "t",
                            "type": "trigger",
                            "position": {"x": 0, "y": 0},
                            "data": {
                                "label": "Webhook",
                                "type": "trigger",
                                "config": {"triggerType": "Manual"},
                            },
                        },
                        {
                            "id": "a",
                            "type": "action",
                            "position": {"x": 0, "y": 100},
                            "data": {
                                "label": "Send",
                                "type": "action",
                                "config": {"actionType": "HTTP Request"},
                            },
                        },
                    ],
                    edges=[{"id": "e", "source": "t", "target": "a"}],
                )
            assert len(client.orchestrator.workflows.list()) == 3
        yield target


def canned_target(origin: str) -> Target:
    return Target(f"{origin}/small", KEY, {}, None)


def _per_call(calls: int, one: Callable[[], object]) -> Callable[[], float]:
    def measure() -> float:
        started = time.perf_counter()
        for _ in range(calls):
            one()
        return (time.perf_counter() - started) / calls

    return measure


def small_list_sync(sizes: Sizes, target: Target, figure: str, limit: float | None) -> list[Row]:
    """The SDK's ``workflows.list()`` against the same request made with a bare httpx.Client;
    with ``limit`` None the row is shown without a target."""
    url = f"{target.base_url}/api/workflows"
    with (
        httpx.Client(headers=target.headers, cookies=target.cookies) as raw,
        target.client() as client,
    ):
        workflows = client.orchestrator.workflows

        def raw_one() -> None:
            response = raw.get(url)
            response.raise_for_status()
            json.loads(response.content)

        raw_calls = _per_call(sizes.small_calls, raw_one)
        sdk_calls = _per_call(sizes.small_calls, workflows.list)
        raw_calls()
        sdk_calls()
        base, ours, ratio = interleaved(sizes.rounds, raw_calls, sdk_calls)
        if limit is None:
            return [shown_row(figure, ours * 1e6, base * 1e6, "µs", ratio)]
    return [ratio_row(figure, ours * 1e6, base * 1e6, "µs", ratio, limit, higher=False)]


def peers(sizes: Sizes, canned: Canned) -> list[Row]:
    """What a user might pick instead, over HTTPS as the hosted service is: requests, and urllib
    with a new connection per call (the official ``skytells`` package's transport). The SDK
    should be faster than both."""
    # Without openssl to make a certificate, over HTTP (and the figure says so).
    origin, over = (
        (canned.secure_origin, "HTTPS") if canned.secure_origin else (canned.origin, "HTTP")
    )
    url = f"{origin}/small/api/workflows"
    context = ssl.create_default_context(cafile=canned.certificate)
    verify: str | bool = canned.certificate or True
    rows = []
    with (
        requests.Session() as session,
        httpx.Client(verify=context) as pool,
        Skytells(
            orchestrator_api_key=KEY, orchestrator_base_url=f"{origin}/small", http_client=pool
        ) as client,
    ):
        session.headers.update(HEADERS)

        def requests_one() -> None:
            # Given with each call: REQUESTS_CA_BUNDLE in the environment beats session.verify.
            response = session.get(url, verify=verify)
            response.raise_for_status()
            json.loads(response.content)

        def urllib_one() -> None:
            request = urllib.request.Request(url, headers=HEADERS)
            with urllib.request.urlopen(request, context=context) as answer:
                json.loads(answer.read())

        sdk_calls = _per_call(sizes.peer_calls, client.orchestrator.workflows.list)
        sdk_calls()
        peer_list = (("requests.Session", requests_one), ("urllib, new connection", urllib_one))
        for name, one in peer_list:
            peer = _per_call(sizes.peer_calls, one)
            peer()
            base, ours, ratio = interleaved(sizes.rounds, peer, sdk_calls)
            rows.append(
                ratio_row(
                    f"small list over {over}, SDK / peer: {name}",
                    ours * 1e6,
                    base * 1e6,
                    "µs",
                    ratio,
                    1.0,
                    higher=False,
                )
            )
    return rows


def small_list_async(sizes: Sizes, target: Target) -> list[Row]:
    url = f"{target.base_url}/api/workflows"
    calls = sizes.small_calls

    async def measure() -> tuple[float, float, float]:
        async with (
            httpx.AsyncClient(headers=target.headers, cookies=target.cookies) as raw,
            target.async_client() as client,
        ):
            workflows = client.orchestrator.workflows

            async def raw_calls() -> float:
                started = time.perf_counter()
                for _ in range(calls):
                    response = await raw.get(url)
                    response.raise_for_status()
                    json.loads(response.content)
                return (time.perf_counter() - started) / calls

            async def sdk_calls() -> float:
                started = time.perf_counter()
                for _ in range(calls):
                    await workflows.list()
                return (time.perf_counter() - started) / calls

            await raw_calls()
            await sdk_calls()
            pairs = []
            for index in range(sizes.rounds):
                if index % 2:
                    ours = await sdk_calls()
                    pairs.append((await raw_calls(), ours))
                else:
                    base = await raw_calls()
                    pairs.append((base, await sdk_calls()))
            return (
                statistics.median(b for b, _ in pairs),
                statistics.median(o for _, o in pairs),
                statistics.median(o / b for b, o in pairs),
            )

    base, ours, ratio = asyncio.run(measure())
    return [
        ratio_row(
            "small workflows.list() (3) / raw httpx + json.loads, async",
            ours * 1e6,
            base * 1e6,
            "µs",
            ratio,
            1.10,
            higher=False,
        )
    ]


def small_lists(sizes: Sizes, canned: Canned) -> list[Row]:
    """On the local server (judged), then on the canned one: the client's own time alone."""
    with local_target() as target:
        rows = small_list_sync(
            sizes, target, "small workflows.list() (3) / raw httpx + json.loads, sync", 1.10
        )
        rows += small_list_async(sizes, target)
    rows += small_list_sync(
        sizes,
        canned_target(canned.origin),
        "same, sync, canned server that answers at once: the client's own time",
        1.10,
    )
    return rows


def large_list(sizes: Sizes, canned: Canned) -> list[Row]:
    origin = canned.origin
    base_url = f"{origin}/large"
    url = f"{base_url}/api/workflows"
    with httpx.Client(headers=HEADERS) as raw, sdk(base_url) as client:

        def raw_call() -> float:
            return timed(lambda: json.loads(raw.get(url).content))

        def sdk_call() -> float:
            return timed(client.orchestrator.workflows.list)

        workflows = client.orchestrator.workflows.list()
        assert len(workflows) == sizes.list_workflows
        assert all(len(w.nodes) == sizes.list_nodes for w in workflows)
        base, ours, ratio = interleaved(sizes.rounds, raw_call, sdk_call)
    figure = (
        f"large workflows.list() ({sizes.list_workflows} x {sizes.list_nodes} nodes) into "
        "models / raw httpx + json.loads"
    )
    return [ratio_row(figure, ours * 1e3, base * 1e3, "ms", ratio, 2.0, higher=False)]


# ------------------------------------------------------------------ AI streams


FOLD_KIB = streaming.FOLD_BYTES // 1024
STREAM_SHAPES = (
    ("mixed", "adds, updates and removals"),
    ("adds", "addNode-heavy"),
    ("updates", "updateNode-heavy"),
)


def stream_rate(sizes: Sizes, canned: Canned) -> list[Row]:
    """Operations per second of a typed AI stream against raw httpx reading the same lines:
    for each shape of stream, iterated (judged) and collected (shown); and once with the
    standard library's decoder alone (shown)."""
    rows = []
    with httpx.Client(headers=HEADERS, timeout=60) as raw:
        for shape, what in STREAM_SHAPES:
            base_url = f"{canned.origin}/stream/{shape}/{sizes.stream_bytes}"
            url = f"{base_url}/api/ai/generate"
            with sdk(base_url) as client:
                raw_rate, sdk_rate, collect_rate = _stream_rates(raw, url, client)
                figure = (
                    f"typed AI stream operations/s, {what} ({sizes.stream_bytes // 1024} KiB) "
                    "/ raw iter_lines + json.loads"
                )
                base, ours, ratio = interleaved(sizes.rounds, raw_rate, sdk_rate)
                rows.append(ratio_row(figure, ours, base, "ops/s", ratio, 0.9, higher=True))
                base, ours, ratio = interleaved(sizes.rounds, raw_rate, collect_rate)
                rows.append(shown_row("same, collect()", ours, base, "ops/s", ratio))
                if shape == "mixed":
                    # What an interpreter without msgspec gets: the standard library decodes
                    # every line.
                    with _without_msgspec():
                        base, ours, ratio = interleaved(sizes.rounds, raw_rate, sdk_rate)
                    rows.append(
                        shown_row("same, iterated, without msgspec", ours, base, "ops/s", ratio)
                    )
        # Past the lines a stream keeps for collect(): iterating then applies them as it goes.
        size = sizes.long_stream_bytes
        base_url = f"{canned.origin}/stream/mixed/{size}"
        with sdk(base_url) as client:
            raw_rate, sdk_rate, _ = _stream_rates(raw, f"{base_url}/api/ai/generate", client)
            base, ours, ratio = interleaved(max(1, sizes.rounds // 2), raw_rate, sdk_rate)
        figure = f"same, iterated, {size // 1024} KiB (past the {FOLD_KIB} KiB kept for collect())"
        rows.append(shown_row(figure, ours, base, "ops/s", ratio))
    return rows


def _stream_rates(
    raw: httpx.Client, url: str, client: Skytells
) -> tuple[Callable[[], float], Callable[[], float], Callable[[], float]]:
    """Operations per second: raw httpx, the SDK's stream iterated, and collected."""

    def raw_rate() -> float:
        started = time.perf_counter()
        count = 0
        with raw.stream("POST", url, json=PROMPT) as response:
            for line in response.iter_lines():
                event = json.loads(line)
                if event.get("type") == "operation":
                    count += 1
        return count / (time.perf_counter() - started)

    def sdk_rate() -> float:
        started = time.perf_counter()
        count = 0
        with client.orchestrator.ai.generate_workflow(prompt="a workflow") as stream:
            for operation in stream:
                assert operation.op
                count += 1
        return count / (time.perf_counter() - started)

    def collect_rate() -> float:
        started = time.perf_counter()
        draft = client.orchestrator.ai.generate_workflow(prompt="a workflow").collect()
        count = draft.applied_operations + draft.ignored_operations
        return count / (time.perf_counter() - started)

    return raw_rate, sdk_rate, collect_rate


def collect_growth(sizes: Sizes, canned: Canned) -> list[Row]:
    """``collect()`` of a stream twice as long (a workflow that grows with it, adds, updates
    and removals mixed) takes twice as long: the time it takes is linear in the operations.

    Measured on the answer's bytes in this process, in CPU time, with the cyclic garbage
    collector paused: what is judged is how the work grows, which the network, the other
    processes of a busy machine and the collector's passes over everything else this process
    holds (the figures before this one) would blur.
    """
    size = sizes.growth_bytes

    def collect_time(body: bytes) -> Callable[[], float]:
        chunks = [body[start : start + 64 * 1024] for start in range(0, len(body), 64 * 1024)]

        def measure() -> float:
            gc.collect()
            gc.disable()
            try:
                started = time.process_time()
                streaming.Stream(
                    lambda: httpx.Response(200, content=iter(chunks)),
                    parse_operation,
                    quick_parse=AiOperation.from_dict,
                ).collect()
                return time.process_time() - started
            finally:
                gc.enable()

        return measure

    single = collect_time(canned_server.stream_body("mixed", size))
    double = collect_time(canned_server.stream_body("mixed", 2 * size))
    single()
    double()
    base, ours, ratio = interleaved(sizes.growth_rounds, single, double)
    figure = (
        f"collect() of {2 * size // 1024} KiB of mixed operations / of {size // 1024} KiB, "
        "CPU time, collector paused (linear: 2x)"
    )
    return [ratio_row(figure, ours * 1e3, base * 1e3, "ms", ratio, 2.3, higher=False)]


@contextmanager
def _without_msgspec() -> Iterator[None]:
    saved = streaming.FAST_DECODE, json_module.FAST_DECODE
    streaming.FAST_DECODE = json_module.FAST_DECODE = None
    try:
        yield
    finally:
        streaming.FAST_DECODE, json_module.FAST_DECODE = saved


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def stream_latency(sizes: Sizes, canned: Canned) -> list[Row]:
    origin = canned.origin
    base_url = f"{origin}/latency/{sizes.latency_lines}/{sizes.latency_every_us}"
    url = f"{base_url}/api/ai/generate"
    raw_delays: list[float] = []
    sdk_delays: list[float] = []
    with httpx.Client(headers=HEADERS, timeout=60) as raw, sdk(base_url) as client:

        def raw_run() -> float:
            with raw.stream("POST", url, json=PROMPT) as response:
                for line in response.iter_lines():
                    event = json.loads(line)
                    if event.get("type") == "operation":
                        raw_delays.append(time.monotonic_ns() - event["operation"]["sent"])
            return 1.0

        def sdk_run() -> float:
            with client.orchestrator.ai.generate_workflow(prompt="a workflow") as stream:
                for operation in stream:
                    sdk_delays.append(time.monotonic_ns() - operation["sent"])
            return 1.0

        interleaved(max(1, sizes.rounds // 2), raw_run, sdk_run)
    rows = []
    for name, share in (("median", 0.5), ("p99", 0.99)):
        ours = _percentile(sdk_delays, share) / 1e6
        base = _percentile(raw_delays, share) / 1e6
        rows.append(
            absolute_row(f"line flush → operation handed over, {name}", ours, base, "ms", 5.0)
        )
    return rows


# ------------------------------------------------------------------ fan-out


def webhook_fanout(sizes: Sizes, canned: Canned) -> list[Row]:
    origin = canned.origin
    base_url = f"{origin}/small"
    calls, width = sizes.fanout_calls, sizes.fanout_concurrency
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=20)

    async def workers(one: Callable[[int], Any]) -> float:
        left = iter(range(calls))

        async def worker() -> None:
            for index in left:
                await one(index)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(width)))
        return calls / (time.perf_counter() - started)

    async def measure() -> tuple[float, float, float]:
        async with (
            httpx.AsyncClient(headers=HEADERS, limits=limits) as raw,
            async_sdk(base_url) as client,
        ):
            webhooks = client.orchestrator.webhooks

            async def raw_one(index: int) -> None:
                response = await raw.post(
                    f"{base_url}/api/workflows/wf_{index % 7}/webhook", json={"n": index}
                )
                response.raise_for_status()
                json.loads(response.content)

            async def sdk_one(index: int) -> None:
                await webhooks.execute(f"wf_{index % 7}", {"n": index})

            await workers(raw_one)
            await workers(sdk_one)
            pairs = []
            for index in range(sizes.fanout_rounds):
                if index % 2:
                    ours = await workers(sdk_one)
                    pairs.append((await workers(raw_one), ours))
                else:
                    base = await workers(raw_one)
                    pairs.append((base, await workers(sdk_one)))
        return (
            statistics.median(b for b, _ in pairs),
            statistics.median(o for _, o in pairs),
            statistics.median(o / b for b, o in pairs),
        )

    base, ours, ratio = asyncio.run(measure())
    figure = (
        f"AsyncSkytells {calls} webhook triggers at concurrency {width} / raw httpx.AsyncClient"
    )
    return [ratio_row(figure, ours, base, "calls/s", ratio, 0.9, higher=True)]


# ------------------------------------------------------------------ memory and downloads


def _memory_growth(mode: str, url: str) -> tuple[float, float]:
    """Peak RSS growth (MiB) and seconds of one ``memory_child.py`` run."""
    output = subprocess.run(
        [sys.executable, str(HERE / "memory_child.py"), mode, url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result = json.loads(output.splitlines()[-1])
    return result["growth"] / MiB, result["seconds"]


def memory(sizes: Sizes, canned: Canned) -> list[Row]:
    origin = canned.origin
    size = sizes.memory_bytes
    rows = []
    for what, path in (
        ("AI stream", f"{origin}/stream/updates/{size}"),
        ("save_project", f"{origin}/download/{size}"),
    ):
        kind = "stream" if what == "AI stream" else "download"
        base, _ = _memory_growth(f"raw-{kind}", path)
        ours, _ = _memory_growth(f"sdk-{kind}", path)
        rows.append(
            absolute_row(f"peak memory growth, {size // MiB} MiB {what}", ours, base, "MiB", 10.0)
        )
    return rows


def save_project(sizes: Sizes, canned: Canned) -> list[Row]:
    origin = canned.origin
    base_url = f"{origin}/download/{sizes.download_bytes}"
    url = f"{base_url}/api/workflows/wf_1/download"
    with (
        tempfile.TemporaryDirectory() as folder,
        httpx.Client(headers=HEADERS, timeout=60) as raw,
        sdk(base_url) as client,
    ):
        raw_target = Path(folder) / "raw.zip"
        durable_target = Path(folder) / "durable.zip"
        sdk_target = Path(folder) / "sdk.zip"

        def raw_rate() -> float:
            def run() -> None:
                with raw.stream("GET", url) as response, raw_target.open("wb") as file:
                    for chunk in response.iter_bytes():
                        file.write(chunk)

            return sizes.download_bytes / MiB / timed(run)

        def durable_rate() -> float:
            # The promise save_project makes, kept by hand: whole and on the disk before it
            # takes its name (no ZIP check).
            def run() -> None:
                temp = durable_target.with_suffix(".part")
                with raw.stream("GET", url) as response, temp.open("wb") as file:
                    for chunk in response.iter_bytes():
                        file.write(chunk)
                    file.flush()
                    os.fsync(file.fileno())
                os.replace(temp, durable_target)

            return sizes.download_bytes / MiB / timed(run)

        def sdk_rate() -> float:
            def run() -> None:
                client.orchestrator.workflows.save_project("wf_1", sdk_target)

            return sizes.download_bytes / MiB / timed(run)

        base, ours, ratio = interleaved(sizes.rounds, raw_rate, sdk_rate)
        durable, ours_again, durable_ratio = interleaved(sizes.rounds, durable_rate, sdk_rate)
        assert sdk_target.read_bytes() == raw_target.read_bytes() == durable_target.read_bytes()
    return [
        ratio_row(
            "save_project throughput / raw streaming to a file",
            ours,
            base,
            "MiB/s",
            ratio,
            0.9,
            higher=True,
        ),
        shown_row(
            "same / raw streaming, fsync and rename (the same promise by hand)",
            ours_again,
            durable,
            "MiB/s",
            durable_ratio,
        ),
    ]


NETWORK_FIGURES = (
    small_lists,
    peers,
    large_list,
    stream_rate,
    collect_growth,
    stream_latency,
    webhook_fanout,
    memory,
    save_project,
)
