"""Who is pressing: Slack users become practice users keyed by their Slack user id."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack.sender import CHANNEL
from bot.domain.errors import AccessDenied
from bot.domain.models import Registration
from bot.domain.practice import PracticeService


async def register_slack_user(
    service: PracticeService, client: AsyncWebClient, slack_user_id: str
) -> Registration:
    """The user, created on first contact with their Slack timezone, locale and DM channel.

    Known users cost no Web API call; registering again reactivates one marked unreachable.
    """
    if not service.is_allowed(CHANNEL, slack_user_id):  # before any Web API call
        raise AccessDenied(user_id=slack_user_id)
    known = await service.find_user(CHANNEL, slack_user_id)
    if known is not None and known.chat_id:
        return await service.register(CHANNEL, slack_user_id)
    info = (await client.users_info(user=slack_user_id, include_locale=True))["user"]
    dm = (await client.conversations_open(users=slack_user_id))["channel"]["id"]
    profile = info.get("profile") or {}
    return await service.register(
        CHANNEL,
        slack_user_id,
        chat_id=dm,
        display_name=profile.get("display_name") or info.get("real_name") or info.get("name"),
        language=info.get("locale"),
        timezone=info.get("tz"),
    )
