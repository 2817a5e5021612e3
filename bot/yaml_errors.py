"""Where a YAML file is broken, as the parser says: line, column and what it found."""

from __future__ import annotations

from typing import Any

import yaml


def yaml_error_at(exc: yaml.YAMLError) -> tuple[int | None, int | None, str]:
    """(line, column, message), 1-based. A scanner error points at its context (the quote that
    never closed, not the end of the file where that was noticed); a parser error at the token
    it could not fit. The other mark, when there are two, follows in brackets."""
    context, problem = getattr(exc, "context", None), getattr(exc, "problem", None)
    context_mark: Any = getattr(exc, "context_mark", None)  # a yaml Mark when set
    problem_mark: Any = getattr(exc, "problem_mark", None)
    two = bool(context_mark and problem_mark and _at(context_mark) != _at(problem_mark))
    if context_mark is not None and isinstance(exc, yaml.scanner.ScannerError):
        mark, message = context_mark, ", ".join(p for p in (context, problem) if p)
        if two:
            message += f" ({_where(problem_mark)})"
    else:
        mark, message = problem_mark or context_mark, problem or context or str(exc)
        if two and context:
            message += f" ({context} at {_where(context_mark)})"
    if mark is None:
        return None, None, message
    return mark.line + 1, mark.column + 1, message


def _where(mark: yaml.Mark) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


def _at(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line, mark.column
