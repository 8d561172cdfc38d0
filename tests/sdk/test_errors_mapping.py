"""Every failure reaches the caller as a SkytellsError that keeps what the server said."""

from __future__ import annotations

import gzip
import json
import pickle
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sdk_support import (
    PLATFORM_KEY,
    SESSION_TOKEN,
    WFB_KEY,
    Recorder,
    mock_async_client,
    mock_client,
    ok,
    raw,
    workflow_json,
)
from skytells_orchestrator import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncSkytells,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    Skytells,
    SkytellsError,
    UnprocessableEntityError,
)
from skytells_orchestrator.local import LocalOrchestrator

STATUS_MAP = [
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
]


def _get_error(reply: Callable[[httpx.Request], httpx.Response]) -> SkytellsError:
    client = mock_client(Recorder(reply), max_retries=0)
    with pytest.raises(SkytellsError) as caught:
        client.orchestrator.workflows.get("wf_1")
    return caught.value


# ------------------------------------------------------------------ envelopes


def test_plain_error_string_envelope() -> None:
    error = _get_error(ok({"error": "Workflow not found"}, status=404))
    assert type(error) is NotFoundError
    assert error.error_id == "NOT_FOUND"
    assert error.message == "Workflow not found"
    assert error.http_status == 404
    assert str(error) == "[404 NOT_FOUND] Workflow not found"


def test_error_with_details_envelope() -> None:
    error = _get_error(
        ok({"error": "Failed to list integrations", "details": "connection reset"}, status=500)
    )
    assert type(error) is InternalServerError
    assert error.message == "Failed to list integrations"
    assert error.details == "connection reset"


def test_success_false_envelope() -> None:
    error = _get_error(ok({"success": False, "error": "Failed to build project"}, status=500))
    assert type(error) is InternalServerError
    assert error.error_id == "INTERNAL_ERROR"
    assert error.message == "Failed to build project"


def test_nested_error_object_envelope() -> None:
    body = {
        "error": {
            "message": "Quota exceeded for this workspace",
            "error_id": "QUOTA_EXCEEDED",
            "status": 418,
            "request_id": "req_body_1",
            "details": {"limit": 10},
            "type": "billing_error",
            "code": 4021,
        }
    }
    error = _get_error(ok(body, status=402, headers={"x-request-id": "req_header"}))
    assert isinstance(error, APIStatusError)
    assert error.message == "Quota exceeded for this workspace"
    assert error.error_id == "QUOTA_EXCEEDED"  # the body's id wins over the status default
    assert error.http_status == 402  # the real status, not the body's
    assert error.request_id == "req_body_1"
    assert error.error_type == "billing_error"
    assert error.error_code == "4021"
    assert error.details is not None and "10" in error.details


def test_response_envelope() -> None:
    error = _get_error(ok({"response": "Model is warming up"}, status=503))
    assert type(error) is InternalServerError
    assert error.error_id == "SERVICE_UNAVAILABLE"
    assert error.message == "Model is warming up"


def test_html_page_from_a_proxy() -> None:
    page = "<html><head><title>502 Bad Gateway</title></head><body>" + "x" * 2000 + "</body></html>"
    error = _get_error(raw(502, page, headers={"content-type": "text/html"}))
    assert type(error) is InternalServerError
    assert error.error_id == "BAD_GATEWAY"
    assert error.http_status == 502
    assert error.details is not None
    assert error.details.startswith("<html><head><title>502 Bad Gateway")
    assert len(error.details) <= 500
    # The one-line form stays short: the page is not inlined.
    assert len(str(error)) < 200


@pytest.mark.parametrize(
    ("status", "error_id", "reason"),
    [
        (503, "SERVICE_UNAVAILABLE", "Service Unavailable"),
        (504, "GATEWAY_TIMEOUT", "Gateway Timeout"),
    ],
)
def test_empty_bodies(status: int, error_id: str, reason: str) -> None:
    error = _get_error(raw(status))
    assert type(error) is InternalServerError
    assert error.error_id == error_id
    assert error.message == reason
    assert error.details is None


