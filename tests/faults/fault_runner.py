"""Running one cell of the fault matrix: inject the fault, make the call, observe the outcome.

Everything goes over real HTTP to the local Orchestrator on loopback; only the SDK's retry
sleeps are recorded instead of slept (see :func:`recorded_sleeps`), so that a ``Retry-After``
of a second, or of an hour, costs nothing. Imported by name (pytest puts this folder on
``sys.path``; the name is unique across the test tree).
"""

from __future__ import annotations

import contextlib
import email.utils
import io
import json
import logging
import socket
import time
import types
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from fault_matrix import Outcome
from skytells_orchestrator import AsyncSkytells, Skytells, SkytellsError
from skytells_orchestrator import _request as request_module
from skytells_orchestrator._streaming import DEFAULT_MAX_LINE_BYTES
from skytells_orchestrator.local import LocalOrchestrator

# Small numbers keep the whole matrix (sync and async) within seconds.
TIMEOUT = 2.0  # of every call, except the timeout cells
SHORT_TIMEOUT = 0.15  # of each phase (connect, read) in the timeout cells
# Per phase, so that each attempt has its own: a plain number would bound the whole call,
# retries included, and a timed-out attempt would leave no time for another.
PHASE_TIMEOUT = httpx.Timeout(SHORT_TIMEOUT)
STALL_SECONDS = 1.0  # how long the server holds an answer back (> SHORT_TIMEOUT)
MAX_RETRIES = 2  # so a retried call makes up to 3 requests
MANY = 10  # faults that repeat: more than any number of attempts
PROMPT = "webhook slack email"

logger = logging.getLogger("skytells_orchestrator")


# -------------------------------------------------------------------------------- the setup


@dataclass
class Lab:
    """The server and the listeners the cells need, plus a plain httpx client for setup and
    for counting side effects (never the SDK: the counting must not depend on it)."""

    server: LocalOrchestrator
    http: httpx.Client
    workflow_id: str  # read by the GET, download and save cells
    refused_url: str  # nothing listens there
    stalled_url: str  # listens, but its accept queue is full: connects time out

    def new_webhook_workflow(self) -> str:
        """A fresh workflow with a Webhook trigger (its execution count starts at 0)."""
        return self._create(f"hook-{uuid.uuid4().hex[:8]}", webhook=True)

    def _create(self, name: str, *, webhook: bool) -> str:
        trigger = {
            "id": "trigger",
            "type": "trigger",
            "position": {"x": 0, "y": 0},
            "data": {
                "label": "Trigger",
                "type": "trigger",
                "config": {"triggerType": "Webhook" if webhook else "Manual"},
                "status": "idle",
            },
        }
        answer = self.http.post(
            "/api/workflows/create", json={"name": name, "nodes": [trigger], "edges": []}
        )
        answer.raise_for_status()
        workflow_id: str = answer.json()["id"]
        return workflow_id

    def workflows_named(self, name: str) -> int:
        answer = self.http.get("/api/workflows")
        answer.raise_for_status()
        return sum(1 for item in answer.json() if item.get("name") == name)

    def executions_of(self, workflow_id: str) -> int:
        answer = self.http.get(f"/api/workflows/{workflow_id}/executions")
        answer.raise_for_status()
        return len(answer.json())

    def project_zip(self) -> bytes:
        """The real project of ``workflow_id`` as a ZIP (to cut it short)."""
        answer = self.http.get(f"/api/workflows/{self.workflow_id}/download")
        answer.raise_for_status()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in sorted(answer.json()["files"].items()):
                archive.writestr(name, content)
        return buffer.getvalue()


@contextlib.contextmanager
def lab(server: LocalOrchestrator) -> Iterator[Lab]:
    """Start the listeners, create the shared workflow; close everything afterwards."""
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as refused,
        full_backlog_listener() as stalled_port,
        httpx.Client(
            base_url=server.url,
            timeout=10.0,
            headers={"Authorization": f"Bearer {server.api_key}"},
            cookies={"better-auth.session_token": server.session_token},
        ) as http,
    ):
        refused.bind(("127.0.0.1", 0))  # bound but never listening: connections are refused
        refused_port = refused.getsockname()[1]
        shared = Lab(
            server=server,
            http=http,
            workflow_id="",
            refused_url=f"http://127.0.0.1:{refused_port}",
            stalled_url=f"http://127.0.0.1:{stalled_port}",
        )
        shared.workflow_id = shared._create("fault-matrix", webhook=False)
        yield shared


