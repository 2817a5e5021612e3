"""Turn Markdown answers into what each channel can show: Telegram HTML, Slack mrkdwn, or
terminal text, split to the channel's message limits."""

from bot.render.slack_mrkdwn import escape_slack, markdown_to_mrkdwn, mrkdwn_blocks
from bot.render.split import (
    SLACK_SECTION_LIMIT,
    TELEGRAM_LIMIT,
    split_mrkdwn,
    split_telegram_html,
    telegram_len,
)
from bot.render.telegram_html import escape_telegram_html, markdown_to_telegram_html
from bot.render.terminal_text import markdown_to_terminal


def telegram_html(md: str) -> str:
    return markdown_to_telegram_html(md)


def telegram_messages(md: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Telegram HTML messages for `md`, each within `limit` and well-formed on its own."""
    return split_telegram_html(markdown_to_telegram_html(md), limit)


def slack_mrkdwn(md: str) -> str:
    return markdown_to_mrkdwn(md)


def slack_sections(md: str) -> list[str]:
    """mrkdwn texts for `md`, each short enough for one Block Kit section."""
    return split_mrkdwn(markdown_to_mrkdwn(md), SLACK_SECTION_LIMIT)


def terminal_text(md: str, width: int = 80, color: bool = True) -> str:
    return markdown_to_terminal(md, width, color)


__all__ = [
    "escape_slack",
    "escape_telegram_html",
    "mrkdwn_blocks",
    "slack_mrkdwn",
    "slack_sections",
    "split_mrkdwn",
    "split_telegram_html",
    "telegram_html",
    "telegram_len",
    "telegram_messages",
    "terminal_text",
]
