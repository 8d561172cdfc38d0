"""The ``skytells-orchestrator`` command (needs the ``cli`` extra: Click and Rich).

Example::

    $ skytells-orchestrator serve --port 8787
    $ skytells-orchestrator workflows list
    $ skytells-orchestrator webhooks execute wf_123 --data '{"plan": "pro"}' --wait

Nothing here is imported by ``import skytells_orchestrator``: the SDK stays free of Click, Rich
and the local server. Click was chosen over Typer for its explicit decorators and small
footprint; Rich draws the tables, colours and live displays.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence

__all__ = ["main"]

MISSING_CLI = (
    "The command line needs Click and Rich, which are not installed.\n"
    "Install them with:  pip install 'skytells-orchestrator[cli]'"
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 API/network error, 2 usage).

    Example::

        main(["workflows", "list", "--json"])
    """
    if any(importlib.util.find_spec(name) is None for name in ("click", "rich")):
        sys.stderr.write(MISSING_CLI + "\n")
        return 2
    from ._runner import run

    return run(argv)


def _server_installed() -> bool:
    """Whether the ``server`` extra (Starlette and uvicorn) is importable."""
    return all(importlib.util.find_spec(name) is not None for name in ("starlette", "uvicorn"))
