"""Domain refusals (a code and parameters) put into words, naming this channel's commands."""

from __future__ import annotations

from bot.dialogue.turn import Context
from bot.domain.errors import PracticeError
from bot.render.messages import rating_label

SETTING_KEYS = {
    "push_time": "err_push_time",
    "timezone": "err_timezone",
    "topics": "err_topics",
    "board": "err_board",
}


def refusal_md(error: PracticeError, ctx: Context) -> str:
    params = error.params
    match error.code:
        case "access_denied":
            return ctx.t("access_denied", id=params.get("user_id", ""))
        case "unknown_user":
            return ctx.t("err_unknown_user", start=ctx.cmd(ctx.style.begin))
        case "no_current_question":
            return ctx.t("err_no_current", next=ctx.cmd("next"))
        case "stale_question" if params.get("removed"):
            return ctx.t("removed_question")
        case "stale_question":
            return ctx.t("stale_button") + " " + ctx.t("next_hint", next=ctx.cmd("next"))
        case "already_rated":
            return ctx.t("already_rated", rating=rating_label(params["rating"], ctx.lang))
        case "unknown_question":
            return ctx.t("err_unknown_question")
        case "invalid_setting":
            return ctx.t(SETTING_KEYS[params["setting"]], value=params.get("value", ""))
        case "invalid_rating":
            return ctx.t("err_invalid_rating")
        case "unknown_team":
            return ctx.t("err_unknown_team")
        case "not_team_admin":
            return ctx.t("team_not_admin", team=ctx.cmd("team"))
    return ctx.t("something_wrong")
