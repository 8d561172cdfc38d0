"""Which credentials reach the Orchestrator, and which never do."""

from __future__ import annotations

import httpx
import pytest
from sdk_support import (
    BASE_URL,
    PLATFORM_KEY,
    SESSION_TOKEN,
    WFB_KEY,
    Recorder,
    header_values,
    local_kwargs,
    mock_async_client,
    mock_client,
    ok,
    workflow_json,
)
from skytells_orchestrator import APIStatusError, AsyncSkytells, Skytells, SkytellsError
from skytells_orchestrator.local import LocalOrchestrator

PLATFORM_HEADER_SPELLINGS = ["X-API-Key", "x-api-key", "X-Api-Key", "X-API-KEY"]


def _no_platform_header(headers: httpx.Headers) -> None:
    assert all(name.lower() != "x-api-key" for name in headers), headers


# ------------------------------------------------------------------ Authorization / x-api-key


def test_every_request_carries_the_bearer_wfb_key() -> None:
    recorder = Recorder(ok([]), ok({"executionId": "ex_1", "status": "running"}))
    client = mock_client(recorder)
    client.orchestrator.workflows.list()
    client.orchestrator.webhooks.execute("wf_1", {"a": 1})
    assert [r.headers["authorization"] for r in recorder.requests] == [f"Bearer {WFB_KEY}"] * 2


@pytest.mark.parametrize("spelling", PLATFORM_HEADER_SPELLINGS)
def test_shared_x_api_key_header_never_sent_whatever_its_case(spelling: str) -> None:
    recorder = Recorder(ok([]))
    client = mock_client(recorder, headers={spelling: PLATFORM_KEY, "X-Trace": "t-1"})
    client.orchestrator.workflows.list()
    sent = recorder.last.headers
    _no_platform_header(sent)
    assert PLATFORM_KEY not in " ".join(header_values(recorder.last))
    # The other shared headers still go through.
    assert sent["x-trace"] == "t-1"
    assert sent["authorization"] == f"Bearer {WFB_KEY}"


def test_all_spellings_at_once_are_all_removed() -> None:
    recorder = Recorder(ok([]))
    headers = {
        spelling: f"{PLATFORM_KEY}-{i}"
        for i, spelling in enumerate(["X-API-Key", "x-api-key", "X-Api-Key"])
    }
    client = mock_client(recorder, headers=headers)
    client.orchestrator.workflows.list()
    _no_platform_header(recorder.last.headers)


def test_caller_http_client_default_x_api_key_is_stripped_too() -> None:
    # Headers set on the caller's own httpx.Client are merged by httpx, after the SDK's.
    recorder = Recorder(ok([]))
    http = httpx.Client(
        transport=httpx.MockTransport(recorder), headers={"X-Api-Key": PLATFORM_KEY}
    )
    client = Skytells(
        orchestrator_api_key=WFB_KEY, orchestrator_base_url=BASE_URL, http_client=http
    )
    client.orchestrator.workflows.list()
    _no_platform_header(recorder.last.headers)


async def test_async_shared_x_api_key_never_sent() -> None:
    recorder = Recorder(ok([]))
    client = mock_async_client(recorder, headers={"X-API-Key": PLATFORM_KEY, "x-api-key": "b"})
    await client.orchestrator.workflows.list()
    _no_platform_header(recorder.last.headers)
    assert recorder.last.headers["authorization"] == f"Bearer {WFB_KEY}"


@pytest.mark.parametrize("spelling", PLATFORM_HEADER_SPELLINGS)
def test_local_server_never_sees_x_api_key(server: LocalOrchestrator, spelling: str) -> None:
    with Skytells(
        **local_kwargs(server, headers={spelling: PLATFORM_KEY}, api_key=PLATFORM_KEY)
    ) as client:
        client.orchestrator.workflows.list()
        client.orchestrator.user.get()
    seen = server.requests.snapshot()
    assert len(seen) == 2
    for request in seen:
        assert "x-api-key" not in request.headers
        assert request.headers["authorization"] == f"Bearer {server.api_key}"


