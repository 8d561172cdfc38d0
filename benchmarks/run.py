"""`make bench`: performance targets as ratios against baselines measured in the same run.

1. NDJSON line splitting: ``LineSplitter`` against the obvious buffer-and-split loop, on a
   stream of many small chunks carrying long lines (target: at least 5x faster).
2. SDK call overhead: ``workflows.get`` through ``Skytells`` against the same request made
   with a bare ``httpx.Client``, both on the local server over loopback (target: at most 1.6x
   the raw time per call).

Absolute times depend on the machine; the ratios do not, so those are what is judged. Exit
status 1 when a target is missed.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

import httpx
from skytells_orchestrator import Skytells
from skytells_orchestrator._streaming import LineSplitter
from skytells_orchestrator.local import LocalOrchestrator


def best_of(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def chunks_of_long_lines() -> list[bytes]:
    line = b'{"type":"operation","operation":{"op":"addNode","pad":"' + b"x" * 200_000 + b'"}}\n'
    data = line * 8
    return [data[i : i + 256] for i in range(0, len(data), 256)]


def naive_split(chunks: list[bytes]) -> int:
    buffer = b""
    lines = 0
    for chunk in chunks:
        buffer += chunk
        *complete, buffer = buffer.split(b"\n")
        lines += len(complete)
    return lines


def splitter_split(chunks: list[bytes]) -> int:
    splitter = LineSplitter()
    return sum(len(splitter.feed(chunk)) for chunk in chunks)


def bench_splitter() -> tuple[str, float, float]:
    chunks = chunks_of_long_lines()
    assert naive_split(chunks) == splitter_split(chunks) == 8
    baseline = best_of(3, lambda: naive_split(chunks))
    ours = best_of(3, lambda: splitter_split(chunks))
    return "line splitter speed-up over buffer-and-split", baseline / ours, 5.0


def bench_call_overhead() -> tuple[str, float, float]:
    calls = 200
    with LocalOrchestrator() as server:
        headers = {"Authorization": f"Bearer {server.api_key}"}
        with httpx.Client(base_url=server.url, headers=headers) as raw:
            workflow_id = raw.post(
                "/api/workflows/create", json={"name": "bench", "nodes": [], "edges": []}
            ).json()["id"]

            def raw_calls() -> None:
                for _ in range(calls):
                    raw.get(f"/api/workflows/{workflow_id}").raise_for_status()

            with Skytells(
                orchestrator_api_key=server.api_key, orchestrator_base_url=server.url
            ) as c:

                def sdk_calls() -> None:
                    for _ in range(calls):
                        c.orchestrator.workflows.get(workflow_id)

                raw_calls()
                sdk_calls()  # warm both connection pools
                pairs = [(best_of(1, raw_calls), best_of(1, sdk_calls)) for _ in range(5)]
    ratio = statistics.median(sdk / raw for raw, sdk in pairs)
    return "SDK time per call / raw httpx time per call", ratio, 1.6


def main() -> int:
    failed = False
    splitter_name, speedup, minimum = bench_splitter()
    ok = speedup >= minimum
    failed |= not ok
    print(f"{'ok  ' if ok else 'MISS'} {splitter_name}: {speedup:.1f}x (target >= {minimum}x)")
    overhead_name, ratio, maximum = bench_call_overhead()
    ok = ratio <= maximum
    failed |= not ok
    print(f"{'ok  ' if ok else 'MISS'} {overhead_name}: {ratio:.2f}x (target <= {maximum}x)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
