"""The clients users create: keys, base URL, options, the ``orchestrator`` namespace, lifecycle."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from functools import cached_property
from types import TracebackType
from typing import Any, Final, Generic, Self, TypeVar

import httpx

from ._errors import SkytellsError, sdk_error
from ._pools import _ClientBound, aclose_pool, track
from ._redact import mask_key
from ._request import DEFAULT_TIMEOUT, AsyncRequester, Settings, SyncRequester, httpx_timeout
from ._transport import (
    DEFAULT_BASE_URL,
    OrchestratorAuth,
    check_base_url,
    check_flag,
    check_headers,
    check_orchestrator_key,
    check_seconds,
    display_url,
    is_loopback,
    request_headers,
    session_token_value,
    strip_platform_key,
)

H = TypeVar("H", httpx.Client, httpx.AsyncClient)
HT = TypeVar("HT", httpx.HTTPTransport, httpx.AsyncHTTPTransport)


class _NotGiven:
    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = _NotGiven()
"""The default of a `with_options` argument that keeps the client's own value."""
# Connections kept for reuse; a backend that fans out triggers benefits from a deeper pool.
DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)
# More retries than this only repeat a failure for minutes; a huge value is a mistake.
MAX_RETRIES_LIMIT = 50
# What httpx reads from the environment when trust_env is on (proxies and certificates).
PROXY_VARIABLES = ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY")
CERTIFICATE_VARIABLES = ("SSL_CERT_FILE", "SSL_CERT_DIR")


def _env(value: str | None, name: str) -> str | None:
    if value is not None:
        return value
    found = os.environ.get(name, "").strip()
    return found or None


@contextlib.contextmanager
def _named_variable(given: object, variable: str) -> Iterator[None]:
    """A value read from the environment that is refused names its variable."""
    try:
        yield
    except SkytellsError as exc:
        if given is not None or not os.environ.get(variable, "").strip():
            raise
        raise sdk_error(f"{variable} (from the environment): {exc.message}") from exc


def _check_timeout(timeout: object, name: str = "timeout") -> float | httpx.Timeout:
    if isinstance(timeout, httpx.Timeout):
        for phase in ("connect", "read", "write", "pool"):
            value = getattr(timeout, phase)
            if value is not None:
                check_seconds(value, f"{name}.{phase}")
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise sdk_error(
            f"{name} must be a number of seconds or an httpx.Timeout, got {type(timeout).__name__}"
        )
    return check_seconds(timeout, name)


def _check_retries(max_retries: object) -> int:
    if (
        isinstance(max_retries, bool)
        or not isinstance(max_retries, int)
        or not 0 <= max_retries <= MAX_RETRIES_LIMIT
    ):
        huge = (
            isinstance(max_retries, int) and abs(max_retries) > 10**30
        )  # no repr past 4300 digits
        raise sdk_error(
            f"max_retries must be an integer from 0 to {MAX_RETRIES_LIMIT}, "
            f"got {'a larger integer' if huge else repr(max_retries)}"
        )
    return max_retries


def _check_platform_key(key: object) -> str | None:
    if key is not None and not isinstance(key, str):
        raise sdk_error(f"api_key must be a string, got {type(key).__name__}")
    if key is not None and key.strip().startswith("wfb_"):
        raise sdk_error(
            "api_key looks like a workflow key (wfb_…), which the Orchestrator needs as "
            "orchestrator_api_key: pass Skytells(orchestrator_api_key='wfb_…'); api_key is "
            "the platform key (sk-…)."
        )
    return key


