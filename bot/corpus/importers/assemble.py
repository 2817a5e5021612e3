"""From parsed notes to decks: curated merges and links, topics, tags and stable ids."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .classify import tags_for, topic_for, topic_from_content
from .combine import combine
from .curation import Curation, Ref
from .gist import unique
from .ids import match_existing, new_id
from .model import Found, NotesError, Parsed
from .notes import read_notes

DECK_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")


@dataclass
class Entry:
    """A question on its way into a deck."""

    found: Found
    file: str  # the notes' file name
    source: str  # the notes' path relative to the content directory
    id: str = ""
    topic: str = ""
    tags: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)


@dataclass
class FileResult:
    file: str
    parsed: Parsed
    deck_id: str
    entries: list[Entry] = field(default_factory=list)
    merged_away: list[tuple[Entry, Entry]] = field(default_factory=list)  # (absorbed, into)


@dataclass
class DeckPlan:
    id: str
    title: str
    description: str | None
    path: Path
    sources: list[str]
    entries: list[Entry] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (id, question) no longer found


def _deck_slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", Path(name).stem.lower()).strip("-")[:40]
    return slug if DECK_ID.match(slug) else "notes"


Known = dict[str, tuple[str, str | None]]  # question id -> (question, answer)


def _existing_decks(content_dir: Path) -> dict[str, tuple[Path, Known]]:
    """Deck id -> (file, its questions) of the decks already in the directory."""
    decks: dict[str, tuple[Path, Known]] = {}
    for path in sorted(content_dir.glob("*.y*ml")):
        if path.name == "topics.yaml":
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, OSError, UnicodeDecodeError):
            continue
        if isinstance(data, dict) and isinstance(data.get("questions"), list):
            questions = {
                str(q["id"]): (str(q.get("question", "")), q.get("answer"))
                for q in data["questions"]
                if isinstance(q, dict) and q.get("id")
            }
            decks[str(data.get("id", path.stem))] = (path, questions)
    return decks


def _find(ref: Ref, results: list[FileResult], curation: Curation) -> Entry | None:
    """The entry a curation reference names; None when its file is not being imported."""
    files = [r for r in results if r.file.startswith(ref.file)]
    if not files:
        return None
    entries = [e for r in files for e in r.entries]
    exact = [e for e in entries if e.found.text == ref.question]
    matches = exact or [e for e in entries if ref.question in e.found.text]
    if len(matches) != 1:
        how = "no question" if not matches else f"{len(matches)} questions"
        raise NotesError(curation.path, None,
                         f"{ref.file}: '{ref.question}' matches {how} (make it unique)")  # fmt: skip
    return matches[0]


def _merge(results: list[FileResult], curation: Curation) -> None:
    for into_ref, from_refs in curation.merges:
        into = _find(into_ref, results, curation)
        for ref in from_refs:
            source = _find(ref, results, curation)
            if into is None or source is None:
                continue
            addition = (
                source.found.answer and f"**{source.found.heading}**\n\n{source.found.answer}"
            )
            into.found.answer = combine(into.found.answer, addition)
            into.found.key_points = unique(into.found.key_points + source.found.key_points)
            into.found.merged_from.append(
                f"{source.source} line {source.found.line}: {source.found.heading}"
            )
            owner = next(r for r in results if source in r.entries)
            owner.entries.remove(source)
            owner.merged_away.append((source, into))


def _classify(results: list[FileResult], curation: Curation, topics: set[str]) -> None:
    for result in results:
        overrides = curation.for_file(result.file).topics
        for entry in result.entries:
            text = entry.found.text
            chosen = next((t for part, t in overrides.items() if part in text), None)
            if chosen is not None and topics and chosen not in topics:
                raise NotesError(curation.path, None, f"unknown topic '{chosen}' for '{text}'"
                                 f" (topics.yaml defines: {', '.join(sorted(topics))})")  # fmt: skip
            entry.topic = chosen or _topic(result.parsed.shape, text, entry.found.section, topics)
            entry.tags = list(dict.fromkeys(tags_for(text) + entry.found.tags))


def _topic(shape: str, text: str, section: str, topics: set[str]) -> str:
    """Plain heading notes can be about anything: their questions get a topic only from their
    words, else none ('' : listed by the import and by `content validate`, for the user to set)."""
    if shape == "headings":
        return topic_from_content(text, section, topics) or ""
    return topic_for(text, section, topics)


def _assign_ids(
    plans: list[DeckPlan], existing: dict[str, tuple[Path, Known]], curation: Curation
) -> None:
    targets = {plan.id for plan in plans}
    taken = {qid for deck, (_, qs) in existing.items() if deck not in targets for qid in qs}
    for plan in plans:
        old = existing.get(plan.id, (None, {}))[1]
        kept = match_existing([(e.found.text, e.found.answer) for e in plan.entries], old)
        for index, qid in kept.items():
            plan.entries[index].id = qid
        taken |= set(kept.values())
        plan.removed = [(qid, q) for qid, (q, _) in old.items() if qid not in kept.values()]
    for plan in plans:
        for entry in plan.entries:
            if not entry.id:
                pinned = curation.for_file(entry.file).ids.get(entry.found.text)
                entry.id = pinned if pinned and pinned not in taken else new_id(entry.found.text, taken)
                taken.add(entry.id)


def _link(results: list[FileResult], curation: Curation) -> None:
    for group in curation.related:
        members = [e for ref in group if (e := _find(ref, results, curation)) is not None]
        for entry in members:
            others = [m.id for m in members if m is not entry and m.id not in entry.related]
            entry.related += others


def build(
    files: list[tuple[Path, str]], deck_id: str | None, content_dir: Path, curation: Curation,
    topics: set[str],
) -> tuple[list[FileResult], list[DeckPlan]]:  # fmt: skip
    """Parse `files` ((path, path relative to content_dir)) and lay out the decks to write."""
    if deck_id is not None and not DECK_ID.match(deck_id):
        raise NotesError("--deck", None, f"deck id '{deck_id}' is invalid: use lowercase letters,"
                         " digits, '.', '-', '_' (at most 40 characters)")  # fmt: skip
    results: list[FileResult] = []
    for path, source in files:
        file_curation = curation.for_file(path.name)
        parsed = read_notes(path, file_curation)
        deck = deck_id or file_curation.deck_id or _deck_slug(path.name)
        result = FileResult(path.name, parsed, deck)
        result.entries = [Entry(q, path.name, source) for q in parsed.questions]
        results.append(result)
    _merge(results, curation)
    _classify(results, curation, topics)
    existing = _existing_decks(content_dir)
    plans: dict[str, DeckPlan] = {}
    for result in results:
        file_curation = curation.for_file(result.file)
        if result.deck_id not in plans:
            path = existing.get(result.deck_id, (content_dir / f"{result.deck_id}.yaml", {}))[0]
            title = (None if deck_id else file_curation.title) or result.parsed.title
            description = None if deck_id else file_curation.description
            plans[result.deck_id] = DeckPlan(result.deck_id, title or result.deck_id,
                                             description, path, [])  # fmt: skip
        plan = plans[result.deck_id]
        plan.sources.append(result.entries[0].source if result.entries else result.file)
        plan.entries += result.entries
    _assign_ids(list(plans.values()), existing, curation)
    _link(results, curation)
    return results, list(plans.values())
