"""Print the fault matrix as a markdown table, or check or update the README's copy of it.

    python scripts/fault_table.py                     # print the table
    python scripts/fault_table.py --check README.md   # exit 1 if the README's table differs
    python scripts/fault_table.py --write README.md   # rewrite the README's table

The table comes from ``tests/faults/fault_matrix.py``, the data the fault-matrix tests check
cell by cell, so a table that passes ``make test`` describes what the SDK really does. In the
README it sits between ``<!-- fault-matrix:start -->`` and ``<!-- fault-matrix:end -->``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "faults"))

from fault_matrix import render_table  # noqa: E402  (found through the path set above)

START = "<!-- fault-matrix:start -->"
END = "<!-- fault-matrix:end -->"


def readme_block(text: str) -> str:
    """The text between the markers (without them); ValueError when they are missing."""
    start = text.find(START)
    end = text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the markers {START} and {END} are missing or out of order")
    return text[start + len(START) : end].strip("\n") + "\n"


def with_table(text: str, table: str) -> str:
    """``text`` with the block between the markers replaced by ``table``."""
    readme_block(text)  # the markers must be there
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{table}{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--check", type=Path, metavar="README", help="compare, exit 1 on drift")
    action.add_argument("--write", type=Path, metavar="README", help="rewrite the table there")
    args = parser.parse_args(argv)
    table = render_table()
    try:
        if args.check is not None:
            if readme_block(args.check.read_text(encoding="utf-8")) != table:
                print(
                    f"{args.check}: the fault matrix differs from tests/faults/fault_matrix.py; "
                    f"run `python scripts/fault_table.py --write {args.check}`",
                    file=sys.stderr,
                )
                return 1
            return 0
        if args.write is not None:
            text = args.write.read_text(encoding="utf-8")
            args.write.write_text(with_table(text, table), encoding="utf-8")
            return 0
    except (OSError, ValueError) as exc:
        print(f"fault_table: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
