"""The fast JSON decoding gives exactly what the standard library gives: values and errors."""

from __future__ import annotations

import json
import math
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from skytells_orchestrator import _json
from skytells_orchestrator._json import FAST_DECODE, loads, loads_line

# JSON values as the server could send them, and more: integers far past 64 bits, floats
# past their range (written as 1e400), NaN and the infinities, lone surrogates.
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**200), max_value=2**200)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=20,
)


def same(a: Any, b: Any) -> bool:
    """Equal values of the same types all the way down (NaN equal to NaN); iterative, since
    some interpreters decode nesting deeper than Python's recursion limit."""
    pending = [(a, b)]
    while pending:
        x, y = pending.pop()
        if type(x) is not type(y):
            return False
        if isinstance(x, float):
            if not ((math.isnan(x) and math.isnan(y)) or (x == y and str(x) == str(y))):
                return False
        elif isinstance(x, list):
            if len(x) != len(y):
                return False
            pending.extend(zip(x, y, strict=True))
        elif isinstance(x, dict):
            if list(x) != list(y):
                return False
            pending.extend((x[key], y[key]) for key in x)
        elif x != y:
            return False
    return True


def outcome(decode: Any, data: Any) -> tuple[str, Any]:
    try:
        return "value", decode(data)
    except RecursionError:
        return "error", RecursionError
    except UnicodeDecodeError:
        return "error", UnicodeDecodeError
    except ValueError:
        return "error", ValueError


def assert_same_outcome(ours: tuple[str, Any], theirs: tuple[str, Any]) -> None:
    assert ours[0] == theirs[0], (ours, theirs)
    if ours[0] == "value":
        assert same(ours[1], theirs[1]), (ours, theirs)
    else:
        assert ours[1] is theirs[1]


def stdlib_line(line: bytes) -> Any:
    return json.loads(line.decode("utf-8"))


EDGE_CASES = [
    b"18446744073709551615",  # the largest unsigned 64-bit integer
    b"18446744073709551616",  # one more: a decoder that made it a float would differ
    b"-9223372036854775809",
    b"123456789012345678901234567890",
    b"[1e400, -1e400, 1.7976931348623157e309]",  # past a float: infinity
    b"1e-400",
    b"-0",
    b"-0.0",
    b"NaN",
    b"[Infinity, -Infinity]",
    b'"\\ud800"',  # a lone surrogate, escaped
    b'"\\udc00\\ud800"',
    b'"\\ud83d\\ude00"',  # a pair: one character
    b'"\xed\xa0\x80"',  # a surrogate encoded in UTF-8: not UTF-8
    b"\xef\xbb\xbf{}",  # a UTF-8 BOM
    b'{"a": 1, "a": 2}',  # the last duplicate wins
    b'  {"a": [1, 2.5, "x", null, true]}  ',
    b"{}x",
    b"01",
    b"1.",
    b'"\t"',  # a raw control character in a string
    b"",
    b"   ",
    b"[" * 5000 + b"]" * 5000,  # deeper than either decoder goes
    '"caf\u00e9 \U0001f680"'.encode(),
    '"caf\u00e9"'.encode("utf-16"),  # json.loads of bytes reads UTF-16 too
]


def test_the_fast_decoder_is_installed_on_cpython() -> None:
    # It is a dependency on CPython: without it every test below compares json with itself.
    if sys.implementation.name == "cpython":
        assert FAST_DECODE is not None


@pytest.mark.parametrize("data", EDGE_CASES, ids=lambda data: repr(data[:24]))
def test_edge_cases_decode_as_the_standard_library_does(data: bytes) -> None:
    assert_same_outcome(outcome(loads, data), outcome(json.loads, data))
    assert_same_outcome(outcome(loads_line, data), outcome(stdlib_line, data))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    value=JSON_VALUES,
    ensure_ascii=st.booleans(),
    indent=st.sampled_from([None, 0, 2]),
)
@example(
    value={"big": 2**64, "small": -(2**63) - 1, "inf": math.inf}, ensure_ascii=True, indent=None
)
def test_any_json_text_decodes_as_the_standard_library_does(
    value: Any, ensure_ascii: bool, indent: int | None
) -> None:
    text = json.dumps(value, ensure_ascii=ensure_ascii, indent=indent)
    data = text.encode("utf-8", errors="surrogatepass")  # lone surrogates: invalid UTF-8
    assert_same_outcome(outcome(loads, data), outcome(json.loads, data))
    assert_same_outcome(outcome(loads_line, data), outcome(stdlib_line, data))


@settings(max_examples=400, deadline=None)
@given(
    st.binary(max_size=40)
    | st.text(alphabet='{}[]",:0123456789.eE+-tfnrulasNIiy \\u\t\n\x00\u00e9', max_size=40).map(
        str.encode
    )
)
def test_any_bytes_decode_or_fail_as_the_standard_library_does(data: bytes) -> None:
    assert_same_outcome(outcome(loads, data), outcome(json.loads, data))
    assert_same_outcome(outcome(loads_line, data), outcome(stdlib_line, data))


def test_without_the_fast_decoder_the_standard_library_decodes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_json, "FAST_DECODE", None)
    for data in EDGE_CASES:
        assert_same_outcome(outcome(loads, data), outcome(json.loads, data))
        assert_same_outcome(outcome(loads_line, data), outcome(stdlib_line, data))
