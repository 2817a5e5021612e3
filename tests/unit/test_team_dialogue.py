"""Team commands and private answers in the dialogue: admins configure, others are refused
politely, members hide or take only the team question, and answers stay private."""

from __future__ import annotations

import pytest

from bot.dialogue import SLACK, TELEGRAM, Command, Dialogue, Press, Sender, actions
from bot.dialogue.inputs import Group
from bot.dialogue.replies import Message, Refusal, Toast
from bot.domain.team_models import QUESTION


def in_group(service, style, external_id: str, admin: bool, name: str = "Ada") -> Sender:
    async def register():
        return await service.register(style.name, external_id, display_name=name, timezone="UTC")

    async def is_admin() -> bool:
        return admin

    return Sender(style.name, external_id, register, "en", group=Group("-100", "Study", is_admin))


def in_private(service, style, external_id: str, name: str = "Ada") -> Sender:
    async def register():
        return await service.register(style.name, external_id, display_name=name, timezone="UTC")

    return Sender(style.name, external_id, register, "en")


def text(replies) -> str:
    return "\n".join(getattr(r, "markdown", "") or getattr(r, "text", "") for r in replies)


@pytest.mark.parametrize("style", [TELEGRAM, SLACK], ids=lambda s: s.name)
async def test_admins_configure_and_others_are_refused_politely(service, style):
    dialogue = Dialogue(service, style)
    admin = in_group(service, style, "1", admin=True)
    other = in_group(service, style, "2", admin=False, name="Bob")
    team_cmd = style.command("team")

    replies = await dialogue.handle(admin, Command("team", "time 07:30"))
    assert "The team question now comes at 07:30 (Asia/Shanghai)" in text(replies)
    replies = await dialogue.handle(admin, Command("team", "tz Europe/Berlin"))
    assert "The team's timezone is now Europe/Berlin" in text(replies)
    replies = await dialogue.handle(admin, Command("team", "board fri 18:00"))
    assert text(replies) == "The weekly board now comes on Friday at 18:00 (Europe/Berlin)."
    replies = await dialogue.handle(admin, Command("team", "tz Mars/Base"))
    assert isinstance(replies[0], Refusal) and "Unknown timezone 'Mars/Base'" in text(replies)

    refused = await dialogue.handle(other, Command("team", "time 10:00"))
    refused = [r for r in refused if not (style is SLACK and r is refused[0])]  # Slack welcomes
    assert [type(r) for r in refused] == [Refusal]
    assert text(refused).startswith("Sorry, only the group's admins can change the team settings.")
    assert f"{team_cmd} hide" in text(refused)
    team = await service.teams.find(style.name, "-100")
    assert (team.push_time, team.timezone, team.board_weekday) == ("07:30", "Europe/Berlin", 4)

    settings = text(await dialogue.handle(other, Command("team")))
    assert "question of the day: 07:30 (Europe/Berlin)" in settings
    assert "weekly board: Friday 18:00" in settings

    await dialogue.handle(admin, Command("team", "off"))
    assert not (await service.teams.get(team.id)).active
    await dialogue.handle(other, Command("team", "hide"))  # a member's command does not wake it
    assert not (await service.teams.get(team.id)).active
    replies = await dialogue.handle(admin, Command("team", "resume"))
    assert "Team questions resumed" in text(replies)
    assert (await service.teams.get(team.id)).active


async def test_hide_and_only_are_for_every_member(service):
    dialogue = Dialogue(service, TELEGRAM)
    bob = in_group(service, TELEGRAM, "2", admin=False, name="Bob")
    assert text(await dialogue.handle(bob, Command("team", "hide"))).startswith(
        "You no longer appear by name"
    )
    assert text(await dialogue.handle(bob, Command("team", "only"))).startswith(
        "From now on you get only your team's question"
    )
    user = await service.find_user("telegram", "2")
    assert await service.teams.team_only(user.id)
    # In private, the same commands apply to every team of the member.
    private = in_private(service, TELEGRAM, "2", "Bob")
    await dialogue.handle(private, Command("team", "only off"))
    assert not await service.teams.team_only(user.id)
    assert "Your teams: Study" in text(await dialogue.handle(private, Command("team")))
    assert "in the group itself" in text(
        await dialogue.handle(private, Command("team", "time 08:00"))
    )


async def test_a_deep_link_asks_the_team_question_privately_and_the_rating_is_the_members_own(
    service,
):
    dialogue = Dialogue(service, TELEGRAM)
    team, _ = await service.teams.register("telegram", "-100", title="Study")
    qid = service.corpus.ordered()[0].id
    ada = in_private(service, TELEGRAM, "1")

    [asked] = await dialogue.handle(ada, Command("start", f"team-{team.id}-{qid}"))
    assert isinstance(asked, Message) and asked.private and asked.kind == QUESTION
    [[show]] = asked.buttons
    assert (show.action, show.payload) == (actions.TEAM_REVEAL, f"{team.id}:{qid}")

    toast, answer = await dialogue.handle(ada, Press(show.action, show.payload))
    assert isinstance(toast, Toast) and answer.private and answer.answer is not None
    rate = next(b for b in answer.buttons[0] if b.payload.startswith("3:"))
    await dialogue.handle(ada, Press(rate.action, rate.payload))

    user = await service.find_user("telegram", "1")
    async with service.store.unit() as uow:
        card = await uow.cards.get(user.id, qid)
        members = await uow.teams.members(team.id)
    assert card is not None and card.reps == 1
    assert [m.name for m in members] == ["Ada"]


async def test_a_stale_team_link_is_refused_clearly(service):
    dialogue = Dialogue(service, TELEGRAM)
    team, _ = await service.teams.register("telegram", "-100")
    ada = in_private(service, TELEGRAM, "1")
    replies = await dialogue.handle(ada, Command("start", f"team-{team.id}-no-such-question"))
    assert text(replies) == "This question is no longer in the question set."
    replies = await dialogue.handle(
        ada, Command("start", "team-999-" + service.corpus.ordered()[0].id)
    )
    assert text(replies) == "This team no longer exists."
