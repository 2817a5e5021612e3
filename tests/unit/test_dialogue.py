"""The dialogue on its own: routing, per-channel command names, refusals, confirmations."""

from __future__ import annotations

import pytest

from bot.channels.slack import blocks
from bot.channels.telegram import keyboards
from bot.dialogue import CONSOLE, SLACK, TELEGRAM, Command, Dialogue, Press, Sender, Text, actions
from bot.dialogue.channels import ChannelStyle
from bot.dialogue.replies import Button, Chart, Edit, Message, Refusal, Settle, Toast
from bot.dialogue.table import COMMANDS
from bot.domain import errors
from bot.render.messages import STRINGS

STYLES = [TELEGRAM, SLACK, CONSOLE]


def sender(service, style: ChannelStyle, external_id: str = "u1", language: str | None = None):
    async def register():
        return await service.register(style.name, external_id, language=language)

    return Sender(style.name, external_id, register, language)


def texts(replies) -> str:
    return "\n".join(getattr(r, "markdown", "") or getattr(r, "text", "") for r in replies)


def buttons(replies) -> list[Button]:
    return [b for r in replies if isinstance(r, Message | Edit) for row in r.buttons for b in row]


@pytest.mark.parametrize("style", STYLES, ids=lambda s: s.name)
async def test_every_message_names_the_channels_own_commands(service, style):
    dialogue = Dialogue(service, style)
    me = sender(service, style)
    welcome = texts(await dialogue.handle(me, Command("start")))
    assert f"- {style.command('next')} — A question now" in welcome
    assert f"- {style.command('skip')} — Move past the open question" in welcome
    # The console never pushes: it says where the daily question comes instead of its settings.
    assert (f"{style.command('time')} HH:MM" in welcome) is style.pushes
    assert ("The terminal sends no daily questions" in welcome) is not style.pushes
    refusal = texts(await dialogue.handle(me, Command("answer")))
    assert refusal == f"There is no open question: ask for one with {style.command('next')}."
    usage = texts(await dialogue.handle(me, Command("search")))
    assert f"e.g. {style.command('search')} GRPO" in usage
    unknown = texts(await dialogue.handle(me, Command("frobnicate")))
    assert unknown.startswith(f"Unknown command '{style.command('frobnicate')}'.")
    assert style.command("forget") in unknown
    assert ("Daily question at **09:00**" in unknown) is style.pushes


async def test_console_only_commands_are_unknown_elsewhere(service):
    for name in ("more", "practise", "quit"):
        assert Dialogue(service, CONSOLE).command(name) is not None
        assert Dialogue(service, TELEGRAM).command(name) is None
    assert Dialogue(service, CONSOLE).command("N").name == "next"  # aliases, any case


async def test_questions_carry_buttons_and_typed_hints_where_there_are_none(make_service):
    service = make_service(max_new_per_day=1)
    for style in (TELEGRAM, CONSOLE):
        me = sender(service, style)
        dialogue = Dialogue(service, style)
        [question] = await dialogue.handle(me, Command("next"))
        assert [b.action for b in buttons([question])] == [actions.SHOW_ANSWER]
        [again] = await dialogue.handle(me, Command("next"))  # still open: asked again
        assert again.markdown.startswith("**Still open**")
        assert buttons([again]) == buttons([question])
        assert f"or send {style.command('skip')} to move on" in again.markdown
        skipped, *advanced = await dialogue.handle(me, Command("skip"))
        assert skipped.markdown.startswith("Skipped: ")
        # The console moves on at once, as after a rating; elsewhere the user asks.
        [nothing] = (
            advanced if style.advance_after_rating else await dialogue.handle(me, Command("next"))
        )
        assert "Nothing is due right now" in nothing.markdown
        if style.buttons:
            assert [b.action for b in buttons([nothing])] == [actions.MORE]
        else:
            assert "Type *more* for one more, *stats* for progress." in nothing.markdown


