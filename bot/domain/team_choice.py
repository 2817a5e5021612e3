"""The team's question of the day: a pure function of its members' cards.

The same question goes to everyone, so it should help the most people: the question due (by
tomorrow) for the most members, most overdue first; when nothing is due for anyone, the one
new to the most members. Questions the team had in the last days are left out while others
remain, so the group does not see the same question twice in a row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.models import CardState, Question


@dataclass(frozen=True, slots=True)
class TeamPick:
    question: Question
    due_for: int  # members for whom it is due (0 when it was picked as new)
    new_for: int  # members who never saw it


def team_order(team_id: int, questions: Sequence[Question]) -> list[Question]:
    """A per-team stable shuffle, so that new questions mix topics yet stay deterministic."""
    return sorted(
        questions,
        key=lambda q: hashlib.blake2b(f"team:{team_id}:{q.id}".encode(), digest_size=8).digest(),
    )


def choose_team_question(
    *,
    team_id: int,
    allowed: Mapping[str, Question],
    member_cards: Mapping[int, Sequence[CardState]],
    recent: Collection[str],
    tomorrow: datetime,
) -> TeamPick | None:
    """The question for the whole team, or None when the team has no question to choose from."""
    candidates = [q for q in allowed.values() if q.id not in recent] or list(allowed.values())
    if not candidates:
        return None
    wanted = {q.id for q in candidates}
    due_for: dict[str, int] = {}
    oldest_due: dict[str, datetime] = {}
    seen_by: dict[str, int] = {}
    for cards in member_cards.values():
        for card in cards:
            if card.question_id not in wanted:
                continue
            seen_by[card.question_id] = seen_by.get(card.question_id, 0) + 1
            if card.due < tomorrow:
                due_for[card.question_id] = due_for.get(card.question_id, 0) + 1
                oldest_due[card.question_id] = min(
                    card.due, oldest_due.get(card.question_id, card.due)
                )
    members = len(member_cards)
    if due_for:
        best = min(due_for, key=lambda qid: (-due_for[qid], oldest_due[qid], qid))
        return TeamPick(allowed[best], due_for[best], members - seen_by.get(best, 0))
    ordered = team_order(team_id, candidates)
    best_question = min(ordered, key=lambda q: -(members - seen_by.get(q.id, 0)))  # first max
    return TeamPick(best_question, 0, members - seen_by.get(best_question.id, 0))
