"""How results reach the user: Rich tables and summaries on a terminal, JSON everywhere else.

JSON is chosen by ``--json`` or when stdout is not a terminal, so ``… | jq`` works without a
flag. A single result is one JSON document; a stream (AI operations) is one object per line.
Colour follows Rich's rules, which honour ``NO_COLOR``.
"""

from __future__ import annotations

import datetime
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from .._redact import redact

__all__ = ["Output", "as_dict", "cell", "error", "jsonable", "note"]

_FREE_TEXT = {"name", "description", "error", "label", "nodeName"}
# (header, key) pairs; the key is looked up in the JSON form of each row.
Columns = Sequence[tuple[str, str]]


def jsonable(value: Any) -> Any:
    """The JSON form of an SDK result: models via ``to_dict()``, dates as ISO-8601 text.

    >>> jsonable({"when": datetime.date(2026, 1, 13), "items": (1, 2)})
    {'when': '2026-01-13', 'items': [1, 2]}
    """
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return jsonable(to_dict())
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


_TIMESTAMP = re.compile(r"^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)[.\d]*(Z|[+-]\d\d:?\d\d)?$")


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` if it is a JSON object, else ``{}`` (nodes are stored as callers sent them)."""
    return value if isinstance(value, dict) else {}


def cell(value: Any) -> str:
    """One value as table text: ``-`` for nothing, compact JSON for structures, timestamps
    to the second.

    >>> cell("2026-01-13T08:27:12.123Z")
    '2026-01-13 08:27:12'
    """
    if value is None or value == "":
        return "-"
    if isinstance(value, str) and (stamp := _TIMESTAMP.match(value)):
        return f"{stamp.group(1)} {stamp.group(2)}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class Output:
    """The two renderings of every command; built once per invocation."""

    def __init__(self, force_json: bool) -> None:
        self.terminal = sys.stdout.isatty()
        self.json = force_json or not self.terminal
        self.forced_json = force_json
        self.console = Console(highlight=False)

    # ---------------------------------------------------------------- JSON

    def document(self, value: Any) -> None:
        """Print one JSON document (pretty on a terminal, compact in a pipe)."""
        _write_json(jsonable(value), indent=2 if self.terminal else None)

    def line(self, value: Any) -> None:
        """Print one JSON object as one line of a stream, flushed at once."""
        _write_json(jsonable(value), indent=None)

    # ---------------------------------------------------------------- human

    def table(self, rows: Iterable[Any], columns: Columns, *, title: str | None = None) -> None:
        """A table of ``rows`` (models or mappings); an empty list says so."""
        data = [jsonable(row) for row in rows]
        if not data:
            self.console.print(f"(no {title.lower() if title else 'results'})")
            return
        table = Table(title=title, title_justify="left", header_style="bold")
        for header, key in columns:
            # Ids, dates and statuses stay whole; free text wraps.
            table.add_column(header, overflow="fold", no_wrap=key not in _FREE_TEXT)
        for row in data:
            table.add_row(*(cell(row.get(key)) for _, key in columns))
        self.console.print(table)

    def summary(self, value: Any, fields: Columns, *, title: str | None = None) -> None:
        """One object as ``label  value`` lines."""
        data = jsonable(value)
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column(overflow="fold")
        for label, key in fields:
            table.add_row(label, cell(data.get(key)))
        if title:
            self.console.print(title, style="bold")
        self.console.print(table)

    def text(self, message: str, style: str | None = None) -> None:
        """A line of text for people (never printed in JSON mode by the callers)."""
        self.console.print(message, style=style, markup=False, highlight=False)

    def note(self, message: str) -> None:
        """A remark on stderr, so that stdout stays clean for a pipe."""
        note(message)


def _write_json(value: Any, indent: int | None) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    try:
        sys.stdout.write(text + "\n")
    except UnicodeEncodeError:
        # A lone surrogate from a \\ud800 escape, or a stdout that is not UTF-8: escaped
        # JSON is always writable.
        sys.stdout.write(json.dumps(value, indent=indent) + "\n")
    sys.stdout.flush()


def note(message: str) -> None:
    """One unwrapped line on stderr (Rich would wrap it at the console width)."""
    sys.stderr.write(f"{message}\n")
    sys.stderr.flush()


def error(message: str) -> None:
    """``error: …`` on one line of stderr, masked like every SDK message."""
    note(f"error: {' '.join(redact(message).split())}")