def _environment_error(exc: Exception, trust_env: bool) -> Exception:
    """``SDK_ERROR`` for an HTTP client that cannot be set up from the environment, naming the
    variables that were read (proxies and certificates), with credentials masked."""
    if not trust_env:
        return sdk_error(f"cannot set up the HTTP client: {exc}")
    names = PROXY_VARIABLES if not isinstance(exc, OSError) else CERTIFICATE_VARIABLES
    found = [
        f"{variable}={display_url(os.environ[variable])!r}"
        for name in names
        for variable in (name, name.lower())
        if os.environ.get(variable)
    ]
    origin = ", ".join(found) if found else "the proxy and certificate environment variables"
    return sdk_error(
        f"cannot set up the HTTP client from the environment ({origin}): "
        f"{type(exc).__name__}: {exc}. Fix or unset the variable, or pass trust_env=False."
    )


class _Options:
    """The validated construction arguments, shared by both clients and their copies."""

    def __init__(
        self,
        api_key: str | None,
        orchestrator_api_key: str | None,
        orchestrator_base_url: str | None,
        orchestrator_session_token: str | None,
        headers: Mapping[str, str] | None,
        timeout: float | httpx.Timeout,
        max_retries: int,
        allow_insecure_http: bool,
        follow_redirects: bool,
        trust_env: bool,
    ) -> None:
        with _named_variable(api_key, "SKYTELLS_API_KEY"):
            self.api_key = _check_platform_key(_env(api_key, "SKYTELLS_API_KEY"))
        with _named_variable(orchestrator_api_key, "ORCHESTRATOR_API_KEY"):
            self.orchestrator_api_key = check_orchestrator_key(
                _env(orchestrator_api_key, "ORCHESTRATOR_API_KEY")
            )
        insecure = check_flag(allow_insecure_http, "allow_insecure_http")
        with _named_variable(orchestrator_base_url, "ORCHESTRATOR_BASE_URL"):
            self.base_url = check_base_url(
                _env(orchestrator_base_url, "ORCHESTRATOR_BASE_URL") or DEFAULT_BASE_URL,
                allow_insecure_http=insecure,
            )
        self.session_token = session_token_value(orchestrator_session_token)
        shared = check_headers(headers)
        # The platform key must never reach the Orchestrator, even through shared headers.
        strip_platform_key(shared)
        self.headers: dict[str, str] = dict(shared.items())
        self.timeout = _check_timeout(timeout)
        self.max_retries = _check_retries(max_retries)
        self.follow_redirects = check_flag(follow_redirects, "follow_redirects")
        self.trust_env = check_flag(trust_env, "trust_env")

    def settings(self) -> Settings:
        if self.orchestrator_api_key is None and self.session_token is None:
            raise sdk_error(
                "no Orchestrator credentials: pass orchestrator_api_key='wfb_…' (or set "
                "ORCHESTRATOR_API_KEY) to trigger webhooks, and orchestrator_session_token "
                "for everything else"
            )
        return Settings(
            base_url=self.base_url,
            auth=OrchestratorAuth(self.orchestrator_api_key, self.session_token),
            headers=self.headers,
            timeout=self.timeout,
            max_retries=self.max_retries,
            follow_redirects=self.follow_redirects,
        )

    def copy(
        self, timeout: float | httpx.Timeout | _NotGiven, max_retries: int | _NotGiven
    ) -> _Options:
        clone = object.__new__(_Options)
        clone.__dict__.update(self.__dict__)
        if not isinstance(timeout, _NotGiven):
            clone.timeout = _check_timeout(timeout)
        if not isinstance(max_retries, _NotGiven):
            clone.max_retries = _check_retries(max_retries)
        return clone

    def describe(self, name: str) -> str:
        return (
            f"{name}(orchestrator_base_url={display_url(self.base_url)!r}, "
            f"orchestrator_api_key={mask_key(self.orchestrator_api_key)!r}, "
            f"api_key={mask_key(self.api_key)!r}, "
            f"orchestrator_session_token={'<set>' if self.session_token else '<none>'}, "
            f"timeout={self.timeout!r}, max_retries={self.max_retries})"
        )


