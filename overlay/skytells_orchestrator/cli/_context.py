"""What every command shares: the global options, the client built from them, input parsing.

The client is built only when a command first needs it, through :class:`State`, so that
``--help``, ``serve`` and usage errors never touch keys or the network.
"""

from __future__ import annotations

import ipaddress
import json
import math
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import click

from .._client import Orchestrator, Skytells
from .._errors import SkytellsError
from ._output import Output, note

__all__ = [
    "FiniteFloat",
    "State",
    "json_option",
    "pass_state",
    "read_json",
    "read_json_object",
]

F = TypeVar("F", bound=Callable[..., Any])


LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine (``localhost``, ``127.0.0.1``, ``[::1]``…).

    >>> is_loopback("[::1]"), is_loopback("orchestrator.skytells.ai")
    (True, False)
    """
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class ConfigurationError(click.UsageError):
    """The SDK refused an option (key, URL, timeout…): a usage error, exit 2, SDK's message."""

    def __init__(self, error: SkytellsError | str) -> None:
        if isinstance(error, SkytellsError):
            error = f"{error.message} ({error.error_id})"
        super().__init__(error)


NO_CREDENTIALS = (
    "no credentials: give --api-key wfb_… (or set ORCHESTRATOR_API_KEY) to trigger webhooks, "
    "and --session-token (or ORCHESTRATOR_SESSION_TOKEN) for everything else"
)


if TYPE_CHECKING:
    _FloatType = click.ParamType[float]  # generic only in newer Click releases
else:
    _FloatType = click.ParamType


class FiniteFloat(_FloatType):
    """A finite number, not negative (``positive`` excludes 0 too): no ``nan``, no ``inf``.

    >>> FiniteFloat(positive=True).convert("2.5", None, None)
    2.5
    """

    name = "seconds"

    def __init__(self, *, positive: bool = False) -> None:
        self.positive = positive

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, float):
            number = value
        else:
            try:
                number = float(value)
            except (TypeError, ValueError):
                self.fail(f"{value!r} is not a number", param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        if self.positive and number <= 0:
            self.fail(f"{value!r} must be greater than 0", param, ctx)
        if number < 0:
            self.fail(f"{value!r} must not be negative", param, ctx)
        return number


class State:
    """The global options of one invocation and the client they describe."""

    def __init__(
        self,
        *,
        api_key: str | None,
        base_url: str | None,
        session_token: str | None,
        timeout: float | None,
        max_retries: int | None,
        force_json: bool,
    ) -> None:
        self._options: dict[str, Any] = {
            "orchestrator_api_key": api_key,
            "orchestrator_base_url": base_url,
            "orchestrator_session_token": session_token,
        }
        if timeout is not None:
            self._options["timeout"] = timeout
        if max_retries is not None:
            self._options["max_retries"] = max_retries
        self.output = Output(force_json)
        self._client: Skytells | None = None

    @property
    def has_key(self) -> bool:
        return bool(self._options["orchestrator_api_key"])

    @property
    def has_session(self) -> bool:
        return bool(self._options["orchestrator_session_token"])

    @property
    def local_server(self) -> bool:
        """Whether the Orchestrator runs on this machine (``serve``): it accepts the ``wfb_``
        key where the hosted service needs a session."""
        url = self._options["orchestrator_base_url"]
        try:
            host = urlsplit(url).hostname if url else None
        except ValueError:
            return False
        return host is not None and is_loopback(host)

    def force_json(self) -> None:
        """``--json`` given after the command name."""
        self.output = Output(True)

    @property
    def orchestrator(self) -> Orchestrator:
        """The client's sub-resources; the SDK's own checks turn into usage errors."""
        if self._client is None:
            if not self.has_key and not self.has_session:
                raise ConfigurationError(NO_CREDENTIALS)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    client = Skytells(**self._options)
                except SkytellsError as error:
                    raise ConfigurationError(error) from None
            for warning in caught:
                note(f"warning: {warning.message}")
            self._client = client
        try:
            return self._client.orchestrator
        except SkytellsError as error:
            raise ConfigurationError(error) from None

    def close(self) -> None:
        if self._client is not None:
            self._client.close()


pass_state = click.make_pass_decorator(State)


def _set_json(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.find_object(State).force_json()  # type: ignore[union-attr]


def json_option(function: F) -> F:
    """``--json`` on a command too, so that ``workflows list --json`` works like the global one."""
    option = click.option(
        "--json",
        "json_output",
        is_flag=True,
        expose_value=False,
        callback=_set_json,
        help="Print JSON (the default when stdout is not a terminal).",
    )
    return option(function)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


# The hosted service refuses request bodies over 4.5 MB: larger input is refused before it is
# sent, and never read whole into memory.
MAX_INPUT_BYTES = 4_500_000


def _read_bounded(read: Callable[[int], bytes], origin: str, param_hint: str) -> str:
    data = read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise click.BadParameter(
            f"{origin} holds more than {MAX_INPUT_BYTES} bytes, the most the server accepts",
            param_hint=param_hint,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise click.BadParameter(f"{origin} is not UTF-8: {exc}", param_hint=param_hint) from None


def _read_stdin(param_hint: str) -> str:
    stream = sys.stdin
    binary = getattr(stream, "buffer", None)
    try:
        if binary is not None:
            return _read_bounded(binary.read, "stdin", param_hint)
        if stream is None:
            raise ValueError("there is no standard input")
        text = stream.read(MAX_INPUT_BYTES + 1)
        return _read_bounded(lambda _: text.encode("utf-8", "surrogatepass"), "stdin", param_hint)
    except (OSError, ValueError) as exc:
        raise click.BadParameter(f"cannot read stdin: {exc}", param_hint=param_hint) from None


def read_json(source: str, param_hint: str) -> Any:
    """JSON from ``-`` (stdin), ``@path`` (a file) or the text itself; strict (no ``NaN``),
    at most 4.5 MB (``MAX_INPUT_BYTES``, what the server accepts), read with that bound.

    >>> read_json('{"plan": "pro"}', "--data")
    {'plan': 'pro'}
    """
    if source == "-":
        text = _read_stdin(param_hint)
        origin = "stdin"
    elif source.startswith("@"):
        path = Path(source[1:])
        try:
            with path.open("rb") as file:
                text = _read_bounded(file.read, str(path), param_hint)
        except OSError as exc:
            raise click.BadParameter(f"cannot read {path}: {exc}", param_hint=param_hint) from None
        origin = str(path)
    else:
        text = _read_bounded(lambda _: source.encode("utf-8"), "the value", param_hint)
        origin = "the value"
    try:
        return json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        raise click.BadParameter(
            f"{origin} is not valid JSON: {exc}", param_hint=param_hint
        ) from None


def read_json_object(source: str, param_hint: str) -> dict[str, Any]:
    """Like :func:`read_json`, and the document must be an object."""
    value = read_json(source, param_hint)
    if not isinstance(value, dict):
        raise click.BadParameter(
            f"must be a JSON object, got {type(value).__name__}", param_hint=param_hint
        )
    return value
