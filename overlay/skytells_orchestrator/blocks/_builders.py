"""Typed builders of every trigger and action, generated from the catalogue.

Do not edit: `make generate` writes this module from ``catalogue.json``
(``scripts/generate_blocks.py``) and `make check-generated` fails when it drifts.
"""

from __future__ import annotations

from skytells_orchestrator_client.models import Node

# Underscored: a config key may be called ``text``.
from ._node import JsonText
from ._node import action_node as _action_node
from ._node import condition_text as _condition_text
from ._node import json_text as _json_text
from ._node import number_text as _number_text
from ._node import text as _text
from ._node import trigger_node as _trigger_node

__all__ = [
    "ai_gateway_generate_image",
    "ai_gateway_generate_text",
    "blob_list",
    "blob_put",
    "clerk_create_user",
    "clerk_delete_user",
    "clerk_get_user",
    "clerk_update_user",
    "condition",
    "database_query",
    "fal_generate_image",
    "fal_generate_video",
    "fal_image_to_image",
    "fal_remove_background",
    "fal_upscale_image",
    "firecrawl_scrape",
    "firecrawl_search",
    "github_create_issue",
    "github_get_issue",
    "github_list_issues",
    "github_update_issue",
    "http_request",
    "linear_create_ticket",
    "linear_find_issues",
    "manual_trigger",
    "perplexity_ask",
    "perplexity_research",
    "perplexity_search",
    "resend_send_email",
    "schedule_trigger",
    "slack_send_message",
    "stripe_create_customer",
    "stripe_create_invoice",
    "stripe_get_customer",
    "superagent_guard",
    "superagent_redact",
    "v0_create_chat",
    "v0_send_message",
    "webflow_get_site",
    "webflow_list_sites",
    "webflow_publish_site",
    "webhook_trigger",
]


def manual_trigger(*, label: str | None = None, id: str | None = None) -> Node:
    """Build one ``Manual`` trigger node (Manual trigger, Trigger).

    Outputs: ``triggered``, ``timestamp``; read them in later nodes with ``blocks.ref``.

    >>> node = manual_trigger()
    >>> node.data.config.trigger_type
    'Manual'

    Args:
        label: The node's name (default ``Manual trigger``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {}
    return _trigger_node(
        "Manual", config, label=label, node_id=id, default_label="Manual trigger", prefix="manual"
    )


def schedule_trigger(
    *,
    cron: str | None = None,
    timezone: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``Schedule`` trigger node (Schedule trigger, Trigger).

    Outputs: ``triggered``, ``timestamp``; read them in later nodes with ``blocks.ref``.

    >>> node = schedule_trigger()
    >>> node.data.config.trigger_type
    'Schedule'

    Args:
        cron: ``scheduleCron`` (text).
        timezone: ``scheduleTimezone`` (timezone-select). Default ``America/New_York``.
        label: The node's name (default ``Schedule trigger``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "scheduleCron": _text(cron, "cron"),
        "scheduleTimezone": _text(timezone, "timezone"),
    }
    return _trigger_node(
        "Schedule",
        config,
        label=label,
        node_id=id,
        default_label="Schedule trigger",
        prefix="schedule",
    )


def webhook_trigger(
    *,
    schema: JsonText | None = None,
    mock_request: JsonText | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``Webhook`` trigger node (Webhook trigger, Trigger).

    Outputs: ``triggered``, ``timestamp``, ``<payload keys>``; read them in later nodes with
    ``blocks.ref``.

    >>> node = webhook_trigger()
    >>> node.data.config.trigger_type
    'Webhook'

    Args:
        schema: ``webhookSchema`` (schema-builder). A list of schema fields, written as JSON
            text.
        mock_request: ``webhookMockRequest`` (code-editor). A mapping or list is written as JSON
            text.
        label: The node's name (default ``Webhook trigger``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "webhookSchema": _json_text(schema, "schema"),
        "webhookMockRequest": _json_text(mock_request, "mock_request"),
    }
    return _trigger_node(
        "Webhook",
        config,
        label=label,
        node_id=id,
        default_label="Webhook trigger",
        prefix="webhook",
    )


def condition(*, condition: str | bool, label: str | None = None, id: str | None = None) -> Node:
    """Build one ``Condition`` action node (Condition, System).

    Outputs: ``condition``; read them in later nodes with ``blocks.ref``.

    >>> node = condition(condition="...")
    >>> node.data.config.action_type
    'Condition'

    Args:
        condition: ``condition`` (template-input).
        label: The node's name (default ``Condition``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "condition": _condition_text(condition, "condition"),
    }
    return _action_node(
        "Condition", config, label=label, node_id=id, default_label="Condition", prefix="condition"
    )


def database_query(
    *,
    query: str,
    schema: JsonText | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``Database Query`` action node (Database Query, System).

    Outputs: ``rows``, ``count``; read them in later nodes with ``blocks.ref``.

    >>> node = database_query(query="...")
    >>> node.data.config.action_type
    'Database Query'

    Args:
        query: ``dbQuery`` (code-editor, required).
        schema: ``dbSchema`` (schema-builder). A list of schema fields, written as JSON text.
        integration_id: The id of a stored ``database`` integration (``integrationId``); left
            out, the step runs without credentials.
        label: The node's name (default ``Database Query``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "dbQuery": _text(query, "query", required=True),
        "dbSchema": _json_text(schema, "schema"),
    }
    return _action_node(
        "Database Query",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Database Query",
        prefix="database_query",
    )


