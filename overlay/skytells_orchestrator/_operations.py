"""Every Orchestrator operation as a :class:`Call`: the generated request plus a tolerant parser.

The sync and async resources are thin shells over these functions, so argument checks, body
building and answer parsing exist once. Alternative wire shapes listed in API-FACTS (plain-text
code, ZIP downloads, bare log arrays) are accepted here and nowhere else, and so is what the
server stores as other clients sent it: an item of a list answer that cannot be read is set
aside (``ItemList.unreadable``), a node or edge that its model cannot read is kept as sent.
"""

from __future__ import annotations

import contextlib
import io
import logging
import posixpath
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Protocol, TypeVar

import attrs
import httpx
from skytells_orchestrator_client.api.ai import generate_workflow
from skytells_orchestrator_client.api.api_keys import create_api_key, delete_api_key, list_api_keys
from skytells_orchestrator_client.api.executions import (
    delete_executions,
    get_execution_logs,
    get_execution_status,
    list_executions,
)
from skytells_orchestrator_client.api.integrations import (
    create_integration,
    delete_integration,
    get_integration,
    list_integrations,
    test_integration,
    test_integration_config,
    update_integration,
)
from skytells_orchestrator_client.api.user import get_user, update_user
from skytells_orchestrator_client.api.webhooks import trigger_webhook, webhook_preflight
from skytells_orchestrator_client.api.workflows import (
    create_workflow,
    delete_workflow,
    download_workflow_project,
    duplicate_workflow,
    execute_workflow,
    get_current_workflow,
    get_workflow,
    get_workflow_code,
    list_workflows,
    save_current_workflow,
    update_workflow,
)
from skytells_orchestrator_client.models import (
    AiGenerateRequest,
    AiOperation,
    ApiKey,
    CreateApiKeyRequest,
    CreatedIntegration,
    CreateIntegrationRequest,
    CreateWorkflowRequest,
    CurrentWorkflow,
    DeleteExecutionsResponse,
    Edge,
    ExecuteWorkflowRequest,
    Execution,
    ExecutionStarted,
    ExecutionStatus,
    ExistingWorkflow,
    Integration,
    IntegrationSummary,
    IntegrationTestResult,
    JsonObject,
    LogEntry,
    Node,
    SaveCurrentWorkflowRequest,
    StoredEdge,
    StoredNode,
    TestIntegrationConfigRequest,
    UpdateIntegrationRequest,
    UpdateUserRequest,
    UpdateWorkflowRequest,
    User,
    WebhookPayload,
    WebhookTriggerResponse,
    Workflow,
)
from skytells_orchestrator_client.models import CreatedApiKey as _GeneratedCreatedApiKey
from skytells_orchestrator_client.types import UNSET, Unset

from ._errors import SkytellsError, WaitTimeoutError, failed_operation_error, sdk_error
from ._json import loads
from ._redact import mask_key
from ._request import PARSE_ERRORS, Call
from ._transport import check_id, check_optional_text, check_seconds, sendable_json

T = TypeVar("T")
M = TypeVar("M", bound="_Model")
G = TypeVar("G", Node, Edge)
W = TypeVar("W", Workflow, CurrentWorkflow)

logger = logging.getLogger("skytells_orchestrator")

TERMINAL_STATUSES = frozenset({"success", "error", "cancelled"})
ZIP_MAGIC = b"PK\x03\x04"
# A fixed timestamp makes a ZIP built from the same files byte-for-byte the same.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class _Model(Protocol):
    @classmethod
    def from_dict(cls: type[M], src_dict: Mapping[str, Any]) -> M: ...

    def to_dict(self) -> dict[str, Any]: ...


class CreatedApiKey(_GeneratedCreatedApiKey):
    """A new webhook key. ``key`` holds the full ``wfb_…`` value, shown only this once.

    Its ``repr`` masks the key so that logging the object does not leak it.
    """

    def __repr__(self) -> str:
        return (
            f"CreatedApiKey(id={self.id!r}, name={self.name!r}, key_prefix={self.key_prefix!r}, "
            f"key={mask_key(self.key)!r})"
        )


