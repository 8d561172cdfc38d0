"""``orchestrator.executions``: runs of a workflow, their status, logs and waiting for them."""

from __future__ import annotations

import time

import anyio
from skytells_orchestrator_client.models import (
    DeleteExecutionsResponse,
    Execution,
    ExecutionStatus,
    LogEntry,
)

from .. import _operations as ops
from .._transport import check_seconds
from ._base import AsyncResource, SyncResource


def _schedule(timeout: float, poll_interval: float) -> ops.WaitSchedule:
    # Checked here so that NaN, infinities and strings fail at once, naming the argument.
    return ops.WaitSchedule(
        check_seconds(timeout, "timeout", allow_zero=True),
        check_seconds(poll_interval, "poll_interval"),
        time.monotonic(),
    )


class Executions(SyncResource):
    """Executions of workflows.

    >>> final = client.orchestrator.executions.wait(run.execution_id)  # doctest: +SKIP
    >>> final.status  # doctest: +SKIP
    'success'
    """

    def list(self, workflow_id: str) -> ops.ItemList[Execution]:
        """List a workflow's executions, newest first (at most 50).

        Args:
            workflow_id: The workflow's id.

        Returns:
            The executions; items that could not be read are kept in its ``unreadable``.

        Raises:
            NotFoundError: No such workflow visible to this session.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        return self._run(ops.list_executions_call(workflow_id))

    def get_status(self, execution_id: str) -> ExecutionStatus:
        """Get the status of an execution and of each of its nodes.

        Args:
            execution_id: The execution's id.

        Returns:
            The execution's ``status`` and its ``node_statuses``.

        Raises:
            NotFoundError: No such execution visible to this session.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        return self._run(ops.get_status_call(execution_id))

    def get_logs(self, execution_id: str) -> ops.ItemList[LogEntry]:
        """Get the per-node logs of an execution, newest first.

        Args:
            execution_id: The execution's id.

        Returns:
            The log entries (secrets already redacted by the server).

        Raises:
            NotFoundError: No such execution visible to this session.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        return self._run(ops.get_logs_call(execution_id))

    def delete_all_for_workflow(self, workflow_id: str) -> DeleteExecutionsResponse:
        """Delete every execution of a workflow.

        Args:
            workflow_id: The workflow's id.

        Returns:
            The answer; ``deleted_count`` says how many executions were deleted.

        Raises:
            NotFoundError: No such workflow visible to this session.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        return self._run(ops.delete_executions_call(workflow_id))

    def wait(
        self, execution_id: str, *, timeout: float = 600.0, poll_interval: float = 1.0
    ) -> ExecutionStatus:
        """Poll an execution until it is ``success``, ``error`` or ``cancelled``.

        The interval between polls grows gently from ``poll_interval`` up to 10 seconds (or
        ``poll_interval``, when that is longer).

        Args:
            execution_id: The execution's id.
            timeout: Seconds to wait at most, from 0 (one look) to a week.
            poll_interval: Seconds before the first repeat, above 0 and at most a week.

        Returns:
            The final status, with its ``node_statuses``.

        Raises:
            SkytellsError: ``WAIT_TIMEOUT`` when the execution is still running after
                ``timeout`` seconds; ``SDK_ERROR`` before sending for an invalid id, ``timeout``
                or ``poll_interval``; any error of `get_status`.
            NotFoundError: No such execution visible to this session.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        schedule = _schedule(timeout, poll_interval)
        while True:
            status = self.get_status(execution_id)
            if ops.is_final(status):
                return status
            time.sleep(schedule.next_sleep(time.monotonic(), execution_id, status.status))


class AsyncExecutions(AsyncResource):
    """Async twin of `Executions`."""

    async def list(self, workflow_id: str) -> ops.ItemList[Execution]:
        """List a workflow's executions, newest first (at most 50); see `Executions.list`.

        Args:
            workflow_id: The workflow's id.

        Returns:
            The executions; items that could not be read are kept in its ``unreadable``.

        Raises what `Executions.list` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await self._run(ops.list_executions_call(workflow_id))

    async def get_status(self, execution_id: str) -> ExecutionStatus:
        """Get the status of an execution and of each of its nodes; see `Executions.get_status`.

        Args:
            execution_id: The execution's id.

        Returns:
            The execution's ``status`` and its ``node_statuses``.

        Raises what `Executions.get_status` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await self._run(ops.get_status_call(execution_id))

    async def get_logs(self, execution_id: str) -> ops.ItemList[LogEntry]:
        """Get the per-node logs of an execution, newest first; see `Executions.get_logs`.

        Args:
            execution_id: The execution's id.

        Returns:
            The log entries (secrets already redacted by the server).

        Raises what `Executions.get_logs` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await self._run(ops.get_logs_call(execution_id))

    async def delete_all_for_workflow(self, workflow_id: str) -> DeleteExecutionsResponse:
        """Delete every execution of a workflow; see `Executions.delete_all_for_workflow`.

        Args:
            workflow_id: The workflow's id.

        Returns:
            The answer; ``deleted_count`` says how many executions were deleted.

        Raises what `Executions.delete_all_for_workflow` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await self._run(ops.delete_executions_call(workflow_id))

    async def wait(
        self, execution_id: str, *, timeout: float = 600.0, poll_interval: float = 1.0
    ) -> ExecutionStatus:
        """Poll an execution until it has finished; see `Executions.wait`.

        Args:
            execution_id: The execution's id.
            timeout: Seconds to wait at most (0 looks once).
            poll_interval: Seconds before the first repeat.

        Returns:
            The final status, with its ``node_statuses``.

        Raises what `Executions.wait` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        schedule = _schedule(timeout, poll_interval)
        while True:
            status = await self.get_status(execution_id)
            if ops.is_final(status):
                return status
            await anyio.sleep(schedule.next_sleep(time.monotonic(), execution_id, status.status))
