"""Interview plan simulation: simulated learners practise the bundled corpus toward a date.

    .venv/bin/python bench/interview_sim.py [--days 21] [--extras 24] [--seeds 4]

Each learner's memory follows FSRS with known ("true") parameters: a fast, an average and a
slow forgetter. Every day they answer the daily push plus up to --extras more questions, in
the order the question selection serves them, and remember each with its true recall (Good)
or not (Again). The bot schedules with its memory model: the default parameters, refitted to
the learner's history once a week as the running bot does. Printed, with and without the plan:
the share of the corpus whose true recall on the interview day is >= 0.90, total reviews and
the most reviews on any day. Variants: "plan" and "no plan" take what /next serves and stop
when the bot has nothing more; "no plan, same n" asks for more (new ones, then the least well
remembered) to answer as many reviews as the plan learner did, the same number every day;
"... more" ask for more up to the whole daily budget.

Then, after 30 days of normal practice, how far the predicted recall is from the truth with
the default and with fitted parameters (mean absolute error over the questions seen).

Targets (exit 1 when missed), per learner: with the plan >= 90% ready on the day and at most
25 reviews on any day; better than the bot without the plan (/next) unless that is already
>= 99%; and no worse, within one question, than any way without the plan that used as many
reviews or more. Recall draws are common random numbers (the n-th review of a question gets
the same luck in every variant), so variants differ by their choices, not by luck.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import fsrs

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.config import BUNDLED_CONTENT  # noqa: E402
from bot.corpus.loader import load_corpus  # noqa: E402
from bot.domain.fsrs_fit import REFIT_DAYS, fit_parameters  # noqa: E402
from bot.domain.fsrs_scheduler import DEFAULT_PARAMETERS, MemoryModel  # noqa: E402
from bot.domain.interview_plan import (  # noqa: E402
    build_plan,
    interview_moment,
    plan_selection,
    reviews_to_serve,
)
from bot.domain.models import CardState, Rating  # noqa: E402
from bot.domain.push_time import push_instant  # noqa: E402

TZ = "UTC"
START = date(2026, 3, 2)
TARGET = 0.90
NEW_CAP = 10  # the bot's default max_new_per_day
CEILING = 25
DAILY_LIMIT = 25


def forgetter(initial: float, growth: float) -> tuple[float, ...]:
    """Default FSRS weights with the initial stabilities scaled and the stability growth on
    success (w8, a log factor) shifted."""
    w = list(DEFAULT_PARAMETERS)
    for i in range(4):
        w[i] *= initial
    w[8] += growth
    return tuple(w)


LEARNERS = {
    "fast forgetter": forgetter(0.4, -0.5),
    "average": DEFAULT_PARAMETERS,
    "slow forgetter": forgetter(2.0, 0.3),
}


@dataclass
class Learner:
    """True memory (FSRS with known weights) and the bot's view of it."""

    truth: fsrs.Scheduler
    seed: int
    true_cards: dict[str, fsrs.Card] = field(default_factory=dict)
    reviews: dict[str, int] = field(default_factory=dict)
    cards: dict[str, CardState] = field(default_factory=dict)
    history: list[tuple[str, int, date]] = field(default_factory=list)
    per_day: list[int] = field(default_factory=list)

    def answer(self, qid: str, at: datetime, memory: MemoryModel) -> None:
        true_card = self.true_cards.get(qid) or fsrs.Card()
        recall = self.truth.get_card_retrievability(true_card, at) if true_card.last_review else 0
        # A question never seen is not known: the first answer is a learning step, rated as
        # remembered after reading the answer (Good), as the bot's users do.
        # Common random numbers: the n-th review of a question draws the same luck whatever
        # the strategy, so strategies differ by their choices, not by the draws they get.
        nth = self.reviews[qid] = self.reviews.get(qid, 0) + 1
        luck = random.Random(f"{self.seed}:{qid}:{nth}").random()
        good = true_card.last_review is None or luck < recall
        rating = Rating.GOOD if good else Rating.AGAIN
        self.true_cards[qid], _ = self.truth.review_card(true_card, fsrs.Rating(int(rating)), at)
        card = self.cards.get(qid) or memory.new_card(qid, at)
        self.cards[qid] = memory.review(card, rating, at)
        self.history.append((qid, int(rating), at.date()))

    def true_recall(self, qid: str, at: datetime) -> float:
        card = self.true_cards.get(qid)
        return self.truth.get_card_retrievability(card, at) if card else 0.0


