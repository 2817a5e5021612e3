"""Recognise which shape of notes a file is, and parse it accordingly."""

from __future__ import annotations

from collections.abc import Callable

from . import (
    shape_headings,
    shape_numbered,
    shape_pdf,
    shape_qa,
    shape_qheadings,
    shape_quoted,
    shape_wiki,
)
from .model import NotesError, Parsed

# Most specific first: a wiki export would also match looser shapes.
SHAPES: list[tuple[str, Callable[[list[str]], bool], Callable[..., Parsed]]] = [
    ("quoted", shape_quoted.looks_like, shape_quoted.parse),
    ("q-headings", shape_qheadings.looks_like, shape_qheadings.parse),
    ("numbered-headings", shape_numbered.looks_like, shape_numbered.parse),
    ("qa-pairs", shape_qa.looks_like, shape_qa.parse),
    ("pdf-interview", shape_pdf.looks_like, shape_pdf.parse),
    ("headings", shape_headings.looks_like, shape_headings.parse),
    ("wiki", shape_wiki.looks_like, shape_wiki.parse),
]
SHAPE_HELP = (
    "recognised shapes: '**\"question\"**' lines with '>' answers; '## 1. question' headings;"
    " '### Q1: question' headings; 'Q:'/'A:' pairs; a numbered question list followed by"
    " numbered answers; '## question' headings with the answer below; lines ending in '?'"
    " followed by their answer"
)


def parse_notes(file: str, text: str, wiki_hints: shape_wiki.WikiHints | None = None) -> Parsed:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for name, looks_like, parse in SHAPES:
        if looks_like(lines):
            return parse(lines, wiki_hints) if name == "wiki" else parse(lines)
    first = next((i for i, line in enumerate(lines, 1) if line.strip()), None)
    if first is None:
        raise NotesError(file, None, "the file is empty")
    raise NotesError(file, first, f"no questions found in a known shape ({SHAPE_HELP})")
