"""The terminal channel, driven by piped input as a script would."""

from __future__ import annotations

import io

from bot.channels.console import run_console


async def drive(service, script: str, tmp_path=None) -> str:
    out = io.StringIO()
    code = await run_console(service, "alice", io.StringIO(script), out, chart_dir=tmp_path)
    assert code == 0
    return out.getvalue()


async def test_question_reveal_rate_and_end_of_input(service):
    output = await drive(service, "\n3\n")
    assert "New" in output and "Reference answer" in output or "no reference answer" in output
    assert "Good — back" in output and "Streak: 1 day(s)" in output
    user = await service.find_user("console", "alice")
    stats = await service.stats(user.id)
    assert stats.total_reviews == 1  # the rating reached the database


async def test_stats_settings_and_errors(service, tmp_path):
    output = await drive(
        service, "2\nstats\ntime 7:45\ntime 25:99\ntz Europe/Paris\ntz Nowhere/City\nbogus\nquit\n", tmp_path
    )
    assert "Your progress" in output and "Streak: 1 day(s)" in output
    assert "Chart saved to" in output and list(tmp_path.glob("drillbot-stats-*.png"))
    assert "Daily question at 07:45 (Asia/Shanghai)" in output
    assert "Send the time as HH:MM" in output
    assert "Timezone set to Europe/Paris" in output and "Unknown timezone 'Nowhere/City'" in output
    assert "Unknown command 'bogus'" in output
    user = await service.find_user("console", "alice")
    assert (user.push_time, user.timezone) == ("07:45", "Europe/Paris")


async def test_forget_can_be_cancelled(service):
    output = await drive(service, "forget\nno\n")
    assert "Nothing was deleted" in output
    assert await service.find_user("console", "alice") is not None


async def test_rating_twice_and_nothing_due(make_service):
    service = make_service(max_new_per_day=1)
    output = await drive(service, "4\n4\nmore\n1\n")
    assert "Easy — back" in output
    assert "Nothing is due right now" in output  # cap of one new question reached
    assert "Already rated Easy" in output  # a second rating of the same question
    assert "Again — back" in output  # 'more' gave one past the cap


async def test_search_practise_topics_and_forget(service):
    output = await drive(service, "search zero\npractise dist-1\n\n1\ntopics rl\ntopics\nforget\nyes\n")
    assert "`dist-1`" not in output and "dist-1" in output
    assert "What do ZeRO stages 1-3 partition?" in output and "Stage 1: optimizer state" in output
    assert "[x] rl" in output and "[ ] dist" in output
    assert "All your data is deleted" in output
    assert await service.find_user("console", "alice") is None
