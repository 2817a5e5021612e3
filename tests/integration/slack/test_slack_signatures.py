"""HTTP mode accepts only requests Slack signed, and only fresh ones."""

from __future__ import annotations

import time

from tests.integration.slack.conftest import Workspace
from tests.support.fake_slack import FakeSlack, dm_of


async def test_a_correctly_signed_command_is_answered(slack: Workspace, fake: FakeSlack):
    fake.add_user("U1")
    assert await slack.command("U1", "next") == 200
    question = await slack.next_dm("U1", after=1)  # after the welcome
    assert question.button("Show answer")


async def test_a_wrong_signature_is_rejected_and_nothing_happens(slack: Workspace, fake: FakeSlack):
    fake.add_user("U1")
    assert await slack.command("U1", "next", secret="not-the-signing-secret") == 401
    assert await slack.db_user("U1") is None
    assert fake.in_channel(dm_of("U1")) == []


async def test_a_six_minute_old_timestamp_is_rejected(slack: Workspace, fake: FakeSlack):
    fake.add_user("U1")
    stale = int(time.time()) - 6 * 60
    assert await slack.command("U1", "next", timestamp=stale) == 401
    assert await slack.db_user("U1") is None


async def test_a_forged_button_press_is_rejected(slack: Workspace, fake: FakeSlack):
    fake.add_user("U1")
    assert await slack.command("U1", "next") == 200
    question = await slack.next_dm("U1", after=1)
    assert await slack.press("U1", question, "Show answer", secret="forged") == 401
    assert await slack.press("U1", question, "Show answer", timestamp=int(time.time()) - 400) == 401
    assert len(fake.in_channel(dm_of("U1"))) == 2  # welcome and question, no answer
    assert fake.calls_to("chat.update") == []
