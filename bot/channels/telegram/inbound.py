"""Crash-safe input: every update is stored before Telegram learns that it arrived.

Polling confirms a batch only by asking for the next one (the getUpdates offset), so the offset
moves past a batch only after the batch is committed (one transaction); a webhook request is
answered 200 only after its update is committed. Updates are then handled one by one from that
record and marked handled; a start-up first finishes whatever an earlier process left, so a
kill -9 loses no tap. Telegram may deliver an update again after a crash: its id is already
stored and it is not handled twice (and a rating is idempotent in the practice service).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from telegram import Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application

from bot.channels.retry import Backoff, keep_trying
from bot.channels.telegram.sender import CHANNEL
from bot.storage import Store

logger = logging.getLogger(__name__)
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]
POLL_TIMEOUT = 10  # seconds a getUpdates call waits for news (long polling)
PRUNE_EVERY = 200  # handled updates between two clean-ups of the table


class Inbox:
    """The stored updates of one bot and the worker that handles them in arrival order."""

    def __init__(self, application: Application, store: Store) -> None:
        self.application = application
        self.store = store
        self._queue: asyncio.Queue[tuple[int, str]] = asyncio.Queue()
        self._handled = 0

    async def receive(self, updates: Sequence[dict[str, Any]]) -> None:
        """Commit a batch (one transaction); only then may it be acknowledged to Telegram."""
        if not updates:
            return
        bodies = {int(u["update_id"]): json.dumps(u, ensure_ascii=False) for u in updates}
        async with self.store.unit(write=True) as uow:
            fresh = await uow.inbox.record(CHANNEL, list(bodies.items()), _now())
        for update_id in fresh:
            self._queue.put_nowait((update_id, bodies[update_id]))

    async def resume(self) -> None:
        """Queue what an earlier run stored but did not handle; before anything is received,
        so that nothing is queued twice."""
        async with self.store.unit() as uow:
            left = await uow.inbox.pending(CHANNEL)
        if left:
            logger.info("handling %d Telegram update(s) left by the previous run", len(left))
        for item in left:
            self._queue.put_nowait(item)

    async def run(self, stop: asyncio.Event) -> None:
        """Handle the queued updates until `stop`: each chat's in arrival order, other chats'
        meanwhile (the application's update processor), so nobody waits behind a busy chat."""
        handling: set[asyncio.Task[None]] = set()
        try:
            while not stop.is_set():
                item = await _until_stopped(self._queue.get(), stop)
                if item is None:
                    return
                task = asyncio.create_task(self._dispatch(*item))
                handling.add(task)
                task.add_done_callback(handling.discard)
        finally:
            await asyncio.gather(*handling, return_exceptions=True)

    async def _dispatch(self, update_id: int, body: str) -> None:
        try:
            update = Update.de_json(json.loads(body), self.application.bot)
        except Exception:  # a broken update: recorded as handled, never retried
            logger.exception("Telegram update %s could not be read", update_id)
            await self._handled_now(update_id, self.store.deletions)
            return
        processor = self.application.update_processor
        await processor.process_update(update, self._handle(update_id, update))

    async def _handle(self, update_id: int, update: Update) -> None:
        deletions = self.store.deletions
        try:
            await self.application.process_update(update)
        except Exception:  # PTB reports handler errors itself; this is a broken update
            logger.exception("Telegram update %s could not be handled", update_id)
        await self._handled_now(update_id, deletions)

    async def _handled_now(self, update_id: int, deletions: int) -> None:
        try:
            async with self.store.unit(write=True) as uow:
                await uow.inbox.mark_handled(CHANNEL, update_id, _now())
                self._handled += 1
                if self._handled % PRUNE_EVERY == 0:
                    await uow.inbox.prune(CHANNEL)
            if self.store.deletions != deletions:
                # A user was forgotten: the page that held this update's text (their name)
                # was just rewritten, so copy it over the old one in the main file too.
                await self.store.checkpoint()
        except Exception:  # left pending: the next start handles it again, idempotently
            logger.exception("Telegram update %s not marked handled", update_id)


async def poll(application: Application, inbox: Inbox, stop: asyncio.Event) -> None:
    """Long-poll getUpdates until `stop`; each batch is stored before the next call confirms it.

    A network failure, an API error or a failed write is logged (one line per attempt) and
    retried with backoff, the batch unconfirmed; only a rejected token stops the bot.
    """
    bot = application.bot
    await keep_trying("Telegram deleteWebhook", bot.delete_webhook, stop, (NetworkError,), logger)
    offset: int | None = None
    backoff = Backoff()
    while not stop.is_set():
        try:
            updates = await _until_stopped(
                bot.get_updates(
                    offset=offset, timeout=POLL_TIMEOUT, allowed_updates=ALLOWED_UPDATES
                ),
                stop,
            )
        except InvalidToken:
            raise
        except TelegramError as error:  # NetworkError, TimedOut, 5xx, Conflict
            delay = backoff.next()
            logger.warning("Telegram getUpdates failed (%s); retrying in %.1f s", error, delay)
            await _sleep_unless_stopped(delay, stop)
            continue
        if updates is None:
            return
        try:
            await inbox.receive([u.to_dict() for u in updates])
        except Exception as error:
            delay = backoff.next()
            logger.error(
                "%d Telegram update(s) not stored, so not confirmed (%s); retrying in %.1f s",
                len(updates),
                error,
                delay,
            )
            await _sleep_unless_stopped(delay, stop)
            continue
        backoff.reset()
        if updates:
            offset = updates[-1].update_id + 1  # the next call tells Telegram they are stored


def update_json(body: Any) -> dict[str, Any] | None:
    """The update in a webhook body, or None when it is not one."""
    if not isinstance(body, dict) or not isinstance(body.get("update_id"), int):
        return None
    try:
        Update.de_json(body, None)
    except Exception:  # PTB raises whatever the malformed field causes
        return None
    return body


async def _until_stopped(awaitable: Any, stop: asyncio.Event) -> Any:
    """The awaitable's result, or None (the awaitable cancelled) once `stop` is set."""
    task = asyncio.ensure_future(awaitable)
    stopped = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopped.cancel()
    if task.done():
        return task.result()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    return None


async def _sleep_unless_stopped(seconds: float, stop: asyncio.Event) -> None:
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except TimeoutError:
        pass


def _now() -> datetime:
    return datetime.now(UTC)
