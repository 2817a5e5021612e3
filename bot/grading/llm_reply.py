"""What the grading model is asked, and how its reply is read and checked.

The reply is JSON (schema-constrained, JSON mode, or JSON somewhere in plain text for small local
models). Anything that does not validate is nonsense, and the caller grades offline instead.
"""

from __future__ import annotations

import json
import re
from typing import Any

from rapidfuzz import fuzz, process

from bot.domain.models import Question, Rating
from bot.grading.text_units import compact
from bot.grading.verdict import Grade, GraderKind

RATINGS = {r.name.capitalize(): r for r in Rating}
# A point the model quotes is mapped to the reference's wording when this similar (0-100).
SAME_POINT = 70
MAX_COMMENT_CHARS = 1200

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "covered": {"type": "array", "items": {"type": "string"}},
        "missed": {"type": "array", "items": {"type": "string"}},
        "score": {"type": "number"},  # 0..1, checked here: not every server knows minimum
        "suggested_rating": {"type": "string", "enum": list(RATINGS)},
        "comment": {"type": "string"},
    },
    "required": ["covered", "missed", "score", "suggested_rating", "comment"],
    "additionalProperties": False,
}

SYSTEM_PROMPT = """\
You grade a candidate's answer to a technical interview question against the reference answer.
Judge substance, not wording: the answer may be spoken, informal, Chinese, English or mixed.
Reply with one JSON object and nothing else:
{"covered": [...], "missed": [...], "score": 0.0-1.0, "suggested_rating": "Again|Hard|Good|Easy", "comment": "..."}
- covered / missed: key points from the given list, copied word for word; every key point goes
  in exactly one of the two lists.
- score: the share of the substance of the reference the answer gets right.
- suggested_rating: Again = wrong, confused or off-topic; Hard = right direction but important
  points missing; Good = the main points made; Easy = complete and precise.
- comment: one short paragraph to the candidate, in the language of their answer: what was
  right, what is missing or wrong."""


class NonsenseReply(ValueError):
    """The model's reply is not a usable grade."""


def messages(question: Question, reference: str | None, points: tuple[str, ...], answer: str):
    listed = "\n".join(f"{i}. {p}" for i, p in enumerate(points, 1)) or "(none given)"
    context = f"Context of the question:\n{question.context}\n\n" if question.context else ""
    user = (
        f"{context}Question:\n{question.question}\n\n"
        f"Reference answer:\n{reference or '(none: grade against the key points)'}\n\n"
        f"Key points:\n{listed}\n\n"
        f"Candidate's answer:\n{answer}"
    )
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def read_grade(content: str | None, points: tuple[str, ...]) -> Grade:
    """Parse and validate the model's reply; raise NonsenseReply."""
    data = _json_object(content or "")
    covered = _strings(data.get("covered", []), "covered")
    missed = _strings(data.get("missed", []), "missed")
    rating = _rating(data.get("suggested_rating"))
    score = _score(data.get("score"))
    comment = data.get("comment")
    if not isinstance(comment, str) or not comment.strip():
        raise NonsenseReply("no comment")
    if points and not (covered or missed):
        raise NonsenseReply("no key point judged")
    return Grade(
        covered=_quoted(covered, points),
        missed=_quoted(missed, points),
        comment=" ".join(comment.split())[:MAX_COMMENT_CHARS],
        score=score,
        suggested=rating,
        grader=GraderKind.LLM,
    )


def _json_object(content: str) -> dict[str, Any]:
    text = content.strip()
    fenced = re.search(r"```(?:json)?\s*(\{.*?\})\s*```", text, re.DOTALL)
    candidates = [text, fenced.group(1) if fenced else None]
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        candidates.append(text[start : end + 1])
    for candidate in candidates:
        if not candidate:
            continue
        try:
            data = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(data, dict):
            return data
    raise NonsenseReply("no JSON object")


def _strings(value: Any, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise NonsenseReply(f"{name} is not a list of strings")
    return [" ".join(v.split()) for v in value if v.strip()]


def _rating(value: Any) -> Rating:
    if isinstance(value, str) and value.strip().capitalize() in RATINGS:
        return RATINGS[value.strip().capitalize()]
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4:
        return Rating(value)
    raise NonsenseReply("suggested_rating is not Again, Hard, Good or Easy")


def _score(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise NonsenseReply("score is not a number")
    if 1 < value <= 100:  # a percentage
        value = value / 100
    if not 0 <= value <= 1:
        raise NonsenseReply("score is out of range")
    return round(float(value), 3)


def _quoted(items: list[str], points: tuple[str, ...]) -> tuple[str, ...]:
    """The reference's own wording for every point the model names (models paraphrase)."""
    out: list[str] = []
    for item in items:
        best = process.extractOne(
            item, points, scorer=fuzz.ratio, processor=compact, score_cutoff=SAME_POINT
        )
        if best is not None:
            item = best[0]
        if item not in out:
            out.append(item)
    return tuple(out)
