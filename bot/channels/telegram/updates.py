"""Updates of one chat in order, different chats at once.

PTB handles updates one after another by default: during a send-out every reply waits for its
slots of the shared send budget, and each user would wait behind everyone who tapped before.
Here one chat's updates still run in order (a double tap never races itself), while other
chats' go on meanwhile.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT = 256


class PerChatUpdates(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT) -> None:
        super().__init__(max_concurrent_updates)
        self._chats: dict[int, tuple[asyncio.Lock, list[int]]] = {}  # lock, users of it

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock, users = self._chats.setdefault(chat.id, (asyncio.Lock(), [0]))
        users[0] += 1
        try:
            async with lock:
                await coroutine
        finally:
            users[0] -= 1
            if not users[0]:  # nobody holds or waits for it: forget the chat
                del self._chats[chat.id]

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
