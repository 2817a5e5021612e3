"""What an import found, printed for the person who ran it."""

from __future__ import annotations

from typing import TextIO

from .assemble import DeckPlan, FileResult
from .model import Skipped

PREVIEW = 50


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW else text[: PREVIEW - 1] + "…"


def _runs(skipped: list[Skipped]) -> list[tuple[int, int, str, str]]:
    """Consecutive skipped lines with the same reason, as (first, last, reason, first text)."""
    runs: list[tuple[int, int, str, str]] = []
    for item in sorted(skipped, key=lambda s: s.line):
        groupable = item.reason.startswith("text")
        if groupable and runs and runs[-1][2] == item.reason and item.line - runs[-1][1] <= 2:
            first, _, reason, text = runs[-1]
            runs[-1] = (first, item.line, reason, text)
        else:
            runs.append((item.line, item.line, item.reason, item.text))
    return runs


def print_report(out: TextIO, results: list[FileResult], plans: list[DeckPlan]) -> None:
    for result in results:
        parsed = result.parsed
        found = len(parsed.questions)
        answered = sum(1 for q in parsed.questions if q.answer)
        out.write(f"{result.file} ({parsed.shape}) -> deck '{result.deck_id}'\n")
        out.write(f"  questions: {found}, with answer: {answered}, without answer: "
                  f"{found - answered}\n")  # fmt: skip
        if result.merged_away:
            out.write(f"  in the deck after merging {len(result.merged_away)} into other"
                      f" questions: {len(result.entries)}\n")  # fmt: skip
        for duplicate in parsed.duplicates:
            out.write(f"  merged duplicate: line {duplicate.line} '{_short(duplicate.text)}'"
                      f" into line {duplicate.into_line}\n")  # fmt: skip
        for absorbed, into in result.merged_away:
            out.write(f"  merged into {into.file} '{into.id}': line {absorbed.found.line}"
                      f" '{_short(absorbed.found.text)}'\n")  # fmt: skip
        absorbed_ids = {id(a.found) for a, _ in result.merged_away}
        for question in parsed.questions:
            if not question.answer and id(question) not in absorbed_ids:
                out.write(f"  no answer: line {question.line} '{_short(question.text)}'\n")
        for entry in result.entries:
            if not entry.topic:
                out.write(f"  no topic: line {entry.found.line} '{_short(entry.found.text)}'"
                          " (set `topic:` in the deck)\n")  # fmt: skip
        for first, last, reason, text in _runs(parsed.skipped):
            lines = f"line {first}" if first == last else f"lines {first}-{last}"
            out.write(f"  skipped {lines} ({reason}): '{_short(text)}'\n")
    for plan in plans:
        out.write(f"wrote {plan.path} ({len(plan.entries)} questions)\n")
        for qid, text in plan.removed:
            out.write(f"  removed '{qid}' ('{_short(text)}'): no longer in the notes; its review"
                      " history stays in the database but it will not be asked again\n")  # fmt: skip
