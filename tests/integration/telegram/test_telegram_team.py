"""A team in a Telegram group, over real HTTP against the fake Bot API: added, configured by an
admin, a member refused, the question posted, answered privately, the roll call edited, the
board posted, and the bot removed. Team sends run on a manual clock (the live trigger has its
own end-to-end test)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from telegram import Bot

from bot.channels.telegram.team_delivery import TelegramTeamDelivery
from bot.delivery.team_service import TeamDeliveryService
from tests.integration.telegram.conftest import TOKEN, RunningBot
from tests.support.fake_telegram import FakeTelegram


async def until(fake: FakeTelegram, predicate, timeout: float = 10.0):
    return await fake.wait_for(predicate, timeout)


async def test_a_team_day_in_a_telegram_group(bot: RunningBot, fake: FakeTelegram, clock):
    ada, bob = fake.user(1, "Ada"), fake.user(2, "Bob")
    cy = fake.member(3, "Cy")  # never opened a private chat with the bot
    group = fake.group(-1001, "Study group", [ada, bob, cy], admins=[ada])
    clock.set(datetime(2026, 3, 2, 6, 0, tzinfo=UTC))  # Monday

    await fake.add_bot(group, by=ada)
    welcome = await until(fake, lambda: fake.sent_to_group(group))
    assert "I'll post a question of the day" in welcome[0].plain
    team = await bot.service.teams.find("telegram", str(group.id))
    assert team.title == "Study group" and team.owner_id == "1"

    await bob.send("/team time 07:00", group)
    refusal = await until(fake, lambda: fake.sent_to_group(group)[1:])
    assert refusal[0].plain.startswith("Sorry, only the group's admins")
    for command in ("/team tz UTC", "/team time 09:00", "/team board mon 18:00"):
        await ada.send(command, group)
    await until(fake, lambda: len(fake.sent_to_group(group)) == 5)
    assert "The team question now comes at 09:00 (UTC)" in fake.sent_to_group(group)[3].plain
    assert fake.calls_to("getChatAdministrators")

    async with Bot(TOKEN, base_url=f"{fake.url}/bot") as team_bot:
        sender = TeamDeliveryService(bot.service, TelegramTeamDelivery(team_bot))
        clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
        assert (await sender.run_due()).sent == 1
        assert (await sender.run_due()).sent == 0  # once a day
        posted = fake.sent_to_group(group)[-1]
        assert "Question of the day" in posted.plain
        assert "Nobody has practised it yet." in posted.plain
        link = posted.button("Answer privately")["url"]
        assert link.startswith("https://t.me/drill_bot?start=team-")
        start = link.partition("?start=")[2]

        # Ada answers through the deep link, in private.
        await ada.send(f"/start {start}")
        question = await ada.next_message()
        await ada.press(question, "Show answer")
        answer = await ada.next_message()
        await ada.press(answer, "Good")
        assert (await ada.next_message()).plain.startswith("Good")
        clock.advance(minutes=5)
        # Bob shows the answer from the group: it comes to his private chat only.
        await bob.press(posted, "Show answer")
        _before, bob_answer = await bob.next_message_with_buttons()
        await bob.press(bob_answer, "Again")
        assert (await bob.next_message()).plain.startswith("Again")
        clock.advance(minutes=5)
        # Cy never started the bot: the press opens the deep link.
        query = await cy.press(posted, "Show answer")
        assert (await cy.callback_answer(query))["url"] == link
        await cy.send(f"/start {start}")
        cy_question = await cy.next_message()
        await cy.press(cy_question, "Show answer")
        await cy.press(await cy.next_message(), "Hard")

        # Edits keep to the group limit (one every 3 s), so the last may take a few seconds.
        await until(fake, lambda: "Practised today: Ada, Bob, Cy" in posted.plain, 30)
        qid = start.split("-", 2)[2]
        for telegram_id, reps in ((1, 1), (2, 1), (3, 1)):
            user = await bot.user(telegram_id)
            async with bot.store.unit() as uow:
                assert (await uow.cards.get(user.id, qid)).reps == reps
        assert all(
            m.chat_id != group.id or "Reference answer" not in m.plain for m in fake.messages
        )

        clock.set(datetime(2026, 3, 2, 18, 0, tzinfo=UTC))
        assert (await sender.run_due()).sent == 1
        board = fake.sent_to_group(group)[-1].plain
        assert "Weekly board" in board and "3 of 3 members practised; 3 reviews" in board

        await fake.remove_bot(group, by=ada)
        for _ in range(200):
            if not (await bot.service.teams.get(team.id)).active:
                break
            await asyncio.sleep(0.05)
        assert not (await bot.service.teams.get(team.id)).active
        clock.set(datetime(2026, 3, 3, 9, 0, tzinfo=UTC))
        assert (await sender.run_due()).users == 0
        await sender.stop()
    assert group.over_limit == 0
    errors = [(c.method, c.error) for c in fake.calls if c.status >= 400]
    assert errors == [("sendMessage", "Forbidden: bot can't initiate conversation with a user")]


async def test_a_bot_kicked_while_away_deactivates_the_team_on_its_next_question(
    bot: RunningBot, fake: FakeTelegram, clock
):
    ada = fake.user(1, "Ada")
    group = fake.group(-1002, "Quiet group", [ada], admins=[ada])
    clock.set(datetime(2026, 3, 2, 6, 0, tzinfo=UTC))
    await fake.add_bot(group, by=ada)
    await fake.wait_for(lambda: fake.sent_to_group(group))
    team = await bot.service.teams.find("telegram", str(group.id))
    await bot.service.teams.set_timezone(team.id, "UTC")
    group.bot_present = False  # removed, and the update never arrived

    async with Bot(TOKEN, base_url=f"{fake.url}/bot") as team_bot:
        sender = TeamDeliveryService(bot.service, TelegramTeamDelivery(team_bot))
        clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
        report = await sender.run_due()
        await sender.stop()
    assert (report.sent, report.deactivated) == (0, 1)
    assert not (await bot.service.teams.get(team.id)).active
    assert [c.error for c in fake.calls if c.status == 403] == [
        "Forbidden: bot was kicked from the group chat"
    ]


async def test_a_burst_of_members_is_one_or_two_edits_within_the_group_limit(
    bot: RunningBot, fake: FakeTelegram, clock
):
    people = [fake.user(100 + n, f"M{n:02d}") for n in range(25)]
    group = fake.group(-1003, "Big group", people, admins=people[:1])
    clock.set(datetime(2026, 3, 2, 6, 0, tzinfo=UTC))
    await fake.add_bot(group, by=people[0])
    await fake.wait_for(lambda: fake.sent_to_group(group))
    team = await bot.service.teams.find("telegram", str(group.id))
    await bot.service.teams.set_timezone(team.id, "UTC")

    async with Bot(TOKEN, base_url=f"{fake.url}/bot") as team_bot:
        sender = TeamDeliveryService(bot.service, TelegramTeamDelivery(team_bot))
        clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
        await sender.run_due()
        posted = fake.sent_to_group(group)[-1]
        qid = posted.button("Show answer")["callback_data"].rsplit(":", 1)[1]
        for n, _person in enumerate(people):  # 25 ratings within a moment
            reg = await bot.service.register("telegram", str(100 + n), display_name=f"M{n:02d}")
            await bot.service.teams.answer_privately(team.id, reg.user.id, qid)
            await bot.service.rate(reg.user.id, 3, qid)
            clock.advance(seconds=1)
        await fake.wait_for(lambda: "M24" in posted.plain, 15)
        await sender.stop()
    edits = [c for c in fake.calls_to("editMessageText") if int(c.params["chat_id"]) == group.id]
    assert 1 <= len(edits) <= 3  # coalesced, each carrying every name so far
    assert group.over_limit == 0
