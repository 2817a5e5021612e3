"""kill -9 during a burst of rating taps: the real `drillbot run` against the fake Bot API.

Every user has an answer on screen with its rating buttons; all of them tap "Good" at once,
the bot is killed (SIGKILL) at a chosen moment and started again. The figures say how many
reviews were stored before the kill and after the restart, how many taps were lost (no
review) or doubled (two reviews) and how many presses never got their callback answered.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from bot.channels.telegram import keyboards
from bot.corpus.loader import load_corpus
from bot.domain.clock import SystemClock
from bot.domain.models import QuestionCard
from bot.domain.practice import PracticeConfig, PracticeService
from bot.storage import Store
from tests.support.drillbot_process import Drillbot, environment
from tests.support.fake_telegram import FakeTelegram, SentMessage

TOKEN = "123456789:AAHfakeTokenForTests-only_0123456789abc"
FIRST_USER = 5000


@dataclass
class Figures:
    users: int
    reviews_at_kill: int
    answered_at_kill: int
    reviews_after_restart: int
    lost: int
    doubled: int
    unanswered: int
    restart_seconds: float

    def lines(self) -> list[str]:
        return [
            f"taps: {self.users}",
            f"at the kill: {self.reviews_at_kill} reviews stored,"
            f" {self.answered_at_kill} presses answered",
            f"after the restart: {self.reviews_after_restart} reviews stored"
            f" ({self.restart_seconds:.1f} s from restart to the last one)",
            f"lost: {self.lost}, doubled: {self.doubled}, presses never answered: {self.unanswered}",
        ]


async def kill_burst(
    workdir: Path,
    content: Path,
    users: int,
    kill_when: Callable[[FakeTelegram], Awaitable[None]],
    finish_within: float = 120,
) -> Figures:
    fake = FakeTelegram(TOKEN)
    await fake.start()
    try:
        return await _scenario(fake, workdir / "drillbot.sqlite3", content, users, kill_when,
                               finish_within)  # fmt: skip
    finally:
        await fake.close()


async def _scenario(
    fake: FakeTelegram,
    database: Path,
    content: Path,
    users: int,
    kill_when: Callable[[FakeTelegram], Awaitable[None]],
    finish_within: float,
) -> Figures:
    presses = await _answers_on_screen(fake, database, content, users)
    env = environment(database, content, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.url)
    bot = await Drillbot.start("run", env=env)
    try:
        await fake.wait_for(lambda: fake.calls_to("getUpdates"), timeout=60)
        query_ids = [await user.press_data(message, data) for user, message, data in presses]
        await kill_when(fake)
    finally:
        await bot.kill()
    reviews_at_kill = len(_reviews(database))
    answered_at_kill = len(fake.callback_answers)

    restarted = asyncio.get_running_loop().time()
    bot = await Drillbot.start("run", env=env)
    try:
        while len(_reviews(database)) < users:
            if asyncio.get_running_loop().time() - restarted > finish_within:
                break
            await asyncio.sleep(0.1)
        took = asyncio.get_running_loop().time() - restarted
        await fake.wait_for(
            lambda: all(q in fake.callback_answers for q in query_ids), timeout=10
        )
    except TimeoutError:
        pass
    finally:
        await bot.stop()
    per_user: dict[str, int] = {}
    for external_id, _question in _reviews(database):
        per_user[external_id] = per_user.get(external_id, 0) + 1
    return Figures(
        users=users,
        reviews_at_kill=reviews_at_kill,
        answered_at_kill=answered_at_kill,
        reviews_after_restart=sum(per_user.values()),
        lost=users - len(per_user),
        doubled=sum(1 for count in per_user.values() if count > 1),
        unanswered=sum(1 for q in query_ids if q not in fake.callback_answers),
        restart_seconds=took,
    )


async def _answers_on_screen(
    fake: FakeTelegram, database: Path, content: Path, users: int
) -> list[tuple[object, SentMessage, str]]:
    """Each user saw a question, opened its answer and has the rating buttons in front of them."""
    store = await Store.open(database)
    service = PracticeService(store, load_corpus(content), PracticeConfig(), SystemClock())
    presses = []
    try:
        for n in range(users):
            telegram_id = FIRST_USER + n
            user = fake.user(telegram_id)
            registration = await service.register(
                "telegram", str(telegram_id), chat_id=str(telegram_id)
            )
            card = await service.next_question(registration.user.id)
            assert isinstance(card, QuestionCard)
            await service.reveal(registration.user.id)
            markup = keyboards.rating_keyboard(card.question.id, "en")
            message = SentMessage(
                telegram_id, fake.new_message_id(telegram_id), "The answer.", None,
                markup.to_dict(),
            )  # fmt: skip
            fake.messages.append(message)
            presses.append((user, message, message.button("Good")["callback_data"]))
    finally:
        await store.close()
    return presses


def _reviews(database: Path) -> list[tuple[str, str]]:
    """(telegram user id, question id) of every stored review."""
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return db.execute(
            "SELECT u.external_id, r.question_id FROM reviews r JOIN users u ON u.id = r.user_id"
        ).fetchall()
    finally:
        db.close()
