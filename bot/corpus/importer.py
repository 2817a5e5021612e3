"""`drillbot content import`: turn notes into decks under the content directory.

Also runnable directly: python -m bot.corpus.importer NOTES... [--deck ID] [--content DIR]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import TextIO

import yaml

from bot.config import BUNDLED_CONTENT
from bot.corpus.importers import curation as curation_file
from bot.corpus.importers.assemble import build
from bot.corpus.importers.deck_yaml import render
from bot.corpus.importers.model import NotesError
from bot.corpus.importers.report import print_report

SOURCES = "sources"


def _topic_ids(content_dir: Path) -> set[str]:
    path = content_dir / "topics.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return set()
    return set(data) if isinstance(data, dict) else set()


def _keep_source(path: Path, content_dir: Path) -> tuple[Path, str]:
    """Copy notes from elsewhere into content/sources/ so the import can be reproduced."""
    sources = content_dir / SOURCES
    if path.resolve().parent != sources.resolve():
        sources.mkdir(parents=True, exist_ok=True)
        target = sources / path.name
        if not target.exists() or target.read_bytes() != path.read_bytes():
            shutil.copyfile(path, target)
        path = target
    return path, f"{SOURCES}/{path.name}"


def _command(files: list[str], deck_id: str | None) -> str:
    deck = f" --deck {deck_id}" if deck_id else ""
    return f"drillbot content import {' '.join(files)}{deck}"


def import_notes(files: list[Path], deck_id: str | None, content_dir: Path, out: TextIO) -> int:
    """Import `files` into decks under `content_dir`, print what was found; the exit code."""
    content_dir = Path(content_dir)
    try:
        for path in files:
            if not Path(path).is_file():
                raise NotesError(str(path), None, "no such file")
        content_dir.mkdir(parents=True, exist_ok=True)
        kept = [_keep_source(Path(path), content_dir) for path in files]
        curation = curation_file.load(content_dir / SOURCES / curation_file.FILE_NAME)
        results, plans = build(kept, deck_id, content_dir, curation, _topic_ids(content_dir))
    except NotesError as error:
        out.write(f"error: {error}\n")
        return 1
    command = _command([f"{content_dir.name}/{source}" for _, source in kept], deck_id)
    for plan in plans:
        plan.path.write_text(render(plan, command), encoding="utf-8")
    print_report(out, results, plans)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.corpus.importer", description=__doc__)
    parser.add_argument("files", nargs="+", type=Path, metavar="NOTES")
    parser.add_argument("--deck", help="put every question into this deck id")
    parser.add_argument(
        "--content", type=Path, default=BUNDLED_CONTENT, help="content directory"
    )
    args = parser.parse_args(argv)
    return import_notes(args.files, args.deck, args.content, sys.stdout)


if __name__ == "__main__":
    raise SystemExit(main())
