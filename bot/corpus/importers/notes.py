"""Read one file of notes into clean questions: repaired, parsed, formulas as text, gists split."""

from __future__ import annotations

from pathlib import Path

from .combine import combine
from .curation import FileCuration
from .detect import parse_notes
from .fidelity import as_prompt, faithful
from .gist import split_key_points, unique
from .latex import formulas_to_unicode
from .model import Duplicate, Found, NotesError, Parsed, Skipped
from .pdf_text import blank_whitespace_lines, lists_to_markdown, strip_code_line_numbers


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NotesError(str(path), None, f"cannot read the file: {exc.strerror}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise NotesError(str(path), line, "not UTF-8 text; save the notes as UTF-8") from exc


def apply_fixes(path: Path, text: str, fixes: list[tuple[str, str]]) -> str:
    for find, replace in fixes:
        if find not in text:
            raise NotesError(str(path), None, f"curation fix no longer applies: {find!r} not found")
        text = text.replace(find, replace)
    return text


def _clean(answer: str | None, shape: str) -> str | None:
    if answer is None:
        return None
    if shape == "pdf-interview":
        answer = blank_whitespace_lines(strip_code_line_numbers(lists_to_markdown(answer)))
    return faithful(formulas_to_unicode(answer, repair=shape == "pdf-interview").strip() or None)


def _settle(question: Found, shape: str, curation: FileCuration) -> None:
    """Formulas to text, `要点` lines to key points, restatements folded into one answer."""
    question.text = as_prompt(formulas_to_unicode(question.text))
    question.context = next(
        (label for part, label in curation.context.items() if part in question.section), None
    )
    answer, points = split_key_points(_clean(question.answer, shape))
    for again in question.more_answers:
        more, more_points = split_key_points(_clean(again, shape))
        answer = combine(answer, more)
        points += more_points
    question.answer, question.more_answers = answer, []
    question.key_points = unique(question.key_points + points)


def read_notes(path: Path, curation: FileCuration | None = None) -> Parsed:
    curation = curation or FileCuration()
    text = apply_fixes(path, read_text(path), curation.fixes)
    parsed = parse_notes(str(path), text, curation.wiki)
    kept: list[Found] = []
    for question in parsed.questions:
        if any(question.text == skip for skip in curation.skip):
            parsed.skipped.append(Skipped(question.line, question.text, "curated: not drilled"))
            continue
        _settle(question, parsed.shape, curation)
        kept.append(question)
    parsed.questions = _fold_repeats(kept, parsed.duplicates)
    return parsed


def _fold_repeats(questions: list[Found], duplicates: list[Duplicate]) -> list[Found]:
    """The same question written twice in one file becomes one, its answers combined."""
    by_text: dict[str, Found] = {}
    out: list[Found] = []
    for question in questions:
        first = by_text.get(question.text)
        if first is None:
            by_text[question.text] = question
            out.append(question)
            continue
        first.answer = combine(first.answer, question.answer)
        first.key_points = unique(first.key_points + question.key_points)
        duplicates.append(Duplicate(question.line, question.text, first.line))
    return out
