"""Two real `drillbot run` processes on one PostgreSQL database and one fake Bot API.

The daily send-out is shared (each sends a part, nobody is lost or sent twice), a process
killed with SIGKILL mid-send-out leaves its claims to the other once their lease ran out
(duplicates: at most the sends it had in flight), and the updates of one chat, posted to
both processes by turns as a load balancer would, are handled once each and in order.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator

import pytest

from tests.e2e.conftest import Drillbot, StartDrillbot, far_push_env
from tests.support.fake_telegram import FakeTelegram
from tests.support.instances import (
    WEBHOOK_SECRET,
    add_due_users,
    free_port,
    in_flight_of,
    query,
    sent_by_process,
    statuses,
    store_update,
    webhook_env,
)

TOKEN = "123456789:AAHinstancesTokenForTests_0123456789ab"
USERS = 2000
FIRST_CHAT = 300_000
LEASE_SECONDS = 3  # a dead process's claims are taken over this soon (60 in production)
SEND_OUT = 240.0  # seconds allowed for the whole send-out (two processes at 30/s: ~40 s)


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram(TOKEN)
    await server.start()
    yield server
    await server.close()


async def start_instances(
    start_drillbot: StartDrillbot, fake: FakeTelegram, database: str, count: int = 2
) -> list[Drillbot]:
    bots = []
    for _ in range(count):
        env = {
            **webhook_env(fake.url, TOKEN, free_port()),
            **far_push_env(),
            "DRILLBOT_DB": database,
            "DRILLBOT_LEASE_SECONDS": str(LEASE_SECONDS),
        }
        bots.append(await start_drillbot(env))
    return bots


def daily_per_chat(fake: FakeTelegram) -> Counter[int]:
    return Counter(m.chat_id for m in fake.messages if m.chat_id >= FIRST_CHAT)


async def everything_sent(database: str) -> None:
    """Until no delivery row is left claimed: nothing can be sent (or sent again) after."""
    for _ in range(int(SEND_OUT / 0.5)):
        counts = await statuses(database)
        if counts.total() == USERS and set(counts) == {"sent"}:
            return
        await asyncio.sleep(0.5)
    raise AssertionError(f"send-out unfinished: {dict(await statuses(database))}")


async def test_two_instances_share_a_send_out_with_nobody_lost_or_sent_twice(
    start_drillbot: StartDrillbot, fake: FakeTelegram, postgres_url: str
):
    chats = range(FIRST_CHAT, FIRST_CHAT + USERS)
    for chat in chats:
        fake.user(chat)
    await add_due_users(postgres_url, chats)

    bots = await start_instances(start_drillbot, fake, postgres_url)
    await everything_sent(postgres_url)

    per_chat = daily_per_chat(fake)
    assert len(per_chat) == USERS  # nobody lost
    assert set(per_chat.values()) == {1}  # nobody twice
    shares = await sent_by_process(postgres_url)
    assert set(shares) == {bot.process.pid for bot in bots}, shares
    assert all(share > 0 for share in shares.values()) and shares.total() == USERS
    assert all(bot.running for bot in bots)


async def test_a_process_killed_mid_send_out_leaves_its_claims_to_the_other(
    start_drillbot: StartDrillbot, fake: FakeTelegram, postgres_url: str
):
    chats = range(FIRST_CHAT, FIRST_CHAT + USERS)
    for chat in chats:
        fake.user(chat)
    await add_due_users(postgres_url, chats)

    victim, survivor = await start_instances(start_drillbot, fake, postgres_url)
    await fake.wait_for(lambda: len(fake.messages) >= USERS // 4, timeout=SEND_OUT)
    victim.process.kill()  # SIGKILL: no clean-up of any kind
    await victim.process.wait()
    in_flight = await in_flight_of(postgres_url, victim.process.pid)
    left_claimed = (await query(
        postgres_url,
        "SELECT COUNT(*) FROM deliveries WHERE status = 'claimed' AND claimed_by LIKE ?",
        f"{victim.process.pid}-%",
    ))[0][0]  # fmt: skip

    await everything_sent(postgres_url)

    per_chat = daily_per_chat(fake)
    duplicates = sum(n - 1 for n in per_chat.values())
    print(
        f"killed with {left_claimed} claims left, {in_flight} of them in flight;"
        f" duplicates: {duplicates}"
    )
    assert left_claimed > 0  # the survivor really had claims to take over
    assert len(per_chat) == USERS  # nobody lost
    assert duplicates <= in_flight  # only what the dead process may have sent already
    twice = [chat for chat, n in per_chat.items() if n > 1]
    if twice:  # each duplicate is a row whose send had started before the kill
        rows = await query(
            postgres_url,
            "SELECT MIN(d.attempts) FROM deliveries d JOIN users u ON u.id = d.user_id"
            f" WHERE u.chat_id IN ({', '.join('?' for _ in twice)})",
            *(str(chat) for chat in twice),
        )
        assert rows[0][0] >= 2
    shares = await sent_by_process(postgres_url)
    assert shares[survivor.process.pid] > 0 and survivor.running


BURST = 16  # updates of one chat, posted to the two processes by turns


async def test_one_chats_updates_posted_to_both_processes_are_handled_once_in_order(
    start_drillbot: StartDrillbot, fake: FakeTelegram, postgres_url: str
):
    bots = await start_instances(start_drillbot, fake, postgres_url)
    await fake.wait_for(lambda: len(fake.calls_to("setWebhook")) == len(bots), timeout=60)
    hooks = [call.params["url"] for call in fake.calls_to("setWebhook")]
    ada = fake.user(1001)
    fake.webhook = {"url": hooks[0], "secret_token": WEBHOOK_SECRET}
    await ada.ask("/start")

    times = [f"07:{n:02d}" for n in range(BURST)]
    for n, hhmm in enumerate(times):  # each request returns once the update is stored
        fake.webhook = {"url": hooks[n % 2], "secret_token": WEBHOOK_SECRET}
        await ada.send(f"/time {hhmm}")
    replies = await ada.next_messages(BURST)
    await asyncio.sleep(1.0)  # a reply handled twice would come meanwhile

    assert [m.plain.split()[3] for m in replies] == times  # "Daily question at 07:03 (UTC)..."
    assert len(ada.inbox) == BURST + 1
    pending = await query(
        postgres_url, "SELECT COUNT(*) FROM inbound_updates WHERE handled_at IS NULL"
    )
    assert pending == [(0,)]


async def test_an_update_a_dead_process_stored_is_handled_by_the_other(
    start_drillbot: StartDrillbot, fake: FakeTelegram, postgres_url: str
):
    [bot] = await start_instances(start_drillbot, fake, postgres_url, count=1)
    await fake.wait_for(lambda: fake.calls_to("setWebhook"), timeout=60)
    ada = fake.user(1001)
    await ada.ask("/start")
    # Stored by a process that died before handling it: nobody will post it again.
    text = "/time 06:30"
    message = {
        "message_id": 900, "from": ada.data, "chat": {"id": ada.id, "type": "private"},
        "date": int(time.time()), "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
    }  # fmt: skip
    await store_update(postgres_url, {"update_id": 900_001, "message": message}, ada.id)

    reply = await ada.next_message(timeout=30)  # the periodic sweep finds it
    assert "06:30" in reply.plain and bot.running
