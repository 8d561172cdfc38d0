"""``LocalOrchestrator``: the local server running on a background thread."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import math
import os
import socket
import sqlite3
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import NoReturn, Self, SupportsIndex

import uvicorn

from ._app import create_app
from ._auth import SESSION_COOKIE, Authenticator, Seeds, check_api_key, seed
from ._engine import STOPPED_MESSAGE, Settings, new_runner_id
from ._faults import DEFAULT_REQUEST_LOG_SIZE, Faults, RequestLog
from ._http import DEFAULT_BODY_TIMEOUT, RequestLines
from ._store import ForeignDatabase, Store

__all__ = ["LocalOrchestrator", "LocalServerError", "is_loopback_host"]

logger = logging.getLogger("skytells_orchestrator.local")

# Runner ids of the servers of this process that are not closed yet.
_LIVE_RUNNERS: set[str] = set()


class LocalServerError(ValueError):
    """The local server cannot be made or started as asked (bad option, database or address).

    The message is one line meant for a person, e.g. ``port must be between 0 and 65535``.
    """


def is_loopback_host(host: str) -> bool:
    """Whether ``host`` is a loopback interface (only this machine can connect).

    Example::

        is_loopback_host("127.0.0.1") and not is_loopback_host("0.0.0.0")
    """
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _check_delay(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise LocalServerError(f"{name} must be a number of seconds, got {type(value).__name__}")
    if not math.isfinite(value) or value < 0:
        raise LocalServerError(f"{name} must be a finite number of seconds >= 0, got {value}")
    return float(value)


def _check_port(port: object) -> int:
    if isinstance(port, bool) or not isinstance(port, int):
        raise LocalServerError(f"port must be an integer, got {type(port).__name__}")
    if not 0 <= port <= 65535:
        raise LocalServerError(f"port must be between 0 and 65535, got {port}")
    return port


def _open_store(db: str | os.PathLike[str] | None) -> Store:
    if db is None:
        return Store(None)
    if not isinstance(db, str | os.PathLike):
        raise LocalServerError(f"db must be a file path, got {type(db).__name__}")
    path = Path(db)
    if path.is_dir():
        raise LocalServerError(f"database {path} is a folder, not a file")
    if not path.parent.is_dir():
        raise LocalServerError(f"folder {path.parent} of the database {path} does not exist")
    try:
        return Store(str(path))
    except ForeignDatabase as exc:
        raise LocalServerError(str(exc)) from None
    except sqlite3.DatabaseError as exc:
        raise LocalServerError(f"cannot use {path} as an SQLite database: {exc}") from None


def _runner_alive(runner: str | None) -> bool:
    """Whether the server instance that started an execution may still be running it."""
    if not runner:
        return False
    host, _, rest = runner.partition(":")
    pid_text, _, _ = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return True  # another machine (a shared file): it cannot be checked from here
    pid = int(pid_text)
    if pid == os.getpid():
        return runner in _LIVE_RUNNERS
    if os.name == "nt":
        return True  # os.kill(pid, 0) would end the process on Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


_START_TIMEOUT = 10.0
_STOP_TIMEOUT = 10.0


class _QuietDroppedConnections(logging.Filter):
    """Hide uvicorn's complaint about the responses the fault injector cuts on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "returned without completing response" not in record.getMessage()


_dropped_filter = _QuietDroppedConnections()
logging.getLogger("uvicorn.error").addFilter(_dropped_filter)


