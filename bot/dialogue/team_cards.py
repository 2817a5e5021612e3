"""Team messages as Markdown (also used by team delivery): the question of the day with its
roll call, and the weekly board. Member names are escaped: they are the members' own text."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.dialogue.flows.common import markdown_escape
from bot.domain.team_models import Board, Team, TeamQuestion
from bot.render.messages import lang_of, t

DAY_NAMES = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "zh": ("一", "二", "三", "四", "五", "六", "日"),
}


def weekday_name(weekday: int, lang: str | None) -> str:
    return DAY_NAMES[lang_of(lang)][weekday]


def team_time(instant: datetime | None, team: Team) -> str:
    """An instant in the team's own calendar: 'Mon 02 Mar 09:00'."""
    if instant is None:
        return "—"
    return f"{instant.astimezone(ZoneInfo(team.timezone)):%a %d %b %H:%M}"


def roll_call_md(view: TeamQuestion, lang: str | None) -> str:
    names = [markdown_escape(name) for name in view.practised]
    if view.hidden_practised:
        names.append(t("team_practised_hidden", lang, count=view.hidden_practised))
    if not names:
        return t("team_practised_none", lang)
    return t("team_practised", lang, names=", ".join(names))


def team_question_md(view: TeamQuestion, lang: str | None) -> str:
    """The group's message: the question (no answer), a hint, and who practised it."""
    title = t("team_question_title", lang, topic=view.topic.label(lang))
    return "\n\n".join(
        [
            title,
            view.question.question,
            f"_{t('team_question_hint', lang)}_",
            roll_call_md(view, lang),
        ]
    )


def board_md(board: Board, lang: str | None) -> str:
    lines = [
        t(
            "team_board_title",
            lang,
            first=f"{board.week_start:%b %d}",
            last=f"{board.week_end:%b %d}",
        )
    ]
    if not board.reviews:
        return "\n\n".join([*lines, t("team_board_empty", lang)])
    rows = [
        t(
            "team_board_row",
            lang,
            name=markdown_escape(row.name),
            reviewed=row.reviewed,
            streak=row.streak,
        )
        for row in board.rows
    ]
    parts = [lines[0], "\n".join(rows)] if rows else [lines[0]]
    parts.append(
        t(
            "team_board_totals",
            lang,
            practised=board.practised,
            members=board.members,
            reviews=board.reviews,
        )
    )
    if board.weakest:
        topics = ", ".join(f"{w.topic.label(lang)} ({w.average_rating:.1f})" for w in board.weakest)
        parts.append(t("team_board_weakest", lang, topics=topics))
    return "\n\n".join(parts)
