"""SQLite-backed state of the local Orchestrator.

One connection serves the whole server. It is ``:memory:`` unless a file path is given, so the
same code keeps state for a single run or across restarts. SQLite is called synchronously from
the event loop: every statement is a few microseconds on a local database, far below what an
executor hop would cost, and a lock makes the few calls from other threads (seeding) safe.

Rows come out already in wire shape (camelCase keys, ISO timestamps), because every caller is a
route that sends them as JSON.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import string
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

__all__ = [
    "CURRENT_WORKFLOW_NAME",
    "ForeignDatabase",
    "Store",
    "check_database_file",
    "hash_api_key",
    "new_api_key",
    "new_id",
]

# The editor's autosave is stored as an ordinary workflow with this name, as upstream does; it
# therefore also shows up in the workflow list and counts for the "Untitled N" numbering.
CURRENT_WORKFLOW_NAME = "~~__CURRENT__~~"

_SQLITE_HEADER = b"SQLite format 3\x00"
_ID_ALPHABET = string.digits + string.ascii_lowercase
# Far below SQLite's limit on bound parameters (999 in builds before 3.32).
_IDS_PER_QUERY = 500

# Workflow fields the server owns: a client cannot smuggle them in as "extra" fields.
_RESERVED_WORKFLOW_FIELDS = frozenset(
    {
        "id",
        "name",
        "description",
        "userId",
        "nodes",
        "edges",
        "visibility",
        "createdAt",
        "updatedAt",
        "isOwner",
    }
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    image TEXT,
    is_anonymous INTEGER NOT NULL DEFAULT 0,
    provider_id TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id)
);
CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    name TEXT,
    key_hash TEXT NOT NULL UNIQUE,
    key_prefix TEXT NOT NULL,
    seeded INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    last_used_at TEXT
);
CREATE TABLE IF NOT EXISTS workflows (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    description TEXT,
    nodes TEXT NOT NULL,
    edges TEXT NOT NULL,
    visibility TEXT NOT NULL DEFAULT 'private',
    extra TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS executions (
    id TEXT PRIMARY KEY,
    -- No ON DELETE CASCADE on purpose: deleting a workflow that still has executions fails,
    -- exactly like the hosted service (which answers 500 "Failed query: delete from ...").
    workflow_id TEXT NOT NULL REFERENCES workflows(id),
    user_id TEXT NOT NULL,
    status TEXT NOT NULL,
    input TEXT,
    output TEXT,
    error TEXT,
    started_at TEXT NOT NULL,
    completed_at TEXT,
    duration TEXT,
    -- Which server instance runs it ("<host>:<pid>:<nonce>"): a restart closes the runs of
    -- instances that are gone.
    runner TEXT
);
CREATE TABLE IF NOT EXISTS execution_logs (
    id TEXT PRIMARY KEY,
    execution_id TEXT NOT NULL REFERENCES executions(id),
    node_id TEXT NOT NULL,
    node_name TEXT NOT NULL,
    node_type TEXT NOT NULL,
    status TEXT NOT NULL,
    input TEXT,
    output TEXT,
    error TEXT,
    started_at TEXT NOT NULL,
    completed_at TEXT,
    duration TEXT,
    timestamp TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS integrations (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    config TEXT NOT NULL,
    is_managed INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""


class ForeignDatabase(ValueError):
    """A file that is not the local server's database: refused before anything is written."""


# Columns a file written before they existed may lack: they are added on open.
_ADDED_LATER = {("executions", "runner")}


