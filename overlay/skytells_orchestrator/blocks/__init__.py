"""Typed building blocks: one builder per trigger and action of the Orchestrator.

Each builder returns a ``Node`` exactly as the dashboard stores it; its keyword arguments are
the action's config keys in snake_case (required ones required), plus ``label=``, ``id=`` and,
for an action that calls a service, ``integration_id=``. ``ref`` reads an earlier node's
output; ``catalogue()`` lists everything the Orchestrator knows.

>>> from skytells_orchestrator import blocks
>>> hook = blocks.webhook_trigger(id="hook", label="Signup")
>>> post = blocks.slack_send_message(
...     slack_channel="#signups", slack_message=f"New user: {blocks.ref(hook, 'email')}"
... )
>>> post.data.config.to_dict()["slackMessage"]
'New user: {{@hook:Signup.email}}'

The builders are generated from the catalogue (``scripts/generate_blocks.py``).
"""

from __future__ import annotations

from .._catalogue import BlockSpec, Catalogue, ConfigKey, IntegrationSpec
from .._catalogue import load as _load
from ._builders import *  # noqa: F403
from ._builders import __all__ as _builders
from ._node import JsonText, ref


def catalogue() -> Catalogue:
    """Every trigger, action and integration type the Orchestrator knows.

    Read from the data file shipped with the package, once.

    >>> spec = catalogue().find("HTTP Request")
    >>> spec.builder, spec.required_keys, spec.outputs
    ('http_request', ('endpoint',), ('data', 'status'))

    Returns:
        The catalogue.
    """
    return _load()


__all__ = [
    "BlockSpec",
    "Catalogue",
    "ConfigKey",
    "IntegrationSpec",
    "JsonText",
    "catalogue",
    "ref",
    *_builders,
]
