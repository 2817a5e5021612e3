"""Team practice over real SQLite: registration, settings, members, the team delivery ledger
(once per team per local day), private answers into each member's own card, the roll call,
team-only members and forgetting a member."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from bot.delivery.claiming import claim_due
from bot.delivery.dispatch import Dispatcher
from bot.delivery.ports import RecipientGone
from bot.delivery.team_service import TeamDeliveryService
from bot.domain.clock import ManualClock
from bot.domain.errors import AlreadyRated, InvalidSetting
from bot.domain.practice import PracticeService
from bot.domain.team_models import Board, TeamQuestion

pytestmark = pytest.mark.both_databases


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@dataclass
class FakeGroups:
    """A TeamChannel that records what each group would see."""

    name: str = "telegram"
    max_per_second: float = 1000.0
    per_chat_interval: float = 0.0
    questions: list[TeamQuestion] = field(default_factory=list)
    boards: list[Board] = field(default_factory=list)
    roll_calls: list[tuple[str, ...]] = field(default_factory=list)
    removed: set[str] = field(default_factory=set)

    async def send_team_question(self, view: TeamQuestion) -> str:
        if view.team.chat_id in self.removed:
            raise RecipientGone("Forbidden: bot was kicked from the group chat")
        self.questions.append(view)
        return f"m{len(self.questions)}"

    async def send_board(self, board: Board) -> str:
        self.boards.append(board)
        return f"b{len(self.boards)}"

    async def update_roll_call(self, view: TeamQuestion) -> None:
        self.roll_calls.append(view.practised)


async def member(service: PracticeService, n: int, name: str) -> int:
    reg = await service.register(
        "telegram", str(n), chat_id=str(n), display_name=name, timezone="UTC"
    )
    return reg.user.id


@pytest.fixture
async def team(service: PracticeService, clock: ManualClock):
    clock.set(utc(2026, 3, 2, 6, 0))
    team, created = await service.teams.register("telegram", "-100", title="Study", owner_id="1")
    assert created
    team = await service.teams.set_timezone(team.id, "UTC")
    return await service.teams.set_push_time(team.id, "09:00")


async def test_registering_again_is_the_same_team_and_wakes_it(service, team):
    await service.teams.deactivate(team.id)
    again, created = await service.teams.register("telegram", "-100", title="Study 2")
    assert (again.id, created, again.active, again.title) == (team.id, False, True, "Study 2")
    assert again.next_push_at == utc(2026, 3, 2, 9, 0)


async def test_settings_are_checked_and_move_the_next_times(service, team):
    assert team.next_push_at == utc(2026, 3, 2, 9, 0)
    with pytest.raises(InvalidSetting):
        await service.teams.set_push_time(team.id, "25:00")
    with pytest.raises(InvalidSetting):
        await service.teams.set_timezone(team.id, "Mars/Olympus")
    with pytest.raises(InvalidSetting):
        await service.teams.set_board(team.id, "someday", "10:00")
    with pytest.raises(InvalidSetting):
        await service.teams.set_topics(team.id, ["nope"])
    berlin = await service.teams.set_timezone(team.id, "Europe/Berlin")
    assert berlin.next_push_at == utc(2026, 3, 2, 8, 0)  # 09:00 CET
    board = await service.teams.set_board(team.id, "wed", "18:30")
    assert (board.board_weekday, board.next_board_at) == (2, utc(2026, 3, 4, 17, 30))


async def test_the_question_goes_once_per_local_day_and_answers_land_in_own_cards(
    service, team, clock
):
    ada, bob = await member(service, 1, "Ada"), await member(service, 2, "Bob")
    groups = FakeGroups()
    delivery = TeamDeliveryService(service, groups)
    seen: list[int] = []
    service.teams.on_roll_call(seen.append)
    clock.set(utc(2026, 3, 2, 8, 59))
    assert (await delivery.run_due()).sent == 0
    clock.set(utc(2026, 3, 2, 9, 0))
    assert (await delivery.run_due()).sent == 1
    # Later the same day, even after the time is moved to later today: nothing more.
    await service.teams.set_push_time(team.id, "21:00")
    clock.set(utc(2026, 3, 2, 21, 30))
    assert (await delivery.run_due()).sent == 0
    [view] = groups.questions
    qid = view.question.id

    for user_id in (ada, bob):
        card = await service.teams.answer_privately(team.id, user_id, qid)
        assert card.question.id == qid
        await service.reveal(user_id, qid)
    await service.rate(ada, 3, qid)
    await service.rate(bob, 1, qid)
    # Opening it again the same day keeps the rating: no second review of the same question.
    await service.teams.answer_privately(team.id, ada, qid)
    with pytest.raises(AlreadyRated):
        await service.rate(ada, 4, qid)
    await asyncio.sleep(0)
    assert len(seen) == 2
    async with service.store.unit() as uow:
        ada_card, bob_card = await uow.cards.get(ada, qid), await uow.cards.get(bob, qid)
    assert ada_card.due > bob_card.due  # Good schedules further out than Again
    names = (await service.teams.team_question(view.delivery_id)).practised
    assert names == ("Ada", "Bob")
    # The roll call editor coalesced both ratings into edits showing everyone so far.
    await asyncio.sleep(0.05)
    assert groups.roll_calls and groups.roll_calls[-1] == ("Ada", "Bob")

    # Tuesday: a new question (yesterday's is left out while others remain).
    clock.set(utc(2026, 3, 3, 21, 0))
    assert (await delivery.run_due()).sent == 1
    assert groups.questions[1].question.id != qid
    await delivery.stop()


async def test_hidden_members_are_counted_but_not_named(service, team, clock):
    ada, bob = await member(service, 1, "Ada"), await member(service, 2, "Bob")
    groups = FakeGroups()
    clock.set(utc(2026, 3, 2, 9, 0))
    await TeamDeliveryService(service, groups).run_due()
    qid = groups.questions[0].question.id
    await service.teams.set_member_flag(bob, team.id, hidden=True)
    for user_id in (ada, bob):
        await service.teams.answer_privately(team.id, user_id, qid)
        await service.rate(user_id, 3, qid)
    view = await service.teams.team_question(groups.questions[0].delivery_id)
    assert (view.practised, view.hidden_practised) == (("Ada",), 1)
    board = await service.teams.board(team.id)
    assert [r.name for r in board.rows] == ["Ada"]
    assert (board.members, board.practised, board.reviews) == (2, 2, 2)


async def test_the_weekly_board_goes_on_the_teams_day(service, team, clock):
    await service.teams.set_board(team.id, "mon", "17:00")
    groups = FakeGroups()
    delivery = TeamDeliveryService(service, groups)
    clock.set(utc(2026, 3, 2, 17, 0))
    await delivery.run_due()
    clock.set(utc(2026, 3, 2, 18, 0))
    await delivery.run_due()
    assert [b.week_end for b in groups.boards] == [datetime(2026, 3, 2).date()]
    assert (await service.teams.get(team.id)).next_board_at == utc(2026, 3, 9, 17, 0)


async def test_a_removed_bot_deactivates_the_team(service, team, clock):
    groups = FakeGroups(removed={"-100"})
    clock.set(utc(2026, 3, 2, 9, 0))
    report = await TeamDeliveryService(service, groups).run_due()
    assert (report.failed, report.deactivated) == (1, 1)
    assert not (await service.teams.get(team.id)).active
    clock.set(utc(2026, 3, 3, 9, 0))
    assert (await TeamDeliveryService(service, groups).run_due()).users == 0


async def test_team_only_members_get_no_personal_push(service, team, clock):
    ada, bob = await member(service, 1, "Ada"), await member(service, 2, "Bob")
    await service.teams.join(team.id, ada)
    await service.teams.set_member_flag(ada, None, team_only=True)
    sent: list[int] = []

    class Personal:
        name, max_per_second, per_chat_interval = "telegram", 1000.0, 0.0

        async def send_daily(self, user, card, missed, interview=None):
            sent.append(user.id)
            return "1"

    dispatcher = Dispatcher(service, Personal())
    clock.set(utc(2026, 3, 3, 9, 0))
    for claim in await claim_due(service.store, "telegram", clock.now(), 10):
        await dispatcher.deliver(claim.delivery_id)
    assert sent == [bob]


async def test_forgetting_a_user_removes_them_from_every_team(service, team):
    ada = await member(service, 1, "Ada")
    other, _ = await service.teams.register("telegram", "-200")
    await service.teams.join(team.id, ada)
    await service.teams.join(other.id, ada)
    assert len(await service.teams.teams_of(ada)) == 2
    await service.forget(ada)
    async with service.store.unit() as uow:
        assert await uow.teams.members(team.id) == []
        assert await uow.teams.members(other.id) == []
