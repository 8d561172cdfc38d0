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
        """Start a run of a workflow through its webhook, with the ``wfb_`` key.

        The workflow's first trigger node must be a Webhook trigger (``config.triggerType``
        ``"Webhook"``). Never retried once the request may have reached the server: a retry
        would run the workflow twice.

        Args:
            workflow_id: The workflow's id.
            body: The trigger input (a JSON object); no body is sent when None.
            check_against: The ``Workflow`` (or a draft, a mapping with ``nodes``, or the
                nodes) whose Webhook trigger schema the body is checked against first
                ([`check_input`][skytells_orchestrator.check_input]); errors refuse the call,
                warnings are logged.

        Returns:
            The new run's ``execution_id`` and its ``status``.

        Raises:
            InvalidWorkflowError: ``INVALID_INPUT``: with ``check_against``, the body does not
                match the schema; nothing was sent.
            BadRequestError: The workflow's trigger is not a Webhook trigger.
            AuthenticationError: The key is missing, malformed or unknown.
            PermissionDeniedError: The key does not belong to the workflow's owner.
            NotFoundError: No such workflow.
            SkytellsError: ``SDK_ERROR`` before sending for an invalid id, a body that is not a
                mapping, or a client without a ``wfb_`` key.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        if check_against is not None:
            ensure_valid_input(check_against, {} if body is None else body)
        return self._run(ops.trigger_webhook_call(workflow_id, body))

    def preflight(self, workflow_id: str) -> CorsPolicy:
        """Ask for the webhook's CORS policy, as a browser's preflight request does.

        Args:
            workflow_id: The workflow's id.

        Returns:
            What a browser would be allowed: origin, methods and headers.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        return self._run(ops.preflight_call(workflow_id))


class AsyncWebhooks(AsyncResource):
    """Async twin of `Webhooks`."""

    async def execute(
        self,
        workflow_id: str,
        body: Mapping[str, Any] | None = None,
        *,
        check_against: WorkflowOrNodes | None = None,
    ) -> WebhookTriggerResponse:
        """Start a run of a workflow through its webhook; see `Webhooks.execute`.

        Never retried once the request may have reached the server.

        Args:
            workflow_id: The workflow's id.
            body: The trigger input (a JSON object); no body is sent when None.
            check_against: The workflow (or its nodes) to check the body against first.

        Returns:
            The new run's ``execution_id`` and its ``status``.

        Raises what `Webhooks.execute` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        if check_against is not None:
            ensure_valid_input(check_against, {} if body is None else body)
        return await self._run(ops.trigger_webhook_call(workflow_id, body))

    async def preflight(self, workflow_id: str) -> CorsPolicy:
        """Ask for the webhook's CORS policy; see `Webhooks.preflight`.

        Args:
            workflow_id: The workflow's id.

        Returns:
            What a browser would be allowed: origin, methods and headers.

        Raises what `Webhooks.preflight` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await self._run(ops.preflight_call(workflow_id))