@attrs.frozen
class CorsPolicy:
    """What the webhook's CORS preflight allows."""

    allow_origin: str | None
    allow_methods: list[str]
    allow_headers: list[str]


# ------------------------------------------------------------------ parsing


def json_body(response: httpx.Response) -> Any:
    """The decoded JSON body (a ``ValueError`` when it is not JSON)."""
    return loads(response.content)


def _object(data: Any, what: str = "an object") -> Mapping[str, Any]:
    if type(data) is dict:
        return data  # what json.loads gives: skips the slower Mapping check
    if not isinstance(data, Mapping):
        raise TypeError(f"expected {what}, got {type(data).__name__}")
    return data


@attrs.frozen
class UnreadableItem:
    """An item of a list answer that could not be read into its model.

    ``index`` is its place in the answer, ``raw`` the item exactly as the server sent it,
    ``error`` why it could not be read (without quoting values) and ``exception`` what the
    model raised. ``raw`` and ``exception`` may hold stored values, so ``repr`` leaves them out.
    Two items are equal when their ``index``, ``raw`` and ``error`` are (exceptions compare by
    identity, so a copy or an unpickled item would never equal its original otherwise).
    """

    index: int
    raw: Any = attrs.field(repr=False)
    error: str
    exception: Exception = attrs.field(repr=False, eq=False)


class ItemList(list[T]):
    """A list answer. Items that could not be read are left out and kept in ``unreadable``.

    >>> workflows = client.orchestrator.workflows.list()  # doctest: +SKIP
    >>> [item.raw["id"] for item in workflows.unreadable]  # doctest: +SKIP
    []
    """

    def __init__(self, items: Sequence[T] = (), unreadable: Sequence[UnreadableItem] = ()) -> None:
        super().__init__(items)
        self.unreadable: list[UnreadableItem] = list(unreadable)


def _why(exc: Exception) -> str:
    # Names the problem without quoting values: a value may be a secret.
    if isinstance(exc, KeyError) and exc.args:
        return f"missing field {str(exc.args[0])[:80]!r}"
    return type(exc).__name__


def _raw_id(raw: Any) -> str | None:
    value = raw.get("id") if isinstance(raw, Mapping) else None
    return value[:80] if isinstance(value, str) else None


def _model_of(cls: type[M]) -> Callable[[Any], M]:
    return lambda item: cls.from_dict(_object(item))


def read_items(data: Any, read: Callable[[Any], T], what: str) -> ItemList[T]:
    """Read each object of a JSON array; one that cannot be read is set aside with a warning.

    An answer that is not a list of objects at all is not the promised shape (a ``TypeError``).
    """
    if not isinstance(data, list):
        raise TypeError(f"expected a list, got {type(data).__name__}")
    for index, raw in enumerate(data):
        if type(raw) is not dict:  # the message is formatted only when it may be needed
            _object(raw, f"item {index} to be an object")
    items: list[T] = []
    unreadable: list[UnreadableItem] = []
    for index, raw in enumerate(data):
        try:
            items.append(read(raw))
        except PARSE_ERRORS as exc:
            unreadable.append(UnreadableItem(index, raw, _why(exc), exc))
            logger.warning(
                "item %d (id %r) of a list of %s could not be read (%s): it is left out of the "
                "list and kept in its `unreadable`",
                index,
                _raw_id(raw),
                what,
                _why(exc),
            )
    return ItemList(items, unreadable)


def _graph_items(data: list[Any], cls: type[G]) -> list[G]:
    """Nodes or edges as stored. Their models keep any JSON object as it is (every field is
    free-form, unknown ones go to ``additional_properties``), so ``to_dict()`` gives each back
    unchanged. An item that is not a JSON object cannot be kept faithfully: it makes the answer
    unreadable (a ``TypeError``) rather than silently disappear.
    """
    items: list[G] = []
    for index, raw in enumerate(data):
        if type(raw) is not dict:  # the message is formatted only when it may be needed
            _object(raw, f"{cls.__name__.lower()} {index} to be an object")
        item = cls.from_dict(raw)
        _keep_key_order(item, raw)
        items.append(item)
    return items