# ------------------------------------------------------------------ platform key


def test_platform_api_key_never_reaches_the_orchestrator() -> None:
    recorder = Recorder(ok(workflow_json()), ok({"executionId": "ex_1", "status": "running"}))
    client = mock_client(recorder, api_key=PLATFORM_KEY, orchestrator_session_token=SESSION_TOKEN)
    client.orchestrator.workflows.get("wf_1")
    client.orchestrator.webhooks.execute("wf_1", {"x": 1})
    for request in recorder.requests:
        assert not any(PLATFORM_KEY in value for value in header_values(request))
        assert PLATFORM_KEY not in str(request.url)
    assert all(PLATFORM_KEY.encode() not in body for body in recorder.bodies)


async def test_async_platform_api_key_never_reaches_the_orchestrator(
    server: LocalOrchestrator,
) -> None:
    async with AsyncSkytells(**local_kwargs(server, api_key=PLATFORM_KEY)) as client:
        await client.orchestrator.workflows.list()
        await client.orchestrator.api_keys.list()
    seen = server.requests.snapshot()
    assert len(seen) == 2
    for request in seen:
        assert not any(PLATFORM_KEY in value for value in request.headers.values())


def test_platform_key_from_env_never_reaches_the_orchestrator(
    server: LocalOrchestrator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SKYTELLS_API_KEY", PLATFORM_KEY)
    with Skytells(**local_kwargs(server)) as client:
        client.orchestrator.workflows.list()
    (request,) = server.requests.snapshot()
    assert not any(PLATFORM_KEY in value for value in request.headers.values())


# ------------------------------------------------------------------ session cookie


def test_session_token_sent_untouched_as_the_better_auth_cookie() -> None:
    recorder = Recorder(ok([]))
    client = mock_client(recorder, orchestrator_session_token=SESSION_TOKEN)
    client.orchestrator.workflows.list()
    # Exactly the value given: still URL-encoded, not decoded nor encoded twice.
    assert recorder.last.headers["cookie"] == f"better-auth.session_token={SESSION_TOKEN}"


def test_no_cookie_without_a_session_token() -> None:
    recorder = Recorder(ok([]))
    client = mock_client(recorder)
    client.orchestrator.workflows.list()
    assert "cookie" not in recorder.last.headers


def test_caller_cookie_header_is_kept_next_to_the_session() -> None:
    recorder = Recorder(ok([]))
    client = mock_client(
        recorder, orchestrator_session_token=SESSION_TOKEN, headers={"Cookie": "theme=dark"}
    )
    client.orchestrator.workflows.list()
    assert recorder.last.headers["cookie"] == (
        f"theme=dark; better-auth.session_token={SESSION_TOKEN}"
    )


async def test_async_session_cookie(server: LocalOrchestrator) -> None:
    # strict_auth: only the session authenticates management routes, like the hosted service.
    server.strict_auth = True
    async with AsyncSkytells(**local_kwargs(server)) as client:
        user = await client.orchestrator.user.get()
    assert user.id == server.user_id
    (request,) = server.requests.snapshot()
    assert request.headers["cookie"] == f"better-auth.session_token={server.session_token}"


def test_session_cookie_authenticates_on_a_strict_server(server: LocalOrchestrator) -> None:
    server.strict_auth = True
    with Skytells(**local_kwargs(server)) as client:
        assert client.orchestrator.user.get().id == server.user_id


# ------------------------------------------------------------------ redirects


class Hosts:
    """A MockTransport handler serving two origins, recording the requests of each."""

    def __init__(self, location: str, status: int = 302) -> None:
        self.location = location
        self.status = status
        self.seen: dict[str, list[httpx.Request]] = {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.setdefault(request.url.host, []).append(request)
        if request.url.host == "orchestrator.test":
            return httpx.Response(self.status, headers={"Location": self.location})
        return httpx.Response(200, json=workflow_json())

    def of(self, host: str) -> list[httpx.Request]:
        return self.seen.get(host, [])


def test_redirect_not_followed_by_default() -> None:
    hosts = Hosts("https://elsewhere.test/api/workflows/wf_1")
    client = mock_client(hosts, orchestrator_session_token=SESSION_TOKEN)
    with pytest.raises(APIStatusError) as caught:
        client.orchestrator.workflows.get("wf_1")
    assert caught.value.http_status == 302
    assert caught.value.error_id == "HTTP_ERROR"
    assert len(hosts.of("orchestrator.test")) == 1
    assert hosts.of("elsewhere.test") == []


def test_redirect_not_followed_even_if_the_callers_http_client_follows() -> None:
    hosts = Hosts("https://elsewhere.test/x")
    http = httpx.Client(transport=httpx.MockTransport(hosts), follow_redirects=True)
    client = Skytells(
        orchestrator_api_key=WFB_KEY, orchestrator_base_url=BASE_URL, http_client=http
    )
    with pytest.raises(APIStatusError) as caught:
        client.orchestrator.workflows.get("wf_1")
    assert caught.value.http_status == 302
    assert hosts.of("elsewhere.test") == []


async def test_async_redirect_not_followed_by_default() -> None:
    hosts = Hosts("https://elsewhere.test/x", status=307)
    client = mock_async_client(hosts)
    with pytest.raises(APIStatusError) as caught:
        await client.orchestrator.webhooks.execute("wf_1", {"a": 1})
    assert caught.value.http_status == 307
    assert hosts.of("elsewhere.test") == []


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_followed_cross_origin_redirect_drops_key_and_session(status: int) -> None:
    hosts = Hosts("https://elsewhere.test/api/workflows/wf_1", status=status)
    client = mock_client(hosts, orchestrator_session_token=SESSION_TOKEN, follow_redirects=True)
    client.orchestrator.workflows.get("wf_1")
    (first,) = hosts.of("orchestrator.test")
    assert first.headers["authorization"] == f"Bearer {WFB_KEY}"
    (moved,) = hosts.of("elsewhere.test")
    assert "authorization" not in moved.headers
    assert "cookie" not in moved.headers
    assert not any(WFB_KEY in v or SESSION_TOKEN in v for v in header_values(moved))


async def test_async_followed_cross_origin_redirect_drops_key_and_session() -> None:
    hosts = Hosts("https://elsewhere.test/api/workflows/wf_1")
    client = mock_async_client(
        hosts, orchestrator_session_token=SESSION_TOKEN, follow_redirects=True
    )
    await client.orchestrator.workflows.get("wf_1")
    (moved,) = hosts.of("elsewhere.test")
    assert not any(WFB_KEY in v or SESSION_TOKEN in v for v in header_values(moved))


def test_followed_redirect_to_a_real_server_elsewhere_gets_no_credentials() -> None:
    # The first hop answers from a MockTransport; the redirect goes to a real local server.
    with LocalOrchestrator() as other:
        real = httpx.HTTPTransport()

        def route(request: httpx.Request) -> httpx.Response:
            if request.url.host == "orchestrator.test":
                return httpx.Response(302, headers={"Location": f"{other.url}/api/user"})
            return real.handle_request(request)

        http = httpx.Client(transport=httpx.MockTransport(route))
        client = Skytells(
            orchestrator_api_key=WFB_KEY,
            orchestrator_base_url=BASE_URL,
            orchestrator_session_token=SESSION_TOKEN,
            follow_redirects=True,
            http_client=http,
        )
        with pytest.raises(APIStatusError) as caught:
            client.orchestrator.user.get()
        http.close()
        real.close()
        seen = other.requests.snapshot()
    # Without credentials the other server refuses: 401.
    assert caught.value.http_status == 401
    assert len(seen) == 1
    assert "authorization" not in seen[0].headers
    assert "cookie" not in seen[0].headers


class SameOrigin:
    """Moves /api/workflows/old to /api/workflows/new on the same origin."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path.endswith("/old"):
            return httpx.Response(307, headers={"Location": "/api/workflows/new"})
        return httpx.Response(200, json=workflow_json(id="new"))


def test_followed_same_origin_redirect_keeps_the_key() -> None:
    handler = SameOrigin()
    client = mock_client(handler, follow_redirects=True)
    assert client.orchestrator.workflows.get("old").id == "new"
    assert [r.headers["authorization"] for r in handler.requests] == [f"Bearer {WFB_KEY}"] * 2


async def test_followed_same_origin_redirect_keeps_the_session() -> None:
    handler = SameOrigin()
    sync_client = mock_client(
        handler, orchestrator_session_token=SESSION_TOKEN, follow_redirects=True
    )
    sync_client.orchestrator.workflows.get("old")
    async_client = mock_async_client(
        handler, orchestrator_session_token=SESSION_TOKEN, follow_redirects=True
    )
    await async_client.orchestrator.workflows.get("old")
    cookies = [r.headers.get("cookie") for r in handler.requests]
    assert cookies == [f"better-auth.session_token={SESSION_TOKEN}"] * 4


# ------------------------------------------------------------------ which credential a call needs


def test_a_session_only_client_manages_without_any_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ORCHESTRATOR_API_KEY", raising=False)
    # Only webhook triggers take the wfb_ key; the hosted service answers every other route
    # by the session alone.
    recorder = Recorder(ok([]))
    client = mock_client(recorder, orchestrator_api_key=None, orchestrator_session_token="s.t")
    client.orchestrator.workflows.list()
    assert "authorization" not in recorder.last.headers
    assert recorder.last.headers["cookie"] == "better-auth.session_token=s.t"


def test_a_session_only_client_refuses_a_webhook_trigger_before_sending(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ORCHESTRATOR_API_KEY", raising=False)
    recorder = Recorder(ok({"executionId": "ex_1", "status": "running"}))
    client = mock_client(recorder, orchestrator_api_key=None, orchestrator_session_token="s.t")
    with pytest.raises(SkytellsError) as caught:
        client.orchestrator.webhooks.execute("wf_1", {"a": 1})
    assert caught.value.error_id == "SDK_ERROR"
    assert "orchestrator_api_key" in caught.value.message
    assert recorder.calls == 0


async def test_async_a_session_only_client_manages_and_refuses_webhooks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ORCHESTRATOR_API_KEY", raising=False)
    recorder = Recorder(ok([]))
    client = mock_async_client(
        recorder, orchestrator_api_key=None, orchestrator_session_token="s.t"
    )
    await client.orchestrator.workflows.list()
    assert "authorization" not in recorder.last.headers
    with pytest.raises(SkytellsError) as caught:
        await client.orchestrator.webhooks.execute("wf_1")
    assert caught.value.error_id == "SDK_ERROR"
    assert recorder.calls == 1


@pytest.mark.parametrize("kind", [Skytells, AsyncSkytells])
def test_a_client_without_key_or_session_cannot_reach_the_orchestrator(
    kind: type[Skytells] | type[AsyncSkytells], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ORCHESTRATOR_API_KEY", raising=False)
    client = kind(orchestrator_base_url=BASE_URL)
    with pytest.raises(SkytellsError) as caught:
        client.orchestrator  # noqa: B018
    assert caught.value.error_id == "SDK_ERROR"
    assert "orchestrator_session_token" in caught.value.message


def test_a_session_only_client_on_a_strict_server(
    server: LocalOrchestrator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ORCHESTRATOR_API_KEY", raising=False)
    server.strict_auth = True
    with Skytells(**local_kwargs(server, orchestrator_api_key=None)) as client:
        assert client.orchestrator.user.get().id == server.user_id
        assert client.orchestrator.workflows.list() == []
