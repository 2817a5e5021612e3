"""Inline keyboards and their compact callback_data (Telegram allows at most 64 bytes)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.models import Rating, SearchHit, Topic
from bot.render.messages import t

MAX_CALLBACK_BYTES = 64
HASH_MARK = "#"  # never starts a question or topic id the loader accepts

# Callback data is "<kind>:<payload>"; the patterns route presses to their handlers.
SHOW_ANSWER = "a"
RATE = "r"
PRACTISE = "p"
MORE = "m"
TOPIC = "t"
ALL_TOPICS = "t*"
FORGET_YES = "f:y"
FORGET_NO = "f:n"

SHOW_ANSWER_PATTERN = r"^a:"
RATE_PATTERN = r"^r:[1-4]:"
PRACTISE_PATTERN = r"^p:"
MORE_PATTERN = r"^m$"
TOPIC_PATTERN = r"^t:"
ALL_TOPICS_PATTERN = r"^t\*$"
FORGET_PATTERN = r"^f:[yn]$"

RATING_BUTTONS = (
    (Rating.AGAIN, "btn_again"),
    (Rating.HARD, "btn_hard"),
    (Rating.GOOD, "btn_good"),
    (Rating.EASY, "btn_easy"),
)
CHECKED, UNCHECKED = "✅", "⬜"
LABEL_CHARS = 48  # search buttons show the start of the question


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
        """The id, or None when a hashed id matches nothing (e.g. removed from the corpus)
        or the button names no id at all."""
        if not ref:
            return None
        if ref.startswith(HASH_MARK):
            return self._by_hash.get(ref[len(HASH_MARK) :])
        return ref


def parse_rating(data: str) -> tuple[int, str]:
    """("r:3:<ref>") -> (3, "<ref>")."""
    _kind, rating, ref = data.split(":", 2)
    return int(rating), ref


def payload(data: str) -> str:
    """The part after "<kind>:"."""
    return data.split(":", 1)[1]


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data)


def question_keyboard(question_id: str, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(t("btn_show_answer", lang), encode(f"{SHOW_ANSWER}:", question_id))]]
    )


def rating_keyboard(question_id: str, lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(t(key, lang), encode(f"{RATE}:{int(rating)}:", question_id))
                for rating, key in RATING_BUTTONS
            ]
        ]
    )


def more_keyboard(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(t("btn_more", lang), MORE)]])


def search_keyboard(hits: Sequence[SearchHit], lang: str) -> InlineKeyboardMarkup:
    rows = []
    for number, hit in enumerate(hits, 1):
        text = " ".join(hit.question.question.split())
        if len(text) > LABEL_CHARS:
            text = text[: LABEL_CHARS - 1] + "…"
        rows.append([_button(f"{number}. {text}", encode(f"{PRACTISE}:", hit.question.id))])
    return InlineKeyboardMarkup(rows)


def topics_keyboard(
    topics: Sequence[tuple[Topic, int]], chosen: Sequence[str] | None, lang: str
) -> InlineKeyboardMarkup:
    """One switch per topic (all on when `chosen` is None), then "All topics"."""
    rows = []
    for topic, count in topics:
        on = chosen is None or topic.id in chosen
        label = f"{CHECKED if on else UNCHECKED} {topic.label(lang)} ({count})"
        rows.append([_button(label, encode(f"{TOPIC}:", topic.id))])
    rows.append([_button(t("btn_all_topics", lang), ALL_TOPICS)])
    return InlineKeyboardMarkup(rows)


def forget_keyboard(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(t("btn_confirm_forget", lang), FORGET_YES)],
            [_button(t("btn_cancel", lang), FORGET_NO)],
        ]
    )
