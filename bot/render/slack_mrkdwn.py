"""Render Markdown as Slack mrkdwn and pack it into Block Kit section blocks."""

import re
from typing import Any

from bot.render.formula_text import formula_markers
from bot.render.markdown_walker import Context, MarkdownRenderer, Piece
from bot.render.split import FENCE, SLACK_SECTION_LIMIT, split_mrkdwn

_MARKERS = {"strong": "*", "em": "_", "s": "~"}
_ZWSP = "\u200b"  # lets Slack see a marker boundary next to a letter or a CJK character
RULE = "—" * 8
MAX_BLOCKS = 50


def escape_slack(text: str) -> str:
    """Plain text safe to embed in mrkdwn: Slack only needs &, < and > escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# mrkdwn has no escapes: a formula's markers become look-alikes Slack does not read as styling.
_MATH_LOOKALIKE = {"*": "∗", "_": "ˍ"}  # asterisk operator; a low line after a bracket
_GLUED_TILDE = re.compile(r"(?<=\S)~(?=\S)")  # `q~ρ`: "sampled from", never strikethrough


def _no_formula_markers(text: str) -> str:
    chars = list(_GLUED_TILDE.sub("∼", text))
    for pos in formula_markers(text):
        if chars[pos] == "*" or text[pos - 1] in "})]|'":
            chars[pos] = _MATH_LOOKALIKE[chars[pos]]
    return "".join(chars)


# Markers Markdown left as literal text (`__init__.py`, a typed `*`) that Slack would still open
# styling at: after the start, a space or punctuation, before a non-space.
_LITERAL_OPENER = re.compile(r"(?:^|(?<=[\s(\[{}\])'\"“‘:;,.!?|/<>=+\-^]))[*_~](?=\S)")
_LOOKALIKE = {**_MATH_LOOKALIKE, "~": "∼"}


def _no_literal_styling(text: str) -> str:
    return _LITERAL_OPENER.sub(lambda m: _LOOKALIKE[m.group()], text)


def _no_fence(text: str) -> str:
    # A literal ``` would open or close a code block; a zero-width space breaks the run.
    return text.replace(FENCE, f"`{_ZWSP}`{_ZWSP}`")


class SlackMrkdwnRenderer(MarkdownRenderer):
    def text(self, text: str) -> str:
        return _no_fence(escape_slack(_no_literal_styling(_no_formula_markers(text))))

    def styled(self, kind: str, inner: str, ctx: Context) -> str:
        if ctx.in_link:  # Slack shows markers inside link labels literally
            return inner
        marker = _MARKERS[kind]
        # Slack markers do not span lines, so style each line on its own.
        return "\n".join(
            f"{marker}{line.strip()}{marker}" if line.strip() else line
            for line in inner.split("\n")
        )

    def join_inline(self, pieces: list[Piece]) -> str:
        out = ""
        for i, piece in enumerate(pieces):
            text = piece.text
            if piece.styled:
                if out and out[-1].isalnum():
                    text = _ZWSP + text
                after = pieces[i + 1].text if i + 1 < len(pieces) else ""
                if after and after[0].isalnum():
                    text += _ZWSP
            out += text
        return out

    def code_inline(self, code: str, ctx: Context) -> str:
        # mrkdwn has no escape for a backtick inside inline code; use a look-alike.
        return f"`{escape_slack(code).replace('`', 'ˋ')}`" if code.strip() else code

    def link(self, label: str, href: str, ctx: Context) -> str:
        url = escape_slack(href).replace("|", "%7C")
        if not label or label == escape_slack(href):
            return f"<{url}>"
        return f"<{url}|{label.replace('|', '¦')}>"

    def heading(self, inner: str, level: int, ctx: Context) -> str:
        return self.styled("strong", inner.strip(), ctx)

    def code_block(self, code: str, language: str, ctx: Context) -> str:
        return f"{FENCE}\n{_no_fence(escape_slack(code))}\n{FENCE}"

    def table(self, lines: list[str], ctx: Context) -> str:
        return self.code_block("\n".join(lines), "", ctx)

    def blockquote(self, inner: str, ctx: Context) -> str:
        return "\n".join(f"> {line}" if line.strip() else ">" for line in inner.split("\n"))

    def rule(self, ctx: Context) -> str:
        return RULE


def markdown_to_mrkdwn(md: str) -> str:
    return SlackMrkdwnRenderer().render(md)


def mrkdwn_blocks(text: str, max_blocks: int = MAX_BLOCKS) -> list[list[dict[str, Any]]]:
    """Section blocks for `text`, grouped into messages of at most `max_blocks` blocks."""
    sections = [
        {"type": "section", "text": {"type": "mrkdwn", "text": part}}
        for part in split_mrkdwn(text, SLACK_SECTION_LIMIT)
    ]
    return [sections[i : i + max_blocks] for i in range(0, len(sections), max_blocks)]