def http_request(
    *,
    endpoint: str,
    method: str = "GET",
    headers: JsonText | None = None,
    body: JsonText | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``HTTP Request`` action node (HTTP Request, System).

    Outputs: ``data``, ``status``; read them in later nodes with ``blocks.ref``.

    >>> node = http_request(endpoint="...")
    >>> node.data.config.action_type
    'HTTP Request'

    Args:
        endpoint: ``endpoint`` (template-input, required).
        method: ``httpMethod`` (select). One of ``GET``, ``POST``, ``PUT``, ``PATCH``,
            ``DELETE``. Default ``GET``.
        headers: ``httpHeaders`` (code-editor). A mapping or list is written as JSON text.
            Default ``{}``.
        body: ``httpBody`` (code-editor). A mapping or list is written as JSON text. Default
            ``{}``.
        label: The node's name (default ``HTTP Request``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "httpMethod": _text(method, "method"),
        "endpoint": _text(endpoint, "endpoint", required=True),
        "httpHeaders": _json_text(headers, "headers"),
        "httpBody": _json_text(body, "body"),
    }
    return _action_node(
        "HTTP Request",
        config,
        label=label,
        node_id=id,
        default_label="HTTP Request",
        prefix="http_request",
    )


def ai_gateway_generate_image(
    *,
    image_prompt: str,
    image_model: str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``ai-gateway/generate-image`` action node (Generate Image, AI Gateway).

    Outputs: ``base64``; read them in later nodes with ``blocks.ref``.

    >>> node = ai_gateway_generate_image(image_prompt="...")
    >>> node.data.config.action_type
    'ai-gateway/generate-image'

    Args:
        image_prompt: ``imagePrompt`` (template-textarea, required).
        image_model: ``imageModel`` (select). One of ``google/imagen-4.0-generate-001``,
            ``google/imagen-4.0-fast-generate-001``, ``google/imagen-4.0-ultra-generate-001``,
            ``bfl/flux-kontext-pro``, ``bfl/flux-kontext-max``. Default
            ``google/imagen-4.0-generate-001``.
        integration_id: The id of a stored ``ai-gateway`` integration (``integrationId``); left
            out, the step runs without credentials.
        label: The node's name (default ``Generate Image``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "imageModel": _text(image_model, "image_model"),
        "imagePrompt": _text(image_prompt, "image_prompt", required=True),
    }
    return _action_node(
        "ai-gateway/generate-image",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Generate Image",
        prefix="ai_gateway_generate_image",
    )


def ai_gateway_generate_text(
    *,
    ai_prompt: str,
    ai_format: str | None = None,
    ai_model: str | None = None,
    ai_schema: JsonText | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``ai-gateway/generate-text`` action node (Generate Text, AI Gateway).

    Outputs: ``text``, ``object``; read them in later nodes with ``blocks.ref``.

    >>> node = ai_gateway_generate_text(ai_prompt="...")
    >>> node.data.config.action_type
    'ai-gateway/generate-text'

    Args:
        ai_prompt: ``aiPrompt`` (template-textarea, required).
        ai_format: ``aiFormat`` (select). One of ``text``, ``object``. Default ``text``.
        ai_model: ``aiModel`` (select). One of ``anthropic/claude-sonnet-4.5``,
            ``anthropic/claude-haiku-4.5``, ``anthropic/claude-opus-4.5``,
            ``meta/llama-4-scout``, ``meta/llama-4-maverick``, ``openai/gpt-5.2``,
            ``openai/gpt-5.2-pro``, ``google/gemini-3-pro-preview``, ``google/gemini-2.5-flash-
            lite``, ``google/gemini-2.5-flash``, ``google/gemini-2.5-pro``, ``anthropic/claude-
            sonnet-4.0``, ``anthropic/claude-3.5-sonnet-20241022``,
            ``anthropic/claude-3-7-sonnet``, ``openai/gpt-4o``, ``openai/gpt-4o-mini``,
            ``openai/o1``, ``openai/o1-mini``, ``openai/gpt-4-turbo``, ``openai/gpt-3.5-turbo``,
            ``google/gemini-4.0-flash``, ``google/gemini-2.0-flash``, ``google/gemini-2.0-flash-
            lite``, ``meta/llama-4-instruct``. Default ``meta/llama-4-scout``.
        ai_schema: ``aiSchema`` (schema-builder). A list of schema fields, written as JSON text.
        integration_id: The id of a stored ``ai-gateway`` integration (``integrationId``); left
            out, the step runs without credentials.
        label: The node's name (default ``Generate Text``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "aiFormat": _text(ai_format, "ai_format"),
        "aiModel": _text(ai_model, "ai_model"),
        "aiPrompt": _text(ai_prompt, "ai_prompt", required=True),
        "aiSchema": _json_text(ai_schema, "ai_schema"),
    }
    return _action_node(
        "ai-gateway/generate-text",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Generate Text",
        prefix="ai_gateway_generate_text",
    )


def blob_list(
    *,
    prefix: str | None = None,
    limit: int | float | str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``blob/list`` action node (List Blobs, Blob).

    Outputs: ``blobs``, ``hasMore``, ``cursor``; read them in later nodes with ``blocks.ref``.

    >>> node = blob_list()
    >>> node.data.config.action_type
    'blob/list'

    Args:
        prefix: ``prefix`` (template-input).
        limit: ``limit`` (number). Default ``1000``.
        integration_id: The id of a stored ``blob`` integration (``integrationId``); left out,
            the step runs without credentials.
        label: The node's name (default ``List Blobs``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "prefix": _text(prefix, "prefix"),
        "limit": _number_text(limit, "limit"),
    }
    return _action_node(
        "blob/list",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="List Blobs",
        prefix="blob_list",
    )


def blob_put(
    *,
    pathname: str,
    body: str,
    content_type: str | None = None,
    access: str | None = None,
    add_random_suffix: str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``blob/put`` action node (Put Blob, Blob).

    Outputs: ``url``, ``downloadUrl``, ``pathname``; read them in later nodes with
    ``blocks.ref``.

    >>> node = blob_put(pathname="...", body="...")
    >>> node.data.config.action_type
    'blob/put'

    Args:
        pathname: ``pathname`` (template-input, required).
        body: ``body`` (template-textarea, required).
        content_type: ``contentType`` (template-input).
        access: ``access`` (select). One of ``public``. Default ``public``.
        add_random_suffix: ``addRandomSuffix`` (select). One of ``true``, ``false``. Default
            ``true``.
        integration_id: The id of a stored ``blob`` integration (``integrationId``); left out,
            the step runs without credentials.
        label: The node's name (default ``Put Blob``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "pathname": _text(pathname, "pathname", required=True),
        "body": _text(body, "body", required=True),
        "contentType": _text(content_type, "content_type"),
        "access": _text(access, "access"),
        "addRandomSuffix": _text(add_random_suffix, "add_random_suffix"),
    }
    return _action_node(
        "blob/put",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Put Blob",
        prefix="blob_put",
    )


