"""The figures shown beside each of the weakest questions in /stats, in words a user reads."""

from __future__ import annotations

from bot.domain.models import Rating, WeakQuestion
from bot.render.messages import lang_of, t

_FIGURES = {
    "en": {"recall": "recall {percent}%", "forgot": "forgot {times}×", "last": "last: {rating}"},
    "zh": {"recall": "记住的把握 {percent}%", "forgot": "忘过 {times} 次", "last": "上次：{rating}"},
}
_RATING_KEYS = {
    Rating.AGAIN: "btn_again",
    Rating.HARD: "btn_hard",
    Rating.GOOD: "btn_good",
    Rating.EASY: "btn_easy",
}


def weak_figures(weak: WeakQuestion, lang: str | None) -> str:
    """'recall 62% · forgot 2× · last: Again': predicted recall now, lapses, the last rating."""
    words = _FIGURES[lang_of(lang)]
    parts = [words["recall"].format(percent=round(weak.retrievability * 100))]
    if weak.lapses:
        parts.append(words["forgot"].format(times=weak.lapses))
    if weak.last_rating is not None:
        parts.append(words["last"].format(rating=t(_RATING_KEYS[weak.last_rating], lang)))
    return " · ".join(parts)
