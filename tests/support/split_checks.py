"""Checks that splitting a message into parts kept every visible character."""


def lost_between_parts(original: str, parts: list[str]) -> str:
    """What splitting lost or reordered, other than whitespace at the split points.

    Each part must be a verbatim slice of `original`, in order, and the gaps between the
    slices may hold only whitespace. Returns "" when that holds, else a description."""
    position = 0
    for number, part in enumerate(parts, 1):
        found = original.find(part, position)
        if found < 0:
            return f"part {number} is not a slice of the original after offset {position}"
        gap = original[position:found]
        if gap.strip():
            return f"text lost before part {number}: {gap[:40]!r}"
        position = found + len(part)
    if original[position:].strip():
        return f"text lost at the end: {original[position:][:40]!r}"
    return ""
