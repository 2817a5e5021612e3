"""The dialogue's buttons as inline keyboards, and presses back as dialogue input.

callback_data is "<kind>:<payload>" and at most 64 bytes; ids too long for that travel as a
stable hash that an IdResolver turns back into the id.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.dialogue import actions
from bot.dialogue.cards import rating_buttons, show_answer_button
from bot.dialogue.inputs import Press
from bot.dialogue.replies import Button, Buttons

MAX_CALLBACK_BYTES = 64
HASH_MARK = "#"  # never starts a question or topic id the loader accepts

# The first actions have short codes (and buttons already in chats use them); any other
# action travels as "<action>:<payload>".
# Actions whose payload is a question or topic id, by their callback_data prefix.
WITH_ID = {actions.SHOW_ANSWER: "a", actions.PRACTISE: "p", actions.TOPIC: "t"}
# Actions without a payload, by their whole callback_data.
FIXED = {
    actions.MORE: "m",
    actions.ALL_TOPICS: "t*",
    actions.FORGET_YES: "f:y",
    actions.FORGET_NO: "f:n",
}
RATE = "r"
# Team actions: "<code>:<team id>:<question id>", the question id hashed when too long.
TEAM = {actions.TEAM_ANSWER: "Ta", actions.TEAM_REVEAL: "Tr"}


def short_hash(ident: str) -> str:
    """16 URL-safe characters naming `ident`, stable across restarts."""
    digest = hashlib.blake2b(ident.encode(), digest_size=12).digest()
    return base64.urlsafe_b64encode(digest).decode()


def encode(prefix: str, ident: str) -> str:
    """`prefix + ident`, or `prefix + #hash` when that would not fit in 64 bytes."""
    data = prefix + ident
    if len(data.encode()) <= MAX_CALLBACK_BYTES and not ident.startswith(HASH_MARK):
        return data
    return prefix + HASH_MARK + short_hash(ident)


class IdResolver:
    """Turns the id part of callback data back into a question or topic id."""

    def __init__(self, ids: Iterable[str]) -> None:
        self._by_hash = {short_hash(ident): ident for ident in ids}

    def resolve(self, ref: str) -> str | None:
        """The id, or None when a hashed id matches nothing (e.g. removed from the corpus)."""
        if ref.startswith(HASH_MARK):
            return self._by_hash.get(ref[len(HASH_MARK) :])
        return ref


def callback_data(button: Button) -> str:
    if button.action == actions.RATE:
        rating, question_id = actions.parse_rate_payload(button.payload)
        return encode(f"{RATE}:{rating}:", question_id)
    if button.action in TEAM and (team := actions.parse_team_payload(button.payload)):
        return encode(f"{TEAM[button.action]}:{team[0]}:", team[1])
    if button.action in WITH_ID:
        return encode(f"{WITH_ID[button.action]}:", button.payload)
    if button.action in FIXED:
        return FIXED[button.action]
    return encode(f"{button.action}:", button.payload) if button.payload else button.action


def decode(data: str, ids: IdResolver) -> Press:
    """The press as dialogue input."""
    for action, fixed in FIXED.items():
        if data == fixed:
            return Press(action)
    kind, _, ref = data.partition(":")
    if kind == RATE:
        rating, _, ref = ref.partition(":")
        if rating in ("1", "2", "3", "4"):
            return Press(actions.RATE, actions.rate_payload(int(rating), _resolved(ids, ref)))
    for action, prefix in TEAM.items():
        team_id, _, question_ref = ref.partition(":")
        if kind == prefix and team_id.isdigit():
            return Press(action, actions.team_payload(int(team_id), _resolved(ids, question_ref)))
    for action, prefix in WITH_ID.items():
        if kind == prefix:
            return Press(action, _resolved(ids, ref))
    return Press(kind, _resolved(ids, ref))  # the dialogue refuses actions it does not know


def _resolved(ids: IdResolver, ref: str) -> str:
    # An unknown hash stays as it is: no question or topic has that id, so it reads as removed.
    return ids.resolve(ref) or ref


def markup(rows: Buttons) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup([[_button(b) for b in row] for row in rows])


def question_keyboard(question_id: str, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(show_answer_button(question_id, lang))]])


def rating_keyboard(question_id: str, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(b) for b in rating_buttons(question_id, lang)]])


def _button(button: Button) -> InlineKeyboardButton:
    return InlineKeyboardButton(button.label, callback_data=callback_data(button))