def clerk_create_user(
    *,
    email_address: str,
    first_name: str | None = None,
    last_name: str | None = None,
    password: str | None = None,
    public_metadata: str | None = None,
    private_metadata: str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``clerk/create-user`` action node (Create User, Clerk).

    Outputs: ``id``, ``firstName``, ``lastName``, ``primaryEmailAddress``; read them in later
    nodes with ``blocks.ref``.

    >>> node = clerk_create_user(email_address="...")
    >>> node.data.config.action_type
    'clerk/create-user'

    Args:
        email_address: ``emailAddress`` (template-input, required).
        first_name: ``firstName`` (template-input).
        last_name: ``lastName`` (template-input).
        password: ``password`` (template-input).
        public_metadata: ``publicMetadata`` (template-textarea).
        private_metadata: ``privateMetadata`` (template-textarea).
        integration_id: The id of a stored ``clerk`` integration (``integrationId``); left out,
            the step runs without credentials.
        label: The node's name (default ``Create User``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "emailAddress": _text(email_address, "email_address", required=True),
        "firstName": _text(first_name, "first_name"),
        "lastName": _text(last_name, "last_name"),
        "password": _text(password, "password"),
        "publicMetadata": _text(public_metadata, "public_metadata"),
        "privateMetadata": _text(private_metadata, "private_metadata"),
    }
    return _action_node(
        "clerk/create-user",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Create User",
        prefix="clerk_create_user",
    )


def clerk_delete_user(
    *,
    user_id: str,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``clerk/delete-user`` action node (Delete User, Clerk).

    Outputs: ``deleted``; read them in later nodes with ``blocks.ref``.

    >>> node = clerk_delete_user(user_id="...")
    >>> node.data.config.action_type
    'clerk/delete-user'

    Args:
        user_id: ``userId`` (template-input, required).
        integration_id: The id of a stored ``clerk`` integration (``integrationId``); left out,
            the step runs without credentials.
        label: The node's name (default ``Delete User``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "userId": _text(user_id, "user_id", required=True),
    }
    return _action_node(
        "clerk/delete-user",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Delete User",
        prefix="clerk_delete_user",
    )


def clerk_get_user(
    *,
    user_id: str,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``clerk/get-user`` action node (Get User, Clerk).

    Outputs: ``id``, ``firstName``, ``lastName``, ``primaryEmailAddress``; read them in later
    nodes with ``blocks.ref``.

    >>> node = clerk_get_user(user_id="...")
    >>> node.data.config.action_type
    'clerk/get-user'

    Args:
        user_id: ``userId`` (template-input, required).
        integration_id: The id of a stored ``clerk`` integration (``integrationId``); left out,
            the step runs without credentials.
        label: The node's name (default ``Get User``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "userId": _text(user_id, "user_id", required=True),
    }
    return _action_node(
        "clerk/get-user",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Get User",
        prefix="clerk_get_user",
    )


def clerk_update_user(
    *,
    user_id: str,
    first_name: str | None = None,
    last_name: str | None = None,
    public_metadata: str | None = None,
    private_metadata: str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``clerk/update-user`` action node (Update User, Clerk).

    Outputs: ``id``, ``firstName``, ``lastName``, ``primaryEmailAddress``; read them in later
    nodes with ``blocks.ref``.

    >>> node = clerk_update_user(user_id="...")
    >>> node.data.config.action_type
    'clerk/update-user'

    Args:
        user_id: ``userId`` (template-input, required).
        first_name: ``firstName`` (template-input).
        last_name: ``lastName`` (template-input).
        public_metadata: ``publicMetadata`` (template-textarea).
        private_metadata: ``privateMetadata`` (template-textarea).
        integration_id: The id of a stored ``clerk`` integration (``integrationId``); left out,
            the step runs without credentials.
        label: The node's name (default ``Update User``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "userId": _text(user_id, "user_id", required=True),
        "firstName": _text(first_name, "first_name"),
        "lastName": _text(last_name, "last_name"),
        "publicMetadata": _text(public_metadata, "public_metadata"),
        "privateMetadata": _text(private_metadata, "private_metadata"),
    }
    return _action_node(
        "clerk/update-user",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Update User",
        prefix="clerk_update_user",
    )


def fal_generate_image(
    *,
    prompt: str,
    model: str | None = None,
    image_size: str | None = None,
    num_images: int | float | str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``fal/generate-image`` action node (Generate Image, fal.ai).

    Outputs: ``imageUrl``, ``width``, ``height``; read them in later nodes with ``blocks.ref``.

    >>> node = fal_generate_image(prompt="...")
    >>> node.data.config.action_type
    'fal/generate-image'

    Args:
        prompt: ``prompt`` (template-textarea, required).
        model: ``model`` (select). One of ``fal-ai/flux/schnell``, ``fal-ai/flux/dev``, ``fal-
            ai/flux-pro/v1.1``, ``fal-ai/flux-pro/v1.1-ultra``, ``fal-ai/flux-lora``, ``fal-
            ai/stable-diffusion-v3-medium``, ``fal-ai/recraft-v3``. Default ``fal-
            ai/flux/schnell``.
        image_size: ``imageSize`` (select). One of ``square``, ``square_hd``, ``portrait_4_3``,
            ``portrait_16_9``, ``landscape_4_3``, ``landscape_16_9``. Default
            ``landscape_16_9``.
        num_images: ``numImages`` (number). Default ``1``.
        integration_id: The id of a stored ``fal`` integration (``integrationId``); left out,
            the step runs without credentials.
        label: The node's name (default ``Generate Image``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "model": _text(model, "model"),
        "prompt": _text(prompt, "prompt", required=True),
        "imageSize": _text(image_size, "image_size"),
        "numImages": _number_text(num_images, "num_images"),
    }
    return _action_node(
        "fal/generate-image",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Generate Image",
        prefix="fal_generate_image",
    )


