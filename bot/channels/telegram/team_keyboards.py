"""The group message's buttons: "Answer privately" opens a private chat through a deep link
(`/start team-<id>-<question>`), "Show answer" is a press the bot answers in private."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.channels.telegram.keyboards import callback_data
from bot.dialogue import actions
from bot.dialogue.replies import Button
from bot.domain.team_models import TeamQuestion
from bot.render.messages import lang_of, t

MAX_START_PARAMETER = 64  # Telegram's limit for a deep link's start parameter


def start_parameter(team_id: int, question_id: str) -> str | None:
    """`team-<id>-<question>`, or None when it would not fit a deep link."""
    parameter = f"team-{team_id}-{question_id}"
    return parameter if len(parameter) <= MAX_START_PARAMETER else None


def deep_link(bot_username: str, team_id: int, question_id: str) -> str | None:
    parameter = start_parameter(team_id, question_id)
    return f"https://t.me/{bot_username}?start={parameter}" if parameter else None


def team_question_markup(view: TeamQuestion, bot_username: str) -> InlineKeyboardMarkup:
    lang = lang_of(view.team.language)
    payload = actions.team_payload(view.team.id, view.question.id)
    show = Button(t("btn_show_answer", lang), actions.TEAM_REVEAL, payload)
    row = [InlineKeyboardButton(show.label, callback_data=callback_data(show))]
    if link := deep_link(bot_username, view.team.id, view.question.id):
        row.insert(0, InlineKeyboardButton(t("btn_answer_privately", lang), url=link))
    return InlineKeyboardMarkup([row])
