"""/forget: what the user told the bot is no longer readable in the database file or its WAL."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.integration.telegram.conftest import RunningBot
from tests.support.fake_telegram import FakeTelegram

NAME = "Zyxwvutsrq"  # in the user's profile, so in every update and in users.display_name
TIMEZONE = "Europe/Qwertyuiop"  # a bad timezone: stored nowhere but in the incoming update


async def until_all_handled(bot: RunningBot) -> None:
    """Every stored update is marked handled (the forget press is, after its reply)."""
    while True:
        async with bot.store.unit() as uow:
            if not await uow.inbox.pending("telegram"):
                return
        await asyncio.sleep(0.01)


def database_bytes(folder: Path) -> bytes:
    """The main file, the WAL and the shared memory index, as a disk reader would see them."""
    return b"".join(p.read_bytes() for p in sorted(folder.glob("drillbot.sqlite3*")))


async def test_forget_leaves_no_readable_user_text(
    bot: RunningBot, fake: FakeTelegram, tmp_path: Path
):
    others = [fake.user(2000 + n, first_name=f"Other{n}") for n in range(40)]
    for other in others[:20]:  # Ada's rows sit between other people's, in shared pages
        await other.ask("/start")
    ada = fake.user(1001, first_name=NAME)
    await ada.ask("/start")
    for other in others[20:]:
        await other.ask("/start")
    card = await ada.ask("/next")
    await ada.press(card, "Show answer")
    _, answer = await ada.next_message_with_buttons()
    await ada.press(answer, "Good")
    await ada.next_message()
    await ada.ask(f"/tz {TIMEZONE}")
    await bot.store.checkpoint()  # as SQLite does by itself now and then: text in the main file
    assert NAME.encode() in database_bytes(tmp_path)

    confirm = await ada.ask("/forget")
    await ada.callback_answer(await ada.press(confirm, "Yes, delete everything"))
    await fake.wait_for(lambda: "All your data is deleted" in confirm.plain)
    await until_all_handled(bot)

    raw = database_bytes(tmp_path)
    assert NAME.encode() not in raw
    assert TIMEZONE.encode() not in raw
