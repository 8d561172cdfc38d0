"""Construction of the clients: keys, env vars, base URLs, options, lifecycle, sharing."""

from __future__ import annotations

import asyncio
import threading
import warnings

import httpx
import pytest
from sdk_support import (
    BASE_URL,
    PLATFORM_KEY,
    SESSION_TOKEN,
    WFB_KEY,
    Recorder,
    local_kwargs,
    mock_async_client,
    mock_client,
    ok,
    raw,
)
from skytells_orchestrator import (
    AsyncSkytells,
    InternalServerError,
    Skytells,
    SkytellsError,
)
from skytells_orchestrator import _transport as transport_module
from skytells_orchestrator.local import LocalOrchestrator

CLIENTS = [Skytells, AsyncSkytells]


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SKYTELLS_API_KEY", "ORCHESTRATOR_API_KEY", "ORCHESTRATOR_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


# ------------------------------------------------------------------ keys


@pytest.mark.parametrize("cls", CLIENTS)
def test_orchestrator_without_a_key_raises_sdk_error_naming_the_argument(
    cls: type[Skytells] | type[AsyncSkytells],
) -> None:
    client = cls(api_key=PLATFORM_KEY)  # a platform-only client can be built
    with pytest.raises(SkytellsError) as caught:
        _ = client.orchestrator
    assert caught.value.error_id == "SDK_ERROR"
    assert "orchestrator_api_key" in caught.value.message


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize("key", ["sk-abc123456789", "  sk-live-key  "])
def test_platform_key_as_orchestrator_key_refused_at_construction(
    cls: type[Skytells] | type[AsyncSkytells], key: str
) -> None:
    with pytest.raises(SkytellsError) as caught:
        cls(orchestrator_api_key=key)
    assert caught.value.error_id == "SDK_ERROR"
    assert key.strip() not in str(caught.value)


def test_platform_key_in_env_as_orchestrator_key_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORCHESTRATOR_API_KEY", PLATFORM_KEY)
    with pytest.raises(SkytellsError) as caught:
        Skytells()
    assert caught.value.error_id == "SDK_ERROR"


def test_unknown_key_prefix_warns_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transport_module, "_warned_about_prefix", False)
    with pytest.warns(UserWarning, match="wfb_") as record:
        Skytells(orchestrator_api_key="live_abcdefghijklmnop")
    assert len(record) == 1
    # It points at the caller's line, and shows no more than a masked key.
    assert record[0].filename == __file__
    assert "live_abcdefghijklmnop" not in str(record[0].message)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Skytells(orchestrator_api_key="other_abcdefghijklmnop")
        AsyncSkytells(orchestrator_api_key="third_abcdefghijklmnop")


def test_wfb_key_does_not_warn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transport_module, "_warned_about_prefix", False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Skytells(orchestrator_api_key=WFB_KEY)
    assert transport_module._warned_about_prefix is False


# ------------------------------------------------------------------ env vars


def test_env_vars_are_read_when_arguments_are_omitted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKYTELLS_API_KEY", PLATFORM_KEY)
    monkeypatch.setenv("ORCHESTRATOR_API_KEY", WFB_KEY)
    monkeypatch.setenv("ORCHESTRATOR_BASE_URL", "https://env-host.test/")
    recorder = Recorder(ok([]))
    client = Skytells(http_client=httpx.Client(transport=httpx.MockTransport(recorder)))
    assert client.base_url == "https://env-host.test"
    client.orchestrator.workflows.list()
    assert str(recorder.last.url) == "https://env-host.test/api/workflows"
    assert recorder.last.headers["authorization"] == f"Bearer {WFB_KEY}"
    # The platform key was read (it shows, masked, in the repr) but never sent.
    assert "sk-Plat" in repr(client)
    assert all(PLATFORM_KEY not in value for value in recorder.last.headers.values())


async def test_async_env_vars_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORCHESTRATOR_API_KEY", WFB_KEY)
    monkeypatch.setenv("ORCHESTRATOR_BASE_URL", "https://env-host.test")
    recorder = Recorder(ok([]))
    client = AsyncSkytells(http_client=httpx.AsyncClient(transport=httpx.MockTransport(recorder)))
    await client.orchestrator.workflows.list()
    assert recorder.last.url.host == "env-host.test"
    assert recorder.last.headers["authorization"] == f"Bearer {WFB_KEY}"


