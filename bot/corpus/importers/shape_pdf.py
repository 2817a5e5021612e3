"""Text extracted from a PDF of interview notes: the questions listed first, answers after.

    - 1. 阿里云瓴羊大模型算法一面          <- an interview: its nested items are the questions
     - 1. 为啥先sft再grpo
     - 2. grpo的loss函数?奖励加在哪的?
    ...
    2. 为啥先 SFT 再 GRPO?                <- answers, numbered with an offset and reworded
    要点: 先让模型"会说", 再让它"说得对"。

Answer headings are matched to the listed questions by wording (the offset only breaks ties);
a heading that matches none but reads as a question is a question of its own.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from .markdown_lines import code_lines, join_answer
from .model import Duplicate, Found, Parsed, Skipped

LIST_ITEM = re.compile(r"^(?P<indent>\s*)-\s*(?P<number>\d+)\s*[.、]\s*(?P<text>\S.*)$")
ANSWER_HEADING = re.compile(r"^(?P<number>\d+)\s*[.、]\s*(?P<text>\S.*)$")
MATCH = 0.5  # wording similarity above which an answer heading restates a listed question
OFFSET_BONUS = 0.15


def looks_like(lines: list[str]) -> bool:
    listed = [m for line in lines if (m := LIST_ITEM.match(line)) and m.group("indent")]
    return len(listed) >= 3 and sum(bool(ANSWER_HEADING.match(line)) for line in lines) >= 3


def key(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text).lower()


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, key(a), key(b), autojunk=False).ratio()


def _listed(lines: list[str]) -> tuple[list[tuple[int, int, str]], set[str]]:
    """The first question list: (line, number, text) of each leaf item, and the group titles."""
    questions: list[tuple[int, int, str]] = []
    groups: set[str] = set()
    start = next((i for i, line in enumerate(lines) if LIST_ITEM.match(line)), None)
    if start is None:
        return questions, groups
    items = []
    for index in range(start, len(lines)):
        match = LIST_ITEM.match(lines[index])
        if not match:
            if lines[index].strip():
                break
            continue
        items.append((index, match))
    for position, (index, match) in enumerate(items):
        indent = len(match.group("indent"))
        following = items[position + 1][1] if position + 1 < len(items) else None
        if following is not None and len(following.group("indent")) > indent:
            groups.add(key(match.group("text")))
        else:
            questions.append((index + 1, int(match.group("number")), match.group("text").strip()))
    return questions, groups


def parse(lines: list[str]) -> Parsed:
    parsed = Parsed("pdf-interview", None)
    listed, groups = _listed(lines)
    found = [Found(text, None, line, f"- {number}. {text}") for line, number, text in listed]
    listed_lines = {line for line, _, _ in listed}
    answers: dict[int, list[list[str]]] = {}
    answer_lines: dict[int, int] = {}
    offsets: list[int] = []
    code = code_lines(lines)
    current: int | None = None  # index into `found`

    def best_match(number: int, text: str) -> int | None:
        offset = max(set(offsets), key=offsets.count) if offsets else 0
        scored = [
            (similarity(text, q.text) + (OFFSET_BONUS if i + 1 + offset == number else 0), i)
            for i, q in enumerate(found)
            if i < len(listed)
        ]
        score, index = max(scored, default=(0.0, -1))
        return index if score >= MATCH else None

    for index, line in enumerate(lines):
        number = index + 1
        stripped = line.strip()
        if index in code:
            if current is not None:
                answers[current][-1].append(line)
            continue
        listed_item = LIST_ITEM.match(line)
        heading = ANSWER_HEADING.match(line)
        if number in listed_lines:
            current = None
            continue
        if listed_item and (key(listed_item.group("text")) in groups
                            or best_match(-1, listed_item.group("text")) is not None):  # fmt: skip
            current = None
            parsed.skipped.append(Skipped(number, stripped, "question list repeated"))
            continue
        if heading and key(heading.group("text")) in groups:
            current = None
            parsed.skipped.append(Skipped(number, stripped, "interview title"))
            continue
        if heading:
            text, heading_number = heading.group("text").strip(), int(heading.group("number"))
            match = best_match(heading_number, text)
            if match is None and re.search(r"[?？]\s*$", text) and "**" not in text:
                found.append(Found(text, None, number, stripped))
                match = len(found) - 1
            if match is not None:
                if match < len(listed):
                    offsets.append(heading_number - match - 1)
                if match in answers:
                    parsed.duplicates.append(Duplicate(number, text, answer_lines[match]))
                else:
                    answer_lines[match] = number
                    found[match].heading = stripped
                answers.setdefault(match, []).append([])
                current = match
                continue
        if current is not None:
            answers[current][-1].append(line)
        elif stripped:
            parsed.skipped.append(Skipped(number, stripped, "text outside any answer"))
    for index, question in enumerate(found):
        texts = [t for block in answers.get(index, []) if (t := join_answer(block))]
        question.answer = texts[0] if texts else None
        question.more_answers = texts[1:]
    parsed.questions = found
    parsed.title = next((line.strip() for line in lines if line.strip()), None)
    if parsed.skipped and parsed.title == parsed.skipped[0].text:
        parsed.skipped[0] = Skipped(parsed.skipped[0].line, parsed.title, "title")
    return parsed
