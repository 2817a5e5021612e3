"""Keep users' answers and API keys out of the log, whatever the configured log level.

At DEBUG the openai client logs request bodies and aiosqlite logs every statement with its
parameters: both would write the user's answer to the log. Their level is raised to WARNING,
which keeps their errors. (httpx logs only URLs and status lines, which carry neither.)
"""

from __future__ import annotations

import logging

CHATTY_LOGGERS = ("openai", "aiosqlite")


def keep_answers_out_of_logs() -> None:
    for name in CHATTY_LOGGERS:
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() < logging.WARNING:
            logger.setLevel(logging.WARNING)
