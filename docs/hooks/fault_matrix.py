"""MkDocs hook: the README's fault matrix, split into one table per kind of call.

The README carries the matrix once, as one wide table (faults x call kinds) between
``<!-- fault-matrix:start -->`` and ``<!-- fault-matrix:end -->``; ``scripts/fault_table.py``
keeps it equal to what the tests check. Seven columns do not fit a documentation page, so the
page with the marker ``<!-- fault-matrix-by-call -->`` gets the same cells as one two-column
table per call kind (fault, outcome), leaving out the faults that do not apply to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

MARKER = "<!-- fault-matrix-by-call -->"
README = Path(__file__).resolve().parents[2] / "README.md"
START = "<!-- fault-matrix:start -->"
END = "<!-- fault-matrix:end -->"
NOT_APPLICABLE = "n/a"


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split(" | ")]


def by_call(readme: str) -> str:
    """Markdown: for each column of the README's matrix, a heading and a fault/outcome table."""
    start, end = readme.find(START), readme.find(END)
    if start < 0 or end < start:
        raise ValueError(f"README.md has no fault matrix between {START} and {END}")
    rows = [line for line in readme[start + len(START) : end].splitlines() if line.strip()]
    header, _, *body = rows
    calls = _cells(header)[1:]
    table = [_cells(row) for row in body]
    if any(len(cells) != len(calls) + 1 for cells in table):
        raise ValueError("a row of the fault matrix does not have one cell per call kind")
    parts: list[str] = []
    for column, call in enumerate(calls, start=1):
        lines = [f"### {call}", "", "| Fault | Outcome |", "|---|---|"]
        lines += [
            f"| {cells[0]} | {cells[column]} |"
            for cells in table
            if cells[column] != NOT_APPLICABLE
        ]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, by_call(README.read_text(encoding="utf-8")))