def test_arguments_win_over_env_vars(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORCHESTRATOR_API_KEY", "wfb_fromEnvironment0000")
    monkeypatch.setenv("ORCHESTRATOR_BASE_URL", "https://env-host.test")
    recorder = Recorder(ok([]))
    client = mock_client(recorder)
    client.orchestrator.workflows.list()
    assert recorder.last.url.host == "orchestrator.test"
    assert recorder.last.headers["authorization"] == f"Bearer {WFB_KEY}"


def test_default_base_url() -> None:
    assert Skytells(orchestrator_api_key=WFB_KEY).base_url == "https://orchestrator.skytells.ai"


# ------------------------------------------------------------------ base URL policy


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize(
    "url",
    [
        "http://orchestrator.example.com",
        "http://10.0.0.5:8787",
        "HTTP://EXAMPLE.COM/",
        "http://0.0.0.0:80",
        "http://localhost.evil.test",
        "http://127.0.0.1.nip.io",
    ],
)
def test_plain_http_refused_for_remote_hosts(
    cls: type[Skytells] | type[AsyncSkytells], url: str
) -> None:
    with pytest.raises(SkytellsError) as caught:
        cls(orchestrator_api_key=WFB_KEY, orchestrator_base_url=url)
    assert caught.value.error_id == "SDK_ERROR"


def test_plain_http_from_env_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORCHESTRATOR_BASE_URL", "http://orchestrator.example.com")
    with pytest.raises(SkytellsError) as caught:
        Skytells(orchestrator_api_key=WFB_KEY)
    assert caught.value.error_id == "SDK_ERROR"


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8787", "http://localhost:8787/", "http://[::1]:8787", "http://127.0.0.2"],
)
def test_plain_http_allowed_on_loopback(url: str) -> None:
    client = Skytells(orchestrator_api_key=WFB_KEY, orchestrator_base_url=url)
    assert client.base_url == url.rstrip("/")


def test_plain_http_allowed_when_opted_in() -> None:
    client = Skytells(
        orchestrator_api_key=WFB_KEY,
        orchestrator_base_url="http://orchestrator.internal:8787",
        allow_insecure_http=True,
    )
    assert client.base_url == "http://orchestrator.internal:8787"


@pytest.mark.parametrize(
    "url",
    ["ftp://host.test", "not a url", "https://", "https://host.test/?a=1", "https://host.test/#f"],
)
def test_malformed_base_urls_refused(url: str) -> None:
    with pytest.raises(SkytellsError) as caught:
        Skytells(orchestrator_api_key=WFB_KEY, orchestrator_base_url=url)
    assert caught.value.error_id == "SDK_ERROR"


def test_base_url_with_a_path_prefix_is_kept() -> None:
    recorder = Recorder(ok([]))
    client = mock_client(recorder, orchestrator_base_url="https://gateway.test/orchestrator/")
    client.orchestrator.workflows.list()
    assert str(recorder.last.url) == "https://gateway.test/orchestrator/api/workflows"


# ------------------------------------------------------------------ options


@pytest.mark.parametrize("timeout", [0, -1, "10", True, None])
def test_invalid_timeout_refused(timeout: object) -> None:
    with pytest.raises(SkytellsError) as caught:
        Skytells(orchestrator_api_key=WFB_KEY, timeout=timeout)  # type: ignore[arg-type]
    assert caught.value.error_id == "SDK_ERROR"


@pytest.mark.parametrize("max_retries", [-1, 1.5, "2", True, None])
def test_invalid_max_retries_refused(max_retries: object) -> None:
    with pytest.raises(SkytellsError) as caught:
        Skytells(orchestrator_api_key=WFB_KEY, max_retries=max_retries)  # type: ignore[arg-type]
    assert caught.value.error_id == "SDK_ERROR"


def test_defaults() -> None:
    client = Skytells(orchestrator_api_key=WFB_KEY)
    assert client.timeout == 60.0
    assert client.max_retries == 2


