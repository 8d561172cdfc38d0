"""``skytells-orchestrator integrations …``: stored credentials for the services workflows use."""

from __future__ import annotations

from typing import Any

import click

from .._redact import mask_key
from ._context import State, json_option, pass_state, read_json_object
from ._output import styled

LIST_COLUMNS = [
    ("ID", "id"),
    ("Name", "name"),
    ("Type", "type"),
    ("Managed", "isManaged"),
    ("Updated", "updatedAt"),
]
FIELDS = [("ID", "id"), ("Name", "name"), ("Type", "type"), ("Updated", "updatedAt")]
CONFIG_HELP = "Credentials as a JSON object, @file.json, or '-' for stdin."


def masked(config: Any) -> Any:
    """Config as shown on a terminal: every string at every depth (in objects and lists) cut
    to its first characters; ``--json`` prints the values whole.

    >>> masked({"connection": {"password": "hunter2-long"}, "urls": ["postgres://u:S@h/db"]})
    {'connection': {'password': 'hunt…'}, 'urls': ['post…']}
    """
    if isinstance(config, dict):
        return {key: masked(value) for key, value in config.items()}
    if isinstance(config, list):
        return [masked(value) for value in config]
    if isinstance(config, str) and config:
        return mask_key(config)
    return config


def _show(state: State, integration: Any, title: str) -> None:
    out = state.output
    if out.json:
        out.document(integration)
        return
    data = integration.to_dict()
    fields = FIELDS
    if "config" in data:
        data["config"] = masked(data["config"])
        fields = [*FIELDS, ("Config", "config")]
    out.summary(data, fields, title=title)


def _show_test(state: State, result: Any) -> None:
    """The outcome of a credentials test; exit 1 when the service refused them."""
    out = state.output
    if out.json:
        out.document(result)
    else:
        style = "green" if result.status == "success" else "red"
        out.text(styled((str(result.status), style), f": {result.message}"))
    if result.status != "success":
        raise click.exceptions.Exit(1)


@click.group()
def integrations() -> None:
    """Integrations: credentials of Slack, email, databases, … used by workflow steps."""


@integrations.command("list")
@click.option("--type", "type_", metavar="TYPE", help="Only integrations of this type.")
@json_option
@pass_state
def list_integrations(state: State, type_: str | None) -> None:
    """Integrations (their config is never listed)."""
    found = state.orchestrator.integrations.list(type=type_)
    if state.output.json:
        state.output.document(found)
    else:
        state.output.table(found, LIST_COLUMNS, title="Integrations")


@integrations.command()
@click.argument("integration_id")
@json_option
@pass_state
def get(state: State, integration_id: str) -> None:
    """One integration with its config (values masked on a terminal, whole in JSON)."""
    _show(state, state.orchestrator.integrations.get(integration_id), "Integration")


@integrations.command()
@click.option("--type", "type_", required=True, metavar="TYPE", help="slack, resend, database…")
@click.option("--config", "config", required=True, metavar="JSON|@FILE|-", help=CONFIG_HELP)
@click.option("--name", help="A name to tell it apart.")
@json_option
@pass_state
def create(state: State, type_: str, config: str, name: str | None) -> None:
    """Store credentials."""
    values = read_json_object(config, "--config")
    created = state.orchestrator.integrations.create(type=type_, config=values, name=name)
    _show(state, created, "Created")


@integrations.command()
@click.argument("integration_id")
@click.option("--name", help="New name.")
@click.option("--config", "config", metavar="JSON|@FILE|-", help=CONFIG_HELP)
@json_option
@pass_state
def update(state: State, integration_id: str, name: str | None, config: str | None) -> None:
    """Change an integration's name and/or config."""
    if name is None and config is None:
        raise click.UsageError("nothing to change: give --name or --config")
    values = read_json_object(config, "--config") if config is not None else None
    updated = state.orchestrator.integrations.update(integration_id, name=name, config=values)
    _show(state, updated, "Updated")


@integrations.command()
@click.argument("integration_id")
@json_option
@pass_state
def delete(state: State, integration_id: str) -> None:
    """Remove an integration."""
    state.orchestrator.integrations.delete(integration_id)
    if state.output.json:
        state.output.document({"id": integration_id, "deleted": True})
    else:
        state.output.text(f"Deleted integration {integration_id}")


@integrations.command()
@click.argument("integration_id")
@json_option
@pass_state
def test(state: State, integration_id: str) -> None:
    """Check stored credentials against their service; exit 1 when refused."""
    _show_test(state, state.orchestrator.integrations.test(integration_id))


@integrations.command("test-config")
@click.option("--type", "type_", required=True, metavar="TYPE", help="The integration type.")
@click.option("--config", "config", required=True, metavar="JSON|@FILE|-", help=CONFIG_HELP)
@json_option
@pass_state
def test_config(state: State, type_: str, config: str) -> None:
    """Check credentials without saving them; exit 1 when refused."""
    values = read_json_object(config, "--config")
    _show_test(state, state.orchestrator.integrations.test_config(type=type_, config=values))
