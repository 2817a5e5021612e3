"""Answering in your own words: a typed or spoken answer to the open question is graded against
its reference, and the verdict comes with a suggested rating that only the user's tap confirms.

Every message before the rating adds to one answer (the answer checker joins them). Ratings,
reveals and stats pass through here too, to note the chosen rating next to the suggestion, show
the user's own reference answer and count how often they answered before rating.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.dialogue import actions
from bot.dialogue.cards import rating_buttons, show_answer_button
from bot.dialogue.flows import account, practice
from bot.dialogue.flows.common import known_question, markdown_escape
from bot.dialogue.inputs import Voice
from bot.dialogue.replies import Button, Buttons, Message, Reply, Toast, Working
from bot.dialogue.turn import Turn
from bot.domain.errors import NoCurrentQuestion
from bot.domain.models import Question, Rating
from bot.grading.notices import transcription_message
from bot.grading.verdict import AnswerSource, Verdict
from bot.render.messages import rating_label

RATING_TEXT = re.compile(r"^\s*([1-4])\s*$")


async def free_text(turn: Turn, text: str) -> list[Reply]:
    """A typed 1-4 rates; other text answers the open question; without one, a hint (also for
    messages without text: stickers, photos)."""
    if digit := RATING_TEXT.match(text):
        return await _rate_typed(turn, text, Rating(int(digit.group(1))))
    question = await _open_question(turn) if text.strip() else None
    if question is None or turn.checker is None:
        return await account.free_text(turn, text)
    return await _answer(turn, question, text, AnswerSource.TEXT)


async def voice(turn: Turn, given: Voice) -> list[Reply]:
    """A spoken answer: downloaded only when it can be transcribed, shown as heard, graded."""
    checker = turn.checker
    if checker is None or not checker.voice_enabled:
        return [Message(transcription_message("not_configured", turn.lang), private=True)]
    question = await _open_question(turn)
    if question is None:
        return [Message(turn.t("voice_no_question", next=turn.cmd("next")), private=True)]
    transcript = await checker.transcribe(turn.user, await given.fetch(), given.filename)
    if not transcript.ok or transcript.text is None:
        return [Message(transcript.message or turn.t("something_wrong"), private=True)]
    heard = Message(turn.t("heard", text=markdown_escape(transcript.text)))
    return await _answer(turn, question, transcript.text, AnswerSource.VOICE, heard)


async def _open_question(turn: Turn) -> Question | None:
    card = await turn.service.current(turn.user.id)
    return card.question if card is not None else None


async def _answer(
    turn: Turn, question: Question, text: str, source: AnswerSource, *first: Reply
) -> list[Reply]:
    assert turn.checker is not None
    busy = (Working(turn.t("grading")),) if turn.checker.grades_with_model else ()
    pending = await turn.show_now([*first, *busy])
    verdict = await turn.checker.check(turn.user, question, text, source=source)
    return [*pending, verdict_message(turn, verdict)]


def verdict_message(turn: Turn, verdict: Verdict) -> Message:
    """Covered and missed points, the comment, the suggestion starred on the rating buttons."""
    title = "verdict_parts" if verdict.parts > 1 else "verdict_title"
    parts = [turn.t(title, parts=verdict.parts)]
    if verdict.covered:
        parts.append("\n".join([turn.t("verdict_covered"), *(f"- {p}" for p in verdict.covered)]))
    if verdict.missed:
        parts.append("\n".join([turn.t("verdict_missed"), *(f"- {p}" for p in verdict.missed)]))
    parts.append(verdict.comment if verdict.gradable else turn.t("verdict_cannot_grade"))
    if verdict.graded_against_own_answer:
        parts.append(turn.t("verdict_own_reference"))
    if verdict.notice:
        parts.append(f"⚠️ {markdown_escape(verdict.notice)}")
    if verdict.suggested is not None:
        parts.append(turn.t("verdict_suggested", rating=rating_label(verdict.suggested, turn.lang)))
    qid = verdict.question_id
    if not turn.style.buttons:
        parts.append(turn.t("typed_verdict", answer=turn.cmd("answer")))
        if verdict.can_keep_as_own:
            parts.append(turn.t("typed_keep_own", myanswer=turn.cmd("myanswer")))
        return Message("\n\n".join(parts))
    rows: Buttons = (
        rating_buttons(qid, turn.lang, verdict.suggested),
        (show_answer_button(qid, turn.lang),),
    )
    if verdict.can_keep_as_own:
        rows = ((Button(turn.t("btn_keep_own"), actions.KEEP_OWN, qid, "primary"),), *rows)
    return Message("\n\n".join(parts), rows)


# ---------------------------------------------------------------- the user's own reference


async def my_answer(turn: Turn, args: str) -> list[Reply]:
    """`myanswer TEXT` keeps TEXT as the user's reference for the open question; without TEXT,
    their answer to it so far."""
    question = await _open_question(turn)
    if question is None:
        raise NoCurrentQuestion()
    if turn.checker is None:
        return [Message(turn.t("something_wrong"), private=True)]
    await turn.checker.save_own_answer(turn.user.id, question.id, args.strip() or None)
    return [Message(turn.t("own_saved"), private=True)]


async def press_keep_own(turn: Turn, question_id: str) -> list[Reply]:
    """The verdict's "keep my answer" button; the pressed message keeps its rating buttons."""
    if turn.checker is None:
        return [Toast(turn.t("something_wrong"))]
    await turn.checker.save_own_answer(turn.user.id, known_question(turn, question_id))
    return [Toast(turn.t("own_saved")), Message(turn.t("own_saved"), private=True)]


