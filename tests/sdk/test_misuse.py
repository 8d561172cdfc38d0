"""Hostile use of the clients: closed clients, bad numbers and types, copies, odd base URLs,
unsendable ids. Every case ends in a ``SkytellsError`` with a clear ``error_id``, and a refused
argument sends nothing."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sdk_support import WFB_KEY, Recorder, local_kwargs, mock_async_client, mock_client, ok
from skytells_orchestrator import AsyncSkytells, Skytells, SkytellsError
from skytells_orchestrator.local import LocalOrchestrator

BASE = "https://orchestrator.test"


def _make(**kwargs: Any) -> Skytells:
    return Skytells(orchestrator_api_key=WFB_KEY, orchestrator_base_url=BASE, **kwargs)


# ------------------------------------------------------------------ closed clients


def test_call_after_close_is_client_closed(server: LocalOrchestrator) -> None:
    client = Skytells(**local_kwargs(server))
    client.orchestrator.workflows.list()
    client.close()
    with pytest.raises(SkytellsError) as caught:
        client.orchestrator.workflows.list()
    assert caught.value.error_id == "CLIENT_CLOSED"


def test_call_after_the_with_block_is_client_closed(server: LocalOrchestrator) -> None:
    with Skytells(**local_kwargs(server)) as client:
        orchestrator = client.orchestrator
    for call in (
        orchestrator.workflows.list,
        lambda: orchestrator.executions.wait("ex_1"),
        lambda: list(orchestrator.ai.generate_workflow(prompt="x")),
    ):
        with pytest.raises(SkytellsError) as caught:
            call()
        assert caught.value.error_id == "CLIENT_CLOSED"
    assert len(server.requests) == 0


def test_copies_of_a_closed_client_are_closed_too(server: LocalOrchestrator) -> None:
    client = Skytells(**local_kwargs(server))
    faster = client.with_options(timeout=3)
    client.close()
    with pytest.raises(SkytellsError) as caught:
        faster.orchestrator.user.get()
    assert caught.value.error_id == "CLIENT_CLOSED"


async def test_async_call_after_close_is_client_closed(server: LocalOrchestrator) -> None:
    async with AsyncSkytells(**local_kwargs(server)) as client:
        await client.orchestrator.workflows.list()
    with pytest.raises(SkytellsError) as caught:
        await client.orchestrator.workflows.list()
    assert caught.value.error_id == "CLIENT_CLOSED"
    other = AsyncSkytells(**local_kwargs(server))
    await other.close()
    with pytest.raises(SkytellsError) as caught:
        async with other.orchestrator.ai.generate_workflow(prompt="x"):
            pass
    assert caught.value.error_id == "CLIENT_CLOSED"


# ------------------------------------------------------------------ copies


@pytest.mark.parametrize("duplicate", [copy.copy, copy.deepcopy])
def test_closing_a_copy_leaves_the_original_working(
    server: LocalOrchestrator, duplicate: Callable[[Skytells], Skytells]
) -> None:
    with Skytells(**local_kwargs(server)) as client:
        twin = duplicate(client)
        twin.close()
        assert client.orchestrator.workflows.list() == []
        with pytest.raises(SkytellsError) as caught:
            twin.orchestrator.workflows.list()
        assert caught.value.error_id == "CLIENT_CLOSED"
    assert client._http.is_closed


@pytest.mark.parametrize("duplicate", [copy.copy, copy.deepcopy])
async def test_closing_an_async_copy_leaves_the_original_working(
    server: LocalOrchestrator, duplicate: Callable[[AsyncSkytells], AsyncSkytells]
) -> None:
    async with AsyncSkytells(**local_kwargs(server)) as client:
        twin = duplicate(client)
        await twin.aclose()
        assert await client.orchestrator.workflows.list() == []
        assert repr(twin) == repr(client)


# ------------------------------------------------------------------ numbers


BAD_SECONDS = [
    math.nan,
    math.inf,
    -math.inf,
    -1,
    0,
    1e300,
    10**400,
    pytest.param(-(10**5000), id="-10**5000"),
    "5",
    True,
    None,
]


@pytest.mark.parametrize("value", BAD_SECONDS)
def test_bad_timeouts_are_refused_when_given(value: Any) -> None:
    with pytest.raises(SkytellsError) as caught:
        _make(timeout=value)
    assert caught.value.error_id == "SDK_ERROR"
    assert "timeout" in caught.value.message
    with pytest.raises(SkytellsError) as caught:
        _make().with_options(timeout=value)
    assert caught.value.error_id == "SDK_ERROR"


@pytest.mark.parametrize("phase", ["connect", "read", "write", "pool"])
@pytest.mark.parametrize("value", [math.nan, math.inf, -2.0, 0.0, 10**400])
def test_bad_httpx_timeout_phases_are_refused(phase: str, value: float) -> None:
    phases: dict[str, float | None] = {"connect": 5.0, "read": 5.0, "write": 5.0, "pool": 5.0}
    phases[phase] = value
    with pytest.raises(SkytellsError) as caught:
        _make(timeout=httpx.Timeout(**phases))
    assert f"timeout.{phase}" in caught.value.message


def test_an_httpx_timeout_without_limits_is_accepted() -> None:
    assert _make(timeout=httpx.Timeout(None)).timeout == httpx.Timeout(None)


@pytest.mark.parametrize(
    "value", [-1, 51, 10**9, pytest.param(10**5000, id="10**5000"), 2.0, math.nan, "2", True, None]
)
def test_bad_max_retries_are_refused(value: Any) -> None:
    with pytest.raises(SkytellsError) as caught:
        _make(max_retries=value)
    assert "max_retries" in caught.value.message
    with pytest.raises(SkytellsError):
        _make().with_options(max_retries=value)


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("poll_interval", math.nan),
        ("poll_interval", math.inf),
        ("poll_interval", 0),
        ("poll_interval", "1"),
        ("timeout", math.nan),
        ("timeout", math.inf),
        ("timeout", -1),
        ("timeout", "10"),
        ("timeout", None),
        ("timeout", 10**400),
        pytest.param("poll_interval", 10**5000, id="poll_interval-10**5000"),
    ],
)
async def test_bad_wait_numbers_are_refused_before_polling(argument: str, value: Any) -> None:
    recorder = Recorder(ok({"status": "running", "nodeStatuses": []}))
    with pytest.raises(SkytellsError) as caught:
        mock_client(recorder).orchestrator.executions.wait("ex_1", **{argument: value})
    assert caught.value.error_id == "SDK_ERROR"
    assert argument in caught.value.message
    with pytest.raises(SkytellsError) as caught:
        await mock_async_client(recorder).orchestrator.executions.wait("ex_1", **{argument: value})
    assert caught.value.error_id == "SDK_ERROR"
    assert recorder.calls == 0


# ------------------------------------------------------------------ types


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("allow_insecure_http", "no"),
        ("follow_redirects", "false"),
        ("trust_env", 0),
        ("headers", 5),
        ("headers", ["x"]),
        ("api_key", 5),
        ("orchestrator_session_token", 5),
    ],
)
def test_constructor_arguments_of_the_wrong_type(argument: str, value: Any) -> None:
    with pytest.raises(SkytellsError) as caught:
        _make(**{argument: value})
    assert caught.value.error_id == "SDK_ERROR"
    assert argument in caught.value.message


def test_a_string_cannot_turn_on_insecure_http() -> None:
    # "false" is truthy: taken as is, it would have allowed http:// to a remote host.
    with pytest.raises(SkytellsError):
        Skytells(
            orchestrator_api_key=WFB_KEY,
            orchestrator_base_url="http://orchestrator.example",
            allow_insecure_http="false",  # type: ignore[arg-type]
        )


RESOURCE_CALLS: list[tuple[str, Callable[[Any], Any]]] = [
    ("workflow_id", lambda o: o.workflows.get(5)),
    ("workflow_id", lambda o: o.workflows.delete(None)),
    ("description", lambda o: o.workflows.create(name="x", description=5)),
    ("name", lambda o: o.workflows.update("wf_1", name=["x"])),
    ("description", lambda o: o.workflows.update("wf_1", description=5)),
    ("visibility", lambda o: o.workflows.update("wf_1", visibility=True)),
    ("path", lambda o: o.workflows.save_project("wf_1", 5)),
    ("execution_id", lambda o: o.executions.get_status(b"ex_1")),
    ("execution_id", lambda o: o.executions.wait(1)),
    ("workflow_id", lambda o: o.webhooks.execute(7, {})),
    ("body", lambda o: o.webhooks.execute("wf_1", [1, 2])),
    ("type", lambda o: o.integrations.list(type=5)),
    ("name", lambda o: o.integrations.create(type="slack", config={}, name=5)),
    ("config", lambda o: o.integrations.create(type="slack", config="token")),
    ("name", lambda o: o.integrations.update("int_1", name=5)),
    ("integration_id", lambda o: o.integrations.delete(3.5)),
    ("name", lambda o: o.api_keys.create(name=5)),
    ("key_id", lambda o: o.api_keys.delete(None)),
    ("name", lambda o: o.user.update_profile(name=[1])),
    ("email", lambda o: o.user.update_profile(email=5)),
    ("prompt", lambda o: o.ai.generate_workflow(prompt=5)),
]


@pytest.mark.parametrize(("argument", "call"), RESOURCE_CALLS)
def test_wrong_argument_types_name_the_argument(argument: str, call: Callable[[Any], Any]) -> None:
    recorder = Recorder(ok())
    with pytest.raises(SkytellsError) as caught:
        call(mock_client(recorder).orchestrator)
    assert caught.value.error_id == "SDK_ERROR"
    assert argument in caught.value.message
    assert recorder.calls == 0


# ------------------------------------------------------------------ unsendable ids and filters


UNSENDABLE: list[tuple[str, Callable[[Any], Any]]] = [
    ("workflow_id", lambda o: o.workflows.get("a" * 100_000)),
    ("workflow_id", lambda o: o.workflows.get("wf_\ud800")),
    ("execution_id", lambda o: o.executions.get_logs("\udfff")),
    ("type", lambda o: o.integrations.list(type="s" * 100_000)),
    ("type", lambda o: o.integrations.list(type="slack\ud800")),
    ("key_id", lambda o: o.api_keys.delete("k" * 5000)),
]


@pytest.mark.parametrize(("argument", "call"), UNSENDABLE)
def test_ids_and_filters_that_cannot_be_sent(argument: str, call: Callable[[Any], Any]) -> None:
    recorder = Recorder(ok())
    with pytest.raises(SkytellsError) as caught:
        call(mock_client(recorder).orchestrator)
    assert caught.value.error_id == "SDK_ERROR"
    assert argument in caught.value.message
    assert recorder.calls == 0


def test_an_id_of_a_thousand_characters_is_still_sent() -> None:
    recorder = Recorder(ok({"status": "running", "nodeStatuses": []}))
    mock_client(recorder).orchestrator.executions.get_status("e" * 1024)
    assert recorder.calls == 1


# ------------------------------------------------------------------ base URLs


@pytest.mark.parametrize(
    "url",
    [
        "https://h.example/p?",
        "https://h.example/p#",
        "https://h.example/?",
        "https://h.example#",
        "https://h.example/p?a=1",
        "https://h.example/p#frag",
    ],
)
def test_base_urls_with_a_query_or_fragment_are_refused(url: str) -> None:
    with pytest.raises(SkytellsError) as caught:
        Skytells(orchestrator_api_key=WFB_KEY, orchestrator_base_url=url)
    assert caught.value.error_id == "SDK_ERROR"
    assert "query or a fragment" in caught.value.message


@pytest.mark.parametrize(
    "url", ["https://xn--a.com/", "https://xn--zz-.example", "https://a\u200d.com"]
)
def test_hosts_that_cannot_be_encoded_are_refused(url: str) -> None:
    with pytest.raises(SkytellsError) as caught:
        Skytells(orchestrator_api_key=WFB_KEY, orchestrator_base_url=url)
    assert caught.value.error_id == "SDK_ERROR"
    assert "orchestrator_base_url" in caught.value.message


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("https://ada:Sup3rSecretPassw0rd@orchestrator.example/base", "Sup3rSecretPassw0rd"),
        ("https://TokenAsUserName1234567@orchestrator.example", "TokenAsUserName1234567"),
        ("http://me:p%40ssw0rd-long-one@127.0.0.1:8787", "p%40ssw0rd-long-one"),
    ],
)
def test_user_info_in_the_base_url_is_masked(url: str, secret: str) -> None:
    client = Skytells(orchestrator_api_key=WFB_KEY, orchestrator_base_url=url)
    assert secret not in repr(client)
    assert secret not in client.base_url
    assert "@" in client.base_url
    assert secret not in repr(client.with_options(timeout=3))


def test_user_info_is_masked_in_errors_about_the_base_url() -> None:
    with pytest.raises(SkytellsError) as caught:
        Skytells(
            orchestrator_api_key=WFB_KEY,
            orchestrator_base_url="ftp://ada:Sup3rSecretPassw0rd@h.example",
        )
    assert "Sup3rSecretPassw0rd" not in str(caught.value)


# ------------------------------------------------------------------ session cookie forms


@pytest.mark.parametrize(
    "given",
    [
        "{token}",
        "better-auth.session_token={token}",
        " better-auth.session_token={token} ",
        "__Secure-better-auth.session_token={token}",
        "Cookie: theme=dark; better-auth.session_token={token}; other=1",
        "cookie:better-auth.session_token={token}",
        "theme=dark; better-auth.session_token={token}",
    ],
)
def test_the_session_token_is_taken_from_any_cookie_form(
    server: LocalOrchestrator, given: str
) -> None:
    token = server.session_token
    server.strict_auth = True
    kwargs = local_kwargs(server, orchestrator_session_token=given.format(token=token))
    with Skytells(**kwargs) as client:
        assert client.orchestrator.user.get().id == server.user_id
    cookie = server.requests[-1].headers["cookie"]
    assert cookie == f"better-auth.session_token={token}"
    assert repr(client).count("<set>") == 1


@pytest.mark.parametrize("given", ["Cookie: theme=dark; lang=en", "a=1; b=2"])
def test_a_cookie_line_without_the_session_cookie_is_refused(given: str) -> None:
    with pytest.raises(SkytellsError) as caught:
        _make(orchestrator_session_token=given)
    assert "better-auth.session_token" in caught.value.message
