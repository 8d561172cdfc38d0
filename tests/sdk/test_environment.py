"""What the clients take from the environment: proxies never for a loopback Orchestrator,
certificates and proxies that cannot be used named in a typed error, ``trust_env=False``."""

from __future__ import annotations

import importlib.util
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sdk_support import WFB_KEY, local_kwargs
from skytells_orchestrator import AsyncSkytells, Skytells, SkytellsError
from skytells_orchestrator.local import LocalOrchestrator

PROXY_VARIABLES = ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"]


class RecordingProxy:
    """A loopback 'proxy' that records what reaches it and answers 502."""

    def __init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen()
        self._sock.settimeout(0.2)
        self.received: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    self.received.append(conn.recv(65536))
                    conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                except OSError:
                    pass

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._sock.close()


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[RecordingProxy]:
    running = RecordingProxy()
    for name in PROXY_VARIABLES:
        monkeypatch.setenv(name, running.url)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    yield running
    running.stop()


def test_a_loopback_orchestrator_is_never_reached_through_an_environment_proxy(
    server: LocalOrchestrator, proxy: RecordingProxy
) -> None:
    with Skytells(**local_kwargs(server)) as client:
        assert isinstance(client.orchestrator.workflows.list(), list)
        run = client.orchestrator.webhooks.execute(
            client.orchestrator.workflows.create(
                name="w",
                nodes=[
                    {
                        "id": "t",
                        "type": "trigger",
                        "position": {"x": 0, "y": 0},
                        "data": {
                            "label": "T",
                            "type": "trigger",
                            "config": {"triggerType": "Webhook"},
                        },
                    }
                ],
            ).id
        )
        assert run.execution_id
    # The key would have reached the proxy in clear.
    assert proxy.received == []


async def test_an_async_loopback_orchestrator_skips_the_environment_proxy(
    server: LocalOrchestrator, proxy: RecordingProxy
) -> None:
    async with AsyncSkytells(**local_kwargs(server)) as client:
        assert isinstance(await client.orchestrator.workflows.list(), list)
        async with client.orchestrator.ai.generate_workflow(prompt="Slack me") as stream:
            assert [operation async for operation in stream]
    assert proxy.received == []


def test_a_remote_orchestrator_still_goes_through_the_environment_proxy(
    proxy: RecordingProxy,
) -> None:
    # trust_env keeps its meaning for every other host: the proxy is used (and answers 502).
    with (
        Skytells(
            orchestrator_api_key=WFB_KEY,
            orchestrator_base_url="http://orchestrator.invalid",
            allow_insecure_http=True,
            max_retries=0,
        ) as client,
        pytest.raises(SkytellsError) as caught,
    ):
        client.orchestrator.workflows.list()
    assert caught.value.http_status == 502
    assert len(proxy.received) == 1


def test_trust_env_false_ignores_the_environment_proxy(proxy: RecordingProxy) -> None:
    with (
        Skytells(
            orchestrator_api_key=WFB_KEY,
            orchestrator_base_url="http://orchestrator.invalid",
            allow_insecure_http=True,
            max_retries=0,
            trust_env=False,
        ) as client,
        pytest.raises(SkytellsError) as caught,
    ):
        client.orchestrator.workflows.list()
    assert caught.value.error_id == "NETWORK_ERROR"  # no such host, and no proxy asked
    assert proxy.received == []


@pytest.mark.skipif(
    importlib.util.find_spec("socksio") is not None, reason="the socks extra is installed"
)
@pytest.mark.parametrize("variable", ["ALL_PROXY", "HTTPS_PROXY"])
def test_a_socks_proxy_without_its_extra_is_named(
    monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    monkeypatch.setenv(variable, "socks5://user:Pr0xyPassw0rd@127.0.0.1:1080")
    with pytest.raises(SkytellsError) as caught:
        Skytells(orchestrator_api_key=WFB_KEY)
    assert caught.value.error_id == "SDK_ERROR"
    assert variable in caught.value.message
    assert "Pr0xyPassw0rd" not in str(caught.value)
    assert "trust_env=False" in caught.value.message
    # Without the environment the same client is fine, and a loopback one never reads it.
    Skytells(orchestrator_api_key=WFB_KEY, trust_env=False).close()
    Skytells(orchestrator_api_key=WFB_KEY, orchestrator_base_url="http://127.0.0.1:9").close()


def test_an_unusable_proxy_url_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "gopher://127.0.0.1:70")
    with pytest.raises(SkytellsError) as caught:
        AsyncSkytells(orchestrator_api_key=WFB_KEY)
    assert "HTTPS_PROXY" in caught.value.message


@pytest.mark.parametrize("content", [None, b"not a certificate\n"])
def test_a_bad_ssl_cert_file_is_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: bytes | None
) -> None:
    path = tmp_path / "ca.pem"
    if content is not None:
        path.write_bytes(content)
    monkeypatch.setenv("SSL_CERT_FILE", str(path))
    for client_class in (Skytells, AsyncSkytells):
        with pytest.raises(SkytellsError) as caught:
            client_class(orchestrator_api_key=WFB_KEY)
        assert caught.value.error_id == "SDK_ERROR"
        assert "SSL_CERT_FILE" in caught.value.message
    Skytells(orchestrator_api_key=WFB_KEY, trust_env=False).close()


@pytest.mark.parametrize(
    ("variable", "value", "secret"),
    [
        ("ORCHESTRATOR_BASE_URL", "https://xn--a.com/", None),
        ("ORCHESTRATOR_BASE_URL", "https://h.example/p?", None),
        ("ORCHESTRATOR_BASE_URL", "http://ada:Passw0rdInUrl@remote.example", "Passw0rdInUrl"),
        ("ORCHESTRATOR_API_KEY", "sk-PlatformKeyGivenAsWorkflowKey", "PlatformKeyGivenAs"),
        ("ORCHESTRATOR_API_KEY", "wfb_with space", None),
    ],
)
def test_a_refused_environment_value_names_its_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, secret: str | None
) -> None:
    monkeypatch.setenv("ORCHESTRATOR_API_KEY", WFB_KEY)
    monkeypatch.setenv(variable, value)
    with pytest.raises(SkytellsError) as caught:
        Skytells()
    assert caught.value.error_id == "SDK_ERROR"
    assert variable in caught.value.message
    if secret is not None:
        assert secret not in str(caught.value)
