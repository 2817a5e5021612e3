"""`drillbot grading check` and `drillbot grading transcribe`: try the configured grader and
transcription on one answer, so an owner can see that an endpoint, model and key work.
Nothing is stored and no user's daily limit is counted."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.config import Settings
from bot.corpus.loader import load_corpus
from bot.domain.clock import SystemClock


def _checker(settings: Settings, questions):
    # Imported here: the openai client and jieba are slow to import for every other command.
    from bot.grading.service import AnswerChecker

    return AnswerChecker.from_settings(settings, None, questions, SystemClock())


async def check_answer(
    settings: Settings, question_id: str, answer: str, out: TextIO, err: TextIO
) -> int:
    corpus = load_corpus(settings.content)
    question = corpus.questions.get(question_id)
    if question is None:
        print(f"drillbot: no question with id {question_id!r} in {settings.content}", file=err)
        return 2
    if not answer.strip():
        print("drillbot: the answer is empty: pass it on standard input", file=err)
        return 2
    checker = _checker(settings, corpus.ordered())
    try:
        grade, notice = await checker.try_grade(question, answer)
    finally:
        await checker.close()
    print(f"question: {question.question}", file=out)
    if notice:
        print(f"notice: {notice}", file=out)
    if grade is None:
        print("not gradable: the question has no reference answer and no key points", file=out)
        return 1
    model = f" ({settings.grading.model})" if grade.grader == "llm" else ""
    print(f"grader: {grade.grader}{model}", file=out)
    print(f"suggested: {grade.suggested.name.capitalize()} (score {grade.score:.2f})", file=out)
    for point in grade.covered:
        print(f"  + {point}", file=out)
    for point in grade.missed:
        print(f"  - {point}", file=out)
    print(grade.comment, file=out)
    return 0


async def transcribe_file(settings: Settings, path: Path, out: TextIO, err: TextIO) -> int:
    try:
        audio = path.read_bytes()
    except OSError as exc:
        print(f"drillbot: cannot read {path}: {exc.strerror}", file=err)
        return 2
    checker = _checker(settings, ())
    try:
        result = await checker.try_transcribe(audio, path.name)
    finally:
        await checker.close()
    if not result.ok:
        print(f"drillbot: {result.message}", file=err)
        return 1
    print(result.text, file=out)
    return 0


def add_parser(sub: argparse._SubParsersAction, command: Callable[..., argparse.ArgumentParser]):
    """`command(subparsers, name, help)` is the CLI's helper that adds the global options."""
    grading = command(sub, "grading", "try answer grading and voice transcription")
    actions = grading.add_subparsers(dest="grading_command", metavar="ACTION", required=True)
    check = command(actions, "check", "grade the answer on standard input")
    check.add_argument("question_id", metavar="QUESTION_ID")
    transcribe = command(actions, "transcribe", "print what a voice recording says")
    transcribe.add_argument("audio", type=Path, metavar="AUDIO_FILE")


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.grading_command == "check":
        answer = sys.stdin.read()
        return asyncio.run(check_answer(settings, args.question_id, answer, sys.stdout, sys.stderr))
    return asyncio.run(transcribe_file(settings, args.audio, sys.stdout, sys.stderr))
