"""Python client for the Skytells Orchestrator.

>>> from skytells_orchestrator import Skytells
>>> client = Skytells(orchestrator_api_key="wfb_…")  # doctest: +SKIP
>>> run = client.orchestrator.webhooks.execute("wf_123", {"plan": "pro"})  # doctest: +SKIP
"""

from skytells_orchestrator_client.models import (
    AiOperation,
    ApiKey,
    CreatedIntegration,
    CurrentWorkflow,
    DeleteExecutionsResponse,
    Edge,
    Execution,
    ExecutionStarted,
    ExecutionStatus,
    Integration,
    IntegrationSummary,
    IntegrationTestResult,
    LogEntry,
    Node,
    NodeStatus,
    User,
    WebhookTriggerResponse,
    Workflow,
)

from ._authoring import (
    WorkflowDraft,
    WorkflowProblem,
    check_input,
    input_schema,
    validate_workflow,
)
from ._client import NOT_GIVEN, AsyncOrchestrator, AsyncSkytells, Orchestrator, Skytells
from ._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    InvalidWorkflowError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    SkytellsError,
    StreamError,
    UnprocessableEntityError,
)
from ._operations import CorsPolicy, CreatedApiKey, ItemList, UnreadableItem
from ._streaming import AsyncStream, Stream
from ._version import __version__

__all__ = [
    "NOT_GIVEN",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AiOperation",
    "ApiKey",
    "AsyncOrchestrator",
    "AsyncSkytells",
    "AsyncStream",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "CorsPolicy",
    "CreatedApiKey",
    "CreatedIntegration",
    "CurrentWorkflow",
    "DeleteExecutionsResponse",
    "Edge",
    "Execution",
    "ExecutionStarted",
    "ExecutionStatus",
    "Integration",
    "IntegrationSummary",
    "IntegrationTestResult",
    "InternalServerError",
    "InvalidWorkflowError",
    "ItemList",
    "LogEntry",
    "Node",
    "NodeStatus",
    "NotFoundError",
    "Orchestrator",
    "PermissionDeniedError",
    "RateLimitError",
    "Skytells",
    "SkytellsError",
    "Stream",
    "StreamError",
    "UnprocessableEntityError",
    "UnreadableItem",
    "User",
    "WebhookTriggerResponse",
    "Workflow",
    "WorkflowDraft",
    "WorkflowProblem",
    "__version__",
    "check_input",
    "input_schema",
    "validate_workflow",
]
