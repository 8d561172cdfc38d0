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

        Raises:
            SkytellsError: ``CLIENT_CLOSED`` on a closed client; ``INVALID_JSON`` for an
                unreadable answer.
            APIStatusError: The server refused the call (a subclass per status, such as
                ``AuthenticationError`` for 401 without a session).
            APIConnectionError: No answer arrived (``APITimeoutError`` when time ran out).
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
                ``CLIENT_CLOSED`` on a closed client; ``OPERATION_FAILED`` when the answer
                says ``"success": false``; ``INVALID_JSON`` for an unreadable answer.
            APIStatusError: Another refusal (a subclass per status).
            APIConnectionError: No answer arrived (``APITimeoutError`` when time ran out).
        """
        self._run(_update_call(name, email))


class AsyncUserResource(AsyncResource):
    """Async twin of `UserResource`."""

    async def get(self) -> User:
        """Get the signed-in user's profile; see `UserResource.get`.

        Returns:
            The user.

        Raises:
            SkytellsError: The errors of `UserResource.get`; also
                ``EVENT_LOOP_MISMATCH`` when the client was first used on another event loop.
        """
        return await self._run(ops.get_user_call())

    async def update_profile(self, *, name: str | None = None, email: str | None = None) -> None:
        """Change the signed-in user's name, email or both; see `UserResource.update_profile`.

        Args:
            name: A new name; unchanged when None.
            email: A new email address; unchanged when None.

        Raises:
            SkytellsError: The errors of `UserResource.update_profile`; also
                ``EVENT_LOOP_MISMATCH`` when the client was first used on another event loop.
        """
        await self._run(_update_call(name, email))
