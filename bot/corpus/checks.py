"""What makes a deck's answer worse than the notes it came from, found by `content validate`:
formulas a Markdown reader would turn italic, paragraphs said twice, content the export lost,
quote marks wrapped around the whole answer. Each finding carries its line in the deck."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from bot.corpus.importers.fidelity import (
    LOST_TEXT,
    is_quote_wrapped,
    repeated_formulas,
    repeated_paragraphs,
)
from bot.render.markdown_parse import parse_markdown, plain_text

# A reader of plain CommonMark, which knows nothing of formulas (GitHub, Slack's markdown block).
_PLAIN = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
_EXCERPT = 40


def _emphasis(tree: SyntaxTreeNode) -> Counter[str]:
    found: Counter[str] = Counter()
    for node in tree.walk():
        if node.type in ("em", "strong"):
            found[plain_text(node)] += 1
    return found


def formula_emphasis(answer: str) -> Iterator[tuple[int, str]]:
    """(line within the answer, emphasized text) where plain Markdown would read a formula's
    `_` or `*` as emphasis: the drill shows it literally, any other Markdown reader does not."""
    plain = SyntaxTreeNode(_PLAIN.parse(answer))
    for block in plain.walk():
        if block.type != "inline" or not block.map:
            continue
        extra = _emphasis(block) - _emphasis(parse_markdown(block.content))
        for text in extra.elements():
            yield block.map[0], text


def _line_of(answer: str, fragment: str, start: int = 0) -> int:
    at = answer.find(fragment, start)
    return answer.count("\n", 0, at) if at >= 0 else 0


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"


def answer_findings(answer: str) -> Iterator[tuple[int, str]]:
    """(line within the answer, what is wrong) for every defect found."""
    for line, text in formula_emphasis(answer):
        yield line, f"a formula would turn italic at '{_excerpt(text)}' (escape its _ or *)"
    for block in repeated_paragraphs(answer):
        again = _line_of(answer, block, answer.find(block) + len(block))
        yield again, f"says a paragraph again: '{_excerpt(block)}'"
    for formula in repeated_formulas(answer):
        yield _line_of(answer, formula), f"states a formula again: '{_excerpt(formula)}'"
    at = answer.find(LOST_TEXT)
    while at >= 0:
        yield answer.count("\n", 0, at), "refers to content the notes lost " + LOST_TEXT
        at = answer.find(LOST_TEXT, at + 1)
    if is_quote_wrapped(answer):
        yield 0, "is wrapped in quote marks from start to end (remove them)"
