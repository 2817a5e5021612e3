"""kill -9 in the middle of a burst of rating taps loses none and doubles none."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import CORPUS_DIR
from tests.support.fake_telegram import FakeTelegram
from tests.support.kill_burst import kill_burst

USERS = 100
ANSWERED_BEFORE_KILL = 10


async def after_some_answers(fake: FakeTelegram) -> None:
    """Killed once the first presses were answered: the whole burst has reached the bot,
    most of it is not handled yet (no wall-clock luck in when exactly)."""
    await fake.wait_for(lambda: len(fake.callback_answers) >= ANSWERED_BEFORE_KILL, timeout=60)


async def test_kill_9_during_a_burst_of_100_ratings_loses_and_doubles_nothing(tmp_path: Path):
    figures = await kill_burst(tmp_path, CORPUS_DIR, USERS, after_some_answers)
    print("\n".join(figures.lines()))

    # The kill interrupted the burst: most presses were not answered yet (their ratings may
    # be stored already, as chats are handled side by side; the updates are not marked done).
    assert figures.answered_at_kill < USERS
    assert figures.reviews_after_restart == USERS
    assert (figures.lost, figures.doubled, figures.unanswered) == (0, 0, 0)