def _keep_key_order(item: Any, raw: dict[str, Any]) -> None:
    """Have ``item.to_dict()`` give its keys in the order of ``raw`` (and so for the node's
    ``data``, ``config`` and ``position``), so that a stored graph written back is stored key
    for key as it was."""
    item._wire_keys = tuple(raw)
    for field in ("data", "config", "position"):
        nested = getattr(item, field, None)
        if hasattr(nested, "_wire_keys") and type(raw.get(field)) is dict:
            _keep_key_order(nested, raw[field])


def _with_graph(cls: type[W]) -> Callable[[Any], W]:
    """Read a Workflow or CurrentWorkflow whose nodes and edges are read leniently."""

    def read(data: Any) -> W:
        fields = _object(data)
        nodes, edges = fields["nodes"], fields["edges"]
        if not (isinstance(nodes, list) and isinstance(edges, list)):
            raise TypeError("expected nodes and edges to be lists")
        read_model = cls.from_dict({**fields, "nodes": [], "edges": []})
        read_model.nodes = _graph_items(nodes, Node)
        read_model.edges = _graph_items(edges, Edge)
        return read_model

    return read


read_workflow = _with_graph(Workflow)


def model(cls: type[M]) -> Callable[[httpx.Response], M]:
    """Parse a JSON object answer into a generated model."""
    read = _model_of(cls)
    return lambda response: read(json_body(response))


def model_list(cls: type[M]) -> Callable[[httpx.Response], ItemList[M]]:
    """Parse a JSON array answer into generated models, setting unreadable items aside."""
    read = _model_of(cls)
    return lambda response: read_items(json_body(response), read, cls.__name__)


def _workflow(response: httpx.Response) -> Workflow:
    return read_workflow(json_body(response))


def _workflows(response: httpx.Response) -> ItemList[Workflow]:
    return read_items(json_body(response), read_workflow, "Workflow")


def _current(response: httpx.Response) -> CurrentWorkflow:
    return _with_graph(CurrentWorkflow)(json_body(response))


def success(response: httpx.Response) -> None:
    """The answer of a delete or a profile update: ``{"success": true}``, a 204 or an empty
    body. A 2xx whose body says ``"success": false`` did not do it: that raises
    ``SkytellsError`` (``OPERATION_FAILED``) with the server's message."""
    if not response.content.strip():
        return
    data = _object(json_body(response))
    if data.get("success") is False:
        raise failed_operation_error(response, data)


def _is_json(response: httpx.Response) -> bool:
    return "json" in response.headers.get("content-type", "").lower()


def parse_code(response: httpx.Response) -> str:
    """The TypeScript source: JSON ``{code}`` upstream, a ``text/plain`` body per the TS SDK."""
    if _is_json(response):
        code = _object(json_body(response)).get("code")
        if not isinstance(code, str):
            raise TypeError("the answer has no string 'code'")
        return code
    return response.content.decode(response.encoding or "utf-8", errors="replace")


def parse_logs(response: httpx.Response) -> ItemList[LogEntry]:
    """Log entries from the upstream ``{execution, logs}`` object or the TS SDK's bare array."""
    data = json_body(response)
    if isinstance(data, Mapping):
        data = data.get("logs")
    if not isinstance(data, list):
        raise TypeError("expected a list of log entries or an object with 'logs'")
    return read_items(data, _model_of(LogEntry), "LogEntry")


