"""``orchestrator.api_keys``: the ``wfb_`` keys that authenticate webhooks."""

from __future__ import annotations

from skytells_orchestrator_client.models import ApiKey

from .. import _operations as ops
from .._operations import CreatedApiKey
from .._transport import check_optional_text
from ._base import AsyncResource, SyncResource


class ApiKeys(SyncResource):
    """The ``wfb_`` keys that authenticate webhooks.

    >>> created = client.orchestrator.api_keys.create(name="backend")  # doctest: +SKIP
    >>> created.key  # the only time the full key is shown  # doctest: +SKIP
    """

    def list(self) -> ops.ItemList[ApiKey]:
        """Keys, newest first; only their first 11 characters (``key_prefix``)."""
        return self._run(ops.list_api_keys_call())

    def create(self, *, name: str | None = None) -> CreatedApiKey:
        """A new key; ``.key`` holds the full ``wfb_…`` value, shown only here."""
        return self._run(ops.create_api_key_call(check_optional_text(name, "name")))

    def delete(self, key_id: str) -> None:
        """Revoke a key (by its id, not its value)."""
        self._run(ops.delete_api_key_call(key_id))


class AsyncApiKeys(AsyncResource):
    """Async twin of :class:`ApiKeys`."""

    async def list(self) -> ops.ItemList[ApiKey]:
        """Keys, newest first."""
        return await self._run(ops.list_api_keys_call())

    async def create(self, *, name: str | None = None) -> CreatedApiKey:
        """A new key; ``.key`` holds the full value, shown only here."""
        return await self._run(ops.create_api_key_call(check_optional_text(name, "name")))

    async def delete(self, key_id: str) -> None:
        """Revoke a key."""
        await self._run(ops.delete_api_key_call(key_id))
