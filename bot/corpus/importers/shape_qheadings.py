"""Notes with `### Q1: question` headings and a `**参考回答：**` answer below each.

Talking points under headings such as `### 亮点1：…` or `### 补充2：…` are prompts worth
practising too; they become questions named after their label.
"""

from __future__ import annotations

import re

from .markdown_lines import code_lines, join_answer
from .model import Found, Parsed, Skipped

QUESTION = re.compile(r"^(?P<level>#{2,4})\s+Q\s*\d+\s*[:：.、]\s*(?P<text>\S.*)$", re.I)
TALKING_POINT = re.compile(
    r"^(?P<level>#{2,4})\s+(?P<label>亮点|补充|Highlight|Supplement)\s*\d*\s*[:：.、]\s*(?P<text>\S.*)$",
    re.I,
)
HEADING = re.compile(r"^(?P<level>#{1,6})\s+(?P<text>.+)$")
ANSWER_LABEL = re.compile(
    r"^\s*\*\*\s*(参考回答|参考答案|回答|答案|Answer)\s*[:：]?\s*\*\*\s*[:：]?\s*$"
)


def looks_like(lines: list[str]) -> bool:
    return any(QUESTION.match(line) for line in lines)


def parse(lines: list[str]) -> Parsed:
    parsed = Parsed("q-headings", None)
    code = code_lines(lines)
    current: Found | None = None
    level = 0
    answer: list[str] = []
    section = ""

    def finish() -> None:
        if current is not None:
            current.answer = join_answer(answer)
            parsed.questions.append(current)

    for index, line in enumerate(lines):
        number = index + 1
        if index in code:
            if current is not None:
                answer.append(line)
            continue
        question, point, heading = (
            QUESTION.match(line),
            TALKING_POINT.match(line),
            HEADING.match(line),
        )
        if question or point:
            finish()
            match = question or point
            assert match is not None
            text = match.group("text").strip()
            if point:
                text = f"{point.group('label')}：{text}"
            current = Found(text, None, number, line.strip(), section=section,
                            tags=["talking-point"] if point else [])  # fmt: skip
            level, answer = len(match.group("level")), []
        elif heading and (current is None or len(heading.group("level")) <= level):
            finish()
            current = None
            title = heading.group("text").strip()
            if heading.group("level") == "#":
                parsed.title = parsed.title or title
            else:
                if len(heading.group("level")) == 2:
                    section = title
                parsed.skipped.append(Skipped(number, line.strip(), "section without a question"))
        elif current is not None:
            if not ANSWER_LABEL.match(line):
                answer.append(line)
        elif line.strip() and line.strip() != "---":
            parsed.skipped.append(Skipped(number, line.strip(), "text outside any question"))
    finish()
    return parsed
