"""error_from_response / error_from_exception map every failure to a SkytellsError."""

from __future__ import annotations

import pickle
from typing import Any

import httpx
import pytest
from skytells_orchestrator._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    SkytellsError,
    StreamError,
    UnprocessableEntityError,
    error_from_exception,
    error_from_response,
    invalid_json_error,
    sdk_error,
)

KEY = "wfb_" + "k" * 32
REQUEST = httpx.Request("POST", "https://orchestrator.skytells.ai/api/workflows/wf1/webhook")


JSON_HEADERS = {"Content-Type": "application/json"}


def make_response(
    status: int,
    *,
    json: Any = None,
    content: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    if json is not None:
        return httpx.Response(status, json=json, headers=headers, request=REQUEST)
    return httpx.Response(status, content=content or b"", headers=headers, request=REQUEST)


# --- status → class and error_id -------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "cls", "error_id"),
    [
        (400, BadRequestError, "INVALID_REQUEST"),
        (401, AuthenticationError, "UNAUTHORIZED"),
        (402, APIStatusError, "PAYMENT_REQUIRED"),
        (403, PermissionDeniedError, "FORBIDDEN"),
        (404, NotFoundError, "NOT_FOUND"),
        (408, APIStatusError, "REQUEST_TIMEOUT"),
        (409, ConflictError, "CONFLICT"),
        (413, APIStatusError, "PAYLOAD_TOO_LARGE"),
        (418, APIStatusError, "HTTP_ERROR"),
        (422, UnprocessableEntityError, "INVALID_INPUT"),
        (429, RateLimitError, "RATE_LIMITED"),
        (500, InternalServerError, "INTERNAL_ERROR"),
        (502, InternalServerError, "BAD_GATEWAY"),
        (503, InternalServerError, "SERVICE_UNAVAILABLE"),
        (504, InternalServerError, "GATEWAY_TIMEOUT"),
        (507, InternalServerError, "HTTP_ERROR"),
    ],
)
def test_status_picks_class_and_error_id(
    status: int, cls: type[SkytellsError], error_id: str
) -> None:
    err = error_from_response(make_response(status, json={"error": "boom"}))
    assert type(err) is cls
    assert isinstance(err, APIStatusError)
    assert err.error_id == error_id
    assert err.http_status == status
    assert err.message == "boom"


# --- every envelope keeps its message ------------------------------------------------------


def test_flat_error_string() -> None:
    err = error_from_response(make_response(404, json={"error": "Workflow not found"}))
    assert err.message == "Workflow not found"
    assert err.details is None
    assert str(err) == "[404 NOT_FOUND] Workflow not found"


def test_flat_error_with_details_and_success_false() -> None:
    body = {"success": False, "error": "Failed to fetch integrations", "details": "db down"}
    err = error_from_response(make_response(500, json=body))
    assert err.message == "Failed to fetch integrations"
    assert err.details == "db down"
    assert str(err) == "[500 INTERNAL_ERROR] Failed to fetch integrations: db down"


def test_object_details_become_json_text() -> None:
    body = {"error": "Invalid input", "details": {"field": "name", "issue": "required"}}
    err = error_from_response(make_response(400, json=body))
    assert err.details == '{"field": "name", "issue": "required"}'


def test_nested_error_object_with_every_field() -> None:
    body = {
        "error": {
            "message": "Model not found",
            "error_id": "MODEL_NOT_FOUND",
            "status": 404,
            "request_id": "req_body",
            "details": "no such model",
            "type": "invalid_request_error",
            "code": 4041,
        }
    }
    err = error_from_response(make_response(404, json=body, headers={"x-request-id": "req_h"}))
    assert isinstance(err, NotFoundError)
    assert err.message == "Model not found"
    assert err.error_id == "MODEL_NOT_FOUND"  # the body's own id wins over the status table
    assert err.request_id == "req_body"  # the body wins over the header
    assert err.details == "no such model"
    assert err.error_type == "invalid_request_error"
    assert err.error_code == "4041"
    assert str(err) == "[404 MODEL_NOT_FOUND] Model not found: no such model (request_id=req_body)"


def test_nested_error_with_http_status_key_uses_the_real_status() -> None:
    body = {"error": {"message": "Slow down", "http_status": 429}}
    err = error_from_response(make_response(429, json=body))
    assert isinstance(err, RateLimitError)
    assert (err.message, err.http_status, err.error_id) == ("Slow down", 429, "RATE_LIMITED")


