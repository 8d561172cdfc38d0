"""``skytells-orchestrator serve``: the local Orchestrator server, until Ctrl-C.

Its arguments are checked before anything starts, so a bad one ends in a one-line message and
exit status 2, never a traceback. The server itself is imported only here, when it is needed.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import sqlite3
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import click

from .._errors import SkytellsError
from .._transport import check_orchestrator_key
from ._context import FiniteFloat, is_loopback
from ._output import error, note, plain, stderr_log_handler

MISSING_SERVER = (
    "The local server needs Starlette and uvicorn, which are not installed.\n"
    "Install them with:  pip install 'skytells-orchestrator[server]'"
)


def _check_key(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """The SDK's own key check, plus the ``wfb_`` prefix the server's keys have."""
    if value is None:
        return None
    try:
        with warnings.catch_warnings():
            # The prefix is refused below with a clearer message than the SDK's warning.
            warnings.simplefilter("ignore")
            key = check_orchestrator_key(value)
    except SkytellsError as exc:
        raise click.BadParameter(exc.message) from None
    if key is None:
        raise click.BadParameter("must not be empty")
    if not key.startswith("wfb_") or len(key) == len("wfb_"):
        raise click.BadParameter("must start with 'wfb_' followed by the key's characters")
    return key


def _check_db(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """The place of a SQLite file: its folder must exist. What is in the file is checked by
    the server, before it writes anything."""
    if value is None:
        return None
    path = Path(value)
    if not path.parent.is_dir():
        raise click.BadParameter(f"folder {str(path.parent)!r} does not exist")
    if path.is_dir():
        raise click.BadParameter(f"{value!r} is a folder, not a SQLite file")
    return value


@contextlib.contextmanager
def _requests_on_stderr(enabled: bool) -> Iterator[None]:
    """One line per request on stderr while serving: time, method, path, status, duration
    (no key, cookie or body: the server's request logger never has them)."""
    if not enabled:
        yield
        return
    from ..local._http import request_logger

    handler = stderr_log_handler("%(asctime)s %(message)s", "%H:%M:%S")
    level, propagate = request_logger.level, request_logger.propagate
    request_logger.addHandler(handler)
    request_logger.setLevel(logging.INFO)
    request_logger.propagate = False
    try:
        yield
    finally:
        request_logger.removeHandler(handler)
        request_logger.setLevel(level)
        request_logger.propagate = propagate


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8787,
    show_default=True,
    help="Port; 0 picks a free one.",
)
@click.option(
    "--db", metavar="PATH", callback=_check_db, help="SQLite file keeping state across restarts."
)
@click.option(
    "--api-key",
    "api_key",
    metavar="wfb_…",
    callback=_check_key,
    help="The seeded owner's key (default: random).",
)
@click.option(
    "--strict-auth",
    is_flag=True,
    help="Management routes accept only the session cookie, like the hosted service.",
)
@click.option(
    "--step-delay",
    type=FiniteFloat(),
    default=0.02,
    show_default=True,
    metavar="SECONDS",
    help="Time each workflow node takes when executed.",
)
@click.option(
    "--ai-line-delay",
    type=FiniteFloat(),
    default=0.0,
    show_default=True,
    metavar="SECONDS",
    help="Delay between AI stream lines.",
)
@click.option(
    "--request-log-size",
    # The server's DEFAULT_ and MAX_REQUEST_LOG_SIZE (not imported: the server is optional).
    type=click.IntRange(0, 10_000_000),
    default=1000,
    show_default=True,
    metavar="N",
    help="How many of the last requests the server keeps for GET /__local__/requests.",
)
@click.option(
    "--body-timeout",
    type=FiniteFloat(positive=True),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="Time a request body has to arrive whole; a stalled one is answered 408 and dropped.",
)
@click.option(
    "--log-requests",
    is_flag=True,
    help="Print one line per request on stderr: method, path, status and duration.",
)
@click.option(
    "--real-http",
    is_flag=True,
    help="HTTP Request steps really call their endpoint (other actions stay simulated).",
)
def serve(
    host: str,
    port: int,
    db: str | None,
    api_key: str | None,
    strict_auth: bool,
    step_delay: float,
    ai_line_delay: float,
    request_log_size: int,
    body_timeout: float,
    log_requests: bool,
    real_http: bool,
) -> int:
    """Run a local, stateful Orchestrator server until Ctrl-C."""
    from .. import cli as package  # looked up at call time, so that tests can replace it

    if not package._server_installed():
        note(MISSING_SERVER)
        return 2
    if not is_loopback(host):
        note(
            f"warning: binding to {host} makes the local server, its keys and the requests "
            "it records reachable from other machines; it is meant for development on this one."
        )
    from ..local import LocalOrchestrator

    try:
        server = LocalOrchestrator(
            host=host,
            port=port,
            db=db,
            api_key=api_key,
            strict_auth=strict_auth,
            step_delay=step_delay,
            ai_line_delay=ai_line_delay,
            request_log_size=request_log_size,
            body_timeout=body_timeout,
            real_http=real_http,
        )
    except (OSError, sqlite3.Error, ValueError) as exc:
        error(f"cannot open the server's state ({db or 'in memory'}): {exc}")
        return 2
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    # Ctrl-C and SIGTERM end the wait below; the server then stops cleanly.
    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    with contextlib.ExitStack() as cleanup:  # undone in reverse order
        for sig, handler in previous.items():
            cleanup.callback(signal.signal, sig, handler)
        # From the start until the server is closed: the last requests are logged too.
        cleanup.enter_context(_requests_on_stderr(log_requests))
        cleanup.callback(server.close)
        try:
            server.start()
        except (OSError, ValueError) as exc:
            # LocalServerError (a ValueError) already names the address.
            error(
                str(exc)
                if isinstance(exc, ValueError)
                else f"cannot listen on {host}:{port}: {exc}"
            )
            return 1
        auth_mode = "session cookie only" if strict_auth else "session cookie or wfb_ key"
        plain(f"Local Skytells Orchestrator listening on {server.url}")
        origin = {"stored": "  (kept in the database: it works across restarts)"}
        plain(f"API key (owner):    {server.api_key}{origin.get(server.api_key_origin, '')}")
        plain(f"Session cookie:     better-auth.session_token={server.session_token}")
        plain(f"Management auth:    {auth_mode}")
        plain(f"State:              {db or 'in memory'}")
        plain(f"HTTP Request steps: {'sent for real' if real_http else 'simulated'}")
        plain("Press Ctrl-C to stop.")
        # Event.wait wakes up when a signal handler sets the event.
        while not stop.wait(timeout=1.0):
            pass
        plain("Stopping...")
        return 0
