"""Planning toward an interview date on the FSRS memory model (pure: no I/O).

The plan assumes the user keeps to it and rates every review Good. It answers:
- how many new questions a day are needed so every question is introduced in time;
- which seen questions would be below the target recall on the day, and on which day an extra
  review lifts each of them (load levelled across days, the last days kept for the weakest);
- what today holds, and the projected share of questions at or above the target on the day.

Recall "on the day" is measured at local noon of the interview day; a review planned for a
local day is assumed at local noon of that day, so the gaps are whole days.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.domain.fsrs_scheduler import MemoryModel
from bot.domain.models import CardState, Rating
from bot.domain.push_time import local_today, push_instant

DEFAULT_TARGET = 0.90
DEFAULT_NEW_CEILING = 25
# The last days before the interview introduce nothing new: they are kept for reviews, so a
# question introduced last still gets a follow-up before the day.
RESERVE_DAYS = 2


@dataclass(frozen=True, slots=True)
class PlanDay:
    day: date
    due: tuple[str, ...]  # reviews FSRS itself schedules on this day
    extra: tuple[str, ...]  # reviews added so recall on the interview day reaches the target
    new: int  # questions introduced on this day
    later: int = 0  # reviews of questions introduced during the plan (due or extra)
    top_up: tuple[str, ...] = ()  # last days only: the weakest on the day, as a margin

    @property
    def total(self) -> int:
        return len(self.due) + len(self.extra) + self.new + self.later + len(self.top_up)


@dataclass(frozen=True, slots=True)
class Remedies:
    """What would make an infeasible plan feasible (each one alone suffices)."""

    new_per_day: int  # new questions a day the remaining days need
    later_date: date  # the earliest interview date the ceiling allows
    drop_questions: int  # questions too many for the date at the ceiling
    drop_topics: tuple[str, ...]  # fewest of the user's topics whose removal suffices


@dataclass(frozen=True, slots=True)
class InterviewPlan:
    interview: date
    today: date
    target: float
    days_left: int  # whole days until the interview day (0 on the day itself)
    questions: int  # questions in the user's topics
    unseen: int  # of those, never introduced
    new_per_day: int  # introduced per day from today on (configured cap raised as needed)
    feasible: bool
    remedies: Remedies | None  # None when feasible
    days: tuple[PlanDay, ...]  # today .. the day before the interview
    projected_if_kept: float  # share of questions with recall >= target on the day
    projected_if_stopped: float  # the same if the user stopped practising today
    more: tuple[str, ...] = ()  # reviews to serve past today's plan, most needed first

    @property
    def today_plan(self) -> PlanDay:
        return self.days[0] if self.days else PlanDay(self.today, (), (), 0)

    @property
    def planned_today(self) -> int:
        return self.today_plan.total

    @property
    def extra_reviews(self) -> int:
        return sum(len(d.extra) for d in self.days)


def interview_moment(interview: date, timezone: str) -> datetime:
    """The instant recall is measured for: local noon of the interview day (UTC)."""
    return _noon(interview, timezone)


def plan_ended(interview: date, today: date) -> bool:
    """After the interview day the plan ends by itself and normal scheduling goes on."""
    return today > interview


def build_plan(
    *,
    cards: Mapping[str, CardState],
    questions: Sequence[tuple[str, str]],
    today: date,
    interview: date,
    timezone: str,
    memory: MemoryModel,
    target: float = DEFAULT_TARGET,
    new_cap: int = 10,
    ceiling: int = DEFAULT_NEW_CEILING,
    new_today: int = 0,
    margin: float = 0.0,
) -> InterviewPlan:
    """The plan from `today` to `interview` (local dates in `timezone`).

    `questions`: (question id, topic id) of every question in the user's topics; `cards`: the
    user's FSRS state by question id (cards of other topics are ignored); `new_today`: questions
    already introduced today (their cards are in `cards`); `margin`: the model's measured error
    (RMSE on the user's history), within which of the target the last days review a question.
    """
    if plan_ended(interview, today):
        raise ValueError("the interview date has passed")
    at = interview_moment(interview, timezone)
    wanted = {qid for qid, _topic in questions}
    seen = {qid: c for qid, c in cards.items() if qid in wanted}
    unseen_topics = [topic for qid, topic in questions if qid not in seen]
    days_left = (interview - today).days
    practice_days = [today + timedelta(days=i) for i in range(days_left)]

    intro_days = max(1, days_left - min(RESERVE_DAYS, max(0, days_left - 1)))
    to_introduce = len(unseen_topics) + new_today
    needed = math.ceil(to_introduce / intro_days) if days_left else (1 if unseen_topics else 0)
    per_day = min(max(new_cap, needed), ceiling)

    due: dict[date, list[str]] = {d: [] for d in practice_days}
    later = dict.fromkeys(practice_days, 0)  # reviews of questions introduced from today on
    final: dict[str, tuple[CardState, date | None]] = {}  # state on the day, last review day
    for qid, card in seen.items():
        final[qid] = _follow_schedule(card, today, interview, timezone, memory, due, later)
    intro = _Introductions(practice_days, interview, timezone, memory, due, later, new_today)
    paced = intro.run(len(unseen_topics), per_day, intro_days, ceiling, level=0)
    # Light days then take more new questions, up to the average day of that plan: questions
    # introduced earlier get more reviews before the interview.
    level = math.ceil(paced.total / days_left) if days_left else 0
    leveled = intro.run(len(unseen_topics), per_day, intro_days, ceiling, level)
    new_by_day, fresh, due, later = leveled.new_by_day, leveled.fresh, leveled.due, leveled.later

    below = [
        (qid, card, last)
        for qid, (card, last) in [*final.items(), *((None, f) for f in fresh)]
        if memory.retrievability(card, at) < target
    ]
    load = {d: len(due[d]) + later[d] + n for d, n in zip(practice_days, new_by_day, strict=True)}
    extra = _plan_extras(below, load, practice_days, at, target, timezone, memory)
    for extra_qid, day, _lifted in extra:
        if extra_qid is None:
            later[day] += 1
    lifted = sum(1 for *_rest, ok in extra if ok)
    top_ups = _top_ups(
        final, extra, load, practice_days, ceiling, target + margin, at, timezone, memory
    )
    above = len(final) + len(fresh) - len(below)
    stopped = sum(1 for card in seen.values() if memory.retrievability(card, at) >= target)
    total = len(questions)
    days = tuple(
        PlanDay(
            d,
            tuple(due[d]),
            tuple(qid for qid, day, _ok in extra if day == d and qid is not None),
            n,
            later[d],
            tuple(qid for qid, day in top_ups if day == d),
        )
        for d, n in zip(practice_days, new_by_day, strict=True)
    )
    # Beyond today's plan ("more"): the questions weakest on the day first. In the last days a
    # failed recall could not be made up before the interview, so only those below target.
    busy = {q for q, (_c, last) in final.items() if last == today}
    busy |= set(days[0].extra + days[0].top_up if days else ())
    more = sorted(
        (
            q
            for q, (card, _last) in final.items()
            if q not in busy
            and (days_left > RESERVE_DAYS or memory.retrievability(card, at) < target)
        ),
        key=lambda q: (memory.retrievability(final[q][0], at), q),
    )
    if days_left:
        feasible = needed <= ceiling
    else:
        feasible = not unseen_topics
    return InterviewPlan(
        interview=interview,
        today=today,
        target=target,
        days_left=days_left,
        questions=total,
        unseen=len(unseen_topics),
        new_per_day=per_day if days_left else 0,
        feasible=feasible,
        remedies=None
        if feasible
        else _remedies(unseen_topics, needed, new_today, intro_days, ceiling, today),
        days=days,
        projected_if_kept=(above + lifted) / total if total else 1.0,
        projected_if_stopped=stopped / total if total else 1.0,
        more=tuple(more),
    )


def _noon(day: date, timezone: str) -> datetime:
    return push_instant(day, "12:00", timezone)  # wall-clock noon, also on DST days


@dataclass(frozen=True, slots=True)
class _Introduced:
    new_by_day: list[int]
    fresh: list[tuple[CardState, date | None]]  # each introduced question's state on the day
    due: dict[date, list[str]]
    later: dict[date, int]

    @property
    def total(self) -> int:
        return sum(self.new_by_day) + sum(self.later.values()) + sum(map(len, self.due.values()))


@dataclass
class _Introductions:
    """When the unseen questions are introduced, day by day, so each day's new questions see
    the reviews that earlier ones bring."""

    practice_days: list[date]
    interview: date
    timezone: str
    memory: MemoryModel
    due: dict[date, list[str]]  # FSRS reviews of the questions already seen
    later: dict[date, int]
    new_today: int

    def run(
        self, unseen: int, per_day: int, intro_days: int, ceiling: int, level: int
    ) -> _Introduced:
        """A day takes up to `per_day` new questions (more, up to `level` reviews in all, on a
        light day) while its load stays within `ceiling`, and never fewer than the later
        introduction days could still make up."""
        due = {d: list(q) for d, q in self.due.items()}
        later = dict(self.later)
        fresh: list[tuple[CardState, date | None]] = []
        new_by_day = []
        left = unseen
        for i, day in enumerate(self.practice_days):
            done = self.new_today if i == 0 else 0
            load = len(due[day]) + later[day] + done
            cap = max(per_day - done, min(ceiling, level) - load)
            room = max(0, cap) if i < intro_days else 0
            must = left - per_day * max(0, intro_days - i - 1)
            count = min(left, room, max(must, ceiling - load, 0))
            new_by_day.append(count)
            left -= count
            if count:
                noon = _noon(day, self.timezone)
                card = self.memory.review(self.memory.new_card("", noon), Rating.GOOD, noon)
                nxt = day + timedelta(days=1)
                chain = _follow_schedule(
                    card, nxt, self.interview, self.timezone, self.memory, due, later, day, count
                )
                fresh += [chain] * count
        return _Introduced(new_by_day, fresh, due, later)


def _follow_schedule(
    card: CardState,
    start: date,
    interview: date,
    timezone: str,
    memory: MemoryModel,
    due: dict[date, list[str]],
    later: dict[date, int],
    last: date | None = None,
    weight: int = 1,
) -> tuple[CardState, date | None]:
    """Review the card whenever FSRS makes it due before the interview (rated Good). A card
    without an id stands for `weight` questions introduced together, counted in `later`."""
    if card.last_review is not None and last is None:
        last = local_today(card.last_review, timezone)
    while True:
        day = max(local_today(card.due, timezone), start)
        if day >= interview:
            return card, last
        if card.question_id:
            due[day].append(card.question_id)
        else:  # questions introduced during the plan: which ones is the selection's choice
            later[day] += weight
        card = memory.review(card, Rating.GOOD, _noon(day, timezone))
        last, start = day, day + timedelta(days=1)


def _plan_extras(
    below: list[tuple[str | None, CardState, date | None]],
    load: dict[date, int],
    practice_days: list[date],
    at: datetime,
    target: float,
    timezone: str,
    memory: MemoryModel,
) -> list[tuple[str | None, date, bool]]:
    """One extra review for each question below target on the day: (question, day, whether it
    reaches the target). Each goes to the least-loaded day of the window in which a review
    lifts it to the target; the narrowest windows (the weakest questions) are placed first, and
    on ties the later day wins, so the last days go to the weakest."""
    if not practice_days:
        return []
    windows = []
    for qid, card, last in below:
        first, ok = _earliest_lift(card, last, practice_days, at, target, timezone, memory)
        windows.append((first, memory.retrievability(card, at), qid or "", qid, ok))
    placed = []
    for first, _recall, _key, qid, ok in sorted(
        windows, key=lambda w: (-w[0].toordinal(), *w[1:3])
    ):
        day = min((d for d in practice_days if d >= first), key=lambda d: (load[d], -d.toordinal()))
        load[day] += 1
        placed.append((qid, day, ok))
    return placed


def _top_ups(
    final: dict[str, tuple[CardState, date | None]],
    extra: list[tuple[str | None, date, bool]],
    load: dict[date, int],
    practice_days: list[date],
    level: int,
    below: float,
    at: datetime,
    timezone: str,
    memory: MemoryModel,
) -> list[tuple[str, date]]:
    """A margin against the model's error where it matters most: the reserved last days
    review, up to `level` reviews a day, the questions whose predicted recall on the day is
    under `below` (the target plus the model's measured error) and that no review reaches in
    these days otherwise. The last day gets the weakest."""
    reserved = practice_days[-RESERVE_DAYS:]
    first = reserved[0] if reserved else None
    state = {qid: card for qid, (card, _last) in final.items()}
    for qid, day, _ok in extra:
        if qid is not None:
            state[qid] = memory.review(state[qid], Rating.GOOD, _noon(day, timezone))
    late = {q for q, d, _ok in extra if first and d >= first}
    late |= {q for q, (_c, last) in final.items() if first and last and last >= first}
    recall = {q: memory.retrievability(card, at) for q, card in state.items() if q not in late}
    weakest = sorted((q for q, r in recall.items() if r < below), key=lambda q: (recall[q], q))
    added: list[tuple[str, date]] = []
    for day in reversed(reserved):
        room = max(0, level - load[day])
        added += [(q, day) for q in weakest[:room]]
        load[day] += min(room, len(weakest))
        weakest = weakest[room:]
    return added


def _earliest_lift(
    card: CardState,
    last: date | None,
    practice_days: list[date],
    at: datetime,
    target: float,
    timezone: str,
    memory: MemoryModel,
) -> tuple[date, bool]:
    """The earliest practice day after the last review on which a Good review reaches the
    target on the day (binary search: the later the review, the higher the recall then), and
    whether it does; the last practice day when none does."""
    days = [d for d in practice_days if last is None or d > last] or practice_days[-1:]
    lo, hi = 0, len(days) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        reviewed = memory.review(card, Rating.GOOD, _noon(days[mid], timezone))
        if memory.retrievability(reviewed, at) >= target:
            hi = mid
        else:
            lo = mid + 1
    reviewed = memory.review(card, Rating.GOOD, _noon(days[lo], timezone))
    return days[lo], memory.retrievability(reviewed, at) >= target


def _remedies(
    unseen_topics: list[str],
    needed: int,
    new_today: int,
    intro_days: int,
    ceiling: int,
    today: date,
) -> Remedies:
    capacity = max(0, ceiling * intro_days - new_today)
    over = len(unseen_topics) - capacity
    per_topic: dict[str, int] = {}
    for topic in unseen_topics:
        per_topic[topic] = per_topic.get(topic, 0) + 1
    dropped: list[str] = []
    removed = 0
    for topic, count in sorted(per_topic.items(), key=lambda t: (-t[1], t[0])):
        if removed >= over:
            break
        dropped.append(topic)
        removed += count
    days_needed = math.ceil((len(unseen_topics) + new_today) / ceiling)
    later = today + timedelta(days=days_needed + RESERVE_DAYS)
    return Remedies(
        new_per_day=needed,
        later_date=later,
        drop_questions=over,
        drop_topics=tuple(dropped),
    )


@dataclass(frozen=True, slots=True)
class PlanSelection:
    """What the question selection serves today while a plan runs."""

    extra: tuple[str, ...]  # today's extra and top-up reviews (FSRS due ones come as usual)
    new_limit: int  # new questions allowed today in all (replaces the configured cap)
    more: tuple[str, ...] = ()  # when the user asks for more: after any new ones, these reviews


def plan_selection(plan: InterviewPlan, new_today: int) -> PlanSelection:
    """Today's part of the plan for the selection; `new_today`: questions introduced today."""
    today = plan.today_plan
    return PlanSelection(
        extra=today.extra + today.top_up, new_limit=new_today + today.new, more=plan.more
    )


def reviews_to_serve(
    due: Sequence[str], shown_today: set[str] | frozenset[str], selection: PlanSelection | None
) -> list[str]:
    """The selection's review queue: FSRS-due questions (in the selection's own order), then
    today's planned extras, leaving out what was shown today and duplicates."""
    queue = [q for q in due if q not in shown_today]
    if selection is not None:
        queue += [q for q in selection.extra if q not in shown_today and q not in queue]
    return queue
