"""``orchestrator.integrations``: stored credentials for the services nodes call."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from skytells_orchestrator_client.models import (
    CreatedIntegration,
    Integration,
    IntegrationSummary,
    IntegrationTestResult,
)

from .. import _operations as ops
from ._base import AsyncResource, SyncResource


class Integrations(SyncResource):
    """Stored credentials for the services action nodes call.

    >>> client.orchestrator.integrations.create(type="slack", config={...})  # doctest: +SKIP
    """

    def list(self, *, type: str | None = None) -> ops.ItemList[IntegrationSummary]:
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

    async def list(self, *, type: str | None = None) -> ops.ItemList[IntegrationSummary]:
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
