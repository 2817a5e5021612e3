"""Crash-safe input: every update is stored before Telegram learns that it arrived.

Polling confirms a batch only by asking for the next one (the getUpdates offset), so the offset
moves past a batch only after the batch is committed (one transaction); a webhook request is
answered 200 only after its update is committed. Updates are then handled from that record,
one chat at a time, and marked handled; a start-up first finishes whatever an earlier process
left, so a kill -9 loses no tap. Telegram may deliver an update again after a crash: its id is
already stored and it is not handled twice (and a rating is idempotent in the practice service).

Several instances behind a load balancer (PostgreSQL) may each store updates of one chat. The
instance that holds the chat's lock (store.chat_locks) handles ALL of the chat's stored
updates, in update id order; one that cannot get it leaves them to the holder, which looks
again once it lets go. Updates left by an instance that died are found by a periodic sweep.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
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
SWEEP_EVERY = 5.0  # seconds between two looks for updates nobody is handling
# Updates stored this long ago and not handled: their instance died (or is handling them,
# which the chat's lock tells apart).
LEFT_AFTER = timedelta(seconds=10)


class Inbox:
    """The stored updates of one bot and the handlers that work through them, chat by chat."""

    def __init__(self, application: Application, store: Store) -> None:
        self.application = application
        self.store = store
        self._draining: dict[int, asyncio.Task[None]] = {}  # chat -> its handler here
        self._news: set[int] = set()  # chats stored to while their handler was at work
        self._stopping = False
        self._handled = 0

    async def receive(self, updates: Sequence[dict[str, Any]]) -> None:
        """Commit a batch (one transaction); only then may it be acknowledged to Telegram."""
        if not updates:
            return
        rows = [
            (int(u["update_id"]), chat_of(u), json.dumps(u, ensure_ascii=False)) for u in updates
        ]
        async with self.store.unit(write=True) as uow:
            fresh = set(await uow.inbox.record(CHANNEL, rows, _now()))
        for chat in dict.fromkeys(chat for update_id, chat, _ in rows if update_id in fresh):
            self._handle_chat(chat)

    async def resume(self) -> None:
        """Handle what an earlier run stored but did not handle."""
        await self._sweep(_now())

    async def run(self, stop: asyncio.Event) -> None:
        """Sweep for updates left unhandled until `stop`, then let the handlers finish."""
        try:
            while not stop.is_set():
                await _sleep_unless_stopped(SWEEP_EVERY, stop)
                if stop.is_set():
                    break
                try:
                    await self._sweep(_now() - LEFT_AFTER)
                except Exception:  # the database: the next sweep tries again
                    logger.exception("looking for unhandled Telegram updates failed")
        finally:
            self._stopping = True  # what arrives now stays stored for the next start
            await asyncio.gather(*self._draining.values(), return_exceptions=True)

    async def _sweep(self, received_before: datetime) -> None:
        async with self.store.unit() as uow:
            chats = await uow.inbox.waiting_chats(CHANNEL, received_before)
        for chat in chats:
            self._handle_chat(chat)

    def _handle_chat(self, chat: int) -> None:
        """Make sure the chat's stored updates get handled: by a handler here, or by the
        instance holding the chat's lock."""
        if chat in self._draining:
            self._news.add(chat)  # its handler looks again before it ends
        elif not self._stopping:
            self._draining[chat] = asyncio.create_task(
                self._drain(chat), name=f"telegram-chat-{chat}"
            )

    async def _drain(self, chat: int) -> None:
        """Handle the chat's stored updates in order while holding its lock, until none is left."""
        tried: set[int] = set()  # an update whose mark failed waits for the next sweep
        try:
            while True:
                self._news.discard(chat)
                async with self.store.chat_locks.hold(CHANNEL, chat) as held:
                    if not held:  # another instance is at it and looks again when done
                        return
                    while items := [i for i in await self._pending(chat) if i[0] not in tried]:
                        for update_id, body in items:
                            tried.add(update_id)
                            await self._dispatch(update_id, body)
                # Stored by someone who found the chat locked while this one held it?
                if chat not in self._news and not [
                    i for i in await self._pending(chat) if i[0] not in tried
                ]:
                    return
        except Exception:  # the database: the updates stay stored, the sweep comes back
            logger.exception("Telegram updates of chat %s could not be handled now", chat)
        finally:
            # Here, not in a done callback: news arriving in between would find a finished
            # handler still listed and be left to the sweep.
            self._draining.pop(chat, None)

    async def _pending(self, chat: int) -> list[tuple[int, str]]:
        async with self.store.unit() as uow:
            return await uow.inbox.pending(CHANNEL, chat)

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
        except Exception:  # left pending: handled again, idempotently, by a later sweep
            logger.exception("Telegram update %s not marked handled", update_id)


def chat_of(update: dict[str, Any]) -> int:
    """The chat an update belongs to (0 for none): its updates are handled in order."""
    try:
        chat = Update.de_json(update, None).effective_chat
    except Exception:  # unreadable: handled (and refused) on its own
        return 0
    return chat.id if chat is not None else 0


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
