"""Fold a second answer to the same question into the first without repeating what it says."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
# Shared wording shorter than this is coincidence, not repetition.
_MIN_RUN = 4
COVERED = 0.85


def normalized(text: str) -> str:
    """Text reduced to what it says: no markup, spacing, punctuation or case."""
    text = re.sub(r"^\s*(?:#+|>|[-*+•]|\d+[.)])\s*", "", text, flags=re.M)
    text = text.replace("∥", "‖").replace("ϵ", "ε")
    return re.sub(r"[\s\W_]+", "", text).lower()


def coverage(part: str, whole: str) -> float:
    """Share of `part` found in `whole` in runs of at least a few characters."""
    if not part:
        return 1.0
    matcher = SequenceMatcher(None, part, whole, autojunk=False)
    found = sum(b.size for b in matcher.get_matching_blocks() if b.size >= _MIN_RUN)
    return found / len(part)


def _units(answer: str) -> list[list[str]]:
    """Paragraphs, list items (with their continuation lines) and code blocks, in order."""
    units: list[list[str]] = []
    current: list[str] = []
    in_code = False
    for line in answer.split("\n"):
        fence = line.strip().startswith("```")
        if in_code:
            current.append(line)
            in_code = not fence
            continue
        if fence or not line.strip() or _LIST_ITEM.match(line) and not line.startswith("  "):
            if current:
                units.append(current)
            current = [line] if line.strip() else []
            in_code = fence
            if not line.strip():
                units.append([""])
            continue
        current.append(line)
    if current:
        units.append(current)
    return units


def combine(first: str | None, second: str | None) -> str | None:
    """`first`, followed by whatever `second` adds to it."""
    if not second:
        return first
    if not first:
        return second
    seen = normalized(first)
    kept: list[str] = []
    for unit in _units(second):
        text = "\n".join(unit)
        key = normalized(text)
        if key and coverage(key, seen) >= COVERED:
            continue
        if not key and not text.strip("-* \n"):
            kept.append("")  # blank separator; repeated blanks collapse below
            continue
        kept.extend(unit)
        seen += key
    addition = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")
    if not normalized(addition):
        return first
    return f"{first}\n\n{addition}"
