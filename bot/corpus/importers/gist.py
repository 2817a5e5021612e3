"""One-line gists the notes state (`要点:`, a bold summary line), kept as key points."""

from __future__ import annotations

import re

# `要点:` lines are the gist itself: they move to key_points and leave the answer.
_GIST_LINE = re.compile(r"^\s*(?:[-*•]\s*)?\**要点\**\s*[:：]\s*\**(?P<text>\S.*?)\**\s*$")
# Bold summary lines stay in the answer (they are part of its structure) and are copied.
_SUMMARY_LINE = re.compile(
    r"^\s*(?:[-*]\s*)?(?:\*\*(?P<label>核心思想|核心观点|核心目的|根本原因|一句话|总结|结论|最佳实践)"
    r"\s*[:：]?\*\*|(?P<plain>总结))\s*[:：]\s*(?P<text>\S.+)$"
)
_SUBHEADING = re.compile(r"^#{3,6}\s+(?P<title>.+?)\s*$")


def split_key_points(answer: str | None) -> tuple[str | None, list[str]]:
    """Return the answer without its `要点:` lines, and the key points found in it."""
    if not answer:
        return answer, []
    points: list[str] = []
    kept: list[str] = []
    subheading = ""
    for line in answer.split("\n"):
        if heading := _SUBHEADING.match(line):
            subheading = re.split(r"\s*[（(]", heading.group("title"))[0]
        if gist := _GIST_LINE.match(line):
            points.append(gist.group("text").strip())
            continue
        if summary := _SUMMARY_LINE.match(line):
            text = summary.group("text").strip()
            points.append(f"{subheading}：{text}" if subheading else text)
        kept.append(line)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")
    return text or None, points


def unique(points: list[str]) -> list[str]:
    """Key points without repeats that differ only in spacing or punctuation."""
    seen: set[str] = set()
    out = []
    for point in points:
        key = re.sub(r"[\s\W_]+", "", point).lower()
        if key and key not in seen:
            seen.add(key)
            out.append(point)
    return out