def fal_generate_video(
    *,
    prompt: str,
    model: str | None = None,
    image_url: str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``fal/generate-video`` action node (Generate Video, fal.ai).

    Outputs: ``videoUrl``; read them in later nodes with ``blocks.ref``.

    >>> node = fal_generate_video(prompt="...")
    >>> node.data.config.action_type
    'fal/generate-video'

    Args:
        prompt: ``prompt`` (template-textarea, required).
        model: ``model`` (select). One of ``fal-ai/minimax-video``, ``fal-ai/kling-
            video/v1/standard/text-to-video``, ``fal-ai/kling-video/v1.5/pro/text-to-video``,
            ``fal-ai/hunyuan-video``, ``fal-ai/luma-dream-machine``, ``fal-ai/runway-
            gen3/turbo/image-to-video``. Default ``fal-ai/minimax-video``.
        image_url: ``imageUrl`` (template-input).
        integration_id: The id of a stored ``fal`` integration (``integrationId``); left out,
            the step runs without credentials.
        label: The node's name (default ``Generate Video``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "model": _text(model, "model"),
        "prompt": _text(prompt, "prompt", required=True),
        "imageUrl": _text(image_url, "image_url"),
    }
    return _action_node(
        "fal/generate-video",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Generate Video",
        prefix="fal_generate_video",
    )


def fal_image_to_image(
    *,
    image_url: str,
    prompt: str,
    model: str | None = None,
    strength: str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``fal/image-to-image`` action node (Image to Image, fal.ai).

    Outputs: ``imageUrl``, ``width``, ``height``; read them in later nodes with ``blocks.ref``.

    >>> node = fal_image_to_image(image_url="...", prompt="...")
    >>> node.data.config.action_type
    'fal/image-to-image'

    Args:
        image_url: ``imageUrl`` (template-input, required).
        prompt: ``prompt`` (template-textarea, required).
        model: ``model`` (select). One of ``fal-ai/flux/dev/image-to-image``, ``fal-ai/flux-
            pro/v1/redux``. Default ``fal-ai/flux/dev/image-to-image``.
        strength: ``strength`` (select). One of ``0.25``, ``0.5``, ``0.75``, ``0.9``. Default
            ``0.75``.
        integration_id: The id of a stored ``fal`` integration (``integrationId``); left out,
            the step runs without credentials.
        label: The node's name (default ``Image to Image``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "model": _text(model, "model"),
        "imageUrl": _text(image_url, "image_url", required=True),
        "prompt": _text(prompt, "prompt", required=True),
        "strength": _text(strength, "strength"),
    }
    return _action_node(
        "fal/image-to-image",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Image to Image",
        prefix="fal_image_to_image",
    )


def fal_remove_background(
    *,
    image_url: str,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``fal/remove-background`` action node (Remove Background, fal.ai).

    Outputs: ``imageUrl``; read them in later nodes with ``blocks.ref``.

    >>> node = fal_remove_background(image_url="...")
    >>> node.data.config.action_type
    'fal/remove-background'

    Args:
        image_url: ``imageUrl`` (template-input, required).
        integration_id: The id of a stored ``fal`` integration (``integrationId``); left out,
            the step runs without credentials.
        label: The node's name (default ``Remove Background``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "imageUrl": _text(image_url, "image_url", required=True),
    }
    return _action_node(
        "fal/remove-background",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Remove Background",
        prefix="fal_remove_background",
    )


def fal_upscale_image(
    *,
    image_url: str,
    model: str | None = None,
    scale: str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``fal/upscale-image`` action node (Upscale Image, fal.ai).

    Outputs: ``imageUrl``, ``width``, ``height``; read them in later nodes with ``blocks.ref``.

    >>> node = fal_upscale_image(image_url="...")
    >>> node.data.config.action_type
    'fal/upscale-image'

    Args:
        image_url: ``imageUrl`` (template-input, required).
        model: ``model`` (select). One of ``fal-ai/creative-upscaler``, ``fal-ai/clarity-
            upscaler``, ``fal-ai/real-esrgan``. Default ``fal-ai/creative-upscaler``.
        scale: ``scale`` (select). One of ``2``, ``4``. Default ``2``.
        integration_id: The id of a stored ``fal`` integration (``integrationId``); left out,
            the step runs without credentials.
        label: The node's name (default ``Upscale Image``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "model": _text(model, "model"),
        "imageUrl": _text(image_url, "image_url", required=True),
        "scale": _text(scale, "scale"),
    }
    return _action_node(
        "fal/upscale-image",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Upscale Image",
        prefix="fal_upscale_image",
    )


