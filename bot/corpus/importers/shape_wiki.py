"""A wiki export (Feishu, Notion…): heading levels are lost, every line is plain text.

    如何解决灾难性遗忘?                  <- a line ending in ? is a question
      1. 保留通用数据:……                  <- its answer: the items and paragraphs below
    Transfomer attention计算为什么除以根号 d?   <- no answer
    基础知识                             <- a bare heading: a section title or a study topic
    on-policy 和 off-policy(参考 https://…)
      • Off-policy: ……                  <- a topic heading with content is a question too

Which bare headings are study topics and which short lines are sub-headings of the answer
above cannot be told from the text; a curation file says so (see curation.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .fidelity import EXPORT_PLACEHOLDERS, LOST_MARKER
from .model import Found, Parsed, Skipped

_ITEM = re.compile(r"^(?P<indent>\s*)(?:(?P<bullet>[•·\-*])|(?P<number>\d+)[.、])\s+(?P<text>.*)$")
_TRAILING_REF = re.compile(r"\s*[(（]\s*(?P<ref>(?:参考\s*)?https?://[^\s)）]+)\s*[)）]\s*$")
_QUESTION_END = re.compile(r"[?？]\s*(?:[(（][^()（）]*[)）])?\s*$")
_SENTENCE_END = re.compile(r"[。.!！;；:：,，、]$")
HEADING_MAX = 60


@dataclass
class WikiHints:
    """Curated knowledge about lines the text alone cannot classify."""

    topics: set[str] = field(default_factory=set)  # bare headings kept as unanswered questions
    subheadings: set[str] = field(default_factory=set)  # headings inside the answer above
    continuations: set[str] = field(default_factory=set)  # short lines that are answer text


def looks_like(lines: list[str]) -> bool:
    questions = sum(bool(_QUESTION_END.search(line)) and not _ITEM.match(line) for line in lines)
    return questions >= 2


def _plain(line: str) -> tuple[str, str | None]:
    """Heading text without a trailing reference link, and that link."""
    match = _TRAILING_REF.search(line)
    if not match:
        return line.strip(), None
    return line[: match.start()].strip(), re.sub(r"^参考\s*", "", match.group("ref"))


def _is_heading(text: str) -> bool:
    return len(text) <= HEADING_MAX and not _SENTENCE_END.search(text)


@dataclass
class _Entry:
    found: Found
    body: list[str] = field(default_factory=list)
    ref: str | None = None
    is_question: bool = False  # asked with a question mark: kept even without answer
    pending: list[str] = field(default_factory=list)  # sub-headings with no content yet

    def flush_subheadings(self, next_has_content: bool) -> None:
        """Empty sub-headings in a row read as a list; a single one as a bold label."""
        if len(self.pending) > 1 and not next_has_content:
            self.body += ["", *(f"- {title}" for title in self.pending)]
        else:
            self.body += [line for title in self.pending for line in ("", f"**{title}**")]
        self.pending = []


def _markdown_line(line: str) -> str:
    item = _ITEM.match(line)
    if not item:
        return line.strip()
    depth = 1 if len(item.group("indent")) >= 4 else 0
    marker = f"{item.group('number')}." if item.group("number") else "-"
    return "  " * depth + f"{marker} {item.group('text').strip()}"


def parse(lines: list[str], hints: WikiHints | None = None) -> Parsed:
    hints = hints or WikiHints()
    parsed = Parsed("wiki", None)
    entries: list[_Entry] = []
    current: _Entry | None = None

    def close() -> None:
        if current is None:
            return
        current.flush_subheadings(next_has_content=False)
        body = "\n".join(current.body).strip("\n")
        body = re.sub(r"\n{3,}", "\n\n", body)
        if current.ref:  # kept even when it is the only pointer to an answer
            body = f"{body}\n\n参考：{current.ref}".strip()
        current.found.answer = body or None
        keep = body or current.is_question or current.found.text in hints.topics
        if keep:
            entries.append(current)
        else:
            parsed.skipped.append(
                Skipped(current.found.line, current.found.heading, "bare heading")
            )

    for number, raw in enumerate(lines, 1):
        stripped = raw.strip()
        if not stripped:
            continue
        if parsed.title is None:
            parsed.title = stripped
            parsed.skipped.append(Skipped(number, stripped, "title"))
            continue
        if stripped in EXPORT_PLACEHOLDERS and current is not None:
            current.flush_subheadings(next_has_content=False)
            current.body += ["", LOST_MARKER]  # the reader must know something is missing
            continue
        if stripped in EXPORT_PLACEHOLDERS:
            parsed.skipped.append(Skipped(number, stripped, "placeholder left by the export"))
            continue
        text, ref = _plain(stripped)
        is_item = bool(_ITEM.match(raw))
        if current is not None and not is_item and text in hints.subheadings:
            current.pending.append(stripped)
            continue
        asked = not is_item and bool(_QUESTION_END.search(text))
        if not is_item and text not in hints.continuations and (asked or _is_heading(text)):
            close()
            current = _Entry(Found(text, None, number, stripped), ref=ref, is_question=asked)
            continue
        if current is None:
            parsed.skipped.append(Skipped(number, stripped, "text outside any question"))
            continue
        if current.pending:
            current.flush_subheadings(next_has_content=True)
            current.body.append("")
        line = _markdown_line(raw)
        previous_item = bool(current.body) and bool(_ITEM.match(current.body[-1].lstrip()))
        if current.body and not (is_item and previous_item):
            current.body.append("")  # paragraphs apart; list items of one list together
        current.body.append(line)
    close()
    parsed.questions = [entry.found for entry in entries]
    return parsed
