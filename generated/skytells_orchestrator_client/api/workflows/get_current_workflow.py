from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.current_workflow import CurrentWorkflow
from ...models.error_response import ErrorResponse
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/workflows/current",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CurrentWorkflow | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = CurrentWorkflow.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CurrentWorkflow | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[CurrentWorkflow | ErrorResponse]:
    """Get the editor's autosaved workflow

     The editor's autosave; `{"nodes": [], "edges": []}` when there is none. The autosave
    is stored as a workflow named `~~__CURRENT__~~`, which `GET /api/workflows` lists.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CurrentWorkflow | ErrorResponse]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> CurrentWorkflow | ErrorResponse | None:
    """Get the editor's autosaved workflow

     The editor's autosave; `{"nodes": [], "edges": []}` when there is none. The autosave
    is stored as a workflow named `~~__CURRENT__~~`, which `GET /api/workflows` lists.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CurrentWorkflow | ErrorResponse
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[CurrentWorkflow | ErrorResponse]:
    """Get the editor's autosaved workflow

     The editor's autosave; `{"nodes": [], "edges": []}` when there is none. The autosave
    is stored as a workflow named `~~__CURRENT__~~`, which `GET /api/workflows` lists.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CurrentWorkflow | ErrorResponse]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> CurrentWorkflow | ErrorResponse | None:
    """Get the editor's autosaved workflow

     The editor's autosave; `{"nodes": [], "edges": []}` when there is none. The autosave
    is stored as a workflow named `~~__CURRENT__~~`, which `GET /api/workflows` lists.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CurrentWorkflow | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
