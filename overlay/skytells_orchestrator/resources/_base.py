"""The two resource bases: each resource method is one line over ``_run``."""

from __future__ import annotations

from typing import TypeVar

from .._pools import _ClientBound
from .._request import AsyncRequester, Call, SyncRequester

T = TypeVar("T")


class SyncResource(_ClientBound):
    """Base of the synchronous sub-resources."""

    def __init__(self, requester: SyncRequester) -> None:
        self._requester = requester

    def _run(self, call: Call[T]) -> T:
        return self._requester.run(call)


class AsyncResource(_ClientBound):
    """Base of the asynchronous sub-resources."""

    def __init__(self, requester: AsyncRequester) -> None:
        self._requester = requester

    async def _run(self, call: Call[T]) -> T:
        return await self._requester.run(call)
