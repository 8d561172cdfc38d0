"""Griffe extension for the API reference: doctest examples in docstrings become code blocks.

The docstrings show examples the doctest way (``>>> call()`` and the answer below), outside
any ``Examples:`` section. Read as Markdown those lines are prose, and an answer such as
``['NO_TRIGGER']`` after a line ending in ``]`` reads as a reference link. This wraps each run
of ``>>>`` lines and their output in a ``pycon`` fence and drops ``# doctest:`` flags, so the
reference shows them as the console sessions they are.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

FLAG = re.compile(r"\s*#\s*doctest:.*$")


def fence_doctests(text: str) -> str:
    """The docstring with each doctest block (a ``>>>`` line and what follows it, up to a
    blank line) in a ``pycon`` fence, at the block's own indentation."""
    lines = text.splitlines()
    out: list[str] = []
    index = 0
    in_fence = False
    while index < len(lines):
        line = lines[index]
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence or not stripped.startswith(">>>"):
            out.append(line)
            index += 1
            continue
        indent = line[: len(line) - len(stripped)]
        if out and out[-1].strip():
            out.append("")
        out.append(f"{indent}```pycon")
        while index < len(lines) and lines[index].strip():
            out.append(FLAG.sub("", lines[index]))
            index += 1
        out.append(f"{indent}```")
        if index < len(lines):
            out.append("")
            index += 1
    return "\n".join(out)


class DoctestBlocks(griffe.Extension):
    """Fences the doctest examples of every docstring the reference renders."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None and ">>>" in obj.docstring.value:
            obj.docstring.value = fence_doctests(obj.docstring.value)
