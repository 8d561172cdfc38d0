"""The smaller sub-resources: webhooks, integrations, api_keys, ai and user."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from skytells_orchestrator_client.models import (
    AiOperation,
    ApiKey,
    CreatedIntegration,
    ExistingWorkflow,
    Integration,
    IntegrationSummary,
    IntegrationTestResult,
    User,
    WebhookTriggerResponse,
)

from .. import _operations as ops
from .._operations import CorsPolicy, CreatedApiKey
from .._streaming import AsyncStream, Stream
from ._base import AsyncResource, SyncResource

# ------------------------------------------------------------------ webhooks


class Webhooks(SyncResource):
    """Trigger workflows with the ``wfb_`` key.

    >>> run = client.orchestrator.webhooks.execute(wf.id, {"email": "a@b.c"})  # doctest: +SKIP
    """

    def execute(
        self, workflow_id: str, body: Mapping[str, Any] | None = None
    ) -> WebhookTriggerResponse:
        """Start the workflow; the result has ``execution_id`` and ``status``.

        Never retried after the request may have reached the server: a retry would run the
        workflow twice.
        """
        return self._run(ops.trigger_webhook_call(workflow_id, body))

    def preflight(self, workflow_id: str) -> CorsPolicy:
        """The webhook's CORS policy (what a browser would be allowed)."""
        return self._run(ops.preflight_call(workflow_id))


class AsyncWebhooks(AsyncResource):
    """Async twin of :class:`Webhooks`."""

    async def execute(
        self, workflow_id: str, body: Mapping[str, Any] | None = None
    ) -> WebhookTriggerResponse:
        """Start the workflow; the result has ``execution_id`` and ``status``."""
        return await self._run(ops.trigger_webhook_call(workflow_id, body))

    async def preflight(self, workflow_id: str) -> CorsPolicy:
        """The webhook's CORS policy."""
        return await self._run(ops.preflight_call(workflow_id))


# ------------------------------------------------------------------ integrations


class Integrations(SyncResource):
    """Stored credentials for the services action nodes call.

    >>> client.orchestrator.integrations.create(type="slack", config={...})  # doctest: +SKIP
    """

    def list(self, *, type: str | None = None) -> list[IntegrationSummary]:
        """Integrations (without their config), optionally of one ``type``."""
        return self._run(ops.list_integrations_call(type))

    def get(self, id: str) -> Integration:
        """One integration with its decrypted ``config``."""
        return self._run(ops.get_integration_call(id))

    def create(
        self, *, type: str, config: Mapping[str, Any], name: str | None = None
    ) -> CreatedIntegration:
        """Store credentials."""
        return self._run(ops.create_integration_call(type, config, name))

    def update(
        self, id: str, *, name: str | None = None, config: Mapping[str, Any] | None = None
    ) -> Integration:
        """Change the name and/or config."""
        return self._run(ops.update_integration_call(id, name, config))

    def delete(self, id: str) -> None:
        """Remove an integration."""
        self._run(ops.delete_integration_call(id))

    def test(self, id: str) -> IntegrationTestResult:
        """Check stored credentials against their service."""
        return self._run(ops.test_integration_call(id))

    def test_config(self, *, type: str, config: Mapping[str, Any]) -> IntegrationTestResult:
        """Check credentials without saving them."""
        return self._run(ops.test_config_call(type, config))


class AsyncIntegrations(AsyncResource):
    """Async twin of :class:`Integrations`."""

    async def list(self, *, type: str | None = None) -> list[IntegrationSummary]:
        """Integrations (without their config), optionally of one ``type``."""
        return await self._run(ops.list_integrations_call(type))

    async def get(self, id: str) -> Integration:
        """One integration with its decrypted ``config``."""
        return await self._run(ops.get_integration_call(id))

    async def create(
        self, *, type: str, config: Mapping[str, Any], name: str | None = None
    ) -> CreatedIntegration:
        """Store credentials."""
        return await self._run(ops.create_integration_call(type, config, name))

    async def update(
        self, id: str, *, name: str | None = None, config: Mapping[str, Any] | None = None
    ) -> Integration:
        """Change the name and/or config."""
        return await self._run(ops.update_integration_call(id, name, config))

    async def delete(self, id: str) -> None:
        """Remove an integration."""
        await self._run(ops.delete_integration_call(id))

    async def test(self, id: str) -> IntegrationTestResult:
        """Check stored credentials against their service."""
        return await self._run(ops.test_integration_call(id))

    async def test_config(self, *, type: str, config: Mapping[str, Any]) -> IntegrationTestResult:
        """Check credentials without saving them."""
        return await self._run(ops.test_config_call(type, config))


# ------------------------------------------------------------------ api keys


class ApiKeys(SyncResource):
    """The ``wfb_`` keys that authenticate webhooks.

    >>> created = client.orchestrator.api_keys.create(name="backend")  # doctest: +SKIP
    >>> created.key  # the only time the full key is shown  # doctest: +SKIP
    """

    def list(self) -> list[ApiKey]:
        """Keys, newest first; only their first 11 characters (``key_prefix``)."""
        return self._run(ops.list_api_keys_call())

    def create(self, *, name: str | None = None) -> CreatedApiKey:
        """A new key; ``.key`` holds the full ``wfb_…`` value, shown only here."""
        return self._run(ops.create_api_key_call(name))

    def delete(self, key_id: str) -> None:
        """Revoke a key (by its id, not its value)."""
        self._run(ops.delete_api_key_call(key_id))


class AsyncApiKeys(AsyncResource):
    """Async twin of :class:`ApiKeys`."""

    async def list(self) -> list[ApiKey]:
        """Keys, newest first."""
        return await self._run(ops.list_api_keys_call())

    async def create(self, *, name: str | None = None) -> CreatedApiKey:
        """A new key; ``.key`` holds the full value, shown only here."""
        return await self._run(ops.create_api_key_call(name))

    async def delete(self, key_id: str) -> None:
        """Revoke a key."""
        await self._run(ops.delete_api_key_call(key_id))


# ------------------------------------------------------------------ ai


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


# ------------------------------------------------------------------ user


class UserResource(SyncResource):
    """The signed-in user's profile."""

    def get(self) -> User:
        """The user."""
        return self._run(ops.get_user_call())

    def update_profile(self, *, name: str | None = None, email: str | None = None) -> None:
        """Change the name and/or email (403 for users of an OAuth provider)."""
        self._run(ops.update_user_call(name, email))


class AsyncUserResource(AsyncResource):
    """Async twin of :class:`UserResource`."""

    async def get(self) -> User:
        """The user."""
        return await self._run(ops.get_user_call())

    async def update_profile(self, *, name: str | None = None, email: str | None = None) -> None:
        """Change the name and/or email."""
        await self._run(ops.update_user_call(name, email))
