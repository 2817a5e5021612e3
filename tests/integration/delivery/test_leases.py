"""Two instances on one database: a claim is its instance's while the lease lasts (and is
renewed); once it has run out, another instance sends the row, exactly once, and the first
claimer may no longer send it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.corpus.loader import load_corpus
from bot.delivery.claiming import LEASE, claim_due, renew_leases
from bot.delivery.dispatch import Dispatcher, Done
from bot.domain.practice import PracticeConfig, PracticeService
from bot.storage import Store
from tests.conftest import CORPUS_DIR
from tests.integration.delivery.conftest import Harness
from tests.integration.delivery.test_restart import (
    NINE,
    Dying,
    Killed,
    assert_everyone_once,
    due_users,
)

pytestmark = pytest.mark.both_databases


@pytest.fixture
async def other(harness: Harness, database: Path | str) -> AsyncIterator[PracticeService]:
    """A second instance on the same database (its own connection and claimer id)."""
    store = await Store.open(database)
    yield PracticeService(store, load_corpus(CORPUS_DIR), PracticeConfig(), harness.clock)
    await store.close()


async def test_a_dead_instances_claims_are_sent_by_another_once_the_lease_ran_out(
    harness: Harness, other: PracticeService
):
    await due_users(harness, 5)
    assert len(await claim_due(other.store, "telegram", NINE, limit=100)) == 5  # then it dies

    harness.clock.set(NINE + LEASE - timedelta(seconds=1))
    report = await harness.service().run_due()
    assert report.sent == 0 and harness.fake.messages == []  # its claims are still its own

    harness.clock.set(NINE + LEASE + timedelta(seconds=1))
    report = await harness.service().run_due()
    assert (report.resumed, report.sent) == (5, 5)
    assert_everyone_once(harness, 5)
    assert {r[2] for r in await harness.rows()} == {"sent"}


async def test_a_renewed_lease_keeps_the_claims_with_their_live_instance(
    harness: Harness, other: PracticeService
):
    await due_users(harness, 3)
    await claim_due(other.store, "telegram", NINE, limit=100)
    assert await renew_leases(other.store, NINE + LEASE / 2) == 3  # it is alive and sending

    harness.clock.set(NINE + LEASE + timedelta(seconds=1))
    assert (await harness.service().run_due()).sent == 0

    harness.clock.set(NINE + LEASE * 1.5 + timedelta(seconds=1))  # it stopped renewing
    assert (await harness.service().run_due()).sent == 3
    assert_everyone_once(harness, 3)


async def test_a_claim_taken_over_is_not_sent_by_its_first_claimer(
    harness: Harness, other: PracticeService
):
    await due_users(harness, 1)
    [claim] = await claim_due(other.store, "telegram", NINE, limit=100)
    harness.clock.set(NINE + LEASE * 2)  # it stalled past its lease...
    assert (await harness.service().run_due()).sent == 1

    # ...and wakes up with the row in its queue: the row is not its own any more.
    assert await Dispatcher(other, harness.channel).deliver(claim.delivery_id) is Done.ALREADY
    assert_everyone_once(harness, 1)


async def test_a_killed_instances_message_in_flight_is_the_only_duplicate(
    harness: Harness, other: PracticeService
):
    """As for a restarted single process: the row whose send had started when the instance
    died (attempts > 0, possibly sent) is sent again by the instance that takes it over."""
    await due_users(harness, 3)
    claims = await claim_due(other.store, "telegram", NINE, limit=100)
    with pytest.raises(Killed):
        await Dispatcher(other, Dying(harness.channel, after_send=True)).deliver(
            claims[0].delivery_id
        )

    harness.clock.set(NINE + LEASE + timedelta(seconds=1))
    assert (await harness.service().run_due()).sent == 3
    assert [len(harness.fake.sent_to(100 + n)) for n in range(3)] == [2, 1, 1]