def new_learner(weights: tuple[float, ...], seed: int) -> Learner:
    truth = fsrs.Scheduler(
        parameters=weights, learning_steps=(), relearning_steps=(), enable_fuzzing=False
    )
    return Learner(truth, seed)


def practise(
    questions: list[tuple[str, str]],
    weights: tuple[float, ...],
    *,
    days: int,
    extras: int,
    mode: str,  # "plan" | "none"
    extras_by: str,  # "next": stop when the bot has nothing due | "more": ask for more
    seed: int,
    counts: list[int] | None = None,
) -> tuple[float, int, int, list[int]]:
    """Share of questions at >= TARGET true recall on the day, total and max daily reviews,
    and the reviews of each day. `counts`: at most that many reviews on each day."""
    learner = new_learner(weights, seed)
    order = [q for q, _t in questions]
    random.Random(seed).shuffle(order)  # the selection's stable per-user shuffle
    interview = START + timedelta(days=days)
    memory, margin = MemoryModel(), 0.0
    fitted_on = START
    for offset in range(days):
        today = START + timedelta(days=offset)
        if (today - fitted_on).days >= REFIT_DAYS:  # the weekly refit of the running bot
            fit = fit_parameters(sorted(learner.history, key=lambda r: r[0]), datetime.now(UTC))
            memory, fitted_on = MemoryModel(parameters=fit.personal), today
            margin = fit.error
        at = push_instant(today, "09:00", TZ)
        budget = 1 + extras
        tomorrow = push_instant(today + timedelta(days=1), "00:00", TZ)
        due = sorted((c for c in learner.cards.values() if c.due < tomorrow), key=lambda c: c.due)
        unseen = [q for q in order if q not in learner.cards]
        if mode == "plan":
            plan = build_plan(
                cards=learner.cards, questions=questions, today=today, interview=interview,
                timezone=TZ, memory=memory, target=TARGET, new_cap=NEW_CAP, ceiling=min(CEILING, budget), margin=margin,
            )  # fmt: skip
            selection = plan_selection(plan, new_today=0)
            queue = reviews_to_serve([c.question_id for c in due], set(), selection)
            queue += unseen[: selection.new_limit]
            if extras_by == "more":  # past the plan: new ones, then the plan's "more" order
                queue += unseen[selection.new_limit :] + [
                    q for q in selection.more if q not in queue
                ]
        else:
            queue = [c.question_id for c in due] + unseen[:NEW_CAP]
            if extras_by == "more":  # past the cap: new ones, then the least well-remembered
                rest = unseen[NEW_CAP:] + sorted(
                    (q for q in learner.cards if q not in queue),
                    key=lambda q: (memory.retrievability(learner.cards[q], at), q),
                )
                queue += rest
        answered = queue[: counts[offset] if counts else budget]
        for qid in answered:
            learner.answer(qid, at, memory)
        learner.per_day.append(len(answered))
    on_the_day = interview_moment(interview, TZ)
    ready = sum(1 for q in order if learner.true_recall(q, on_the_day) >= TARGET)
    return ready / len(order), sum(learner.per_day), max(learner.per_day), learner.per_day


def prediction_error(
    questions: list[tuple[str, str]], weights: tuple[float, ...], *, seed: int, days: int = 30
) -> tuple[float, float, int]:
    """Mean |predicted - true recall| over seen questions after `days` of normal practice,
    with default and with fitted parameters (each replaying the same history)."""
    learner = new_learner(weights, seed)
    order = [q for q, _t in questions]
    random.Random(seed).shuffle(order)
    memory = MemoryModel()
    for offset in range(days):
        today = START + timedelta(days=offset)
        at = push_instant(today, "09:00", TZ)
        tomorrow = push_instant(today + timedelta(days=1), "00:00", TZ)
        due = sorted((c for c in learner.cards.values() if c.due < tomorrow), key=lambda c: c.due)
        unseen = [q for q in order if q not in learner.cards]
        for qid in ([c.question_id for c in due] + unseen[:NEW_CAP])[:DAILY_LIMIT]:
            learner.answer(qid, at, memory)
    history = sorted(learner.history, key=lambda r: r[0])
    fit = fit_parameters(history, datetime.now(UTC))
    now = push_instant(START + timedelta(days=days), "09:00", TZ)
    errors = []
    for params in (None, fit.parameters):
        model = MemoryModel(parameters=params)
        replayed: dict[str, CardState] = {}
        for qid, rating, day in sorted(learner.history, key=lambda r: r[2]):
            at = push_instant(day, "09:00", TZ)
            card = replayed.get(qid) or model.new_card(qid, at)
            replayed[qid] = model.review(card, Rating(rating), at)
        errors.append(
            statistics.fmean(
                abs(model.retrievability(c, now) - learner.true_recall(q, now))
                for q, c in replayed.items()
            )
        )
    return errors[0], errors[1], len(history)


