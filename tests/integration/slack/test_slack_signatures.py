"""HTTP mode accepts only requests Slack signed, and only fresh ones."""

from __future__ import annotations

import logging
import time
from urllib.parse import urlencode

import pytest

from tests.integration.slack.conftest import Workspace, sign
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


async def test_a_replayed_signed_request_is_rejected(slack: Workspace, fake: FakeSlack):
    fake.add_user("U1")
    body = urlencode(
        {"team_id": "T1", "channel_id": dm_of("U1"), "user_id": "U1", "command": "/drill",
         "text": "next", "response_url": fake.response_url("U1"), "trigger_id": "t1"}
    )  # fmt: skip
    headers = {"Content-Type": "application/x-www-form-urlencoded", **sign(body, int(time.time()))}

    async def post() -> int:
        async with slack.session.post(slack.url, data=body.encode(), headers=headers) as response:
            return response.status

    assert await post() == 200
    question = await slack.next_dm("U1", after=1)
    assert await post() == 401  # the same signed request again, within the five minutes
    assert await post() == 401
    await slack.command("U1", "answer")  # a new request is answered as usual
    await slack.next_dm("U1", after=2)
    assert [m.ts for m in fake.in_channel(dm_of("U1"))].count(question.ts) == 1
    assert len(fake.in_channel(dm_of("U1"))) == 3  # welcome, question, answer: no second question


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Slack-Request-Timestamp": "abc"},
        {"X-Slack-Request-Timestamp": ""},
        {"X-Slack-Request-Timestamp": "１２３"},  # digits, but not ASCII ones
        {"X-Slack-Signature": "garbage"},
        {"X-Slack-Request-Timestamp": "9" * 400},
    ],
)
async def test_malformed_signing_headers_get_401_without_a_traceback(
    slack: Workspace, fake: FakeSlack, caplog: pytest.LogCaptureFixture, headers: dict[str, str]
):
    fake.add_user("U1")
    body = urlencode({"user_id": "U1", "command": "/drill", "text": "next"})
    signed = {**sign(body, int(time.time())), **headers}
    async with slack.session.post(
        slack.url,
        data=body.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", **signed},
    ) as response:
        assert response.status == 401
    assert await slack.db_user("U1") is None
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
