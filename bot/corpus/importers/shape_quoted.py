"""Notes where each question is a bold quoted line and its answer the `>` blockquote below.

---
title: 面试 Q&A 速查
---
## P1：xtrain 预训练
**"你做分布式训练是用现成框架还是从零写的？"**
> "xtrain 项目是从零实现……"
"""

from __future__ import annotations

import re

from .markdown_lines import join_answer, strip_quote, unquote
from .model import Found, Parsed, Skipped

QUESTION = re.compile(r"^\*\*\s*(?:[\"“「].+[\"”」]|[^*]+[?？])\s*\*\*\s*$")


def looks_like(lines: list[str]) -> bool:
    return sum(bool(QUESTION.match(line.strip())) for line in lines) >= 2 and any(
        line.startswith(">") for line in lines
    )


def _front_matter(lines: list[str]) -> tuple[int, str | None]:
    """Lines taken by a leading YAML front matter block, and its title."""
    if not lines or lines[0].strip() != "---":
        return 0, None
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            title = next((re.sub(r"^title:\s*", "", line).strip() for line in lines[1:end]
                          if line.startswith("title:")), None)  # fmt: skip
            return end + 1, title
    return 0, None


def parse(lines: list[str]) -> Parsed:
    start, title = _front_matter(lines)
    parsed = Parsed("quoted", title)
    section = ""
    current: Found | None = None
    answer: list[str] = []

    def finish() -> None:
        if current is not None:
            current.answer = join_answer(answer)
            parsed.questions.append(current)

    for number, line in enumerate(lines[start:], start + 1):
        stripped = line.strip()
        if QUESTION.match(stripped):
            finish()
            current, answer = Found(unquote(stripped), None, number, stripped, section=section), []
        elif stripped.startswith("#"):
            finish()
            current = None
            heading = stripped.lstrip("#").strip()
            if stripped.startswith("# "):
                parsed.title = parsed.title or heading
            else:
                section = heading
        elif current is not None and (stripped.startswith(">") or not stripped):
            answer.append(strip_quote(line))
        elif current is not None and stripped == "---":
            finish()
            current = None
        elif stripped and stripped != "---":
            finish()
            current = None
            parsed.skipped.append(Skipped(number, stripped, "text outside any question"))
    finish()
    return parsed
