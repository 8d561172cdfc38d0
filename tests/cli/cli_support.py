"""Helpers shared by the command-line tests (imported by name: pytest puts this folder on
sys.path, and the name is unique across the test tree)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from skytells_orchestrator.cli import main

NODES = [
    {
        "id": "signup",
        "type": "trigger",
        "position": {"x": 0, "y": 0},
        "data": {"label": "New signup", "type": "trigger", "config": {"triggerType": "Webhook"}},
    },
    {
        "id": "welcome",
        "type": "action",
        "position": {"x": 0, "y": 120},
        "data": {
            "label": "Send welcome",
            "type": "action",
            "config": {"actionType": "HTTP Request", "endpoint": "https://api.example.com/welcome"},
        },
    },
]
EDGES = [{"id": "signup-welcome", "source": "signup", "target": "welcome"}]


class Result:
    """What one run of the command printed, and its exit status."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self) -> Any:
        return json.loads(self.out)

    def lines(self) -> list[Any]:
        return [json.loads(line) for line in self.out.splitlines()]

    def __repr__(self) -> str:
        return f"Result(code={self.code}, out={self.out[:300]!r}, err={self.err[:300]!r})"


class Runner:
    """Runs ``skytells-orchestrator ARGS…`` through the real ``main``."""

    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
        self._capsys = capsys
        self._monkeypatch = monkeypatch

    def __call__(self, *args: str, stdin: str | None = None) -> Result:
        self._capsys.readouterr()
        if stdin is not None:
            self._monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(list(args))
        captured = self._capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def ok(self, *args: str, stdin: str | None = None) -> Any:
        """Run, expect exit 0, return the parsed JSON document."""
        result = self(*args, stdin=stdin)
        assert result.code == 0, result
        return result.json()
