"""What a long-running local server keeps bounded: a database file it refuses is never touched,
the request log is a ring, a stalled request body is dropped, and the request lines it logs
carry no secret."""

from __future__ import annotations

import logging
import os
import select
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from local_helpers import SESSION_COOKIE
from skytells_orchestrator.local import LocalOrchestrator, LocalServerError

DEADLINE = 10.0

# -- a database file is checked before anything is written -----------------------------------


def _foreign(path: Path, *, wal: bool, table: str) -> None:
    connection = sqlite3.connect(path)
    if wal:
        connection.execute("PRAGMA journal_mode = WAL")
    connection.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, note TEXT)")
    connection.execute(f"INSERT INTO {table} (note) VALUES ('kept')")
    connection.commit()
    connection.close()


@pytest.mark.parametrize(
    ("wal", "table"),
    [(False, "invoices"), (True, "invoices"), (False, "users"), (True, "workflows")],
    ids=["rollback-journal", "wal", "our-table-name-other-columns", "wal-our-table-name"],
)
def test_a_foreign_sqlite_file_is_refused_unchanged(tmp_path: Path, wal: bool, table: str) -> None:
    db = tmp_path / "theirs.db"
    _foreign(db, wal=wal, table=table)
    before = db.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["theirs.db"]
    with pytest.raises(LocalServerError) as raised:
        LocalOrchestrator(db=db)
    message = str(raised.value)
    assert "another program" in message and str(db) in message and "\n" not in message
    assert db.read_bytes() == before
    # No -wal, -shm or -journal file was made beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["theirs.db"]


def test_a_foreign_file_in_use_is_refused_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "busy.db"
    owner = sqlite3.connect(db)  # another program has it open, its tables in its WAL only
    try:
        owner.execute("PRAGMA journal_mode = WAL")
        owner.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
        owner.commit()
        files = sorted(p.name for p in tmp_path.iterdir())
        assert files == ["busy.db", "busy.db-shm", "busy.db-wal"]
        before = db.read_bytes()
        with pytest.raises(LocalServerError, match="another program"):
            LocalOrchestrator(db=db)
        assert db.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == files
        assert owner.execute("SELECT count(*) FROM invoices").fetchone() == (0,)
    finally:
        owner.close()


def test_a_file_with_only_a_view_is_refused_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "views.db"
    connection = sqlite3.connect(db)
    connection.execute("CREATE VIEW answer AS SELECT 42 AS value")
    connection.commit()
    connection.close()
    before = db.read_bytes()
    with pytest.raises(LocalServerError, match="another program"):
        LocalOrchestrator(db=db)
    assert db.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["views.db"]


def test_a_file_that_is_not_sqlite_leaves_nothing_beside_it(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_bytes(b"SQLite format 2\x00" + bytes(200))
    with pytest.raises(LocalServerError, match="not an SQLite database"):
        LocalOrchestrator(db=db)
    assert db.read_bytes() == b"SQLite format 2\x00" + bytes(200)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.db"]


def test_a_corrupt_sqlite_file_is_refused_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "broken.db"
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 300)
    with pytest.raises(LocalServerError) as raised:
        LocalOrchestrator(db=db)
    assert "\n" not in str(raised.value)
    assert db.read_bytes() == b"SQLite format 3\x00" + b"\xff" * 300
    assert [p.name for p in tmp_path.iterdir()] == ["broken.db"]


