"""Answers as faithful as the notes allow: what the export lost is marked, not hidden; what the
notes repeat or wrap around an answer by accident is removed.

The validator (bot/corpus/checks.py) looks for the same defects in any deck, imported or not."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from bot.render.markdown_parse import paragraphs

from .combine import normalized

# Shown where the notes refer to something (a figure, an embedded code block) the export lost.
LOST_MARKER = "*(figure not in the notes)*"
LOST_TEXT = "(figure not in the notes)"
# Placeholders wiki exports leave where an embedded block (code, image, table) could not go.
EXPORT_PLACEHOLDERS = ("暂时无法在飞书文档外展示此内容", "Unable to display this content")
# Quote marks around a whole answer: the notes quote what to say, the drill shows the answer.
_WRAPPING_QUOTES = (('"', '"'), ("“", "”"), ("「", "」"))
_FENCE = re.compile(r"^\s*(```|~~~)")
_LIST_OR_BLOCK = re.compile(r"^\s*(?:[-*+•]|\d+[.)、]|>|\||```|~~~)")
_LABEL_ONLY = re.compile(r"^\s*(?:#{1,6}\s+.+|\*\*[^*]+\*\*[:：]?)\s*$")
_NUMBERED_LABEL = re.compile(r"^\s*(?:#{1,6}\s+|\*\*)\s*(?:\d+[.、]|[一二三四五六七八九十]+、)")
_ENDS_WITH_COLON = re.compile(r"[:：]\s*$")
# The caption of a figure the text extraction dropped: `Figure 4 | Demonstration of PPO …`.
_CAPTION = re.compile(r"^\s*(?:Figure|Fig\.|图)\s*\d+\s*[|:：.]")
# A repeat shorter than this (after normalizing) is a coincidence, such as "可以。".
_MIN_REPEAT = 12


def _quotes_inside_lines(inner: str, opening: str, closing: str) -> bool:
    """Quoted phrases within a multi-line answer (`说要"更快收敛"`), each pair on one line."""
    if "\n" not in inner:
        return False
    if opening == closing:
        return all(line.count(opening) % 2 == 0 for line in inner.split("\n"))
    return all(line.count(opening) == line.count(closing) for line in inner.split("\n"))


def unwrap_quotes(answer: str) -> str:
    """`"xtrain 项目是从零实现……"` -> `xtrain 项目是从零实现……` when the pair wraps it all."""
    text = answer.strip()
    for opening, closing in _WRAPPING_QUOTES:
        if len(text) <= 2 or not (text.startswith(opening) and text.endswith(closing)):
            continue
        inner = text[len(opening) : -len(closing)]
        if (opening not in inner and closing not in inner) or _quotes_inside_lines(
            inner, opening, closing
        ):
            return inner.strip()
    return answer


def is_quote_wrapped(answer: str) -> bool:
    return unwrap_quotes(answer) != answer


def _sort_repeats(answer: str) -> tuple[list[str], list[str]]:
    """(paragraphs said for the first time, paragraphs that say one again word for word)."""
    kept: list[str] = []
    repeats: list[str] = []
    seen: set[str] = set()
    for block in paragraphs(answer):
        key = "" if block == LOST_MARKER else normalized(block)  # each loss is marked where it is
        (repeats if len(key) >= _MIN_REPEAT and key in seen else kept).append(block)
        seen.add(key)
    return kept, repeats


def repeated_paragraphs(answer: str) -> list[str]:
    """Paragraphs that say again, word for word, what an earlier paragraph of the answer says."""
    return _sort_repeats(answer)[1]


# `A_i = (r_i − r̄) / (σ_r + ε)`: a short left side, `=`, a right side up to the sentence's end.
_EQUATION = re.compile(r"(?P<lhs>[^\s:：,，=]{1,12})\s*=\s*(?P<rhs>[^\s。；;，,][^。；;\n]*)")
_SAME_FORMULA = 0.85


def _equations(line: str) -> list[str]:
    keys = [normalized(m.group("lhs") + m.group("rhs")) for m in _EQUATION.finditer(line)]
    return [key for key in keys if len(key) >= _MIN_REPEAT // 2]


def repeated_formulas(answer: str) -> list[str]:
    """Lines (outside code) stating again, nearly verbatim, an equation an earlier line gave."""
    seen: list[str] = []
    repeats = []
    for block in paragraphs(answer):
        if _FENCE.match(block):
            continue
        for line in block.split("\n"):
            keys = _equations(line)
            if any(SequenceMatcher(None, key, old).ratio() >= _SAME_FORMULA
                   for key in keys for old in seen):  # fmt: skip
                repeats.append(line)
            seen += keys
    return repeats


def drop_repeated_paragraphs(answer: str) -> str:
    kept, repeats = _sort_repeats(answer)
    return "\n\n".join(kept) if repeats else answer


def pointers_to_lost_content(answer: str) -> list[str]:
    """Paragraphs ending in ':' with nothing after them but a label or the end of the answer:
    what they introduced (a figure, a code block) did not survive the export. Also captions
    of figures that are not there."""
    blocks = paragraphs(answer)
    found = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if _CAPTION.match(block):
            if following is None or LOST_TEXT not in following:
                found.append(block)
            continue
        last = block.split("\n")[-1]
        if not _ENDS_WITH_COLON.search(last) or _LIST_OR_BLOCK.match(last):
            continue
        if _LABEL_ONLY.match(last) and index + 1 < len(blocks):
            continue  # a label such as **流程**： introduces the list below it
        # a label after the colon is the next section's title, unless it numbers what the colon
        # announced (`评估体系包括：` then `**1. 自动化评估指标**`)
        if following is None or (
            _LABEL_ONLY.match(following)
            and not _NUMBERED_LABEL.match(following)
            and LOST_TEXT not in following
        ):
            found.append(block)
    return found


def mark_lost_content(answer: str) -> str:
    """Export placeholders and dangling colons become a visible marker."""
    blocks = [LOST_MARKER if block.strip() in EXPORT_PLACEHOLDERS else block
              for block in paragraphs(answer)]  # fmt: skip
    dangling = set(pointers_to_lost_content("\n\n".join(blocks)))
    out = []
    for block in blocks:
        out.append(block)
        if block in dangling:
            out.append(LOST_MARKER)
    return "\n\n".join(out)


def faithful(answer: str | None) -> str | None:
    """The answer without wrapping quotes or repeated paragraphs, with lost content marked."""
    if not answer:
        return answer
    return mark_lost_content(drop_repeated_paragraphs(unwrap_quotes(answer)))


# Talking points the notes list to bring up unasked become prompts to practise telling them.
_TALKING_POINT = re.compile(r"^(?P<kind>亮点|补充)\s*\d*\s*[:：]\s*(?P<text>\S.*)$")
_PROMPTS = {"亮点": "讲讲这段经历：{text}", "补充": "展开讲讲：{text}"}


def as_prompt(question: str) -> str:
    """`亮点：我建立了…知识库` -> `讲讲这段经历：我建立了…知识库`; real questions unchanged."""
    match = _TALKING_POINT.match(question.strip())
    if not match:
        return question
    return _PROMPTS[match.group("kind")].format(text=match.group("text"))
