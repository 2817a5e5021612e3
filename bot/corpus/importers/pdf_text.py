"""Markdown from text extracted out of a PDF: bullets, nested lists and numbered code lines."""

from __future__ import annotations

import re

_BULLET = re.compile(r"^(?P<indent>\s*)(?:[-•]\s*)?(?P<number>\d+\.\s+)?(?P<rest>.*)$")


def lists_to_markdown(text: str) -> str:
    """`• x` -> `- x`, `- 1. x` -> `1. x`, one-space-indented items nest under the item above."""
    out: list[str] = []
    parent_width = 2
    in_code = False
    for line in text.split("\n"):
        if line.strip().startswith("```"):
            in_code = not in_code
            out.append(line)
            continue
        stripped = line.lstrip()
        is_item = stripped[:1] in ("-", "•") or re.match(r"\d+\.\s", stripped)
        if in_code or not is_item or stripped.startswith("---"):
            starts_paragraph = not in_code and (not out or not out[-1].strip())
            out.append(stripped if starts_paragraph else line)
            continue
        match = _BULLET.match(line)
        assert match is not None
        marker = match.group("number") or "- "
        marker = re.sub(r"\.\s+", ". ", marker)
        nested = len(match.group("indent")) > 0
        if not nested:
            parent_width = len(marker)
        out.append((" " * parent_width if nested else "") + marker + match.group("rest").strip())
    return "\n".join(out)


def strip_code_line_numbers(text: str) -> str:
    """Drop the 1, 2, 3… a PDF viewer printed before each line of a code block."""
    lines = text.split("\n")
    out: list[str] = []
    block: list[str] | None = None
    for line in lines:
        if line.strip().startswith("```"):
            if block is None:
                block = []
                out.append(line)
                continue
            numbered = [re.match(r"^(\d+)(\s+|$)", item) for item in block if item.strip()]
            if (
                numbered
                and all(numbered)
                and [int(m.group(1)) for m in numbered if m] == list(range(1, len(numbered) + 1))
            ):
                block = [re.sub(r"^\d+ ?", "", item) for item in block]
                indent = min((len(i) - len(i.lstrip()) for i in block if i.strip()), default=0)
                block = [item[indent:] for item in block]
            out.extend(block)
            out.append(line)
            block = None
            continue
        (out if block is None else block).append(line)
    out.extend(block or [])
    return "\n".join(out)


def blank_whitespace_lines(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in text.split("\n")))
