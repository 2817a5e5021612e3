"""Web API clients pointed at `slack.api_base_url` (Slack's, or a fake server in tests)."""

from __future__ import annotations

from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import SlackSettings

RATE_LIMIT_RETRIES = 3


def api_base_url(slack: SlackSettings) -> str:
    # The client appends the method name ("chat.postMessage") to the base URL as it is.
    return slack.api_base_url if slack.api_base_url.endswith("/") else slack.api_base_url + "/"


def _token(slack: SlackSettings) -> str:
    if not slack.bot_token:
        raise ValueError("SLACK_BOT_TOKEN is not set")
    return slack.bot_token.reveal()


def interactive_client(slack: SlackSettings) -> AsyncWebClient:
    """For replies to commands and buttons: waits out a 429 (Retry-After) and retries a
    dropped connection, since the user is waiting and nothing else would resend."""
    return AsyncWebClient(
        token=_token(slack),
        base_url=api_base_url(slack),
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(),
            AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        ],
    )


def delivery_client(slack: SlackSettings) -> AsyncWebClient:
    """For the daily send queue: no retries of its own, so errors reach the queue unchanged."""
    return AsyncWebClient(token=_token(slack), base_url=api_base_url(slack), retry_handlers=[])
