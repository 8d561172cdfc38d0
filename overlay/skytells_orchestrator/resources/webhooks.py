"""``orchestrator.webhooks``: trigger workflows with the ``wfb_`` key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from skytells_orchestrator_client.models import WebhookTriggerResponse

from .. import _operations as ops
from .._authoring import WorkflowOrNodes, ensure_valid_input
from .._operations import CorsPolicy
from ._base import AsyncResource, SyncResource


class Webhooks(SyncResource):
    """Trigger workflows with the ``wfb_`` key.

    >>> run = client.orchestrator.webhooks.execute(wf.id, {"email": "a@b.c"})  # doctest: +SKIP
    """

    def execute(
        self,
        workflow_id: str,
        body: Mapping[str, Any] | None = None,
        *,
        check_against: WorkflowOrNodes | None = None,
    ) -> WebhookTriggerResponse:
        """Start the workflow; the result has ``execution_id`` and ``status``.

        Never retried after the request may have reached the server: a retry would run the
        workflow twice. With ``check_against`` (the ``Workflow``, or its nodes) the body is
        first checked against its Webhook trigger's schema
        (:func:`~skytells_orchestrator.check_input`): errors raise ``InvalidWorkflowError``
        (``INVALID_INPUT``) before any request, warnings are logged.
        """
        if check_against is not None:
            ensure_valid_input(check_against, {} if body is None else body)
        return self._run(ops.trigger_webhook_call(workflow_id, body))

    def preflight(self, workflow_id: str) -> CorsPolicy:
        """The webhook's CORS policy (what a browser would be allowed)."""
        return self._run(ops.preflight_call(workflow_id))


class AsyncWebhooks(AsyncResource):
    """Async twin of :class:`Webhooks`."""

    async def execute(
        self,
        workflow_id: str,
        body: Mapping[str, Any] | None = None,
        *,
        check_against: WorkflowOrNodes | None = None,
    ) -> WebhookTriggerResponse:
        """Start the workflow; see :meth:`Webhooks.execute`."""
        if check_against is not None:
            ensure_valid_input(check_against, {} if body is None else body)
        return await self._run(ops.trigger_webhook_call(workflow_id, body))

    async def preflight(self, workflow_id: str) -> CorsPolicy:
        """The webhook's CORS policy."""
        return await self._run(ops.preflight_call(workflow_id))