@contextlib.contextmanager
def full_backlog_listener() -> Iterator[int]:
    """A loopback port where TCP connects hang until they time out.

    The socket listens with a backlog of 0 and never accepts; two connections fill its
    accept queue, after which Linux drops further SYNs (``tcp_abort_on_overflow`` is 0 by
    default) and a client's connect waits for its timeout. This stays on 127.0.0.1, where a
    non-routable address would leave the loopback.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    fillers: list[socket.socket] = []
    try:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port: int = listener.getsockname()[1]
        for _ in range(3):
            filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(("127.0.0.1", port))
            fillers.append(filler)
        yield port
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


class _WithSleep:
    """A module seen through a proxy whose ``sleep`` is replaced (the rest is the module's)."""

    def __init__(self, module: types.ModuleType, sleep: Any) -> None:
        self._module = module
        self.sleep = sleep

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)


@contextlib.contextmanager
def recorded_sleeps() -> Iterator[list[float]]:
    """The SDK's retry sleeps (sync and async) are recorded here instead of being slept.

    The sleeping modules the SDK's requester uses (``time`` and whichever async library it
    sleeps through) are replaced by proxies for the duration.
    """
    delays: list[float] = []

    async def record_async(delay: float) -> None:
        delays.append(delay)

    saved: dict[str, Any] = {}
    for name in ("time", "asyncio", "anyio"):
        module = getattr(request_module, name, None)
        if isinstance(module, types.ModuleType):
            saved[name] = module
            sleep = delays.append if name == "time" else record_async
            setattr(request_module, name, _WithSleep(module, sleep))
    try:
        yield delays
    finally:
        for name, module in saved.items():
            setattr(request_module, name, module)


