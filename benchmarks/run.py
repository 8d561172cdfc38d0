"""`make bench`: the SDK against raw httpx (and its peers), as ratios measured in one run.

    python benchmarks/run.py            # print the table; exit status 1 on a miss (make bench)
    python benchmarks/run.py --write    # also replace benchmarks/RESULTS.md (make bench-record)
    python benchmarks/run.py --smoke    # tiny sizes, one round: checks that every figure runs

Each figure runs the SDK and a baseline doing the same work without it, in alternating order
over several rounds, and judges the median ratio: absolute times depend on the machine and on
what else it is doing, the ratios much less. Latency and memory are judged on their own value.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    # Run as a script (`python benchmarks/run.py`): make `benchmarks` importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.figures import NETWORK_FIGURES, import_time
from benchmarks.harness import FULL, HERE, SMOKE, Row, canned_server, table, write_results


def run(smoke: bool = False) -> list[Row]:
    """Measure every figure; the rows of the table, in order."""
    sizes = SMOKE if smoke else FULL
    rows = _progress(import_time, sizes)
    with canned_server(sizes) as canned:
        for figure in NETWORK_FIGURES:
            rows += _progress(figure, sizes, canned)
    return rows


def _progress(figure: Callable[..., list[Row]], *args: Any) -> list[Row]:
    started = time.perf_counter()
    rows = figure(*args)
    print(f"{figure.__name__}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write benchmarks/RESULTS.md")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one round")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = run(smoke=args.smoke)
    seconds = time.perf_counter() - started
    print(table(rows))
    print(f"\n{sum(r.ok for r in rows)} of {len(rows)} targets met in {seconds:.0f} s")
    if args.write:
        write_results(HERE / "RESULTS.md", rows, seconds)
    return 0 if all(row.ok for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
