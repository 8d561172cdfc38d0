from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.execution_logs import ExecutionLogs
from ...models.log_entry import LogEntry
from ...types import Response


def _get_kwargs(
    execution_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/workflows/executions/{execution_id}/logs".format(
            execution_id=quote(str(execution_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | ExecutionLogs | list[LogEntry] | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> ExecutionLogs | list[LogEntry]:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = ExecutionLogs.from_dict(data)

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, list):
                raise TypeError()
            response_200_type_1 = []
            _response_200_type_1 = data
            for response_200_type_1_item_data in _response_200_type_1:
                response_200_type_1_item = LogEntry.from_dict(
                    response_200_type_1_item_data
                )

                response_200_type_1.append(response_200_type_1_item)

            return response_200_type_1

        response_200 = _parse_response_200(response.json())

        return response_200

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
) -> Response[ErrorResponse | ExecutionLogs | list[LogEntry]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    execution_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorResponse | ExecutionLogs | list[LogEntry]]:
    """Get an execution's node logs

     The server answers `{execution, logs}` (logs newest first); the TypeScript SDK documents
    a bare array of log entries. Both are listed. Secrets in the log entries' inputs and
    outputs are already redacted by the server; the node configs in `execution.workflow`
    are not.

    Args:
        execution_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ExecutionLogs | list[LogEntry]]
    """

    kwargs = _get_kwargs(
        execution_id=execution_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    execution_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorResponse | ExecutionLogs | list[LogEntry] | None:
    """Get an execution's node logs

     The server answers `{execution, logs}` (logs newest first); the TypeScript SDK documents
    a bare array of log entries. Both are listed. Secrets in the log entries' inputs and
    outputs are already redacted by the server; the node configs in `execution.workflow`
    are not.

    Args:
        execution_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ExecutionLogs | list[LogEntry]
    """

    return sync_detailed(
        execution_id=execution_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    execution_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorResponse | ExecutionLogs | list[LogEntry]]:
    """Get an execution's node logs

     The server answers `{execution, logs}` (logs newest first); the TypeScript SDK documents
    a bare array of log entries. Both are listed. Secrets in the log entries' inputs and
    outputs are already redacted by the server; the node configs in `execution.workflow`
    are not.

    Args:
        execution_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ExecutionLogs | list[LogEntry]]
    """

    kwargs = _get_kwargs(
        execution_id=execution_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    execution_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorResponse | ExecutionLogs | list[LogEntry] | None:
    """Get an execution's node logs

     The server answers `{execution, logs}` (logs newest first); the TypeScript SDK documents
    a bare array of log entries. Both are listed. Secrets in the log entries' inputs and
    outputs are already redacted by the server; the node configs in `execution.workflow`
    are not.

    Args:
        execution_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ExecutionLogs | list[LogEntry]
    """

    return (
        await asyncio_detailed(
            execution_id=execution_id,
            client=client,
        )
    ).parsed