def parse_execution(response: httpx.Response) -> Execution:
    """The execution of an upstream ``{execution, logs}`` answer (its ``workflow`` is kept in
    ``additional_properties``). The TS SDK's bare array of log entries holds no execution:
    that is ``NOT_PROVIDED_BY_SERVER``, never a guess from the logs."""
    data = json_body(response)
    if isinstance(data, list):
        raise SkytellsError(
            "this server does not provide the execution itself: its logs answer is a bare list "
            "of log entries (executions.list(workflow_id) holds the newest 50 runs)",
            error_id="NOT_PROVIDED_BY_SERVER",
            http_status=response.status_code,
        )
    return Execution.from_dict(_object(_object(data).get("execution"), "an object 'execution'"))


def _safe_member(path: str) -> str:
    # A server-supplied path must not escape the folder the ZIP is later extracted into.
    normal = posixpath.normpath(path.replace("\\", "/"))
    if not path or normal.startswith(("/", "../")) or normal in (".", "..") or ":" in normal:
        raise ValueError(f"unsafe file path in the project: {path!r}")
    return normal


def zip_from_files(files: Mapping[str, Any]) -> bytes:
    """Build a deterministic ZIP from a ``{path: content}`` mapping."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            content = files[path]
            if not isinstance(content, str):
                raise TypeError(f"file {path!r} has no text content")
            info = zipfile.ZipInfo(_safe_member(path), date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content.encode("utf-8"))
    return buffer.getvalue()


def check_zip(archive: io.BufferedIOBase | io.BytesIO) -> None:
    """Refuse a ZIP that is cut short or corrupt (a ``ValueError``)."""
    try:
        with zipfile.ZipFile(archive) as opened:
            broken = opened.testzip()
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
        raise ValueError(f"the ZIP archive is incomplete or corrupt: {exc}") from exc
    except RuntimeError as exc:  # encrypted, or a method zipfile lacks (NotImplementedError)
        raise ValueError(f"the ZIP archive cannot be checked: {exc}") from exc
    if broken is not None:
        raise ValueError(f"the ZIP archive is corrupt at {broken!r}")


def is_json_body(content_type: str, first_bytes: bytes) -> bool:
    """Whether a download answer is the ``{files}`` JSON (by its type, or by its first byte)."""
    return "json" in content_type.lower() or first_bytes.lstrip()[:1] == b"{"


def project_zip(content_type: str, body: bytes) -> bytes:
    """ZIP bytes from a download answer: a ZIP passes through, ``{files}`` JSON is zipped."""
    if not is_json_body(content_type, body[:64]):
        if not body.startswith(ZIP_MAGIC):
            raise ValueError("the answer is neither a ZIP archive nor a JSON object of files")
        check_zip(io.BytesIO(body))
        return body
    data = _object(loads(body))
    if data.get("success") is False:
        message = data.get("error")
        raise SkytellsError(
            message if isinstance(message, str) else "the project could not be built",
            error_id="INTERNAL_ERROR",
            http_status=200,
        )
    return zip_from_files(_object(data.get("files"), "an object of files"))


def parse_project(response: httpx.Response) -> bytes:
    """Parser for a buffered download answer."""
    return project_zip(response.headers.get("content-type", ""), response.content)


def parse_cors(response: httpx.Response) -> CorsPolicy:
    """The CORS headers of the webhook preflight."""

    def split(name: str) -> list[str]:
        value = response.headers.get(name, "")
        return [part.strip() for part in value.split(",") if part.strip()]

    return CorsPolicy(
        allow_origin=response.headers.get("access-control-allow-origin"),
        allow_methods=split("access-control-allow-methods"),
        allow_headers=split("access-control-allow-headers"),
    )


def parse_operation(data: dict[str, Any]) -> AiOperation:
    """One AI operation line (the stream has already taken off any envelope); its ``node`` or
    ``edge`` is read as stored nodes are: any JSON object, kept as sent."""
    return AiOperation.from_dict(data)


# ------------------------------------------------------------------ building bodies


def _as_model(value: Any, cls: type[M], what: str) -> M:
    if isinstance(value, cls):
        return value
    if not isinstance(value, Mapping):
        raise sdk_error(f"{what} must be a {cls.__name__} or a mapping, got {type(value).__name__}")
    try:
        return cls.from_dict(value)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise sdk_error(f"{what} is not a valid {cls.__name__}: {exc!r}") from exc


def _stored(
    values: Sequence[Any] | None, typed: type[Node] | type[Edge], cls: type[M], what: str
) -> list[M]:
    """Nodes or edges for a request: typed models or mappings, sent exactly as given."""
    if values is None:
        return []
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Sequence):
        raise sdk_error(f"{what} must be a list")
    items: list[M] = []
    for index, value in enumerate(values):
        if isinstance(value, typed):
            value = value.to_dict()
        elif not isinstance(value, Mapping):
            raise sdk_error(
                f"{what}[{index}] must be a {typed.__name__} or a mapping, "
                f"got {type(value).__name__}"
            )
        # As every body: keys made strings (two that collide refused), NaN refused, tuples lists.
        items.append(cls.from_dict(sendable_json(value, f"{what}[{index}]")))
    return items


def _nodes(values: Sequence[Any] | None) -> list[StoredNode]:
    return _stored(values, Node, StoredNode, "nodes")


def _edges(values: Sequence[Any] | None) -> list[StoredEdge]:
    return _stored(values, Edge, StoredEdge, "edges")


def _optional(value: T | None) -> T | Unset:
    """Leave an omitted argument out of the body instead of sending ``null``."""
    return UNSET if value is None else value


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise sdk_error(f"{name} must be a string, got {type(value).__name__}")
    return value


def _free_object(value: Any, name: str) -> dict[str, Any]:
    """A caller's JSON object as it will be sent; a `JsonObject` read from the server too."""
    if isinstance(value, JsonObject):
        value = value.additional_properties
    if not isinstance(value, Mapping):
        raise sdk_error(f"{name} must be a mapping (a JSON object), got {type(value).__name__}")
    sendable: dict[str, Any] = sendable_json(value, name)
    return sendable