def test_non_object_json_error_bodies() -> None:
    assert _get_error(ok("Workflow is locked", status=409)).message == "Workflow is locked"
    listed = _get_error(ok(["a", "b"], status=400))
    assert type(listed) is BadRequestError
    assert listed.details is not None and "a" in listed.details


def test_plain_text_error_body() -> None:
    error = _get_error(raw(500, "upstream exploded", headers={"content-type": "text/plain"}))
    assert error.details == "upstream exploded"
    assert error.error_id == "INTERNAL_ERROR"


def test_gzip_encoded_error_body_is_decoded() -> None:
    body = gzip.compress(json.dumps({"error": "Workflow not found"}).encode())
    error = _get_error(
        raw(404, body, headers={"content-encoding": "gzip", "content-type": "application/json"})
    )
    assert error.message == "Workflow not found"


def test_gzip_encoded_success_body_is_decoded() -> None:
    body = gzip.compress(json.dumps(workflow_json()).encode())
    client = mock_client(
        Recorder(
            raw(200, body, headers={"content-encoding": "gzip", "content-type": "application/json"})
        )
    )
    assert client.orchestrator.workflows.get("wf_1").id == "wf_1"


@pytest.mark.parametrize(("status", "cls", "error_id"), STATUS_MAP)
def test_status_maps_to_class_and_default_error_id(
    status: int, cls: type[SkytellsError], error_id: str
) -> None:
    error = _get_error(ok({"error": f"status {status}"}, status=status))
    assert type(error) is cls
    assert isinstance(error, APIStatusError)
    assert error.error_id == error_id
    assert error.http_status == status
    assert error.message == f"status {status}"
    assert error.response is not None and error.response.status_code == status


@pytest.mark.parametrize(("status", "cls", "error_id"), STATUS_MAP)
async def test_async_status_maps_to_class_and_default_error_id(
    status: int, cls: type[SkytellsError], error_id: str
) -> None:
    client = mock_async_client(Recorder(raw(status)), max_retries=0)
    with pytest.raises(SkytellsError) as caught:
        await client.orchestrator.webhooks.execute("wf_1", {"a": 1})
    assert type(caught.value) is cls
    assert caught.value.error_id == error_id
    assert caught.value.http_status == status


def test_x_request_id_header_becomes_request_id() -> None:
    error = _get_error(ok({"error": "nope"}, status=403, headers={"x-request-id": "req_42"}))
    assert error.request_id == "req_42"
    assert str(error) == "[403 FORBIDDEN] nope (request_id=req_42)"


def test_local_server_errors_keep_their_message(client: Skytells) -> None:
    with pytest.raises(NotFoundError) as caught:
        client.orchestrator.workflows.get("does-not-exist")
    assert caught.value.message == "Workflow not found"
    with pytest.raises(BadRequestError) as bad:
        client.orchestrator.integrations.create(type="", config={})
    assert bad.value.message == "Type and config are required"


def test_local_server_html_failure(client: Skytells, server: LocalOrchestrator) -> None:
    server.faults.fail_next(1, status=502, html=True)
    with pytest.raises(InternalServerError) as caught:
        client.orchestrator.webhooks.execute("wf_x", {})
    assert caught.value.error_id == "BAD_GATEWAY"
    assert caught.value.details is not None and "nginx" in caught.value.details


async def test_async_wrong_key_on_the_webhook(
    server: LocalOrchestrator, aclient: AsyncSkytells
) -> None:
    created = await aclient.orchestrator.workflows.create(name="webhook target")
    async with AsyncSkytells(
        orchestrator_api_key="wfb_notARealKeyAtAllxxxxxxxxxxxxxx", orchestrator_base_url=server.url
    ) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.orchestrator.webhooks.execute(created.id, {})
    assert caught.value.message == "Invalid API key"


