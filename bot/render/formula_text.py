"""Where `_` and `*` are part of a formula (`π_{θ_old}`, `{O_i}_{i=1}`, `Q*K`), not emphasis.

CommonMark lets `_` open or close emphasis next to punctuation, so `{O_i}_{i=1}^G~π_{θ_old}`
would turn italic between its underscores. A marker glued to formula characters on both sides
is a subscript or a product: every renderer keeps it literal."""

from __future__ import annotations

import re

# Characters a formula puts right before a subscript or product marker ...
_BEFORE = r"[A-Za-z0-9\u0370-\u03ff\u0300-\u036f\u1d00-\u1dbf\u2070-\u209f})\]'′|ᵀ]"
# ... and right after it.
_AFTER = r"[A-Za-z0-9\u0370-\u03ff{(\[\\|<−+]"
_MARKER = re.compile(rf"(?<={_BEFORE})(?:_|(?<!\*)\*(?!\*))(?={_AFTER})")


def is_formula_marker(text: str, pos: int) -> bool:
    """True when the `_` or `*` at `pos` joins formula characters and is no emphasis."""
    return bool(_MARKER.match(text, pos)) and pos > 0


def formula_markers(text: str) -> list[int]:
    """Positions of every formula `_` and `*` in `text`."""
    return [m.start() for m in _MARKER.finditer(text)]


_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)[^`]*?\1")


def _escape_segment(text: str) -> str:
    for pos in reversed(formula_markers(text)):
        text = f"{text[:pos]}\\{text[pos:]}"
    return text


def escape_formula_markers(md: str) -> str:
    """`md` with every formula `_` and `*` backslash-escaped (outside code), for renderers of
    standard Markdown that do not know the formula rule (Slack's markdown block)."""
    out, fence = [], None
    for line in md.split("\n"):
        opened = _FENCE.match(line)
        if fence is not None or opened:
            out.append(line)
            if opened and fence is None:
                fence = opened.group(1)
            elif opened and opened.group(1) == fence:
                fence = None
            continue
        pieces, at = [], 0
        for span in _CODE_SPAN.finditer(line):
            pieces += [_escape_segment(line[at : span.start()]), span.group(0)]
            at = span.end()
        out.append("".join([*pieces, _escape_segment(line[at:])]))
    return "\n".join(out)
