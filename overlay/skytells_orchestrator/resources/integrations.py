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
        """List the stored integrations, without their config.

        Args:
            type: Only integrations of this type (such as ``"slack"``); all when None.

        Returns:
            The integrations; items that could not be read are kept in its ``unreadable``.

        Raises:
            SkytellsError: ``SDK_ERROR`` before sending for a ``type`` that is not a string or
                is too long for a URL.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        return self._run(ops.list_integrations_call(check_optional_text(type, "type", in_url=True)))

    def get(self, id: str) -> Integration:
        """Get one integration with its decrypted config.

        Args:
            id: The integration's id.

        Returns:
            The integration; ``config`` holds its decrypted credentials.

        Raises:
            NotFoundError: No such integration visible to this session.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        return self._run(ops.get_integration_call(id))

    def create(
        self, *, type: str, config: Mapping[str, Any], name: str | None = None
    ) -> CreatedIntegration:
        """Store credentials for a service as a new integration.

        Args:
            type: The service (such as ``"slack"``).
            config: The credentials and settings, a JSON object; stored encrypted.
            name: A display name; left out of the request when None.

        Returns:
            The new integration's id, name and type (without its config).

        Raises:
            BadRequestError: The server refused the type or config.
            SkytellsError: ``SDK_ERROR`` before sending for a ``type`` or ``name`` that is not a
                string or a ``config`` that is not a mapping.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        return self._run(
            ops.create_integration_call(type, config, check_optional_text(name, "name"))
        )

    def update(
        self, id: str, *, name: str | None = None, config: Mapping[str, Any] | None = None
    ) -> Integration:
        """Change an integration's name, config or both.

        Args:
            id: The integration's id.
            name: A new name; unchanged when None.
            config: New credentials and settings, replacing the old; unchanged when None.

        Returns:
            The integration as stored after the change, with its decrypted config.

        Raises:
            NotFoundError: No such integration visible to this session.
            SkytellsError: ``SDK_ERROR`` before sending for an invalid id, a ``name`` that is
                not a string or a ``config`` that is not a mapping.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        return self._run(ops.update_integration_call(id, check_optional_text(name, "name"), config))

    def delete(self, id: str) -> None:
        """Delete an integration.

        Args:
            id: The integration's id.

        Raises:
            NotFoundError: No such integration visible to this session.
            SkytellsError: ``OPERATION_FAILED`` when the answer says ``"success": false``.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        self._run(ops.delete_integration_call(id))

    def test(self, id: str) -> IntegrationTestResult:
        """Check an integration's stored credentials against its service.

        Args:
            id: The integration's id.

        Returns:
            The outcome: ``status`` (``"success"`` or ``"error"``) and a ``message``.

        Raises:
            BadRequestError: This integration's type cannot be tested.
            NotFoundError: No such integration visible to this session.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        return self._run(ops.test_integration_call(id))

    def test_config(self, *, type: str, config: Mapping[str, Any]) -> IntegrationTestResult:
        """Check credentials against their service without saving them.

        Args:
            type: The service (such as ``"slack"``).
            config: The credentials and settings to check, a JSON object.

        Returns:
            The outcome: ``status`` (``"success"`` or ``"error"``) and a ``message``.

        Raises:
            BadRequestError: The type cannot be tested, or the body was refused.
            SkytellsError: ``SDK_ERROR`` before sending for a ``type`` that is not a string or a
                ``config`` that is not a mapping.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        return self._run(ops.test_config_call(type, config))


class AsyncIntegrations(AsyncResource):
    """Async twin of `Integrations`."""

    async def list(self, *, type: str | None = None) -> ops.ItemList[IntegrationSummary]:
        """List the stored integrations, without their config; see `Integrations.list`.

        Args:
            type: Only integrations of this type; all when None.

        Returns:
            The integrations; items that could not be read are kept in its ``unreadable``.

        Raises what `Integrations.list` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await self._run(
            ops.list_integrations_call(check_optional_text(type, "type", in_url=True))
        )

    async def get(self, id: str) -> Integration:
        """Get one integration with its decrypted config; see `Integrations.get`.

        Args:
            id: The integration's id.

        Returns:
            The integration; ``config`` holds its decrypted credentials.

        Raises what `Integrations.get` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await self._run(ops.get_integration_call(id))

    async def create(
        self, *, type: str, config: Mapping[str, Any], name: str | None = None
    ) -> CreatedIntegration:
        """Store credentials for a service as a new integration; see `Integrations.create`.

        Args:
            type: The service (such as ``"slack"``).
            config: The credentials and settings, a JSON object.
            name: A display name; left out of the request when None.

        Returns:
            The new integration's id, name and type (without its config).

        Raises what `Integrations.create` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await self._run(
            ops.create_integration_call(type, config, check_optional_text(name, "name"))
        )

    async def update(
        self, id: str, *, name: str | None = None, config: Mapping[str, Any] | None = None
    ) -> Integration:
        """Change an integration's name, config or both; see `Integrations.update`.

        Args:
            id: The integration's id.
            name: A new name; unchanged when None.
            config: New credentials and settings; unchanged when None.

        Returns:
            The integration as stored after the change.

        Raises what `Integrations.update` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await self._run(
            ops.update_integration_call(id, check_optional_text(name, "name"), config)
        )

    async def delete(self, id: str) -> None:
        """Delete an integration; see `Integrations.delete`.

        Args:
            id: The integration's id.

        Raises what `Integrations.delete` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        await self._run(ops.delete_integration_call(id))

    async def test(self, id: str) -> IntegrationTestResult:
        """Check an integration's stored credentials against its service; see `Integrations.test`.

        Args:
            id: The integration's id.

        Returns:
            The outcome: ``status`` and ``message``.

        Raises what `Integrations.test` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await self._run(ops.test_integration_call(id))

    async def test_config(self, *, type: str, config: Mapping[str, Any]) -> IntegrationTestResult:
        """Check credentials without saving them; see `Integrations.test_config`.

        Args:
            type: The service (such as ``"slack"``).
            config: The credentials and settings to check, a JSON object.

        Returns:
            The outcome: ``status`` and ``message``.

        Raises what `Integrations.test_config` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await self._run(ops.test_config_call(type, config))