class Orchestrator(_ClientBound):
    """The Orchestrator's sub-resources of a synchronous client, as ``client.orchestrator``.

    Made by [`Skytells.orchestrator`][skytells_orchestrator.Skytells.orchestrator]; not
    meant to be built directly.

    Args:
        requester: What sends the calls (the client's pool, key and options).

    Attributes:
        workflows (Workflows): Create, read, change, copy, run and export workflows.
        executions (Executions): Runs of a workflow: status, logs, waiting, deletion.
        webhooks (Webhooks): Trigger workflows with the ``wfb_`` key.
        integrations (Integrations): Stored credentials for the services nodes call.
        api_keys (ApiKeys): The ``wfb_`` keys that authenticate webhooks.
        ai (Ai): Workflows generated from a prompt, streamed operation by operation.
        user (UserResource): The signed-in user's profile.
    """

    def __init__(self, requester: SyncRequester) -> None:
        # Imported with the first client's first call, not with the package: the resources
        # bring every operation and model.
        from .resources.ai import Ai
        from .resources.api_keys import ApiKeys
        from .resources.executions import Executions
        from .resources.integrations import Integrations
        from .resources.user import UserResource
        from .resources.webhooks import Webhooks
        from .resources.workflows import Workflows

        self.workflows = Workflows(requester)
        self.executions = Executions(requester)
        self.webhooks = Webhooks(requester)
        self.integrations = Integrations(requester)
        self.api_keys = ApiKeys(requester)
        self.ai = Ai(requester)
        self.user = UserResource(requester)


class AsyncOrchestrator(_ClientBound):
    """The Orchestrator's sub-resources of an asynchronous client, as ``client.orchestrator``.

    Made by [`AsyncSkytells.orchestrator`][skytells_orchestrator.AsyncSkytells.orchestrator];
    not meant to be built directly.

    Args:
        requester: What sends the calls (the client's pool, key and options).

    Attributes:
        workflows (AsyncWorkflows): Create, read, change, copy, run and export workflows.
        executions (AsyncExecutions): Runs of a workflow: status, logs, waiting, deletion.
        webhooks (AsyncWebhooks): Trigger workflows with the ``wfb_`` key.
        integrations (AsyncIntegrations): Stored credentials for the services nodes call.
        api_keys (AsyncApiKeys): The ``wfb_`` keys that authenticate webhooks.
        ai (AsyncAi): Workflows generated from a prompt, streamed operation by operation.
        user (AsyncUserResource): The signed-in user's profile.
    """

    def __init__(self, requester: AsyncRequester) -> None:
        from .resources.ai import AsyncAi
        from .resources.api_keys import AsyncApiKeys
        from .resources.executions import AsyncExecutions
        from .resources.integrations import AsyncIntegrations
        from .resources.user import AsyncUserResource
        from .resources.webhooks import AsyncWebhooks
        from .resources.workflows import AsyncWorkflows

        self.workflows = AsyncWorkflows(requester)
        self.executions = AsyncExecutions(requester)
        self.webhooks = AsyncWebhooks(requester)
        self.integrations = AsyncIntegrations(requester)
        self.api_keys = AsyncApiKeys(requester)
        self.ai = AsyncAi(requester)
        self.user = AsyncUserResource(requester)