def test_with_options_returns_a_copy_sharing_the_pool(sleeps: list[float]) -> None:
    recorder = Recorder(raw(503))
    client = mock_client(recorder)
    fast = client.with_options(max_retries=0, timeout=3)
    assert fast is not client
    assert fast._http is client._http
    assert (fast.max_retries, fast.timeout) == (0, 3.0)
    # The original is unchanged.
    assert (client.max_retries, client.timeout) == (2, 60.0)
    with pytest.raises(InternalServerError):
        fast.orchestrator.workflows.list()
    assert recorder.calls == 1
    assert recorder.last.extensions["timeout"]["read"] == 3.0
    with pytest.raises(InternalServerError):
        client.orchestrator.workflows.list()
    assert recorder.calls == 1 + 3
    assert recorder.last.extensions["timeout"]["read"] == 60.0


def test_with_options_keeps_the_other_options() -> None:
    client = mock_client(Recorder(), orchestrator_session_token=SESSION_TOKEN, max_retries=4)
    copy = client.with_options(timeout=2)
    assert copy.max_retries == 4
    assert copy.base_url == client.base_url
    copy_two = client.with_options(max_retries=1)
    assert copy_two.timeout == 60.0


def test_with_options_validates() -> None:
    client = Skytells(orchestrator_api_key=WFB_KEY)
    with pytest.raises(SkytellsError):
        client.with_options(max_retries=-1)
    with pytest.raises(SkytellsError):
        client.with_options(timeout=0)


def test_closing_a_with_options_copy_leaves_the_pool_open() -> None:
    client = Skytells(orchestrator_api_key=WFB_KEY)
    copy = client.with_options(max_retries=0)
    copy.close()
    with copy:
        pass
    assert not client._http.is_closed
    client.close()
    assert client._http.is_closed


async def test_async_with_options_copy_shares_the_pool(sleeps: list[float]) -> None:
    recorder = Recorder(raw(503))
    client = mock_async_client(recorder)
    copy = client.with_options(max_retries=0, timeout=4)
    assert copy._http is client._http
    assert client.max_retries == 2
    with pytest.raises(InternalServerError):
        await copy.orchestrator.workflows.list()
    assert recorder.calls == 1
    assert recorder.last.extensions["timeout"]["read"] == 4.0
    owned = AsyncSkytells(orchestrator_api_key=WFB_KEY)
    owned_copy = owned.with_options(timeout=1)
    await owned_copy.aclose()
    assert not owned._http.is_closed
    await owned.aclose()
    assert owned._http.is_closed


# ------------------------------------------------------------------ lifecycle


def test_context_manager_closes_the_owned_pool() -> None:
    with Skytells(orchestrator_api_key=WFB_KEY) as client:
        assert not client._http.is_closed
    assert client._http.is_closed


def test_close_closes_the_owned_pool() -> None:
    client = Skytells(orchestrator_api_key=WFB_KEY)
    client.close()
    assert client._http.is_closed


async def test_async_context_manager_closes_the_owned_pool() -> None:
    async with AsyncSkytells(orchestrator_api_key=WFB_KEY) as client:
        assert not client._http.is_closed
    assert client._http.is_closed


async def test_async_close_and_aclose() -> None:
    client = AsyncSkytells(orchestrator_api_key=WFB_KEY)
    await client.close()
    assert client._http.is_closed
    other = AsyncSkytells(orchestrator_api_key=WFB_KEY)
    await other.aclose()
    assert other._http.is_closed


def test_caller_http_client_is_used_and_not_closed() -> None:
    recorder = Recorder(ok([]))
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    with Skytells(
        orchestrator_api_key=WFB_KEY, orchestrator_base_url=BASE_URL, http_client=http
    ) as client:
        client.orchestrator.workflows.list()
    client.close()
    assert recorder.calls == 1
    assert not http.is_closed
    http.close()


async def test_async_caller_http_client_is_used_and_not_closed() -> None:
    recorder = Recorder(ok([]))
    http = httpx.AsyncClient(transport=httpx.MockTransport(recorder))
    async with AsyncSkytells(
        orchestrator_api_key=WFB_KEY, orchestrator_base_url=BASE_URL, http_client=http
    ) as client:
        await client.orchestrator.workflows.list()
    await client.aclose()
    assert recorder.calls == 1
    assert not http.is_closed
    await http.aclose()


