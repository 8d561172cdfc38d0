"""The root ``skytells-orchestrator`` group: global options, then one group per sub-resource."""

from __future__ import annotations

import click

from .._version import __version__
from ._context import FiniteFloat, State
from .ai import ai
from .api_keys import api_keys
from .blocks import blocks
from .executions import executions
from .integrations import integrations
from .serve import serve
from .user import user
from .webhooks import webhooks
from .workflow_files import COMMANDS as WORKFLOW_FILE_COMMANDS
from .workflows import workflows

PROG_NAME = "skytells-orchestrator"


class ClosedPipe(Exception):
    """The reader of stdout went away (``… | head``): the command ends quietly."""


class _Root(click.Group):
    """The root group; a closed pipe becomes :class:`ClosedPipe`, since Click would turn it
    into ``sys.exit(1)``."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise ClosedPipe from None


@click.group(
    cls=_Root,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    no_args_is_help=True,
)
@click.version_option(__version__, prog_name=PROG_NAME)
@click.option(
    "--api-key",
    envvar="ORCHESTRATOR_API_KEY",
    show_envvar=True,
    metavar="wfb_…",
    help="The workflow key.",
)
@click.option(
    "--base-url",
    envvar="ORCHESTRATOR_BASE_URL",
    show_envvar=True,
    metavar="URL",
    help="The Orchestrator [default: https://orchestrator.skytells.ai].",
)
@click.option(
    "--session-token",
    envvar="ORCHESTRATOR_SESSION_TOKEN",
    show_envvar=True,
    metavar="TOKEN",
    help="The browser session cookie's value, for management routes on the hosted service.",
)
@click.option(
    "--timeout",
    type=FiniteFloat(positive=True),
    help="Seconds one request may take [default: the SDK's].",
)
@click.option(
    "--max-retries",
    type=click.IntRange(min=0),
    help="Retries of a failed request that is safe to repeat [default: 2].",
)
@click.option(
    "--json",
    "force_json",
    is_flag=True,
    help="Print JSON (the default when stdout is not a terminal).",
)
@click.pass_context
def root(
    ctx: click.Context,
    api_key: str | None,
    base_url: str | None,
    session_token: str | None,
    timeout: float | None,
    max_retries: int | None,
    force_json: bool,
) -> None:
    """The Skytells Orchestrator from the shell: workflows, runs, webhooks and more.

    Output is a table on a terminal and JSON in a pipe (or with --json). Exit status: 0 on
    success, 1 for an API or network error (or a run that did not succeed), 2 for a usage
    error.
    """
    state = State(
        api_key=api_key,
        base_url=base_url,
        session_token=session_token,
        timeout=timeout,
        max_retries=max_retries,
        force_json=force_json,
    )
    ctx.obj = state
    ctx.call_on_close(state.close)


for command in (workflows, executions, webhooks, integrations, api_keys, ai, user, serve, blocks):
    root.add_command(command)
for command in WORKFLOW_FILE_COMMANDS:
    workflows.add_command(command)
