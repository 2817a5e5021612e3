"""Re-fit each user's FSRS parameters at most once a week, inside the running bot.

A plain coroutine on the bot's event loop (not an APScheduler job, whose plain functions run
in a worker thread without a loop); each fit itself runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import logging

from bot.domain.interview_service import InterviewService

log = logging.getLogger("bot.fsrs")
CHECK_SECONDS = 3600  # who is due is looked up hourly; each user is fitted weekly at most


async def run_refits(
    interviews: InterviewService, stop: asyncio.Event, every: float = CHECK_SECONDS
) -> None:
    while not stop.is_set():
        try:
            await refit_due(interviews, stop)
        except Exception:  # a failing fit must not stop the bot; the next check tries again
            log.exception("fitting FSRS parameters failed")
        try:
            await asyncio.wait_for(stop.wait(), every)
        except TimeoutError:
            pass


async def refit_due(interviews: InterviewService, stop: asyncio.Event | None = None) -> int:
    """Fit every user whose last fit is a week old or missing; returns how many were fitted."""
    fitted = 0
    for user_id in await interviews.users_due_for_fit():
        if stop is not None and stop.is_set():
            break
        result = await interviews.fit(user_id)
        fitted += 1
        log.info(
            "fitted FSRS parameters: user=%s reviews=%s personal=%s",
            user_id,
            result.reviews_used,
            result.in_use,
        )
    return fitted