def test_sync_http_client_given_to_async_client_refused() -> None:
    http = httpx.Client()
    with pytest.raises(SkytellsError) as caught:
        AsyncSkytells(orchestrator_api_key=WFB_KEY, http_client=http)  # type: ignore[arg-type]
    assert caught.value.error_id == "SDK_ERROR"
    http.close()


async def test_async_http_client_given_to_sync_client_refused() -> None:
    http = httpx.AsyncClient()
    with pytest.raises(SkytellsError) as caught:
        Skytells(orchestrator_api_key=WFB_KEY, http_client=http)  # type: ignore[arg-type]
    assert caught.value.error_id == "SDK_ERROR"
    await http.aclose()


# ------------------------------------------------------------------ repr


@pytest.mark.parametrize("cls", CLIENTS)
def test_repr_and_str_never_show_a_full_key(cls: type[Skytells] | type[AsyncSkytells]) -> None:
    client = cls(
        api_key=PLATFORM_KEY,
        orchestrator_api_key=WFB_KEY,
        orchestrator_session_token=SESSION_TOKEN,
    )
    for text in (repr(client), str(client), repr(client.with_options(timeout=1))):
        assert WFB_KEY not in text
        assert PLATFORM_KEY not in text
        assert SESSION_TOKEN not in text
        assert SESSION_TOKEN.split(".")[0] not in text
    assert "wfb_Test" in repr(client)  # masked, still recognisable


def test_repr_masks_a_key_without_a_known_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transport_module, "_warned_about_prefix", True)
    client = Skytells(orchestrator_api_key="customKeyAbcdefghijklmnop")
    assert "customKeyAbcdefghijklmnop" not in repr(client)


# ------------------------------------------------------------------ sharing


def test_one_client_shared_by_eight_threads(server: LocalOrchestrator) -> None:
    errors: list[BaseException] = []
    results: list[int] = []
    lock = threading.Lock()
    with Skytells(**local_kwargs(server, timeout=5.0)) as client:
        created = client.orchestrator.workflows.create(name="shared")

        def work() -> None:
            try:
                for _ in range(5):
                    fetched = client.orchestrator.workflows.get(created.id)
                    with lock:
                        results.append(len(fetched.nodes))
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
    assert errors == []
    assert len(results) == 40
    assert server.requests.count("GET", f"/api/workflows/{created.id}") == 40


async def test_one_async_client_shared_by_twenty_tasks(server: LocalOrchestrator) -> None:
    async with AsyncSkytells(**local_kwargs(server, timeout=5.0)) as client:
        created = await client.orchestrator.workflows.create(name="gathered")
        fetched = await asyncio.gather(
            *(client.orchestrator.workflows.get(created.id) for _ in range(20))
        )
    assert {workflow.id for workflow in fetched} == {created.id}
    assert server.requests.count("GET", f"/api/workflows/{created.id}") == 20


# ---------------------------------------------------------- values that cannot go in a header


def _never_called(request: httpx.Request) -> httpx.Response:
    raise AssertionError("nothing should be sent")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"orchestrator_api_key": "wfb_ключ0123456789"},
        {"orchestrator_session_token": "t\u00f6ken.signature"},
        {"headers": {"X-Team": "\u00e9quipe"}},
    ],
    ids=["non-ascii key", "non-ascii session", "non-ascii header"],
)
@pytest.mark.parametrize("cls", CLIENTS)
async def test_unsendable_header_values_are_sdk_errors_before_sending(
    cls: type[Skytells] | type[AsyncSkytells], kwargs: dict[str, object]
) -> None:
    recorder = Recorder(_never_called)
    transport = httpx.MockTransport(recorder)
    http: httpx.Client | httpx.AsyncClient = (
        httpx.Client(transport=transport)
        if cls is Skytells
        else httpx.AsyncClient(transport=transport)
    )
    options: dict[str, object] = {
        "orchestrator_api_key": WFB_KEY,
        "orchestrator_base_url": BASE_URL,
    }
    options.update(kwargs)
    with pytest.raises(SkytellsError) as caught:
        client = cls(http_client=http, **options)  # type: ignore[arg-type]
        result = client.orchestrator.workflows.list()
        if cls is AsyncSkytells:
            await result  # type: ignore[misc]
    assert caught.value.error_id == "SDK_ERROR"
    assert recorder.calls == 0