def _tables(connection: sqlite3.Connection) -> dict[str, set[str]]:
    """Every schema object but SQLite's own, by name: a table's columns (views, indexes and
    triggers as ``"<type>:"`` entries, so that another program's ones never match ours)."""
    found: dict[str, set[str]] = {}
    for kind, name in connection.execute(
        "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    ):
        if kind != "table":
            found[f"{kind}:{name}"] = set()
            continue
        found[name] = {
            row[0] for row in connection.execute("SELECT name FROM pragma_table_info(?)", (name,))
        }
    return found


def _schema_tables() -> dict[str, set[str]]:
    connection = sqlite3.connect(":memory:")
    try:
        connection.executescript(_SCHEMA)
        return _tables(connection)
    finally:
        connection.close()


def _read_only_tables(path: Path, *, immutable: bool) -> dict[str, set[str]]:
    # immutable=1: no lock, no -wal or -shm file is created (mode=ro alone makes both for a
    # database in WAL mode when they are missing, and leaves them behind).
    uri = path.resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")
    connection = sqlite3.connect(uri, uri=True)
    try:
        return _tables(connection)
    finally:
        connection.close()


def check_database_file(path: str) -> None:
    """Refuse a file that is not this server's database, without writing to it.

    A missing or empty file, or an SQLite database holding nothing or only this server's
    tables, passes. Anything else (another program's tables, a non-SQLite file) raises
    ``ForeignDatabase`` and the file, and the folder around it, are left exactly as they were.

    Example::

        check_database_file("state.db")  # raises ForeignDatabase for "notes.txt"
    """
    file = Path(path)
    if file.exists() and not file.is_file():
        # A pipe or a device: reading it could block or never end.
        raise ForeignDatabase(f"{path} is not a regular file")
    try:
        with file.open("rb") as opened:
            head = opened.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise ForeignDatabase(f"cannot read {path}: {exc.strerror or exc}") from None
    if not head:
        return  # an empty file is a new database for SQLite
    if head != _SQLITE_HEADER:
        raise ForeignDatabase(f"{path} is not an SQLite database")
    wal = Path(f"{path}-wal")
    try:
        # A write-ahead log in use (another server on the file, or one that was killed) holds
        # what the file does not yet: read through it, with SQLite's locks, as a reader.
        found = _read_only_tables(file, immutable=not (wal.is_file() and wal.stat().st_size))
    except sqlite3.Error as exc:
        raise ForeignDatabase(f"cannot read {path} as an SQLite database: {exc}") from None
    ours = _schema_tables()
    for table, columns in found.items():
        missing = {
            column for column in ours.get(table, set()) if (table, column) not in _ADDED_LATER
        }
        if table not in ours or not missing <= columns:
            raise ForeignDatabase(
                f"{path} holds another program's data ({table!r}), not the local "
                "Orchestrator's: it is left unchanged; give a new file instead"
            )


def new_id() -> str:
    """A server-generated id: 21 characters of ``[0-9a-z]``, like the hosted service's."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(21))


def new_api_key() -> str:
    """A fresh ``wfb_`` key: the prefix plus 32 url-safe characters (24 random bytes)."""
    return "wfb_" + secrets.token_urlsafe(24)


def hash_api_key(key: str) -> str:
    """The hex sha256 under which a key is stored; the key itself is never kept."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _dump(value: Any) -> str:
    # allow_nan=False: a NaN stored once would make every later read of the row fail.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _load(text: str | None) -> Any:
    return None if text is None else json.loads(text)


class Store:
    """All persistent state, behind one lock.

    Example::

        store = Store(None)  # in memory
        user_id = store.create_user(name="Ada", email="ada@example.com")
    """

    def __init__(self, path: str | None) -> None:
        self._lock = threading.RLock()
        if path:
            check_database_file(path)  # before connect: it may create or change files
        self._connection = sqlite3.connect(
            path or ":memory:", check_same_thread=False, isolation_level=None
        )
        self._connection.row_factory = sqlite3.Row
        self._connection.execute("PRAGMA foreign_keys = ON")
        if path:
            # WAL keeps a crash (or a killed test process) from corrupting the file.
            self._connection.execute("PRAGMA journal_mode = WAL")
        self._connection.executescript(_SCHEMA)
        columns = {row[1] for row in self._connection.execute("PRAGMA table_info(executions)")}
        if "runner" not in columns:  # a file written before the column existed
            self._connection.execute("ALTER TABLE executions ADD COLUMN runner TEXT")
        self._last_stamp = datetime.now(UTC) - timedelta(seconds=1)

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._connection.close()

    # -- plumbing ---------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._connection.execute("BEGIN")
            try:
                yield self._connection
            except BaseException:
                self._connection.execute("ROLLBACK")
                raise
            self._connection.execute("COMMIT")

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return list(self._connection.execute(sql, params))

    def _execute(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        with self._lock:
            return self._connection.execute(sql, params).rowcount

    def now(self) -> str:
        """The current time as an ISO string, strictly increasing between calls.

        Orderings ("newest first") compare these strings; making each one at least a
        millisecond later than the previous keeps them unambiguous even for fast callers.
        """
        with self._lock:
            moment = datetime.now(UTC)
            floor = self._last_stamp + timedelta(milliseconds=1)
            moment = max(moment, floor)
            # Truncate to the millisecond the wire format carries.
            moment = moment.replace(microsecond=(moment.microsecond // 1000) * 1000)
            self._last_stamp = moment
            return _iso(moment)

    # -- meta ---------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        """A value from the key/value table, or None."""
        rows = self._query("SELECT value FROM meta WHERE key = ?", (key,))
        return str(rows[0]["value"]) if rows else None

    def set_meta(self, key: str, value: str) -> None:
        """Store a value in the key/value table."""
        self._execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # -- users and sessions ---------------------------------------------------------------------

    def create_user(
        self,
        *,
        name: str,
        email: str,
        user_id: str | None = None,
        provider_id: str | None = "credential",
        is_anonymous: bool = False,
        image: str | None = None,
    ) -> str:
        """Insert a user and return its id."""
        user_id = user_id or new_id()
        self._execute(
            "INSERT INTO users(id, name, email, image, is_anonymous, provider_id, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (user_id, name, email, image, int(is_anonymous), provider_id, self.now()),
        )
        return user_id

    def get_user(self, user_id: str) -> dict[str, Any] | None:
        """The user in the shape of ``GET /api/user``."""
        rows = self._query("SELECT * FROM users WHERE id = ?", (user_id,))
        if not rows:
            return None
        row = rows[0]
        return {
            "id": row["id"],
            "name": row["name"],
            "email": row["email"],
            "image": row["image"],
            "isAnonymous": bool(row["is_anonymous"]),
            "providerId": row["provider_id"],
        }

    def update_user(self, user_id: str, *, name: str | None, email: str | None) -> None:
        """Change the name and/or e-mail of a user (both or neither)."""
        with self._transaction() as connection:
            if name is not None:
                connection.execute("UPDATE users SET name = ? WHERE id = ?", (name, user_id))
            if email is not None:
                connection.execute("UPDATE users SET email = ? WHERE id = ?", (email, user_id))

    def add_session(self, token: str, user_id: str) -> None:
        """Register a session token (the part of the cookie before the signature)."""
        self._execute(
            "INSERT OR IGNORE INTO sessions(token, user_id) VALUES (?, ?)", (token, user_id)
        )

    def session_for_user(self, user_id: str) -> str | None:
        """An existing session token of a user, so restarts on a file keep the same cookie."""
        rows = self._query("SELECT token FROM sessions WHERE user_id = ? LIMIT 1", (user_id,))
        return str(rows[0]["token"]) if rows else None

    def user_for_session(self, token: str) -> str | None:
        """The user id a session token belongs to."""
        rows = self._query("SELECT user_id FROM sessions WHERE token = ?", (token,))
        return str(rows[0]["user_id"]) if rows else None

    # -- api keys ------------------------------------------------------------------------------

    def add_api_key(
        self, user_id: str, key: str, *, name: str | None, seeded: bool = False
    ) -> dict[str, Any]:
        """Store a key (as its sha256) and return ``{id, name, keyPrefix, createdAt}``."""
        key_id = new_id()
        created_at = self.now()
        self._execute(
            "INSERT INTO api_keys(id, user_id, name, key_hash, key_prefix, seeded, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key_hash) DO NOTHING",
            (key_id, user_id, name, hash_api_key(key), key[:11], int(seeded), created_at),
        )
        return {"id": key_id, "name": name, "keyPrefix": key[:11], "createdAt": created_at}

    def has_api_key(self, key: str) -> bool:
        """Whether a key is known (and not revoked)."""
        rows = self._query("SELECT 1 FROM api_keys WHERE key_hash = ?", (hash_api_key(key),))
        return bool(rows)

    def user_for_key(self, key: str) -> str | None:
        """The owner of a ``wfb_`` key, recording its use; None for an unknown key."""
        rows = self._query(
            "SELECT id, user_id FROM api_keys WHERE key_hash = ?", (hash_api_key(key),)
        )
        if not rows:
            return None
        self._execute("UPDATE api_keys SET last_used_at = ? WHERE id = ?", (self.now(), rows[0][0]))
        return str(rows[0]["user_id"])

    def list_api_keys(self, user_id: str) -> list[dict[str, Any]]:
        """A user's keys, newest first, without any secret."""
        rows = self._query(
            "SELECT id, name, key_prefix, created_at, last_used_at FROM api_keys "
            "WHERE user_id = ? ORDER BY created_at DESC, rowid DESC",
            (user_id,),
        )
        return [
            {
                "id": row["id"],
                "name": row["name"],
                "keyPrefix": row["key_prefix"],
                "createdAt": row["created_at"],
                "lastUsedAt": row["last_used_at"],
            }
            for row in rows
        ]

    def delete_api_key(self, user_id: str, key_id: str) -> bool:
        """Delete one of a user's keys; False when there is no such key for that user."""
        return (
            self._execute("DELETE FROM api_keys WHERE id = ? AND user_id = ?", (key_id, user_id))
            > 0
        )

    # -- workflows -----------------------------------------------------------------------------

    @staticmethod
    def _workflow(row: sqlite3.Row) -> dict[str, Any]:
        extra = _load(row["extra"]) or {}
        workflow: dict[str, Any] = {
            "id": row["id"],
            "name": row["name"],
            "description": row["description"],
            "userId": row["user_id"],
            "nodes": _load(row["nodes"]),
            "edges": _load(row["edges"]),
            "visibility": row["visibility"],
            "createdAt": row["created_at"],
            "updatedAt": row["updated_at"],
        }
        # Unknown top-level fields a client sent are echoed back, never over a known one.
        return {**extra, **workflow}

    @staticmethod
    def extra_fields(body: Mapping[str, Any]) -> dict[str, Any]:
        """The fields of a request body the server does not know, kept verbatim."""
        return {k: v for k, v in body.items() if k not in _RESERVED_WORKFLOW_FIELDS}

    def insert_workflow(
        self,
        *,
        user_id: str,
        name: str,
        description: str | None,
        nodes: list[Any],
        edges: list[Any],
        visibility: str = "private",
        extra: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Create a workflow and return it."""
        workflow_id = new_id()
        stamp = self.now()
        self._execute(
            "INSERT INTO workflows(id, user_id, name, description, nodes, edges, visibility, "
            "extra, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                workflow_id,
                user_id,
                name,
                description,
                _dump(nodes),
                _dump(edges),
                visibility,
                _dump(dict(extra or {})),
                stamp,
                stamp,
            ),
        )
        workflow = self.get_workflow(workflow_id)
        assert workflow is not None  # just inserted under the same connection
        return workflow

    def get_workflow(self, workflow_id: str) -> dict[str, Any] | None:
        """One workflow by id, whoever owns it."""
        rows = self._query("SELECT * FROM workflows WHERE id = ?", (workflow_id,))
        return self._workflow(rows[0]) if rows else None

    def list_workflows(self, user_id: str) -> list[dict[str, Any]]:
        """A user's workflows, most recently updated first."""
        rows = self._query(
            "SELECT * FROM workflows WHERE user_id = ? ORDER BY updated_at DESC, rowid DESC",
            (user_id,),
        )
        return [self._workflow(row) for row in rows]

    def find_workflow_by_name(self, user_id: str, name: str) -> dict[str, Any] | None:
        """The most recently updated workflow of a user with exactly this name."""
        rows = self._query(
            "SELECT * FROM workflows WHERE user_id = ? AND name = ? "
            "ORDER BY updated_at DESC, rowid DESC LIMIT 1",
            (user_id, name),
        )
        return self._workflow(rows[0]) if rows else None

    def update_workflow(self, workflow_id: str, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Apply wire-named changes (name, description, nodes, edges, visibility, extra)."""
        columns = {"name": "name", "description": "description", "visibility": "visibility"}
        assignments: list[str] = ["updated_at = ?"]
        params: list[Any] = [self.now()]
        for field, value in changes.items():
            if field in columns:
                assignments.append(f"{columns[field]} = ?")
                params.append(value)
            elif field in ("nodes", "edges"):
                assignments.append(f"{field} = ?")
                params.append(_dump(value))
        with self._transaction() as connection:
            if changes.get("extra"):
                rows = list(
                    connection.execute("SELECT extra FROM workflows WHERE id = ?", (workflow_id,))
                )
                merged = {**(_load(rows[0][0]) if rows else {}), **changes["extra"]}
                assignments.append("extra = ?")
                params.append(_dump(merged))
            params.append(workflow_id)
            connection.execute(
                f"UPDATE workflows SET {', '.join(assignments)} WHERE id = ?", tuple(params)
            )
        workflow = self.get_workflow(workflow_id)
        assert workflow is not None
        return workflow

    def delete_workflow(self, workflow_id: str) -> None:
        """Delete a workflow; raises ``sqlite3.IntegrityError`` while it has executions."""
        self._execute("DELETE FROM workflows WHERE id = ?", (workflow_id,))

    # -- executions ----------------------------------------------------------------------------

    @staticmethod
    def _execution(row: sqlite3.Row) -> dict[str, Any]:
        return {
            "id": row["id"],
            "workflowId": row["workflow_id"],
            "userId": row["user_id"],
            "status": row["status"],
            "input": _load(row["input"]),
            "output": _load(row["output"]),
            "error": row["error"],
            "startedAt": row["started_at"],
            "completedAt": row["completed_at"],
            "duration": row["duration"],
        }

    def insert_execution(
        self,
        *,
        workflow_id: str,
        user_id: str,
        input_data: Any,
        status: str = "running",
        runner: str | None = None,
    ) -> dict[str, Any]:
        """Create an execution record and return it."""
        execution_id = new_id()
        self._execute(
            "INSERT INTO executions(id, workflow_id, user_id, status, input, started_at, runner) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (execution_id, workflow_id, user_id, status, _dump(input_data), self.now(), runner),
        )
        execution = self.get_execution(execution_id)
        assert execution is not None
        return execution

    def get_execution(self, execution_id: str) -> dict[str, Any] | None:
        """One execution by id."""
        rows = self._query("SELECT * FROM executions WHERE id = ?", (execution_id,))
        return self._execution(rows[0]) if rows else None

    def list_executions(self, workflow_id: str, limit: int = 50) -> list[dict[str, Any]]:
        """A workflow's executions, newest first."""
        rows = self._query(
            "SELECT * FROM executions WHERE workflow_id = ? "
            "ORDER BY started_at DESC, rowid DESC LIMIT ?",
            (workflow_id, limit),
        )
        return [self._execution(row) for row in rows]

    def finish_execution(
        self,
        execution_id: str,
        *,
        status: str,
        output: Any = None,
        error: str | None = None,
        duration_ms: int | None = None,
    ) -> None:
        """Record the final state of an execution."""
        self._execute(
            "UPDATE executions SET status = ?, output = ?, error = ?, completed_at = ?, "
            "duration = ? WHERE id = ?",
            (
                status,
                _dump(output),
                error,
                self.now(),
                None if duration_ms is None else str(duration_ms),
                execution_id,
            ),
        )

    def close_running_logs(self, execution_id: str, error: str) -> None:
        """End the still-running log entries of an execution as ``error``."""
        self._execute(
            "UPDATE execution_logs SET status = 'error', error = ?, completed_at = ? "
            "WHERE execution_id = ? AND status IN ('running', 'pending')",
            (error, self.now(), execution_id),
        )

    def close_abandoned_executions(self, is_alive: Callable[[str | None], bool], error: str) -> int:
        """End as ``error`` the unfinished executions whose runner is gone; returns how many.

        Their running log entries (the node statuses) end as ``error`` with the same message.
        """
        with self._transaction() as connection:
            rows = list(
                connection.execute(
                    "SELECT id, runner FROM executions WHERE status IN ('running', 'pending')"
                )
            )
            abandoned = [str(row["id"]) for row in rows if not is_alive(row["runner"])]
            stamp = self.now()
            for execution_id in abandoned:
                connection.execute(
                    "UPDATE executions SET status = 'error', error = ?, completed_at = ? "
                    "WHERE id = ?",
                    (error, stamp, execution_id),
                )
                connection.execute(
                    "UPDATE execution_logs SET status = 'error', error = ?, completed_at = ? "
                    "WHERE execution_id = ? AND status IN ('running', 'pending')",
                    (error, stamp, execution_id),
                )
        return len(abandoned)

    def delete_executions(self, workflow_id: str) -> int:
        """Delete a workflow's executions and their logs; returns how many executions."""
        with self._transaction() as connection:
            connection.execute(
                "DELETE FROM execution_logs WHERE execution_id IN "
                "(SELECT id FROM executions WHERE workflow_id = ?)",
                (workflow_id,),
            )
            return connection.execute(
                "DELETE FROM executions WHERE workflow_id = ?", (workflow_id,)
            ).rowcount

    # -- execution logs ------------------------------------------------------------------------

    @staticmethod
    def _log(row: sqlite3.Row) -> dict[str, Any]:
        return {
            "id": row["id"],
            "executionId": row["execution_id"],
            "nodeId": row["node_id"],
            "nodeName": row["node_name"],
            "nodeType": row["node_type"],
            "status": row["status"],
            "input": _load(row["input"]),
            "output": _load(row["output"]),
            "error": row["error"],
            "startedAt": row["started_at"],
            "completedAt": row["completed_at"],
            "duration": row["duration"],
            "timestamp": row["timestamp"],
        }

    def start_log(
        self, *, execution_id: str, node_id: str, node_name: str, node_type: str, input_data: Any
    ) -> str:
        """Add a ``running`` log entry for a node and return its id."""
        log_id = new_id()
        stamp = self.now()
        self._execute(
            "INSERT INTO execution_logs(id, execution_id, node_id, node_name, node_type, status, "
            "input, started_at, timestamp) VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?)",
            (log_id, execution_id, node_id, node_name, node_type, _dump(input_data), stamp, stamp),
        )
        return log_id

    def finish_log(
        self, log_id: str, *, status: str, output: Any, error: str | None, duration_ms: int
    ) -> None:
        """Complete a log entry."""
        self._execute(
            "UPDATE execution_logs SET status = ?, output = ?, error = ?, completed_at = ?, "
            "duration = ? WHERE id = ?",
            (status, _dump(output), error, self.now(), str(duration_ms), log_id),
        )

    def list_logs(self, execution_id: str) -> list[dict[str, Any]]:
        """An execution's log entries, newest first."""
        rows = self._query(
            "SELECT * FROM execution_logs WHERE execution_id = ? "
            "ORDER BY timestamp DESC, rowid DESC",
            (execution_id,),
        )
        return [self._log(row) for row in rows]

    # -- integrations --------------------------------------------------------------------------

    @staticmethod
    def _integration(row: sqlite3.Row, *, with_config: bool) -> dict[str, Any]:
        integration: dict[str, Any] = {
            "id": row["id"],
            "name": row["name"],
            "type": row["type"],
        }
        if with_config:
            integration["config"] = _load(row["config"])
        else:
            integration["isManaged"] = bool(row["is_managed"])
        integration["createdAt"] = row["created_at"]
        integration["updatedAt"] = row["updated_at"]
        return integration

    def insert_integration(
        self, *, user_id: str, name: str, type_: str, config: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Create an integration; returns it with its config."""
        integration_id = new_id()
        stamp = self.now()
        self._execute(
            "INSERT INTO integrations(id, user_id, name, type, config, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (integration_id, user_id, name, type_, _dump(dict(config)), stamp, stamp),
        )
        integration = self.get_integration(integration_id, user_id)
        assert integration is not None
        return integration

    def get_integration(self, integration_id: str, user_id: str) -> dict[str, Any] | None:
        """One of a user's integrations, config included."""
        rows = self._query(
            "SELECT * FROM integrations WHERE id = ? AND user_id = ?", (integration_id, user_id)
        )
        return self._integration(rows[0], with_config=True) if rows else None

    def list_integrations(self, user_id: str, type_: str | None) -> list[dict[str, Any]]:
        """A user's integrations without their configs, newest first."""
        sql = "SELECT * FROM integrations WHERE user_id = ?"
        params: tuple[Any, ...] = (user_id,)
        if type_:
            sql += " AND type = ?"
            params = (user_id, type_)
        rows = self._query(sql + " ORDER BY created_at DESC, rowid DESC", params)
        return [self._integration(row, with_config=False) for row in rows]

    def foreign_integration_ids(self, ids: set[str], user_id: str) -> set[str]:
        """Those of ``ids`` that name another user's integration (unknown ids are not)."""
        wanted, foreign = sorted(ids), set[str]()
        for start in range(0, len(wanted), _IDS_PER_QUERY):
            chunk = wanted[start : start + _IDS_PER_QUERY]
            rows = self._query(
                "SELECT id FROM integrations WHERE user_id != ? "
                f"AND id IN ({', '.join('?' * len(chunk))})",
                (user_id, *chunk),
            )
            foreign.update(str(row["id"]) for row in rows)
        return foreign

    def update_integration(
        self,
        integration_id: str,
        user_id: str,
        *,
        name: str | None,
        config: Mapping[str, Any] | None,
    ) -> dict[str, Any] | None:
        """Rename an integration and/or replace its config (all or nothing); None when it does
        not exist."""
        if self.get_integration(integration_id, user_id) is None:
            return None
        config_text = None if config is None else _dump(dict(config))
        with self._transaction() as connection:
            if name is not None:
                connection.execute(
                    "UPDATE integrations SET name = ? WHERE id = ?", (name, integration_id)
                )
            if config_text is not None:
                connection.execute(
                    "UPDATE integrations SET config = ? WHERE id = ?", (config_text, integration_id)
                )
            connection.execute(
                "UPDATE integrations SET updated_at = ? WHERE id = ?", (self.now(), integration_id)
            )
        return self.get_integration(integration_id, user_id)

    def delete_integration(self, integration_id: str, user_id: str) -> bool:
        """Delete one of a user's integrations; False when there is none."""
        return (
            self._execute(
                "DELETE FROM integrations WHERE id = ? AND user_id = ?", (integration_id, user_id)
            )
            > 0
        )
