"""The fault matrix as data: which faults, which calls, and what the SDK does in each cell.

``test_fault_matrix.py`` runs every cell (sync and async) against the local Orchestrator and
compares what happens with :data:`EXPECTED`; ``scripts/fault_table.py`` (``make faults``)
renders the same data as the table published in the README. Plain data and the standard
library only: rendering the table starts no server.

An expectation says what the SDK *must* do. Where it does not yet, the cell is listed in
:data:`PENDING` and its test is an expected failure until the fix lands.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "EXPECTED",
    "FAULTS",
    "KINDS",
    "MODES",
    "PENDING",
    "Fault",
    "Outcome",
    "cells",
    "render_table",
]

MODES = ("sync", "async")


@dataclass(frozen=True)
class Outcome:
    """What one call ends in.

    ``error``/``error_id``: the exception class and its ``error_id`` (None: the call returned).
    ``requests``: how many requests the server received for the call. ``attempts``: how many
    the client made, when that differs (nothing listening). ``side_effects``: workflows
    created or runs started, for the calls that have any (None for the others).
    """

    error: str | None = None
    error_id: str | None = None
    requests: int = 1
    attempts: int | None = None
    side_effects: int | None = None

    def describe(self) -> str:
        """The table's text for this outcome."""
        if self.error is None:
            text = "ok" if self.requests <= 1 else "retried → ok"
        else:
            text = f"`{self.error}` `{self.error_id}`"
        if self.attempts is not None:
            text += f", {self.attempts} attempt{'s' if self.attempts != 1 else ''}"
        text += f", {self.requests} request{'s' if self.requests != 1 else ''}"
        if self.side_effects is not None:
            text += ", no write" if self.side_effects == 0 else f", {self.side_effects} write"
            if self.side_effects > 1:
                text += "s"
        return text


@dataclass(frozen=True)
class Fault:
    key: str
    label: str
    kinds: tuple[str, ...]


KINDS: dict[str, str] = {
    "get": "JSON GET (`workflows.get`)",
    "create": "POST `workflows.create`",
    "webhook": "POST `webhooks.execute`",
    "stream": "AI stream (`ai.generate_workflow`)",
    "download": "`workflows.download_project`",
    "save": "`workflows.save_project`",
}

ALL = tuple(KINDS)
JSON_CALLS = ("get", "create", "webhook", "download", "save")
STREAM = ("stream",)
DOWNLOADS = ("download", "save")

FAULTS: tuple[Fault, ...] = (
    Fault("refused", "Connection refused (nothing listens)", ALL),
    Fault("connect_timeout", "Connect timeout (accept queue full)", ALL),
    Fault("read_timeout", "Read timeout (answer held back, every time)", ALL),
    Fault("reset_before", "Connection reset before the answer (every time)", ALL),
    Fault("reset_mid_body", "Connection reset mid-body (once)", JSON_CALLS),
    Fault("reset_mid_stream", "Connection reset mid-stream (once)", STREAM),
    Fault("html_502", "502 with a proxy's HTML page (every time)", ALL),
    Fault("empty_503", "503, empty body, `Retry-After: 1` (once)", ALL),
    Fault("429_seconds", "429, `Retry-After: 1` (once)", ALL),
    Fault("429_date", "429, `Retry-After` as an HTTP date 1 s ahead (once)", ALL),
    Fault("429_beyond_timeout", "429, `Retry-After` an hour ahead, beyond the timeout", ALL),
    Fault("500_error_string", '500 `{"error": "msg"}` (every time)', ALL),
    Fault("500_error_details", '500 `{"error", "details"}` (every time)', ALL),
    Fault("500_success_false", '500 `{"success": false, "error"}` (every time)', ALL),
    Fault(
        "500_error_object",
        '500 `{"error": {"message", "error_id", "status", "request_id", …}}` (every time)',
        ALL,
    ),
    Fault("500_response_string", '500 `{"response": "msg"}` (every time)', ALL),
    Fault("invalid_json_2xx", "200 with invalid JSON (once)", ALL),
    Fault("wrong_type_2xx", "200 with an HTML page, `text/html` (once)", ALL),
    Fault("truncated_zip", "200 with a ZIP cut in half (once)", DOWNLOADS),
    Fault("stream_malformed", "Stream: one malformed line (skipped and counted)", STREAM),
    Fault("stream_error_event", 'Stream: an `{"type": "error"}` event', STREAM),
    Fault("stream_no_complete", "Stream: ends without `complete`", STREAM),
    Fault("stream_line_too_long", "Stream: a line over `max_line_bytes` (16 MiB)", STREAM),
)

