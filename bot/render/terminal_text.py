"""Render Markdown as readable terminal text, with ANSI styles or as plain text."""

import re

from bot.render.markdown_walker import Context, MarkdownRenderer
from bot.render.markdown_width import display_width
from bot.render.markdown_wrap import wrap_text

_ANSI = {
    "strong": ("\x1b[1m", "\x1b[22m"),
    "em": ("\x1b[3m", "\x1b[23m"),
    "s": ("\x1b[9m", "\x1b[29m"),
    "code": ("\x1b[36m", "\x1b[39m"),
}
# Control characters in an answer could drive the user's terminal; only \t and \n survive.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CODE_INDENT = "    "
_QUOTE_BAR = "│ "
_HEADING_UNDERLINE = {1: "=", 2: "-"}


def strip_controls(text: str) -> str:
    return _CONTROL.sub("", text)


class TerminalRenderer(MarkdownRenderer):
    def __init__(self, color: bool = True) -> None:
        self.color = color

    def _paint(self, kind: str, text: str) -> str:
        if not self.color or not text:
            return text
        on, off = _ANSI[kind]
        return f"{on}{text}{off}"

    def text(self, text: str) -> str:
        return strip_controls(text)

    def styled(self, kind: str, inner: str, ctx: Context) -> str:
        return self._paint(kind, inner)

    def code_inline(self, code: str, ctx: Context) -> str:
        return self._paint("code", strip_controls(code))

    def link(self, label: str, href: str, ctx: Context) -> str:
        if not label or label == href:
            return href
        return f"{label} ({href})"

    def heading(self, inner: str, level: int, ctx: Context) -> str:
        lines = wrap_text(self._paint("strong", inner.strip()), ctx.width)
        underline = _HEADING_UNDERLINE.get(level)
        if not self.color and underline:  # plain text has no bold; mark top headings instead
            widest = max(display_width(line) for line in lines)
            lines.append(underline * min(widest, ctx.width))
        return "\n".join(lines)

    def paragraph(self, inner: str, ctx: Context) -> str:
        return "\n".join(wrap_text(inner.strip(), ctx.width))

    def code_block(self, code: str, language: str, ctx: Context) -> str:
        lines = strip_controls(code).expandtabs(4).split("\n")
        return "\n".join(_CODE_INDENT + line if line.strip() else "" for line in lines)

    def table(self, lines: list[str], ctx: Context) -> str:
        return "\n".join(strip_controls(line) for line in lines)

    def blockquote(self, inner: str, ctx: Context) -> str:
        return "\n".join(_QUOTE_BAR + line for line in inner.split("\n"))

    def rule(self, ctx: Context) -> str:
        return "─" * min(ctx.width, 40)


def markdown_to_terminal(md: str, width: int = 80, color: bool = True) -> str:
    return TerminalRenderer(color).render(md, width)