class _RetryCounter(logging.Handler):
    """Counts the SDK's "retrying …" debug records: attempts = 1 + retries."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.retries = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("retrying "):
            self.retries += 1


@contextlib.contextmanager
def counted_retries() -> Iterator[_RetryCounter]:
    counter = _RetryCounter()
    level = logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)


# ------------------------------------------------------------------------------- the faults


def http_date(seconds_from_now: float) -> str:
    """An HTTP-date (IMF-fixdate) ``seconds_from_now`` from now."""
    return email.utils.formatdate(time.time() + seconds_from_now, usegmt=True)


ENVELOPES: dict[str, tuple[dict[str, Any], str]] = {
    # fault key: (the 500 body, the message the error must keep)
    "500_error_string": ({"error": "Workflow engine unavailable"}, "Workflow engine unavailable"),
    "500_error_details": (
        {"error": "Failed to fetch integrations", "details": "connection pool exhausted"},
        "Failed to fetch integrations",
    ),
    "500_success_false": (
        {"success": False, "error": "Failed to prepare the download"},
        "Failed to prepare the download",
    ),
    "500_error_object": (
        {
            "error": {
                "message": "Upstream model failed",
                "error_id": "UPSTREAM_FAILED",
                "status": 500,
                "request_id": "req_42",
                "details": "try again later",
                "type": "server_error",
                "code": 1042,
            }
        },
        "Upstream model failed",
    ),
    "500_response_string": (
        {"response": "Internal failure in the runner"},
        "Internal failure in the runner",
    ),
}

PROXY_LOGIN_PAGE = (
    "<!DOCTYPE html><html><head><title>Sign in to the network</title></head>"
    "<body><form action='/login'><input name='user'></form></body></html>"
)


@dataclass
class Cell:
    """One (fault, call kind, sync|async) cell being run."""

    fault: str
    kind: str
    mode: str
    lab: Lab
    tmp: Path
    base_url: str = ""
    timeout: float | httpx.Timeout = TIMEOUT
    name: str = field(default_factory=lambda: f"wf-{uuid.uuid4().hex[:10]}")
    webhook_id: str = ""

    @property
    def path(self) -> str:
        """The route the call sends to (faults are aimed at it alone)."""
        workflow_id = self.lab.workflow_id
        return {
            "get": f"/api/workflows/{workflow_id}",
            "create": "/api/workflows/create",
            "webhook": f"/api/workflows/{self.webhook_id}/webhook",
            "stream": "/api/ai/generate",
            "download": f"/api/workflows/{workflow_id}/download",
            "save": f"/api/workflows/{workflow_id}/download",
        }[self.kind]

    @property
    def target(self) -> Path:
        return self.tmp / "project.zip"


def inject(cell: Cell) -> None:
    """Set the cell's fault on the server (or point the client where it happens)."""
    faults = cell.lab.server.faults
    path = cell.path
    key = cell.fault
    if key == "refused":
        cell.base_url = cell.lab.refused_url
    elif key == "connect_timeout":
        cell.base_url = cell.lab.stalled_url
        cell.timeout = PHASE_TIMEOUT
    elif key == "read_timeout":
        faults.stall_next(STALL_SECONDS, MANY, path=path)
        cell.timeout = PHASE_TIMEOUT
    elif key == "reset_before":
        faults.reset_next(MANY, path=path)
    elif key == "reset_mid_body":
        faults.drop_connection(after_bytes=20, path=path)
    elif key == "reset_mid_stream":
        faults.drop_stream_after(2, abort_connection=True)
    elif key == "html_502":
        faults.fail_next(MANY, status=502, html=True, path=path, after_processing=True)
    elif key == "empty_503":
        faults.answer_next(1, status=503, body=b"", retry_after=1, path=path)
    elif key == "429_seconds":
        faults.fail_next(1, status=429, retry_after="1", path=path)
    elif key == "429_date":
        faults.fail_next(1, status=429, retry_after=http_date(1), path=path)
    elif key == "429_beyond_timeout":
        faults.fail_next(1, status=429, retry_after=http_date(3600), path=path)
    elif key in ENVELOPES:
        body, _ = ENVELOPES[key]
        faults.answer_next(
            MANY,
            status=500,
            body=_json_text(body),
            content_type="application/json",
            path=path,
            after_processing=True,
        )
    elif key == "invalid_json_2xx":
        faults.answer_next(
            1,
            status=200,
            body='{"id": "wf_1", "name": ',
            content_type="application/json",
            path=path,
            after_processing=True,
        )
    elif key == "wrong_type_2xx":
        faults.answer_next(
            1,
            status=200,
            body=PROXY_LOGIN_PAGE,
            content_type="text/html; charset=utf-8",
            path=path,
            after_processing=True,
        )
    elif key == "truncated_zip":
        archive = cell.lab.project_zip()
        faults.answer_next(
            1,
            status=200,
            body=archive[: len(archive) // 2],
            content_type="application/zip",
            path=path,
        )
    elif key == "stream_malformed":
        faults.malformed_stream_line(after_lines=2)
    elif key == "stream_error_event":
        faults.stream_error("Model overloaded", after_lines=2)
    elif key == "stream_no_complete":
        faults.drop_stream_after(3)
    elif key == "stream_line_too_long":
        faults.long_stream_line(DEFAULT_MAX_LINE_BYTES + 1024, after_lines=1)
    else:
        raise AssertionError(f"no injection for fault {key!r}")


def _json_text(value: Any) -> str:
    return json.dumps(value)


# ------------------------------------------------------------------------------- the calls


def lab_client_kwargs(shared: Lab, **overrides: Any) -> dict[str, Any]:
    """Constructor arguments for a client of the lab's server (as its owner)."""
    server = shared.server
    return {
        "orchestrator_api_key": server.api_key,
        "orchestrator_session_token": server.session_token,
        "orchestrator_base_url": server.url,
        "timeout": TIMEOUT,
        "max_retries": MAX_RETRIES,
        **overrides,
    }


def client_kwargs(cell: Cell) -> dict[str, Any]:
    """Constructor arguments for the cell's client (its base URL and timeout)."""
    return lab_client_kwargs(
        cell.lab, orchestrator_base_url=cell.base_url or cell.lab.server.url, timeout=cell.timeout
    )


def call_sync(client: Skytells, cell: Cell) -> Any:
    """Make the cell's call with a sync client; return what it returned."""
    orchestrator = client.orchestrator
    if cell.kind == "get":
        return orchestrator.workflows.get(cell.lab.workflow_id)
    if cell.kind == "create":
        return orchestrator.workflows.create(name=cell.name)
    if cell.kind == "webhook":
        return orchestrator.webhooks.execute(cell.webhook_id, {"email": "a@b.example"})
    if cell.kind == "stream":
        with orchestrator.ai.generate_workflow(prompt=PROMPT) as stream:
            operations = list(stream)
        return stream, operations
    if cell.kind == "download":
        return orchestrator.workflows.download_project(cell.lab.workflow_id)
    if cell.kind == "save":
        return orchestrator.workflows.save_project(cell.lab.workflow_id, cell.target)
    raise AssertionError(cell.kind)


async def call_async(client: AsyncSkytells, cell: Cell) -> Any:
    """Make the cell's call with an async client; return what it returned."""
    orchestrator = client.orchestrator
    if cell.kind == "get":
        return await orchestrator.workflows.get(cell.lab.workflow_id)
    if cell.kind == "create":
        return await orchestrator.workflows.create(name=cell.name)
    if cell.kind == "webhook":
        return await orchestrator.webhooks.execute(cell.webhook_id, {"email": "a@b.example"})
    if cell.kind == "stream":
        async with orchestrator.ai.generate_workflow(prompt=PROMPT) as stream:
            operations = [operation async for operation in stream]
        return stream, operations
    if cell.kind == "download":
        return await orchestrator.workflows.download_project(cell.lab.workflow_id)
    if cell.kind == "save":
        return await orchestrator.workflows.save_project(cell.lab.workflow_id, cell.target)
    raise AssertionError(cell.kind)


# ------------------------------------------------------------------------------ observing


@dataclass
class Observation:
    """What one cell did: the outcome to compare, plus what the cell checks besides."""

    outcome: Outcome
    error: BaseException | None
    result: Any
    leftovers: list[str]  # files in the save folder after a failed save
    sleeps: list[float]


def prepare(fault: str, kind: str, mode: str, shared: Lab, tmp: Path) -> Cell:
    cell = Cell(fault=fault, kind=kind, mode=mode, lab=shared, tmp=tmp)
    if kind == "webhook":
        cell.webhook_id = shared.new_webhook_workflow()
    shared.server.faults.reset()
    inject(cell)
    shared.server.requests.clear()
    return cell


def side_effects(cell: Cell) -> int | None:
    if cell.kind == "create":
        return cell.lab.workflows_named(cell.name)
    if cell.kind == "webhook":
        return cell.lab.executions_of(cell.webhook_id)
    return None


def settle(server: LocalOrchestrator, deadline: float = 10.0) -> None:
    """Wait until no route of a stalled request is still running (its work is then counted)."""
    give_up = time.monotonic() + deadline
    while server.faults.stalled_routes_running:
        if time.monotonic() > give_up:
            raise AssertionError("a stalled request's route never finished")
        time.sleep(0.01)


@contextlib.contextmanager
def observing(cell: Cell) -> Iterator[Observation]:
    """Observe the call made in the ``with`` block (sync or async alike).

    The block stores what the call returned in ``observation.result``; an exception, of
    any type, is caught and kept in ``observation.error``. When the block ends the outcome
    is filled in from the server's request log and the side effects it counts.
    """
    observation = Observation(Outcome(), None, None, [], [])
    with recorded_sleeps() as sleeps, counted_retries() as retries:
        try:
            yield observation
        except Exception as exc:  # every kind of exception is an observation here
            observation.error = exc
    server = cell.lab.server
    received = sum(1 for seen in server.requests if seen.path == cell.path)
    server.faults.reset()
    settle(server)
    attempts = retries.retries + 1
    error = observation.error
    observation.outcome = Outcome(
        error=None if error is None else type(error).__name__,
        error_id=error.error_id if isinstance(error, SkytellsError) else None,
        requests=received,
        attempts=None if attempts == received else attempts,
        side_effects=side_effects(cell),
    )
    observation.leftovers = sorted(item.name for item in cell.tmp.iterdir())
    observation.sleeps = sleeps
