"""The terminal channel, driven by piped input as a script would."""

from __future__ import annotations

import io

from bot.channels.console import run_console


async def drive(service, script: str, tmp_path=None) -> str:
    out = io.StringIO()
    code = await run_console(service, "alice", io.StringIO(script), out, chart_dir=tmp_path)
    assert code == 0
    return out.getvalue()


def flat(output: str) -> str:
    """The output with its line wrapping undone."""
    return " ".join(output.split())


def first_question(service, output: str):
    """The question the output asks first."""
    asked = [(output.find(q.question), q) for q in service.corpus.ordered() if q.question in output]
    return min(asked, key=lambda found: found[0])[1]


async def test_question_reveal_rate_and_end_of_input(service):
    output = await drive(service, "\n3\n")
    assert "New" in output and "Reference answer" in output or "no reference answer" in output
    assert "Good — back" in output and "Streak: 1 day." in output
    user = await service.find_user("console", "alice")
    stats = await service.stats(user.id)
    assert stats.total_reviews == 1  # the rating reached the database


async def test_stats_settings_and_errors(service, tmp_path):
    output = await drive(
        service, "2\nstats\ntime 7:45\npause\ntz Europe/Paris\ntz Nowhere/City\nbogus\nquit\n", tmp_path
    )
    assert "Your progress" in output and "Streak: 1 day (best 1)" in output
    assert "Chart saved to" in output and list(tmp_path.glob("drillbot-stats-*.png"))
    # The terminal never pushes: its push settings say where the daily question comes.
    # In the welcome, for `time`, for `pause`, and in the help after `bogus`.
    assert flat(output).count("The terminal sends no daily questions: they come on Telegram") == 4
    assert "Daily question at" not in output
    assert "Timezone set to Europe/Paris" in output and "Unknown timezone 'Nowhere/City'" in output
    assert "Unknown command 'bogus'" in output
    user = await service.find_user("console", "alice")
    assert (user.push_time, user.timezone, user.paused) == ("09:00", "Europe/Paris", False)


async def test_every_start_resumes_the_open_question_and_burns_none(service):
    """Quitting at once, three times, neither loses the question nor spends the daily cap (3)."""
    asked = first_question(service, await drive(service, "quit\n"))
    for _ in range(2):
        again = flat(await drive(service, "quit\n"))
        assert f"Still open · {service.corpus.topics[asked.topic].title}" in again
        assert asked.question in again and "or send skip to move on" in again
    output = await drive(service, "\n3\n\n3\n\n3\n")
    assert output.count("Good — back") == 3  # the cap of three new questions is all there
    assert first_question(service, output) == asked
    assert "Nothing is due right now — 3 reviewed today" in output


async def test_enter_at_the_rating_prompt_does_not_move_on(service):
    output = await drive(service, "\n\n\n2\n")
    asked = first_question(service, output)
    assert flat(output).count("Reply 1–4 to rate the current question") == 2
    assert "Hard — back" in output
    user = await service.find_user("console", "alice")
    async with service.store.unit() as uow:
        rows = await uow.reviews.per_question(user.id)
    assert rows == [(asked.id, 1, 2.0, 2)]  # the question Enter was pressed at got the rating


async def test_answer_with_nothing_open_says_so(make_service):
    service = make_service(max_new_per_day=1)
    output = await drive(service, "\n2\nanswer\n")
    assert "Nothing is due right now" in output
    assert output.count("How well did you know it?") == 1  # no rating prompt for the answer
    assert "There is no open question: ask for one with next." in output
    assert "Already rated" not in output


async def test_a_long_unknown_line_is_not_echoed_in_full(service):
    output = await drive(service, "y" * 3000 + "\n")
    assert "Unknown command 'yyyy" in output and "y" * 100 not in output and "…'" in output


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
