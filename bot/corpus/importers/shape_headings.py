"""Plain Markdown notes: each heading is a question, the text under it the answer.

    # Interview notes                 <- the deck title
    ## Training                       <- a section: a heading with only headings under it
    ### What does warm-up do?         <- a question; its answer runs to the next heading
    It keeps early updates small
    while Adam's estimates settle.    <- wrapped lines join into one paragraph
    #### An example                   <- a deeper heading inside an answer stays part of it

A heading ending in '?' is always a question, even with deeper headings under it.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from .markdown_lines import code_lines, join_answer
from .model import Found, Parsed, Skipped

HEADING = re.compile(r"^(?P<level>#{1,6})\s+(?P<text>.+?)(?:\s+#+)?\s*$")
QUESTION_END = re.compile(r"[?？]$")
HARD_BREAK = re.compile(r"(?: {2,}|\\)$")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_PARSER = MarkdownIt("commonmark").enable("table")


def looks_like(lines: list[str]) -> bool:
    code = code_lines(lines)
    headings = [
        m for i, line in enumerate(lines) if i not in code and (m := HEADING.match(line))
    ]
    return sum(len(m.group("level")) >= 2 for m in headings) >= 2


def parse(lines: list[str]) -> Parsed:
    parsed = Parsed("headings", None)
    code = code_lines(lines)
    headings = {i: m for i, line in enumerate(lines) if i not in code and (m := HEADING.match(line))}
    current: Found | None = None
    level = 0
    answer: list[str] = []
    section, section_depth = "", 0

    def finish() -> None:
        if current is not None:
            current.answer = join_answer(join_paragraphs(answer))
            parsed.questions.append(current)

    for index, line in enumerate(lines):
        heading = headings.get(index)
        if heading is None:
            if current is not None:
                answer.append(line)
            elif line.strip() and line.strip() != "---":
                parsed.skipped.append(Skipped(index + 1, line.strip(), "text outside any question"))
            continue
        depth, text = len(heading.group("level")), heading.group("text").strip()
        if current is not None and depth > level and not QUESTION_END.search(text):
            answer.append(line)  # a sub-heading of the answer
            continue
        finish()
        current = None
        if depth <= section_depth:
            section, section_depth = "", 0  # that section has ended
        if depth == 1:
            if parsed.title is None:
                parsed.title = text
            else:
                section, section_depth = text, depth
                parsed.skipped.append(Skipped(index + 1, line.strip(), "section without a question"))
        elif QUESTION_END.search(text) or not _has_deeper_heading_next(lines, index, depth, headings):
            current = Found(_plain(text), None, index + 1, line.strip(), section=section)
            level, answer = depth, []
        else:
            section, section_depth = _plain(text), depth
            parsed.skipped.append(Skipped(index + 1, line.strip(), "section without a question"))
    finish()
    return parsed


def _has_deeper_heading_next(
    lines: list[str], index: int, depth: int, headings: dict[int, re.Match[str]]
) -> bool:
    """Whether only deeper headings follow (no text first): then this heading is a section."""
    for after in range(index + 1, len(lines)):
        if after in headings:
            return len(headings[after].group("level")) > depth
        if lines[after].strip():
            return False
    return False


def _plain(text: str) -> str:
    """Heading text without emphasis markers wrapped around the whole of it."""
    return re.sub(r"^(\*\*|__|\*|_)(.+)\1$", r"\2", text).strip()


def join_paragraphs(lines: list[str]) -> list[str]:
    """Lines with each paragraph's wrapped lines joined into one, as Markdown reads them: a
    space between words, none between CJK characters; hard breaks, code, quotes, tables kept."""
    joined: list[str | None] = list(lines)
    quoted = 0
    for token in _PARSER.parse("\n".join(lines)):
        quoted += {"blockquote_open": 1, "blockquote_close": -1}.get(token.type, 0)
        if token.type != "paragraph_open" or quoted or not token.map:
            continue
        start, end = token.map
        for i in range(end - 1, start, -1):  # fold each line into the one above it
            above, below = joined[i - 1] or "", (joined[i] or "").strip()
            if HARD_BREAK.search(above):
                continue
            glue = "" if CJK.search(above[-1:]) and CJK.search(below[:1]) else " "
            joined[i - 1], joined[i] = above.rstrip() + glue + below, None
    return [line for line in joined if line is not None]
