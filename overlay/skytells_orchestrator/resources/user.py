"""``orchestrator.user``: the signed-in user's profile."""

from __future__ import annotations

from skytells_orchestrator_client.models import User

from .. import _operations as ops
from ._base import AsyncResource, SyncResource


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