async def test_rating_by_button_is_noted_on_the_pressed_message_where_the_channel_can(service):
    outcomes = {}
    for style in (TELEGRAM, SLACK):
        me = sender(service, style)
        dialogue = Dialogue(service, style)
        *_welcome, question = await dialogue.handle(me, Command("next"))
        show = buttons([question])[0]
        settle, answer = await dialogue.handle(me, Press(show.action, show.payload))
        assert isinstance(settle, Settle) and settle.note == "Answer below."
        good = next(b for b in buttons([answer]) if b.label == "Good")
        outcomes[style.name] = await dialogue.handle(me, Press(good.action, good.payload))
    toast, settle, message = outcomes["telegram"]
    assert (
        toast == Toast("Good") and settle == Settle() and message.markdown.startswith("Good — back")
    )
    toast, settle = outcomes["slack"]
    assert toast == Toast("Good") and settle.note.startswith("✓ Good — back")


async def test_typed_rating_on_the_console_moves_on_to_the_next_question(service):
    dialogue, me = Dialogue(service, CONSOLE), sender(service, CONSOLE)
    await dialogue.handle(me, Command("next"))
    rated, following = await dialogue.handle(me, Text(" 3 "))
    assert rated.markdown.startswith("Good — back") and following.kind == "question"
    [hint] = await dialogue.handle(me, Text("hello"))
    assert hint.markdown.startswith("Reply 1–4") and "send help for the commands" in hint.markdown


async def test_forget_asks_with_buttons_or_with_the_next_typed_line(service):
    dialogue, me = Dialogue(service, CONSOLE), sender(service, CONSOLE)
    [ask] = await dialogue.handle(me, Command("forget"))
    assert "Type *yes* to confirm." in ask.markdown and not ask.buttons
    [cancelled] = await dialogue.handle(me, Command("next"))  # any other answer cancels
    assert cancelled.markdown == "Nothing was deleted."
    await dialogue.handle(me, Command("forget"))
    [done] = await dialogue.handle(me, Command("yes"))
    assert done.markdown == "All your data is deleted. Send next to begin again."
    assert await service.find_user("console", "u1") is None

    dialogue, me = Dialogue(service, TELEGRAM), sender(service, TELEGRAM)
    [ask] = await dialogue.handle(me, Command("forget"))
    yes, no = buttons([ask])
    assert (yes.action, no.action) == (actions.FORGET_YES, actions.FORGET_NO)
    assert await dialogue.handle(me, Text("yes")) != [Edit("All your data is deleted.")]
    [edit] = await dialogue.handle(me, Press(yes.action, yes.payload))
    assert edit == Edit("All your data is deleted. Send /start to begin again.")
    assert await service.find_user("telegram", "u1") is None


async def test_presses_that_must_not_sign_anyone_up(make_service):
    service = make_service(access="allowlist", allowed_users=("telegram:friend",))
    dialogue = Dialogue(service, TELEGRAM)
    stranger = sender(service, TELEGRAM, "stranger")
    for given in (Command("next"), Press(actions.FORGET_YES), Press("", "x:legacy")):
        [refusal] = await dialogue.handle(stranger, given)
        assert isinstance(refusal, Refusal) and "private" in refusal.markdown
    friend = sender(service, TELEGRAM, "friend")
    assert await dialogue.handle(friend, Press("", "x:legacy")) == [
        Refusal("This button belongs to an older question.")
    ]
    assert await dialogue.handle(friend, Press(actions.FORGET_NO)) == [Edit("Nothing was deleted.")]
    assert await service.find_user("telegram", "friend") is None


async def test_slack_welcomes_on_first_contact_and_then_answers(service):
    dialogue, me = Dialogue(service, SLACK), sender(service, SLACK)
    welcome, reply = await dialogue.handle(me, Command("time", "07:30"))
    assert "Welcome to drillbot" in welcome.markdown and not welcome.private
    assert reply.private and "Daily question at 07:30" in reply.markdown
    [only] = await dialogue.handle(sender(service, SLACK, "u2"), Command("help"))
    assert "Welcome to drillbot" in only.markdown


async def test_stats_come_with_the_chart_for_the_channel_to_draw(service):
    dialogue, me = Dialogue(service, TELEGRAM), sender(service, TELEGRAM, language="zh-CN")
    figures, chart = await dialogue.handle(me, Command("stats"))
    assert "还没有复习记录" in figures.markdown
    assert isinstance(chart, Chart) and chart.stats.is_empty and chart.lang == "zh"


