"""Small helpers the flows share."""

from __future__ import annotations

import re

from bot.dialogue.turn import Turn
from bot.domain.errors import StaleQuestion

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>&])")


def markdown_escape(text: str) -> str:
    """User text shown literally inside a Markdown message."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def known_question(turn: Turn, question_id: str) -> str:
    """The question a button names; one no longer in the corpus is stale."""
    if question_id not in turn.service.corpus.questions:
        raise StaleQuestion(question_id=question_id, removed=True)
    return question_id
