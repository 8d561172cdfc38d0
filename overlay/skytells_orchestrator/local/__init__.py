"""A local, stateful Orchestrator server (needs the ``server`` extra: Starlette + uvicorn).

It implements the 30 operations of the hosted Orchestrator with their quirks, runs workflows
for real (in the background, node by node), streams AI generation as NDJSON and can inject
faults. It imports nothing from the SDK: it is an independent reading of the wire facts.

Example::

    from skytells_orchestrator.local import LocalOrchestrator

    with LocalOrchestrator() as server:
        print(server.url, server.api_key)
        server.faults.fail_next(1, status=503, retry_after=0)
"""

from ._auth import SESSION_COOKIE
from ._engine import Settings
from ._faults import Faults, RequestLog, SeenRequest
from ._http import MAX_BODY_BYTES
from ._server import LocalOrchestrator, LocalServerError, is_loopback_host

__all__ = [
    "MAX_BODY_BYTES",
    "SESSION_COOKIE",
    "Faults",
    "LocalOrchestrator",
    "LocalServerError",
    "RequestLog",
    "SeenRequest",
    "Settings",
    "is_loopback_host",
]
