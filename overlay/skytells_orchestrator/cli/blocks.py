"""``skytells-orchestrator blocks …``: the catalogue of triggers and actions, offline.

Nothing here talks to a server: the catalogue ships with the package.
"""

from __future__ import annotations

from typing import Any

import attrs
import click

from .._catalogue import BlockSpec, load
from ._context import State, json_option, pass_state

LIST_COLUMNS = [
    ("Type", "type"),
    ("Category", "category"),
    ("Builder", "builder"),
    ("Required", "required"),
    ("Integration", "integration"),
]
CONFIG_COLUMNS = [
    ("Key", "key"),
    ("Argument", "argument"),
    ("Type", "type"),
    ("Required", "required"),
    ("Default", "default"),
    ("Options", "options"),
]


def _row(spec: BlockSpec) -> dict[str, Any]:
    row = attrs.asdict(spec)
    row["builder"] = f"blocks.{spec.builder}"
    row["required"] = list(spec.required_keys)
    return row


def _human(row: dict[str, Any]) -> dict[str, Any]:
    """Lists as ``a, b`` for a table (JSON keeps them as lists)."""
    return {
        key: ", ".join(str(item) for item in value) if isinstance(value, list | tuple) else value
        for key, value in row.items()
    }


def _find(type_name: str) -> BlockSpec:
    catalogue = load()
    spec = catalogue.find(type_name)
    if spec is None:  # a builder's name finds its block too
        name = type_name.removeprefix("blocks.")
        spec = next(
            (s for s in (*catalogue.triggers, *catalogue.actions) if s.builder == name), None
        )
    if spec is None:
        raise click.BadParameter(
            f"{type_name!r} is not a trigger or action type; `blocks list` shows them all",
            param_hint="ACTION_TYPE",
        )
    return spec


@click.group("blocks")
def blocks() -> None:
    """The triggers and actions a workflow can use, with their config and outputs."""


@blocks.command("list")
@click.option(
    "--category",
    metavar="C",
    help="Only this category (Trigger, System, Slack, ...; any case).",
)
@json_option
@pass_state
def list_blocks(state: State, category: str | None) -> None:
    """Every trigger and action type, with its Python builder."""
    catalogue = load()
    specs = [*catalogue.triggers, *catalogue.actions]
    if category is not None:
        known = {name.casefold(): name for name in catalogue.categories}
        if category.casefold() not in known:
            raise click.BadParameter(
                f"{category!r} is not a category; one of: {', '.join(catalogue.categories)}",
                param_hint="--category",
            )
        specs = [spec for spec in specs if spec.category == known[category.casefold()]]
    rows = [_row(spec) for spec in specs]
    if state.output.json:
        state.output.document(rows)
    else:
        state.output.table([_human(row) for row in rows], LIST_COLUMNS, title="Blocks")


@blocks.command()
@click.argument("action_type")
@json_option
@pass_state
def show(state: State, action_type: str) -> None:
    """One block: its config keys (required or not), outputs and Python builder.

    ACTION_TYPE is an action type (``slack/send-message``), a legacy name, a trigger type
    (``Webhook``) or a builder's name (``slack_send_message``).
    """
    spec = _find(action_type)
    row = _row(spec)
    out = state.output
    if out.json:
        out.document(row)
        return
    out.summary(
        _human(row),
        [
            ("Type", "type"),
            ("Label", "label"),
            ("Category", "category"),
            ("Integration", "integration"),
            ("Legacy names", "legacy_names"),
            ("Builder", "builder"),
            ("Outputs", "outputs"),
        ],
        title=f"{spec.kind.capitalize()} {spec.type}",
    )
    out.table([_human(item) for item in row["config"]], CONFIG_COLUMNS, title="Config")
