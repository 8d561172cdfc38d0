"""Runs the Click app and turns every outcome into an exit status and at most one line.

0 success; 1 an API or network error (``error: <message> (<error_id>)`` on stderr) or a run
that did not succeed; 2 a usage error, including input the SDK refuses before sending
(``SDK_ERROR``, and a graph or body refused by its checks); 141 (as ``git`` does) when the
reader of stdout went away, without a word. No traceback reaches the user.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from .._errors import InvalidWorkflowError, SkytellsError
from ._app import PROG_NAME, ClosedPipe, root
from ._context import ConfigurationError
from ._output import discard_stdout, error, note

CLOSED_PIPE = 141  # 128 + SIGPIPE, the status of `git log | head` and of most shell tools


def refused_before_sending(exc: SkytellsError) -> bool:
    """Whether the SDK refused what it was given before sending anything: a usage error.

    ``SDK_ERROR`` (a bad id, value or option) and :class:`InvalidWorkflowError` (a graph or a
    webhook body refused by its checks) describe the user's input, not the server.
    """
    return exc.error_id == "SDK_ERROR" or isinstance(exc, InvalidWorkflowError)


def run(argv: Sequence[str] | None) -> int:
    """Run ``root`` on ``argv`` (``sys.argv[1:]`` when ``None``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    for arg in args:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            error(f"argument {arg!r} is not valid UTF-8")
            return 2
    try:
        result = root.main(args=args, prog_name=PROG_NAME, standalone_mode=False)
    except click.UsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError" and exc.ctx is not None:
            # A group given no command: its help, as `git` does.
            note(exc.ctx.get_help())
            return 2
        if isinstance(exc, ConfigurationError):
            error(exc.format_message())
            return 2
        where = exc.ctx.command_path if exc.ctx is not None else PROG_NAME
        error(f"{exc.format_message()} (see '{where} --help')")
        return 2
    except click.ClickException as exc:
        error(exc.format_message())
        return exc.exit_code
    except SkytellsError as exc:
        error(f"{exc.message} ({exc.error_id})")
        return 2 if refused_before_sending(exc) else 1
    except click.Abort as exc:
        for line in getattr(exc.__context__, "__notes__", ()):  # what Ctrl-C interrupted
            note(line)
        note("Aborted.")
        return 130
    except ClosedPipe:
        discard_stdout()
        return CLOSED_PIPE
    except SystemExit as exc:  # main() returns its status, whoever asked to exit
        return exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    except Exception as exc:  # the promise is no traceback, even for a defect of ours
        error(f"unexpected {type(exc).__name__}: {exc}")
        return 1
    return result if isinstance(result, int) else 0