# ------------------------------------------------------- 2xx that is not the promised JSON


INVALID_ANSWERS: list[tuple[str, Callable[[Skytells], Any], Callable[..., httpx.Response]]] = [
    (
        "html",
        lambda c: c.orchestrator.workflows.get("wf_1"),
        raw(200, "<html>hi</html>", headers={"content-type": "text/html"}),
    ),
    ("empty", lambda c: c.orchestrator.workflows.get("wf_1"), raw(200)),
    ("list for object", lambda c: c.orchestrator.workflows.get("wf_1"), ok([])),
    ("missing fields", lambda c: c.orchestrator.workflows.get("wf_1"), ok({"id": "wf_1"})),
    (
        "bad date",
        lambda c: c.orchestrator.workflows.get("wf_1"),
        ok(workflow_json(createdAt="yesterday")),
    ),
    ("bad node", lambda c: c.orchestrator.workflows.get("wf_1"), ok(workflow_json(nodes=["n"]))),
    ("object for list", lambda c: c.orchestrator.workflows.list(), ok({"workflows": []})),
    ("list of strings", lambda c: c.orchestrator.workflows.list(), ok(["wf_1"])),
    (
        "truncated json",
        lambda c: c.orchestrator.user.get(),
        raw(200, '{"id": "u', headers={"content-type": "application/json"}),
    ),
    ("delete list", lambda c: c.orchestrator.workflows.delete("wf_1"), ok([])),
    (
        "status missing",
        lambda c: c.orchestrator.executions.get_status("ex_1"),
        ok({"nodeStatuses": []}),
    ),
    (
        "key missing",
        lambda c: c.orchestrator.api_keys.create(name="k"),
        ok({"id": "k1", "keyPrefix": "wfb_abc", "createdAt": "2026-01-01T00:00:00Z"}),
    ),
    ("logs object", lambda c: c.orchestrator.executions.get_logs("ex_1"), ok({"logs": {"a": 1}})),
    (
        "code missing",
        lambda c: c.orchestrator.workflows.get_code("wf_1"),
        ok({"workflowName": "x"}),
    ),
    ("webhook string", lambda c: c.orchestrator.webhooks.execute("wf_1"), ok("started")),
]


@pytest.mark.parametrize(
    ("call", "reply"),
    [case[1:] for case in INVALID_ANSWERS],
    ids=[case[0] for case in INVALID_ANSWERS],
)
def test_2xx_that_is_not_the_promised_json_is_invalid_json(
    call: Callable[[Skytells], Any], reply: Callable[..., httpx.Response]
) -> None:
    client = mock_client(Recorder(reply))
    with pytest.raises(SkytellsError) as caught:
        call(client)
    assert type(caught.value) is SkytellsError
    assert caught.value.error_id == "INVALID_JSON"
    assert caught.value.http_status == 200
    assert caught.value.__cause__ is not None


async def test_async_2xx_html_is_invalid_json() -> None:
    client = mock_async_client(
        Recorder(
            raw(
                200,
                "<html>login</html>",
                headers={"content-type": "text/html", "x-request-id": "r9"},
            )
        )
    )
    with pytest.raises(SkytellsError) as caught:
        await client.orchestrator.workflows.get("wf_1")
    assert caught.value.error_id == "INVALID_JSON"
    assert caught.value.details == "<html>login</html>"
    assert caught.value.request_id == "r9"


# ------------------------------------------------------------------ transport failures


def test_connection_refused_is_api_connection_error(closed_port: int) -> None:
    with (
        Skytells(
            orchestrator_api_key=WFB_KEY,
            orchestrator_base_url=f"http://127.0.0.1:{closed_port}",
            max_retries=0,
        ) as client,
        pytest.raises(APIConnectionError) as caught,
    ):
        client.orchestrator.workflows.list()
    assert type(caught.value) is APIConnectionError
    assert caught.value.error_id == "NETWORK_ERROR"
    assert caught.value.http_status == 0
    assert isinstance(caught.value.__cause__, httpx.ConnectError)


