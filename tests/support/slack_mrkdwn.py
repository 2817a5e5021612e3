"""Checks for Slack mrkdwn text: escaping and balanced code blocks."""

import re

# A > opening a line quotes it; otherwise only links may hold a raw < or >:
# <https://…>, <https://…|label>, <mailto:…|label>.
_LINK = re.compile(r"<(?:https?://|mailto:|tg://)[^<>|\s]*(?:\|[^<>]*)?>")
_ENTITY = re.compile(r"&(?:amp|lt|gt);")
_QUOTE_MARKER = re.compile(r"^ *>", re.MULTILINE)


def mrkdwn_problems(text: str) -> list[str]:
    problems = []
    outside_links = _QUOTE_MARKER.sub("", _LINK.sub("", text))
    for char in "<>":
        if char in outside_links:
            problems.append(f"unescaped {char!r}")
    if any(not _ENTITY.match(text, m.start()) for m in re.finditer("&", text)):
        problems.append("unescaped '&'")
    if text.count("```") % 2:
        problems.append("unbalanced ``` code block")
    return problems


# Slack styles `*bold*`, `_italic_` and `~strike~` when the opening marker follows the start, a
# space or punctuation and the closing one is followed by the end, a space or punctuation.
_OPENER_BEFORE = re.compile(r"[\u200b\s(\[{}\])'\"“‘:;,.!?|/<>=+\-^]")
_MARKERS = "*_~"


def mrkdwn_styled_spans(text: str) -> list[tuple[int, int]]:
    """(opening, closing) positions of every marker pair Slack would read as styling."""
    spans = []
    for line_start, line in _lines_with_offsets(text):
        i = 0
        while i < len(line):
            marker = line[i]
            before = line[i - 1] if i else " "
            if marker in _MARKERS and _OPENER_BEFORE.match(before) and line[i + 1 : i + 2].strip():
                close = _closing(line, i, marker)
                if close is not None:
                    spans.append((line_start + i, line_start + close))
                    i = close + 1
                    continue
            i += 1
    return spans


def _closing(line: str, opening: int, marker: str) -> int | None:
    for j in range(opening + 2, len(line)):
        after = line[j + 1] if j + 1 < len(line) else " "
        if line[j] == marker and not line[j - 1].isspace():
            if after.isspace() or not after.isalnum():
                return j
    return None


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    out, at = [], 0
    for line in text.split("\n"):
        out.append((at, line))
        at += len(line) + 1
    return out