def target_checks(results: dict[str, tuple[float, int, int]], one: float) -> dict[str, bool]:
    """The targets for one learner; `one` is one question's share of the corpus."""
    plan, next_only = results["plan"], results["next"]
    no_plan = {k: v for k, v in results.items() if k in ("next", "same", "more")}
    return {
        "plan: >= 90% ready, <= 25 reviews on any day": plan[0] >= 0.90 and plan[2] <= DAILY_LIMIT,
        "plan: better than no plan (/next) unless that is >= 99%": plan[0] > next_only[0]
        or next_only[0] >= 0.99,
        "plan: no worse (within one question) than any no-plan way with as many reviews or more": all(
            plan[0] >= other[0] - one for other in no_plan.values() if other[1] >= plan[1]
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=21, help="days until the interview")
    parser.add_argument("--extras", type=int, default=24, help="questions a day past the push")
    parser.add_argument("--seeds", type=int, default=4, help="simulated learners of each kind")
    args = parser.parse_args()
    corpus = load_corpus(BUNDLED_CONTENT)
    questions = [(q.id, q.topic) for q in corpus.ordered()]
    started = time.perf_counter()
    print(
        f"{len(questions)} questions, interview in {args.days} days, daily push + up to"
        f" {args.extras} more, {args.seeds} seeds per learner; recall >= {TARGET:.2f} on the day"
    )
    print(f"{'learner':<16} {'mode':<16} {'ready':>7} {'reviews':>8} {'max/day':>8}")
    ok = True
    labels = {
        "plan": "plan",  # push + /next: the plan's questions, then the bot says that is all
        "next": "no plan",  # push + /next: due ones and new ones up to the cap
        "same": "no plan, even",  # push + more: the plan learner's reviews, spread evenly
        "more": "no plan, more",  # push + more up to the daily budget
        "plan+more": "plan, more",  # push + more up to the budget, the plan first
    }
    for name, weights in LEARNERS.items():
        runs: dict[str, list[tuple]] = {label: [] for label in labels}
        for seed in range(args.seeds):
            common = {"days": args.days, "extras": args.extras, "seed": seed}
            plan = practise(questions, weights, mode="plan", extras_by="next", **common)
            runs["plan"].append(plan)
            runs["next"].append(
                practise(questions, weights, mode="none", extras_by="next", **common)
            )
            even = [math.ceil(plan[1] / args.days)] * args.days
            runs["same"].append(
                practise(questions, weights, mode="none", extras_by="more", counts=even, **common)
            )
            runs["more"].append(
                practise(questions, weights, mode="none", extras_by="more", **common)
            )
            runs["plan+more"].append(
                practise(questions, weights, mode="plan", extras_by="more", **common)
            )
        results = {}
        for key, label in labels.items():
            share = statistics.fmean(r[0] for r in runs[key])
            total = round(statistics.fmean(r[1] for r in runs[key]))
            peak = max(r[2] for r in runs[key])
            results[key] = (share, total, peak)
            print(f"{name:<16} {label:<16} {share:>7.1%} {total:>8} {peak:>8}")
        checks = target_checks(results, 1 / len(questions))
        for check, passed in checks.items():
            print(f"  {'ok  ' if passed else 'MISS'} {check}")
        ok &= all(checks.values())
    print()
    print("predicted vs true recall after 30 days (mean absolute error over questions seen)")
    for name, weights in LEARNERS.items():
        pairs = [prediction_error(questions, weights, seed=s) for s in range(args.seeds)]
        default = statistics.fmean(p[0] for p in pairs)
        fitted = statistics.fmean(p[1] for p in pairs)
        reviews = round(statistics.fmean(p[2] for p in pairs))
        closer = f"{1 - fitted / default:.0%} closer" if default > 0.001 else "defaults exact"
        print(
            f"{name:<16} default {default:.3f}  fitted {fitted:.3f}  ({closer}, {reviews} reviews)"
        )
    print(f"\n{time.perf_counter() - started:.1f} s; {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
