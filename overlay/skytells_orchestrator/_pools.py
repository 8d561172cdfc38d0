"""What happens to a connection pool outside the calls: after a fork, and on a close that
cannot be awaited where the pool lives.

After ``os.fork()`` (gunicorn ``--preload``, Celery, ``multiprocessing`` with the fork start
method) the child holds copies of the parent's keep-alive sockets: a request the child sends on
one of them interleaves with the parent's, and each process may read the other's answer. One
hook, run in the child right after a fork, empties the pool of every HTTP client the SDK sends
through; the child then opens its own connections. Nothing runs per call and nothing is written
to the shared sockets: the child only closes its copies of their descriptors, so the parent's
connections stay open and keep working.

An async pool's connections belong to the event loop they were opened on. Closed from another
loop, or after that loop ended, they cannot be awaited: their sockets are closed directly.
"""

from __future__ import annotations

import contextlib
import os
import weakref
from typing import Any, NoReturn, Self, SupportsIndex

import httpx
from httpx._client import ClientState

from . import _request
from ._errors import sdk_error

# Every HTTP client a Skytells or AsyncSkytells sends through, its own pool or a given one.
_POOLS: weakref.WeakSet[httpx.Client | httpx.AsyncClient] = weakref.WeakSet()


def track(http: httpx.Client | httpx.AsyncClient) -> None:
    """Have ``http``'s connections dropped in a child process forked from this one."""
    _POOLS.add(http)


def _socket_of(connection: Any) -> Any:
    # httpcore: a pooled connection wraps a protocol connection (through a proxy connection
    # when there is one), which holds the network stream.
    for _ in range(4):
        stream = getattr(connection, "_network_stream", None)
        if stream is not None:
            return stream.get_extra_info("socket")
        connection = getattr(connection, "_connection", None)
        if connection is None:
            return None
    return None


def _empty(pool: Any) -> None:
    """Forget the parent's connections and waiting requests, closing only this process's
    descriptors (closing a socket sends nothing; the TCP connection lives on in the parent)."""
    connections = getattr(pool, "_connections", None)
    if not isinstance(connections, list):
        return
    for connection in connections:
        # An odd connection is dropped all the same.
        with contextlib.suppress(Exception):
            sock = _socket_of(connection)
            if sock is not None:
                sock.close()
    pool._connections = []
    pool._requests = []
    # A lock held by another thread at the fork stays held forever in the child.
    lock = getattr(pool, "_optional_thread_lock", None)
    if lock is not None:
        pool._optional_thread_lock = type(lock)()


def drop_connections(http: httpx.Client | httpx.AsyncClient) -> None:
    """Empty ``http``'s pools without sending anything or awaiting: each connection's socket
    is closed in this process only. Never raises."""
    for transport in [http._transport, *http._mounts.values()]:
        pool = getattr(transport, "_pool", None)
        if pool is not None:
            with contextlib.suppress(Exception):
                _empty(pool)


def reset_after_fork() -> None:
    """Run in the child after a fork: every tracked client starts with an empty pool."""
    for http in list(_POOLS):
        drop_connections(http)
        if isinstance(http, httpx.AsyncClient):
            # Its connections are new: the child may use the client on its own event loop.
            _request._POOL_LOOPS.pop(http, None)


if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork
    os.register_at_fork(after_in_child=reset_after_fork)


async def aclose_pool(http: httpx.AsyncClient) -> None:
    """Close an async pool. On another event loop than its own, or once that loop has ended,
    its connections cannot be awaited: their sockets are closed directly. Never raises."""
    first = _request._POOL_LOOPS.get(http)
    if first is None or first is _request.current_event_loop():
        try:
            await http.aclose()
            return
        except Exception:  # for example "Event loop is closed": release what can be
            pass
    drop_connections(http)
    http._state = ClientState.CLOSED


class _ClientBound:
    """What belongs to a client's connection pool: a copy (shallow or deep) shares the pool, a
    pickle is refused with ``SDK_ERROR``, as the client's own is."""

    def __reduce_ex__(self, protocol: SupportsIndex) -> NoReturn:
        # A connection pool and its sockets cannot travel to another process.
        raise sdk_error(
            f"a {type(self).__name__} cannot be pickled: make a client in each process from "
            "its arguments (models pickle as they are)"
        )

    def __copy__(self) -> Self:
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        return copy

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        return self.__copy__()
