"""Python client for the Skytells Orchestrator.

>>> from skytells_orchestrator import Skytells
>>> client = Skytells(orchestrator_api_key="wfb_…")  # doctest: +SKIP
>>> run = client.orchestrator.webhooks.execute("wf_123", {"plan": "pro"})  # doctest: +SKIP

Every public name is loaded on first use (PEP 562): ``import skytells_orchestrator`` costs
little more than its own file, and a program pays only for the parts it touches (a command
line that never streams never imports the models of a stream).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
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
    from skytells_orchestrator_client.types import UNSET, Unset

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
        WaitTimeoutError,
    )
    from ._flow import Flow
    from ._operations import CorsPolicy, CreatedApiKey, ItemList, UnreadableItem
    from ._streaming import AsyncStream, Stream
    from ._workflow_files import (
        ApplyResult,
        ExportResult,
        GraphChange,
        PlanProblem,
        WorkflowApplyError,
        WorkflowChange,
        WorkflowPlan,
    )

# Where each public name lives; a name is imported from there the first time it is used.
_MODULES = {
    "skytells_orchestrator_client.models": (
        "AiOperation",
        "ApiKey",
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
        "LogEntry",
        "Node",
        "NodeStatus",
        "User",
        "WebhookTriggerResponse",
        "Workflow",
    ),
    "skytells_orchestrator_client.types": ("UNSET", "Unset"),
    "._authoring": (
        "WorkflowDraft",
        "WorkflowProblem",
        "check_input",
        "input_schema",
        "validate_workflow",
    ),
    "._client": ("NOT_GIVEN", "AsyncOrchestrator", "AsyncSkytells", "Orchestrator", "Skytells"),
    "._errors": (
        "APIConnectionError",
        "APIStatusError",
        "APITimeoutError",
        "AuthenticationError",
        "BadRequestError",
        "ConflictError",
        "InternalServerError",
        "InvalidWorkflowError",
        "NotFoundError",
        "PermissionDeniedError",
        "RateLimitError",
        "SkytellsError",
        "StreamError",
        "UnprocessableEntityError",
        "WaitTimeoutError",
    ),
    "._flow": ("Flow",),
    "._operations": ("CorsPolicy", "CreatedApiKey", "ItemList", "UnreadableItem"),
    "._streaming": ("AsyncStream", "Stream"),
    "._workflow_files": (
        "ApplyResult",
        "ExportResult",
        "GraphChange",
        "PlanProblem",
        "WorkflowApplyError",
        "WorkflowChange",
        "WorkflowPlan",
    ),
}
_WHERE = {name: module for module, names in _MODULES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later uses are plain lookups
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "NOT_GIVEN",
    "UNSET",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AiOperation",
    "ApiKey",
    "ApplyResult",
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
    "ExportResult",
    "Flow",
    "GraphChange",
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
    "PlanProblem",
    "RateLimitError",
    "Skytells",
    "SkytellsError",
    "Stream",
    "StreamError",
    "UnprocessableEntityError",
    "UnreadableItem",
    "Unset",
    "User",
    "WaitTimeoutError",
    "WebhookTriggerResponse",
    "Workflow",
    "WorkflowApplyError",
    "WorkflowChange",
    "WorkflowDraft",
    "WorkflowPlan",
    "WorkflowProblem",
    "__version__",
    "check_input",
    "input_schema",
    "validate_workflow",
]
