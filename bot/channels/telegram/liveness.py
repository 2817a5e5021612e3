"""Whether the Telegram channel is connected: polls answered recently, or the webhook listening."""

from __future__ import annotations

import time
from typing import Any

from telegram.ext import Updater
from telegram.request import HTTPXRequest

from bot.health import Probe

# Idle long polls are answered every 10 s; PTB retries a failed one within 30 s.
POLL_STALE_AFTER = 60.0


class AnsweredPolls(HTTPXRequest):
    """The getUpdates connection; notes when Telegram last answered a poll."""

    def __init__(self) -> None:
        super().__init__(connection_pool_size=1)  # PTB's own default for getUpdates
        self.answered_at: float | None = None

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        code, payload = await super().do_request(*args, **kwargs)
        if code == 200:
            self.answered_at = time.monotonic()
        return code, payload


def polling(updater: Updater, polls: AnsweredPolls) -> Probe:
    async def probe() -> str | None:
        if not updater.running:
            return "polling stopped"
        if polls.answered_at is None:
            return "no poll answered yet"
        silent = time.monotonic() - polls.answered_at
        return f"no poll answered for {silent:.0f} s" if silent > POLL_STALE_AFTER else None

    return probe
