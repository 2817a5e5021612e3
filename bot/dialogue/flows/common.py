"""Small helpers the flows share."""

from __future__ import annotations

import re

from bot.dialogue.turn import Turn
from bot.domain.errors import StaleQuestion

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>&])")
ECHO_CHARS = 60  # how much of something the user typed a reply quotes back


def markdown_escape(text: str) -> str:
    """User text shown literally inside a Markdown message."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def echo(text: str, limit: int = ECHO_CHARS) -> str:
    """What the user typed, quoted back: on one line, cut to `limit` characters with an
    ellipsis, and shown literally (no link, emphasis or markup of theirs comes alive)."""
    line = " ".join(str(text).split())
    if len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    return markdown_escape(line)


def known_question(turn: Turn, question_id: str) -> str:
    """The question a button names; one no longer in the corpus is stale."""
    if question_id not in turn.service.corpus.questions:
        raise StaleQuestion(question_id=question_id, removed=True)
    return question_id
