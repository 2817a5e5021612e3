"""The real `drillbot run` process with a team in a Telegram group, on the real scheduler and
clock: the bot is added, an admin configures it, a member is refused, the question of the day
arrives once at the set minute, three members answer privately into their own cards, the roll
call and the weekly board show it, and removing the bot deactivates the team without errors.

It waits for real minutes (about two)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.support.fake_telegram import FakeTelegram
from tests.support.live_process import (
    WEEKDAYS,
    eventually,
    next_minutes,
    process_env,
    rows,
    seconds_until,
    start,
    stop,
    team_log,
)

TOKEN = "123456789:AAHfakeTokenForTests-only_0123456789abc"


@pytest.fixture
async def fake():
    server = FakeTelegram(TOKEN)
    await server.start()
    yield server
    await server.close()


async def test_a_team_day_with_the_real_process(fake: FakeTelegram, tmp_path: Path):
    db = tmp_path / "db.sqlite3"
    ada, bob = fake.user(1, "Ada"), fake.user(2, "Bob")
    cy, dan = fake.member(3, "Cy"), fake.member(4, "Dan")
    group = fake.group(-1001, "Study group", [ada, bob, cy, dan], admins=[ada])
    process = await start(process_env(db, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.url))
    try:
        await fake.wait_for(lambda: fake.calls_to("getUpdates"), 30)

        await fake.add_bot(group, by=ada)
        await fake.wait_for(lambda: fake.sent_to_group(group), 10)
        await dan.send("/team time 07:00", group)
        await fake.wait_for(lambda: len(fake.sent_to_group(group)) == 2, 10)
        assert fake.sent_to_group(group)[1].plain.startswith("Sorry, only the group's admins")

        at, board_at = next_minutes()
        for command in (
            "/team tz UTC",
            f"/team time {at:%H:%M}",
            f"/team board {WEEKDAYS[board_at.weekday()]} {board_at:%H:%M}",
        ):
            await ada.send(command, group)
        await fake.wait_for(lambda: len(fake.sent_to_group(group)) == 5, 10)
        assert f"now comes at {at:%H:%M} (UTC)" in fake.sent_to_group(group)[3].plain

        def questions():
            return [m for m in fake.sent_to_group(group) if "Question of the day" in m.plain]

        await fake.wait_for(questions, seconds_until(at))
        [posted] = questions()
        assert datetime.now(UTC) >= at
        start_link = posted.button("Answer privately")["url"].partition("?start=")[2]
        qid = start_link.split("-", 2)[2]

        await ada.send(f"/start {start_link}")
        await ada.press(await ada.next_message(), "Show answer")
        await ada.press(await ada.next_message(), "Good")
        await ada.next_message()
        await bob.press(posted, "Show answer")
        _notes, answer = await bob.next_message_with_buttons()
        await bob.press(answer, "Again")
        await bob.next_message()
        query = await cy.press(posted, "Show answer")
        assert (await cy.callback_answer(query))["url"].endswith(start_link)
        await cy.send(f"/start {start_link}")
        await cy.press(await cy.next_message(), "Show answer")
        await cy.press(await cy.next_message(), "Easy")
        await cy.next_message()

        await fake.wait_for(lambda: "Practised today: Ada, Bob, Cy" in posted.plain, 30)
        cards = rows(
            db,
            "SELECT u.external_id, c.reps FROM cards c JOIN users u ON u.id = c.user_id"
            " WHERE c.question_id = ? ORDER BY u.external_id",
            qid,
        )
        assert cards == [("1", 1), ("2", 1), ("3", 1)]
        assert [r[0] for r in rows(db, "SELECT rating FROM reviews ORDER BY id")] == [3, 1, 4]

        def boards():
            return [m for m in fake.sent_to_group(group) if "Weekly board" in m.plain]

        await fake.wait_for(boards, seconds_until(board_at))
        board = boards()[0].plain
        assert "Ada: 1 reviewed" in board and "3 of 3 members practised; 3 reviews" in board
        assert len(questions()) == 1  # once a day, though the job ran every minute since

        await fake.remove_bot(group, by=ada)
        await eventually(lambda: rows(db, "SELECT active FROM teams") == [(0,)], 10)
        statuses = rows(db, "SELECT kind, status FROM team_deliveries ORDER BY id")
        assert statuses == [("question", "sent"), ("board", "sent")]
    finally:
        code, log = await stop(process)
    assert code == 0, log
    assert "Traceback" not in team_log(log) and " ERROR " not in team_log(log), log
    assert group.over_limit == 0
