"""``orchestrator.ai``: workflows generated from a prompt, streamed operation by operation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from skytells_orchestrator_client.models import AiOperation, ExistingWorkflow

from .. import _operations as ops
from .._streaming import AsyncStream, Stream
from ._base import AsyncResource, SyncResource


class Ai(SyncResource):
    """Workflows generated from a prompt, streamed operation by operation.

    >>> with client.orchestrator.ai.generate_workflow(prompt="Welcome emails") as stream:
    ...     for operation in stream:  # doctest: +SKIP
    ...         print(operation.op)
    """

    def generate_workflow(
        self,
        *,
        prompt: str,
        existing_workflow: ExistingWorkflow | Mapping[str, Any] | None = None,
    ) -> Stream[AiOperation]:
        """A stream of operations; nothing is sent until it is iterated or entered."""
        call = ops.generate_call(prompt, existing_workflow)
        return Stream(lambda: self._requester.send(call, stream=True), ops.parse_operation)


class AsyncAi(AsyncResource):
    """Async twin of :class:`Ai`: ``async with … as stream: async for operation in stream``."""

    def generate_workflow(
        self,
        *,
        prompt: str,
        existing_workflow: ExistingWorkflow | Mapping[str, Any] | None = None,
    ) -> AsyncStream[AiOperation]:
        """A stream of operations, returned directly (no ``await``)."""
        call = ops.generate_call(prompt, existing_workflow)
        return AsyncStream(lambda: self._requester.send(call, stream=True), ops.parse_operation)
