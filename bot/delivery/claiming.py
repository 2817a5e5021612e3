"""Who gets a push now: turn due users into claimed delivery rows, one per user per local day.

The claim (a row under UNIQUE(user_id, local_date)) is the day's record; it is made, and the
user's next push time moved on to the next local day, in the same transaction. From then on the
row alone decides: a crash before it is sent leaves it claimed, and start-up resumes it.

Several instances may claim from one database: each claim carries a lease that its claimer
renews while it runs; a row whose lease ran out (its claimer died) is taken over by another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.domain.deliveries import DeliveryRow
from bot.domain.models import User
from bot.domain.ports import Transactions
from bot.domain.push_time import local_today, next_push_at, push_instant

# How long a claim stays its claimer's without a renewal; renewed every third of it.
LEASE = timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class Claim:
    delivery_id: int
    user_id: int
    chat_id: str
    local_date: date


async def claim_due(
    store: Transactions, channel: str, now: datetime, limit: int, lease: timedelta = LEASE
) -> list[Claim]:
    """Claim up to `limit` due users of `channel`; users not to be sent today are rescheduled.

    Returns only new claims. A user already delivered today (e.g. who changed their time
    after today's push) is just moved on to tomorrow.
    """
    claims: list[Claim] = []
    async with store.unit(write=True) as uow:
        for user in await uow.users.due_on(channel, now, limit):
            today = local_today(now, user.timezone)
            if not _sends_today(user, today, now):
                # Down over midnight and today's time is still ahead: wait for it; never
                # send the earlier day's question.
                delivered = await uow.deliveries.last_local_date(user.id)
                await uow.users.update(
                    user.id,
                    next_push_at=next_push_at(user.push_time, user.timezone, now, delivered),
                )
                continue
            delivery_id = await uow.deliveries.claim(user.id, today, now, now + lease)
            await uow.users.update(
                user.id, next_push_at=next_push_at(user.push_time, user.timezone, now, today)
            )
            if delivery_id is not None:
                claims.append(Claim(delivery_id, user.id, user.chat_id or "", today))
    return claims


async def adopt_expired(
    store: Transactions, channel: str, now: datetime, limit: int, lease: timedelta = LEASE
) -> list[DeliveryRow]:
    """Take over up to `limit` rows of `channel` whose claimer stopped renewing their lease."""
    async with store.unit(write=True) as uow:
        return await uow.deliveries.adopt_expired(channel, now, now + lease, limit)


async def renew_leases(store: Transactions, now: datetime, lease: timedelta = LEASE) -> int:
    """Extend the lease of every row this store holds claimed."""
    async with store.unit(write=True) as uow:
        return await uow.deliveries.renew(now + lease)


def _sends_today(user: User, today: date, now: datetime) -> bool:
    """Whether a due user's push belongs to `today` (their own local day) and its time has come."""
    assert user.next_push_at is not None
    if local_today(user.next_push_at, user.timezone) >= today:
        return True
    return push_instant(today, user.push_time, user.timezone) <= now


async def schedule_unscheduled(store: Transactions, channel: str, now: datetime) -> int:
    """Give a next push time to active users who have none (rows from before the column)."""
    async with store.unit(write=True) as uow:
        users = await uow.users.unscheduled(channel)
        for user in users:
            delivered = await uow.deliveries.last_local_date(user.id)
            await uow.users.update(
                user.id, next_push_at=next_push_at(user.push_time, user.timezone, now, delivered)
            )
    return len(users)