def firecrawl_scrape(
    *, url: str, integration_id: str | None = None, label: str | None = None, id: str | None = None
) -> Node:
    """Build one ``firecrawl/scrape`` action node (Scrape URL, Firecrawl).

    Outputs: ``markdown``, ``metadata``; read them in later nodes with ``blocks.ref``.

    >>> node = firecrawl_scrape(url="...")
    >>> node.data.config.action_type
    'firecrawl/scrape'

    Args:
        url: ``url`` (template-input, required).
        integration_id: The id of a stored ``firecrawl`` integration (``integrationId``); left
            out, the step runs without credentials.
        label: The node's name (default ``Scrape URL``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "url": _text(url, "url", required=True),
    }
    return _action_node(
        "firecrawl/scrape",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Scrape URL",
        prefix="firecrawl_scrape",
    )


def firecrawl_search(
    *,
    query: str,
    limit: int | float | str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``firecrawl/search`` action node (Search Web, Firecrawl).

    Outputs: ``data``; read them in later nodes with ``blocks.ref``.

    >>> node = firecrawl_search(query="...")
    >>> node.data.config.action_type
    'firecrawl/search'

    Args:
        query: ``query`` (template-input, required).
        limit: ``limit`` (number).
        integration_id: The id of a stored ``firecrawl`` integration (``integrationId``); left
            out, the step runs without credentials.
        label: The node's name (default ``Search Web``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "query": _text(query, "query", required=True),
        "limit": _number_text(limit, "limit"),
    }
    return _action_node(
        "firecrawl/search",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Search Web",
        prefix="firecrawl_search",
    )


def github_create_issue(
    *,
    owner: str,
    repo: str,
    title: str,
    body: str | None = None,
    labels: str | None = None,
    assignees: str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``github/create-issue`` action node (Create Issue, GitHub).

    Outputs: ``id``, ``number``, ``title``, ``url``, ``state``; read them in later nodes with
    ``blocks.ref``.

    >>> node = github_create_issue(owner="...", repo="...", title="...")
    >>> node.data.config.action_type
    'github/create-issue'

    Args:
        owner: ``owner`` (template-input, required).
        repo: ``repo`` (template-input, required).
        title: ``title`` (template-input, required).
        body: ``body`` (template-textarea).
        labels: ``labels`` (template-input).
        assignees: ``assignees`` (template-input).
        integration_id: The id of a stored ``github`` integration (``integrationId``); left out,
            the step runs without credentials.
        label: The node's name (default ``Create Issue``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "owner": _text(owner, "owner", required=True),
        "repo": _text(repo, "repo", required=True),
        "title": _text(title, "title", required=True),
        "body": _text(body, "body"),
        "labels": _text(labels, "labels"),
        "assignees": _text(assignees, "assignees"),
    }
    return _action_node(
        "github/create-issue",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Create Issue",
        prefix="github_create_issue",
    )


def github_get_issue(
    *,
    owner: str,
    repo: str,
    issue_number: str,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``github/get-issue`` action node (Get Issue, GitHub).

    Outputs: ``id``, ``number``, ``title``, ``url``, ``state``, ``body``, ``labels``,
    ``assignees``, ``author``, ``createdAt``, ``updatedAt``, ``closedAt``, ``commentsCount``;
    read them in later nodes with ``blocks.ref``.

    >>> node = github_get_issue(owner="...", repo="...", issue_number="...")
    >>> node.data.config.action_type
    'github/get-issue'

    Args:
        owner: ``owner`` (template-input, required).
        repo: ``repo`` (template-input, required).
        issue_number: ``issueNumber`` (template-input, required).
        integration_id: The id of a stored ``github`` integration (``integrationId``); left out,
            the step runs without credentials.
        label: The node's name (default ``Get Issue``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "owner": _text(owner, "owner", required=True),
        "repo": _text(repo, "repo", required=True),
        "issueNumber": _text(issue_number, "issue_number", required=True),
    }
    return _action_node(
        "github/get-issue",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Get Issue",
        prefix="github_get_issue",
    )


def github_list_issues(
    *,
    owner: str,
    repo: str,
    state: str | None = None,
    labels: str | None = None,
    assignee: str | None = None,
    per_page: int | float | str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``github/list-issues`` action node (List Issues, GitHub).

    Outputs: ``issues``, ``count``; read them in later nodes with ``blocks.ref``.

    >>> node = github_list_issues(owner="...", repo="...")
    >>> node.data.config.action_type
    'github/list-issues'

    Args:
        owner: ``owner`` (template-input, required).
        repo: ``repo`` (template-input, required).
        state: ``state`` (select). One of ``open``, ``closed``, ``all``. Default ``open``.
        labels: ``labels`` (template-input).
        assignee: ``assignee`` (template-input).
        per_page: ``perPage`` (number). Default ``30``.
        integration_id: The id of a stored ``github`` integration (``integrationId``); left out,
            the step runs without credentials.
        label: The node's name (default ``List Issues``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "owner": _text(owner, "owner", required=True),
        "repo": _text(repo, "repo", required=True),
        "state": _text(state, "state"),
        "labels": _text(labels, "labels"),
        "assignee": _text(assignee, "assignee"),
        "perPage": _number_text(per_page, "per_page"),
    }
    return _action_node(
        "github/list-issues",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="List Issues",
        prefix="github_list_issues",
    )


def github_update_issue(
    *,
    owner: str,
    repo: str,
    issue_number: str,
    title: str | None = None,
    body: str | None = None,
    state: str | None = None,
    labels: str | None = None,
    assignees: str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``github/update-issue`` action node (Update Issue, GitHub).

    Outputs: ``id``, ``number``, ``title``, ``url``, ``state``; read them in later nodes with
    ``blocks.ref``.

    >>> node = github_update_issue(owner="...", repo="...", issue_number="...")
    >>> node.data.config.action_type
    'github/update-issue'

    Args:
        owner: ``owner`` (template-input, required).
        repo: ``repo`` (template-input, required).
        issue_number: ``issueNumber`` (template-input, required).
        title: ``title`` (template-input).
        body: ``body`` (template-textarea).
        state: ``state`` (select). One of ````, ``open``, ``closed``.
        labels: ``labels`` (template-input).
        assignees: ``assignees`` (template-input).
        integration_id: The id of a stored ``github`` integration (``integrationId``); left out,
            the step runs without credentials.
        label: The node's name (default ``Update Issue``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "owner": _text(owner, "owner", required=True),
        "repo": _text(repo, "repo", required=True),
        "issueNumber": _text(issue_number, "issue_number", required=True),
        "title": _text(title, "title"),
        "body": _text(body, "body"),
        "state": _text(state, "state"),
        "labels": _text(labels, "labels"),
        "assignees": _text(assignees, "assignees"),
    }
    return _action_node(
        "github/update-issue",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Update Issue",
        prefix="github_update_issue",
    )


def linear_create_ticket(
    *,
    ticket_title: str,
    ticket_description: str | None = None,
    ticket_priority: str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``linear/create-ticket`` action node (Create Ticket, Linear).

    Outputs: ``id``, ``url``, ``title``; read them in later nodes with ``blocks.ref``.

    >>> node = linear_create_ticket(ticket_title="...")
    >>> node.data.config.action_type
    'linear/create-ticket'

    Args:
        ticket_title: ``ticketTitle`` (template-input, required).
        ticket_description: ``ticketDescription`` (template-textarea).
        ticket_priority: ``ticketPriority`` (select). One of ``0``, ``1``, ``2``, ``3``, ``4``.
            Default ``2``.
        integration_id: The id of a stored ``linear`` integration (``integrationId``); left out,
            the step runs without credentials.
        label: The node's name (default ``Create Ticket``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "ticketTitle": _text(ticket_title, "ticket_title", required=True),
        "ticketDescription": _text(ticket_description, "ticket_description"),
        "ticketPriority": _text(ticket_priority, "ticket_priority"),
    }
    return _action_node(
        "linear/create-ticket",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Create Ticket",
        prefix="linear_create_ticket",
    )


def linear_find_issues(
    *,
    linear_assignee_id: str | None = None,
    linear_team_id: str | None = None,
    linear_status: str | None = None,
    linear_label: str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``linear/find-issues`` action node (Find Issues, Linear).

    Outputs: ``issues``, ``count``; read them in later nodes with ``blocks.ref``.

    >>> node = linear_find_issues()
    >>> node.data.config.action_type
    'linear/find-issues'

    Args:
        linear_assignee_id: ``linearAssigneeId`` (template-input).
        linear_team_id: ``linearTeamId`` (template-input).
        linear_status: ``linearStatus`` (select). One of ``any``, ``backlog``, ``todo``,
            ``in_progress``, ``done``, ``canceled``. Default ``any``.
        linear_label: ``linearLabel`` (template-input).
        integration_id: The id of a stored ``linear`` integration (``integrationId``); left out,
            the step runs without credentials.
        label: The node's name (default ``Find Issues``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "linearAssigneeId": _text(linear_assignee_id, "linear_assignee_id"),
        "linearTeamId": _text(linear_team_id, "linear_team_id"),
        "linearStatus": _text(linear_status, "linear_status"),
        "linearLabel": _text(linear_label, "linear_label"),
    }
    return _action_node(
        "linear/find-issues",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Find Issues",
        prefix="linear_find_issues",
    )


def perplexity_ask(
    *,
    question: str,
    system_prompt: str | None = None,
    model: str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``perplexity/ask`` action node (Ask Question, Perplexity).

    Outputs: ``answer``, ``citations``, ``model``; read them in later nodes with ``blocks.ref``.

    >>> node = perplexity_ask(question="...")
    >>> node.data.config.action_type
    'perplexity/ask'

    Args:
        question: ``question`` (template-textarea, required).
        system_prompt: ``systemPrompt`` (template-textarea).
        model: ``model`` (select). One of ``sonar``, ``sonar-pro``, ``sonar-reasoning``. Default
            ``sonar``.
        integration_id: The id of a stored ``perplexity`` integration (``integrationId``); left
            out, the step runs without credentials.
        label: The node's name (default ``Ask Question``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "question": _text(question, "question", required=True),
        "systemPrompt": _text(system_prompt, "system_prompt"),
        "model": _text(model, "model"),
    }
    return _action_node(
        "perplexity/ask",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Ask Question",
        prefix="perplexity_ask",
    )


def perplexity_research(
    *,
    topic: str,
    depth: str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``perplexity/research`` action node (Research Topic, Perplexity).

    Outputs: ``report``, ``citations``, ``model``; read them in later nodes with ``blocks.ref``.

    >>> node = perplexity_research(topic="...")
    >>> node.data.config.action_type
    'perplexity/research'

    Args:
        topic: ``topic`` (template-textarea, required).
        depth: ``depth`` (select). One of ``brief``, ``detailed``, ``comprehensive``. Default
            ``detailed``.
        integration_id: The id of a stored ``perplexity`` integration (``integrationId``); left
            out, the step runs without credentials.
        label: The node's name (default ``Research Topic``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "topic": _text(topic, "topic", required=True),
        "depth": _text(depth, "depth"),
    }
    return _action_node(
        "perplexity/research",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Research Topic",
        prefix="perplexity_research",
    )


def perplexity_search(
    *,
    query: str,
    search_focus: str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``perplexity/search`` action node (Search Web, Perplexity).

    Outputs: ``answer``, ``citations``, ``model``; read them in later nodes with ``blocks.ref``.

    >>> node = perplexity_search(query="...")
    >>> node.data.config.action_type
    'perplexity/search'

    Args:
        query: ``query`` (template-input, required).
        search_focus: ``searchFocus`` (select). One of ``internet``, ``academic``, ``news``,
            ``youtube``, ``reddit``. Default ``internet``.
        integration_id: The id of a stored ``perplexity`` integration (``integrationId``); left
            out, the step runs without credentials.
        label: The node's name (default ``Search Web``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "query": _text(query, "query", required=True),
        "searchFocus": _text(search_focus, "search_focus"),
    }
    return _action_node(
        "perplexity/search",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Search Web",
        prefix="perplexity_search",
    )


def resend_send_email(
    *,
    email_to: str,
    email_subject: str,
    email_body: str,
    email_from: str | None = None,
    email_cc: str | None = None,
    email_bcc: str | None = None,
    email_reply_to: str | None = None,
    email_scheduled_at: str | None = None,
    email_topic_id: str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``resend/send-email`` action node (Send Email, Resend).

    Outputs: ``id``; read them in later nodes with ``blocks.ref``.

    >>> node = resend_send_email(email_to="...", email_subject="...", email_body="...")
    >>> node.data.config.action_type
    'resend/send-email'

    Args:
        email_to: ``emailTo`` (template-input, required).
        email_subject: ``emailSubject`` (template-input, required).
        email_body: ``emailBody`` (template-textarea, required).
        email_from: ``emailFrom`` (template-input).
        email_cc: ``emailCc`` (template-input).
        email_bcc: ``emailBcc`` (template-input).
        email_reply_to: ``emailReplyTo`` (template-input).
        email_scheduled_at: ``emailScheduledAt`` (template-input).
        email_topic_id: ``emailTopicId`` (template-input).
        integration_id: The id of a stored ``resend`` integration (``integrationId``); left out,
            the step runs without credentials.
        label: The node's name (default ``Send Email``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "emailFrom": _text(email_from, "email_from"),
        "emailTo": _text(email_to, "email_to", required=True),
        "emailSubject": _text(email_subject, "email_subject", required=True),
        "emailBody": _text(email_body, "email_body", required=True),
        "emailCc": _text(email_cc, "email_cc"),
        "emailBcc": _text(email_bcc, "email_bcc"),
        "emailReplyTo": _text(email_reply_to, "email_reply_to"),
        "emailScheduledAt": _text(email_scheduled_at, "email_scheduled_at"),
        "emailTopicId": _text(email_topic_id, "email_topic_id"),
    }
    return _action_node(
        "resend/send-email",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Send Email",
        prefix="resend_send_email",
    )


def slack_send_message(
    *,
    slack_channel: str,
    slack_message: str,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``slack/send-message`` action node (Send Slack Message, Slack).

    Outputs: ``ts``, ``channel``; read them in later nodes with ``blocks.ref``.

    >>> node = slack_send_message(slack_channel="...", slack_message="...")
    >>> node.data.config.action_type
    'slack/send-message'

    Args:
        slack_channel: ``slackChannel`` (text, required).
        slack_message: ``slackMessage`` (template-textarea, required).
        integration_id: The id of a stored ``slack`` integration (``integrationId``); left out,
            the step runs without credentials.
        label: The node's name (default ``Send Slack Message``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "slackChannel": _text(slack_channel, "slack_channel", required=True),
        "slackMessage": _text(slack_message, "slack_message", required=True),
    }
    return _action_node(
        "slack/send-message",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Send Slack Message",
        prefix="slack_send_message",
    )


def stripe_create_customer(
    *,
    email: str,
    name: str | None = None,
    phone: str | None = None,
    description: str | None = None,
    metadata: str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``stripe/create-customer`` action node (Create Customer, Stripe).

    Outputs: ``id``, ``email``; read them in later nodes with ``blocks.ref``.

    >>> node = stripe_create_customer(email="...")
    >>> node.data.config.action_type
    'stripe/create-customer'

    Args:
        email: ``email`` (template-input, required).
        name: ``name`` (template-input).
        phone: ``phone`` (template-input).
        description: ``description`` (template-input).
        metadata: ``metadata`` (template-textarea).
        integration_id: The id of a stored ``stripe`` integration (``integrationId``); left out,
            the step runs without credentials.
        label: The node's name (default ``Create Customer``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "email": _text(email, "email", required=True),
        "name": _text(name, "name"),
        "phone": _text(phone, "phone"),
        "description": _text(description, "description"),
        "metadata": _text(metadata, "metadata"),
    }
    return _action_node(
        "stripe/create-customer",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Create Customer",
        prefix="stripe_create_customer",
    )


def stripe_create_invoice(
    *,
    customer_id: str,
    line_items: str,
    description: str | None = None,
    days_until_due: int | float | str | None = None,
    auto_advance: str | None = None,
    collection_method: str | None = None,
    metadata: str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``stripe/create-invoice`` action node (Create Invoice, Stripe).

    Outputs: ``id``, ``number``, ``hostedInvoiceUrl``, ``status``; read them in later nodes with
    ``blocks.ref``.

    >>> node = stripe_create_invoice(customer_id="...", line_items="...")
    >>> node.data.config.action_type
    'stripe/create-invoice'

    Args:
        customer_id: ``customerId`` (template-input, required).
        line_items: ``lineItems`` (template-textarea, required).
        description: ``description`` (template-input).
        days_until_due: ``daysUntilDue`` (number). Default ``30``.
        auto_advance: ``autoAdvance`` (select). One of ``true``, ``false``. Default ``true``.
        collection_method: ``collectionMethod`` (select). One of ``send_invoice``,
            ``charge_automatically``. Default ``send_invoice``.
        metadata: ``metadata`` (template-textarea).
        integration_id: The id of a stored ``stripe`` integration (``integrationId``); left out,
            the step runs without credentials.
        label: The node's name (default ``Create Invoice``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "customerId": _text(customer_id, "customer_id", required=True),
        "description": _text(description, "description"),
        "lineItems": _text(line_items, "line_items", required=True),
        "daysUntilDue": _number_text(days_until_due, "days_until_due"),
        "autoAdvance": _text(auto_advance, "auto_advance"),
        "collectionMethod": _text(collection_method, "collection_method"),
        "metadata": _text(metadata, "metadata"),
    }
    return _action_node(
        "stripe/create-invoice",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Create Invoice",
        prefix="stripe_create_invoice",
    )


def stripe_get_customer(
    *,
    customer_id: str | None = None,
    email: str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``stripe/get-customer`` action node (Get Customer, Stripe).

    Outputs: ``id``, ``email``, ``name``, ``created``; read them in later nodes with
    ``blocks.ref``.

    >>> node = stripe_get_customer()
    >>> node.data.config.action_type
    'stripe/get-customer'

    Args:
        customer_id: ``customerId`` (template-input).
        email: ``email`` (template-input).
        integration_id: The id of a stored ``stripe`` integration (``integrationId``); left out,
            the step runs without credentials.
        label: The node's name (default ``Get Customer``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "customerId": _text(customer_id, "customer_id"),
        "email": _text(email, "email"),
    }
    return _action_node(
        "stripe/get-customer",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Get Customer",
        prefix="stripe_get_customer",
    )


def superagent_guard(
    *, text: str, integration_id: str | None = None, label: str | None = None, id: str | None = None
) -> Node:
    """Build one ``superagent/guard`` action node (Guard, Superagent).

    Outputs: ``classification``, ``violationTypes``, ``cweCodes``, ``reasoning``; read them in
    later nodes with ``blocks.ref``.

    >>> node = superagent_guard(text="...")
    >>> node.data.config.action_type
    'superagent/guard'

    Args:
        text: ``text`` (template-textarea, required).
        integration_id: The id of a stored ``superagent`` integration (``integrationId``); left
            out, the step runs without credentials.
        label: The node's name (default ``Guard``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "text": _text(text, "text", required=True),
    }
    return _action_node(
        "superagent/guard",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Guard",
        prefix="superagent_guard",
    )