async def reveal(turn: Turn, args: str = "") -> list[Reply]:
    return await _with_own_answer(turn, await practice.reveal(turn, args))


async def press_show_answer(turn: Turn, question_id: str) -> list[Reply]:
    return await _with_own_answer(turn, await practice.press_show_answer(turn, question_id))


async def _with_own_answer(turn: Turn, replies: list[Reply]) -> list[Reply]:
    """ "Your answer" before each reveal the user keeps one for (the rating buttons stay last)."""
    if turn.checker is None:
        return replies
    shown: list[Reply] = []
    for reply in replies:
        if isinstance(reply, Message) and reply.answer is not None:
            qid = reply.answer.card.question.id
            own = await turn.checker.own_answer(turn.user.id, qid)
            if own is not None:
                shown.append(Message(f"{turn.t('own_answer')}\n\n{markdown_escape(own.text)}"))
        shown.append(reply)
    return shown


# ---------------------------------------------------------------- ratings and stats


async def _rate_typed(turn: Turn, text: str, rating: Rating) -> list[Reply]:
    question = await _open_question(turn)
    replies = await practice.rate_typed(turn, text)
    if question is not None:
        await _record(turn, question.id, rating)
    return replies


async def press_rate(turn: Turn, payload: str) -> list[Reply]:
    replies = await practice.press_rate(turn, payload)
    rating, question_id = actions.parse_rate_payload(payload)
    await _record(turn, question_id, Rating(int(rating)))
    return replies


async def _record(turn: Turn, question_id: str, rating: Rating) -> None:
    """The user's own rating next to the suggestion (nothing when they did not answer)."""
    if turn.checker is not None:
        await turn.checker.record_rating(turn.user.id, question_id, rating)


async def stats(turn: Turn, args: str = "") -> list[Reply]:
    """The progress figures, with how often the user answered and agreed with the suggestion."""
    replies = await practice.stats(turn, args)
    if turn.checker is None or not replies or not isinstance(replies[0], Message):
        return replies
    figures = await turn.checker.agreement_stats(turn.user.id)
    if not figures.answered and not figures.just_revealed:
        return replies
    lines = [turn.t("stats_answers", answered=figures.answered, revealed=figures.just_revealed)]
    if figures.agreement is not None:
        share = f"{figures.agreement:.0%}"
        lines.append(
            turn.t("stats_agreement", agreed=figures.agreed, compared=figures.compared, share=share)
        )
    head = replies[0]
    return [replace(head, markdown=head.markdown + "\n\n" + "\n".join(lines)), *replies[1:]]
