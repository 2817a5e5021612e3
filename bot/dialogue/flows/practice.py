"""Asking, revealing and rating: by command, by button and by typed digit."""

from __future__ import annotations

from dataclasses import replace

from bot.dialogue import actions
from bot.dialogue.cards import answer_message, more_button, question_message
from bot.dialogue.flows.common import known_question
from bot.dialogue.replies import DONE, Chart, Message, Reply, Settle, Toast
from bot.dialogue.turn import Turn
from bot.domain.models import NothingDue
from bot.render.messages import excerpt, nothing_due_md, rating_label, rating_md, stats_md


async def next_question(turn: Turn, args: str = "", *, more: bool = False) -> list[Reply]:
    """The open question again until it is rated or skipped, else the next one."""
    result = await turn.service.next_question(turn.user.id, more=more)
    if not isinstance(result, NothingDue):
        asked = question_message(result, turn.lang)
        if result.resumed:
            hint = turn.t("still_open_hint", skip=turn.cmd("skip"))
            asked = replace(asked, markdown=f"{asked.markdown}\n\n{hint}")
        return [asked]
    md = nothing_due_md(result, turn.user, turn.now(), turn.lang)
    if not result.can_practise_more:
        return [Message(md, private=True, kind=DONE)]
    if not turn.style.buttons:
        hint = turn.t("typed_more", more=turn.cmd("more"), stats=turn.cmd("stats"))
        return [Message(f"{md}\n\n{hint}", private=True, kind=DONE)]
    return [Message(md, ((more_button(turn.lang),),), private=True, kind=DONE)]


async def one_more(turn: Turn, args: str = "") -> list[Reply]:
    return await next_question(turn, more=True)


async def skip(turn: Turn, args: str = "") -> list[Reply]:
    """Move past the open question without rating it (where ratings advance, on to the next)."""
    question = await turn.service.skip(turn.user.id)
    replies: list[Reply] = [
        Message(turn.t("skipped", question=excerpt(question.question)), kind=DONE)
    ]
    if turn.style.advance_after_rating:
        replies += await next_question(turn)
    return replies


async def reveal(turn: Turn, args: str = "") -> list[Reply]:
    return [answer_message(await turn.service.reveal(turn.user.id), turn.lang)]


async def practise(turn: Turn, question_id: str) -> list[Reply]:
    card = await turn.service.practise(turn.user.id, question_id.strip())
    return [question_message(card, turn.lang)]


async def stats(turn: Turn, args: str = "") -> list[Reply]:
    """The figures as text, then the chart (drawn by the channel when there is something)."""
    result = await turn.service.stats(turn.user.id)
    return [Message(stats_md(result, turn.lang)), Chart(result, turn.lang)]


async def rate_typed(turn: Turn, text: str) -> list[Reply]:
    """A typed 1-4 rates the current question."""
    result = await turn.service.rate(turn.user.id, text)
    replies: list[Reply] = [Message(rating_md(result, turn.user, turn.now(), turn.lang), kind=DONE)]
    if turn.style.advance_after_rating:
        replies += await next_question(turn)
    return replies


# ---------------------------------------------------------------- buttons


async def press_show_answer(turn: Turn, question_id: str) -> list[Reply]:
    card = await turn.service.reveal(turn.user.id, known_question(turn, question_id))
    if card.already_revealed:  # a second tap: the answer is in the chat already
        return [Toast(turn.t("answer_below"))]
    return [Settle(turn.t("answer_below")), answer_message(card, turn.lang)]


async def press_rate(turn: Turn, payload: str) -> list[Reply]:
    rating, question_id = actions.parse_rate_payload(payload)
    result = await turn.service.rate(turn.user.id, rating, known_question(turn, question_id))
    md = rating_md(result, turn.user, turn.now(), turn.lang)
    toast = Toast(rating_label(result.rating, turn.lang))
    if turn.style.annotates_pressed:
        return [toast, Settle("✓ " + md)]
    return [toast, Settle(), Message(md, kind=DONE)]


async def press_more(turn: Turn, payload: str) -> list[Reply]:
    return [Settle(), *await next_question(turn, more=True)]


async def press_practise(turn: Turn, question_id: str) -> list[Reply]:
    return await practise(turn, known_question(turn, question_id))