async def test_async_connection_refused_is_api_connection_error(closed_port: int) -> None:
    async with AsyncSkytells(
        orchestrator_api_key=WFB_KEY,
        orchestrator_base_url=f"http://127.0.0.1:{closed_port}",
        max_retries=0,
    ) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.orchestrator.webhooks.execute("wf_1", {})
    assert caught.value.error_id == "NETWORK_ERROR"
    assert caught.value.http_status == 0


def test_read_timeout_is_api_timeout_error(server: LocalOrchestrator) -> None:
    server.faults.latency(1.0)
    with (
        Skytells(
            orchestrator_api_key=server.api_key,
            orchestrator_base_url=server.url,
            timeout=0.2,
            max_retries=0,
        ) as client,
        pytest.raises(APITimeoutError) as caught,
    ):
        client.orchestrator.workflows.list()
    assert caught.value.error_id == "REQUEST_TIMEOUT"
    assert caught.value.http_status == 0
    assert isinstance(caught.value, APIConnectionError)


async def test_async_read_timeout_is_api_timeout_error(server: LocalOrchestrator) -> None:
    server.faults.latency(1.0)
    async with AsyncSkytells(
        orchestrator_api_key=server.api_key,
        orchestrator_base_url=server.url,
        timeout=0.2,
        max_retries=0,
    ) as client:
        with pytest.raises(APITimeoutError) as caught:
            await client.orchestrator.workflows.list()
    assert caught.value.error_id == "REQUEST_TIMEOUT"


@pytest.mark.parametrize(
    ("exc", "expected", "error_id"),
    [
        (httpx.ConnectError("refused"), APIConnectionError, "NETWORK_ERROR"),
        (httpx.ConnectTimeout("slow connect"), APITimeoutError, "REQUEST_TIMEOUT"),
        (httpx.ReadTimeout("slow read"), APITimeoutError, "REQUEST_TIMEOUT"),
        (httpx.WriteTimeout("slow write"), APITimeoutError, "REQUEST_TIMEOUT"),
        (httpx.PoolTimeout("pool"), APITimeoutError, "REQUEST_TIMEOUT"),
        (httpx.ReadError("reset"), APIConnectionError, "NETWORK_ERROR"),
        (httpx.RemoteProtocolError("peer closed"), APIConnectionError, "NETWORK_ERROR"),
        (httpx.LocalProtocolError("bad header"), APIConnectionError, "NETWORK_ERROR"),
        (httpx.ProxyError("proxy said no"), APIConnectionError, "NETWORK_ERROR"),
        (httpx.UnsupportedProtocol("gopher"), APIConnectionError, "NETWORK_ERROR"),
        (httpx.TooManyRedirects("loop"), SkytellsError, "SDK_ERROR"),
        (httpx.DecodingError("bad gzip"), SkytellsError, "SDK_ERROR"),
    ],
)
def test_no_raw_httpx_exception_leaves_a_public_method(
    exc: Exception, expected: type[SkytellsError], error_id: str
) -> None:
    client = mock_client(Recorder(exc), max_retries=0)
    with pytest.raises(SkytellsError) as caught:
        client.orchestrator.workflows.list()
    assert type(caught.value) is expected
    assert caught.value.error_id == error_id
    assert caught.value.__cause__ is exc


def test_body_cut_mid_way_is_a_connection_error(
    server: LocalOrchestrator, client: Skytells
) -> None:
    created = client.orchestrator.workflows.create(name="cut")
    server.faults.drop_connection(after_bytes=10, methods=["PATCH"])
    with pytest.raises(APIConnectionError) as caught:
        client.orchestrator.workflows.update(created.id, name="renamed")
    assert caught.value.error_id == "NETWORK_ERROR"


