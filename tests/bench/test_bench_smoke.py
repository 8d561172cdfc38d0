"""`make bench` with tiny sizes: every figure still runs and the table and results file are
written. Nothing here is timed: the numbers of a smoke run mean nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks import run as bench_run  # noqa: E402
from benchmarks.harness import Row, interleaved, table, write_results  # noqa: E402

FIGURES = (
    "import skytells_orchestrator / import httpx",
    "from skytells_orchestrator import Skytells / import httpx",
    "small workflows.list() (3) / raw httpx + json.loads, sync",
    "small workflows.list() (3) / raw httpx + json.loads, async",
    "same, sync, canned server that answers at once",
    "SDK / peer: requests.Session",
    "SDK / peer: urllib, new connection",
    "large workflows.list()",
    "typed AI stream operations/s, adds, updates and removals",
    "same, collect()",
    "same, iterated, without msgspec",
    "typed AI stream operations/s, addNode-heavy",
    "same, collect()",
    "typed AI stream operations/s, updateNode-heavy",
    "same, collect()",
    "same, iterated, 96 KiB (past the 4096 KiB kept for collect())",
    "collect() of 64 KiB of mixed operations / of 32 KiB, CPU time, collector paused",
    "line flush → operation handed over, median",
    "line flush → operation handed over, p99",
    "webhook triggers at concurrency",
    "peak memory growth, 1 MiB AI stream",
    "peak memory growth, 1 MiB save_project",
    "save_project throughput / raw streaming to a file",
    "same / raw streaming, fsync and rename",
)


@pytest.mark.timeout(180)
def test_every_figure_runs_and_lands_in_the_results_file(tmp_path: Path) -> None:
    rows = bench_run.run(smoke=True)
    assert len(rows) == len(FIGURES)
    for row, figure in zip(rows, FIGURES, strict=True):
        assert figure in row.figure
        assert row.ours and row.baseline and row.target
    results = tmp_path / "RESULTS.md"
    write_results(results, rows, seconds=1.0)
    text = results.read_text()
    assert "- machine: " in text and "- date: " in text
    assert text.count("\n| ") == len(FIGURES) + 1  # the header and one line per figure


def test_results_are_written_only_when_asked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    written: list[Path] = []
    met = Row("a", "1 ms", "1 ms", 1.0, "≤ 1.1x", True)
    monkeypatch.setattr(bench_run, "run", lambda smoke=False: [met])
    monkeypatch.setattr(bench_run, "write_results", lambda path, *rest: written.append(path))
    assert bench_run.main([]) == 0
    assert written == []  # make bench changes no file
    assert bench_run.main(["--write"]) == 0
    assert written == [ROOT / "benchmarks" / "RESULTS.md"]  # make bench-record
    makefile = (ROOT / "Makefile").read_text()
    bench = makefile.split("\nbench:", 1)[1].split("\n\n", 1)[0]
    assert "run.py" in bench and "--write" not in bench
    assert "run.py --write" in makefile.split("\nbench-record:", 1)[1].split("\n\n", 1)[0]


def test_main_exits_1_on_a_miss_and_0_when_all_targets_are_met(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    met = Row("a", "1 ms", "1 ms", 1.0, "≤ 1.1x", True)
    missed = Row("b", "2 ms", "1 ms", 2.0, "≤ 1.1x", False)
    monkeypatch.setattr(bench_run, "run", lambda smoke=False: [met])
    assert bench_run.main([]) == 0
    monkeypatch.setattr(bench_run, "run", lambda smoke=False: [met, missed])
    assert bench_run.main([]) == 1
    out = capsys.readouterr().out
    assert "| b | 2 ms | 1 ms | 2.00x | ≤ 1.1x | MISS |" in out
    assert "1 of 2 targets met" in out


def test_interleaved_alternates_the_order_and_takes_medians() -> None:
    calls: list[str] = []
    base_values = iter([1.0, 2.0, 3.0])
    our_values = iter([2.0, 2.0, 9.0])

    def baseline() -> float:
        calls.append("base")
        return next(base_values)

    def ours() -> float:
        calls.append("ours")
        return next(our_values)

    base, our, ratio = interleaved(3, baseline, ours)
    assert calls == ["base", "ours", "ours", "base", "base", "ours"]
    assert (base, our, ratio) == (2.0, 2.0, 2.0)  # ratios 2, 1, 3: median 2


def test_table_leaves_the_ratio_empty_for_absolute_targets() -> None:
    row = Row("latency", "1 ms", "1 ms", None, "< 5 ms", True)
    assert table([row]).splitlines()[-1] == "| latency | 1 ms | 1 ms |  | < 5 ms | ok |"
