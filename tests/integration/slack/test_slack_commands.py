"""/drill subcommands: private replies, settings, topics, search, forget and access."""

from __future__ import annotations

from tests.integration.slack.conftest import StartBot, Workspace, assert_no_api_errors
from tests.support.fake_slack import FakeSlack, SlackError, dm_of


async def test_unknown_subcommands_answer_with_help(slack: Workspace, fake: FakeSlack):
    fake.add_user("U1")
    assert await slack.command("U1", "next") == 200  # registers; the welcome lists commands
    await slack.next_dm("U1", after=1)
    assert await slack.command("U1", "frobnicate") == 200
    help_reply = await slack.next_ephemeral("U1", after=0)
    for usage in ("/drill next", "/drill time HH:MM", "/drill tz Area/City", "/drill search WORDS"):
        assert usage in help_reply.mrkdwn
    assert "Daily question at *09:00*" in help_reply.mrkdwn
    assert len(fake.in_channel(dm_of("U1"))) == 2  # help stays out of the DM


async def test_a_command_typed_in_a_channel_answers_in_the_dm(slack: Workspace, fake: FakeSlack):
    fake.add_user("U1")
    assert await slack.command("U1", "next", channel="C0GENERAL") == 200
    question = await slack.next_dm("U1", after=1)
    assert question.button("Show answer")
    note = await slack.next_ephemeral("U1", after=0)
    assert "Sent to our direct messages." in note.mrkdwn
    assert all(m.channel == dm_of("U1") for m in fake.messages)  # nothing public


async def test_settings_commands(slack: Workspace, fake: FakeSlack):
    fake.add_user("U1", tz="Europe/Berlin")
    assert await slack.command("U1", "tz Asia/Tokyo") == 200
    assert "Timezone set to Asia/Tokyo" in (await slack.next_ephemeral("U1", 0)).mrkdwn
    assert await slack.command("U1", "tz Mars/Olympus") == 200
    assert "Unknown timezone 'Mars/Olympus'" in (await slack.next_ephemeral("U1", 1)).mrkdwn
    assert await slack.command("U1", "time 25:00") == 200
    assert "HH:MM" in (await slack.next_ephemeral("U1", 2)).mrkdwn
    assert await slack.command("U1", "pause") == 200
    assert "paused" in (await slack.next_ephemeral("U1", 3)).mrkdwn
    assert (await slack.db_user("U1")).paused
    assert await slack.command("U1", "resume") == 200
    assert "resumed" in (await slack.next_ephemeral("U1", 4)).mrkdwn
    user = await slack.db_user("U1")
    assert not user.paused and user.timezone == "Asia/Tokyo"
    assert_no_api_errors(fake)


async def test_topics_switch_in_place(slack: Workspace, fake: FakeSlack):
    fake.add_user("U1")
    assert await slack.command("U1", "topics") == 200
    menu = await slack.next_ephemeral("U1", 0)
    assert menu.button("✅ RL & alignment")
    assert await slack.press("U1", menu, "RL & alignment") == 200
    await fake.wait_for(lambda: menu.replaced == 1)
    assert menu.button("⬜ RL & alignment") and menu.button("✅ Distributed training")
    assert (await slack.db_user("U1")).topics == ("dist",)
    assert await slack.press("U1", menu, "All topics") == 200
    await fake.wait_for(lambda: menu.replaced == 2)
    assert (await slack.db_user("U1")).topics is None


async def test_search_then_practise_a_hit(slack: Workspace, fake: FakeSlack):
    fake.add_user("U1")
    assert await slack.command("U1", "search grpo") == 200
    results = await slack.next_ephemeral("U1", 0)
    assert "What does GRPO drop compared with PPO?" in results.mrkdwn
    assert await slack.press("U1", results, "1. What does GRPO") == 200
    question = await slack.next_dm("U1", after=1)
    assert "GRPO" in question.mrkdwn and question.button("Show answer")
    assert await slack.command("U1", "search <nothing & such>") == 200
    none = await slack.next_ephemeral("U1", 1)
    assert "&lt;nothing &amp; such&gt;" in none.mrkdwn


async def test_forget_asks_first_then_deletes(slack: Workspace, fake: FakeSlack):
    fake.add_user("U1")
    assert await slack.command("U1", "forget") == 200
    confirm = await slack.next_ephemeral("U1", 0)
    assert await slack.press("U1", confirm, "Cancel") == 200
    await fake.wait_for(lambda: confirm.replaced == 1)
    assert "Nothing was deleted." in confirm.text
    assert await slack.db_user("U1") is not None

    assert await slack.command("U1", "forget") == 200
    confirm = await slack.next_ephemeral("U1", 1)
    assert await slack.press("U1", confirm, "Yes, delete everything") == 200
    await fake.wait_for(lambda: confirm.replaced == 1)
    assert "All your data is deleted" in confirm.text
    assert await slack.db_user("U1") is None


async def test_strangers_are_refused_before_any_lookup(start_bot: StartBot, fake: FakeSlack):
    slack = await start_bot(access="allowlist", allowed_users=("slack:U1",))
    fake.add_user("U9")
    assert await slack.command("U9", "next") == 200
    refusal = await slack.next_ephemeral("U9", 0)
    assert "this bot is private" in refusal.text and "U9" in refusal.text
    assert fake.calls_to("users.info") == [] and fake.messages == []
    assert await slack.db_user("U9") is None


async def test_past_the_daily_cap_one_more_is_offered(start_bot: StartBot, fake: FakeSlack):
    slack = await start_bot(max_new_per_day=1)
    fake.add_user("U1")
    assert await slack.command("U1", "next") == 200
    first = await slack.next_dm("U1", after=1)
    assert await slack.command("U1", "skip") == 200
    assert "Skipped" in (await slack.next_dm("U1", after=2)).mrkdwn
    assert await slack.command("U1", "next") == 200
    note = await slack.next_ephemeral("U1", 0)
    assert "Nothing is due right now" in note.mrkdwn
    assert await slack.press("U1", note, "One more") == 200
    extra = await slack.next_dm("U1", after=3)
    assert extra.button("Show answer")["value"] != first.button("Show answer")["value"]


async def test_a_failed_chart_upload_still_leaves_the_figures(slack: Workspace, fake: FakeSlack):
    fake.add_user("U1")
    assert await slack.command("U1", "next") == 200
    question = await slack.next_dm("U1", after=1)
    assert await slack.press("U1", question, "Show answer") == 200
    answer = await slack.next_dm("U1", after=2)
    assert await slack.press("U1", answer, "Easy") == 200
    await fake.wait_for(lambda: answer.edits == 1)
    fake.fail_next("files.getUploadURLExternal", SlackError("missing_scope"))
    assert await slack.command("U1", "stats") == 200
    stats = await slack.next_dm("U1", after=3)
    assert "Reviewed today: 1" in stats.mrkdwn
    await fake.wait_for(lambda: fake.calls_to("files.getUploadURLExternal"))
    assert await slack.command("U1", "time") == 200
    reply = await slack.next_ephemeral("U1", 0)
    # No apology came first: the figures, which the user asked for, did arrive.
    assert "Your daily question comes at" in reply.mrkdwn
