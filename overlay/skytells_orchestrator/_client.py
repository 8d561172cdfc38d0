"""The clients users create: keys, base URL, options, the ``orchestrator`` namespace, lifecycle."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cached_property
from types import TracebackType
from typing import Final, Generic, Self, TypeVar

import httpx

from ._errors import sdk_error
from ._redact import mask_key
from ._request import DEFAULT_TIMEOUT, AsyncRequester, Settings, SyncRequester, httpx_timeout
from ._transport import (
    DEFAULT_BASE_URL,
    OrchestratorAuth,
    check_base_url,
    check_headers,
    check_orchestrator_key,
    check_token,
    strip_platform_key,
)
from .resources.ai import Ai, AsyncAi
from .resources.api_keys import ApiKeys, AsyncApiKeys
from .resources.executions import AsyncExecutions, Executions
from .resources.integrations import AsyncIntegrations, Integrations
from .resources.user import AsyncUserResource, UserResource
from .resources.webhooks import AsyncWebhooks, Webhooks
from .resources.workflows import AsyncWorkflows, Workflows

H = TypeVar("H", httpx.Client, httpx.AsyncClient)


class _NotGiven:
    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = _NotGiven()
# Connections kept for reuse; a backend that fans out triggers benefits from a deeper pool.
DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)


def _env(value: str | None, name: str) -> str | None:
    if value is not None:
        return value
    found = os.environ.get(name, "").strip()
    return found or None


def _check_timeout(timeout: float | httpx.Timeout) -> float | httpx.Timeout:
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        raise sdk_error(f"timeout must be a positive number or an httpx.Timeout, got {timeout!r}")
    return float(timeout)


def _check_retries(max_retries: int) -> int:
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise sdk_error(f"max_retries must be an integer >= 0, got {max_retries!r}")
    return max_retries


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
    ) -> None:
        self.api_key = _env(api_key, "SKYTELLS_API_KEY")
        self.orchestrator_api_key = check_orchestrator_key(
            _env(orchestrator_api_key, "ORCHESTRATOR_API_KEY")
        )
        self.base_url = check_base_url(
            _env(orchestrator_base_url, "ORCHESTRATOR_BASE_URL") or DEFAULT_BASE_URL,
            allow_insecure_http=allow_insecure_http,
        )
        self.session_token = (
            check_token(orchestrator_session_token, "orchestrator_session_token")
            if orchestrator_session_token
            else None
        )
        shared = check_headers(headers)
        # The platform key must never reach the Orchestrator, even through shared headers.
        strip_platform_key(shared)
        self.headers: dict[str, str] = dict(shared.items())
        self.timeout = _check_timeout(timeout)
        self.max_retries = _check_retries(max_retries)
        self.follow_redirects = follow_redirects

    def settings(self) -> Settings:
        if self.orchestrator_api_key is None:
            raise sdk_error(
                "no Orchestrator key: pass orchestrator_api_key='wfb_…' or set "
                "ORCHESTRATOR_API_KEY to use client.orchestrator"
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
            f"{name}(orchestrator_base_url={self.base_url!r}, "
            f"orchestrator_api_key={mask_key(self.orchestrator_api_key)!r}, "
            f"api_key={mask_key(self.api_key)!r}, "
            f"orchestrator_session_token={'<set>' if self.session_token else '<none>'}, "
            f"timeout={self.timeout!r}, max_retries={self.max_retries})"
        )


class Orchestrator:
    """The Orchestrator sub-resources of a synchronous client."""

    def __init__(self, requester: SyncRequester) -> None:
        self.workflows = Workflows(requester)
        self.executions = Executions(requester)
        self.webhooks = Webhooks(requester)
        self.integrations = Integrations(requester)
        self.api_keys = ApiKeys(requester)
        self.ai = Ai(requester)
        self.user = UserResource(requester)


class AsyncOrchestrator:
    """The Orchestrator sub-resources of an asynchronous client."""

    def __init__(self, requester: AsyncRequester) -> None:
        self.workflows = AsyncWorkflows(requester)
        self.executions = AsyncExecutions(requester)
        self.webhooks = AsyncWebhooks(requester)
        self.integrations = AsyncIntegrations(requester)
        self.api_keys = AsyncApiKeys(requester)
        self.ai = AsyncAi(requester)
        self.user = AsyncUserResource(requester)


class _ClientBase(Generic[H]):
    """Construction, options and repr shared by both clients; ``H`` is the httpx client type."""

    _http_class: type[H]
    _options: _Options
    _http: H
    _owns_http: bool

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
        )
        if http_client is not None and not isinstance(http_client, self._http_class):
            raise sdk_error(
                f"http_client must be an {self._http_class.__module__}."
                f"{self._http_class.__name__} for {type(self).__name__}"
            )
        owns_http = http_client is None
        if http_client is None:
            http_client = self._http_class(
                timeout=httpx_timeout(options.timeout),
                limits=DEFAULT_LIMITS,
                follow_redirects=False,
            )
        self._setup(options, http_client, owns_http)

    def _setup(self, options: _Options, http: H, owns_http: bool) -> None:
        self._options = options
        self._http = http
        self._owns_http = owns_http

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | _NotGiven = NOT_GIVEN,
        max_retries: int | _NotGiven = NOT_GIVEN,
    ) -> Self:
        """A copy with other per-call options, sharing this client's connection pool.

        >>> client.with_options(timeout=5, max_retries=0).orchestrator.user.get()  # doctest: +SKIP
        """
        copy = object.__new__(type(self))
        copy._setup(self._options.copy(timeout, max_retries), self._http, owns_http=False)
        return copy

    def __repr__(self) -> str:
        return self._options.describe(type(self).__name__)

    @property
    def base_url(self) -> str:
        """The Orchestrator's base URL."""
        return self._options.base_url

    @property
    def timeout(self) -> float | httpx.Timeout:
        """The timeout of each request (a number bounds the whole answer)."""
        return self._options.timeout

    @property
    def max_retries(self) -> int:
        """How many times a failed request may be retried."""
        return self._options.max_retries


class Skytells(_ClientBase[httpx.Client]):
    """The synchronous Skytells client; ``client.orchestrator`` holds the sub-resources.

    >>> with Skytells(orchestrator_api_key="wfb_…") as client:  # doctest: +SKIP
    ...     run = client.orchestrator.webhooks.execute("wf_123", {"email": "a@b.c"})
    """

    _http_class = httpx.Client

    @cached_property
    def orchestrator(self) -> Orchestrator:
        """Workflows, executions, webhooks, integrations, api_keys, ai and user."""
        return Orchestrator(SyncRequester(self._http, self._options.settings()))

    def close(self) -> None:
        """Close the connection pool (unless it was given by the caller)."""
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


class AsyncSkytells(_ClientBase[httpx.AsyncClient]):
    """The asynchronous Skytells client; every call is awaited, AI streams are not.

    >>> async with AsyncSkytells(orchestrator_api_key="wfb_…") as client:  # doctest: +SKIP
    ...     run = await client.orchestrator.webhooks.execute("wf_123")
    """

    _http_class = httpx.AsyncClient

    @cached_property
    def orchestrator(self) -> AsyncOrchestrator:
        """Workflows, executions, webhooks, integrations, api_keys, ai and user."""
        return AsyncOrchestrator(AsyncRequester(self._http, self._options.settings()))

    async def aclose(self) -> None:
        """Close the connection pool (unless it was given by the caller)."""
        if self._owns_http:
            await self._http.aclose()

    async def close(self) -> None:
        """Same as :meth:`aclose`."""
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
