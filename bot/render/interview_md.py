"""The interview date and the plan toward it, in words (`/interview`, the daily message)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.interview_plan import InterviewPlan
from bot.domain.interview_service import DailyInterview, InterviewStatus
from bot.render.messages import day_word, ready_md, t


def interview_md(
    status: InterviewStatus,
    lang: str | None,
    *,
    interview_cmd: str,
    topics_cmd: str,
    drop_labels: Sequence[str] = (),
) -> str:
    """What `/interview` shows: the date and the plan, or how to set one.

    `drop_labels`: the names of the topics whose removal would make an infeasible plan
    feasible (the plan gives their ids)."""
    plan = status.plan
    if status.ended:
        return t("interview_past", lang, date=status.interview, interview=interview_cmd)
    if plan is None:
        return t("interview_none", lang, interview=interview_cmd)
    if plan.days_left:
        unit = day_word(plan.days_left, lang)
        head = t("interview_head", lang, date=plan.interview, days=plan.days_left, unit=unit)
    else:
        head = t("interview_head_today", lang, date=plan.interview)
    lines = [head, ""]
    if plan.days_left:
        lines += [
            "- " + t("interview_new", lang, n=plan.new_per_day, unseen=plan.unseen,
                     total=plan.questions),
            "- " + t("interview_planned", lang, n=plan.planned_today),
        ]  # fmt: skip
    lines += [
        "- " + ready_md(plan.target, plan.projected_if_kept, plan.projected_if_stopped, lang),
        "- " + t("interview_personal" if status.personal_parameters else "interview_default", lang),
        "",
        *_feasibility(plan, lang, topics_cmd, drop_labels),
        "",
        t("interview_hint", lang, interview=interview_cmd),
    ]
    return "\n".join(lines)


def daily_interview_md(note: DailyInterview, lang: str | None) -> str:
    """The line above the daily question: today's plan, or the question how it went."""
    if note.ask_outcome is not None:
        return t("interview_ask", lang, date=note.ask_outcome)
    if not note.days_left:
        return t("daily_plan_today", lang)
    days = note.days_left
    return t("daily_plan", lang, n=note.planned_today, days=days, unit=day_word(days, lang))


def _feasibility(
    plan: InterviewPlan, lang: str | None, topics_cmd: str, drop_labels: Sequence[str]
) -> list[str]:
    remedies = plan.remedies
    if plan.feasible or remedies is None:
        return [t("interview_feasible", lang)]
    lines = [
        t(
            "interview_infeasible",
            lang,
            unseen=plan.unseen,
            needed=remedies.new_per_day,
            ceiling=plan.new_per_day,
        ),
        "",
        "- " + t("interview_later", lang, date=remedies.later_date),
    ]
    if drop_labels:
        topics = ", ".join(drop_labels)
        lines.append(
            "- " + t("interview_drop", lang, n=remedies.drop_questions, topics=topics,
                     topics_cmd=topics_cmd)
        )  # fmt: skip
    lines.append("- " + t("interview_more_per_day", lang, needed=remedies.new_per_day))
    return lines
