"""Question and answer cards as replies, with their buttons (also used by the daily delivery)."""

from __future__ import annotations

from bot.dialogue import actions
from bot.dialogue.replies import ANSWER, DONE, QUESTION, Button, Message, Reveal
from bot.domain.models import AnswerCard, QuestionCard, Rating
from bot.render.cards import answer_card_md, question_card_md
from bot.render.messages import rating_label, t


def question_message(card: QuestionCard, lang: str | None) -> Message:
    return Message(
        question_card_md(card, lang), ((show_answer_button(card.question.id, lang),),), kind=QUESTION
    )


def show_answer_button(question_id: str, lang: str | None) -> Button:
    return Button(t("btn_show_answer", lang), actions.SHOW_ANSWER, question_id, "primary")


def more_button(lang: str | None) -> Button:
    return Button(t("btn_more", lang), actions.MORE)


def answer_message(card: AnswerCard, lang: str | None) -> Message:
    """The reference answer, with the rating buttons unless it was rated already."""
    md = answer_card_md(card, lang)
    if card.already_rated is not None:
        return Message(md, kind=DONE, answer=Reveal(card, lang))
    buttons = (rating_buttons(card.question.id, lang),)
    return Message(md, buttons, kind=ANSWER, answer=Reveal(card, lang))


RATING_STYLES = {Rating.AGAIN: "danger", Rating.GOOD: "primary"}


def rating_buttons(question_id: str, lang: str | None) -> tuple[Button, ...]:
    return tuple(
        Button(
            rating_label(rating, lang),
            actions.RATE,
            actions.rate_payload(int(rating), question_id),
            RATING_STYLES.get(rating),
        )
        for rating in Rating
    )
