"""A team in a Slack channel over Socket Mode against the fake Web API: the app invited, the
inviter and workspace admins configure it, a member is refused, the question posted, answered
with ephemeral messages only the member sees, the roll call edited, the board posted, and the
app removed. Team sends run on a manual clock (the live trigger has its own test)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.slack import run_slack
from bot.channels.slack.team_delivery import SlackTeamDelivery
from bot.config import Secret, Settings, SlackSettings
from bot.corpus.loader import Corpus
from bot.delivery.team_service import TeamDeliveryService
from bot.domain.clock import ManualClock
from bot.domain.practice import PracticeConfig, PracticeService
from bot.storage import Store
from tests.integration.slack.conftest import BOT_TOKEN
from tests.support.fake_slack import Ephemeral, FakeSlack, dm_of


async def test_a_team_day_in_a_slack_channel(
    fake: FakeSlack, clock: ManualClock, tmp_path: Path, fixture_corpus: Corpus
):
    store = await Store.open(tmp_path / "drillbot.sqlite3")
    service = PracticeService(store, fixture_corpus, PracticeConfig(), clock)
    settings = Settings(
        database=tmp_path / "drillbot.sqlite3",
        slack=SlackSettings(
            api_base_url=fake.api_url, bot_token=Secret(BOT_TOKEN), app_token=Secret(fake.app_token)
        ),
    )
    for user, name in (("U1", "Ada"), ("U2", "Bob"), ("U3", "Cy"), ("U4", "Dan")):
        fake.add_user(user, name=name)
    fake.add_user("U5", name="Eve", admin=True)
    study = fake.channel("C1", "study", ["U1", "U2", "U3", "U4", "U5"])
    clock.set(datetime(2026, 3, 2, 6, 0, tzinfo=UTC))  # Monday
    stop = asyncio.Event()
    task = asyncio.create_task(run_slack(settings, service, stop))
    client = AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_url)
    sender = TeamDeliveryService(service, SlackTeamDelivery(client))

    taken: list[Ephemeral] = []

    async def ephemeral(user: str, showing: str) -> Ephemeral:
        """The next ephemeral message `user` sees that shows `showing` (text or a button)."""

        def found() -> Ephemeral | None:
            for message in fake.ephemerals_for(user):
                labels = [b["text"]["text"] for b in message.buttons]
                if message not in taken and (showing in message.mrkdwn or showing in labels):
                    return message
            return None

        message = await fake.wait_for(found)
        taken.append(message)
        return message

    try:
        await fake.invite_bot(study, by="U1")
        await fake.wait_for(lambda: fake.in_channel("C1"))
        assert "question of the day" in fake.in_channel("C1")[0].mrkdwn
        team = await service.teams.find("slack", "C1")
        assert (team.title, team.owner_id) == ("#study", "U1")

        await fake.slash("U4", "team time 07:00", study)
        await ephemeral("U4", "Sorry, only the group's admins can change the team settings")
        await fake.slash("U5", "team tz UTC", study)  # a workspace admin
        await ephemeral("U5", "The team's timezone is now UTC")
        await fake.slash("U1", "team time 09:00", study)  # who invited the app
        await ephemeral("U1", "The team question now comes at 09:00 (UTC)")
        await fake.slash("U1", "team board mon 18:00", study)
        await ephemeral("U1", "The weekly board now comes on Monday at 18:00")
        team = await service.teams.get(team.id)
        assert (team.push_time, team.timezone, team.board_time) == ("09:00", "UTC", "18:00")

        clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
        assert (await sender.run_due()).sent == 1
        assert (await sender.run_due()).sent == 0
        posted = fake.in_channel("C1")[-1]
        assert "Question of the day" in posted.mrkdwn and "Nobody has practised" in posted.mrkdwn

        # Ada: answer privately, then show the answer, then rate; all ephemeral, in the channel.
        await fake.click("U1", posted, "Answer privately")
        asked = await ephemeral("U1", "Show answer")
        await fake.click("U1", asked, "Show answer", study)
        answer = await ephemeral("U1", "Good")
        await fake.click("U1", answer, "Good", study)
        await fake.wait_for(lambda: answer.replaced)
        assert answer.mrkdwn.startswith("✓ Good")
        clock.advance(minutes=5)
        # Bob shows the answer straight from the channel message.
        await fake.click("U2", posted, "Show answer")
        bob_answer = await ephemeral("U2", "Again")
        await fake.click("U2", bob_answer, "Again", study)
        await fake.wait_for(lambda: bob_answer.replaced)
        clock.advance(minutes=5)
        await fake.click("U3", posted, "Answer privately")
        await fake.click("U3", await ephemeral("U3", "Show answer"), "Show answer", study)
        cy_answer = await ephemeral("U3", "Hard")
        await fake.click("U3", cy_answer, "Hard", study)
        await fake.wait_for(lambda: cy_answer.replaced)

        await fake.wait_for(lambda: "Practised today: Ada, Bob, Cy" in posted.mrkdwn)
        qid = posted.button("Show answer")["value"].partition(":")[2]
        for slack_id in ("U1", "U2", "U3"):
            user = await service.find_user("slack", slack_id)
            async with store.unit() as uow:
                assert (await uow.cards.get(user.id, qid)).reps == 1
        # Nothing of anyone's answer went to the channel or a direct message.
        public = [m for m in fake.messages if m.channel in ("C1", dm_of("U1"), dm_of("U2"))]
        assert not any("Reference answer" in m.mrkdwn or "✓" in m.mrkdwn for m in public)

        clock.set(datetime(2026, 3, 2, 18, 0, tzinfo=UTC))
        assert (await sender.run_due()).sent == 1
        board = fake.in_channel("C1")[-1].mrkdwn
        assert "Weekly board" in board and "3 of 3 members practised" in board

        await fake.remove_bot(study, by="U1")
        for _ in range(200):
            if not (await service.teams.get(team.id)).active:
                break
            await asyncio.sleep(0.05)
        assert not (await service.teams.get(team.id)).active
        assert study.over_limit == 0
        assert fake.refused() == []
    finally:
        await sender.stop()
        stop.set()
        await asyncio.wait_for(task, 10)
        await store.close()


async def test_an_app_removed_while_away_deactivates_the_team_on_its_next_question(
    fake: FakeSlack, clock: ManualClock, tmp_path: Path, fixture_corpus: Corpus
):
    store = await Store.open(tmp_path / "drillbot.sqlite3")
    service = PracticeService(store, fixture_corpus, PracticeConfig(), clock)
    fake.channel("C9", "quiet", [])  # the app is not in it (any more)
    clock.set(datetime(2026, 3, 2, 6, 0, tzinfo=UTC))
    team, _ = await service.teams.register("slack", "C9", title="#quiet")
    await service.teams.set_timezone(team.id, "UTC")
    sender = TeamDeliveryService(
        service, SlackTeamDelivery(AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_url))
    )
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    try:
        report = await sender.run_due()
    finally:
        await sender.stop()
        deactivated = not (await service.teams.get(team.id)).active
        await store.close()
    assert (report.sent, report.deactivated, deactivated) == (0, 1, True)
    assert fake.refused() == [("chat.postMessage", "not_in_channel")]
