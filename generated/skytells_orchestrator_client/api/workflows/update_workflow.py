from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.update_workflow_request import UpdateWorkflowRequest
from ...models.workflow import Workflow
from ...types import Response


def _get_kwargs(
    workflow_id: str,
    *,
    body: UpdateWorkflowRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/workflows/{workflow_id}".format(
            workflow_id=quote(str(workflow_id), safe=""),
        ),
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

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

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
    workflow_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateWorkflowRequest,
) -> Response[ErrorResponse | Workflow]:
    """Update a workflow

     Changes only the fields sent, so clients leave out what the caller did not give.
    Only `description` may be sent as `null` (which erases it): `name`, `nodes` or `edges`
    sent as `null` are answered 500 `Failed query: …`, `visibility` as `null` 400.
    New nodes are checked like on create: an `integrationId` of another user's integration
    is refused (403).

    Args:
        workflow_id (str):
        body (UpdateWorkflowRequest): The fields to change; fields left out are kept as they are.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | Workflow]
    """

    kwargs = _get_kwargs(
        workflow_id=workflow_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    workflow_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateWorkflowRequest,
) -> ErrorResponse | Workflow | None:
    """Update a workflow

     Changes only the fields sent, so clients leave out what the caller did not give.
    Only `description` may be sent as `null` (which erases it): `name`, `nodes` or `edges`
    sent as `null` are answered 500 `Failed query: …`, `visibility` as `null` 400.
    New nodes are checked like on create: an `integrationId` of another user's integration
    is refused (403).

    Args:
        workflow_id (str):
        body (UpdateWorkflowRequest): The fields to change; fields left out are kept as they are.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | Workflow
    """

    return sync_detailed(
        workflow_id=workflow_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    workflow_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateWorkflowRequest,
) -> Response[ErrorResponse | Workflow]:
    """Update a workflow

     Changes only the fields sent, so clients leave out what the caller did not give.
    Only `description` may be sent as `null` (which erases it): `name`, `nodes` or `edges`
    sent as `null` are answered 500 `Failed query: …`, `visibility` as `null` 400.
    New nodes are checked like on create: an `integrationId` of another user's integration
    is refused (403).

    Args:
        workflow_id (str):
        body (UpdateWorkflowRequest): The fields to change; fields left out are kept as they are.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | Workflow]
    """

    kwargs = _get_kwargs(
        workflow_id=workflow_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    workflow_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateWorkflowRequest,
) -> ErrorResponse | Workflow | None:
    """Update a workflow

     Changes only the fields sent, so clients leave out what the caller did not give.
    Only `description` may be sent as `null` (which erases it): `name`, `nodes` or `edges`
    sent as `null` are answered 500 `Failed query: …`, `visibility` as `null` 400.
    New nodes are checked like on create: an `integrationId` of another user's integration
    is refused (403).

    Args:
        workflow_id (str):
        body (UpdateWorkflowRequest): The fields to change; fields left out are kept as they are.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | Workflow
    """

    return (
        await asyncio_detailed(
            workflow_id=workflow_id,
            client=client,
            body=body,
        )
    ).parsed