@pytest.mark.parametrize("key", ["response", "message"])
def test_response_and_message_envelopes(key: str) -> None:
    err = error_from_response(make_response(401, json={key: "Unauthorized"}))
    assert isinstance(err, AuthenticationError)
    assert err.message == "Unauthorized"


def test_request_id_falls_back_to_header() -> None:
    resp = make_response(403, json={"error": "Forbidden"}, headers={"X-Request-Id": "req_42"})
    err = error_from_response(resp)
    assert err.request_id == "req_42"
    assert str(err).endswith("(request_id=req_42)")


def test_json_list_body_is_kept_in_details() -> None:
    # The body as bytes: httpx's own JSON encoding differs across its versions.
    err = error_from_response(make_response(400, content=b'["a","b"]', headers=JSON_HEADERS))
    assert err.message == "Bad Request"
    assert err.details == '["a","b"]'  # the raw body


def test_json_string_body_is_the_message() -> None:
    err = error_from_response(make_response(409, json="Already exists"))
    assert isinstance(err, ConflictError)
    assert err.message == "Already exists"


def test_object_without_known_message_keeps_body_in_details() -> None:
    err = error_from_response(make_response(422, content=b'{"weird":1}', headers=JSON_HEADERS))
    assert err.message == "Unprocessable Entity"
    assert err.details == '{"weird":1}'  # the raw body


def test_html_from_proxy() -> None:
    html = b"<html><head><title>502 Bad Gateway</title></head><body>" + b"x" * 2000 + b"</html>"
    err = error_from_response(make_response(502, content=html))
    assert isinstance(err, InternalServerError)
    assert err.message == "Bad Gateway"
    assert err.error_id == "BAD_GATEWAY"
    assert err.details is not None
    assert err.details.startswith("<html><head><title>502")
    assert len(err.details) <= 500
    # A long HTML page stays out of the one-liner.
    assert str(err) == "[502 BAD_GATEWAY] Bad Gateway"


def test_empty_body() -> None:
    err = error_from_response(make_response(504))
    assert (err.message, err.error_id, err.details) == ("Gateway Timeout", "GATEWAY_TIMEOUT", None)


def test_unknown_status_without_reason_phrase() -> None:
    err = error_from_response(make_response(599, content=b"upstream reset"))
    assert err.message == "HTTP 599"
    assert err.details == "upstream reset"


def test_invalid_utf8_body_is_decoded_leniently() -> None:
    err = error_from_response(make_response(503, content=b"bad \xff\xfe bytes"))
    assert err.details is not None
    assert err.details.startswith("bad ")


def test_unread_streaming_response_does_not_raise() -> None:
    resp = httpx.Response(500, stream=httpx.ByteStream(b'{"error": "x"}'), request=REQUEST)
    err = error_from_response(resp)
    assert isinstance(err, InternalServerError)
    assert err.message == "Internal Server Error"


def test_response_is_attached_but_not_in_repr() -> None:
    resp = make_response(404, json={"error": "Workflow not found"})
    err = error_from_response(resp)
    assert err.response is resp
    assert repr(err) == (
        "NotFoundError(message='Workflow not found', error_id='NOT_FOUND', http_status=404)"
    )


# --- secrets ----------------------------------------------------------------------------


def test_keys_never_appear_in_message_details_str_or_repr() -> None:
    body = {"error": f"Invalid API key {KEY}", "details": f"Authorization: Bearer {KEY}"}
    err = error_from_response(make_response(401, json=body))
    for text in (err.message, err.details or "", str(err), repr(err)):
        assert KEY not in text
        assert "wfb_kkkk\u2026" in text


def test_constructor_redacts() -> None:
    err = SkytellsError(f"leak {KEY}", details=f"sk-{'s' * 20}")
    assert KEY not in err.message
    assert "s" * 20 not in (err.details or "")


# --- constructor, defaults, pickling -------------------------------------------------------


def test_constructor_defaults() -> None:
    err = SkytellsError("Something broke")
    assert (err.error_id, err.http_status, err.request_id, err.response) == (
        "SDK_ERROR",
        0,
        None,
        None,
    )
    assert str(err) == "[SDK_ERROR] Something broke"
    assert err.args == ("Something broke",)


