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
        """A workflow's executions, newest first (at most 50)."""
        return self._run(ops.list_executions_call(workflow_id))

    def get_status(self, execution_id: str) -> ExecutionStatus:
        """The execution's ``status`` and its ``node_statuses``."""
        return self._run(ops.get_status_call(execution_id))

    def get_logs(self, execution_id: str) -> ops.ItemList[LogEntry]:
        """The per-node logs, newest first (secrets already redacted by the server)."""
        return self._run(ops.get_logs_call(execution_id))

    def delete_all_for_workflow(self, workflow_id: str) -> DeleteExecutionsResponse:
        """Delete every execution of a workflow; ``deleted_count`` says how many."""
        return self._run(ops.delete_executions_call(workflow_id))

    def wait(
        self, execution_id: str, *, timeout: float = 600.0, poll_interval: float = 1.0
    ) -> ExecutionStatus:
        """Poll until the execution is ``success``, ``error`` or ``cancelled``.

        The interval grows gently from ``poll_interval``; past ``timeout`` seconds a
        ``SkytellsError`` with ``error_id="WAIT_TIMEOUT"`` is raised. Both are finite
        seconds (``timeout`` may be 0: one look), at most a week; anything else is
        ``SDK_ERROR``.
        """
        schedule = _schedule(timeout, poll_interval)
        while True:
            status = self.get_status(execution_id)
            if ops.is_final(status):
                return status
            time.sleep(schedule.next_sleep(time.monotonic(), execution_id, status.status))


class AsyncExecutions(AsyncResource):
    """Async twin of :class:`Executions`."""

    async def list(self, workflow_id: str) -> ops.ItemList[Execution]:
        """A workflow's executions, newest first (at most 50)."""
        return await self._run(ops.list_executions_call(workflow_id))

    async def get_status(self, execution_id: str) -> ExecutionStatus:
        """The execution's ``status`` and its ``node_statuses``."""
        return await self._run(ops.get_status_call(execution_id))

    async def get_logs(self, execution_id: str) -> ops.ItemList[LogEntry]:
        """The per-node logs, newest first."""
        return await self._run(ops.get_logs_call(execution_id))

    async def delete_all_for_workflow(self, workflow_id: str) -> DeleteExecutionsResponse:
        """Delete every execution of a workflow."""
        return await self._run(ops.delete_executions_call(workflow_id))

    async def wait(
        self, execution_id: str, *, timeout: float = 600.0, poll_interval: float = 1.0
    ) -> ExecutionStatus:
        """Poll until the execution has finished; see :meth:`Executions.wait`."""
        schedule = _schedule(timeout, poll_interval)
        while True:
            status = await self.get_status(execution_id)
            if ops.is_final(status):
                return status
            await anyio.sleep(schedule.next_sleep(time.monotonic(), execution_id, status.status))
