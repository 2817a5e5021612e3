"""Answering in the terminal: the real `drillbot console` process, piped, grading typed answers
offline against the fixture decks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CORPUS_DIR = Path(__file__).parents[1] / "fixtures" / "corpus"


def drillbot_console(script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DRILLBOT_DB": str(tmp_path / "drillbot.sqlite3"),
        "DRILLBOT_CONTENT": str(CORPUS_DIR),
        "DRILLBOT_LOG_LEVEL": "DEBUG",  # even then, answers stay out of the log
    }
    return subprocess.run(
        [str(Path(sys.executable).with_name("drillbot")), "console", "--user", "zoe"],
        input=script,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=90,
    )


def test_a_typed_answer_in_two_parts_is_graded_and_the_typed_rating_counts(tmp_path: Path):
    # The first question of a new user is "What do ZeRO stages 1-3 partition?".
    first, second = "ZeRO partitions the optimizer state first.", "the gradients too"
    done = drillbot_console(f"{first}\n{second}\n\n2\nstats\n", tmp_path)
    assert done.returncode == 0, done.stderr
    out = " ".join(done.stdout.split())
    assert "What do ZeRO stages 1-3 partition?" in out
    verdict, joined = out.split("Your answer")[1:3]
    assert "Covered • Stage 1: optimizer state" in verdict
    missed = "Missed (from the reference) • Stage 2: + gradients • Stage 3: + parameters"
    assert missed in verdict
    assert "Suggested: Hard" in verdict and "Type 1–4 to rate" in verdict
    assert joined.startswith(" (2 messages together)") and "Missed" in joined
    assert "Reference answer" in out  # Enter still reveals it
    assert "Hard — back" in out  # the typed 2 is the rating
    assert "Answered before rating: 1 · just revealed: 0" in out
    assert "Your rating matched the suggestion: 1 of 1 (100%)" in out
    assert first not in done.stderr and second not in done.stderr


def test_unknown_words_without_an_open_question_are_still_unknown_commands(tmp_path: Path):
    done = drillbot_console("3\n" * 5 + "bogus\n", tmp_path)  # all five fixture questions
    assert done.returncode == 0, done.stderr
    out = " ".join(done.stdout.split())
    assert "Nothing is due right now" in out and "Unknown command 'bogus'" in out
