"""``orchestrator.workflows``: create, read, change, copy and export workflows."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from skytells_orchestrator_client.models import (
    CurrentWorkflow,
    Edge,
    ExecutionStarted,
    Node,
    Workflow,
)

from .. import _operations as ops
from .._authoring import ensure_valid_workflow
from .._download import ProjectWriter, project_target
from ._base import AsyncResource, SyncResource

NodeLike = Node | Mapping[str, Any]
EdgeLike = Edge | Mapping[str, Any]


class Workflows(SyncResource):
    """Workflows of the signed-in user.

    >>> workflow = client.orchestrator.workflows.create(name="Notify on signup")  # doctest: +SKIP
    """

    def list(self) -> ops.ItemList[Workflow]:
        """All workflows, newest first. Without a session the server answers ``[]``."""
        return self._run(ops.list_workflows_call())

    def get(self, workflow_id: str) -> Workflow:
        """One workflow, with ``is_owner``."""
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
        """Create a workflow; ``nodes``/``edges`` default to ``[]`` (the server then adds a
        Manual trigger). Omitted arguments are left out of the request.

        The graph is checked first (:func:`~skytells_orchestrator.validate_workflow`): errors
        raise ``InvalidWorkflowError`` (``INVALID_WORKFLOW``) before any request, warnings are
        logged. ``validate=False`` skips the check.
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
        """Change only the fields given (``visibility``: ``"private"`` or ``"public"``).

        New ``nodes``/``edges`` are checked as in :meth:`create` (with only one of the two,
        the checks that need both are skipped); ``validate=False`` skips it.
        """
        call = ops.update_workflow_call(workflow_id, name, description, nodes, edges, visibility)
        if validate:
            ensure_valid_workflow(nodes, edges)
        return self._run(call)

    def delete(self, workflow_id: str) -> None:
        """Delete a workflow. Delete its executions first: the server refuses (500) otherwise."""
        self._run(ops.delete_workflow_call(workflow_id))

    def duplicate(self, workflow_id: str) -> Workflow:
        """A private copy named ``<name> (Copy)``."""
        return self._run(ops.duplicate_workflow_call(workflow_id))

    def execute(self, workflow_id: str, input: Mapping[str, Any] | None = None) -> ExecutionStarted:
        """Start a manual run with the session (no ``wfb_`` key needed); never retried.

        >>> run = client.orchestrator.workflows.execute(wf.id, {"plan": "pro"})  # doctest: +SKIP
        >>> client.orchestrator.executions.wait(run.execution_id)  # doctest: +SKIP
        """
        return self._run(ops.execute_workflow_call(workflow_id, input))

    def get_current(self) -> CurrentWorkflow:
        """The editor's autosaved nodes and edges (both empty, no ``id``, when there is none)."""
        return self._run(ops.get_current_call())

    def save_current(
        self, *, nodes: Sequence[NodeLike], edges: Sequence[EdgeLike]
    ) -> CurrentWorkflow:
        """Replace the editor's autosaved nodes and edges; the answer carries its ``id``."""
        return self._run(ops.save_current_call(nodes, edges))

    def get_code(self, workflow_id: str) -> str:
        """The workflow as TypeScript source text."""
        return self._run(ops.get_code_call(workflow_id))

    def download_project(self, workflow_id: str) -> bytes:
        """The workflow as a project, always as ZIP bytes."""
        return self._run(ops.download_project_call(workflow_id))

    def save_project(self, workflow_id: str, path: str | os.PathLike[str]) -> Path:
        """Stream the project ZIP to ``path``; on any failure no file is left there.

        >>> client.orchestrator.workflows.save_project(wf.id, "project.zip")  # doctest: +SKIP
        PosixPath('project.zip')
        """
        call = ops.download_project_call(workflow_id)
        target = project_target(path)
        response = self._requester.send(call, stream=True)
        try:
            with ProjectWriter(target, response) as writer:
                for chunk in self._requester.iter_body(response):
                    writer.write(chunk)
        finally:
            response.close()
        return writer.target


class AsyncWorkflows(AsyncResource):
    """Async twin of :class:`Workflows`."""

    async def list(self) -> ops.ItemList[Workflow]:
        """All workflows, newest first. Without a session the server answers ``[]``."""
        return await self._run(ops.list_workflows_call())

    async def get(self, workflow_id: str) -> Workflow:
        """One workflow, with ``is_owner``."""
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
        """Create a workflow; see :meth:`Workflows.create`."""
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
        """Change only the fields given; see :meth:`Workflows.update`."""
        call = ops.update_workflow_call(workflow_id, name, description, nodes, edges, visibility)
        if validate:
            ensure_valid_workflow(nodes, edges)
        return await self._run(call)

    async def delete(self, workflow_id: str) -> None:
        """Delete a workflow (its executions first)."""
        await self._run(ops.delete_workflow_call(workflow_id))

    async def duplicate(self, workflow_id: str) -> Workflow:
        """A private copy named ``<name> (Copy)``."""
        return await self._run(ops.duplicate_workflow_call(workflow_id))

    async def execute(
        self, workflow_id: str, input: Mapping[str, Any] | None = None
    ) -> ExecutionStarted:
        """Start a manual run with the session; never retried. See :meth:`Workflows.execute`."""
        return await self._run(ops.execute_workflow_call(workflow_id, input))

    async def get_current(self) -> CurrentWorkflow:
        """The editor's autosaved nodes and edges."""
        return await self._run(ops.get_current_call())

    async def save_current(
        self, *, nodes: Sequence[NodeLike], edges: Sequence[EdgeLike]
    ) -> CurrentWorkflow:
        """Replace the editor's autosaved nodes and edges."""
        return await self._run(ops.save_current_call(nodes, edges))

    async def get_code(self, workflow_id: str) -> str:
        """The workflow as TypeScript source text."""
        return await self._run(ops.get_code_call(workflow_id))

    async def download_project(self, workflow_id: str) -> bytes:
        """The workflow as a project, always as ZIP bytes."""
        return await self._run(ops.download_project_call(workflow_id))

    async def save_project(self, workflow_id: str, path: str | os.PathLike[str]) -> Path:
        """Stream the project ZIP to ``path``; on any failure no file is left there."""
        call = ops.download_project_call(workflow_id)
        target = project_target(path)
        response = await self._requester.send(call, stream=True)
        try:
            with ProjectWriter(target, response) as writer:
                async for chunk in self._requester.iter_body(response):
                    writer.write(chunk)
        finally:
            await response.aclose()
        return writer.target
