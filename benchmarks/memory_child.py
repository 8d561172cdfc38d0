"""One memory measurement in a fresh process: peak RSS growth while reading one large answer.

    python benchmarks/memory_child.py {sdk,raw}-{stream,download} BASE_URL

The process sets up its client and makes one small request first, so that what is measured is
the growth the large answer causes, not imports or the first connection. It prints one JSON
line: ``{"growth": bytes, "seconds": s}``.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import httpx
from skytells_orchestrator import Skytells

KEY = "wfb_" + "b" * 40
HEADERS = {"Authorization": f"Bearer {KEY}"}


def rss() -> int:
    """Resident memory now, in bytes."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


def reset_peak() -> bool:
    """Start the peak over from the current size (Linux 4.0 and later)."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return True


def peak() -> int:
    """The peak resident memory since the last reset (or since the start), in bytes."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main() -> None:
    mode, base_url = sys.argv[1], sys.argv[2]
    folder = tempfile.mkdtemp()
    target = Path(folder) / "project.zip"
    with (
        httpx.Client(headers=HEADERS, timeout=120) as raw,
        Skytells(orchestrator_api_key=KEY, orchestrator_base_url=base_url, timeout=120) as client,
    ):
        if mode == "raw-stream":

            def run() -> None:
                url = f"{base_url}/api/ai/generate"
                with raw.stream("POST", url, json={"prompt": "x"}) as response:
                    for line in response.iter_lines():
                        json.loads(line)

        elif mode == "sdk-stream":

            def run() -> None:
                with client.orchestrator.ai.generate_workflow(prompt="x") as stream:
                    for _ in stream:
                        pass

        elif mode == "raw-download":

            def run() -> None:
                url = f"{base_url}/api/workflows/wf_1/download"
                with raw.stream("GET", url) as response, target.open("wb") as file:
                    for chunk in response.iter_bytes():
                        file.write(chunk)

        elif mode == "sdk-download":

            def run() -> None:
                client.orchestrator.workflows.save_project("wf_1", target)

        else:
            raise SystemExit(f"unknown mode {mode!r}")
        # Warm up: imports, the connection, the first parse; the body here is tiny.
        warm = base_url.rsplit("/", 1)[0] + "/4096"
        with Skytells(orchestrator_api_key=KEY, orchestrator_base_url=warm) as warmer:
            if mode.endswith("stream"):
                list(warmer.orchestrator.ai.generate_workflow(prompt="x"))
            else:
                warmer.orchestrator.workflows.save_project("wf_1", target)
        start = rss() if reset_peak() else peak()
        started = time.perf_counter()
        run()
        seconds = time.perf_counter() - started
    target.unlink(missing_ok=True)
    Path(folder).rmdir()
    print(json.dumps({"growth": max(0, peak() - start), "seconds": seconds}))


if __name__ == "__main__":
    main()
