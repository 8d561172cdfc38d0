from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_workflow_request import CreateWorkflowRequest
from ...models.error_response import ErrorResponse
from ...models.workflow import Workflow
from ...types import Response


def _get_kwargs(
    *,
    body: CreateWorkflowRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/workflows/create",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | Workflow | None:
    if response.status_code == 200:
        response_200 = Workflow.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | Workflow]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateWorkflowRequest,
) -> Response[ErrorResponse | Workflow]:
    """Create a workflow

     `name`, `nodes` and `edges` are required. An empty `nodes` list makes the server insert
    one Manual trigger node; the name `Untitled Workflow` becomes `Untitled N`.
    The server reads one field inside the nodes: a `data.config.integrationId` that names
    another user's integration is refused (403); one that names no integration (a deleted
    one) is stored.

    Args:
        body (CreateWorkflowRequest): A new workflow. An empty `nodes` list gets one Manual
            trigger node.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | Workflow]
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
    body: CreateWorkflowRequest,
) -> ErrorResponse | Workflow | None:
    """Create a workflow

     `name`, `nodes` and `edges` are required. An empty `nodes` list makes the server insert
    one Manual trigger node; the name `Untitled Workflow` becomes `Untitled N`.
    The server reads one field inside the nodes: a `data.config.integrationId` that names
    another user's integration is refused (403); one that names no integration (a deleted
    one) is stored.

    Args:
        body (CreateWorkflowRequest): A new workflow. An empty `nodes` list gets one Manual
            trigger node.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | Workflow
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateWorkflowRequest,
) -> Response[ErrorResponse | Workflow]:
    """Create a workflow

     `name`, `nodes` and `edges` are required. An empty `nodes` list makes the server insert
    one Manual trigger node; the name `Untitled Workflow` becomes `Untitled N`.
    The server reads one field inside the nodes: a `data.config.integrationId` that names
    another user's integration is refused (403); one that names no integration (a deleted
    one) is stored.

    Args:
        body (CreateWorkflowRequest): A new workflow. An empty `nodes` list gets one Manual
            trigger node.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | Workflow]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreateWorkflowRequest,
) -> ErrorResponse | Workflow | None:
    """Create a workflow

     `name`, `nodes` and `edges` are required. An empty `nodes` list makes the server insert
    one Manual trigger node; the name `Untitled Workflow` becomes `Untitled N`.
    The server reads one field inside the nodes: a `data.config.integrationId` that names
    another user's integration is refused (403); one that names no integration (a deleted
    one) is stored.

    Args:
        body (CreateWorkflowRequest): A new workflow. An empty `nodes` list gets one Manual
            trigger node.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | Workflow
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
