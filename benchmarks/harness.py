"""What every figure shares: sizes, interleaved rounds, the result table and its file."""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
MiB = 1 << 20


@dataclass(frozen=True)
class Sizes:
    """How much work each figure does; ``smoke`` keeps every path working in a second."""

    rounds: int = 5
    fanout_rounds: int = 5
    import_rounds: int = 9
    small_calls: int = 300
    list_workflows: int = 500
    list_nodes: int = 20
    stream_bytes: int = 2 * MiB
    # Past the lines a stream keeps for collect() (4 MiB).
    long_stream_bytes: int = 12 * MiB
    # collect() of this many bytes of mixed operations, and of twice as many.
    growth_bytes: int = 3 * MiB
    growth_rounds: int = 11
    latency_lines: int = 400
    latency_every_us: int = 2_000
    fanout_calls: int = 1_000
    fanout_concurrency: int = 50
    memory_bytes: int = 200 * MiB
    download_bytes: int = 48 * MiB
    peer_calls: int = 150


FULL = Sizes()
SMOKE = Sizes(
    rounds=1,
    fanout_rounds=1,
    import_rounds=1,
    small_calls=3,
    list_workflows=5,
    list_nodes=3,
    stream_bytes=64 * 1024,
    growth_bytes=32 * 1024,
    growth_rounds=1,
    long_stream_bytes=96 * 1024,
    latency_lines=5,
    latency_every_us=1_000,
    fanout_calls=20,
    fanout_concurrency=5,
    memory_bytes=1 * MiB,
    download_bytes=1 * MiB,
    peer_calls=3,
)


@dataclass(frozen=True)
class Row:
    """One line of the table. ``ratio`` is ours / baseline; ``higher`` says which way is good."""

    figure: str
    ours: str
    baseline: str
    ratio: float | None
    target: str
    ok: bool


def ratio_row(
    figure: str, ours: float, baseline: float, unit: str, ratio: float, limit: float, higher: bool
) -> Row:
    """A row judged on a ratio: at least ``limit`` when ``higher``, else at most ``limit``."""
    ok = ratio >= limit if higher else ratio <= limit
    return Row(
        figure,
        f"{ours:.4g} {unit}",
        f"{baseline:.4g} {unit}",
        ratio,
        f"{'≥' if higher else '≤'} {limit:g}x",
        ok,
    )


def shown_row(figure: str, ours: float, baseline: float, unit: str, ratio: float) -> Row:
    """A row shown for information, without a target."""
    return Row(figure, f"{ours:.4g} {unit}", f"{baseline:.4g} {unit}", ratio, "(shown)", True)


def absolute_row(figure: str, ours: float, baseline: float, unit: str, limit: float) -> Row:
    """A row judged on our own value (below ``limit``); the baseline is shown for scale."""
    return Row(
        figure,
        f"{ours:.3g} {unit}",
        f"{baseline:.3g} {unit}",
        None,
        f"< {limit:g} {unit}",
        ours < limit,
    )


def interleaved(
    rounds: int, baseline: Callable[[], float], ours: Callable[[], float]
) -> tuple[float, float, float]:
    """Median baseline, median ours and median per-round ratio (ours / baseline).

    Each round measures both, in alternating order, so that a burst of load elsewhere on the
    machine hits both sides alike.
    """
    base_values: list[float] = []
    our_values: list[float] = []
    for index in range(rounds):
        if index % 2:
            our_values.append(ours())
            base_values.append(baseline())
        else:
            base_values.append(baseline())
            our_values.append(ours())
    ratios = [o / b for o, b in zip(our_values, base_values, strict=True)]
    return statistics.median(base_values), statistics.median(our_values), statistics.median(ratios)


def timed(action: Callable[[], object]) -> float:
    """Seconds ``action`` takes."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


@dataclass(frozen=True)
class Canned:
    """The running canned server: its HTTP origin, and its HTTPS origin with the certificate
    HTTPS clients must trust (None without ``openssl`` to make one)."""

    origin: str
    secure_origin: str | None
    certificate: str | None


def _certificate(folder: str) -> tuple[str, str] | None:
    """A self-signed certificate for 127.0.0.1 and its key, or None without ``openssl``."""
    if shutil.which("openssl") is None:
        return None
    cert, key = f"{folder}/cert.pem", f"{folder}/key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-keyout", key, "-out", cert, "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@contextmanager
def canned_server(sizes: Sizes) -> Iterator[Canned]:
    """Start ``canned_server.py`` in its own process, over HTTP and (with a certificate made
    for the run by ``openssl``) HTTPS."""
    with tempfile.TemporaryDirectory() as folder:
        tls = _certificate(folder)
        command = [
            sys.executable,
            str(HERE / "canned_server.py"),
            "--workflows",
            str(sizes.list_workflows),
            "--nodes",
            str(sizes.list_nodes),
        ]
        if tls is not None:
            command += ["--tls-cert", tls[0], "--tls-key", tls[1]]
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        try:
            assert process.stdout is not None
            ports = process.stdout.readline().split()
            origin = f"http://127.0.0.1:{ports[0]}"
            if tls is None:
                yield Canned(origin, None, None)
            else:
                yield Canned(origin, f"https://127.0.0.1:{ports[1]}", tls[0])
        finally:
            assert process.stdin is not None
            process.stdin.close()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table."""
    lines = [
        "| figure | ours | baseline | ratio | target | |",
        "|---|---:|---:|---:|---|---|",
    ]
    for row in rows:
        ratio = "" if row.ratio is None else f"{row.ratio:.2f}x"
        verdict = "ok" if row.ok else "MISS"
        lines.append(
            f"| {row.figure} | {row.ours} | {row.baseline} | {ratio} | {row.target} | {verdict} |"
        )
    return "\n".join(lines)


def machine() -> str:
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def load() -> str:
    """The load averages: a busy machine makes every ratio noisier."""
    try:
        return ", ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def write_results(path: Path, rows: list[Row], seconds: float) -> None:
    """Replace ``path`` with the table, the machine and the date."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    path.write_text(
        "# Benchmark results\n\n"
        "Written by `make bench-record` (`benchmarks/run.py --write`); every ratio compares the\n"
        "SDK with a baseline measured in the same run, interleaved, as the median of several\n"
        "rounds.\n\n"
        f"- date: {now}\n- machine: {machine()}\n- whole run: {seconds:.0f} s\n"
        f"- load average (1, 5, 15 min) at the end: {load()}\n\n"
        f"{table(rows)}\n\n"
        "The small calls go to the local Orchestrator (`skytells_orchestrator.local`); the\n"
        "other network figures, and the small list marked `canned server`, go to\n"
        "`benchmarks/canned_server.py`, a separate process answering with prepared bytes, so\n"
        "that they measure the client alone. The peers talk HTTPS (a certificate made for the\n"
        "run), as the hosted service does.\n"
    )
