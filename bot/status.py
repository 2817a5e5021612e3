"""`drillbot status`: who is registered and how today's deliveries stand."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from typing import TextIO

from bot.config import Settings
from bot.domain.deliveries import CLAIMED, FAILED, SENT, SKIPPED
from bot.domain.push_time import local_today
from bot.storage import Store
from bot.storage.database_url import redacted

STATE_ORDER = (SENT, CLAIMED, FAILED, SKIPPED)


async def print_status(settings: Settings, out: TextIO, now: datetime | None = None) -> int:
    now = now or datetime.now(UTC)
    store = await Store.open(settings.database)
    try:
        async with store.unit() as uow:
            users = await uow.users.counts()
            due = await uow.users.due_counts(now)
            # Local days straddle UTC: a user's "today" is yesterday, today or tomorrow in UTC.
            utc_today = now.date()
            groups = await uow.deliveries.counts_around(
                utc_today - timedelta(days=1), utc_today + timedelta(days=1)
            )
    finally:
        await store.close()
    today: dict[str, Counter[str]] = defaultdict(Counter)
    for group in groups:
        if group.local_date != local_today(now, group.timezone):
            continue  # another day for users of this timezone
        today[group.channel][group.status] += group.rows
        if group.status == CLAIMED:
            today[group.channel]["possibly sent"] += group.started
    out.write(
        f"database {redacted(settings.database)}\n"
        f"users: {users['total']} ({users['active']} active, {users['paused']} paused)\n"
    )
    waiting = ", ".join(f"{channel} {n}" for channel, n in sorted(due.items()))
    out.write(f"users due now: {waiting or 0}\n")
    if not today:
        out.write("no deliveries yet today (each user's local day)\n")
    for channel, counts in sorted(today.items()):
        out.write(f"today's deliveries, {channel} (each user's local day): {_states(counts)}\n")
    return 0


def _states(counts: Counter[str]) -> str:
    parts = [f"{state} {counts[state]}" for state in STATE_ORDER if counts[state]]
    if counts["possibly sent"]:
        parts.append(f"(of the claimed, {counts['possibly sent']} with a send started)")
    return ", ".join(parts)
