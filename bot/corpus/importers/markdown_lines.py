"""Line-level views of Markdown that keep code blocks intact."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

_PARSER = MarkdownIt("commonmark")


def code_lines(lines: list[str]) -> set[int]:
    """0-based indices of lines inside fenced or indented code blocks (fence lines included)."""
    inside: set[int] = set()
    for token in _PARSER.parse("\n".join(lines)):
        if token.type in ("fence", "code_block") and token.map:
            inside.update(range(*token.map))
    return inside


def join_answer(lines: list[str]) -> str | None:
    """Answer text from its lines: outer blank lines and section rules dropped, None if empty."""
    while lines and (not lines[0].strip() or lines[0].strip() == "---"):
        lines = lines[1:]
    while lines and (not lines[-1].strip() or lines[-1].strip() == "---"):
        lines = lines[:-1]
    text = "\n".join(line.rstrip() for line in lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text or None


def strip_quote(line: str) -> str:
    """The text of a blockquote line: `> text` -> `text`, `>` -> ``."""
    return re.sub(r"^\s*>\s?", "", line)


def unquote(text: str) -> str:
    """Question text without Markdown emphasis and surrounding quotation marks."""
    text = re.sub(r"^\*\*(.*)\*\*$", r"\1", text.strip()).strip()
    pairs = {'"': '"', "“": "”", "「": "」", "'": "'"}
    if len(text) > 1 and text[0] in pairs and text[-1] == pairs[text[0]]:
        text = text[1:-1].strip()
    return text
