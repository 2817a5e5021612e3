"""Teams on Slack: the app invited to a channel (member_joined_channel for the bot) registers its
team, removal deactivates it, and `/drill team ...` typed in the channel configures it (the
person who invited the app, or workspace admins)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError

from bot.channels.slack import blocks
from bot.channels.slack.sender import CHANNEL, Poster
from bot.channels.slack.team_delivery import team_channel_pacer
from bot.dialogue.flows.team import welcome_md
from bot.dialogue.inputs import Group
from bot.render.messages import lang_of

if TYPE_CHECKING:
    from bot.channels.slack.handlers import Deps

logger = logging.getLogger(__name__)
TEAM_COMMAND = "/drill team"


async def on_member_joined(deps: Deps, event: dict[str, Any], bot_user_id: str | None) -> None:
    """Someone joined a channel; when it is the app, the channel becomes a team."""
    if not bot_user_id or event.get("user") != bot_user_id:
        return
    channel = event.get("channel", "")
    client = deps.poster.client
    title = None
    try:
        title = (await client.conversations_info(channel=channel))["channel"].get("name")
    except SlackApiError as error:  # the name is a nicety
        logger.info("No name for Slack channel %s: %s", channel, error.response.get("error"))
    teams = deps.service.teams
    team, _created = await teams.register(
        CHANNEL, channel, title=f"#{title}" if title else None, owner_id=event.get("inviter")
    )
    md = welcome_md(team, lang_of(team.language), TEAM_COMMAND)
    try:
        poster = Poster(deps.poster.client, team_channel_pacer())
        await poster.post(channel, blocks.markdown_messages(md), blocks.fallback_text(md))
    except SlackApiError as error:
        logger.warning("Could not greet Slack team %s: %s", team.id, error.response.get("error"))


async def on_left(deps: Deps, channel: str) -> None:
    """The app was removed from the channel: nothing more goes there."""
    team = await deps.service.teams.find(CHANNEL, channel)
    if team is not None and team.active:
        await deps.service.teams.deactivate(team.id)
        logger.info("Slack team %s: the app was removed; deactivated", team.id)


def group_of(deps: Deps, command: dict[str, Any]) -> Group | None:
    """The channel a slash command was typed in, unless it is a direct message."""
    channel, user = command.get("channel_id") or "", command.get("user_id") or ""
    if not channel or channel.startswith("D"):
        return None

    async def is_admin() -> bool:
        team = await deps.service.teams.find(CHANNEL, channel)
        if team is not None and team.owner_id == user:
            return True
        info = (await deps.poster.client.users_info(user=user))["user"]
        return bool(info.get("is_admin") or info.get("is_owner"))

    name = command.get("channel_name")
    return Group(channel, f"#{name}" if name else None, is_admin)
