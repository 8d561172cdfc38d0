"""``orchestrator.ai``: workflows generated from a prompt, streamed operation by operation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from skytells_orchestrator_client.models import AiOperation, ExistingWorkflow, Workflow

from .. import _operations as ops
from .._streaming import AsyncStream, Stream
from ._base import AsyncResource, SyncResource

ExistingWorkflowLike = Workflow | ExistingWorkflow | Mapping[str, Any]


class Ai(SyncResource):
    """Workflows generated from a prompt, streamed operation by operation.

    >>> with client.orchestrator.ai.generate_workflow(prompt="Welcome emails") as stream:
    ...     for operation in stream:  # doctest: +SKIP
    ...         print(operation.op)
    >>> draft = client.orchestrator.ai.generate_workflow(prompt="…").collect()  # doctest: +SKIP
    """

    def generate_workflow(
        self,
        *,
        prompt: str,
        existing_workflow: ExistingWorkflowLike | None = None,
    ) -> Stream[AiOperation]:
        """A stream of operations; nothing is sent until it is iterated, entered or collected.

        With ``existing_workflow`` (a ``Workflow`` or a mapping with ``nodes`` and ``edges``)
        the operations edit that workflow, and ``collect()`` starts from it.
        """
        existing = ops.existing_workflow_body(existing_workflow)
        call = ops.generate_call(prompt, existing)
        return Stream(
            lambda: self._requester.send(call, stream=True),
            ops.parse_operation,
            existing_workflow=None if existing is None else existing.to_dict(),
        )


class AsyncAi(AsyncResource):
    """Async twin of :class:`Ai`: ``async with … as stream: async for operation in stream``."""

    def generate_workflow(
        self,
        *,
        prompt: str,
        existing_workflow: ExistingWorkflowLike | None = None,
    ) -> AsyncStream[AiOperation]:
        """A stream of operations, returned directly (no ``await``); ``await
        stream.collect()`` gives the workflow it builds."""
        existing = ops.existing_workflow_body(existing_workflow)
        call = ops.generate_call(prompt, existing)
        return AsyncStream(
            lambda: self._requester.send(call, stream=True),
            ops.parse_operation,
            existing_workflow=None if existing is None else existing.to_dict(),
        )