@pytest.mark.parametrize(
    ("error", "english", "chinese"),
    [
        (
            errors.InvalidSetting(setting="timezone", value="Mars/X"),
            "Unknown timezone 'Mars/X'",
            "未知时区“Mars/X”",
        ),
        (errors.InvalidSetting(setting="push_time", value="25:00"), "HH:MM", "HH:MM"),
        (
            errors.InvalidSetting(setting="topics", value="zzz"),
            "Unknown topic: zzz.",
            "未知主题：zzz。",
        ),
        (errors.StaleQuestion(removed=False), "older question. Send /drill next", "/drill next"),
        (errors.StaleQuestion(removed=True), "no longer in the question set", "已不在题库中"),
        (errors.AlreadyRated(rating=2), "Already rated Hard.", "困难"),
        (errors.InvalidRating(value="9"), "Rate with 1 (Again)", "请用 1（忘了）"),
        (errors.UnknownUser(), "send /drill next first", "/drill next"),
    ],
)
def test_refusals_are_worded_from_code_and_parameters(error, english, chinese):
    from bot.dialogue.refusals import refusal_md
    from bot.dialogue.turn import Context

    assert english in refusal_md(error, Context(None, SLACK, "en", COMMANDS))
    assert chinese in refusal_md(error, Context(None, SLACK, "zh", COMMANDS))


def test_the_catalogue_speaks_both_languages():
    assert set(STRINGS["en"]) == set(STRINGS["zh"])
    assert all(f"cmd_{c.name}" in STRINGS["en"] for c in COMMANDS)


@pytest.mark.parametrize(
    "button",
    [
        Button("Show", actions.SHOW_ANSWER, "dist-1"),
        Button("Good", actions.RATE, actions.rate_payload(3, "dist-1")),
        Button("1.", actions.PRACTISE, "rl-1"),
        Button("RL", actions.TOPIC, "rl"),
        Button("All", actions.ALL_TOPICS),
        Button("More", actions.MORE),
        Button("Yes", actions.FORGET_YES),
        Button("No", actions.FORGET_NO),
        Button("New kind", "grade_answer", "dist-1:good"),  # added later: no channel change
        Button("New kind", "skip"),
    ],
    ids=lambda b: b.action,
)
def test_both_channels_encode_and_decode_every_button(button):
    ids = keyboards.IdResolver(["dist-1", "rl-1", "rl"])
    pressed = keyboards.decode(keyboards.callback_data(button), ids)
    assert pressed.action == button.action
    [[element]] = [block["elements"] for block in blocks.button_blocks(((button,),))]
    on_slack = blocks.decode(element)
    assert on_slack.action == button.action
    assert pressed.payload == on_slack.payload == button.payload


def test_several_buttons_of_one_kind_get_distinct_slack_action_ids():
    row = (Button("a", "grade", "1"), Button("b", "grade", "2"), Button("c", actions.MORE))
    [block] = blocks.button_blocks((row,))
    ids = [e["action_id"] for e in block["elements"]]
    assert ids == ["drill_grade_1", "drill_grade_2", "drill_more"]
    assert [blocks.decode(e) for e in block["elements"]] == [
        Press("grade", "1"),
        Press("grade", "2"),
        Press(actions.MORE),
    ]


@pytest.mark.parametrize("style", STYLES, ids=lambda s: s.name)
async def test_answer_after_the_last_rating_says_nothing_is_open(make_service, style):
    """Not the rating prompt of the rated question followed by "Already rated"."""
    service = make_service(max_new_per_day=1)
    dialogue, me = Dialogue(service, style), sender(service, style)
    await dialogue.handle(me, Command("next"))
    await dialogue.handle(me, Text("2"))
    [refusal] = await dialogue.handle(me, Command("answer"))
    assert isinstance(refusal, Refusal)
    assert (
        refusal.markdown == f"There is no open question: ask for one with {style.command('next')}."
    )


@pytest.mark.parametrize(
    ("lang", "streaks"),
    [("en", ("Streak: 1 day.", "Streak: 2 days.")), ("zh", ("连续打卡 1 天。", "连续打卡 2 天。"))],
)
async def test_streaks_are_counted_in_proper_plurals(make_service, clock, lang, streaks):
    service = make_service(max_new_per_day=1)
    dialogue = Dialogue(service, TELEGRAM)
    me = sender(service, TELEGRAM, language=lang)
    for streak in streaks:
        await dialogue.handle(me, Command("next"))
        rated = texts(await dialogue.handle(me, Text("3")))
        assert streak in rated and "(s)" not in rated
        clock.advance(days=1)
