"""HTTP for interactive replies: a Bot API outage of up to a minute delays a reply, never
loses it.

PTB gives up at once on a 5xx answer or a refused connection. Both mean the request was not
carried out, so repeating it cannot send a message twice; a timeout may mean it was, so it is
not repeated. (429s are the rate limiter's business.) Daily delivery does not use this: its
send queue does its own retrying and counting.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest

from bot.channels.retry import Backoff

logger = logging.getLogger(__name__)
RETRY_FOR_SECONDS = 60.0
MAX_DELAY = 8.0


class RetryingRequest(HTTPXRequest):
    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        loop = asyncio.get_running_loop()
        give_up = loop.time() + RETRY_FOR_SECONDS
        backoff = Backoff(cap=MAX_DELAY)
        while True:
            try:
                code, payload = await super().do_request(url, method, *args, **kwargs)
            except TimedOut:  # possibly carried out
                raise
            except NetworkError as error:  # not connected: nothing was sent
                if loop.time() >= give_up:
                    raise
                problem = str(error)
            else:
                if code < 500 or loop.time() >= give_up:
                    return code, payload
                problem = f"HTTP {code}"
            delay = backoff.next()
            logger.warning(
                "Telegram %s failed (%s); retrying in %.1f s", _method(url), problem, delay
            )
            await asyncio.sleep(delay)


def _method(url: str) -> str:
    """The API method of a request URL (never the token before it)."""
    return url.rsplit("/", 1)[-1]
