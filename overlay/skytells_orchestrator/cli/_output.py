"""How results reach the user: Rich tables and summaries on a terminal, JSON everywhere else.

JSON is chosen by ``--json`` or when stdout is not a terminal, so ``… | jq`` works without a
flag. A single result is one JSON document; a stream (AI operations) is one object per line.
Colour follows Rich's rules, which honour ``NO_COLOR``.

Everything the commands print goes through this module, and text that came from a server is
shown literally: :func:`visible` is the one place that makes control characters harmless,
and the :class:`SafeConsole` every command draws on never reads Rich markup or emoji codes
and passes every string through :func:`visible`. Command modules build styled text only with
:func:`styled`; a test keeps them from printing any other way.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rich.console import Console, JustifyMethod, OverflowMethod
from rich.style import Style
from rich.table import Table
from rich.text import Text

from .._redact import redact

__all__ = [
    "Output",
    "SafeConsole",
    "as_dict",
    "cell",
    "discard_stdout",
    "error",
    "jsonable",
    "note",
    "plain",
    "stderr_log_handler",
    "styled",
    "visible",
]

_FREE_TEXT = {"name", "description", "error", "label", "nodeName"}
# (header, key) pairs; the key is looked up in the JSON form of each row.
Columns = Sequence[tuple[str, str]]


# C0 (with TAB and LF), DEL and C1 controls: ESC, CSI, OSC, BEL… start terminal commands.
# Bidirectional overrides and line separators change how the text around them reads.
_CONTROLS = [*range(0x00, 0x20), *range(0x7F, 0xA0)]
_REORDERING = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_SEPARATORS = [0x2028, 0x2029]
# A lone surrogate (a JSON "\\ud800" escape) cannot be written to a UTF-8 terminal at all.
_SURROGATES = range(0xD800, 0xE000)
_VISIBLE = {
    code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    for code in (*_CONTROLS, *_REORDERING, *_SEPARATORS, *_SURROGATES)
}
_VISIBLE_KEEPING_LINES = {code: text for code, text in _VISIBLE.items() if code not in (9, 10)}
# In JSON text these can only be inside strings, where ``\\u`` escapes keep the value.
_JSON_ESCAPES = {
    code: f"\\u{code:04x}" for code in (*range(0x7F, 0xA0), *_REORDERING, *_SEPARATORS)
}


def visible(value: object, *, keep_lines: bool = False) -> str:
    """``value`` as text that shows literally on a terminal: every control character (C0, DEL,
    C1: ESC, CSI, OSC, BEL…), bidirectional override, line separator and lone surrogate is
    written as a ``\\xNN`` or ``\\uNNNN`` escape. ``keep_lines`` leaves newlines and tabs alone.

    >>> visible("Report\\x1b[2J\\x07")
    'Report\\\\x1b[2J\\\\x07'
    >>> visible("two\\nlines", keep_lines=True)
    'two\\nlines'
    """
    text = value if isinstance(value, str) else str(value)
    return text.translate(_VISIBLE_KEEPING_LINES if keep_lines else _VISIBLE)


def styled(*parts: str | tuple[str, str]) -> Text:
    """Styled text for a terminal from plain strings and ``(text, style)`` pairs, each shown
    literally (never read as markup, control characters made visible).

    >>> styled(("error", "red"), ": [/] refused").plain
    'error: [/] refused'
    """
    text = Text()
    for part in parts:
        if isinstance(part, tuple):
            text.append(visible(part[0]), style=part[1])
        else:
            text.append(visible(part))
    return text


class SafeConsole(Console):
    """A Rich console that shows every string literally: no markup, no emoji codes, no
    highlighting, and control characters made visible (:func:`visible`), whoever prints
    through it (tables, summaries, live displays, progress bars)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(markup=False, emoji=False, highlight=False, **options)

    def render_str(
        self,
        text: str,
        *,
        style: str | Style = "",
        justify: JustifyMethod | None = None,
        overflow: OverflowMethod | None = None,
        emoji: bool | None = None,
        markup: bool | None = None,
        highlight: bool | None = None,
        highlighter: Any = None,
    ) -> Text:
        return super().render_str(
            visible(text),
            style=style,
            justify=justify,
            overflow=overflow,
            emoji=False,
            markup=False,
            highlight=False,
        )


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
        return visible(json.dumps(value, ensure_ascii=False))
    return visible(value)


class Output:
    """The two renderings of every command; built once per invocation."""

    def __init__(self, force_json: bool) -> None:
        self.terminal = sys.stdout.isatty()
        self.json = force_json or not self.terminal
        self.forced_json = force_json
        self.console = SafeConsole()

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
            table.add_row(*(cell(as_dict(row).get(key)) for _, key in columns))
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

    def text(self, message: str | Text, style: str | None = None) -> None:
        """A line of text for people (never printed in JSON mode by the callers); a plain
        string is shown literally, a :func:`styled` text as built."""
        self.console.print(message, style=style or "")

    def indented_json(self, value: Any) -> None:
        """A value as indented JSON for people (a run's output), shown literally."""
        self.raw(json.dumps(jsonable(value), indent=2, ensure_ascii=False).translate(_JSON_ESCAPES))

    def raw(self, text: str) -> None:
        """Text printed as it is, such as source code: on a terminal its control characters
        are made visible (newlines and tabs kept); in a pipe it is written unchanged."""
        if self.terminal:
            text = visible(text, keep_lines=True)
        sys.stdout.write(text if text.endswith("\n") else f"{text}\n")
        sys.stdout.flush()

    def note(self, message: str) -> None:
        """A remark on stderr, so that stdout stays clean for a pipe."""
        note(message)


def _write_json(value: Any, indent: int | None) -> None:
    # json escapes C0 controls itself; C1, bidirectional overrides and line separators are
    # escaped too, so that even `--json` on a terminal shows them literally.
    text = json.dumps(value, indent=indent, ensure_ascii=False).translate(_JSON_ESCAPES)
    try:
        sys.stdout.write(text + "\n")
    except UnicodeEncodeError:
        # A lone surrogate from a \\ud800 escape, or a stdout that is not UTF-8: escaped
        # JSON is always writable.
        sys.stdout.write(json.dumps(value, indent=indent) + "\n")
    sys.stdout.flush()


def plain(message: str) -> None:
    """One line on stdout without Rich (the server's own banner), shown literally."""
    sys.stdout.write(f"{visible(message)}\n")
    sys.stdout.flush()


class _VisibleFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return visible(super().format(record), keep_lines=True)


def stderr_log_handler(fmt: str, datefmt: str | None = None) -> logging.Handler:
    """A logging handler writing to stderr, each record shown literally (request paths come
    from whoever sends the request)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_VisibleFormatter(fmt, datefmt))
    return handler


def note(message: str) -> None:
    """Unwrapped lines on stderr (Rich would wrap them at the console width), shown
    literally; a closed stderr is not an error."""
    try:
        sys.stderr.write(f"{visible(message, keep_lines=True)}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def error(message: str) -> None:
    """``error: …`` on one line of stderr, masked like every SDK message, shown literally."""
    note(f"error: {' '.join(redact(message).split())}")


def discard_stdout() -> None:
    """Point stdout at the null device, so that the interpreter's last flush stays quiet."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, sys.stdout.fileno())
        finally:
            os.close(null)
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (captured): nothing will be flushed to a closed pipe
