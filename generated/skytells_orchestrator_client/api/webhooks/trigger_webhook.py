from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.webhook_payload import WebhookPayload
from ...models.webhook_trigger_response import WebhookTriggerResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    workflow_id: str,
    *,
    body: WebhookPayload | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/workflows/{workflow_id}/webhook".format(
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
) -> ErrorResponse | WebhookTriggerResponse | None:
    if response.status_code == 200:
        response_200 = WebhookTriggerResponse.from_dict(response.json())

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
) -> Response[ErrorResponse | WebhookTriggerResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    workflow_id: str,
    *,
    client: AuthenticatedClient,
    body: WebhookPayload | Unset = UNSET,
) -> Response[ErrorResponse | WebhookTriggerResponse]:
    """Trigger a workflow by webhook

     Any JSON object becomes the trigger's input (a body that is not JSON counts as `{}`;
    the server stores any other JSON value, an array or a string, as sent, and also takes
    the key without the `Bearer ` prefix: clients send an object and `Bearer`).
    The workflow's trigger node must have `config.triggerType` `Webhook`. The execution runs
    in the background. Each call creates one execution, so a retried call creates a second.
    A node whose `data.config.integrationId` names another user's integration is refused
    with 403 `Workflow contains invalid integration references`; a node the run reaches
    that has no `data` makes the server answer 500. Every answer carries CORS headers.

    Args:
        workflow_id (str):
        body (WebhookPayload | Unset): Any JSON object; it becomes the trigger's input.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | WebhookTriggerResponse]
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
    client: AuthenticatedClient,
    body: WebhookPayload | Unset = UNSET,
) -> ErrorResponse | WebhookTriggerResponse | None:
    """Trigger a workflow by webhook

     Any JSON object becomes the trigger's input (a body that is not JSON counts as `{}`;
    the server stores any other JSON value, an array or a string, as sent, and also takes
    the key without the `Bearer ` prefix: clients send an object and `Bearer`).
    The workflow's trigger node must have `config.triggerType` `Webhook`. The execution runs
    in the background. Each call creates one execution, so a retried call creates a second.
    A node whose `data.config.integrationId` names another user's integration is refused
    with 403 `Workflow contains invalid integration references`; a node the run reaches
    that has no `data` makes the server answer 500. Every answer carries CORS headers.

    Args:
        workflow_id (str):
        body (WebhookPayload | Unset): Any JSON object; it becomes the trigger's input.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | WebhookTriggerResponse
    """

    return sync_detailed(
        workflow_id=workflow_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    workflow_id: str,
    *,
    client: AuthenticatedClient,
    body: WebhookPayload | Unset = UNSET,
) -> Response[ErrorResponse | WebhookTriggerResponse]:
    """Trigger a workflow by webhook

     Any JSON object becomes the trigger's input (a body that is not JSON counts as `{}`;
    the server stores any other JSON value, an array or a string, as sent, and also takes
    the key without the `Bearer ` prefix: clients send an object and `Bearer`).
    The workflow's trigger node must have `config.triggerType` `Webhook`. The execution runs
    in the background. Each call creates one execution, so a retried call creates a second.
    A node whose `data.config.integrationId` names another user's integration is refused
    with 403 `Workflow contains invalid integration references`; a node the run reaches
    that has no `data` makes the server answer 500. Every answer carries CORS headers.

    Args:
        workflow_id (str):
        body (WebhookPayload | Unset): Any JSON object; it becomes the trigger's input.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | WebhookTriggerResponse]
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
    client: AuthenticatedClient,
    body: WebhookPayload | Unset = UNSET,
) -> ErrorResponse | WebhookTriggerResponse | None:
    """Trigger a workflow by webhook

     Any JSON object becomes the trigger's input (a body that is not JSON counts as `{}`;
    the server stores any other JSON value, an array or a string, as sent, and also takes
    the key without the `Bearer ` prefix: clients send an object and `Bearer`).
    The workflow's trigger node must have `config.triggerType` `Webhook`. The execution runs
    in the background. Each call creates one execution, so a retried call creates a second.
    A node whose `data.config.integrationId` names another user's integration is refused
    with 403 `Workflow contains invalid integration references`; a node the run reaches
    that has no `data` makes the server answer 500. Every answer carries CORS headers.

    Args:
        workflow_id (str):
        body (WebhookPayload | Unset): Any JSON object; it becomes the trigger's input.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | WebhookTriggerResponse
    """

    return (
        await asyncio_detailed(
            workflow_id=workflow_id,
            client=client,
            body=body,
        )
    ).parsed