def superagent_redact(
    *,
    text: str,
    entities: str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``superagent/redact`` action node (Redact, Superagent).

    Outputs: ``redactedText``, ``reasoning``; read them in later nodes with ``blocks.ref``.

    >>> node = superagent_redact(text="...")
    >>> node.data.config.action_type
    'superagent/redact'

    Args:
        text: ``text`` (template-textarea, required).
        entities: ``entities`` (text).
        integration_id: The id of a stored ``superagent`` integration (``integrationId``); left
            out, the step runs without credentials.
        label: The node's name (default ``Redact``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "text": _text(text, "text", required=True),
        "entities": _text(entities, "entities"),
    }
    return _action_node(
        "superagent/redact",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Redact",
        prefix="superagent_redact",
    )


def v0_create_chat(
    *,
    message: str,
    system: str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``v0/create-chat`` action node (Create Chat, v0).

    Outputs: ``chatId``, ``url``, ``demoUrl``; read them in later nodes with ``blocks.ref``.

    >>> node = v0_create_chat(message="...")
    >>> node.data.config.action_type
    'v0/create-chat'

    Args:
        message: ``message`` (template-textarea, required).
        system: ``system`` (template-textarea).
        integration_id: The id of a stored ``v0`` integration (``integrationId``); left out, the
            step runs without credentials.
        label: The node's name (default ``Create Chat``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "message": _text(message, "message", required=True),
        "system": _text(system, "system"),
    }
    return _action_node(
        "v0/create-chat",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Create Chat",
        prefix="v0_create_chat",
    )


