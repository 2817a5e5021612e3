"""Render Markdown as Telegram HTML (parse_mode="HTML").

Telegram accepts only a few tags and refuses some nestings (no entity inside code or pre,
no quote inside a quote, no link inside a link), so the markup is chosen per context."""

import html
import re

from bot.render.markdown_walker import Context, MarkdownRenderer

_TAGS = {"strong": "b", "em": "i", "s": "s"}
_LINK_SCHEMES = ("http://", "https://", "tg://", "mailto:")
_LANGUAGE = re.compile(r"[A-Za-z0-9_+#.-]+")
RULE = "—" * 8


def escape_telegram_html(text: str) -> str:
    """Plain text safe to embed in a Telegram HTML message."""
    return html.escape(text, quote=False)


class TelegramHtmlRenderer(MarkdownRenderer):
    def text(self, text: str) -> str:
        return escape_telegram_html(text)

    def styled(self, kind: str, inner: str, ctx: Context) -> str:
        tag = _TAGS[kind]
        return f"<{tag}>{inner}</{tag}>" if inner.strip() else inner

    def code_inline(self, code: str, ctx: Context) -> str:
        escaped = escape_telegram_html(code)
        return escaped if ctx.in_link else f"<code>{escaped}</code>"

    def link(self, label: str, href: str, ctx: Context) -> str:
        # Relative or unusual URLs make Telegram reject the whole message; show the label only.
        if not href.lower().startswith(_LINK_SCHEMES):
            return label
        return f'<a href="{html.escape(href, quote=True)}">{label or self.text(href)}</a>'

    def heading(self, inner: str, level: int, ctx: Context) -> str:
        return f"<b>{inner.strip()}</b>"

    def code_block(self, code: str, language: str, ctx: Context) -> str:
        escaped = escape_telegram_html(code)
        if ctx.in_quote:
            return escaped
        if _LANGUAGE.fullmatch(language):
            return f'<pre><code class="language-{language}">{escaped}</code></pre>'
        return f"<pre>{escaped}</pre>"

    def table(self, lines: list[str], ctx: Context) -> str:
        return self.code_block("\n".join(lines), "", ctx)

    def blockquote(self, inner: str, ctx: Context) -> str:
        return f"<blockquote>{inner}</blockquote>"

    def rule(self, ctx: Context) -> str:
        return RULE


def markdown_to_telegram_html(md: str) -> str:
    return TelegramHtmlRenderer().render(md)


def markdown_to_telegram_folded(md: str) -> str:
    """`md` in a collapsed quote the reader expands with a tap (Bot API 7.4)."""
    return f"<blockquote expandable>{TelegramHtmlRenderer().render(md, in_quote=True)}</blockquote>"
