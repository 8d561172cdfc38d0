"""``orchestrator.workflows``: create, read, change, copy and export workflows."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import anyio.to_thread
import httpx
from skytells_orchestrator_client.models import (
    CurrentWorkflow,
    Edge,
    Execution,
    ExecutionStarted,
    Node,
    Workflow,
)

from .. import _operations as ops
from .._authoring import ensure_valid_workflow
from .._download import ProjectWriter, check_progress, project_target
from .._workflow_files import (
    ApplyResult,
    ExportResult,
    WorkflowPlan,
    apply_steps,
    checked_plan,
    directory_path,
    drive,
    drive_async,
    export_documents,
    make_plan,
    read_directory,
    write_export,
)
from ._base import AsyncResource, SyncResource
from .executions import async_run_to_end, run_to_end

NodeLike = Node | Mapping[str, Any]
EdgeLike = Edge | Mapping[str, Any]


class Workflows(SyncResource):
    """Workflows of the signed-in user.

    >>> workflow = client.orchestrator.workflows.create(name="Notify on signup")  # doctest: +SKIP
    """

    def list(self) -> ops.ItemList[Workflow]:
        """List the signed-in user's workflows, newest first.

        Without a session the server answers ``[]`` (not 401), even with a valid ``wfb_`` key.

        Returns:
            The workflows, nodes and edges included; items that could not be read are left
            out and kept in its ``unreadable``.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        return self._run(ops.list_workflows_call())

    def get(self, workflow_id: str) -> Workflow:
        """Get one workflow.

        Args:
            workflow_id: The workflow's id.

        Returns:
            The workflow; ``is_owner`` says whether the session's user owns it.

        Raises:
            NotFoundError: No such workflow, or another user's private one (also when there is
                no session).

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        return self._run(ops.get_workflow_call(workflow_id))

    def create(
        self,
        *,
        name: str,
        description: str | None = None,
        nodes: Sequence[NodeLike] | None = None,
        edges: Sequence[EdgeLike] | None = None,
        validate: bool = True,
    ) -> Workflow:
        """Create a workflow from a name and, optionally, its nodes and edges.

        The graph is checked first ([`validate_workflow`][skytells_orchestrator.validate_workflow]):
        errors refuse the call before any request, warnings are logged.

        Args:
            name: The workflow's name (the server numbers ``"Untitled Workflow"``).
            description: A description; left out of the request when None.
            nodes: ``Node`` models or mappings, sent exactly as given; ``[]`` when None (the
                server then adds a Manual trigger node).
            edges: ``Edge`` models or mappings, sent exactly as given; ``[]`` when None.
            validate: False skips the graph check.

        Returns:
            The stored workflow, with the ids and defaults the server gave it.

        Raises:
            InvalidWorkflowError: ``INVALID_WORKFLOW``: the graph has errors (see its
                ``problems``); nothing was sent.
            BadRequestError: The server refused the body.
            PermissionDeniedError: A node's ``integrationId`` names another user's
                integration.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        call = ops.create_workflow_call(name, description, nodes, edges)
        if validate:
            ensure_valid_workflow(nodes, edges)
        return self._run(call)

    def update(
        self,
        workflow_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        nodes: Sequence[NodeLike] | None = None,
        edges: Sequence[EdgeLike] | None = None,
        visibility: str | None = None,
        validate: bool = True,
    ) -> Workflow:
        """Change the fields given and keep the others.

        New ``nodes``/``edges`` are checked as in `create` (with only one of the two, the
        checks that need both are skipped).

        Args:
            workflow_id: The workflow's id.
            name: A new name.
            description: A new description.
            nodes: New nodes (``Node`` models or mappings), replacing all of them.
            edges: New edges (``Edge`` models or mappings), replacing all of them.
            visibility: ``"private"`` or ``"public"``.
            validate: False skips the graph check.

        Returns:
            The workflow as stored after the change.

        Raises:
            InvalidWorkflowError: ``INVALID_WORKFLOW``: the new graph has errors; nothing was
                sent.
            NotFoundError: No such workflow visible to this session.
            BadRequestError: The server refused a value (such as an unknown visibility).
            PermissionDeniedError: A node's ``integrationId`` names another user's
                integration.
            SkytellsError: ``SDK_ERROR`` before sending for an invalid id or an argument of the
                wrong type.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        call = ops.update_workflow_call(workflow_id, name, description, nodes, edges, visibility)
        if validate:
            ensure_valid_workflow(nodes, edges)
        return self._run(call)

    def delete(self, workflow_id: str) -> None:
        """Delete a workflow.

        Delete its executions first (`executions.delete_all_for_workflow`): the server
        refuses with a 500 while a workflow still has executions.

        Args:
            workflow_id: The workflow's id.

        Raises:
            NotFoundError: No such workflow visible to this session.
            InternalServerError: The workflow still has executions (or the server failed).
            SkytellsError: ``OPERATION_FAILED`` when the answer says ``"success": false``.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        self._run(ops.delete_workflow_call(workflow_id))

    def duplicate(self, workflow_id: str) -> Workflow:
        """Copy a workflow into a new private one named ``<name> (Copy)``.

        Args:
            workflow_id: The id of the workflow to copy.

        Returns:
            The copy, with fresh node and edge ids and without integration references.

        Raises:
            NotFoundError: No such workflow visible to this session.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        return self._run(ops.duplicate_workflow_call(workflow_id))

    def execute(self, workflow_id: str, input: Mapping[str, Any] | None = None) -> ExecutionStarted:
        """Start a manual run of a workflow with the session (no ``wfb_`` key needed).

        Never retried once the request may have reached the server: a retry would run the
        workflow twice.

        >>> run = client.orchestrator.workflows.execute(wf.id, {"plan": "pro"})  # doctest: +SKIP
        >>> client.orchestrator.executions.wait(run.execution_id)  # doctest: +SKIP

        Args:
            workflow_id: The workflow's id.
            input: The trigger input (a JSON object); left out of the request when None.

        Returns:
            The new run's ``execution_id`` and its ``status`` (``"running"``).

        Raises:
            NotFoundError: No such workflow visible to this session.
            PermissionDeniedError: The workflow belongs to another user, or a node's
                ``integrationId`` names another user's integration.
            SkytellsError: ``SDK_ERROR`` before sending for an invalid id or an ``input`` that
                is not a mapping.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        return self._run(ops.execute_workflow_call(workflow_id, input))

    def execute_and_wait(
        self,
        workflow_id: str,
        input: Mapping[str, Any] | None = None,
        *,
        timeout: float = 600.0,
        poll_interval: float = 1.0,
    ) -> Execution:
        """Start a manual run, wait until it has finished, and return it.

        The run is started once, as `execute` does (never retried), then followed as
        `Executions.wait` does, and read with `Executions.get`. The finished execution is
        returned whatever its status: read its ``status``, ``output`` and ``error``.

        >>> done = orch.workflows.execute_and_wait(wf.id, {"plan": "pro"})  # doctest: +SKIP
        >>> done.status  # doctest: +SKIP
        'success'

        Args:
            workflow_id: The workflow's id.
            input: The trigger input (a JSON object); left out of the request when None.
            timeout: Seconds to wait at most for the run to finish, from 0 to a week.
            poll_interval: Seconds before the first repeated look, above 0 and at most a week.

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
            lambda: self.execute(workflow_id, input),
            timeout,
            poll_interval,
        )

    def get_current(self) -> CurrentWorkflow:
        """Get the editor's autosaved nodes and edges.

        Returns:
            The autosave; both lists empty and no ``id`` when there is none.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        return self._run(ops.get_current_call())

    def save_current(
        self, *, nodes: Sequence[NodeLike], edges: Sequence[EdgeLike]
    ) -> CurrentWorkflow:
        """Replace the editor's autosaved nodes and edges.

        Args:
            nodes: ``Node`` models or mappings, sent exactly as given.
            edges: ``Edge`` models or mappings, sent exactly as given.

        Returns:
            The autosave as stored, with its ``id``.

        Raises:
            SkytellsError: ``SDK_ERROR`` before sending when ``nodes`` or ``edges`` is not a
                list.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        return self._run(ops.save_current_call(nodes, edges))

    def get_code(self, workflow_id: str) -> str:
        """Get the workflow as TypeScript source code.

        Args:
            workflow_id: The workflow's id.

        Returns:
            The source text (from a JSON ``{code}`` answer or a plain-text one).

        Raises:
            NotFoundError: No such workflow visible to this session.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        return self._run(ops.get_code_call(workflow_id))

    def download_project(self, workflow_id: str) -> bytes:
        """Download the workflow as a project, held in memory.

        Args:
            workflow_id: The workflow's id.

        Returns:
            The project as ZIP bytes, whether the server sent a ZIP or a JSON object of files.

        Raises:
            NotFoundError: No such workflow visible to this session.
            SkytellsError: ``INTERNAL_ERROR`` when a 200 answer says ``"success": false``;
                ``INVALID_JSON`` when the answer is neither a whole ZIP nor a JSON object of
                files.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        return self._run(ops.download_project_call(workflow_id))

    def save_project(
        self,
        workflow_id: str,
        path: str | os.PathLike[str],
        *,
        on_progress: Callable[[int, int | None], object] | None = None,
    ) -> Path:
        """Download the workflow as a project and save it as a ZIP file at ``path``.

        The file appears complete or not at all: on any failure ``path`` is left as it was.
        A new file gets the mode a plain write would give it; a replaced file keeps its mode.
        A download cut in the middle is retried as any GET is, from the start.

        >>> client.orchestrator.workflows.save_project(wf.id, "project.zip")  # doctest: +SKIP
        PosixPath('project.zip')

        Args:
            workflow_id: The workflow's id.
            path: Where to write the file, in a folder that exists.
            on_progress: Called after each chunk with the bytes of the answer received so far
                and how many there are in all (None when the server did not say, or sent them
                compressed), e.g. to drive a progress bar. An exception it raises stops the
                download, and nothing is saved.

        Returns:
            ``path`` as a ``Path``.

        Raises:
            NotFoundError: No such workflow visible to this session.
            SkytellsError: ``SDK_ERROR`` for an invalid id, path (a folder, or in a folder that
                does not exist) or ``on_progress``, before sending, or when the file cannot be
                written; ``INTERNAL_ERROR`` when a 200 answer says ``"success": false``;
                ``INVALID_JSON`` when the answer is neither a whole ZIP nor a JSON object of
                files.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        call = ops.download_project_call(workflow_id)
        target = project_target(path)
        progress = check_progress(on_progress)

        def save(response: httpx.Response, body: Iterator[bytes]) -> Path:
            with ProjectWriter(target, response, progress) as writer:
                for chunk in body:
                    writer.write(chunk)
            return writer.target

        return self._requester.fetch(call, save)

    def export(self, directory: str | os.PathLike[str]) -> ExportResult:
        """Write each workflow to ``<directory>/<slug of its name>.json`` (see "Workflows in git").

        Files are rewritten only when their content changes, so exporting unchanged
        workflows again leaves them byte-identical. Integration ids become references by
        type and name; the editor's autosave is not exported. Other files are left alone.

        >>> client.orchestrator.workflows.export("workflows/")  # doctest: +SKIP

        Args:
            directory: The folder (created when missing).

        Returns:
            The file of each workflow, the files written, and a warning for each node
            config value that looks like a secret (it is written as stored).

        Raises:
            SkytellsError: ``EXPORT_REFUSED`` (two workflows of one name, an integration
                reference that cannot be named) before anything is written; ``SDK_ERROR`` for
                a folder that cannot be created or a file that cannot be written.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        directory_path(directory)
        files, result = export_documents(
            self._run(ops.list_workflows_call()), self._run(ops.list_integrations_call(None))
        )
        return write_export(directory, files, result)

    def plan(self, directory: str | os.PathLike[str], *, prune: bool = False) -> WorkflowPlan:
        """What applying the workflow files of ``directory`` would do; changes nothing.

        >>> plan = client.orchestrator.workflows.plan("workflows/")  # doctest: +SKIP
        >>> [(change.action, change.name) for change in plan.pending]  # doctest: +SKIP

        Args:
            directory: The folder of ``*.json`` workflow files.
            prune: Plan to delete the workflows that have no file.

        Returns:
            The plan: one change per workflow, and the ``problems`` that would refuse it
            (a file that cannot be read, an integration reference missing or ambiguous on
            this server, a graph with errors).

        Raises:
            SkytellsError: ``SDK_ERROR`` when ``directory`` is not a folder.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        texts = read_directory(directory)
        workflows = self._run(ops.list_workflows_call())
        integrations = self._run(ops.list_integrations_call(None))
        return make_plan(directory, texts, workflows, integrations, prune=bool(prune))

    def apply(
        self, source: str | os.PathLike[str] | WorkflowPlan, *, prune: bool = False
    ) -> ApplyResult:
        """Make the server hold the workflows of a folder (or carry out a plan made before).

        Workflows are matched by name: the missing are created, the changed updated (only
        the fields that changed), the equal left untouched and, with ``prune``, those without
        a file deleted with their executions. Nothing is changed when the plan has a problem.
        Applying the same folder twice changes nothing the second time.

        >>> client.orchestrator.workflows.apply("workflows/", prune=True)  # doctest: +SKIP

        Args:
            source: The folder of workflow files, or a `WorkflowPlan` from `plan`.
            prune: With a folder, delete the workflows that have no file (with a plan,
                True requires a plan made with ``prune``).

        Returns:
            The changes carried out.

        Raises:
            SkytellsError: ``PLAN_REFUSED`` listing every problem of the plan (nothing was
                changed); ``SDK_ERROR`` when ``source`` is not a folder or a plan, or for
                ``prune`` with a plan made without it.
            WorkflowApplyError: ``APPLY_INCOMPLETE``: a request failed midway; its
                ``result`` says what was and was not applied.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        if isinstance(source, WorkflowPlan):
            plan = checked_plan(source, prune)
        else:
            plan = self.plan(source, prune=prune)
        return drive(apply_steps(plan), self._run)


class AsyncWorkflows(AsyncResource):
    """Async twin of `Workflows`."""

    async def list(self) -> ops.ItemList[Workflow]:
        """List the signed-in user's workflows, newest first; see `Workflows.list`.

        Returns:
            The workflows; items that could not be read are kept in its ``unreadable``.

        Raises what `Workflows.list` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await self._run(ops.list_workflows_call())

    async def get(self, workflow_id: str) -> Workflow:
        """Get one workflow; see `Workflows.get`.

        Args:
            workflow_id: The workflow's id.

        Returns:
            The workflow, with ``is_owner``.

        Raises what `Workflows.get` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await self._run(ops.get_workflow_call(workflow_id))

    async def create(
        self,
        *,
        name: str,
        description: str | None = None,
        nodes: Sequence[NodeLike] | None = None,
        edges: Sequence[EdgeLike] | None = None,
        validate: bool = True,
    ) -> Workflow:
        """Create a workflow from a name and, optionally, nodes and edges; see `Workflows.create`.

        Args:
            name: The workflow's name.
            description: A description; left out of the request when None.
            nodes: ``Node`` models or mappings; ``[]`` when None.
            edges: ``Edge`` models or mappings; ``[]`` when None.
            validate: False skips the graph check.

        Returns:
            The stored workflow.

        Raises what `Workflows.create` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        call = ops.create_workflow_call(name, description, nodes, edges)
        if validate:
            ensure_valid_workflow(nodes, edges)
        return await self._run(call)

    async def update(
        self,
        workflow_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        nodes: Sequence[NodeLike] | None = None,
        edges: Sequence[EdgeLike] | None = None,
        visibility: str | None = None,
        validate: bool = True,
    ) -> Workflow:
        """Change the fields given and keep the others; see `Workflows.update`.

        Args:
            workflow_id: The workflow's id.
            name: A new name.
            description: A new description.
            nodes: New nodes, replacing all of them.
            edges: New edges, replacing all of them.
            visibility: ``"private"`` or ``"public"``.
            validate: False skips the graph check.

        Returns:
            The workflow as stored after the change.

        Raises what `Workflows.update` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        call = ops.update_workflow_call(workflow_id, name, description, nodes, edges, visibility)
        if validate:
            ensure_valid_workflow(nodes, edges)
        return await self._run(call)

    async def delete(self, workflow_id: str) -> None:
        """Delete a workflow (delete its executions first); see `Workflows.delete`.

        Args:
            workflow_id: The workflow's id.

        Raises what `Workflows.delete` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        await self._run(ops.delete_workflow_call(workflow_id))

    async def duplicate(self, workflow_id: str) -> Workflow:
        """Copy a workflow into a new private one named ``<name> (Copy)``.

        Args:
            workflow_id: The id of the workflow to copy.

        Returns:
            The copy.

        Raises what `Workflows.duplicate` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await self._run(ops.duplicate_workflow_call(workflow_id))

    async def execute(
        self, workflow_id: str, input: Mapping[str, Any] | None = None
    ) -> ExecutionStarted:
        """Start a manual run of a workflow with the session; see `Workflows.execute`.

        Never retried once the request may have reached the server.

        Args:
            workflow_id: The workflow's id.
            input: The trigger input (a JSON object); left out of the request when None.

        Returns:
            The new run's ``execution_id`` and its ``status``.

        Raises what `Workflows.execute` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await self._run(ops.execute_workflow_call(workflow_id, input))

    async def execute_and_wait(
        self,
        workflow_id: str,
        input: Mapping[str, Any] | None = None,
        *,
        timeout: float = 600.0,
        poll_interval: float = 1.0,
    ) -> Execution:
        """Start a manual run and return it finished; see `Workflows.execute_and_wait`.

        Args:
            workflow_id: The workflow's id.
            input: The trigger input (a JSON object); left out of the request when None.
            timeout: Seconds to wait at most for the run to finish.
            poll_interval: Seconds before the first repeated look.

        Returns:
            The finished execution, with its ``output``.

        Raises what `Workflows.execute_and_wait` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await async_run_to_end(
            self._requester,
            lambda: self.execute(workflow_id, input),
            timeout,
            poll_interval,
        )

    async def get_current(self) -> CurrentWorkflow:
        """Get the editor's autosaved nodes and edges; see `Workflows.get_current`.

        Returns:
            The autosave; both lists empty and no ``id`` when there is none.

        Raises what `Workflows.get_current` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await self._run(ops.get_current_call())

    async def save_current(
        self, *, nodes: Sequence[NodeLike], edges: Sequence[EdgeLike]
    ) -> CurrentWorkflow:
        """Replace the editor's autosaved nodes and edges; see `Workflows.save_current`.

        Args:
            nodes: ``Node`` models or mappings, sent exactly as given.
            edges: ``Edge`` models or mappings, sent exactly as given.

        Returns:
            The autosave as stored, with its ``id``.

        Raises what `Workflows.save_current` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await self._run(ops.save_current_call(nodes, edges))

    async def get_code(self, workflow_id: str) -> str:
        """Get the workflow as TypeScript source code; see `Workflows.get_code`.

        Args:
            workflow_id: The workflow's id.

        Returns:
            The source text.

        Raises what `Workflows.get_code` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await self._run(ops.get_code_call(workflow_id))

    async def download_project(self, workflow_id: str) -> bytes:
        """Download the workflow as a project, held in memory; see `Workflows.download_project`.

        Args:
            workflow_id: The workflow's id.

        Returns:
            The project as ZIP bytes.

        Raises what `Workflows.download_project` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await self._run(ops.download_project_call(workflow_id))

    async def save_project(
        self,
        workflow_id: str,
        path: str | os.PathLike[str],
        *,
        on_progress: Callable[[int, int | None], object] | None = None,
    ) -> Path:
        """Download the workflow as a project and save it as a ZIP file at ``path``.

        The file appears complete or not at all; see `Workflows.save_project`.

        Args:
            workflow_id: The workflow's id.
            path: Where to write the file, in a folder that exists.
            on_progress: Called after each chunk with the bytes received so far and the
                total (or None); see `Workflows.save_project`.

        Returns:
            ``path`` as a ``Path``.

        Raises what `Workflows.save_project` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        call = ops.download_project_call(workflow_id)
        target = project_target(path)
        progress = check_progress(on_progress)

        async def save(response: httpx.Response, body: AsyncIterator[bytes]) -> Path:
            writer = ProjectWriter(target, response, progress)
            try:
                async for chunk in body:
                    writer.write(chunk)
            except BaseException:
                writer.abort()
                raise
            # The fsync and the ZIP check take a while: not on the event loop.
            return await anyio.to_thread.run_sync(writer.publish)

        return await self._requester.fetch(call, save)

    async def export(self, directory: str | os.PathLike[str]) -> ExportResult:
        """Write each workflow to ``<directory>/<slug of its name>.json``; see `Workflows.export`.

        Args:
            directory: The folder (created when missing).

        Returns:
            The file of each workflow and the files written.

        Raises what `Workflows.export` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        directory_path(directory)
        files, result = export_documents(
            await self._run(ops.list_workflows_call()),
            await self._run(ops.list_integrations_call(None)),
        )
        return await anyio.to_thread.run_sync(write_export, directory, files, result)

    async def plan(self, directory: str | os.PathLike[str], *, prune: bool = False) -> WorkflowPlan:
        """What applying the workflow files of ``directory`` would do; see `Workflows.plan`.

        Args:
            directory: The folder of ``*.json`` workflow files.
            prune: Plan to delete the workflows that have no file.

        Returns:
            The plan, with its ``problems``.

        Raises what `Workflows.plan` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        texts = await anyio.to_thread.run_sync(read_directory, directory)
        workflows = await self._run(ops.list_workflows_call())
        integrations = await self._run(ops.list_integrations_call(None))
        return make_plan(directory, texts, workflows, integrations, prune=bool(prune))

    async def apply(
        self, source: str | os.PathLike[str] | WorkflowPlan, *, prune: bool = False
    ) -> ApplyResult:
        """Make the server hold the workflows of a folder; see `Workflows.apply`.

        Args:
            source: The folder of workflow files, or a `WorkflowPlan` from `plan`.
            prune: With a folder, delete the workflows that have no file.

        Returns:
            The changes carried out.

        Raises what `Workflows.apply` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        if isinstance(source, WorkflowPlan):
            plan = checked_plan(source, prune)
        else:
            plan = await self.plan(source, prune=prune)
        return await drive_async(apply_steps(plan), self._run)
