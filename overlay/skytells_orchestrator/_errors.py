"""The ``SkytellsError`` hierarchy and the one place that maps failures to it.

Every failure a caller can meet is a ``SkytellsError`` with an ``error_id``. HTTP answers
go through ``error_from_response``, transport failures through
``error_from_exception``. Both understand every error envelope listed in API-FACTS.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import httpx

from ._redact import redact

if TYPE_CHECKING:
    from ._authoring import WorkflowProblem

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "InvalidWorkflowError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "SkytellsError",
    "StreamError",
    "UnprocessableEntityError",
    "WaitTimeoutError",
    "body_preview",
    "client_closed_error",
    "error_from_exception",
    "error_from_response",
    "failed_operation_error",
    "invalid_json_error",
    "sdk_error",
    "unreadable_answer_error",
]

PREVIEW_CHARS = 500
# Details longer than this stay out of str(err): a proxy's HTML page is noise in a one-liner.
_INLINE_DETAILS_CHARS = 200

ERROR_ID_BY_STATUS: dict[int, str] = {
    400: "INVALID_REQUEST",
    401: "UNAUTHORIZED",
    402: "PAYMENT_REQUIRED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    408: "REQUEST_TIMEOUT",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    422: "INVALID_INPUT",
    429: "RATE_LIMITED",
    500: "INTERNAL_ERROR",
    502: "BAD_GATEWAY",
    503: "SERVICE_UNAVAILABLE",
    504: "GATEWAY_TIMEOUT",
}


class SkytellsError(Exception):
    """Base class of every error the SDK raises; ``error_id`` says which one it is.

    Raised as it is (not as a subclass) for failures that are not an HTTP refusal:
    ``SDK_ERROR`` (an invalid argument, refused before anything is sent), ``CLIENT_CLOSED``
    (a call on a closed client), ``INVALID_JSON`` (a successful answer that cannot be read),
    ``OPERATION_FAILED`` (a 2xx answer saying ``"success": false``),
    ``NOT_PROVIDED_BY_SERVER`` (the server's answer lacks what was asked for, such as the
    execution in a bare list of logs), ``EVENT_LOOP_MISMATCH`` (an async client used on a
    second event loop), ``HTTP_ERROR`` (more than 10 redirects) and ``INTERNAL_ERROR`` with
    status 200 (a project download answering ``"success": false``).

    ``str(err)`` is a one-liner such as
    ``[404 NOT_FOUND] Workflow not found (request_id=req_1)``. Message, details and the
    text forms are redacted: no key ever appears in them.

    >>> try:
    ...     raise SkytellsError("Something broke")
    ... except SkytellsError as err:
    ...     print(err.error_id, err.http_status)
    SDK_ERROR 0

    Args:
        message: What went wrong; redacted.
        error_id: The stable id; the class's ``default_error_id`` when None.
        details: More text (such as the server's ``details``); redacted.
        http_status: The HTTP status; the class's ``default_http_status`` when None.
        request_id: The server's request id, when it sent one.
        error_type: The ``type`` of an ``{"error": {...}}`` envelope.
        error_code: The ``code`` of the error envelope.
        response: The HTTP response, when there was one.

    Attributes:
        message (str): What went wrong, redacted.
        error_id (str): A stable id to branch on, such as ``NOT_FOUND`` or ``SDK_ERROR``.
        details (str | None): More text, redacted: the server's ``details``, or the start
            of an answer that is not JSON (an HTML error page).
        http_status (int): The HTTP status, or 0 when no answer was involved.
        request_id (str | None): The server's request id (body or ``x-request-id``).
        error_type (str | None): The ``type`` of an ``{"error": {...}}`` envelope.
        error_code (str | None): The ``code`` of the error envelope, as text.
        response (httpx.Response | None): The HTTP response, when there was one (not
            kept when the error is pickled).
    """

    default_error_id: ClassVar[str] = "SDK_ERROR"
    default_http_status: ClassVar[int] = 0

    message: str
    error_id: str
    details: str | None
    http_status: int
    request_id: str | None
    error_type: str | None
    error_code: str | None
    response: httpx.Response | None

    def __init__(
        self,
        message: str,
        *,
        error_id: str | None = None,
        details: str | None = None,
        http_status: int | None = None,
        request_id: str | None = None,
        error_type: str | None = None,
        error_code: str | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        self.message = redact(str(message))
        super().__init__(self.message)
        self.error_id = error_id or self.default_error_id
        self.details = redact(details) if details is not None else None
        self.http_status = self.default_http_status if http_status is None else http_status
        self.request_id = request_id
        self.error_type = error_type
        self.error_code = error_code
        self.response = response

    def __str__(self) -> str:
        head = f"[{self.http_status} {self.error_id}]" if self.http_status else f"[{self.error_id}]"
        text = f"{head} {self.message}"
        if self.details:
            inline = " ".join(self.details.split())
            if inline and len(inline) <= _INLINE_DETAILS_CHARS:
                text = f"{text}: {inline}"
        if self.request_id:
            text = f"{text} (request_id={self.request_id})"
        return redact(text)

    def __repr__(self) -> str:
        fields: list[tuple[str, object]] = [
            ("message", self.message),
            ("error_id", self.error_id),
            ("http_status", self.http_status),
            ("request_id", self.request_id),
            ("details", self.details),
            ("error_type", self.error_type),
            ("error_code", self.error_code),
        ]
        # None-valued optional fields add nothing but noise.
        shown = ", ".join(f"{name}={value!r}" for name, value in fields if value is not None)
        return redact(f"{type(self).__name__}({shown})")

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's default pickling replays self.args positionally, which would lose the
        # keyword-only fields. The httpx.Response is dropped: it holds a live connection.
        state = {
            "error_id": self.error_id,
            "details": self.details,
            "http_status": self.http_status,
            "request_id": self.request_id,
            "error_type": self.error_type,
            "error_code": self.error_code,
        }
        return (_rebuild_error, (type(self), self.message, state))


def _rebuild_error(cls: type[SkytellsError], message: str, state: dict[str, Any]) -> SkytellsError:
    return cls(message, **state)


class APIStatusError(SkytellsError):
    """Raised when the server answers with a non-2xx status; subclasses narrow it by status.

    Raised as it is for a status without its own subclass (402, 408, 413, ...), with
    ``error_id`` from the envelope or ``HTTP_ERROR``. ``http_status``, ``message``,
    ``details`` and ``request_id`` come from the answer; the answer is in ``response``.
    """

    default_error_id = "HTTP_ERROR"


class BadRequestError(APIStatusError):
    """Raised for a 400 answer: the request was refused as invalid (``INVALID_REQUEST``).

    For example a webhook call to a workflow whose trigger is not a Webhook trigger.
    """

    default_error_id = "INVALID_REQUEST"
    default_http_status = 400


class AuthenticationError(APIStatusError):
    """Raised for a 401 answer: the key or session is missing or invalid (``UNAUTHORIZED``).

    Management routes need a session (``orchestrator_session_token``); webhooks a ``wfb_`` key.
    """

    default_error_id = "UNAUTHORIZED"
    default_http_status = 401


class PermissionDeniedError(APIStatusError):
    """Raised for a 403 answer: authenticated, but not allowed to do this (``FORBIDDEN``).

    For example a ``wfb_`` key of another user than the workflow's owner.
    """

    default_error_id = "FORBIDDEN"
    default_http_status = 403


class NotFoundError(APIStatusError):
    """Raised for a 404 answer: no such resource, or not visible to this caller (``NOT_FOUND``).

    The server answers 404 for another user's private workflow, and without a session.
    """

    default_error_id = "NOT_FOUND"
    default_http_status = 404


class ConflictError(APIStatusError):
    """Raised for a 409 answer: the request conflicts with the current state (``CONFLICT``)."""

    default_error_id = "CONFLICT"
    default_http_status = 409


class UnprocessableEntityError(APIStatusError):
    """Raised for a 422 answer: the input was understood but rejected (``INVALID_INPUT``)."""

    default_error_id = "INVALID_INPUT"
    default_http_status = 422


class RateLimitError(APIStatusError):
    """Raised for a 429 answer once retries are used up: too many requests (``RATE_LIMITED``).

    Retries honour its ``Retry-After`` header, and stop when it asks for too long a wait;
    the last answer is on ``response``.
    """

    default_error_id = "RATE_LIMITED"
    default_http_status = 429


class InternalServerError(APIStatusError):
    """Raised for a 5xx answer: the server, or a proxy in front of it, failed.

    ``error_id`` is ``INTERNAL_ERROR`` (500), ``BAD_GATEWAY`` (502),
    ``SERVICE_UNAVAILABLE`` (503), ``GATEWAY_TIMEOUT`` (504) or ``HTTP_ERROR`` (another
    5xx), unless the envelope names one; ``details`` holds the start of an HTML page from a
    proxy.
    """

    default_error_id = "INTERNAL_ERROR"
    default_http_status = 500


class APIConnectionError(SkytellsError):
    """Raised when no usable answer arrived: connection refused, reset, or cut mid-body.

    ``error_id`` is ``NETWORK_ERROR`` and ``http_status`` 0; the httpx exception is the
    ``__cause__``.
    """

    default_error_id = "NETWORK_ERROR"


class APITimeoutError(APIConnectionError):
    """Raised when a request, or a stream waiting for its next line, timed out.

    ``error_id`` is ``REQUEST_TIMEOUT``; a subclass of ``APIConnectionError``.
    """

    default_error_id = "REQUEST_TIMEOUT"


class StreamError(SkytellsError):
    """Raised while reading an AI generation stream that failed.

    ``error_id`` is ``STREAM_ERROR`` (the server reported a failure),
    ``STREAM_INCOMPLETE`` (the stream ended before ``complete``) or
    ``STREAM_LINE_TOO_LONG`` (a line passed ``max_line_bytes``). Reading one stream
    from two threads or tasks at once raises ``STREAM_IN_USE``.
    """

    default_error_id = "STREAM_ERROR"


class InvalidWorkflowError(SkytellsError):
    """Raised when a workflow graph or a webhook body is refused before any request is sent.

    ``error_id`` is ``INVALID_WORKFLOW`` (``workflows.create``/``update``) or
    ``INVALID_INPUT`` (``webhooks.execute`` with ``check_against``). The message names the
    first errors; ``details`` lists the other problems.

    Args:
        message: What was refused and why.
        problems: Every problem found, errors and warnings.
        **fields: The other arguments of ``SkytellsError``.

    Attributes:
        problems (tuple[WorkflowProblem, ...]): Every problem found (``code``,
            ``severity``, ``message``, ``node_id``, ``edge_id``, ``path``); the errors
            among them are why.
    """

    default_error_id = "INVALID_WORKFLOW"

    problems: tuple[WorkflowProblem, ...]

    def __init__(
        self, message: str, *, problems: Sequence[WorkflowProblem] = (), **fields: Any
    ) -> None:
        super().__init__(message, **fields)
        self.problems = tuple(problems)

    def __reduce__(self) -> tuple[Any, ...]:
        rebuild, (cls, message, state) = super().__reduce__()
        return (rebuild, (cls, message, {**state, "problems": self.problems}))


class WaitTimeoutError(SkytellsError):
    """Raised when a run is still going after the ``timeout`` of a wait.

    ``error_id`` is ``WAIT_TIMEOUT``; from ``executions.wait`` and ``executions.watch`` and
    from ``execute_and_wait`` (webhooks and workflows), whose caller learns here which run it
    was: the run goes on, and can be waited for or read again by its id.

    >>> try:
    ...     raise WaitTimeoutError("still running", execution_id="ex_1")
    ... except WaitTimeoutError as err:
    ...     print(err.error_id, err.execution_id)
    WAIT_TIMEOUT ex_1

    Args:
        message: What ran out of time; it names the run.
        execution_id: The run's id.
        **fields: The other arguments of ``SkytellsError``.

    Attributes:
        execution_id (str): The id of the run that did not finish in time.
    """

    default_error_id = "WAIT_TIMEOUT"

    execution_id: str

    def __init__(self, message: str, *, execution_id: str, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.execution_id = execution_id

    def __reduce__(self) -> tuple[Any, ...]:
        rebuild, (cls, message, state) = super().__reduce__()
        return (rebuild, (cls, message, {**state, "execution_id": self.execution_id}))


_CLASS_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def _class_for_status(status: int) -> type[APIStatusError]:
    if status >= 500:
        return InternalServerError
    return _CLASS_BY_STATUS.get(status, APIStatusError)


def _response_bytes(response: httpx.Response) -> bytes:
    try:
        return response.content
    except (httpx.ResponseNotRead, httpx.StreamError):
        # A streamed answer nobody read: the status line still says enough.
        return b""


def _decode_leniently(body: bytes, response: httpx.Response) -> str:
    encoding = response.charset_encoding or "utf-8"
    try:
        return body.decode(encoding, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def _preview(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    if len(text) > PREVIEW_CHARS:
        return text[: PREVIEW_CHARS - 1] + "\u2026"
    return text


def body_preview(response: httpx.Response) -> str | None:
    """Return the first 500 characters of a read response's body, or None if empty.

    >>> body_preview(httpx.Response(502, text="<html>Bad Gateway</html>"))
    '<html>Bad Gateway</html>'
    """
    return _preview(_decode_leniently(_response_bytes(response), response))


def _default_message(response: httpx.Response) -> str:
    return response.reason_phrase or f"HTTP {response.status_code}"


def _text(value: object) -> str | None:
    """A non-empty string field, or None."""
    if isinstance(value, str) and value.strip():
        return value
    return None


def _id_text(value: object) -> str | None:
    # Codes and ids are sometimes numbers on the wire; keep them as text.
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    return _text(value)


def _details_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value or None
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return str(value)


def _load_json(text: str) -> tuple[bool, object]:
    if not text.strip():
        return False, None
    try:
        return True, json.loads(text)
    except (ValueError, RecursionError):
        return False, None


def _fields_from_object(body: dict[str, Any]) -> dict[str, str | None]:
    """Read message, ids and details from any of the known JSON envelopes."""
    fields: dict[str, str | None] = {
        "message": None,
        "error_id": _text(body.get("error_id")),
        "details": _details_text(body.get("details")),
        "request_id": _id_text(body.get("request_id")) or _id_text(body.get("requestId")),
        "error_type": None,
        "error_code": _id_text(body.get("code")),
    }
    error = body.get("error")
    if isinstance(error, dict):
        # {"error": {"message", "error_id", "status"|"http_status", "request_id", ...}}.
        # The body's own status is not used: the real HTTP status is the authority.
        fields["message"] = _text(error.get("message")) or _text(error.get("error"))
        fields["error_id"] = _text(error.get("error_id")) or fields["error_id"]
        fields["request_id"] = _id_text(error.get("request_id")) or fields["request_id"]
        nested_details = _details_text(error.get("details"))
        fields["details"] = nested_details if nested_details is not None else fields["details"]
        fields["error_type"] = _text(error.get("type"))
        fields["error_code"] = _id_text(error.get("code")) or fields["error_code"]
    elif isinstance(error, str):
        fields["message"] = _text(error)
    elif error is not None:
        fields["message"] = _details_text(error)
    if fields["message"] is None:
        for key in ("response", "message", "detail"):
            candidate = body.get(key)
            fields["message"] = _text(candidate)
            if fields["message"] is not None:
                break
    return fields


def error_from_response(response: httpx.Response) -> SkytellsError:
    """Map a read, non-2xx ``httpx.Response`` to the matching ``SkytellsError`` subclass.

    Understands ``{"error": "msg"}`` (with optional ``details``), ``{"error": {...}}``,
    ``{"response": "msg"}``, ``{"message": "msg"}``, non-object JSON and HTML or empty
    bodies from proxies. Never raises.

    >>> err = error_from_response(httpx.Response(404, json={"error": "Workflow not found"}))
    >>> type(err).__name__, err.error_id, err.message
    ('NotFoundError', 'NOT_FOUND', 'Workflow not found')
    """
    status = response.status_code
    text = _decode_leniently(_response_bytes(response), response)
    is_json, body = _load_json(text)

    message: str | None = None
    error_id: str | None = None
    details: str | None = None
    request_id: str | None = None
    error_type: str | None = None
    error_code: str | None = None
    if is_json and isinstance(body, dict):
        fields = _fields_from_object(body)
        message = fields["message"]
        error_id = fields["error_id"]
        details = fields["details"]
        request_id = fields["request_id"]
        error_type = fields["error_type"]
        error_code = fields["error_code"]
        if message is None and details is None:
            details = _preview(text)
    elif is_json and isinstance(body, str):
        message = _text(body)
    else:
        # A list, a number, HTML, plain text or nothing: show what came back.
        details = _preview(text)

    return _class_for_status(status)(
        message or _default_message(response),
        error_id=error_id or ERROR_ID_BY_STATUS.get(status, "HTTP_ERROR"),
        details=details,
        http_status=status,
        request_id=request_id or response.headers.get("x-request-id"),
        error_type=error_type,
        error_code=error_code,
        response=response,
    )


def _request_of(exc: BaseException) -> httpx.Request | None:
    try:
        request = getattr(exc, "request", None)
    except RuntimeError:
        # httpx raises when an exception was built without a request.
        return None
    return request if isinstance(request, httpx.Request) else None


def _describe_request(request: httpx.Request | None) -> str:
    if request is None:
        return ""
    # Credentials in the URL's user-info must not reach the message.
    url = request.url.copy_with(username=None, password=None)
    return f" on {request.method} {url}"


def _cause_text(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def error_from_exception(exc: Exception, *, request: httpx.Request | None = None) -> SkytellsError:
    """Map an exception raised while talking to the server to a ``SkytellsError``.

    Timeouts become ``APITimeoutError``, other transport failures ``APIConnectionError``,
    anything else ``SDK_ERROR``. The original exception is kept as ``__cause__``.

    >>> err = error_from_exception(httpx.ConnectError("refused"))
    >>> type(err).__name__, err.error_id
    ('APIConnectionError', 'NETWORK_ERROR')
    """
    if isinstance(exc, SkytellsError):
        return exc
    target = _describe_request(request or _request_of(exc))
    error: SkytellsError
    if isinstance(exc, httpx.TimeoutException):
        error = APITimeoutError(f"Request timed out{target} ({_cause_text(exc)})")
    elif isinstance(exc, httpx.TransportError):
        error = APIConnectionError(f"Connection failed{target} ({_cause_text(exc)})")
    elif isinstance(exc, httpx.HTTPError | httpx.StreamError):
        error = SkytellsError(f"HTTP client error{target} ({_cause_text(exc)})")
    else:
        error = SkytellsError(f"Unexpected error ({_cause_text(exc)})")
    error.__cause__ = exc
    return error


def invalid_json_error(response: httpx.Response, reason: str) -> SkytellsError:
    """Error for a 2xx answer whose body is not the JSON the API promises.

    >>> err = invalid_json_error(httpx.Response(200, text="<html>"), "not JSON")
    >>> err.error_id, err.http_status, err.details
    ('INVALID_JSON', 200, '<html>')
    """
    return SkytellsError(
        f"The server's answer could not be read: {reason}",
        error_id="INVALID_JSON",
        http_status=response.status_code,
        details=body_preview(response),
        request_id=response.headers.get("x-request-id"),
        response=response,
    )


def failed_operation_error(response: httpx.Response, data: Any) -> SkytellsError:
    """Error for a 2xx answer saying ``"success": false`` (``OPERATION_FAILED``), with the
    server's message.

    >>> err = failed_operation_error(httpx.Response(200), {"success": False, "error": "Busy"})
    >>> err.error_id, err.message
    ('OPERATION_FAILED', 'Busy')
    """
    error = data.get("error")
    if isinstance(error, dict):
        error = error.get("message")
    message = error if isinstance(error, str) and error.strip() else None
    if message is None:
        fallback = data.get("message")
        message = fallback if isinstance(fallback, str) and fallback.strip() else None
    details = data.get("details")
    return SkytellsError(
        message or "The server answered that the operation did not succeed",
        error_id="OPERATION_FAILED",
        http_status=response.status_code,
        details=details if isinstance(details, str) else None,
        request_id=response.headers.get("x-request-id"),
        response=response,
    )


def unreadable_answer_error(response: httpx.Response, reason: str) -> SkytellsError:
    """Error for a 2xx answer its call cannot read: ``OPERATION_FAILED`` with the server's
    message when the body is an object saying ``"success": false``, else ``INVALID_JSON``.

    >>> unreadable_answer_error(httpx.Response(200, json={"success": False}), "no id").error_id
    'OPERATION_FAILED'
    >>> unreadable_answer_error(httpx.Response(200, json=[]), "not an object").error_id
    'INVALID_JSON'
    """
    readable, body = _load_json(response.text)
    if readable and isinstance(body, dict) and body.get("success") is False:
        return failed_operation_error(response, body)
    return invalid_json_error(response, reason)


def client_closed_error() -> SkytellsError:
    """Error for a call on a client that was closed (``CLIENT_CLOSED``).

    >>> client_closed_error().error_id
    'CLIENT_CLOSED'
    """
    return SkytellsError(
        "This client was closed (close() or the end of its with block); create a new client",
        error_id="CLIENT_CLOSED",
    )


def sdk_error(message: str) -> SkytellsError:
    """Error for a misuse or internal failure of the SDK itself (``SDK_ERROR``).

    >>> sdk_error("workflow_id must not be empty").error_id
    'SDK_ERROR'
    """
    return SkytellsError(message, error_id="SDK_ERROR")
