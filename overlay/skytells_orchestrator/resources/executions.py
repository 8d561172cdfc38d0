"""``orchestrator.executions``: runs of a workflow, their status, logs and waiting for them."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

import anyio
from skytells_orchestrator_client.models import (
    DeleteExecutionsResponse,
    Execution,
    ExecutionStarted,
    ExecutionStatus,
    LogEntry,
    WebhookTriggerResponse,
)

from .. import _operations as ops
from .._request import AsyncRequester, SyncRequester
from ._base import AsyncResource, SyncResource

Started = ExecutionStarted | WebhookTriggerResponse


def run_to_end(
    requester: SyncRequester, start: Callable[[], Started], timeout: float, poll_interval: float
) -> Execution:
    """Start a run (``start`` is called once: never retried), wait for it on the schedule of
    `Executions.watch`, and read the finished execution. The arguments are checked first."""
    schedule = ops.wait_schedule(timeout, poll_interval, time.monotonic())
    execution_id = start().execution_id
    executions = Executions(requester)
    with ops.naming_the_run(execution_id):
        for _ in executions._watch(ops.RunWatch(execution_id, schedule)):
            pass
        return executions.get(execution_id)


async def async_run_to_end(
    requester: AsyncRequester,
    start: Callable[[], Awaitable[Started]],
    timeout: float,
    poll_interval: float,
) -> Execution:
    """Async twin of `run_to_end`."""
    schedule = ops.wait_schedule(timeout, poll_interval, time.monotonic())
    execution_id = (await start()).execution_id
    executions = AsyncExecutions(requester)
    with ops.naming_the_run(execution_id):
        async for _ in executions._watch(ops.RunWatch(execution_id, schedule)):
            pass
        return await executions.get(execution_id)


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

    def get(self, execution_id: str) -> Execution:
        """Get one execution with its result, by its id.

        The execution has its ``status``, ``input_``, ``output``, ``error``, ``started_at``,
        ``completed_at``, ``duration`` and ``workflow_id``. The server has no route for one
        execution: this reads the one its logs answer carries (``{"execution": ..., "logs":
        [...]}``), so any run stays readable by id, also one older than the newest 50 that
        `list` returns.

        >>> run = client.orchestrator.executions.get(execution_id)  # doctest: +SKIP
        >>> run.status, run.output  # doctest: +SKIP
        ('success', {'sent': True})

        Args:
            execution_id: The execution's id.

        Returns:
            The execution (its ``workflow``, as the server sends it, is in
            ``additional_properties``).

        Raises:
            SkytellsError: ``NOT_PROVIDED_BY_SERVER`` when the server answers logs as a bare
                list (the TypeScript SDK's documented shape), which holds no execution;
                ``SDK_ERROR`` before sending for an invalid id.
            NotFoundError: No such execution visible to this session.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        return self._run(ops.get_execution_call(execution_id))

    def watch(
        self,
        execution_id: str,
        *,
        timeout: float = 600.0,
        poll_interval: float = 1.0,
        max_interval: float = 10.0,
    ) -> Iterator[ExecutionStatus]:
        """Follow a run: yield its status each time the run's or any node's status changes.

        Polls on the schedule of `wait` (the first poll at once, then from ``poll_interval``
        growing gently up to ``max_interval``, 10 seconds unless given: lower it to see a
        long run's changes sooner). The same snapshot is never yielded twice; the last one
        yielded is the final one (``success``, ``error`` or ``cancelled``). The arguments
        are checked when this is called, before anything is sent.

        >>> for status in client.orchestrator.executions.watch(run.execution_id):  # doctest: +SKIP
        ...     print(status.status, [(n.node_id, n.status) for n in status.node_statuses])

        Args:
            execution_id: The execution's id.
            timeout: Seconds to follow it at most, from 0 (one look) to a week.
            poll_interval: Seconds before the first repeat, above 0 and at most a week.
            max_interval: The longest interval between two polls, above 0 and at most a week
                (``poll_interval`` when that is longer).

        Returns:
            An iterator of ``ExecutionStatus`` snapshots.

        Raises:
            WaitTimeoutError: ``WAIT_TIMEOUT`` (while iterating) when the run is still going
                after ``timeout`` seconds; its ``execution_id`` names the run.
            SkytellsError: ``SDK_ERROR`` at once for an invalid id, ``timeout``,
                ``poll_interval`` or ``max_interval``; any error of `get_status` while
                iterating.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        watch = ops.run_watch(execution_id, timeout, poll_interval, time.monotonic(), max_interval)
        return self._watch(watch)

    def _watch(self, watch: ops.RunWatch) -> Iterator[ExecutionStatus]:
        while True:
            status = self.get_status(watch.execution_id)
            if watch.is_new(status):
                yield status
            if ops.is_final(status):
                return
            time.sleep(watch.next_sleep(time.monotonic(), status))

    def wait(
        self, execution_id: str, *, timeout: float = 600.0, poll_interval: float = 1.0
    ) -> ExecutionStatus:
        """Poll an execution until it is ``success``, ``error`` or ``cancelled``.

        The interval between polls grows gently from ``poll_interval`` up to 10 seconds (or
        ``poll_interval``, when that is longer); the schedule is the one of `watch`.

        Args:
            execution_id: The execution's id.
            timeout: Seconds to wait at most, from 0 (one look) to a week.
            poll_interval: Seconds before the first repeat, above 0 and at most a week.

        Returns:
            The final status, with its ``node_statuses``.

        Raises:
            WaitTimeoutError: ``WAIT_TIMEOUT`` when the execution is still running after
                ``timeout`` seconds; its ``execution_id`` names the run.
            SkytellsError: ``SDK_ERROR`` before sending for an invalid id, ``timeout`` or
                ``poll_interval``; any error of `get_status`.
            NotFoundError: No such execution visible to this session.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        for status in self.watch(execution_id, timeout=timeout, poll_interval=poll_interval):
            final = status
        return final  # watch yields at least once, and its last status is the final one


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

    async def get(self, execution_id: str) -> Execution:
        """Get one execution with its result; see `Executions.get`.

        Args:
            execution_id: The execution's id.

        Returns:
            The execution (its ``workflow``, as the server sends it, is in
            ``additional_properties``).

        Raises what `Executions.get` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await self._run(ops.get_execution_call(execution_id))

    def watch(
        self,
        execution_id: str,
        *,
        timeout: float = 600.0,
        poll_interval: float = 1.0,
        max_interval: float = 10.0,
    ) -> AsyncIterator[ExecutionStatus]:
        """Follow a run change by change; see `Executions.watch`.

        >>> async for status in client.orchestrator.executions.watch(run_id):  # doctest: +SKIP
        ...     print(status.status)

        Args:
            execution_id: The execution's id.
            timeout: Seconds to follow it at most (0 looks once).
            poll_interval: Seconds before the first repeat.
            max_interval: The longest interval between two polls.

        Returns:
            An async iterator of ``ExecutionStatus`` snapshots.

        Raises what `Executions.watch` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        watch = ops.run_watch(execution_id, timeout, poll_interval, time.monotonic(), max_interval)
        return self._watch(watch)

    async def _watch(self, watch: ops.RunWatch) -> AsyncIterator[ExecutionStatus]:
        while True:
            status = await self.get_status(watch.execution_id)
            if watch.is_new(status):
                yield status
            if ops.is_final(status):
                return
            await anyio.sleep(watch.next_sleep(time.monotonic(), status))

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
        async for status in self.watch(execution_id, timeout=timeout, poll_interval=poll_interval):
            final = status
        return final  # watch yields at least once, and its last status is the final one
