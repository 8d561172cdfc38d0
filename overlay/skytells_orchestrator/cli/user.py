"""``skytells-orchestrator user …``: the signed-in user's profile."""

from __future__ import annotations

import click

from ._context import State, json_option, pass_state

FIELDS = [
    ("ID", "id"),
    ("Name", "name"),
    ("Email", "email"),
    ("Anonymous", "isAnonymous"),
    ("Provider", "providerId"),
]


@click.group()
def user() -> None:
    """The signed-in user."""


@user.command()
@json_option
@pass_state
def get(state: State) -> None:
    """The user's profile."""
    found = state.orchestrator.user.get()
    if state.output.json:
        state.output.document(found)
    else:
        state.output.summary(found, FIELDS)


@user.command()
@click.option("--name", help="New display name.")
@click.option("--email", help="New email address.")
@json_option
@pass_state
def update(state: State, name: str | None, email: str | None) -> None:
    """Change the name and/or email (refused for users of an OAuth provider)."""
    if name is None and email is None:
        raise click.UsageError("nothing to change: give --name or --email")
    state.orchestrator.user.update_profile(name=name, email=email)
    changed = {key: value for key, value in (("name", name), ("email", email)) if value is not None}
    if state.output.json:
        state.output.document({"updated": True, **changed})
    else:
        state.output.text(
            "Updated the profile: " + ", ".join(f"{k}={v}" for k, v in changed.items())
        )
