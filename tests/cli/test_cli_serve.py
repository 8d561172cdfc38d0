"""``serve`` checks its arguments before starting: one line, exit 2, never a traceback."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
import skytells_orchestrator.local
from skytells_orchestrator.cli import main


def bad_arguments(tmp: Path) -> list[tuple[list[str], str]]:
    (tmp / "notes.txt").write_text("not a database\n")
    return [
        (["--port", "70000"], "70000 is not in the range"),
        (["--port", "-1"], "is not in the range"),
        (["--db", str(tmp / "missing" / "state.db")], "does not exist"),
        (["--db", str(tmp / "notes.txt")], "is not an SQLite database"),
        (["--db", str(tmp)], "is a folder"),
        (["--api-key", "sk-platform-key"], "looks like a platform key"),
        (["--api-key", "wfb_ has spaces"], "contains spaces"),
        (["--api-key", "plainkey"], "must start with 'wfb_'"),
        (["--api-key", "wfb_"], "must start with 'wfb_'"),
        (["--api-key", ""], "must not be empty"),
        (["--ai-line-delay", "inf"], "not a finite number"),
        (["--step-delay", "nan"], "not a finite number"),
        (["--step-delay", "-0.5"], "must not be negative"),
        (["--strict-auth", "--bogus"], "No such option"),
        (["--request-log-size", "-1"], "is not in the range"),
        (["--request-log-size", str(10**30)], "is not in the range"),
        (["--body-timeout", "0"], "must be greater than 0"),
        (["--body-timeout", "nan"], "not a finite number"),
    ]


@pytest.mark.parametrize("case", range(18))
def test_bad_arguments_exit_2_with_one_line(
    case: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args, message = bad_arguments(tmp_path)[case]
    assert main(["serve", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: ") and captured.err.count("\n") == 1, captured.err
    assert message in captured.err


def test_an_existing_sqlite_file_or_an_empty_one_is_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    opened: list[str | None] = []

    class Refuses:
        def __init__(self, *, db: str | None, **options: object) -> None:
            opened.append(db)
            raise ValueError("stop here")

    monkeypatch.setattr(skytells_orchestrator.local, "LocalOrchestrator", Refuses)
    empty = tmp_path / "empty.db"
    empty.touch()
    real = tmp_path / "real.db"
    real.write_bytes(b"SQLite format 3\x00" + bytes(100))
    for path in (empty, real, tmp_path / "new.db"):
        assert main(["serve", "--db", str(path)]) == 2
    assert opened == [str(empty), str(real), str(tmp_path / "new.db")]
    assert "stop here" in capsys.readouterr().err


def test_binding_beyond_loopback_warns(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Refuses:
        def __init__(self, **options: object) -> None:
            raise ValueError("not started in tests")

    monkeypatch.setattr(skytells_orchestrator.local, "LocalOrchestrator", Refuses)
    assert main(["serve", "--host", "0.0.0.0", "--port", "0"]) == 2
    assert "warning: binding to 0.0.0.0" in capsys.readouterr().err
    for loopback in ("127.0.0.1", "localhost", "::1"):
        assert main(["serve", "--host", loopback, "--port", "0"]) == 2
        assert "warning" not in capsys.readouterr().err


def test_a_foreign_sqlite_file_is_refused_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "theirs.db"
    connection = sqlite3.connect(db)
    connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    connection.commit()
    connection.close()
    before = db.read_bytes()
    assert main(["serve", "--port", "0", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "another program" in err
    assert db.read_bytes() == before
    assert [path.name for path in tmp_path.iterdir()] == ["theirs.db"]


DEADLINE = 20.0
REQUEST_LINE = re.compile(r"^\d\d:\d\d:\d\d (GET|POST) (/\S*) (\d{3}|-) \d+\.\d ms$")


def _serve_and_call(*options: str) -> tuple[str, list[str], str]:
    """Run ``serve`` in a process, make three requests, stop it with SIGTERM: its stdout,
    the secrets the requests carried and its stderr."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("ORCHESTRATOR_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "skytells_orchestrator.cli", "serve", "--port", "0", *options],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out: list[str] = []
    ready = threading.Event()

    def read_stdout() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            out.append(line)
            if line.startswith("Press Ctrl-C"):
                ready.set()

    reader = threading.Thread(target=read_stdout, daemon=True)
    reader.start()
    try:
        assert ready.wait(DEADLINE), "".join(out)
        url = re.search(r"listening on (\S+)", "".join(out))
        key = re.search(r"API key \(owner\): +(\S+)", "".join(out))
        cookie = re.search(r"better-auth.session_token=(\S+)", "".join(out))
        assert url and key and cookie, out
        secrets = [key[1], cookie[1], "body-secret", "query-secret"]
        with httpx.Client(
            base_url=url[1],
            headers={"Authorization": f"Bearer {key[1]}"},
            cookies={"better-auth.session_token": cookie[1]},
            timeout=DEADLINE,
        ) as http:
            http.get("/api/workflows", params={"q": "query-secret"})
            http.post(
                "/api/workflows/create", json={"name": "body-secret", "nodes": [], "edges": []}
            )
            http.get("/api/workflows/missing")
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=DEADLINE)
        assert process.returncode == 0, err
        reader.join(DEADLINE)
        return "".join(out), secrets, err
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


@pytest.mark.skipif(os.name == "nt", reason="stopped with SIGTERM")
def test_log_requests_prints_one_line_per_request_without_secrets() -> None:
    _, secrets, err = _serve_and_call("--log-requests")
    lines = [line for line in err.splitlines() if REQUEST_LINE.match(line)]
    assert [REQUEST_LINE.match(line).group(1, 2, 3) for line in lines] == [  # type: ignore[union-attr]
        ("GET", "/api/workflows", "200"),
        ("POST", "/api/workflows/create", "200"),
        ("GET", "/api/workflows/missing", "404"),
    ], err
    for secret in secrets:
        assert secret not in err


@pytest.mark.skipif(os.name == "nt", reason="stopped with SIGTERM")
def test_without_log_requests_serve_prints_nothing_per_request() -> None:
    out, _, err = _serve_and_call()
    assert "/api/workflows" not in err and "/api/workflows" not in out


def test_the_defaults_are_the_servers() -> None:
    from skytells_orchestrator.cli.serve import serve
    from skytells_orchestrator.local._faults import (
        DEFAULT_REQUEST_LOG_SIZE,
        MAX_REQUEST_LOG_SIZE,
    )
    from skytells_orchestrator.local._http import DEFAULT_BODY_TIMEOUT

    options = {param.name: param for param in serve.params}
    size = options["request_log_size"]
    assert size.default == DEFAULT_REQUEST_LOG_SIZE
    assert size.type.max == MAX_REQUEST_LOG_SIZE  # type: ignore[attr-defined]
    assert options["body_timeout"].default == DEFAULT_BODY_TIMEOUT


def test_real_http_is_handed_to_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []

    class Refuses:
        def __init__(self, *, real_http: bool, **options: object) -> None:
            seen.append(real_http)
            raise ValueError("not started in tests")

    monkeypatch.setattr(skytells_orchestrator.local, "LocalOrchestrator", Refuses)
    assert main(["serve", "--real-http"]) == 2
    assert main(["serve"]) == 2
    assert seen == [True, False]
