"""`drillbot status`: who is registered and how today's deliveries stand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TextIO

from bot.config import Settings
from bot.storage import Store


async def print_status(settings: Settings, out: TextIO) -> int:
    store = await Store.open(settings.database)
    try:
        async with store.unit() as uow:
            users = await uow.users.counts()
            # Local days straddle UTC: "today" is yesterday, today or tomorrow in UTC terms.
            utc_today = datetime.now(UTC).date()
            days = [utc_today + timedelta(days=d) for d in (-1, 0, 1)]
            deliveries = {d: await uow.deliveries.status_counts(d) for d in days}
    finally:
        await store.close()
    out.write(
        f"database {settings.database}\n"
        f"users: {users['total']} ({users['active']} active, {users['paused']} paused)\n"
    )
    for day, counts in deliveries.items():
        if counts:
            parts = ", ".join(f"{state} {n}" for state, n in sorted(counts.items()))
            out.write(f"deliveries for local day {day}: {parts}\n")
    if not any(deliveries.values()):
        out.write("no deliveries recorded around today\n")
    return 0