def v0_send_message(
    *,
    chat_id: str,
    message: str,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``v0/send-message`` action node (Send Message, v0).

    Outputs: ``chatId``, ``demoUrl``; read them in later nodes with ``blocks.ref``.

    >>> node = v0_send_message(chat_id="...", message="...")
    >>> node.data.config.action_type
    'v0/send-message'

    Args:
        chat_id: ``chatId`` (template-input, required).
        message: ``message`` (template-textarea, required).
        integration_id: The id of a stored ``v0`` integration (``integrationId``); left out, the
            step runs without credentials.
        label: The node's name (default ``Send Message``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "chatId": _text(chat_id, "chat_id", required=True),
        "message": _text(message, "message", required=True),
    }
    return _action_node(
        "v0/send-message",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Send Message",
        prefix="v0_send_message",
    )


def webflow_get_site(
    *,
    site_id: str,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``webflow/get-site`` action node (Get Site, Webflow).

    Outputs: ``id``, ``displayName``, ``shortName``, ``previewUrl``, ``lastPublished``,
    ``customDomains``; read them in later nodes with ``blocks.ref``.

    >>> node = webflow_get_site(site_id="...")
    >>> node.data.config.action_type
    'webflow/get-site'

    Args:
        site_id: ``siteId`` (template-input, required).
        integration_id: The id of a stored ``webflow`` integration (``integrationId``); left
            out, the step runs without credentials.
        label: The node's name (default ``Get Site``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "siteId": _text(site_id, "site_id", required=True),
    }
    return _action_node(
        "webflow/get-site",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Get Site",
        prefix="webflow_get_site",
    )


