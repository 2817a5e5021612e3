"""Finding questions by words, and counting questions per topic: pure functions of the corpus."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.models import Question, SearchHit

# Question text weighs most, then tags/topic/key points, then the answer.
WEIGHTS = (3.0, 2.0, 1.0)


def search_questions(questions: Sequence[Question], words: str, limit: int = 10) -> list[SearchHit]:
    """Questions matching every word, best first (ties keep corpus order)."""
    terms = [t.casefold() for t in words.split() if t.strip()]
    if not terms:
        return []
    hits = []
    for position, q in enumerate(questions):
        fields = tuple(
            zip(
                (
                    q.question.casefold(),
                    " ".join((*q.tags, q.topic, *q.key_points)).casefold(),
                    (q.answer or "").casefold(),
                ),
                WEIGHTS,
                strict=True,
            )
        )
        score = 0.0
        for term in terms:
            weight = max((w for text, w in fields if term in text), default=0.0)
            if not weight:
                break
            score += weight
        else:
            hits.append((-score, position, SearchHit(q, score)))
    return [hit for *_key, hit in sorted(hits, key=lambda h: (h[0], h[1]))[:limit]]


def count_by_topic(questions: Sequence[Question]) -> dict[str, int]:
    """Questions per topic id, in order of first appearance."""
    counts: dict[str, int] = {}
    for q in questions:
        counts[q.topic] = counts.get(q.topic, 0) + 1
    return counts
