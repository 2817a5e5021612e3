"""The weekly board of a team: pure aggregation of its members' review history.

Names appear only for members who have not chosen to hide; topics appear only as the team's
aggregate (never whose weak topic it is).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from bot.domain.models import Question, Topic
from bot.domain.stats import streaks
from bot.domain.team_models import Board, BoardRow, Member, Team, WeakTopic

WEAKEST_TOPICS = 3
MIN_TOPIC_REVIEWS = 2  # one review says little about a topic


def weekly_board(
    *,
    team: Team,
    members: Sequence[Member],
    review_days: Mapping[int, Sequence[date]],
    week_reviews: Sequence[tuple[int, str, int]],  # (user id, question id, rating)
    questions: Mapping[str, Question],
    topic: Callable[[str], Topic],
    week_start: date,
    today: date,
) -> Board:
    reviewed: dict[int, int] = defaultdict(int)
    by_topic: dict[str, list[int]] = defaultdict(list)
    for user_id, question_id, rating in week_reviews:
        reviewed[user_id] += 1
        question = questions.get(question_id)
        if question is not None:
            by_topic[question.topic].append(rating)
    rows = [
        BoardRow(m.name, streaks(review_days.get(m.user_id, ()), today)[0], reviewed[m.user_id])
        for m in members
        if not m.hidden
    ]
    rows.sort(key=lambda r: (-r.reviewed, -r.streak, r.name.casefold()))
    weak = [
        WeakTopic(topic(topic_id), len(ratings), sum(ratings) / len(ratings))
        for topic_id, ratings in by_topic.items()
        if len(ratings) >= MIN_TOPIC_REVIEWS
    ]
    weak.sort(key=lambda w: (w.average_rating, -w.reviews, w.topic.id))
    return Board(
        team=team,
        week_start=week_start,
        week_end=today,
        rows=tuple(rows),
        members=len(members),
        practised=sum(1 for m in members if reviewed[m.user_id]),
        reviews=sum(reviewed[m.user_id] for m in members),
        weakest=tuple(weak[:WEAKEST_TOPICS]),
    )
