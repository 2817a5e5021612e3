"""The real `drillbot run` process with a team in a Slack channel (Socket Mode), on the real
scheduler and clock: the app is invited, the inviter configures it, a member is refused, the
question of the day arrives once at the set minute, three members answer with ephemeral
messages into their own cards, the roll call and the weekly board show it, and removing the
app deactivates the team without errors.

It waits for real minutes (about two)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.integration.slack.conftest import BOT_TOKEN
from tests.support.fake_slack import Ephemeral, FakeSlack
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


async def test_a_team_day_with_the_real_process(fake: FakeSlack, tmp_path: Path):
    db = tmp_path / "db.sqlite3"
    for user, name in (("U1", "Ada"), ("U2", "Bob"), ("U3", "Cy"), ("U4", "Dan")):
        fake.add_user(user, name=name)
    study = fake.channel("C1", "study", ["U1", "U2", "U3", "U4"])
    taken: list[Ephemeral] = []

    async def ephemeral(user: str, showing: str, timeout: float = 15) -> Ephemeral:
        def found() -> Ephemeral | None:
            for message in fake.ephemerals_for(user):
                labels = [b["text"]["text"] for b in message.buttons]
                if message not in taken and (showing in message.mrkdwn or showing in labels):
                    return message
            return None

        message = await fake.wait_for(found, timeout)
        taken.append(message)
        return message

    process = await start(
        process_env(
            db,
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_APP_TOKEN=fake.app_token,
            SLACK_API_BASE_URL=fake.api_url,
        )
    )
    try:
        await fake.wait_for(lambda: fake.sockets, 30)
        await fake.invite_bot(study, by="U1")
        await fake.wait_for(lambda: fake.in_channel("C1"))
        await fake.slash("U4", "team time 07:00", study)
        await ephemeral("U4", "Sorry, only the group's admins can change the team settings")

        at, board_at = next_minutes()
        await fake.slash("U1", "team tz UTC", study)
        await ephemeral("U1", "The team's timezone is now UTC")
        await fake.slash("U1", f"team time {at:%H:%M}", study)
        await ephemeral("U1", f"The team question now comes at {at:%H:%M} (UTC)")
        await fake.slash("U1", f"team board {WEEKDAYS[board_at.weekday()]} {board_at:%H:%M}", study)
        await ephemeral("U1", "The weekly board now comes on")

        def questions():
            return [m for m in fake.in_channel("C1") if "Question of the day" in m.mrkdwn]

        await fake.wait_for(questions, seconds_until(at))
        [posted] = questions()
        assert datetime.now(UTC) >= at

        await fake.click("U1", posted, "Answer privately")
        await fake.click("U1", await ephemeral("U1", "Show answer"), "Show answer", study)
        answer = await ephemeral("U1", "Good")
        await fake.click("U1", answer, "Good", study)
        await fake.wait_for(lambda: answer.replaced)
        await fake.click("U2", posted, "Show answer")
        answer = await ephemeral("U2", "Again")
        await fake.click("U2", answer, "Again", study)
        await fake.wait_for(lambda: answer.replaced)
        await fake.click("U3", posted, "Answer privately")
        await fake.click("U3", await ephemeral("U3", "Show answer"), "Show answer", study)
        answer = await ephemeral("U3", "Easy")
        await fake.click("U3", answer, "Easy", study)
        await fake.wait_for(lambda: answer.replaced)

        await fake.wait_for(lambda: "Practised today: Ada, Bob, Cy" in posted.mrkdwn, 15)
        qid = posted.button("Show answer")["value"].partition(":")[2]
        cards = rows(
            db,
            "SELECT u.external_id, c.reps FROM cards c JOIN users u ON u.id = c.user_id"
            " WHERE c.question_id = ? ORDER BY u.external_id",
            qid,
        )
        assert cards == [("U1", 1), ("U2", 1), ("U3", 1)]
        assert [r[0] for r in rows(db, "SELECT rating FROM reviews ORDER BY id")] == [3, 1, 4]

        def boards():
            return [m for m in fake.in_channel("C1") if "Weekly board" in m.mrkdwn]

        await fake.wait_for(boards, seconds_until(board_at))
        assert "3 of 3 members practised; 3 reviews" in boards()[0].mrkdwn
        assert len(questions()) == 1

        await fake.remove_bot(study, by="U1")
        await eventually(lambda: rows(db, "SELECT active FROM teams") == [(0,)], 10)
        statuses = rows(db, "SELECT kind, status FROM team_deliveries ORDER BY id")
        assert statuses == [("question", "sent"), ("board", "sent")]
    finally:
        code, log = await stop(process)
    assert code == 0, log
    assert "Traceback" not in team_log(log) and " ERROR " not in team_log(log), log
    assert study.over_limit == 0
    assert fake.refused() == []
