"""``HeldSteps``: a run of the local server seen node by node (the ``held_steps`` fixture of
tests/conftest.py; imported by name, as pytest puts this folder on sys.path)."""

from __future__ import annotations

import threading


class HeldSteps:
    """Each workflow node a local server of this process starts stays ``running`` until the
    test lets it finish: what a test must see of a run in progress is there however late its
    polls come (a ``step_delay`` only makes that likely)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._allowed = 0
        self._free = False

    def release(self, count: int = 1) -> None:
        """Let ``count`` more nodes finish: those waiting, else the next ones to start."""
        with self._lock:
            self._allowed += count

    def release_all(self) -> None:
        """Let every node finish, now and from now on."""
        with self._lock:
            self._free = True

    def take(self) -> bool:
        """The server's side: True when the node asking may finish (one permit used)."""
        with self._lock:
            if self._free:
                return True
            if self._allowed:
                self._allowed -= 1
                return True
            return False
