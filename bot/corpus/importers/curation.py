"""Hand decisions the importer applies on top of the notes, kept in `sources/curation.yaml`.

Everything a person decided (repairs of extraction damage, which bare headings are study topics,
which questions in different files are the same, deck names) lives in that file, so importing the
notes again reproduces the committed decks exactly.

    files:
      003_notes.txt:                      # a file name, or a prefix of it
        deck: {id: wiki-2025, title: 面经2025, description: …}
        fixes: [{find: "…", replace: "…", why: "…"}]   # applied to the notes before parsing
        skip: [{question: "…", why: "…"}]              # found, but not a question to drill
        topics: {"question text or part of it": topic-id}
        context: {"section title or part of it": "P3 · 自进化系统"}  # shown with its questions
        ids: {"question text": question-id}   # kept when a correction changes the text
        wiki: {topics: […], subheadings: […], continuations: […]}
    merge:                                # one question asked in several places
      - into: {file: "002", question: "deepspeed三阶段"}
        from: [{file: "003", question: "zero3"}]
    related:                              # questions that stay separate but belong together
      - [{file: "000", question: "GRPO 和 PPO"}, {file: "001", question: "PPO 和 DPO"}]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .model import NotesError
from .shape_wiki import WikiHints

FILE_NAME = "curation.yaml"


@dataclass(frozen=True)
class Ref:
    """A question named by its file (or a prefix of the file name) and its text (or part of it)."""

    file: str
    question: str


@dataclass
class FileCuration:
    deck_id: str | None = None
    title: str | None = None
    description: str | None = None
    fixes: list[tuple[str, str]] = field(default_factory=list)
    skip: list[str] = field(default_factory=list)
    topics: dict[str, str] = field(default_factory=dict)
    context: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    wiki: WikiHints = field(default_factory=WikiHints)


@dataclass
class Curation:
    files: dict[str, FileCuration] = field(default_factory=dict)
    merges: list[tuple[Ref, list[Ref]]] = field(default_factory=list)
    related: list[list[Ref]] = field(default_factory=list)
    path: str = ""

    def for_file(self, name: str) -> FileCuration:
        for key, value in self.files.items():
            if name == key or name.startswith(key):
                return value
        return FileCuration()


def _ref(path: Path, raw: Any) -> Ref:
    if not isinstance(raw, dict) or not raw.get("file") or not raw.get("question"):
        raise NotesError(str(path), None, f"expected {{file: …, question: …}}, got {raw!r}")
    return Ref(str(raw["file"]), str(raw["question"]))


def _file_entry(path: Path, raw: dict[str, Any]) -> FileCuration:
    deck = raw.get("deck") or {}
    wiki = raw.get("wiki") or {}
    return FileCuration(
        deck_id=deck.get("id"),
        title=deck.get("title"),
        description=deck.get("description"),
        fixes=[(str(f["find"]), str(f.get("replace", ""))) for f in raw.get("fixes") or []],
        skip=[str(s["question"]) for s in raw.get("skip") or []],
        topics={str(k): str(v) for k, v in (raw.get("topics") or {}).items()},
        context={str(k): str(v) for k, v in (raw.get("context") or {}).items()},
        ids={str(k): str(v) for k, v in (raw.get("ids") or {}).items()},
        wiki=WikiHints(
            topics=set(wiki.get("topics") or []),
            subheadings=set(wiki.get("subheadings") or []),
            continuations=set(wiki.get("continuations") or []),
        ),
    )


def load(path: Path) -> Curation:
    """The curation in `path`; an empty one if the file does not exist."""
    if not path.exists():
        return Curation()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise NotesError(str(path), line, f"malformed YAML: {exc}") from exc
    try:
        files = {str(k): _file_entry(path, v or {}) for k, v in (raw.get("files") or {}).items()}
        merges = [
            (_ref(path, m["into"]), [_ref(path, r) for r in m["from"]])
            for m in raw.get("merge") or []
        ]
        related = [[_ref(path, r) for r in group] for group in raw.get("related") or []]
    except (KeyError, TypeError, AttributeError) as exc:
        raise NotesError(str(path), None, f"unexpected curation structure: {exc}") from exc
    return Curation(files, merges, related, str(path))
