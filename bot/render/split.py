"""Split rendered messages that exceed a chat platform's length limit.

Both splitters prefer paragraph boundaries, then line boundaries, and cut inside a line only
when a single line is too long. Whitespace at a split point is dropped; nothing else is."""

import html
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

TELEGRAM_LIMIT = 4096
SLACK_SECTION_LIMIT = 3000
FENCE = "```"
ZWJ = "\u200d"


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# ---- Telegram HTML ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Atom:
    """A tag, or one visible character with its (re-escaped) HTML spelling."""

    markup: str
    char: str = ""  # empty for tags
    tag: str = ""
    closing: bool = False


class _Tokenizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.atoms: list[_Atom] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.atoms.append(_Atom(self.get_starttag_text() or f"<{tag}>", tag=tag))

    def handle_endtag(self, tag: str) -> None:
        self.atoms.append(_Atom(f"</{tag}>", tag=tag, closing=True))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        self.atoms.extend(_Atom(html.escape(ch, quote=False), ch) for ch in data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.handle_data(html.unescape(f"&#{name};"))


def _atoms(text: str) -> list[_Atom]:
    tokenizer = _Tokenizer()
    tokenizer.feed(text)
    tokenizer.close()
    return tokenizer.atoms


def _visible(atoms: list[_Atom]) -> str:
    return "".join(atom.char for atom in atoms)


def telegram_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units of the text after entity parsing."""
    return utf16_len(_visible(_atoms(text)))


def split_telegram_html(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Split Telegram HTML into messages of at most `limit` visible UTF-16 units each.

    Every part is well-formed on its own: tags open at a split point are closed at the end of
    one part and reopened at the start of the next (a long <pre> becomes two <pre> blocks)."""
    atoms = _atoms(text)
    stacks = _open_tags_before(atoms)
    parts = []
    start = 0
    while start < len(atoms):
        end, resume = _cut(atoms, stacks, start, limit)
        part = _assemble(stacks[start], atoms[start:end], stacks[end])
        if _visible(_atoms(part)).strip():
            parts.append(part)
        start = resume
    return parts


def _open_tags_before(atoms: list[_Atom]) -> list[tuple[_Atom, ...]]:
    """For every index, the tags open just before that atom (one extra entry for the end)."""
    stacks: list[tuple[_Atom, ...]] = [()]
    for atom in atoms:
        stack = stacks[-1]
        if atom.tag and not atom.closing:
            stack = (*stack, atom)
        elif atom.tag and stack and stack[-1].tag == atom.tag:
            stack = stack[:-1]
        stacks.append(stack)
    return stacks


def _cut(
    atoms: list[_Atom], stacks: list[tuple[_Atom, ...]], start: int, limit: int
) -> tuple[int, int]:
    """(end of this part, start of the next) for the part beginning at `start`."""
    size = 0
    best: dict[str, tuple[int, int]] = {}
    has_text = False
    for i in range(start, len(atoms)):
        char = atoms[i].char
        # A break at i ends the part before atom i, so it counts even when atom i overflows.
        if has_text and char == "\n":
            if i + 1 < len(atoms) and atoms[i + 1].char == "\n":
                best["paragraph"] = (i, i + 2)
                if not stacks[i]:
                    best["top-paragraph"] = (i, i + 2)
            elif atoms[i - 1].char != "\n":
                best["line"] = (i, i + 1)
        elif has_text and char.isspace():
            best["space"] = (i, i + 1)
        size += utf16_len(char)
        if size > limit:
            for kind in ("top-paragraph", "paragraph", "line", "space"):
                if kind in best:
                    return best[kind]
            end = _grapheme_boundary(atoms, start, i)
            return end, end
        has_text = has_text or (char != "" and not char.isspace())
    return len(atoms), len(atoms)


def _grapheme_boundary(atoms: list[_Atom], start: int, end: int) -> int:
    """Step back from `end` so an emoji sequence or a letter and its marks stay together."""
    cut = end
    while cut - 1 > start and _glued(atoms[cut - 1].char, atoms[cut].char):
        cut -= 1
    return cut if cut - 1 > start else max(end, start + 1)


def _glued(before: str, after: str) -> bool:
    if before == ZWJ or after == ZWJ:
        return True
    # Combining marks and variation selectors are Mn/Me; skin tones modify the emoji before.
    return after != "" and (
        unicodedata.category(after) in ("Mn", "Me") or "\U0001f3fb" <= after <= "\U0001f3ff"
    )


def _assemble(reopen: tuple[_Atom, ...], body: list[_Atom], still_open: tuple[_Atom, ...]) -> str:
    out: list[_Atom] = []
    closing = [_Atom(f"</{tag.tag}>", tag=tag.tag, closing=True) for tag in reversed(still_open)]
    for atom in [*reopen, *body, *closing]:
        if atom.closing and out and out[-1].tag == atom.tag and not out[-1].closing:
            out.pop()  # an element left empty by the split
        else:
            out.append(atom)
    return "".join(atom.markup for atom in out)


# ---- Slack mrkdwn -----------------------------------------------------------------------


def split_mrkdwn(text: str, limit: int = SLACK_SECTION_LIMIT) -> list[str]:
    """Split Slack mrkdwn into parts of at most `limit` UTF-16 units, closing a ``` block at
    the end of a part and reopening it in the next so no part leaves code unbalanced."""
    reopen = FENCE + "\n"
    close = "\n" + FENCE
    parts = []
    in_code = False
    rest = text.strip("\n")
    while rest.strip():
        if in_code and rest.startswith(FENCE):
            rest = rest[len(FENCE) :].lstrip("\n")  # the block ends right at the split
            in_code = False
            continue
        head = reopen if in_code else ""
        if utf16_len(head + rest) <= limit:
            parts.append(head + rest)
            break
        end, resume = _cut_mrkdwn(rest, limit - utf16_len(head))
        if _opens_code(head + rest[:end]):  # leave room to close the block in this part
            end, resume = _cut_mrkdwn(rest, limit - utf16_len(head + close))
        piece = head + rest[:end].rstrip()
        in_code = _opens_code(piece)
        parts.append(piece + close if in_code else piece)
        rest = rest[resume:]
    return [part for part in parts if part.strip()]


def _opens_code(text: str) -> bool:
    return text.count(FENCE) % 2 == 1


def _cut_mrkdwn(text: str, budget: int) -> tuple[int, int]:
    window = _prefix_within(text, budget)
    # Whitespace right after the window can be the break itself: it is dropped, not kept.
    following = text[len(window) : len(window) + 1]
    breakable = window + following if following.isspace() else window
    for separator in ("\n\n", "\n", " "):
        at = breakable.rfind(separator)
        if at > 0 and breakable[:at].strip():
            return at, at + len(separator)
    end = len(window)
    # Do not cut an &amp; entity or a <url|label> link in half.
    for opener, closer in (("&", ";"), ("<", ">")):
        at = window.rfind(opener)
        if at > 0 and closer not in window[at:]:
            end = min(end, at)
    return end, end


def _prefix_within(text: str, budget: int) -> str:
    """The longest prefix of `text` that is at most `budget` UTF-16 units."""
    size = 0
    for i, ch in enumerate(text):
        size += utf16_len(ch)
        if size > budget:
            return text[:i]
    return text
