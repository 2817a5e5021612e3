"""What a notes parser finds: questions with their answers, and what it had to leave out."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Found:
    """One question as the notes state it, before ids, topics and curation."""

    text: str
    answer: str | None  # Markdown; None when the notes give no answer
    line: int  # 1-based line of the question in the notes
    heading: str  # the heading or line the question was taken from, as written
    key_points: list[str] = field(default_factory=list)
    section: str = ""  # enclosing section title, a hint for topic and tags
    context: str | None = None  # shown with the question, e.g. the project it is asked about
    tags: list[str] = field(default_factory=list)
    more_answers: list[str] = field(default_factory=list)  # the notes answer it again later
    merged_from: list[str] = field(default_factory=list)  # "file:line text" of absorbed copies


@dataclass(frozen=True)
class Skipped:
    """Text that is neither a question nor part of an answer (titles, intros, noise)."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Duplicate:
    """A second statement of a question already found; its answer was folded into the first."""

    line: int
    text: str
    into_line: int


@dataclass
class Parsed:
    shape: str
    title: str | None
    questions: list[Found] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)


class NotesError(Exception):
    """A file that cannot be imported, with the place to look."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file, self.line, self.message = file, line, message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")
