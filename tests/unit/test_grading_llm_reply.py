"""Reading the grading model's reply: what counts as a grade and what is nonsense."""

from __future__ import annotations

import json

import pytest

from bot.domain.models import Rating
from bot.grading.llm_reply import NonsenseReply, read_grade

POINTS = ("去掉 critic，用组内相对优势", "只需要 actor 和 reference 两个模型")


def reply(**fields) -> str:
    grade = {
        "covered": [POINTS[0]],
        "missed": [POINTS[1]],
        "score": 0.5,
        "suggested_rating": "Hard",
        "comment": "Half of it.",
    }
    return json.dumps({**grade, **fields}, ensure_ascii=False)


def test_a_reply_in_prose_or_a_code_fence_is_read():
    for content in (reply(), f"Sure!\n```json\n{reply()}\n```", f"Grade: {reply()} -- done"):
        grade = read_grade(content, POINTS)
        assert grade.suggested is Rating.HARD and grade.covered == (POINTS[0],)


def test_lenient_spellings_of_score_and_rating():
    grade = read_grade(reply(score=70, suggested_rating=3), POINTS)
    assert grade.score == 0.7 and grade.suggested is Rating.GOOD
    assert read_grade(reply(suggested_rating=" easy "), POINTS).suggested is Rating.EASY


def test_paraphrased_points_are_quoted_from_the_reference():
    grade = read_grade(
        reply(covered=["去掉critic, 用组内的相对优势"], missed=["额外的想法"]), POINTS
    )
    assert grade.covered == (POINTS[0],)
    assert grade.missed == ("额外的想法",)  # nothing close enough: kept as the model said it


@pytest.mark.parametrize(
    "content",
    [
        "Looks good to me!",
        json.dumps({"verdict": "ok"}),
        reply(score=-1),
        reply(score=250),
        reply(score="high"),
        reply(suggested_rating="Great"),
        reply(comment=""),
        reply(covered="all"),
        reply(covered=[], missed=[]),
        "",
    ],
)
def test_anything_else_is_nonsense(content):
    with pytest.raises(NonsenseReply):
        read_grade(content, POINTS)
