"""Key points of a question: its explicit `key_points`, else derived from the reference answer.

A reference answer states its points as list items, bold-labelled lines and table rows; when it
has none of these, its sentences are the points. Code blocks, headings and links are skipped.
"""

from __future__ import annotations

import re

from markdown_it.tree import SyntaxTreeNode

from bot.domain.models import Question
from bot.grading.text_units import compact, units
from bot.render.markdown_parse import parse_markdown, plain_text

SENTENCE_END_RE = re.compile(r"(?<=[。；;！!？?])\s*|\n+")
LINK_RE = re.compile(r"https?://\S+")
# A point needs this many informative units; fewer is a label ("优点：") or a fragment.
MIN_UNITS = 2


# Fewer explicit key points than this are one-line gists: the answer's own points join them.
FEW_EXPLICIT = 3


def key_points(question: Question, reference: str | None = None) -> tuple[str, ...]:
    """The points an answer to `question` should make (`reference` overrides its answer)."""
    if reference is not None:
        return derive_key_points(reference)
    explicit = tuple(question.key_points)
    if len(explicit) >= FEW_EXPLICIT or not question.has_answer:
        return _dedupe(explicit)
    return _dedupe(explicit + derive_key_points(question.answer or ""))


def derive_key_points(markdown: str) -> tuple[str, ...]:
    tree = parse_markdown(markdown)
    found: list[str] = []
    _walk(tree, found)
    # Only labels or links in the structure ("**代码(url)**"): the sentences are the points.
    return _dedupe(found) or _dedupe(_sentences(tree))


def _walk(node: SyntaxTreeNode, found: list[str]) -> None:
    for child in node.children:
        if child.type == "list_item":
            own = " ".join(_inline_text(p) for p in child.children if p.type == "paragraph")
            found.append(own)
            _walk(child, found)  # nested lists are points of their own
        elif child.type == "paragraph" and _has_bold(child):
            found.append(_inline_text(child))
        elif child.type == "table":
            found.extend(_table_rows(child))
        elif child.type in ("bullet_list", "ordered_list", "blockquote"):
            _walk(child, found)


def _has_bold(paragraph: SyntaxTreeNode) -> bool:
    return any(n.type == "strong" for n in paragraph.walk())


def _inline_text(node: SyntaxTreeNode) -> str:
    text = " ".join(plain_text(child) for child in node.children if child.type == "inline")
    return " ".join(LINK_RE.sub("", text).split()).strip(" ：:")


def _table_rows(table: SyntaxTreeNode) -> list[str]:
    rows = []
    for section in table.children:
        if section.type != "tbody":
            continue
        for row in section.children:
            cells = [_inline_text(cell) for cell in row.children]
            cells = [c for c in cells if c]
            if cells:
                rows.append(cells[0] + "：" + " / ".join(cells[1:]) if len(cells) > 1 else cells[0])
    return rows


def _sentences(tree: SyntaxTreeNode) -> list[str]:
    out: list[str] = []
    for node in tree.walk():
        if node.type == "paragraph":
            out.extend(s for s in SENTENCE_END_RE.split(_inline_text(node)) if s)
    return out


def _dedupe(points: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    kept = []
    for point in points:
        point = point.strip()
        key = compact(point)
        if not key or key in seen or len(set(units(point).all)) < MIN_UNITS:
            continue
        seen.add(key)
        kept.append(point)
    return tuple(kept)
