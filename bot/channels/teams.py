"""The channels with group chats, as team delivery sees them (built from the settings)."""

from __future__ import annotations

from bot.config import Settings
from bot.delivery.team_ports import TeamChannel


def team_channels(settings: Settings) -> list[TeamChannel]:
    """Every enabled channel with group chats."""
    channels: list[TeamChannel] = []
    if settings.telegram_enabled:
        from bot.channels.telegram.team_delivery import TelegramTeamDelivery

        channels.append(TelegramTeamDelivery.from_settings(settings.telegram))
    if settings.slack_enabled:
        from bot.channels.slack.clients import delivery_client
        from bot.channels.slack.team_delivery import SlackTeamDelivery

        channels.append(SlackTeamDelivery(delivery_client(settings.slack)))
    return channels
