"""Domain refusals (a code and parameters) put into words, naming this channel's commands.
Whatever the user typed is quoted back escaped and shortened (see `echo`)."""

from __future__ import annotations

from datetime import timedelta

from bot.dialogue.flows.common import echo
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
            return ctx.t(SETTING_KEYS[params["setting"]], value=echo(params.get("value", "")))
        case "invalid_rating":
            return ctx.t("err_invalid_rating")
        case "empty_answer":
            return ctx.t("err_empty_answer")
        case "answer_too_long":
            return ctx.t("err_answer_too_long", limit=params.get("limit", ""))
        case "nothing_to_keep":
            return ctx.t("err_nothing_to_keep", myanswer=ctx.cmd("myanswer"))
        case "interview_date_invalid":
            return ctx.t(
                "err_interview_date", value=params["value"], interview=ctx.cmd("interview"),
                example=(ctx.now() + timedelta(days=30)).date().isoformat(),
            )  # fmt: skip
        case "interview_date_past":
            return ctx.t("err_interview_past", value=params["value"], today=params["today"])
        case "interview_date_too_far":
            return ctx.t("err_interview_far", value=params["value"], latest=params["latest"])
        case "interview_target_invalid":
            return ctx.t(
                "err_interview_target", value=params["value"], interview=ctx.cmd("interview"),
                low=f"{params['low']:.0%}", high=f"{params['high']:.0%}",
            )  # fmt: skip
        case "interview_outcome_invalid":
            return ctx.t("err_interview_outcome", allowed=", ".join(params["allowed"]))
        case "interview_outcome_not_due":
            return ctx.t("err_interview_outcome_not_due", interview=ctx.cmd("interview"))
        case "unknown_team":
            return ctx.t("err_unknown_team")
        case "not_team_admin":
            return ctx.t("team_not_admin", team=ctx.cmd("team"))
    return ctx.t("something_wrong")