OK = Outcome()


def fails(error: str, error_id: str, requests: int = 1, *, attempts: int | None = None) -> Outcome:
    """A call that raises ``error`` with ``error_id`` after ``requests`` requests."""
    return Outcome(error, error_id, requests, attempts)


def retried_ok(requests: int = 2) -> Outcome:
    """A call that failed, was retried and then returned."""
    return Outcome(requests=requests)


def writes(outcome: Outcome, count: int) -> Outcome:
    """``outcome`` for a call with a side effect: ``count`` workflows created or runs started."""
    return Outcome(outcome.error, outcome.error_id, outcome.requests, outcome.attempts, count)


def _row(
    *,
    get: Outcome,
    posts: tuple[Outcome, int],
    stream: Outcome | None = None,
    download: Outcome | None = None,
    save: Outcome | None = None,
) -> dict[str, Outcome]:
    """One fault's outcomes; ``posts`` is the outcome of both POSTs and their write count."""
    post, count = posts
    row = {"get": get, "create": writes(post, count), "webhook": writes(post, count)}
    row.update(
        (kind, outcome)
        for kind, outcome in (("stream", stream), ("download", download), ("save", save))
        if outcome is not None
    )
    return row


CONNECTION = "APIConnectionError"
TIMEOUT = "APITimeoutError"
SERVER = "InternalServerError"
NOT_READABLE = fails("SkytellsError", "INVALID_JSON")
# Nothing listens: every call is tried 1 + max_retries times (nothing was sent, so a POST too).
REFUSED = fails(CONNECTION, "NETWORK_ERROR", 0, attempts=3)
CONNECT_TIMEOUT = fails(TIMEOUT, "REQUEST_TIMEOUT", 0, attempts=3)


def _same(outcome: Outcome, writes_count: int = 0) -> dict[str, Outcome]:
    return _row(
        get=outcome,
        posts=(outcome, writes_count),
        stream=outcome,
        download=outcome,
        save=outcome,
    )


def _status_every_time(error_id: str) -> dict[str, Outcome]:
    # The server did the work, then answered 5xx: a GET is retried, a POST never is.
    retried = fails(SERVER, error_id, 3)
    once = fails(SERVER, error_id, 1)
    return _row(get=retried, posts=(once, 1), stream=once, download=retried, save=retried)


