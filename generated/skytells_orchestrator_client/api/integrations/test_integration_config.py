from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.integration_test_result import IntegrationTestResult
from ...models.test_integration_config_request import TestIntegrationConfigRequest
from ...types import Response


def _get_kwargs(
    *,
    body: TestIntegrationConfigRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/integrations/test",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | IntegrationTestResult | None:
    if response.status_code == 200:
        response_200 = IntegrationTestResult.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 500:
        response_500 = IntegrationTestResult.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | IntegrationTestResult]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TestIntegrationConfigRequest,
) -> Response[ErrorResponse | IntegrationTestResult]:
    """Test credentials without saving them

     Checks a `{type, config}` pair against the service it names. When the test itself
    fails, the server answers 500 with the test's own shape (`status`, `message`), without
    an `error` field.

    Args:
        body (TestIntegrationConfigRequest): Credentials to test without saving them.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | IntegrationTestResult]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: TestIntegrationConfigRequest,
) -> ErrorResponse | IntegrationTestResult | None:
    """Test credentials without saving them

     Checks a `{type, config}` pair against the service it names. When the test itself
    fails, the server answers 500 with the test's own shape (`status`, `message`), without
    an `error` field.

    Args:
        body (TestIntegrationConfigRequest): Credentials to test without saving them.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | IntegrationTestResult
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TestIntegrationConfigRequest,
) -> Response[ErrorResponse | IntegrationTestResult]:
    """Test credentials without saving them

     Checks a `{type, config}` pair against the service it names. When the test itself
    fails, the server answers 500 with the test's own shape (`status`, `message`), without
    an `error` field.

    Args:
        body (TestIntegrationConfigRequest): Credentials to test without saving them.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | IntegrationTestResult]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: TestIntegrationConfigRequest,
) -> ErrorResponse | IntegrationTestResult | None:
    """Test credentials without saving them

     Checks a `{type, config}` pair against the service it names. When the test itself
    fails, the server answers 500 with the test's own shape (`status`, `message`), without
    an `error` field.

    Args:
        body (TestIntegrationConfigRequest): Credentials to test without saving them.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | IntegrationTestResult
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
