"""Walk a parsed Markdown tree and delegate every element's markup to the target format.

The block layout (paragraph spacing, list markers and indentation, quote flattening) is the
same for Telegram, Slack and the terminal; subclasses only say how each element looks."""

from abc import ABC, abstractmethod
from dataclasses import dataclass, replace

from markdown_it.tree import SyntaxTreeNode

from bot.render.markdown_parse import parse_markdown, plain_text
from bot.render.markdown_table import format_table, read_table
from bot.render.markdown_width import display_width

BULLET = "•"


@dataclass(frozen=True)
class Context:
    width: int  # columns left for text once list indentation and quote bars are taken
    in_quote: bool = False
    in_link: bool = False
    styles: frozenset[str] = frozenset()  # inline styles already applied around this text


@dataclass(frozen=True)
class Piece:
    """One rendered inline element; `styled` marks spans wrapped in emphasis markers."""

    text: str
    styled: bool = False


class MarkdownRenderer(ABC):
    quote_indent = 2  # columns a quote bar takes, for wrapping

    def render(self, md: str, width: int = 80, in_quote: bool = False) -> str:
        """`md` in the target format; `in_quote` renders it as the body of one quote."""
        ctx = Context(width=width - self.quote_indent * in_quote, in_quote=in_quote)
        out = self.blocks(parse_markdown(md).children, ctx)
        return "\n".join(line.rstrip() for line in out.split("\n")).strip("\n")

    # ---- blocks -------------------------------------------------------------------------

    def blocks(self, nodes: list[SyntaxTreeNode], ctx: Context, sep: str = "\n\n") -> str:
        rendered = (self.block(node, ctx) for node in nodes)
        return sep.join(text for text in rendered if text.strip())

    def block(self, node: SyntaxTreeNode, ctx: Context) -> str:
        kind = node.type
        if kind == "paragraph":
            return self.paragraph(self.inline(node.children[0], ctx), ctx)
        if kind == "heading":
            bold = replace(ctx, styles=ctx.styles | {"strong"})
            return self.heading(self.inline(node.children[0], bold), int(node.tag[1:]), ctx)
        if kind in ("bullet_list", "ordered_list"):
            return self.list_block(node, ctx)
        if kind == "blockquote":
            return self.quote(node, ctx)
        if kind in ("fence", "code_block"):
            language = node.info.split()[0] if node.info.strip() else ""
            return self.code_block(node.content.rstrip("\n"), language, ctx)
        if kind == "table":
            return self.table(format_table(read_table(node)), ctx)
        if kind == "hr":
            return self.rule(ctx)
        if kind == "inline":
            return self.inline(node, ctx)
        if node.children:
            return self.blocks(node.children, ctx)
        return self.text(node.content or plain_text(node))

    def list_block(self, node: SyntaxTreeNode, ctx: Context) -> str:
        items = node.children
        if node.type == "ordered_list":
            start = int(node.attrs.get("start", 1))
            numbers = [f"{start + i}." for i in range(len(items))]
            width = max(len(number) for number in numbers)
            markers = [number.rjust(width) + " " for number in numbers]
        else:
            markers = [BULLET + " "] * len(items)
        lines = []
        for marker, item in zip(markers, items, strict=True):
            inner = replace(ctx, width=ctx.width - display_width(marker))
            body = self.blocks(item.children, inner, sep="\n")
            lines.append(_hang(body, marker))
        return "\n".join(lines)

    def quote(self, node: SyntaxTreeNode, ctx: Context) -> str:
        if ctx.in_quote:  # chat apps cannot nest quotes: fold inner quotes into the outer one
            return self.blocks(node.children, ctx)
        inner = replace(ctx, in_quote=True, width=ctx.width - self.quote_indent)
        return self.blockquote(self.blocks(node.children, inner), ctx)

    # ---- inline -------------------------------------------------------------------------

    def inline(self, node: SyntaxTreeNode, ctx: Context) -> str:
        return self.join_inline([self.inline_piece(child, ctx) for child in node.children])

    def inline_piece(self, node: SyntaxTreeNode, ctx: Context) -> Piece:
        kind = node.type
        if kind in ("text", "html_inline"):
            return Piece(self.text(node.content))
        if kind in ("softbreak", "hardbreak"):
            return Piece("\n")
        if kind == "code_inline":
            return Piece(self.code_inline(node.content, ctx))
        if kind in ("strong", "em", "s"):
            if kind in ctx.styles:
                return Piece(self.inline(node, ctx))
            inner = self.inline(node, replace(ctx, styles=ctx.styles | {kind}))
            return Piece(self.styled(kind, inner, ctx), styled=bool(inner.strip()))
        if kind in ("link", "image"):
            attr = "href" if kind == "link" else "src"
            href = str(node.attrs.get(attr, ""))
            if kind == "image" or ctx.in_link:
                label = self.text(plain_text(node))
            else:
                label = self.inline(node, replace(ctx, in_link=True))
            return Piece(label if ctx.in_link else self.link(label, href, ctx))
        return Piece(self.text(plain_text(node)))

    def join_inline(self, pieces: list[Piece]) -> str:
        return "".join(piece.text for piece in pieces)

    # ---- the target format --------------------------------------------------------------

    @abstractmethod
    def text(self, text: str) -> str:
        """Literal text, escaped for the target."""

    @abstractmethod
    def styled(self, kind: str, inner: str, ctx: Context) -> str:
        """`inner` in bold ("strong"), italic ("em") or strikethrough ("s")."""

    @abstractmethod
    def code_inline(self, code: str, ctx: Context) -> str: ...

    @abstractmethod
    def link(self, label: str, href: str, ctx: Context) -> str: ...

    @abstractmethod
    def heading(self, inner: str, level: int, ctx: Context) -> str: ...

    def paragraph(self, inner: str, ctx: Context) -> str:
        return inner.strip()

    @abstractmethod
    def code_block(self, code: str, language: str, ctx: Context) -> str: ...

    @abstractmethod
    def table(self, lines: list[str], ctx: Context) -> str:
        """Aligned, unescaped table lines."""

    @abstractmethod
    def blockquote(self, inner: str, ctx: Context) -> str: ...

    @abstractmethod
    def rule(self, ctx: Context) -> str: ...


def _hang(body: str, marker: str) -> str:
    """Prefix the first line with the list marker and indent the rest under its text."""
    indent = " " * display_width(marker)
    lines = body.split("\n") if body else [""]
    rest = (indent + line if line.strip() else "" for line in lines[1:])
    return "\n".join([marker + lines[0], *rest])