def _json_object(value: Any, name: str) -> JsonObject:
    return JsonObject.from_dict(_free_object(value, name))


# ------------------------------------------------------------------ workflows


def list_workflows_call() -> Call[ItemList[Workflow]]:
    return Call(list_workflows._get_kwargs(), _workflows)


def get_workflow_call(workflow_id: str) -> Call[Workflow]:
    kwargs = get_workflow._get_kwargs(check_id(workflow_id, "workflow_id"))
    return Call(kwargs, _workflow)


def create_workflow_call(
    name: str,
    description: str | None,
    nodes: Sequence[Node | Mapping[str, Any]] | None,
    edges: Sequence[Edge | Mapping[str, Any]] | None,
) -> Call[Workflow]:
    body = CreateWorkflowRequest(
        name=_text(name, "name"),
        nodes=_nodes(nodes),
        edges=_edges(edges),
        description=_optional(check_optional_text(description, "description")),
    )
    return Call(create_workflow._get_kwargs(body=body), _workflow)


def update_workflow_call(
    workflow_id: str,
    name: str | None,
    description: str | None,
    nodes: Sequence[Node | Mapping[str, Any]] | None,
    edges: Sequence[Edge | Mapping[str, Any]] | None,
    visibility: str | None,
) -> Call[Workflow]:
    body = UpdateWorkflowRequest(
        name=_optional(check_optional_text(name, "name")),
        description=_optional(check_optional_text(description, "description")),
        nodes=UNSET if nodes is None else _nodes(nodes),
        edges=UNSET if edges is None else _edges(edges),
        visibility=_optional(check_optional_text(visibility, "visibility")),
    )
    kwargs = update_workflow._get_kwargs(check_id(workflow_id, "workflow_id"), body=body)
    return Call(kwargs, _workflow)


def delete_workflow_call(workflow_id: str) -> Call[None]:
    return Call(delete_workflow._get_kwargs(check_id(workflow_id, "workflow_id")), success)


