"""Stable question ids: derived once from the question text, then kept across re-imports."""

from __future__ import annotations

import hashlib
import re
from difflib import SequenceMatcher

MAX_ID = 40
SLUG_WORDS = 28
CLOSE_ENOUGH = 0.75  # an edited question still counts as the same question above this
SAME_ANSWER = 0.8  # a reworded question whose answer stayed this close is still the same
ANSWER_BONUS = 0.2


def _key(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text).lower()


def new_id(text: str, taken: set[str]) -> str:
    """`grpo-ppo-3f9a1c`: the ASCII words of the question and a short hash of its text."""
    digest = hashlib.sha1(_key(text).encode()).hexdigest()
    words: list[str] = []
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if word not in words and len("-".join([*words, word])) <= SLUG_WORDS:
            words.append(word)
    stem = "-".join(words) or "q"
    for length in range(6, 41):
        candidate = f"{stem}-{digest[:length]}"[:MAX_ID]
        if candidate not in taken:
            return candidate
    raise ValueError(f"cannot find a free id for {text!r}")


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, _key(a), _key(b), autojunk=False).ratio()


def _score(new: tuple[str, str | None], old: tuple[str, str | None]) -> float:
    score = _ratio(new[0], old[0])
    if new[1] and old[1] and _ratio(new[1], old[1]) >= SAME_ANSWER:
        score += ANSWER_BONUS
    return score


def match_existing(
    new: list[tuple[str, str | None]], existing: dict[str, tuple[str, str | None]]
) -> dict[int, str]:
    """Index of each new (question, answer) -> id of the existing question it still is."""
    result: dict[int, str] = {}
    free = dict(existing)
    texts = [text for text, _ in new]
    by_key = {_key(text): qid for qid, (text, _) in free.items()}
    for index, text in enumerate(texts):
        qid = by_key.get(_key(text))
        if qid in free:
            result[index] = qid
            del free[qid]
    pairs = sorted(
        (
            (_score(pair, old), index, qid)
            for index, pair in enumerate(new)
            if index not in result
            for qid, old in free.items()
        ),
        reverse=True,
    )
    for score, index, qid in pairs:
        if score < CLOSE_ENOUGH:
            break
        if index not in result and qid in free:
            result[index] = qid
            del free[qid]
    return result
