from http import HTTPStatus
from io import BytesIO
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.ai_generate_request import AiGenerateRequest
from ...models.error_response import ErrorResponse
from ...types import File, Response


def _get_kwargs(
    *,
    body: AiGenerateRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/ai/generate",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | File | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

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
) -> Response[ErrorResponse | File]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AiGenerateRequest,
) -> Response[ErrorResponse | File]:
    """Generate a workflow from a prompt

     Streams `application/x-ndjson`: one JSON object per `\\n`-terminated line, sent as the
    model produces them (lines can be minutes apart). A good stream is many
    `{"type": "operation", "operation": …}` lines and a last `{"type": "complete"}`;
    `{"type": "error", "error": "…"}` ends a failed one. The TypeScript SDK documents bare
    operation lines (`{"op": …}`) with no envelope and no `complete`: clients accept both
    (see `AiStreamLine`). Blank lines may appear; lines may end in `\\r\\n`.
    Errors found before streaming starts are ordinary JSON answers.

    Args:
        body (AiGenerateRequest): A prompt, and optionally the workflow to edit.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | File]
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
    body: AiGenerateRequest,
) -> ErrorResponse | File | None:
    """Generate a workflow from a prompt

     Streams `application/x-ndjson`: one JSON object per `\\n`-terminated line, sent as the
    model produces them (lines can be minutes apart). A good stream is many
    `{"type": "operation", "operation": …}` lines and a last `{"type": "complete"}`;
    `{"type": "error", "error": "…"}` ends a failed one. The TypeScript SDK documents bare
    operation lines (`{"op": …}`) with no envelope and no `complete`: clients accept both
    (see `AiStreamLine`). Blank lines may appear; lines may end in `\\r\\n`.
    Errors found before streaming starts are ordinary JSON answers.

    Args:
        body (AiGenerateRequest): A prompt, and optionally the workflow to edit.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | File
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AiGenerateRequest,
) -> Response[ErrorResponse | File]:
    """Generate a workflow from a prompt

     Streams `application/x-ndjson`: one JSON object per `\\n`-terminated line, sent as the
    model produces them (lines can be minutes apart). A good stream is many
    `{"type": "operation", "operation": …}` lines and a last `{"type": "complete"}`;
    `{"type": "error", "error": "…"}` ends a failed one. The TypeScript SDK documents bare
    operation lines (`{"op": …}`) with no envelope and no `complete`: clients accept both
    (see `AiStreamLine`). Blank lines may appear; lines may end in `\\r\\n`.
    Errors found before streaming starts are ordinary JSON answers.

    Args:
        body (AiGenerateRequest): A prompt, and optionally the workflow to edit.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | File]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: AiGenerateRequest,
) -> ErrorResponse | File | None:
    """Generate a workflow from a prompt

     Streams `application/x-ndjson`: one JSON object per `\\n`-terminated line, sent as the
    model produces them (lines can be minutes apart). A good stream is many
    `{"type": "operation", "operation": …}` lines and a last `{"type": "complete"}`;
    `{"type": "error", "error": "…"}` ends a failed one. The TypeScript SDK documents bare
    operation lines (`{"op": …}`) with no envelope and no `complete`: clients accept both
    (see `AiStreamLine`). Blank lines may appear; lines may end in `\\r\\n`.
    Errors found before streaming starts are ordinary JSON answers.

    Args:
        body (AiGenerateRequest): A prompt, and optionally the workflow to edit.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | File
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