@pytest.mark.parametrize(
    ("cls", "error_id", "status"),
    [
        (APIConnectionError, "NETWORK_ERROR", 0),
        (APITimeoutError, "REQUEST_TIMEOUT", 0),
        (StreamError, "STREAM_ERROR", 0),
        (NotFoundError, "NOT_FOUND", 404),
        (InternalServerError, "INTERNAL_ERROR", 500),
    ],
)
def test_subclass_defaults(cls: type[SkytellsError], error_id: str, status: int) -> None:
    err = cls("x")
    assert (err.error_id, err.http_status) == (error_id, status)


def test_timeout_is_a_connection_error() -> None:
    assert issubclass(APITimeoutError, APIConnectionError)
    assert issubclass(APIConnectionError, SkytellsError)
    assert not issubclass(APIConnectionError, APIStatusError)


def test_pickle_round_trip_keeps_fields_and_drops_response() -> None:
    body = {"error": {"message": "m", "error_id": "E", "type": "t", "code": "c"}}
    err = error_from_response(make_response(429, json=body, headers={"x-request-id": "r"}))
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is RateLimitError
    assert (copy.message, copy.error_id, copy.http_status, copy.request_id) == ("m", "E", 429, "r")
    assert (copy.error_type, copy.error_code, copy.response) == ("t", "c", None)


# --- exceptions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "exc",
    [
        httpx.ReadTimeout("timed out", request=REQUEST),
        httpx.ConnectTimeout("timed out", request=REQUEST),
        httpx.PoolTimeout("timed out", request=REQUEST),
        httpx.WriteTimeout("timed out", request=REQUEST),
    ],
)
def test_timeouts_become_api_timeout_error(exc: httpx.TimeoutException) -> None:
    err = error_from_exception(exc)
    assert type(err) is APITimeoutError
    assert err.error_id == "REQUEST_TIMEOUT"
    assert err.http_status == 0
    assert err.__cause__ is exc
    assert "POST https://orchestrator.skytells.ai/api/workflows/wf1/webhook" in err.message


@pytest.mark.parametrize(
    "exc",
    [
        httpx.ConnectError("connection refused"),
        httpx.ReadError("reset by peer"),
        httpx.RemoteProtocolError("peer closed connection without sending complete body"),
        httpx.ProxyError("proxy said no"),
    ],
)
def test_transport_errors_become_connection_error(exc: httpx.TransportError) -> None:
    err = error_from_exception(exc, request=REQUEST)
    assert type(err) is APIConnectionError
    assert err.error_id == "NETWORK_ERROR"
    assert err.__cause__ is exc
    assert "POST https://orchestrator.skytells.ai/api/workflows/wf1/webhook" in err.message
    assert type(exc).__name__ in err.message
    assert str(exc) in err.message


def test_exception_message_redacts_url_key_and_userinfo() -> None:
    request = httpx.Request("GET", f"https://user:secretpw@h.test/x?key={KEY}")
    err = error_from_exception(httpx.ConnectError(f"failed for {KEY}"), request=request)
    assert KEY not in str(err)
    assert "secretpw" not in str(err)
    assert "https://h.test/x?key=wfb_kkkk\u2026" in err.message


def test_exception_without_request_still_maps() -> None:
    err = error_from_exception(httpx.ReadError("boom"))
    assert type(err) is APIConnectionError
    assert "ReadError: boom" in err.message


@pytest.mark.parametrize(
    "exc", [ValueError("bad"), httpx.DecodingError("bad gzip"), httpx.StreamClosed()]
)
def test_other_exceptions_become_sdk_error(exc: Exception) -> None:
    err = error_from_exception(exc, request=REQUEST)
    assert type(err) is SkytellsError
    assert err.error_id == "SDK_ERROR"
    assert err.__cause__ is exc


def test_skytells_error_passes_through_unchanged() -> None:
    original = NotFoundError("gone")
    assert error_from_exception(original) is original


# --- invalid JSON and SDK errors ---------------------------------------------------------


def test_invalid_json_error() -> None:
    resp = make_response(200, content=b"<html>" + b"y" * 1000, headers={"x-request-id": "r1"})
    err = invalid_json_error(resp, "expected an object")
    assert type(err) is SkytellsError
    assert (err.error_id, err.http_status, err.request_id) == ("INVALID_JSON", 200, "r1")
    assert "expected an object" in err.message
    assert err.details is not None
    assert err.details.startswith("<html>yyy")
    assert len(err.details) == 500


def test_sdk_error() -> None:
    err = sdk_error("workflow_id must not be empty")
    assert type(err) is SkytellsError
    assert (err.error_id, err.message, err.http_status) == (
        "SDK_ERROR",
        "workflow_id must not be empty",
        0,
    )
