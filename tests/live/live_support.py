"""Helpers of the wire-fidelity suite (imported by name; the name is unique in the tree)."""

from __future__ import annotations

import inspect
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import httpx
from skytells_orchestrator import AsyncSkytells, Skytells

if TYPE_CHECKING:
    from skytells_orchestrator.local import LocalOrchestrator

T = TypeVar("T")
SESSION_COOKIE = "better-auth.session_token"
# Generous: a real server runs each step through a queue.
RUN_TIMEOUT = 120.0


@dataclass
class Target:
    """The Orchestrator under test; ``local`` is the local server when that is the target."""

    base_url: str
    api_key: str
    session_token: str
    local: LocalOrchestrator | None

    @property
    def is_local(self) -> bool:
        return self.local is not None

    def http(self, *, session: bool = True) -> httpx.Client:
        """Plain HTTP as the target's user (the session cookie, no key), for raw requests."""
        cookies = {SESSION_COOKIE: self.session_token} if session else {}
        return httpx.Client(base_url=self.base_url, cookies=cookies, timeout=30.0)


def unique(prefix: str) -> str:
    """A name no other run uses, recognisable as the suite's."""
    return f"sdk-live {prefix} {uuid.uuid4().hex[:10]}"


def make_client(target: Target, kind: str, **options: Any) -> Skytells | AsyncSkytells:
    arguments: dict[str, Any] = {
        "orchestrator_api_key": target.api_key,
        "orchestrator_base_url": target.base_url,
        "orchestrator_session_token": target.session_token,
        **options,
    }
    return Skytells(**arguments) if kind == "sync" else AsyncSkytells(**arguments)


async def close_client(client: Skytells | AsyncSkytells) -> None:
    if isinstance(client, AsyncSkytells):
        await client.aclose()
    else:
        client.close()


async def resolve(value: T) -> Any:
    """Await the async client's coroutines; pass the sync client's results through."""
    if inspect.isawaitable(value):
        return await value
    return value


def webhook_trigger(node_id: str = "trigger") -> dict[str, Any]:
    """A Webhook trigger node as the dashboard writes it (safe to run on any server)."""
    return {
        "id": node_id,
        "type": "trigger",
        "position": {"x": 0, "y": 0},
        "data": {
            "label": "Webhook",
            "description": "",
            "type": "trigger",
            "config": {"triggerType": "Webhook"},
            "status": "idle",
        },
    }


@dataclass
class Cleanup:
    """What a test created, deleted at its end through plain HTTP (order: runs, then objects)."""

    target: Target
    workflows: list[str] = field(default_factory=list)
    api_keys: list[str] = field(default_factory=list)
    # The editor autosave found before a test changed it: restored (or removed) afterwards.
    autosave: dict[str, Any] | None = None

    def workflow(self, workflow_id: str) -> str:
        self.workflows.append(workflow_id)
        return workflow_id

    def remember_autosave(self) -> None:
        with self.target.http() as http:
            answer = http.get("/api/workflows/current")
            answer.raise_for_status()
            self.autosave = answer.json()

    def run(self) -> None:
        with self.target.http() as http:
            if self.autosave is not None:
                self._restore_autosave(http)
            for workflow_id in self.workflows:
                for _ in range(3):
                    http.delete(f"/api/workflows/{workflow_id}/executions")
                    if http.delete(f"/api/workflows/{workflow_id}").status_code != 500:
                        break
            for key_id in self.api_keys:
                http.delete(f"/api/api-keys/{key_id}")

    def _restore_autosave(self, http: httpx.Client) -> None:
        saved = self.autosave or {}
        if "id" in saved:
            body = {"nodes": saved.get("nodes", []), "edges": saved.get("edges", [])}
            http.post("/api/workflows/current", json=body)
            return
        # There was none: the autosave the test made is a workflow row of its own.
        current = http.get("/api/workflows/current").json()
        if isinstance(current, dict) and isinstance(current.get("id"), str):
            http.delete(f"/api/workflows/{current['id']}")