class _ClientBase(_ClientBound, Generic[H, HT]):
    """Construction, options and repr shared by both clients; ``H`` is the httpx client type,
    ``HT`` its transport type."""

    _http_class: type[H]
    _transport_class: type[HT]
    _options: _Options
    _http: H
    _owns_http: bool
    _closed: bool

    def __init__(
        self,
        api_key: str | None = None,
        *,
        orchestrator_api_key: str | None = None,
        orchestrator_base_url: str | None = None,
        orchestrator_session_token: str | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        http_client: H | None = None,
        allow_insecure_http: bool = False,
        follow_redirects: bool = False,
        trust_env: bool = True,
    ) -> None:
        options = _Options(
            api_key,
            orchestrator_api_key,
            orchestrator_base_url,
            orchestrator_session_token,
            headers,
            timeout,
            max_retries,
            allow_insecure_http,
            follow_redirects,
            trust_env,
        )
        if http_client is not None and not isinstance(http_client, self._http_class):
            raise sdk_error(
                f"http_client must be an {self._http_class.__module__}."
                f"{self._http_class.__name__} for {type(self).__name__}"
            )
        owns_http = http_client is None
        if http_client is None:
            http_client = self._new_http(options)
        self._setup(options, http_client, owns_http)

    def _new_http(self, options: _Options) -> H:
        """The client's own pool. A loopback Orchestrator is never reached through a proxy
        from the environment: the key would travel in clear to the proxy."""
        common: dict[str, Any] = {
            # The SDK's headers are the pool's, so that a call passes none (see _request).
            "headers": request_headers(options.headers),
            "timeout": httpx_timeout(options.timeout),
            "follow_redirects": False,
            "trust_env": options.trust_env,
        }
        try:
            if options.trust_env and is_loopback(httpx.URL(options.base_url).host):
                # httpx reads proxies from the environment only when it builds the transport
                # itself; certificates (SSL_CERT_FILE) are still read by this one.
                transport: Any = self._transport_class(limits=DEFAULT_LIMITS, trust_env=True)
                return self._http_class(transport=transport, **common)
            return self._http_class(limits=DEFAULT_LIMITS, **common)
        except (ImportError, ValueError, OSError, httpx.InvalidURL) as exc:
            raise _environment_error(exc, options.trust_env) from exc

    def _setup(self, options: _Options, http: H, owns_http: bool) -> None:
        self._options = options
        self._http = http
        track(http)
        self._owns_http = owns_http
        self._closed = False

    def _is_closed(self) -> bool:
        return self._closed or self._http.is_closed

    def _shared_copy(self, options: _Options) -> Self:
        # A copy shares the pool but never owns it: closing a copy leaves the original working.
        copy = object.__new__(type(self))
        copy._setup(options, self._http, owns_http=False)
        return copy

    def __copy__(self) -> Self:
        return self._shared_copy(self._options)

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        # A connection pool cannot be duplicated: a deep copy shares it too, without owning it.
        return self._shared_copy(self._options.copy(NOT_GIVEN, NOT_GIVEN))

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | _NotGiven = NOT_GIVEN,
        max_retries: int | _NotGiven = NOT_GIVEN,
    ) -> Self:
        """Make a copy of the client with other timeout or retry options.

        The copy shares this client's connection pool but never owns it: closing the copy
        leaves this client working.

        >>> client.with_options(timeout=5, max_retries=0).orchestrator.user.get()  # doctest: +SKIP

        Args:
            timeout: Seconds (a finite number above 0, at most a week) or an
                ``httpx.Timeout``; this client's when not given.
            max_retries: Retries of a failed request, 0 to 50; this client's when not given.

        Returns:
            The new client, of the same class.

        Raises:
            SkytellsError: ``SDK_ERROR`` for an invalid ``timeout`` or ``max_retries``.
        """
        return self._shared_copy(self._options.copy(timeout, max_retries))

    def __repr__(self) -> str:
        return self._options.describe(type(self).__name__)

    @property
    def base_url(self) -> str:
        """The Orchestrator's base URL, with a name and password in it masked."""
        return display_url(self._options.base_url)

    @property
    def timeout(self) -> float | httpx.Timeout:
        """The timeout of each call: a number bounds the whole call, retries included."""
        return self._options.timeout

    @property
    def max_retries(self) -> int:
        """How many times a failed request may be retried."""
        return self._options.max_retries