_ROWS: dict[str, dict[str, Outcome]] = {
    "refused": _same(REFUSED),
    "connect_timeout": _same(CONNECT_TIMEOUT),
    "read_timeout": _row(
        get=fails(TIMEOUT, "REQUEST_TIMEOUT", 3),
        posts=(fails(TIMEOUT, "REQUEST_TIMEOUT", 1), 1),
        stream=fails(TIMEOUT, "REQUEST_TIMEOUT", 1),
        download=fails(TIMEOUT, "REQUEST_TIMEOUT", 3),
        save=fails(TIMEOUT, "REQUEST_TIMEOUT", 3),
    ),
    "reset_before": _row(
        get=fails(CONNECTION, "NETWORK_ERROR", 3),
        posts=(fails(CONNECTION, "NETWORK_ERROR", 1), 0),
        stream=fails(CONNECTION, "NETWORK_ERROR", 1),
        download=fails(CONNECTION, "NETWORK_ERROR", 3),
        save=fails(CONNECTION, "NETWORK_ERROR", 3),
    ),
    "reset_mid_body": _row(
        get=retried_ok(),
        posts=(fails(CONNECTION, "NETWORK_ERROR", 1), 1),
        download=retried_ok(),
        # The cut file is thrown away and the download starts over.
        save=retried_ok(),
    ),
    "reset_mid_stream": {"stream": fails(CONNECTION, "NETWORK_ERROR", 1)},
    "html_502": _status_every_time("BAD_GATEWAY"),
    "empty_503": _row(
        get=retried_ok(),
        posts=(fails(SERVER, "SERVICE_UNAVAILABLE", 1), 0),
        stream=fails(SERVER, "SERVICE_UNAVAILABLE", 1),
        download=retried_ok(),
        save=retried_ok(),
    ),
    # A 429 means the server did nothing: every call is retried after Retry-After, POSTs too.
    "429_seconds": _same(retried_ok(), 1),
    "429_date": _same(retried_ok(), 1),
    # Waiting an hour would blow the call's timeout (2 s): give up at once.
    "429_beyond_timeout": _same(fails("RateLimitError", "RATE_LIMITED", 1), 0),
    "500_error_string": _status_every_time("INTERNAL_ERROR"),
    "500_error_details": _status_every_time("INTERNAL_ERROR"),
    "500_success_false": _status_every_time("INTERNAL_ERROR"),
    # The envelope's own error_id wins over the status's.
    "500_error_object": _status_every_time("UPSTREAM_FAILED"),
    "500_response_string": _status_every_time("INTERNAL_ERROR"),
    # A 2xx is never retried; the POSTs' work was done once.
    "invalid_json_2xx": _row(
        get=NOT_READABLE,
        posts=(NOT_READABLE, 1),
        stream=fails("StreamError", "STREAM_INCOMPLETE"),
        download=NOT_READABLE,
        save=NOT_READABLE,
    ),
    "wrong_type_2xx": _row(
        get=NOT_READABLE,
        posts=(NOT_READABLE, 1),
        stream=fails("StreamError", "STREAM_INCOMPLETE"),
        download=NOT_READABLE,
        save=NOT_READABLE,
    ),
    "truncated_zip": {"download": NOT_READABLE, "save": NOT_READABLE},
    # Skipped and counted in stream.malformed_lines (and logged), the rest is kept.
    "stream_malformed": {"stream": OK},
    "stream_error_event": {"stream": fails("StreamError", "STREAM_ERROR")},
    "stream_no_complete": {"stream": fails("StreamError", "STREAM_INCOMPLETE")},
    "stream_line_too_long": {"stream": fails("StreamError", "STREAM_LINE_TOO_LONG")},
}

EXPECTED: dict[tuple[str, str], Outcome] = {
    (fault, kind): outcome for fault, row in _ROWS.items() for kind, outcome in row.items()
}

# (fault, kind) -> why the SDK does not behave as expected yet: the cell's test is then an
# expected failure (strict, so that it is removed from here once the fix lands).
PENDING: dict[tuple[str, str], str] = {}


def cells() -> list[tuple[str, str]]:
    """Every (fault, kind) cell that applies, in table order."""
    return [(fault.key, kind) for fault in FAULTS for kind in KINDS if kind in fault.kinds]


def render_table() -> str:
    """The matrix as a markdown table: faults down, call kinds across."""
    header = "| Fault | " + " | ".join(KINDS.values()) + " |"
    rule = "|---" * (len(KINDS) + 1) + "|"
    rows = [header, rule]
    for fault in FAULTS:
        texts = []
        for kind in KINDS:
            if kind not in fault.kinds:
                texts.append("n/a")
                continue
            text = EXPECTED[fault.key, kind].describe()
            if (fault.key, kind) in PENDING:
                text += " (pending fix)"
            texts.append(text)
        rows.append(f"| {fault.label} | " + " | ".join(texts) + " |")
    return "\n".join(rows) + "\n"
