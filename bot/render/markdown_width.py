"""Display width of text in a monospace cell grid (CJK characters take two columns)."""

import unicodedata

_ZERO_WIDTH_CATEGORIES = {"Mn", "Me", "Cf"}


def char_width(ch: str) -> int:
    """Columns one code point occupies: 0 for combining marks and format characters
    (zero-width joiner, variation selectors), 2 for wide/full-width, else 1."""
    if unicodedata.category(ch) in _ZERO_WIDTH_CATEGORIES:
        return 0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    return 1


def display_width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def pad(text: str, width: int, align: str = "left") -> str:
    """Pad `text` with spaces to `width` columns; align is "left", "right" or "center"."""
    gap = max(0, width - display_width(text))
    if align == "right":
        return " " * gap + text
    if align == "center":
        left = gap // 2
        return " " * left + text + " " * (gap - left)
    return text + " " * gap
