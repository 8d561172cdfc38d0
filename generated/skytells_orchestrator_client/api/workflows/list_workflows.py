from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.workflow import Workflow
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/workflows",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | list[Workflow] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = Workflow.from_dict(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | list[Workflow]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[ErrorResponse | list[Workflow]]:
    """List workflows

     The caller's workflows, newest `updatedAt` first, as full objects with nodes and edges.
    Quirk: without a session the server answers **200 with `[]`**, not 401 (also when a
    valid `wfb_` key is sent), so an empty list can mean "not signed in".
    Nodes and edges come back exactly as they were stored, so they may lack fields, carry
    the editor's own fields or be placeholders (see `Node`).
    The editor's autosave (`/api/workflows/current`) is stored as a workflow named
    `~~__CURRENT__~~` and is listed with the others.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | list[Workflow]]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> ErrorResponse | list[Workflow] | None:
    """List workflows

     The caller's workflows, newest `updatedAt` first, as full objects with nodes and edges.
    Quirk: without a session the server answers **200 with `[]`**, not 401 (also when a
    valid `wfb_` key is sent), so an empty list can mean "not signed in".
    Nodes and edges come back exactly as they were stored, so they may lack fields, carry
    the editor's own fields or be placeholders (see `Node`).
    The editor's autosave (`/api/workflows/current`) is stored as a workflow named
    `~~__CURRENT__~~` and is listed with the others.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | list[Workflow]
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[ErrorResponse | list[Workflow]]:
    """List workflows

     The caller's workflows, newest `updatedAt` first, as full objects with nodes and edges.
    Quirk: without a session the server answers **200 with `[]`**, not 401 (also when a
    valid `wfb_` key is sent), so an empty list can mean "not signed in".
    Nodes and edges come back exactly as they were stored, so they may lack fields, carry
    the editor's own fields or be placeholders (see `Node`).
    The editor's autosave (`/api/workflows/current`) is stored as a workflow named
    `~~__CURRENT__~~` and is listed with the others.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | list[Workflow]]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> ErrorResponse | list[Workflow] | None:
    """List workflows

     The caller's workflows, newest `updatedAt` first, as full objects with nodes and edges.
    Quirk: without a session the server answers **200 with `[]`**, not 401 (also when a
    valid `wfb_` key is sent), so an empty list can mean "not signed in".
    Nodes and edges come back exactly as they were stored, so they may lack fields, carry
    the editor's own fields or be placeholders (see `Node`).
    The editor's autosave (`/api/workflows/current`) is stored as a workflow named
    `~~__CURRENT__~~` and is listed with the others.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | list[Workflow]
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
