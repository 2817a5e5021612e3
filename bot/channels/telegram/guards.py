"""Updates screened before any handler runs (handler group -1), at the transport level:

- personal practice happens in private chats only: a message in a group, or a press on a
  group message, changes no one's state (and never repoints a user's chat to the group);
- a second press of a one-shot button (show answer, one more, practise, forget) on the same
  message is only acknowledged: two quick taps act once. (A second rating is already answered
  "Already rated" by the practice service.)
"""

from __future__ import annotations

from collections import OrderedDict

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, ContextTypes, TypeHandler

from bot.channels.telegram import keyboards
from bot.dialogue import actions
from bot.render.messages import lang_of, t

GROUP = -1
# Buttons whose press removes their own keyboard: pressing them again is always a double tap.
ONE_SHOT_PREFIXES = (
    keyboards.WITH_ID[actions.SHOW_ANSWER] + ":",
    keyboards.WITH_ID[actions.PRACTISE] + ":",
    keyboards.FIXED[actions.MORE],
    keyboards.FIXED[actions.FORGET_YES],
    keyboards.FIXED[actions.FORGET_NO],
)
REMEMBERED_PRESSES = 10_000


class PressLog:
    """The one-shot presses seen lately, per (chat, message, data)."""

    def __init__(self, size: int = REMEMBERED_PRESSES) -> None:
        self.size = size
        self._seen: OrderedDict[tuple[int, int, str], None] = OrderedDict()

    def first(self, key: tuple[int, int, str]) -> bool:
        if key in self._seen:
            return False
        self._seen[key] = None
        if len(self._seen) > self.size:
            self._seen.popitem(last=False)
        return True


def screening_handler() -> TypeHandler:
    presses = PressLog()

    async def screen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        private = chat is None or chat.type == ChatType.PRIVATE
        query = update.callback_query
        if query is None:
            if not private:
                raise ApplicationHandlerStop  # groups are not for personal practice
            return
        data = query.data or ""
        if not private:
            user = update.effective_user
            lang = lang_of(user.language_code if user else None)
            await query.answer(t("stale_button", lang))
            raise ApplicationHandlerStop
        message = query.message
        if message is not None and data.startswith(ONE_SHOT_PREFIXES):
            if not presses.first((message.chat.id, message.message_id, data)):
                await query.answer()  # the first press is doing (or did) the work
                raise ApplicationHandlerStop

    return TypeHandler(Update, screen)