def test_new_empty_and_own_files_are_used(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    for db in (tmp_path / "new.db", empty):
        with (
            LocalOrchestrator(db=db) as server,
            httpx.Client(base_url=server.url, cookies=server.cookies, timeout=DEADLINE) as http,
        ):
            created = http.post(
                "/api/workflows/create", json={"name": "kept", "nodes": [], "edges": []}
            )
            assert created.status_code == 200
        # The server's own file, reopened: what it stored is there.
        with (
            LocalOrchestrator(db=db) as again,
            httpx.Client(base_url=again.url, cookies=again.cookies, timeout=DEADLINE) as http,
        ):
            names = [item["name"] for item in http.get("/api/workflows").json()]
            assert "kept" in names
            assert again.api_key_origin == "stored"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_or_a_device_is_refused_without_reading_it(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.db"
    os.mkfifo(pipe)
    device = tmp_path / "device.db"
    device.symlink_to(os.devnull)
    outcomes: list[str] = []

    def open_both() -> None:
        for db in (pipe, device):
            try:
                LocalOrchestrator(db=db).close()
            except LocalServerError as error:
                outcomes.append(str(error))

    opening = threading.Thread(target=open_both, daemon=True)
    opening.start()
    opening.join(DEADLINE)
    if opening.is_alive():  # blocked reading the pipe: let it go
        with open(pipe, "wb"):
            pass
        opening.join(DEADLINE)
        raise AssertionError("opening a named pipe blocked")
    assert outcomes == [f"{pipe} is not a regular file", f"{device} is not a regular file"]


def test_a_file_of_an_earlier_version_is_used(tmp_path: Path) -> None:
    from skytells_orchestrator.local import _store

    db = tmp_path / "earlier.db"
    connection = sqlite3.connect(db)
    connection.executescript(_store._SCHEMA)
    connection.execute("ALTER TABLE executions DROP COLUMN runner")  # added later
    connection.close()
    with LocalOrchestrator(db=db):
        pass
    connection = sqlite3.connect(db)
    columns = {row[1] for row in connection.execute("PRAGMA table_info(executions)")}
    connection.close()
    assert "runner" in columns


# -- the request log is a ring ------------------------------------------------------------------


def test_the_request_log_keeps_the_last_n_and_counts_all() -> None:
    with (
        LocalOrchestrator(request_log_size=5) as server,
        httpx.Client(base_url=server.url, cookies=server.cookies, timeout=DEADLINE) as http,
    ):
        assert server.requests.size == 5
        for index in range(300):
            http.get(f"/api/workflows/w{index}")
        assert server.requests.total == 300
        assert len(server.requests) == 5  # memory stays flat: never more than N kept
        assert [item.path for item in server.requests] == [
            f"/api/workflows/w{index}" for index in range(295, 300)
        ]
        assert server.requests[-1].path == "/api/workflows/w299"
        assert server.requests[1:3] == list(server.requests)[1:3]
        assert repr(server.requests) == "RequestLog(5 kept of 300 requests)"
        answer = http.get("/__local__/requests")
        listed = answer.json()
        assert [item["path"] for item in listed][-1] == "/api/workflows/w299"
        assert len(listed) == 5
        assert answer.headers["x-total-count"] == "300"
        server.requests.clear()
        assert (len(server.requests), server.requests.total) == (0, 0)


def test_a_request_log_of_size_0_only_counts() -> None:
    with (
        LocalOrchestrator(request_log_size=0) as server,
        httpx.Client(base_url=server.url, cookies=server.cookies, timeout=DEADLINE) as http,
    ):
        for _ in range(20):
            http.get("/api/user")
        assert (len(server.requests), server.requests.total) == (0, 20)
        assert list(server.requests) == []


@pytest.mark.parametrize("size", [-1, 2.5, True, "10", None, 10_000_001, 10**30])
def test_a_bad_request_log_size_is_a_typed_error(size: object) -> None:
    with pytest.raises(LocalServerError, match="request log size"):
        LocalOrchestrator(request_log_size=size)  # type: ignore[arg-type]


# -- a stalled request body is dropped ----------------------------------------------------------


def _stalled_request(
    server: LocalOrchestrator, path: str = "/api/workflows/create"
) -> socket.socket:
    """Headers and one byte of a declared 1000-byte body, then nothing."""
    connection = socket.create_connection(("127.0.0.1", server.port), timeout=DEADLINE)
    connection.sendall(
        (
            f"POST {path} HTTP/1.1\r\nHost: local\r\n"
            f"Cookie: {SESSION_COOKIE}={server.session_token}\r\n"
            "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"
        ).encode()
    )
    return connection


def _read_until_closed(connection: socket.socket) -> bytes:
    received = b""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        try:
            chunk = connection.recv(65536)
        except ConnectionResetError:
            # The server closed with bytes of ours still unread, so its kernel sent a reset
            # rather than an end of stream; what it answered before that is all here.
            return received
        if not chunk:
            return received
        received += chunk
    raise AssertionError(f"the connection is still open: {received!r}")


@pytest.fixture
def impatient() -> Iterator[LocalOrchestrator]:
    with LocalOrchestrator(body_timeout=0.3) as server:
        yield server


def test_stalled_bodies_are_answered_408_and_closed_while_others_are_served(
    impatient: LocalOrchestrator,
) -> None:
    stalled = [_stalled_request(impatient) for _ in range(30)]
    try:
        with httpx.Client(
            base_url=impatient.url, cookies=impatient.cookies, timeout=DEADLINE
        ) as http:
            assert http.get("/api/user").status_code == 200
            for connection in stalled:
                answer = _read_until_closed(connection)
                assert answer.startswith(b"HTTP/1.1 408 "), answer
                assert b"connection: close" in answer.lower()
                assert answer.endswith(b'{"error": "Request body not received in time"}')
            # Nothing of the stalled requests was stored; the server still serves.
            assert http.get("/api/workflows").json() == []
            created = http.post(
                "/api/workflows/create", json={"name": "after", "nodes": [], "edges": []}
            )
            assert created.status_code == 200
    finally:
        for connection in stalled:
            connection.close()


def test_a_body_trickling_in_is_dropped_at_the_deadline(impatient: LocalOrchestrator) -> None:
    connection = _stalled_request(impatient)
    try:
        deadline = time.monotonic() + DEADLINE
        # One byte every 50 ms keeps the connection busy, never done: the deadline still ends
        # it. Sending stops as soon as the answer is there (else a reset could discard it).
        while not select.select([connection], [], [], 0.05)[0]:
            assert time.monotonic() < deadline, "the trickling body was never dropped"
            try:
                connection.sendall(b" ")
            except (BrokenPipeError, ConnectionResetError):
                break  # answered and closed between the select and this byte
        answer = _read_until_closed(connection)
        assert answer.startswith(b"HTTP/1.1 408 "), answer
    finally:
        connection.close()


def test_a_body_that_arrives_in_time_is_not_affected(impatient: LocalOrchestrator) -> None:
    body = b'{"name": "slow but whole", "nodes": [], "edges": []}'
    with socket.create_connection(("127.0.0.1", impatient.port), timeout=DEADLINE) as sock:
        sock.sendall(
            (
                "POST /api/workflows/create HTTP/1.1\r\nHost: local\r\nConnection: close\r\n"
                f"Cookie: {SESSION_COOKIE}={impatient.session_token}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            ).encode()
        )
        sock.sendall(body[:10])
        sock.sendall(body[10:])
        answer = _read_until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 200 "), answer


@pytest.mark.parametrize("value", [0, -1, float("nan"), float("inf"), "5", True])
def test_a_bad_body_timeout_is_a_typed_error(value: object) -> None:
    with pytest.raises(LocalServerError, match="body_timeout"):
        LocalOrchestrator(body_timeout=value)  # type: ignore[arg-type]


# -- request lines ------------------------------------------------------------------------------


def test_each_request_is_logged_in_one_line_without_secrets(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="skytells_orchestrator.local.requests")
    with (
        LocalOrchestrator(body_timeout=0.3) as server,
        httpx.Client(
            base_url=server.url,
            cookies=server.cookies,
            headers={"Authorization": f"Bearer {server.api_key}"},
            timeout=DEADLINE,
        ) as http,
    ):
        http.get("/api/workflows", params={"token": "query-secret"})
        http.post("/api/workflows/create", json={"name": "body-secret", "nodes": [], "edges": []})
        http.get("/api/workflows/%1B%5B31m%0Ared")  # shown as sent: never decoded
        _read_until_closed(_stalled_request(server))
        deadline = time.monotonic() + DEADLINE
        while len(caplog.messages) < 4:  # the stalled request is logged once it is closed
            assert time.monotonic() < deadline, caplog.text
            time.sleep(0.01)
    lines = [
        record.getMessage()
        for record in caplog.records
        if record.name == "skytells_orchestrator.local.requests"
    ]
    assert lines[0].startswith("GET /api/workflows 200 ") and lines[0].endswith(" ms")
    assert lines[1].startswith("POST /api/workflows/create 200 ")
    assert lines[2].startswith("GET /api/workflows/%1B%5B31m%0Ared 404 ")
    assert lines[3].startswith("POST /api/workflows/create 408 ")
    text = "\n".join(lines)
    for secret in (server.api_key, server.session_token, "query-secret", "body-secret", "\x1b"):
        assert secret not in text
