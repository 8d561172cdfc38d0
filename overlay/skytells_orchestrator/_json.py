"""Decoding the JSON the server sends: msgspec's decoder, with the standard library's results.

msgspec decodes three to four times faster than ``json.loads``. What it refuses and the
standard library accepts (``NaN``, numbers too large for a float, lone surrogates, a UTF-8
BOM, ...) falls back to the standard library, which then decides: every result, and every
error, is what ``json.loads`` gives. Integers keep their exact value at any size, as with
``json.loads`` (a decoder that turned them into floats would not be used here).

Where msgspec is not installed (it is a dependency on CPython only), the standard library
does all the work.
"""

from __future__ import annotations

import json
import json.scanner
from collections.abc import Callable
from typing import Any, cast

__all__ = ["FAST_DECODE", "FAST_REFUSALS", "loads", "loads_line"]

_Decode = Callable[[bytes], Any]

#: msgspec's decoder (None where msgspec is not installed), for loops that handle its
#: refusals themselves (``FAST_REFUSALS``: then the functions below decide).
FAST_DECODE: _Decode | None
FAST_REFUSALS: tuple[type[Exception], ...]
try:
    import msgspec.json
except ImportError:  # pragma: no cover - interpreters msgspec does not support
    FAST_DECODE, FAST_REFUSALS = None, ()
else:
    FAST_DECODE = msgspec.json.Decoder().decode
    # Any refusal, however worded: older versions raise UnicodeDecodeError for bytes that are
    # not UTF-8, where newer ones raise DecodeError, and nesting past msgspec's depth limit is
    # a RecursionError (which json may well decode). The standard library then decides.
    FAST_REFUSALS = (msgspec.MsgspecError, ValueError, RecursionError)

# The C scanner behind json.loads, called directly: json.loads spends as long again in its
# Python wrapper (and a whitespace regex) as in the scanner for a line this short.
_scan_once: Callable[[str, int], tuple[Any, int]] = json.scanner.make_scanner(
    cast(Any, json.JSONDecoder())  # typeshed types the argument oddly
)


def _stdlib_line(line: bytes) -> Any:
    """``json.loads(line.decode("utf-8"))``, faster for a line that is exactly one value."""
    text = line.decode("utf-8")
    try:
        value, end = _scan_once(text, 0)
    except StopIteration:
        end = -1
    if end != len(text):
        # Leading or trailing whitespace, extra data, or not JSON: json.loads decides (and
        # words the error).
        return json.loads(text)
    return value


def loads(data: bytes) -> Any:
    """``json.loads(data)``: the same value, or the same error."""
    if FAST_DECODE is not None:
        try:
            return FAST_DECODE(data)
        except FAST_REFUSALS:
            pass  # the standard library decides, below
    return json.loads(data)


def loads_line(line: bytes) -> Any:
    """``json.loads(line.decode("utf-8"))``: the same value, or the same error.

    Unlike ``json.loads`` of bytes, the line must be UTF-8, and a BOM is not skipped
    (``UnicodeDecodeError`` or ``JSONDecodeError``, both ``ValueError``s).
    """
    if FAST_DECODE is not None:
        try:
            return FAST_DECODE(line)
        except FAST_REFUSALS:
            pass  # the standard library decides, below
    return _stdlib_line(line)
