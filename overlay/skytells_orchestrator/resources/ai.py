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
        """Generate a workflow from a prompt, as a stream of editing operations.

        Nothing is sent until the stream is iterated, entered or collected; errors of the
        request and of the stream are raised from there.

        Args:
            prompt: What the workflow should do.
            existing_workflow: A ``Workflow``, an ``ExistingWorkflow`` or a mapping with
                ``nodes`` and ``edges``: the operations then edit that workflow, and
                ``collect()`` starts from it.

        Returns:
            The stream of ``AiOperation``; ``collect()`` gives the ``WorkflowDraft`` they build.

        Raises:
            SkytellsError: ``SDK_ERROR`` at once for a ``prompt`` that is not a string or an
                ``existing_workflow`` that cannot be read.
            StreamError: While reading: the stream said ``error`` or ended without its
                ``complete`` line.

        Reading the stream also raises the [errors every call can
        raise][errors-every-call-can-raise].
        """
        existing = ops.existing_workflow_body(existing_workflow)
        call = ops.generate_call(prompt, existing)
        return Stream(
            lambda: self._requester.send(call, stream=True),
            ops.parse_operation,
            existing_workflow=None if existing is None else existing.to_dict(),
            quick_parse=AiOperation.from_dict,
        )


class AsyncAi(AsyncResource):
    """Async twin of `Ai`: ``async with … as stream: async for operation in stream``."""

    def generate_workflow(
        self,
        *,
        prompt: str,
        existing_workflow: ExistingWorkflowLike | None = None,
    ) -> AsyncStream[AiOperation]:
        """Generate a workflow from a prompt, as a stream of operations; see `Ai.generate_workflow`.

        The stream is returned directly (no ``await``); ``await stream.collect()`` gives the
        workflow it builds.

        Args:
            prompt: What the workflow should do.
            existing_workflow: A workflow (or a mapping with ``nodes`` and ``edges``) for the
                operations to edit.

        Returns:
            The async stream of ``AiOperation``.

        Raises what `Ai.generate_workflow` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        existing = ops.existing_workflow_body(existing_workflow)
        call = ops.generate_call(prompt, existing)
        return AsyncStream(
            lambda: self._requester.send(call, stream=True),
            ops.parse_operation,
            existing_workflow=None if existing is None else existing.to_dict(),
            quick_parse=AiOperation.from_dict,
        )
