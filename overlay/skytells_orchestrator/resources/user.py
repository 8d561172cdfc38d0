"""``orchestrator.user``: the signed-in user's profile."""

from __future__ import annotations

from skytells_orchestrator_client.models import User

from .. import _operations as ops
from .._request import Call
from .._transport import check_optional_text
from ._base import AsyncResource, SyncResource


def _update_call(name: str | None, email: str | None) -> Call[None]:
    return ops.update_user_call(
        check_optional_text(name, "name"), check_optional_text(email, "email")
    )


class UserResource(SyncResource):
    """The signed-in user's profile."""

    def get(self) -> User:
        """The user."""
        return self._run(ops.get_user_call())

    def update_profile(self, *, name: str | None = None, email: str | None = None) -> None:
        """Change the name and/or email (403 for users of an OAuth provider)."""
        self._run(_update_call(name, email))


class AsyncUserResource(AsyncResource):
    """Async twin of :class:`UserResource`."""

    async def get(self) -> User:
        """The user."""
        return await self._run(ops.get_user_call())

    async def update_profile(self, *, name: str | None = None, email: str | None = None) -> None:
        """Change the name and/or email."""
        await self._run(_update_call(name, email))
