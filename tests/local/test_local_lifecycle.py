"""Starting and stopping: ports, persistence, the command line, import isolation."""

from __future__ import annotations

import ast
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from local_helpers import DEADLINE, SESSION_COOKIE, trigger_node
from skytells_orchestrator.local import LocalOrchestrator


def test_context_manager_frees_the_port() -> None:
    with LocalOrchestrator() as server:
        port = server.port
        assert port > 0
        assert server.url == f"http://127.0.0.1:{port}"
        assert httpx.get(f"{server.url}/__local__/health", cookies=server.cookies).is_success
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/__local__/health")
    # Nothing listens any more: the port can be bound (as a server would, SO_REUSEADDR).
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen()


def test_a_new_server_can_take_the_same_port() -> None:
    with LocalOrchestrator() as first:
        port = first.port
        httpx.get(f"{first.url}/api/user", cookies=first.cookies)
    with LocalOrchestrator(port=port) as second:
        assert second.port == port
        assert httpx.get(f"{second.url}/api/user", cookies=second.cookies).status_code == 200


def test_start_and_stop_are_idempotent_and_restartable() -> None:
    server = LocalOrchestrator()
    try:
        server.start()
        assert server.start() is server
        assert server.running
        cookies = server.cookies
        created = httpx.post(
            f"{server.url}/api/workflows/create",
            cookies=cookies,
            json={"name": "kept", "nodes": [], "edges": []},
        ).json()
        server.stop()
        server.stop()
        assert not server.running
        server.start()
        fetched = httpx.get(f"{server.url}/api/workflows/{created['id']}", cookies=cookies)
        assert fetched.json()["name"] == "kept"
    finally:
        server.close()
    with pytest.raises(RuntimeError):
        server.start()


def test_sqlite_file_survives_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "orchestrator.sqlite"
    with LocalOrchestrator(db=str(db)) as server:
        first_key = server.api_key
        cookies = server.cookies
        created = httpx.post(
            f"{server.url}/api/workflows/create",
            cookies=cookies,
            json={"name": "persisted", "nodes": [trigger_node()], "edges": []},
        ).json()
        integration = httpx.post(
            f"{server.url}/api/integrations",
            cookies=cookies,
            json={"type": "slack", "config": {"apiKey": "k"}},
        ).json()
        execution = httpx.post(
            f"{server.url}/api/workflows/{created['id']}/webhook",
            headers={"Authorization": f"Bearer {first_key}"},
            json={},
        ).json()
        deadline = time.monotonic() + DEADLINE
        while True:  # let the execution finish before stopping
            status = httpx.get(
                f"{server.url}/api/workflows/executions/{execution['executionId']}/status",
                cookies=cookies,
            ).json()["status"]
            if status != "running" or time.monotonic() > deadline:
                break
            time.sleep(0.005)
    assert db.exists()
    with LocalOrchestrator(db=str(db)) as server:
        # The same session cookie still works (sessions are stored).
        assert server.session_token == cookies[SESSION_COOKIE]
        listed = httpx.get(f"{server.url}/api/workflows", cookies=server.cookies).json()
        assert [item["id"] for item in listed] == [created["id"]]
        assert listed[0]["nodes"] == created["nodes"]
        got = httpx.get(f"{server.url}/api/integrations/{integration['id']}", cookies=cookies)
        assert got.json()["config"] == {"apiKey": "k"}
        executions = httpx.get(
            f"{server.url}/api/workflows/{created['id']}/executions", cookies=cookies
        ).json()
        assert [item["status"] for item in executions] == ["success"]
        # The generated key is kept: a restart neither revokes nor replaces it.
        assert (server.api_key, server.api_key_origin) == (first_key, "stored")
        old = httpx.get(f"{server.url}/api/user", headers={"Authorization": f"Bearer {first_key}"})
        assert old.status_code == 200
        keys = httpx.get(f"{server.url}/api/api-keys", cookies=cookies).json()
        assert len(keys) == 1


def test_unknown_routes_and_methods_answer_json(server: LocalOrchestrator) -> None:
    missing = httpx.get(f"{server.url}/api/nothing-here")
    assert missing.status_code == 404
    assert missing.json() == {"error": "Not found"}
    wrong = httpx.put(f"{server.url}/api/workflows", json={})
    assert wrong.status_code == 405
    assert "error" in wrong.json()


def test_importing_the_package_does_not_import_the_server() -> None:
    code = (
        "import sys, skytells_orchestrator\n"
        "bad = [m for m in ('starlette', 'uvicorn', 'skytells_orchestrator.local') "
        "if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)


def test_the_server_does_not_import_the_sdk() -> None:
    # Importing skytells_orchestrator.local runs the package's __init__ (the SDK) first, so the
    # independence of the server is checked on its source: only relative imports of its own
    # modules, the standard library, Starlette and uvicorn.
    import skytells_orchestrator.local as local

    allowed_roots = set(sys.stdlib_module_names) | {"starlette", "uvicorn"}
    for path in Path(local.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                if node.level > 1:
                    raise AssertionError(f"{path.name} imports from outside local/")
                roots = set() if node.level == 1 else {str(node.module).split(".")[0]}
            else:
                continue
            assert roots <= allowed_roots, (path.name, roots - allowed_roots)


def test_cli_serve_prints_the_url_and_stops_on_sigint(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [
        sys.executable,
        "-m",
        "skytells_orchestrator.cli",
        "serve",
        "--port",
        "0",
        "--api-key",
        "wfb_" + "c" * 32,
        "--db",
        str(tmp_path / "cli.sqlite"),
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        assert process.stdout is not None
        printed: list[str] = []
        url = None
        deadline = time.monotonic() + 20
        while url is None and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            printed.append(line)
            match = re.search(r"listening on (http://\S+)", line)
            url = match.group(1) if match else None
        assert url is not None, printed
        assert not url.endswith(":0")
        rest = [process.stdout.readline() for _ in range(2)]
        assert "wfb_" + "c" * 32 in rest[0]
        assert "better-auth.session_token=" in rest[1]
        response = httpx.get(f"{url}/api/user", headers={"Authorization": "Bearer wfb_" + "c" * 32})
        assert response.status_code == 200
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_cli_without_command_prints_help() -> None:
    from skytells_orchestrator.cli import main

    assert main([]) == 2


def test_cli_refuses_a_bad_key(capsys: pytest.CaptureFixture[str]) -> None:
    from skytells_orchestrator.cli import main

    assert main(["serve", "--api-key", "sk-nope", "--port", "0"]) == 2
    assert "wfb_" in capsys.readouterr().err


def test_cli_explains_a_missing_server_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from skytells_orchestrator import cli

    monkeypatch.setattr(cli, "_server_installed", lambda: False)
    assert cli.main(["serve", "--port", "0"]) == 2
    assert "skytells-orchestrator[server]" in capsys.readouterr().err