class Skytells(_ClientBase[httpx.Client, httpx.HTTPTransport]):
    """The synchronous Skytells client; ``client.orchestrator`` holds the sub-resources.

    Every argument is checked here, so a wrong value fails at once with ``SDK_ERROR``
    naming it (and its environment variable when it was read from there).

    Any call of ``client.orchestrator`` can raise ``APIStatusError`` (a subclass per status),
    ``APIConnectionError`` (``APITimeoutError`` when time ran out), or ``SkytellsError`` with
    ``SDK_ERROR`` (a bad id or argument, before sending), ``CLIENT_CLOSED`` or
    ``INVALID_JSON``: the [errors every call can raise][errors-every-call-can-raise]. A method's own
    docstring lists only what is specific to it.

    >>> with Skytells(orchestrator_api_key="wfb_…") as client:  # doctest: +SKIP
    ...     run = client.orchestrator.webhooks.execute("wf_123", {"email": "a@b.c"})

    Args:
        api_key: The Skytells platform key (``sk-…``); ``SKYTELLS_API_KEY`` when None. It
            is never sent to the Orchestrator.
        orchestrator_api_key: The workflow key (``wfb_…``) that ``client.orchestrator``
            sends; ``ORCHESTRATOR_API_KEY`` when None.
        orchestrator_base_url: The Orchestrator's URL; ``ORCHESTRATOR_BASE_URL`` when None,
            else ``https://orchestrator.skytells.ai``. Plain ``http://`` only for a
            loopback host or with ``allow_insecure_http``.
        orchestrator_session_token: The browser session the management routes need: the
            ``better-auth.session_token`` cookie's value, the ``name=value`` pair or a whole
            ``Cookie:`` line.
        headers: Headers sent with every request (an ``x-api-key`` header is removed).
        timeout: Seconds a call may take, retries included (a finite number above 0, at
            most a week), or an ``httpx.Timeout`` bounding each phase instead.
        max_retries: Retries of a failed request, 0 to 50; a POST or PATCH is retried only
            when it cannot have reached the server, or after a 429.
        http_client: An ``httpx.Client`` to send through, instead of the client's own pool;
            the caller closes it.
        allow_insecure_http: Allow plain ``http://`` to a host that is not loopback (the
            key then travels unencrypted).
        follow_redirects: Follow redirects (at most 10); the key and session go only to
            the Orchestrator's own origin.
        trust_env: Read proxies and certificates from the environment, as httpx does (a
            loopback Orchestrator is never reached through a proxy).

    Raises:
        SkytellsError: ``SDK_ERROR`` for an invalid argument or environment variable (a
            platform key given as ``orchestrator_api_key`` or a workflow key as ``api_key``,
            a bad URL or port, a negative timeout,
            ...), or an HTTP client that cannot be set up from the environment.

    Warns:
        UserWarning: Once, when ``orchestrator_api_key`` does not start with ``wfb_``.
    """

    _http_class = httpx.Client
    _transport_class = httpx.HTTPTransport

    @cached_property
    def orchestrator(self) -> Orchestrator:
        """The Orchestrator's sub-resources, sending with this client's key and options.

        Made on first use and kept.

        Returns:
            Its ``workflows``, ``executions``, ``webhooks``, ``integrations``,
            ``api_keys``, ``ai`` and ``user``.

        Raises:
            SkytellsError: ``SDK_ERROR`` when the client has neither a ``wfb_`` key nor a
                session token (a session alone serves every call but webhook triggers).
        """
        return Orchestrator(SyncRequester(self._http, self._options.settings(), self._is_closed))

    def close(self) -> None:
        """Close the client and its connection pool.

        A pool given as ``http_client``, or shared with the client this one was copied
        from, is left open. Safe to call twice; any call after it raises ``SkytellsError``
        with ``error_id="CLIENT_CLOSED"``.
        """
        self._closed = True
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncSkytells(_ClientBase[httpx.AsyncClient, httpx.AsyncHTTPTransport]):
    """The asynchronous Skytells client; every call is awaited, AI streams are not.

    Use one client per event loop: its connections belong to the loop it was first used on.

    Every argument is checked here, so a wrong value fails at once with ``SDK_ERROR``
    naming it (and its environment variable when it was read from there).

    Any call of ``client.orchestrator`` can raise ``APIStatusError`` (a subclass per status),
    ``APIConnectionError`` (``APITimeoutError`` when time ran out), or ``SkytellsError`` with
    ``SDK_ERROR`` (a bad id or argument, before sending), ``CLIENT_CLOSED`` or
    ``INVALID_JSON``: the [errors every call can raise][errors-every-call-can-raise]. A method's own
    docstring lists only what is specific to it.

    >>> async with AsyncSkytells(orchestrator_api_key="wfb_…") as client:  # doctest: +SKIP
    ...     run = await client.orchestrator.webhooks.execute("wf_123")

    Args:
        api_key: The Skytells platform key (``sk-…``); ``SKYTELLS_API_KEY`` when None. It
            is never sent to the Orchestrator.
        orchestrator_api_key: The workflow key (``wfb_…``) that ``client.orchestrator``
            sends; ``ORCHESTRATOR_API_KEY`` when None.
        orchestrator_base_url: The Orchestrator's URL; ``ORCHESTRATOR_BASE_URL`` when None,
            else ``https://orchestrator.skytells.ai``. Plain ``http://`` only for a
            loopback host or with ``allow_insecure_http``.
        orchestrator_session_token: The browser session the management routes need: the
            ``better-auth.session_token`` cookie's value, the ``name=value`` pair or a whole
            ``Cookie:`` line.
        headers: Headers sent with every request (an ``x-api-key`` header is removed).
        timeout: Seconds a call may take, retries included (a finite number above 0, at
            most a week), or an ``httpx.Timeout`` bounding each phase instead.
        max_retries: Retries of a failed request, 0 to 50; a POST or PATCH is retried only
            when it cannot have reached the server, or after a 429.
        http_client: An ``httpx.AsyncClient`` to send through, instead of the client's own pool;
            the caller closes it.
        allow_insecure_http: Allow plain ``http://`` to a host that is not loopback (the
            key then travels unencrypted).
        follow_redirects: Follow redirects (at most 10); the key and session go only to
            the Orchestrator's own origin.
        trust_env: Read proxies and certificates from the environment, as httpx does (a
            loopback Orchestrator is never reached through a proxy).

    Raises:
        SkytellsError: ``SDK_ERROR`` for an invalid argument or environment variable (a
            platform key given as ``orchestrator_api_key`` or a workflow key as ``api_key``,
            a bad URL or port, a negative timeout,
            ...), or an HTTP client that cannot be set up from the environment.

    Warns:
        UserWarning: Once, when ``orchestrator_api_key`` does not start with ``wfb_``.
    """

    _http_class = httpx.AsyncClient
    _transport_class = httpx.AsyncHTTPTransport

    @cached_property
    def orchestrator(self) -> AsyncOrchestrator:
        """The Orchestrator's sub-resources, sending with this client's key and options.

        Made on first use and kept.

        Returns:
            Its ``workflows``, ``executions``, ``webhooks``, ``integrations``,
            ``api_keys``, ``ai`` and ``user``.

        Raises:
            SkytellsError: ``SDK_ERROR`` when the client has neither a ``wfb_`` key nor a
                session token (a session alone serves every call but webhook triggers).
        """
        return AsyncOrchestrator(
            AsyncRequester(self._http, self._options.settings(), self._is_closed)
        )

    async def aclose(self) -> None:
        """Close the client and its connection pool.

        A pool given as ``http_client``, or shared with the client this one was copied
        from, is left open. Safe to call twice, and from another event loop or after the
        client's loop has ended (its connections' sockets are then closed directly); any
        call after it raises ``SkytellsError`` with ``error_id="CLIENT_CLOSED"``.
        """
        self._closed = True
        if self._owns_http:
            await aclose_pool(self._http)

    async def close(self) -> None:
        """Close the client and its connection pool; the same as `aclose`."""
        await self.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
