"""Wrap terminal text to a column width, CJK-aware and transparent to ANSI styles.

Latin words break at spaces; wide (CJK) characters may break anywhere, except that closing
punctuation such as ，。） never starts a line. Styles open at a line end are reset there and
reopened on the next line, so quote bars and indentation added later stay unstyled."""

import re

from bot.render.markdown_width import char_width, display_width

_TOKEN = re.compile(r"\x1b\[[0-9;]*m|\s+|[^\s\x1b]")
_SGR = re.compile(r"\x1b\[([0-9;]*)m")
_RESET = "\x1b[0m"
_NO_LINE_START = set("，。、；：？！）】」』》〉’”,.;:?!)]}%")
_OPENER_OF = {"22": "1", "23": "3", "24": "4", "29": "9", "39": "36"}  # SGR off -> on codes


def wrap_text(text: str, width: int) -> list[str]:
    width = max(width, 8)
    lines: list[str] = []
    active: list[str] = []  # SGR sequences in effect
    for source_line in text.split("\n"):
        for line in _wrap_line(source_line, width):
            prefix = "".join(active)
            active = _apply_styles(active, line)
            lines.append(prefix + line + (_RESET if active else ""))
    return lines


def _wrap_line(line: str, width: int) -> list[str]:
    words = _words(line)
    lines: list[list[str]] = [[]]
    used = 0
    for word in words:
        size = display_width(_plain(word))
        if word.isspace():
            if lines[-1]:
                lines[-1].append(word)
                used += size
            continue
        if used + size > width and _plain("".join(lines[-1])).strip():
            carried = _carry(lines[-1]) if _plain(word)[:1] in _NO_LINE_START else []
            lines[-1] = _trim(lines[-1])
            lines.append(carried)
            used = display_width(_plain("".join(carried)))
        if size > width:  # one Latin word longer than the line: cut by characters
            for unit in _TOKEN.findall(word):
                unit_width = 0 if unit.startswith("\x1b") else char_width(unit)
                if used + unit_width > width and used:
                    lines.append([])
                    used = 0
                lines[-1].append(unit)
                used += unit_width
            continue
        lines[-1].append(word)
        used += size
    return ["".join(_trim(tokens)) for tokens in lines]


def _words(line: str) -> list[str]:
    """Split into breakable units: whitespace runs, single wide characters, Latin words.
    An ANSI sequence sticks to the unit before it, or after a space to the unit after it,
    so a style change never turns into a unit of its own at the start of a line."""
    words: list[str] = []
    pending = ""
    for token in _TOKEN.findall(line):
        if token.startswith("\x1b"):
            if words and not words[-1].isspace():
                words[-1] += token
            else:
                pending += token
        elif token.isspace():
            words.append(token)
        elif not pending and words and _continues_word(words[-1], token):
            words[-1] += token
        else:
            words.append(pending + token)
            pending = ""
    if pending:
        words.append(pending)
    return words


def _continues_word(word: str, char: str) -> bool:
    return char_width(char) == 1 and char not in _NO_LINE_START and _is_latin_word(word)


def _is_latin_word(word: str) -> bool:
    last = _plain(word)[-1:]
    return bool(last) and not last.isspace() and char_width(last) == 1


def _carry(tokens: list[str]) -> list[str]:
    """Move the last unit down with a closing punctuation mark that must not start a line."""
    while tokens and tokens[-1].isspace():
        tokens.pop()
    return [tokens.pop()] if len(tokens) > 1 else []


def _trim(tokens: list[str]) -> list[str]:
    while tokens and tokens[-1].isspace():
        tokens.pop()
    return tokens


def _plain(text: str) -> str:
    return _SGR.sub("", text)


def _apply_styles(active: list[str], line: str) -> list[str]:
    for code in _SGR.findall(line):
        if code in ("", "0"):
            active = []
        elif code in _OPENER_OF:
            active = [seq for seq in active if seq != f"\x1b[{_OPENER_OF[code]}m"]
        else:
            active = [*active, f"\x1b[{code}m"]
    return active