def duplicate_workflow_call(workflow_id: str) -> Call[Workflow]:
    kwargs = duplicate_workflow._get_kwargs(check_id(workflow_id, "workflow_id"))
    return Call(kwargs, _workflow)


def execute_workflow_call(
    workflow_id: str, input: Mapping[str, Any] | None
) -> Call[ExecutionStarted]:
    body = ExecuteWorkflowRequest(
        input_=UNSET if input is None else _json_object(input, "input"),
    )
    kwargs = execute_workflow._get_kwargs(check_id(workflow_id, "workflow_id"), body=body)
    return Call(kwargs, model(ExecutionStarted))


def get_current_call() -> Call[CurrentWorkflow]:
    return Call(get_current_workflow._get_kwargs(), _current)


def save_current_call(
    nodes: Sequence[Node | Mapping[str, Any]], edges: Sequence[Edge | Mapping[str, Any]]
) -> Call[CurrentWorkflow]:
    if nodes is None or edges is None:
        raise sdk_error("nodes and edges are both required (lists, possibly empty)")
    body = SaveCurrentWorkflowRequest(nodes=_nodes(nodes), edges=_edges(edges))
    return Call(save_current_workflow._get_kwargs(body=body), _current)


def get_code_call(workflow_id: str) -> Call[str]:
    kwargs = get_workflow_code._get_kwargs(check_id(workflow_id, "workflow_id"))
    return Call(kwargs, parse_code)


def download_project_call(workflow_id: str) -> Call[bytes]:
    kwargs = download_workflow_project._get_kwargs(check_id(workflow_id, "workflow_id"))
    return Call(kwargs, parse_project)


# ------------------------------------------------------------------ executions


def list_executions_call(workflow_id: str) -> Call[ItemList[Execution]]:
    kwargs = list_executions._get_kwargs(check_id(workflow_id, "workflow_id"))
    return Call(kwargs, model_list(Execution))


def get_status_call(execution_id: str) -> Call[ExecutionStatus]:
    kwargs = get_execution_status._get_kwargs(check_id(execution_id, "execution_id"))
    return Call(kwargs, model(ExecutionStatus))


def get_logs_call(execution_id: str) -> Call[ItemList[LogEntry]]:
    kwargs = get_execution_logs._get_kwargs(check_id(execution_id, "execution_id"))
    return Call(kwargs, parse_logs)


def get_execution_call(execution_id: str) -> Call[Execution]:
    kwargs = get_execution_logs._get_kwargs(check_id(execution_id, "execution_id"))
    return Call(kwargs, parse_execution)


def delete_executions_call(workflow_id: str) -> Call[DeleteExecutionsResponse]:
    kwargs = delete_executions._get_kwargs(check_id(workflow_id, "workflow_id"))
    return Call(kwargs, model(DeleteExecutionsResponse))


@attrs.define
class WaitSchedule:
    """When to poll an execution next: the interval grows gently, the deadline is firm."""

    timeout: float
    poll_interval: float
    started: float
    max_interval: float = 10.0
    growth: float = 1.5
    _interval: float = attrs.field(init=False, default=0.0)

    def __attrs_post_init__(self) -> None:
        if self.timeout < 0 or self.poll_interval <= 0:
            raise sdk_error("timeout must be >= 0 and poll_interval > 0")
        self._interval = self.poll_interval

    def next_sleep(self, now: float, execution_id: str, status: str) -> float:
        """Seconds to sleep before the next poll; raises ``WAIT_TIMEOUT`` past the deadline."""
        remaining = self.started + self.timeout - now
        if remaining <= 0:
            raise WaitTimeoutError(
                f"execution {execution_id} is still {status!r} after {self.timeout:g}s",
                execution_id=execution_id,
            )
        sleep = min(self._interval, remaining)
        self._interval = min(
            self._interval * self.growth, max(self.max_interval, self.poll_interval)
        )
        return sleep


