"""``orchestrator.webhooks``: trigger workflows with the ``wfb_`` key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from skytells_orchestrator_client.models import Execution, WebhookTriggerResponse

from .. import _operations as ops
from .._authoring import WorkflowOrNodes, ensure_valid_input
from .._operations import CorsPolicy
from ._base import AsyncResource, SyncResource
from .executions import async_run_to_end, run_to_end


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
            PermissionDeniedError: The key does not belong to the workflow's owner, or a
                node's ``integrationId`` names another user's integration.
            NotFoundError: No such workflow.
            SkytellsError: ``SDK_ERROR`` before sending for an invalid id, a body that is not a
                mapping, or a client without a ``wfb_`` key.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        if check_against is not None:
            ensure_valid_input(check_against, {} if body is None else body)
        return self._run(ops.trigger_webhook_call(workflow_id, body))

    def execute_and_wait(
        self,
        workflow_id: str,
        data: Mapping[str, Any] | None = None,
        *,
        timeout: float = 600.0,
        poll_interval: float = 1.0,
        check_against: WorkflowOrNodes | None = None,
    ) -> Execution:
        """Start a run through the webhook, wait until it has finished, and return it.

        The run is started once, as `execute` does (never retried), then followed as
        `Executions.wait` does, and read with `Executions.get`. The finished execution is
        returned whatever its status: read its ``status`` (``success``, ``error`` or
        ``cancelled``), its ``output`` and its ``error``. Waiting and reading use the session,
        as every route but the webhook does.

        >>> done = orch.webhooks.execute_and_wait(wf.id, {"email": "a@b.c"})  # doctest: +SKIP
        >>> done.status, done.output  # doctest: +SKIP
        ('success', {'sent': True})

        Args:
            workflow_id: The workflow's id.
            data: The trigger input (a JSON object); no body is sent when None.
            timeout: Seconds to wait at most for the run to finish, from 0 to a week.
            poll_interval: Seconds before the first repeated look, above 0 and at most a week.
            check_against: As in `execute`: the workflow whose Webhook trigger schema the
                body is checked against first.

        Returns:
            The finished execution, with its ``output``.

        Raises:
            WaitTimeoutError: ``WAIT_TIMEOUT`` when the run is still going after ``timeout``
                seconds; its ``execution_id`` names the run, which goes on.
            SkytellsError: ``SDK_ERROR`` before anything is sent for an invalid
                ``timeout`` or ``poll_interval``; ``NOT_PROVIDED_BY_SERVER`` when the server's
                logs answer holds no execution; the errors of `execute`, `Executions.wait`
                and `Executions.get`. An error raised once the run has started carries a
                note naming the run (in ``__notes__``): it goes on, wait for it rather than
                start it again.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        return run_to_end(
            self._requester,
            lambda: self.execute(workflow_id, data, check_against=check_against),
            timeout,
            poll_interval,
        )

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

    async def execute_and_wait(
        self,
        workflow_id: str,
        data: Mapping[str, Any] | None = None,
        *,
        timeout: float = 600.0,
        poll_interval: float = 1.0,
        check_against: WorkflowOrNodes | None = None,
    ) -> Execution:
        """Start a webhook run and return it finished; see `Webhooks.execute_and_wait`.

        >>> done = await orch.webhooks.execute_and_wait(wf.id, data)  # doctest: +SKIP

        Args:
            workflow_id: The workflow's id.
            data: The trigger input (a JSON object); no body is sent when None.
            timeout: Seconds to wait at most for the run to finish.
            poll_interval: Seconds before the first repeated look.
            check_against: The workflow (or its nodes) to check the body against first.

        Returns:
            The finished execution, with its ``output``.

        Raises what `Webhooks.execute_and_wait` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await async_run_to_end(
            self._requester,
            lambda: self.execute(workflow_id, data, check_against=check_against),
            timeout,
            poll_interval,
        )

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
