"""Parse Markdown into a syntax tree with the features the notes use (CommonMark + tables +
strikethrough). Raw HTML is disabled so `<script>` in an answer stays literal text."""

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

_PARSER = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def parse_markdown(md: str) -> SyntaxTreeNode:
    return SyntaxTreeNode(_PARSER.parse(md))


def plain_text(node: SyntaxTreeNode) -> str:
    """The visible text of an inline subtree, with formatting dropped and line breaks as spaces."""
    if node.type in ("text", "code_inline", "html_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(plain_text(child) for child in node.children)
