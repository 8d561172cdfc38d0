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
        """List the webhook keys, newest first.

        Returns:
            The keys, each with only its first 11 characters (``key_prefix``).

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        return self._run(ops.list_api_keys_call())

    def create(self, *, name: str | None = None) -> CreatedApiKey:
        """Create a webhook key.

        Args:
            name: A name for the key; left out of the request when None.

        Returns:
            The new key; ``key`` holds the full ``wfb_…`` value, shown only this once.

        Raises:
            PermissionDeniedError: Anonymous users cannot create keys.
            SkytellsError: ``SDK_ERROR`` before sending for a ``name`` that is not a string.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        return self._run(ops.create_api_key_call(check_optional_text(name, "name")))

    def delete(self, key_id: str) -> None:
        """Revoke a webhook key.

        Args:
            key_id: The key's id (not its value).

        Raises:
            NotFoundError: No such key.
            SkytellsError: ``OPERATION_FAILED`` when the answer says ``"success": false``.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        self._run(ops.delete_api_key_call(key_id))


class AsyncApiKeys(AsyncResource):
    """Async twin of `ApiKeys`."""

    async def list(self) -> ops.ItemList[ApiKey]:
        """List the webhook keys, newest first; see `ApiKeys.list`.

        Returns:
            The keys, each with only its ``key_prefix``.

        Raises what `ApiKeys.list` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await self._run(ops.list_api_keys_call())

    async def create(self, *, name: str | None = None) -> CreatedApiKey:
        """Create a webhook key; see `ApiKeys.create`.

        Args:
            name: A name for the key; left out of the request when None.

        Returns:
            The new key; ``key`` holds the full value, shown only this once.

        Raises what `ApiKeys.create` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await self._run(ops.create_api_key_call(check_optional_text(name, "name")))

    async def delete(self, key_id: str) -> None:
        """Revoke a webhook key; see `ApiKeys.delete`.

        Args:
            key_id: The key's id (not its value).

        Raises what `ApiKeys.delete` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        await self._run(ops.delete_api_key_call(key_id))
