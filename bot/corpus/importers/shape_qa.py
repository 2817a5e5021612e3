"""Plain `Q:` / `A:` pairs; an answer runs until the next `Q:`."""

from __future__ import annotations

import re

from .markdown_lines import join_answer
from .model import Found, Parsed, Skipped

QUESTION = re.compile(
    r"^\s*(?:\*\*)?(?:Q|问)\s*\d*\s*(?:\*\*)?\s*[:：]\s*(?:\*\*)?(?P<text>\S.*?)(?:\*\*)?\s*$"
)
ANSWER = re.compile(r"^\s*(?:\*\*)?(?:A|答)\s*\d*\s*(?:\*\*)?\s*[:：]\s*(?:\*\*)?(?P<text>.*)$")


def looks_like(lines: list[str]) -> bool:
    return sum(bool(QUESTION.match(line)) for line in lines) >= 1 and any(
        ANSWER.match(line) for line in lines
    )


def parse(lines: list[str]) -> Parsed:
    parsed = Parsed("qa-pairs", None)
    current: Found | None = None
    answer: list[str] | None = None

    def finish() -> None:
        if current is not None:
            current.answer = join_answer(answer or [])
            parsed.questions.append(current)

    for number, line in enumerate(lines, 1):
        if question := QUESTION.match(line):
            finish()
            current, answer = Found(question.group("text"), None, number, line.strip()), None
        elif current is not None and answer is None and (reply := ANSWER.match(line)):
            answer = [reply.group("text")]
        elif current is not None and answer is not None:
            answer.append(line)
        elif current is not None and line.strip():
            current.text = f"{current.text} {line.strip()}"  # question wrapped onto a new line
        elif line.strip().startswith("# "):
            parsed.title = parsed.title or line.strip("# \n")
        elif line.strip():
            parsed.skipped.append(Skipped(number, line.strip(), "text outside any question"))
    finish()
    return parsed