def is_final(status: ExecutionStatus) -> bool:
    """Whether an execution has finished (``success``, ``error`` or ``cancelled``); a status
    that is not a string (a server's mistake) is not final, and waiting for it times out."""
    return isinstance(status.status, str) and status.status in TERMINAL_STATUSES


def wait_schedule(
    timeout: object, poll_interval: object, now: float, max_interval: object = 10.0
) -> WaitSchedule:
    """A schedule starting ``now``; NaN, infinities and strings fail at once, naming the
    argument."""
    return WaitSchedule(
        check_seconds(timeout, "timeout", allow_zero=True),
        check_seconds(poll_interval, "poll_interval"),
        now,
        check_seconds(max_interval, "max_interval"),
    )


@attrs.define
class RunWatch:
    """What ``watch`` and ``wait`` do with each status they read: one schedule for both.

    The resources' loops only read the status, ask ``is_new``, stop at a final status and
    sleep ``next_sleep`` seconds (which raises ``WAIT_TIMEOUT`` past the deadline).
    """

    execution_id: str
    schedule: WaitSchedule
    _last: tuple[Any, ...] | None = attrs.field(init=False, default=None)

    def is_new(self, status: ExecutionStatus) -> bool:
        """Whether the run's status or any node's status differs from the last one seen."""
        seen = (status.status, [(node.node_id, node.status) for node in status.node_statuses])
        if seen == self._last:
            return False
        self._last = seen
        return True

    def next_sleep(self, now: float, status: ExecutionStatus) -> float:
        """Seconds to sleep before the next poll; raises ``WAIT_TIMEOUT`` past the deadline."""
        return self.schedule.next_sleep(now, self.execution_id, status.status)


@contextlib.contextmanager
def naming_the_run(execution_id: str) -> Iterator[None]:
    """Around what ``execute_and_wait`` does once its run has started: an error raised there
    (a poll that failed for good, a closed client, an answer without the execution) gets a
    note naming the run, which goes on, so it is waited for again rather than started twice.
    ``WAIT_TIMEOUT`` names it already, in its message and its ``execution_id``."""
    try:
        yield
    except SkytellsError as error:
        if not isinstance(error, WaitTimeoutError):
            error.add_note(
                f"The run {execution_id} was started and goes on: wait for it with "
                f"executions.wait({execution_id!r}) rather than starting it again."
            )
        raise


def run_watch(
    execution_id: str,
    timeout: object,
    poll_interval: object,
    now: float,
    max_interval: object = 10.0,
) -> RunWatch:
    """Check a wait's arguments (before anything is sent) and start its schedule at ``now``."""
    schedule = wait_schedule(timeout, poll_interval, now, max_interval)
    return RunWatch(check_id(execution_id, "execution_id"), schedule)


# ------------------------------------------------------------------ webhooks


def trigger_webhook_call(
    workflow_id: str, body: Mapping[str, Any] | None
) -> Call[WebhookTriggerResponse]:
    payload: WebhookPayload | Unset = UNSET
    if body is not None:
        payload = WebhookPayload.from_dict(_free_object(body, "body"))
    kwargs = trigger_webhook._get_kwargs(check_id(workflow_id, "workflow_id"), body=payload)
    return Call(kwargs, model(WebhookTriggerResponse), needs_key=True)


def preflight_call(workflow_id: str) -> Call[CorsPolicy]:
    kwargs = webhook_preflight._get_kwargs(check_id(workflow_id, "workflow_id"))
    return Call(kwargs, parse_cors)


# ------------------------------------------------------------------ integrations


def list_integrations_call(type: str | None) -> Call[ItemList[IntegrationSummary]]:
    kwargs = list_integrations._get_kwargs(type_=_optional(type))
    return Call(kwargs, model_list(IntegrationSummary))


def get_integration_call(integration_id: str) -> Call[Integration]:
    kwargs = get_integration._get_kwargs(check_id(integration_id, "integration_id"))
    return Call(kwargs, model(Integration))


