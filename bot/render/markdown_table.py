"""Lay out a Markdown table as aligned monospace lines."""

from dataclasses import dataclass

from markdown_it.tree import SyntaxTreeNode

from bot.render.markdown_parse import plain_text
from bot.render.markdown_width import display_width, pad


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    aligns: list[str]  # "left" | "right" | "center", one per column


def read_table(node: SyntaxTreeNode) -> Table:
    header: list[str] = []
    rows: list[list[str]] = []
    aligns: list[str] = []
    for section in node.children:
        for tr in section.children:
            cells = [plain_text(cell).strip() for cell in tr.children]
            if section.type == "thead":
                header = cells
                aligns = [_align(cell) for cell in tr.children]
            else:
                rows.append(cells)
    return Table(header, rows, aligns)


def _align(cell: SyntaxTreeNode) -> str:
    style = str(cell.attrs.get("style", ""))
    for align in ("right", "center"):
        if align in style:
            return align
    return "left"


def format_table(table: Table) -> list[str]:
    """Header, a `-+-` rule, then rows; columns padded by display width so CJK text lines up."""
    columns = max([len(table.header), *(len(row) for row in table.rows)], default=0)
    grid = [_fill(row, columns) for row in [table.header, *table.rows]]
    aligns = _fill(table.aligns, columns, "left")
    widths = [max(display_width(row[c]) for row in grid) for c in range(columns)]

    def line(cells: list[str]) -> str:
        padded = (pad(cell, widths[c], aligns[c]) for c, cell in enumerate(cells))
        return " | ".join(padded).rstrip()

    rule = "-+-".join("-" * width for width in widths)
    return [line(grid[0]), rule, *(line(row) for row in grid[1:])]


def _fill(cells: list[str], columns: int, filler: str = "") -> list[str]:
    return (cells + [filler] * columns)[:columns]
