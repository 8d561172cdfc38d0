from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.execute_workflow_request import ExecuteWorkflowRequest
from ...models.execution_started import ExecutionStarted
from ...types import UNSET, Response, Unset


def _get_kwargs(
    workflow_id: str,
    *,
    body: ExecuteWorkflowRequest | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/workflow/{workflow_id}/execute".format(
            workflow_id=quote(str(workflow_id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | ExecutionStarted | None:
    if response.status_code == 200:
        response_200 = ExecutionStarted.from_dict(response.json())

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
) -> Response[ErrorResponse | ExecutionStarted]:
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
    body: ExecuteWorkflowRequest | Unset = UNSET,
) -> Response[ErrorResponse | ExecutionStarted]:
    """Run a workflow manually

     Note the singular `workflow` in the path. Starts an execution in the background.
    A body that is not JSON counts as `{}` (a run without input). Another user's workflow
    is refused with 403 `Forbidden`; a node whose `data.config.integrationId` names another
    user's integration with 403 `Workflow contains invalid integration references`.

    Args:
        workflow_id (str):
        body (ExecuteWorkflowRequest | Unset): The input of a manual run: `input`, when sent, is
            an object whose fields become the
            trigger data. The hosted service does not check it (a falsy value counts as `{}`); the
            local server refuses any other value with a 400.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ExecutionStarted]
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
    body: ExecuteWorkflowRequest | Unset = UNSET,
) -> ErrorResponse | ExecutionStarted | None:
    """Run a workflow manually

     Note the singular `workflow` in the path. Starts an execution in the background.
    A body that is not JSON counts as `{}` (a run without input). Another user's workflow
    is refused with 403 `Forbidden`; a node whose `data.config.integrationId` names another
    user's integration with 403 `Workflow contains invalid integration references`.

    Args:
        workflow_id (str):
        body (ExecuteWorkflowRequest | Unset): The input of a manual run: `input`, when sent, is
            an object whose fields become the
            trigger data. The hosted service does not check it (a falsy value counts as `{}`); the
            local server refuses any other value with a 400.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ExecutionStarted
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
    body: ExecuteWorkflowRequest | Unset = UNSET,
) -> Response[ErrorResponse | ExecutionStarted]:
    """Run a workflow manually

     Note the singular `workflow` in the path. Starts an execution in the background.
    A body that is not JSON counts as `{}` (a run without input). Another user's workflow
    is refused with 403 `Forbidden`; a node whose `data.config.integrationId` names another
    user's integration with 403 `Workflow contains invalid integration references`.

    Args:
        workflow_id (str):
        body (ExecuteWorkflowRequest | Unset): The input of a manual run: `input`, when sent, is
            an object whose fields become the
            trigger data. The hosted service does not check it (a falsy value counts as `{}`); the
            local server refuses any other value with a 400.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ExecutionStarted]
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
    body: ExecuteWorkflowRequest | Unset = UNSET,
) -> ErrorResponse | ExecutionStarted | None:
    """Run a workflow manually

     Note the singular `workflow` in the path. Starts an execution in the background.
    A body that is not JSON counts as `{}` (a run without input). Another user's workflow
    is refused with 403 `Forbidden`; a node whose `data.config.integrationId` names another
    user's integration with 403 `Workflow contains invalid integration references`.

    Args:
        workflow_id (str):
        body (ExecuteWorkflowRequest | Unset): The input of a manual run: `input`, when sent, is
            an object whose fields become the
            trigger data. The hosted service does not check it (a falsy value counts as `{}`); the
            local server refuses any other value with a 400.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ExecutionStarted
    """

    return (
        await asyncio_detailed(
            workflow_id=workflow_id,
            client=client,
            body=body,
        )
    ).parsed
