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
        """Get the signed-in user's profile.

        Returns:
            The user: name, email, image and whether the account is anonymous.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        return self._run(ops.get_user_call())

    def update_profile(self, *, name: str | None = None, email: str | None = None) -> None:
        """Change the signed-in user's name, email or both.

        Args:
            name: A new name; unchanged when None.
            email: A new email address; unchanged when None.

        Raises:
            PermissionDeniedError: The user signs in through an OAuth provider.
            SkytellsError: ``SDK_ERROR`` before sending for a value that is not a string;
                ``OPERATION_FAILED`` when the answer says ``"success": false``.

        Also raises the [errors every call can raise][errors-every-call-can-raise].
        """
        self._run(_update_call(name, email))


class AsyncUserResource(AsyncResource):
    """Async twin of `UserResource`."""

    async def get(self) -> User:
        """Get the signed-in user's profile; see `UserResource.get`.

        Returns:
            The user.

        Raises what `UserResource.get` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        return await self._run(ops.get_user_call())

    async def update_profile(self, *, name: str | None = None, email: str | None = None) -> None:
        """Change the signed-in user's name, email or both; see `UserResource.update_profile`.

        Args:
            name: A new name; unchanged when None.
            email: A new email address; unchanged when None.

        Raises what `UserResource.update_profile` raises, and the [errors every call can
        raise][errors-every-call-can-raise].
        """
        await self._run(_update_call(name, email))