def webflow_list_sites(
    *, integration_id: str | None = None, label: str | None = None, id: str | None = None
) -> Node:
    """Build one ``webflow/list-sites`` action node (List Sites, Webflow).

    Outputs: ``sites``, ``count``; read them in later nodes with ``blocks.ref``.

    >>> node = webflow_list_sites()
    >>> node.data.config.action_type
    'webflow/list-sites'

    Args:
        integration_id: The id of a stored ``webflow`` integration (``integrationId``); left
            out, the step runs without credentials.
        label: The node's name (default ``List Sites``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {}
    return _action_node(
        "webflow/list-sites",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="List Sites",
        prefix="webflow_list_sites",
    )


def webflow_publish_site(
    *,
    site_id: str,
    publish_to_webflow_subdomain: str | None = None,
    custom_domain_ids: str | None = None,
    integration_id: str | None = None,
    label: str | None = None,
    id: str | None = None,
) -> Node:
    """Build one ``webflow/publish-site`` action node (Publish Site, Webflow).

    Outputs: ``publishedDomains``, ``publishedToSubdomain``; read them in later nodes with
    ``blocks.ref``.

    >>> node = webflow_publish_site(site_id="...")
    >>> node.data.config.action_type
    'webflow/publish-site'

    Args:
        site_id: ``siteId`` (template-input, required).
        publish_to_webflow_subdomain: ``publishToWebflowSubdomain`` (select). One of ``true``,
            ``false``. Default ``true``.
        custom_domain_ids: ``customDomainIds`` (template-input).
        integration_id: The id of a stored ``webflow`` integration (``integrationId``); left
            out, the step runs without credentials.
        label: The node's name (default ``Publish Site``).
        id: The node's id (default: a readable unique id).

    Returns:
        The node, as the dashboard stores it.

    Raises:
        SkytellsError: ``SDK_ERROR`` for an argument of the wrong type or an empty
            required one.
    """
    config: dict[str, object] = {
        "siteId": _text(site_id, "site_id", required=True),
        "publishToWebflowSubdomain": _text(
            publish_to_webflow_subdomain, "publish_to_webflow_subdomain"
        ),
        "customDomainIds": _text(custom_domain_ids, "custom_domain_ids"),
    }
    return _action_node(
        "webflow/publish-site",
        config,
        label=label,
        node_id=id,
        integration_id=integration_id,
        default_label="Publish Site",
        prefix="webflow_publish_site",
    )
