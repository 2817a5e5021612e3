"""Keep users' answers and API keys out of the log, whatever the configured log level.

At DEBUG the openai client logs request bodies and aiosqlite logs every statement with its
parameters; python-telegram-bot logs every update and every message it sends, and slack_sdk
and slack_bolt every request and payload: all would write the user's answer (or what the bot
says back about it) to the log. Their level is raised so that these lines are never emitted,
keeping their warnings and errors. (httpx logs only URLs and status lines, which carry neither.)
"""

from __future__ import annotations

import logging

CHATTY_LOGGERS = {
    "openai": logging.WARNING,
    "aiosqlite": logging.WARNING,
    "telegram": logging.INFO,
    "slack_sdk": logging.INFO,
    "slack_bolt": logging.INFO,
    "bot.channels.slack.bolt": logging.INFO,  # the Slack app's own bolt logger
}


def keep_answers_out_of_logs() -> None:
    for name, floor in CHATTY_LOGGERS.items():
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() < floor:
            logger.setLevel(floor)
