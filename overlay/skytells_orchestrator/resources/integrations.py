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
from .._transport import check_optional_text
from ._base import AsyncResource, SyncResource


class Integrations(SyncResource):
    """Stored credentials for the services action nodes call.

    >>> client.orchestrator.integrations.create(type="slack", config={...})  # doctest: +SKIP
    """

    def list(self, *, type: str | None = None) -> ops.ItemList[IntegrationSummary]:
        """Integrations (without their config), optionally of one ``type``."""
        return self._run(ops.list_integrations_call(check_optional_text(type, "type", in_url=True)))

    def get(self, id: str) -> Integration:
        """One integration with its decrypted ``config``."""
        return self._run(ops.get_integration_call(id))

    def create(
        self, *, type: str, config: Mapping[str, Any], name: str | None = None
    ) -> CreatedIntegration:
        """Store credentials."""
        return self._run(
            ops.create_integration_call(type, config, check_optional_text(name, "name"))
        )

    def update(
        self, id: str, *, name: str | None = None, config: Mapping[str, Any] | None = None
    ) -> Integration:
        """Change the name and/or config."""
        return self._run(ops.update_integration_call(id, check_optional_text(name, "name"), config))

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
        return await self._run(
            ops.list_integrations_call(check_optional_text(type, "type", in_url=True))
        )

    async def get(self, id: str) -> Integration:
        """One integration with its decrypted ``config``."""
        return await self._run(ops.get_integration_call(id))

    async def create(
        self, *, type: str, config: Mapping[str, Any], name: str | None = None
    ) -> CreatedIntegration:
        """Store credentials."""
        return await self._run(
            ops.create_integration_call(type, config, check_optional_text(name, "name"))
        )

    async def update(
        self, id: str, *, name: str | None = None, config: Mapping[str, Any] | None = None
    ) -> Integration:
        """Change the name and/or config."""
        return await self._run(
            ops.update_integration_call(id, check_optional_text(name, "name"), config)
        )

    async def delete(self, id: str) -> None:
        """Remove an integration."""
        await self._run(ops.delete_integration_call(id))

    async def test(self, id: str) -> IntegrationTestResult:
        """Check stored credentials against their service."""
        return await self._run(ops.test_integration_call(id))

    async def test_config(self, *, type: str, config: Mapping[str, Any]) -> IntegrationTestResult:
        """Check credentials without saving them."""
        return await self._run(ops.test_config_call(type, config))