class LocalOrchestrator:
    """A real, stateful Orchestrator server on loopback, for tests, demos and offline work.

    Example::

        with LocalOrchestrator() as server:
            httpx.get(f"{server.url}/api/workflows", cookies=server.cookies)

    Args:
        host: interface to bind (loopback by default).
        port: TCP port; 0 picks a free one (see ``port``/``url`` once started).
        db: SQLite file keeping state across restarts; None keeps it in memory.
        api_key: the seeded owner's ``wfb_`` key; None generates one.
        strict_auth: management routes accept only the session cookie (like the hosted
            service); by default the owner's ``wfb_`` key works there too.
        step_delay: seconds each workflow node takes when executed.
        ai_line_delay: seconds between two lines of an AI generation stream.
        request_log_size: how many requests ``requests`` keeps (the last ones; 0 keeps
            none); ``requests.total`` counts all of them.
        body_timeout: seconds a request body has to arrive whole once the server starts
            reading it; a stalled one is answered 408 and its connection closed.
        real_http: ``HTTP Request`` steps really call their endpoint (off by default, where
            they answer a simulated 200); every other action stays simulated.

    After a start on ``db``, ``recovered_executions`` tells how many runs a dead server had
    left unfinished and were closed as ``error``.

    Every request answered is logged on ``skytells_orchestrator.local.requests`` (INFO):
    method, path, status and duration, never a key, cookie or body.

    Raises:
        LocalServerError: an option is out of range (port, a delay or timeout that is
            negative, NaN or infinite, a key that is not ``wfb_`` + printable ASCII, a
            request log size that is not an integer >= 0), ``db`` is in a missing folder, is
            not an SQLite file or holds another program's tables (checked before anything
            is written to it), or (from ``start``) the address cannot be bound.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        db: str | os.PathLike[str] | None = None,
        api_key: str | None = None,
        strict_auth: bool = False,
        step_delay: float = 0.02,
        ai_line_delay: float = 0.0,
        request_log_size: int = DEFAULT_REQUEST_LOG_SIZE,
        body_timeout: float = DEFAULT_BODY_TIMEOUT,
        real_http: bool = False,
    ) -> None:
        if not isinstance(host, str) or not host.strip():
            raise LocalServerError("host must be a non-empty string")
        self.host = host
        self._requested_port = _check_port(port)
        self._port: int | None = None
        if api_key is not None:
            try:
                check_api_key(api_key)
            except ValueError as exc:
                raise LocalServerError(str(exc)) from None
        self.settings = Settings(
            strict_auth=bool(strict_auth),
            step_delay=_check_delay("step_delay", step_delay),
            ai_line_delay=_check_delay("ai_line_delay", ai_line_delay),
            real_http=bool(real_http),
        )
        body_timeout = _check_delay("body_timeout", body_timeout)
        if body_timeout == 0:
            raise LocalServerError("body_timeout must be more than 0 seconds")
        self.body_timeout = body_timeout
        self.faults = Faults()
        try:
            self.requests = RequestLog(request_log_size)
        except ValueError as exc:
            raise LocalServerError(str(exc)) from None
        self._store = _open_store(db)
        try:
            # Runs a dead server left unfinished can never finish: close them now.
            self.recovered_executions = self._store.close_abandoned_executions(
                _runner_alive, STOPPED_MESSAGE
            )
            self._auth = Authenticator(self._store)
            self._seeds: Seeds = seed(self._store, self._auth, api_key)
        except sqlite3.Error as exc:
            self._store.close()
            raise LocalServerError(f"cannot use the database {db}: {exc}") from None
        self._runner_id = new_runner_id()
        _LIVE_RUNNERS.add(self._runner_id)
        self._app = RequestLines(
            create_app(
                self._store,
                self._auth,
                self.settings,
                self.faults,
                self.requests,
                owner_id=self._seeds.owner_id,
                runner_id=self._runner_id,
                body_timeout=body_timeout,
            )
        )
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._closed = False

    # -- credentials of the seeded users ----------------------------------------------------

    @property
    def api_key(self) -> str:
        """The owner's ``wfb_`` key."""
        return self._seeds.api_key

    @property
    def api_key_origin(self) -> str:
        """Where ``api_key`` comes from: ``"argument"`` (given), ``"stored"`` (kept in ``db``
        by an earlier start) or ``"generated"`` (new, and kept in ``db`` for the next start).
        """
        return self._seeds.api_key_origin

    @property
    def session_token(self) -> str:
        """The owner's session cookie value (URL-encoded ``<token>.<signature>``)."""
        return self._seeds.session_token

    @property
    def cookies(self) -> dict[str, str]:
        """The owner's session as a cookie mapping, ready for ``httpx``."""
        return {SESSION_COOKIE: self._seeds.session_token}

    @property
    def user_id(self) -> str:
        """The owner's user id."""
        return self._seeds.owner_id

    @property
    def other_api_key(self) -> str:
        """The second user's ``wfb_`` key (for 403/404-for-others paths)."""
        return self._seeds.other_api_key

    @property
    def other_session_token(self) -> str:
        """The second user's session cookie value."""
        return self._seeds.other_session_token

    @property
    def other_user_id(self) -> str:
        """The second user's id."""
        return self._seeds.other_id

    @property
    def oauth_session_token(self) -> str:
        """Session cookie value of a GitHub OAuth user (``PATCH /api/user`` → 403)."""
        return self._seeds.oauth_session_token

    @property
    def anonymous_session_token(self) -> str:
        """Session cookie value of an anonymous user (``POST /api/api-keys`` → 403)."""
        return self._seeds.anonymous_session_token

    # -- live settings ----------------------------------------------------------------------

    @property
    def strict_auth(self) -> bool:
        """Whether management routes refuse ``wfb_`` keys (settable while running)."""
        return self.settings.strict_auth

    @strict_auth.setter
    def strict_auth(self, value: bool) -> None:
        self.settings.strict_auth = value

    @property
    def step_delay(self) -> float:
        """Seconds per executed node (settable while running)."""
        return self.settings.step_delay

    @step_delay.setter
    def step_delay(self, value: float) -> None:
        self.settings.step_delay = _check_delay("step_delay", value)

    @property
    def ai_line_delay(self) -> float:
        """Seconds between AI stream lines (settable while running)."""
        return self.settings.ai_line_delay

    @ai_line_delay.setter
    def ai_line_delay(self, value: float) -> None:
        self.settings.ai_line_delay = _check_delay("ai_line_delay", value)

    # -- address ----------------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The bound port (the requested one until started)."""
        return self._port if self._port is not None else self._requested_port

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:54321``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def running(self) -> bool:
        """Whether the server thread is serving."""
        return self._thread is not None and self._thread.is_alive()

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> Self:
        """Bind the port, serve on a background thread and return once it accepts requests."""
        if self._closed:
            raise RuntimeError("this LocalOrchestrator was closed; create a new one")
        if self.running:
            return self
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on accepted sockets whose
        # proto says TCP, and without it every answer waits ~40 ms for a delayed ACK.
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        # Lets a restarted server take the same port while old connections sit in TIME_WAIT.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        port = self._port or self._requested_port
        try:
            sock.bind((self.host, port))
        except OSError as exc:
            sock.close()
            reason = exc.strerror or str(exc)
            raise LocalServerError(f"cannot listen on {self.host}:{port}: {reason}") from None
        self._port = sock.getsockname()[1]
        if not is_loopback_host(self.host):
            logger.warning(
                "the local Orchestrator listens on %s, not on a loopback interface: other "
                "machines can reach it; it is meant for tests and offline work only",
                self.host,
            )
        config = uvicorn.Config(
            self._app,
            log_config=None,
            access_log=False,
            lifespan="on",
            http="h11",
            ws="none",
            loop="asyncio",
            # Streams (AI generation) may be open at stop: do not wait for them for long.
            timeout_graceful_shutdown=1,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=self._serve, args=(server, sock), name=f"local-orchestrator-{self._port}"
        )
        thread.daemon = True
        self._server, self._thread, self._socket = server, thread, sock
        thread.start()
        deadline = time.monotonic() + _START_TIMEOUT
        while not server.started:
            if not thread.is_alive():
                self._release()
                raise RuntimeError("the local Orchestrator failed to start")
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError("the local Orchestrator did not start in time")
            thread.join(0.005)
        return self

    @staticmethod
    def _serve(server: uvicorn.Server, sock: socket.socket) -> None:
        asyncio.run(server.serve(sockets=[sock]))

    def stop(self) -> None:
        """Stop serving, wait for the thread and free the port. Safe to call twice."""
        server, thread = self._server, self._thread
        if server is not None:
            server.should_exit = True
        if thread is not None:
            thread.join(_STOP_TIMEOUT)
            if thread.is_alive() and server is not None:
                server.force_exit = True
                thread.join(_STOP_TIMEOUT)
        self._release()

    def _release(self) -> None:
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = self._socket = None

    def close(self) -> None:
        """Stop the server and close the database."""
        self.stop()
        if not self._closed:
            self._closed = True
            _LIVE_RUNNERS.discard(self._runner_id)
            self._store.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<LocalOrchestrator {self.url} {state}>"

    def __reduce_ex__(self, protocol: SupportsIndex) -> NoReturn:
        # Its thread, socket and database belong to this process; a copy could not own them.
        raise LocalServerError(
            "a LocalOrchestrator cannot be pickled or copied: pass its url (and keys) on, or "
            "start one where it is needed"
        )

    def __copy__(self) -> NoReturn:
        self.__reduce_ex__(0)

    def __deepcopy__(self, memo: dict[int, object]) -> NoReturn:
        self.__reduce_ex__(0)