def create_integration_call(
    type: str, config: Mapping[str, Any], name: str | None
) -> Call[CreatedIntegration]:
    body = CreateIntegrationRequest(
        type_=_text(type, "type"), config=_json_object(config, "config"), name=_optional(name)
    )
    return Call(create_integration._get_kwargs(body=body), model(CreatedIntegration))


def update_integration_call(
    integration_id: str, name: str | None, config: Mapping[str, Any] | None
) -> Call[Integration]:
    body = UpdateIntegrationRequest(
        name=_optional(name),
        config=UNSET if config is None else _json_object(config, "config"),
    )
    kwargs = update_integration._get_kwargs(check_id(integration_id, "integration_id"), body=body)
    return Call(kwargs, model(Integration))


def delete_integration_call(integration_id: str) -> Call[None]:
    kwargs = delete_integration._get_kwargs(check_id(integration_id, "integration_id"))
    return Call(kwargs, success)


def test_integration_call(integration_id: str) -> Call[IntegrationTestResult]:
    kwargs = test_integration._get_kwargs(check_id(integration_id, "integration_id"))
    return Call(kwargs, model(IntegrationTestResult))


def test_config_call(type: str, config: Mapping[str, Any]) -> Call[IntegrationTestResult]:
    body = TestIntegrationConfigRequest(
        type_=_text(type, "type"), config=_json_object(config, "config")
    )
    return Call(test_integration_config._get_kwargs(body=body), model(IntegrationTestResult))


# ------------------------------------------------------------------ api keys


def list_api_keys_call() -> Call[ItemList[ApiKey]]:
    return Call(list_api_keys._get_kwargs(), model_list(ApiKey))


def create_api_key_call(name: str | None) -> Call[CreatedApiKey]:
    kwargs = create_api_key._get_kwargs(body=CreateApiKeyRequest(name=_optional(name)))
    return Call(kwargs, model(CreatedApiKey))


def delete_api_key_call(key_id: str) -> Call[None]:
    return Call(delete_api_key._get_kwargs(check_id(key_id, "key_id")), success)


# ------------------------------------------------------------------ ai


def existing_workflow_body(
    existing_workflow: Workflow | ExistingWorkflow | Mapping[str, Any] | None,
) -> ExistingWorkflow | None:
    """The ``existingWorkflow`` to send: a saved ``Workflow`` gives its nodes, edges, name
    and description; a mapping or ``ExistingWorkflow`` is sent as it is."""
    if existing_workflow is None or isinstance(existing_workflow, ExistingWorkflow):
        return existing_workflow
    if isinstance(existing_workflow, Workflow):
        return ExistingWorkflow(
            nodes=_nodes(existing_workflow.nodes),
            edges=_edges(existing_workflow.edges),
            name=existing_workflow.name,
            description=existing_workflow.description
            if isinstance(existing_workflow.description, str)
            else UNSET,
        )
    return _as_model(existing_workflow, ExistingWorkflow, "existing_workflow")


def generate_call(
    prompt: str, existing_workflow: Workflow | ExistingWorkflow | Mapping[str, Any] | None
) -> Call[None]:
    existing = existing_workflow_body(existing_workflow)
    body = AiGenerateRequest(
        prompt=_text(prompt, "prompt"),
        existing_workflow=UNSET if existing is None else existing,
    )
    kwargs = dict(generate_workflow._get_kwargs(body=body))
    kwargs["headers"] = {**kwargs.get("headers", {}), "Accept": "application/x-ndjson"}
    # The body is read by the stream, never by a parser.
    return Call(kwargs, lambda response: None)


# ------------------------------------------------------------------ user


def get_user_call() -> Call[User]:
    return Call(get_user._get_kwargs(), model(User))


def update_user_call(name: str | None, email: str | None) -> Call[None]:
    body = UpdateUserRequest(name=_optional(name), email=_optional(email))
    return Call(update_user._get_kwargs(body=body), success)
