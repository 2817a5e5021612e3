"""Load and validate the YAML decks of a content directory, reporting problems with file and line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.corpus.checks import answer_findings
from bot.domain.models import Deck, Question, Source, Topic
from bot.yaml_errors import yaml_error_at

ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")
DECK_KEYS = {"id", "title", "description", "questions"}
QUESTION_KEYS = {"id", "question", "context", "answer", "key_points", "topic", "tags", "source", "related"}
SOURCE_KEYS = {"file", "heading"}
TOPIC_KEYS = {"title", "title_zh"}
TOPICS_FILE = "topics.yaml"
# Longest answer that still fits one chat message comfortably (Telegram 4096, Slack 3000 + blocks).
LONG_ANSWER_CHARS = 3500


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    message: str
    severity: str = "error"  # error | warning
    column: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.line and self.column:
            where += f":{self.column}"
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class Corpus:
    decks: tuple[Deck, ...]
    questions: dict[str, Question]
    topics: dict[str, Topic]
    warnings: tuple[Problem, ...] = ()

    def topic(self, topic_id: str) -> Topic:
        return self.topics.get(topic_id) or Topic(topic_id, topic_id)

    def ordered(self) -> list[Question]:
        return [q for deck in self.decks for q in deck.questions]


class CorpusError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(
            f"{len(errors)} problem(s) in the content:\n" + "\n".join(str(p) for p in errors)
        )


@dataclass
class _Collector:
    problems: list[Problem] = field(default_factory=list)

    def error(self, file: Path, node: yaml.Node | None, message: str) -> None:
        self.problems.append(Problem(str(file), _line(node), message))

    def warn(self, file: Path, node: yaml.Node | None, message: str) -> None:
        self.problems.append(Problem(str(file), _line(node), message, "warning"))


def _line(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def load_corpus(directory: Path) -> Corpus:
    """Load every deck; raise CorpusError listing all errors (warnings ride along on success)."""
    corpus, problems = check_corpus(directory)
    if any(p.severity == "error" for p in problems):
        raise CorpusError(problems)
    return corpus


def check_corpus(directory: Path) -> tuple[Corpus, list[Problem]]:
    """Load what is valid and return it with every problem found (errors and warnings)."""
    out = _Collector()
    directory = Path(directory)
    if not directory.is_dir():
        out.error(directory, None, "content directory does not exist")
        return Corpus((), {}, {}), out.problems
    topics = _load_topics(directory / TOPICS_FILE, out)
    decks: list[Deck] = []
    seen_questions: dict[str, str] = {}
    seen_decks: dict[str, str] = {}
    files = sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml"))
    for path in files:
        if path.name == TOPICS_FILE:
            continue
        deck = _load_deck(path, out, seen_questions, seen_decks, topics)
        if deck is not None:
            decks.append(deck)
    if not decks and not any(p.severity == "error" for p in out.problems):
        out.error(directory, None, "no decks found (expected *.yaml files with a 'questions' list)")
    questions = {q.id: q for d in decks for q in d.questions}
    for q in questions.values():
        for other in q.related:
            if other not in questions:
                out.warn(
                    Path(q.source.file if q.source else "?"),
                    None,
                    f"question '{q.id}' is related to unknown question '{other}'",
                )
    corpus = Corpus(
        tuple(decks), questions, topics, tuple(p for p in out.problems if p.severity == "warning")
    )
    return corpus, out.problems


def _compose(path: Path, out: _Collector) -> yaml.Node | None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        out.error(path, None, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8")
        return None
    except OSError as exc:
        out.error(path, None, f"cannot read: {exc.strerror}")
        return None
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        line, column, message = yaml_error_at(exc)
        out.problems.append(Problem(str(path), line, f"malformed YAML: {message}", column=column))
        return None


def _mapping(node: yaml.Node) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    return {k.value: (k, v) for k, v in node.value}


_CONSTRUCTOR = yaml.SafeLoader("")  # only its node constructor is used


def _scalar(node: yaml.Node) -> Any:
    return _CONSTRUCTOR.construct_object(node, deep=True)


def _text(node: yaml.Node | None) -> str | None:
    if node is None or not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
        return None
    return str(_scalar(node))


def _str_list(path: Path, node: yaml.Node | None, what: str, out: _Collector) -> tuple[str, ...]:
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
        return ()
    if not isinstance(node, yaml.SequenceNode) or any(
        not isinstance(item, yaml.ScalarNode) for item in node.value
    ):
        out.error(path, node, f"'{what}' must be a list of strings")
        return ()
    return tuple(str(_scalar(item)).strip() for item in node.value if str(_scalar(item)).strip())


def _load_topics(path: Path, out: _Collector) -> dict[str, Topic]:
    if not path.exists():
        return {}
    root = _compose(path, out)
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        out.error(path, root, "topics.yaml must map topic ids to {title, title_zh}")
        return {}
    topics = {}
    for key, (knode, vnode) in _mapping(root).items():
        if not isinstance(vnode, yaml.MappingNode):
            out.error(path, vnode, f"topic '{key}' must be a mapping with a 'title'")
            continue
        fields_ = _mapping(vnode)
        for unknown in set(fields_) - TOPIC_KEYS:
            out.error(
                path,
                fields_[unknown][0],
                f"unknown field '{unknown}' in topic '{key}'"
                f" (allowed: {', '.join(sorted(TOPIC_KEYS))})",
            )
        title = _text(fields_.get("title", (None, None))[1])
        if not title:
            out.error(path, knode, f"topic '{key}' has no title")
            continue
        topics[key] = Topic(key, title, _text(fields_.get("title_zh", (None, None))[1]))
    return topics


def _load_deck(
    path: Path,
    out: _Collector,
    seen_questions: dict[str, str],
    seen_decks: dict[str, str],
    topics: dict[str, Topic],
) -> Deck | None:
    root = _compose(path, out)
    if root is None:
        return None
    if not isinstance(root, yaml.MappingNode):
        out.error(path, root, "a deck must be a mapping with 'id', 'title' and 'questions'")
        return None
    fields_ = _mapping(root)
    for unknown in sorted(set(fields_) - DECK_KEYS):
        out.error(
            path,
            fields_[unknown][0],
            f"unknown deck field '{unknown}' (allowed: {', '.join(sorted(DECK_KEYS))})",
        )
    deck_id = _text(fields_.get("id", (None, None))[1])
    if not deck_id or not ID_RE.match(deck_id):
        out.error(
            path,
            fields_.get("id", (root, None))[0],
            "deck 'id' is required: lowercase letters, digits, '.', '-', '_' (max 40)",
        )
        return None
    if deck_id in seen_decks:
        out.error(
            path, fields_["id"][1], f"deck id '{deck_id}' is also used by {seen_decks[deck_id]}"
        )
        return None
    seen_decks[deck_id] = str(path)
    title = _text(fields_.get("title", (None, None))[1]) or deck_id
    qnode = fields_.get("questions", (None, None))[1]
    if not isinstance(qnode, yaml.SequenceNode):
        out.error(path, qnode or root, "deck needs a 'questions' list")
        return None
    questions = []
    for item in qnode.value:
        question = _load_question(path, item, deck_id, out, seen_questions, topics)
        if question is not None:
            questions.append(question)
    return Deck(deck_id, title, tuple(questions), str(path))


def _load_question(
    path: Path,
    node: yaml.Node,
    deck_id: str,
    out: _Collector,
    seen: dict[str, str],
    topics: dict[str, Topic],
) -> Question | None:
    if not isinstance(node, yaml.MappingNode):
        out.error(path, node, "each question must be a mapping with 'id', 'question' and 'topic'")
        return None
    f = _mapping(node)
    ok = True
    for unknown in sorted(set(f) - QUESTION_KEYS):
        out.error(
            path,
            f[unknown][0],
            f"unknown question field '{unknown}' (allowed: {', '.join(sorted(QUESTION_KEYS))})",
        )
        ok = False
    qid = _text(f.get("id", (None, None))[1])
    if not qid:
        out.error(path, node, "question has no 'id': give it a stable id such as 'grpo-vs-ppo'")
        return None
    if not ID_RE.match(qid):
        out.error(
            path,
            f["id"][1],
            f"question id '{qid}' is invalid: use lowercase letters,"
            " digits, '.', '-', '_', starting with a letter or digit, at most 40 chars",
        )
        ok = False
    elif qid in seen:
        out.error(path, f["id"][1], f"duplicate question id '{qid}' (first defined at {seen[qid]})")
        ok = False
    else:
        seen[qid] = f"{path}:{_line(f['id'][1])}"
    text = (_text(f.get("question", (None, None))[1]) or "").strip()
    if not text:
        out.error(
            path,
            f.get("question", (None, node))[1] or node,
            f"question '{qid}' has no question text",
        )
        ok = False
    anode = f.get("answer", (None, None))[1]
    if anode is not None and not isinstance(anode, yaml.ScalarNode):
        out.error(path, anode, f"answer of '{qid}' must be Markdown text")
        ok = False
    answer = (_text(anode) or "").strip() or None
    topic = (_text(f.get("topic", (None, None))[1]) or "").strip()
    if not topic:
        known = f" (set one of: {', '.join(sorted(topics))})" if topics else ""
        out.error(path, node, f"question '{qid}' has no 'topic'{known}")
        ok = False
    elif topics and topic not in topics:
        out.error(
            path,
            f["topic"][1],
            f"question '{qid}' has unknown topic '{topic}'"
            f" (defined in {TOPICS_FILE}: {', '.join(sorted(topics))})",
        )
        ok = False
    source = _load_source(path, f.get("source", (None, None))[1], qid, out)
    key_points = _str_list(path, f.get("key_points", (None, None))[1], "key_points", out)
    tags = _str_list(path, f.get("tags", (None, None))[1], "tags", out)
    related = _str_list(path, f.get("related", (None, None))[1], "related", out)
    if not ok:
        return None
    if answer is None and not key_points:
        out.warn(path, node, f"question '{qid}' has no reference answer and no key points")
    if answer is not None and anode is not None:
        _check_answer(path, anode, qid, out)
    if answer is not None and len(answer) > LONG_ANSWER_CHARS:
        out.warn(
            path,
            anode,
            f"answer of '{qid}' is {len(answer)} characters, over"
            f" {LONG_ANSWER_CHARS}: channels will split it into several messages",
        )
    context = (_text(f.get("context", (None, None))[1]) or "").strip() or None
    return Question(
        qid, deck_id, text, answer, topic, key_points, tags, source, related, context=context
    )


def _check_answer(path: Path, node: yaml.Node, qid: str, out: _Collector) -> None:
    """Warn about each defect of the answer at its own line of the deck."""
    text = str(_scalar(node))
    block = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
    for offset, message in answer_findings(text):
        line = node.start_mark.line + 1 + (1 + offset if block else 0)
        out.problems.append(Problem(str(path), line, f"answer of '{qid}' {message}", "warning"))


def _load_source(path: Path, node: yaml.Node | None, qid: str, out: _Collector) -> Source | None:
    if node is None:
        return None
    if isinstance(node, yaml.ScalarNode):
        return Source(str(_scalar(node)))
    if not isinstance(node, yaml.MappingNode):
        out.error(path, node, f"source of '{qid}' must be a file name or {{file, heading}}")
        return None
    f = _mapping(node)
    for unknown in sorted(set(f) - SOURCE_KEYS):
        out.error(path, f[unknown][0], f"unknown source field '{unknown}' (allowed: file, heading)")
    file = _text(f.get("file", (None, None))[1])
    if not file:
        out.error(path, node, f"source of '{qid}' needs a 'file'")
        return None
    return Source(file, _text(f.get("heading", (None, None))[1]))
