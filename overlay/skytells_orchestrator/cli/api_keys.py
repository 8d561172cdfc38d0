"""``skytells-orchestrator api-keys …``: the ``wfb_`` keys that authenticate webhooks.

Only ``create`` ever prints a key, and only the one it just made: the server shows it once.
"""

from __future__ import annotations

import click

from ._context import State, json_option, pass_state

LIST_COLUMNS = [
    ("ID", "id"),
    ("Name", "name"),
    ("Prefix", "keyPrefix"),
    ("Created", "createdAt"),
    ("Last used", "lastUsedAt"),
]
STORE_NOTE = "Store this key now: it is shown only once and cannot be read again."


@click.group("api-keys")
def api_keys() -> None:
    """Webhook keys (wfb_…)."""


@api_keys.command("list")
@json_option
@pass_state
def list_keys(state: State) -> None:
    """Keys, newest first, by their first 11 characters only."""
    found = state.orchestrator.api_keys.list()
    if state.output.json:
        state.output.document(found)
    else:
        state.output.table(found, LIST_COLUMNS, title="API keys")


@api_keys.command()
@click.option("--name", help="A name to tell the key apart (e.g. the service using it).")
@json_option
@pass_state
def create(state: State, name: str | None) -> None:
    """Create a key and print it, once."""
    created = state.orchestrator.api_keys.create(name=name)
    out = state.output
    if out.json:
        out.document(created)
    else:
        out.summary(
            created, [("ID", "id"), ("Name", "name"), ("Key", "key")], title="Created API key"
        )
    out.note(STORE_NOTE)


@api_keys.command()
@click.argument("key_id")
@json_option
@pass_state
def delete(state: State, key_id: str) -> None:
    """Revoke a key (by its id, not its value)."""
    state.orchestrator.api_keys.delete(key_id)
    if state.output.json:
        state.output.document({"id": key_id, "deleted": True})
    else:
        state.output.text(f"Deleted API key {key_id}")
