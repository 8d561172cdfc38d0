"""A client's life outside one call: closed from another event loop or after its loop ended,
pickled, or made with a base URL or key that cannot work."""

from __future__ import annotations

import asyncio
import copy
import pickle
from typing import Any

import pytest
from sdk_support import WFB_KEY, local_kwargs
from skytells_orchestrator import AsyncSkytells, Skytells, SkytellsError
from skytells_orchestrator.local import LocalOrchestrator


def _used_on_its_own_loop(
    server: LocalOrchestrator,
) -> tuple[AsyncSkytells, asyncio.AbstractEventLoop]:
    client = AsyncSkytells(**local_kwargs(server))
    loop = asyncio.new_event_loop()
    loop.run_until_complete(client.orchestrator.user.get())
    return client, loop


@pytest.mark.parametrize("close", ["aclose", "close", "async with"])
def test_closing_after_the_clients_loop_ended_raises_nothing(
    server: LocalOrchestrator, close: str
) -> None:
    client, loop = _used_on_its_own_loop(server)
    loop.close()

    async def end() -> None:
        if close == "async with":
            async with client:
                pass
        else:
            await getattr(client, close)()

    asyncio.run(end())
    asyncio.run(client.aclose())  # twice is fine too
    with pytest.raises(SkytellsError) as caught:
        asyncio.run(client.orchestrator.user.get())
    assert caught.value.error_id == "CLIENT_CLOSED"


def test_closing_from_another_running_loop_releases_the_pool(server: LocalOrchestrator) -> None:
    client, loop = _used_on_its_own_loop(server)
    try:
        asyncio.run(client.aclose())
        assert client._http.is_closed
        with pytest.raises(SkytellsError) as caught:
            loop.run_until_complete(client.orchestrator.user.get())
        assert caught.value.error_id == "CLIENT_CLOSED"
    finally:
        loop.close()


@pytest.mark.parametrize("cls", [Skytells, AsyncSkytells])
def test_a_client_cannot_be_pickled_but_copies(cls: Any) -> None:
    client = cls(orchestrator_api_key=WFB_KEY)
    with pytest.raises(SkytellsError) as caught:
        pickle.dumps(client)
    assert caught.value.error_id == "SDK_ERROR"
    assert "pickled" in caught.value.message
    assert WFB_KEY not in str(caught.value)
    assert copy.deepcopy(client)._http is client._http


@pytest.mark.parametrize("cls", [Skytells, AsyncSkytells])
def test_what_a_client_holds_is_refused_by_pickle_and_shared_by_copies(cls: Any) -> None:
    client = cls(orchestrator_api_key=WFB_KEY)
    orchestrator = client.orchestrator
    for bound in (orchestrator, orchestrator.workflows, orchestrator.executions, orchestrator.ai):
        with pytest.raises(SkytellsError) as caught:
            pickle.dumps(bound)
        assert caught.value.error_id == "SDK_ERROR"
        assert f"a {type(bound).__name__} cannot be pickled" in caught.value.message
        assert WFB_KEY not in str(caught.value)
        for copied in (copy.copy(bound), copy.deepcopy(bound)):
            assert type(copied) is type(bound) and copied is not bound
            assert vars(copied) == vars(bound)  # the same requester: the same pool and key
    assert copy.deepcopy(orchestrator).workflows._requester is orchestrator.workflows._requester


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:99999",
        "http://127.0.0.1:65536",
        "http://127.0.0.1:-1",
        "http://127.0.0.1:0",
        "https://orchestrator example.com",
        "https://orchestrator%2Eexample.com",
    ],
)
@pytest.mark.parametrize("cls", [Skytells, AsyncSkytells])
def test_an_invalid_base_url_is_refused_when_the_client_is_made(cls: Any, url: str) -> None:
    with pytest.raises(SkytellsError) as caught:
        cls(orchestrator_api_key=WFB_KEY, orchestrator_base_url=url)
    assert caught.value.error_id == "SDK_ERROR"
    assert "orchestrator_base_url" in caught.value.message


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:1", "http://[::1]:65535", "https://bücher.example", "https://a_b.io"]
)
def test_valid_base_urls_are_kept(url: str) -> None:
    Skytells(orchestrator_api_key=WFB_KEY, orchestrator_base_url=url).close()


def test_a_workflow_key_given_as_the_platform_key_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(SkytellsError) as caught:
        Skytells(WFB_KEY)
    assert caught.value.error_id == "SDK_ERROR"
    assert "orchestrator_api_key" in caught.value.message
    assert WFB_KEY not in str(caught.value)
    monkeypatch.setenv("SKYTELLS_API_KEY", WFB_KEY)
    with pytest.raises(SkytellsError, match=r"SKYTELLS_API_KEY.*orchestrator_api_key"):
        AsyncSkytells(orchestrator_api_key=WFB_KEY)
