"""The ``skytells-orchestrator`` command.

Example::

    $ skytells-orchestrator serve --port 8787
    Local Skytells Orchestrator listening on http://127.0.0.1:8787
    ...

The server is an optional part of the package: this module imports it only when a command
needs it, so ``import skytells_orchestrator`` never pulls in Starlette or uvicorn.
"""

from __future__ import annotations

import argparse
import importlib.util
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from ._version import __version__

__all__ = ["main"]

_MISSING_SERVER = (
    "The local server needs Starlette and uvicorn, which are not installed.\n"
    "Install them with:  pip install 'skytells-orchestrator[server]'"
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="skytells-orchestrator",
        description="Tools for the Skytells Orchestrator.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    serve = commands.add_parser(
        "serve",
        help="run a local Orchestrator server",
        description="Run a local, stateful Orchestrator server until Ctrl-C.",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="interface to bind (default: %(default)s)"
    )
    serve.add_argument(
        "--port", type=int, default=8787, help="port; 0 picks a free one (default: %(default)s)"
    )
    serve.add_argument("--db", metavar="PATH", help="SQLite file keeping state across restarts")
    serve.add_argument(
        "--api-key", metavar="wfb_…", help="the seeded owner's key (default: random)"
    )
    serve.add_argument(
        "--strict-auth",
        action="store_true",
        help="management routes accept only the session cookie, like the hosted service",
    )
    serve.add_argument(
        "--step-delay",
        type=float,
        default=0.02,
        metavar="SECONDS",
        help="time each workflow node takes when executed (default: %(default)s)",
    )
    serve.add_argument(
        "--ai-line-delay",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="delay between AI stream lines (default: %(default)s)",
    )
    return parser


def _server_installed() -> bool:
    return all(importlib.util.find_spec(name) is not None for name in ("starlette", "uvicorn"))


def _serve(args: argparse.Namespace) -> int:
    if not _server_installed():
        print(_MISSING_SERVER, file=sys.stderr)
        return 2
    if args.api_key is not None and not args.api_key.startswith("wfb_"):
        print("error: --api-key must start with 'wfb_'", file=sys.stderr)
        return 2
    from .local import LocalOrchestrator

    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    # Ctrl-C and SIGTERM end the wait below; the server then stops cleanly.
    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    server = LocalOrchestrator(
        host=args.host,
        port=args.port,
        db=args.db,
        api_key=args.api_key,
        strict_auth=args.strict_auth,
        step_delay=args.step_delay,
        ai_line_delay=args.ai_line_delay,
    )
    try:
        try:
            server.start()
        except OSError as exc:
            print(f"error: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
            return 1
        auth_mode = "session cookie only" if args.strict_auth else "session cookie or wfb_ key"
        print(f"Local Skytells Orchestrator listening on {server.url}")
        print(f"API key (owner):    {server.api_key}")
        print(f"Session cookie:     better-auth.session_token={server.session_token}")
        print(f"Management auth:    {auth_mode}")
        print(f"State:              {args.db or 'in memory'}")
        print("Press Ctrl-C to stop.", flush=True)
        # Event.wait wakes up when a signal handler sets the event.
        while not stop.wait(timeout=1.0):
            pass
        print("Stopping...", flush=True)
        return 0
    finally:
        server.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Example::

        main(["serve", "--port", "0"])  # serves until Ctrl-C, then returns 0
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "serve":
        return _serve(args)
    parser.print_help()
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
