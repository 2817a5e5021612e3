"""Notes with numbered question headings; the answer is everything under the heading.

## 3. 怎么理解 on policy 和 off policy
### On-Policy
...
### 4a. RAG 和 SFT 的区别是什么     <- a sub-question, also a question
"""

from __future__ import annotations

import re

from .markdown_lines import code_lines, join_answer
from .model import Found, Parsed, Skipped

QUESTION = re.compile(r"^(?P<level>#{2,4})\s+(?P<number>\d+[a-z]?)\s*[.、:：)]\s*(?P<text>\S.*)$")
HEADING = re.compile(r"^(?P<level>#{1,6})\s+(?P<text>.+)$")
# Follow-up questions quoted inside advice sections ("追问方向：……"PPO 的 clip ratio 怎么选？"").
QUOTED_QUESTION = re.compile(r"[\"“]([^\"“”]{4,80}?[?？])[\"”]")


def looks_like(lines: list[str]) -> bool:
    return sum(bool(QUESTION.match(line)) for line in lines) >= 2


def parse(lines: list[str]) -> Parsed:
    parsed = Parsed("numbered-headings", None)
    code = code_lines(lines)
    current: Found | None = None
    level = 0
    answer: list[str] = []

    def finish() -> None:
        if current is not None:
            current.answer = join_answer(answer)
            parsed.questions.append(current)

    for index, line in enumerate(lines):
        number = index + 1
        question = QUESTION.match(line) if index not in code else None
        heading = HEADING.match(line) if index not in code else None
        if question:
            finish()
            text = question.group("text").strip()
            current = Found(text, None, number, line.strip())
            level, answer = len(question.group("level")), []
        elif heading and (current is None or len(heading.group("level")) <= level):
            finish()
            current = None
            if heading.group("level") == "#":
                parsed.title = parsed.title or heading.group("text").strip()
            else:
                parsed.skipped.append(Skipped(number, line.strip(), "section without a question"))
        elif current is not None:
            answer.append(line)
        elif line.strip() and line.strip() != "---":
            _follow_ups(parsed, number, line)
    finish()
    return parsed


def _follow_ups(parsed: Parsed, number: int, line: str) -> None:
    """Questions quoted in text outside any answer are kept (without answer); the rest is skipped."""
    quoted = QUOTED_QUESTION.findall(line)
    for text in quoted:
        parsed.questions.append(Found(text.strip(), None, number, line.strip()))
    if not quoted:
        parsed.skipped.append(Skipped(number, line.strip(), "text outside any question"))
