"""The ``SkytellsError`` hierarchy and the one place that maps failures to it.

Every failure a caller can meet is a ``SkytellsError`` with an ``error_id``. HTTP answers
go through :func:`error_from_response`, transport failures through
:func:`error_from_exception`. Both understand every error envelope listed in API-FACTS.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

import httpx

from ._redact import redact

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "SkytellsError",
    "StreamError",
    "UnprocessableEntityError",
    "body_preview",
    "client_closed_error",
    "error_from_exception",
    "error_from_response",
    "invalid_json_error",
    "sdk_error",
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
    """Base class of every error the SDK raises.

    ``str(err)`` is a one-liner such as
    ``[404 NOT_FOUND] Workflow not found (request_id=req_1)``. Message, details and the
    text forms are redacted: no key ever appears in them.

    >>> try:
    ...     raise SkytellsError("Something broke")
    ... except SkytellsError as err:
    ...     print(err.error_id, err.http_status)
    SDK_ERROR 0
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
    """The server answered with a non-2xx status. Subclasses narrow it by status."""

    default_error_id = "HTTP_ERROR"


class BadRequestError(APIStatusError):
    """400: the request was refused as invalid."""

    default_error_id = "INVALID_REQUEST"
    default_http_status = 400


class AuthenticationError(APIStatusError):
    """401: the key or session is missing or invalid."""

    default_error_id = "UNAUTHORIZED"
    default_http_status = 401


class PermissionDeniedError(APIStatusError):
    """403: authenticated, but not allowed to do this."""

    default_error_id = "FORBIDDEN"
    default_http_status = 403


class NotFoundError(APIStatusError):
    """404: no such resource (or not visible to this caller)."""

    default_error_id = "NOT_FOUND"
    default_http_status = 404


class ConflictError(APIStatusError):
    """409: the request conflicts with the current state."""

    default_error_id = "CONFLICT"
    default_http_status = 409


class UnprocessableEntityError(APIStatusError):
    """422: the input was understood but rejected."""

    default_error_id = "INVALID_INPUT"
    default_http_status = 422


class RateLimitError(APIStatusError):
    """429: too many requests; see the ``Retry-After`` header on ``response``."""

    default_error_id = "RATE_LIMITED"
    default_http_status = 429


class InternalServerError(APIStatusError):
    """5xx: the server (or a proxy in front of it) failed."""

    default_error_id = "INTERNAL_ERROR"
    default_http_status = 500


class APIConnectionError(SkytellsError):
    """No usable answer arrived: connection refused, reset, or cut mid-body."""

    default_error_id = "NETWORK_ERROR"


class APITimeoutError(APIConnectionError):
    """The request (or a stream waiting for its next line) timed out."""

    default_error_id = "REQUEST_TIMEOUT"


class StreamError(SkytellsError):
    """An AI generation stream failed.

    ``error_id`` is ``STREAM_ERROR`` (the server reported a failure),
    ``STREAM_INCOMPLETE`` (the stream ended before ``complete``) or
    ``STREAM_LINE_TOO_LONG`` (a line passed ``max_line_bytes``).
    """

    default_error_id = "STREAM_ERROR"


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
