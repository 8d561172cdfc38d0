"""Finding the runnable code blocks of the README and the documentation pages.

A fenced block whose language is ``python`` is a snippet. A block that truly cannot run
against the local server is preceded (blank lines allowed between) by the marker
``<!-- snippet: skip (reason) -->``; the reason is required.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON_LANGUAGES = {"python", "py", "python3"}
SKIP_MARKER = re.compile(r"^\s*<!--\s*snippet:\s*skip\s*(?:\((?P<reason>[^)]*)\))?\s*-->\s*$")
ANY_MARKER = re.compile(r"^\s*<!--\s*snippet:")
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>```+|~~~+)\s*(?P<info>[^`\s]*)")


@dataclass(frozen=True)
class Snippet:
    path: Path
    line: int  # 1-based line of the opening fence
    code: str
    skip_reason: str | None

    @property
    def name(self) -> str:
        return f"{self.path.relative_to(ROOT).as_posix()}:{self.line}"


class SnippetMarkerError(ValueError):
    """A ``<!-- snippet: … -->`` marker that is malformed or not followed by a python block."""


def sources() -> list[Path]:
    """The Markdown files whose snippets must run: README, CONTRIBUTING and docs/**."""
    found = [ROOT / "README.md", ROOT / "CONTRIBUTING.md"]
    found += sorted((ROOT / "docs").rglob("*.md"))
    return [path for path in found if path.is_file()]


def extract(text: str, path: Path) -> list[Snippet]:
    """The python blocks of one Markdown text, with their skip markers."""
    lines = text.splitlines()
    snippets: list[Snippet] = []
    pending: tuple[int, str | None] | None = None  # (line, reason) of a skip marker
    index = 0
    while index < len(lines):
        line = lines[index]
        if ANY_MARKER.search(line):
            match = SKIP_MARKER.match(line)
            if match is None or not (match.group("reason") or "").strip():
                raise SnippetMarkerError(
                    f"{path}:{index + 1}: use `<!-- snippet: skip (reason) -->`, got {line!r}"
                )
            pending = (index + 1, match.group("reason").strip())
            index += 1
            continue
        opening = FENCE.match(line)
        if opening is None:
            if line.strip() and pending is not None:
                raise SnippetMarkerError(f"{path}:{pending[0]}: marker not followed by a block")
            index += 1
            continue
        indent, fence = opening.group("indent"), opening.group("fence")
        language = opening.group("info").lower()
        body: list[str] = []
        index += 1
        while index < len(lines) and not lines[index].strip().startswith(fence):
            body.append(lines[index])
            index += 1
        start = index - len(body)  # 1-based line of the opening fence
        index += 1  # past the closing fence
        if language in PYTHON_LANGUAGES:
            code = textwrap.dedent("\n".join(item.removeprefix(indent) for item in body))
            reason = pending[1] if pending else None
            snippets.append(Snippet(path, start, code + "\n", reason))
        elif pending is not None:
            raise SnippetMarkerError(f"{path}:{pending[0]}: marker before a non-python block")
        pending = None
    if pending is not None:
        raise SnippetMarkerError(f"{path}:{pending[0]}: marker at the end of the file")
    return snippets


def all_snippets() -> list[Snippet]:
    return [snippet for path in sources() for snippet in extract(path.read_text("utf-8"), path)]


def is_async(code: str) -> bool:
    return bool(re.search(r"^\s*(async\s+(def|with|for)\b|.*\bawait\b)", code, re.MULTILINE))