def test_corrupt_gzip_success_body_is_a_skytells_error() -> None:
    client = mock_client(
        Recorder(raw(200, b"not gzip at all", headers={"content-encoding": "gzip"})), max_retries=0
    )
    with pytest.raises(SkytellsError):
        client.orchestrator.workflows.list()


# ------------------------------------------------------------------ error objects


def test_errors_hide_keys_the_server_echoes() -> None:
    body = {
        "error": f"Invalid API key {WFB_KEY}",
        "details": f"Authorization: Bearer {WFB_KEY}; x-api-key: {PLATFORM_KEY}; "
        f"better-auth.session_token={SESSION_TOKEN}",
    }
    error = _get_error(ok(body, status=401))
    for text in (str(error), repr(error), error.message, error.details or ""):
        assert WFB_KEY not in text
        assert PLATFORM_KEY not in text
        assert SESSION_TOKEN not in text


def test_errors_survive_pickling() -> None:
    error = _get_error(ok({"error": "nope"}, status=404, headers={"x-request-id": "req_1"}))
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is NotFoundError
    assert (again.message, again.error_id, again.http_status, again.request_id) == (
        "nope",
        "NOT_FOUND",
        404,
        "req_1",
    )


# ------------------------------------------------------------------ odd error bodies


def test_error_body_cut_mid_way_still_reports_the_status() -> None:
    from sdk_support import FailingStream

    def cut(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            500,
            headers={"content-type": "text/html"},
            stream=FailingStream([b"<html>Internal"], httpx.ReadError("reset")),
        )

    error = _get_error(cut)
    assert type(error) is InternalServerError
    assert error.http_status == 500
    assert error.details == "<html>Internal"


def test_huge_error_body_is_not_read_whole() -> None:
    pulled: list[int] = []

    def huge(request: httpx.Request) -> httpx.Response:
        def body() -> Any:
            for index in range(200):  # 200 MiB if all of it were read
                pulled.append(index)
                yield b"<p>" + b"x" * (1024 * 1024) + b"</p>"

        return httpx.Response(502, headers={"content-type": "text/html"}, content=body())

    error = _get_error(huge)
    assert error.error_id == "BAD_GATEWAY"
    assert error.details is not None and len(error.details) <= 500
    assert len(pulled) <= 2


async def test_async_huge_error_body_is_not_read_whole() -> None:
    pulled: list[int] = []

    def huge(request: httpx.Request) -> httpx.Response:
        async def body() -> Any:
            for index in range(200):
                pulled.append(index)
                yield b"x" * (1024 * 1024)

        return httpx.Response(503, content=body())

    client = mock_async_client(Recorder(huge), max_retries=0)
    with pytest.raises(InternalServerError):
        await client.orchestrator.workflows.list()
    assert len(pulled) <= 2


def test_unknown_charset_in_an_error_body() -> None:
    error = _get_error(
        raw(
            400,
            b'{"error": "bad input"}',
            headers={"content-type": "application/json; charset=x-nope"},
        )
    )
    assert error.message == "bad input"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"error": ["first", "second"]}, '["first", "second"]'),
        ({"error": 42}, "42"),
        ({"message": "plain message"}, "plain message"),
        ({"detail": "fastapi style"}, "fastapi style"),
        ({"error": {"error": "nested error string"}}, "nested error string"),
    ],
)
def test_other_json_error_shapes_keep_their_message(body: dict[str, Any], message: str) -> None:
    assert _get_error(ok(body, status=400)).message == message


def test_json_object_without_a_message_shows_the_body() -> None:
    error = _get_error(ok({"foo": "bar"}, status=400))
    assert error.message == "Bad Request"
    assert error.details is not None and json.loads(error.details) == {"foo": "bar"}


def test_nested_error_without_a_message_falls_back_to_the_reason() -> None:
    error = _get_error(ok({"error": {"error_id": "QUOTA", "request_id": 17}}, status=429))
    assert error.message == "Too Many Requests"
    assert error.error_id == "QUOTA"
    assert error.request_id == "17"
