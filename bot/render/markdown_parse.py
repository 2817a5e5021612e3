"""Parse Markdown into a syntax tree with the features the notes use (CommonMark + tables +
strikethrough). Raw HTML is disabled so `<script>` in an answer stays literal text, and the
`_` and `*` of formulas stay literal instead of opening emphasis (see formula_text)."""

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.tree import SyntaxTreeNode

from bot.render.formula_text import is_formula_marker


def _formula_marker(state: StateInline, silent: bool) -> bool:
    """Take a formula's `_` or `*` as plain text before the emphasis rule sees it."""
    if state.src[state.pos] not in "_*" or not is_formula_marker(state.src, state.pos):
        return False
    if not silent:
        state.pending += state.src[state.pos]
    state.pos += 1
    return True


_PARSER = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
_PARSER.inline.ruler.before("emphasis", "formula_marker", _formula_marker)


def parse_markdown(md: str) -> SyntaxTreeNode:
    return SyntaxTreeNode(_PARSER.parse(md))


def paragraphs(md: str) -> list[str]:
    """Blocks of `md` between blank lines; a fenced code block stays whole, blank lines and all."""
    blocks: list[str] = []
    current: list[str] = []
    fenced = False
    for line in md.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not line.strip() and not fenced:
            if current:
                blocks.append("\n".join(current))
            current = []
        else:
            current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def plain_text(node: SyntaxTreeNode) -> str:
    """The visible text of an inline subtree, with formatting dropped and line breaks as spaces."""
    if node.type in ("text", "code_inline", "html_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(plain_text(child) for child in node.children)
