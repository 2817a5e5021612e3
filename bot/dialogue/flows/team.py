"""Team practice in a group chat or channel: `team ...` settings (the group's admins only),
`team hide` and `team only` (every member), and answering the team question privately."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.dialogue import actions
from bot.dialogue.cards import answer_message
from bot.dialogue.flows.common import known_question
from bot.dialogue.replies import QUESTION, Button, Message, Reply, Toast
from bot.dialogue.team_cards import team_time, weekday_name
from bot.dialogue.turn import Turn
from bot.domain.errors import NotTeamAdmin, StaleQuestion
from bot.domain.team_models import Team
from bot.render.cards import question_card_md
from bot.render.messages import t

ADMIN_ONLY = ("time", "tz", "topics", "board", "pause", "resume", "off")
OFF = ("off", "no", "0")
START_LINK = re.compile(r"^team-(\d+)-(.+)$")  # /start team-<id>-<question> (a deep link)


async def team(turn: Turn, args: str) -> list[Reply]:
    sub, _, rest = args.strip().partition(" ")
    sub, rest = sub.lower(), rest.strip()
    if sub in ("hide", "only"):
        return await _member_flag(turn, sub, rest.lower() not in OFF)
    if turn.group is None:
        if sub in ADMIN_ONLY:
            return [_private(turn.t("team_in_group", team=turn.cmd("team"), sub=sub))]
        return [_private(await _my_teams(turn))]
    here = await _here(turn)
    if not sub:
        return [_private(settings_md(turn, here))]
    if sub not in ADMIN_ONLY:
        return [_private(turn.t("team_usage", team=turn.cmd("team")))]
    if not await turn.group.is_admin():
        raise NotTeamAdmin()
    return [_private(await _configure(turn, here, sub, rest))]


async def _configure(turn: Turn, here: Team, sub: str, rest: str) -> str:
    teams, cmd = turn.service.teams, turn.cmd("team")
    match sub:
        case "time" if rest:
            team = await teams.set_push_time(here.id, rest)
            return turn.t("team_time_set", time=team.push_time, tz=team.timezone, next=_next(team))
        case "tz" if rest:
            team = await teams.set_timezone(here.id, rest)
            return turn.t("team_tz_set", tz=team.timezone, next=_next(team))
        case "board" if rest:
            day, _, hhmm = rest.partition(" ")
            team = await teams.set_board(here.id, day, hhmm)
            day_name = weekday_name(team.board_weekday, turn.lang)
            return turn.t("team_board_set", day=day_name, board=team.board_time, tz=team.timezone)
        case "topics" if rest:
            chosen = None if rest.lower() == "all" else rest.replace(",", " ").split()
            team = await teams.set_topics(here.id, chosen)
            return turn.t("team_topics_set", topics=_topics(turn, team))
        case "topics":
            listed = ", ".join(f"`{topic.id}` {topic.label(turn.lang)} ({n})"
                               for topic, n in turn.service.topic_counts())  # fmt: skip
            return turn.t("team_topics_list", topics=listed, team=cmd)
        case "pause":
            await teams.set_paused(here.id, True)
            return turn.t("team_paused", team=cmd)
        case "resume":
            team = await teams.set_paused(here.id, False)
            return turn.t("team_resumed", next=_next(team))
        case "off":
            await teams.deactivate(here.id)
            return turn.t("team_off", team=cmd)
    return settings_md(turn, here)


async def _member_flag(turn: Turn, sub: str, on: bool) -> list[Reply]:
    """`hide` / `only`, for this group's team (joining it) or, in private, for every team."""
    team_id = (await _here(turn)).id if turn.group is not None else None
    flag = "hidden" if sub == "hide" else "team_only"
    changed = await turn.service.teams.set_member_flag(turn.user.id, team_id, **{flag: on})
    if not changed:
        return [_private(turn.t("team_none"))]
    keys = {("hide", True): "team_hidden", ("hide", False): "team_shown",
            ("only", True): "team_only_on", ("only", False): "team_only_off"}  # fmt: skip
    return [_private(turn.t(keys[sub, on]))]


async def _here(turn: Turn) -> Team:
    """The team of the group the command was typed in (one the bot joined before teams
    existed is registered now; one turned off stays off)."""
    assert turn.group is not None
    group = turn.group
    team, _created = await turn.service.teams.register(
        turn.style.name, group.chat_id, title=group.title, wake=False
    )
    return team


def settings_md(turn: Turn, team: Team) -> str:
    return turn.t(
        "team_settings",
        time=team.push_time,
        tz=team.timezone,
        paused=turn.t("team_paused_mark") if team.paused or not team.active else "",
        day=weekday_name(team.board_weekday, turn.lang),
        board=team.board_time,
        topics=_topics(turn, team),
        next=_next(team),
    )


def welcome_md(team: Team, lang: str, command: str) -> str:
    """What the group reads when the bot is added."""
    return t(
        "team_welcome",
        lang,
        title=team.title or "",
        time=team.push_time,
        tz=team.timezone,
        day=weekday_name(team.board_weekday, lang),
        board=team.board_time,
        team=command,
    )


async def _my_teams(turn: Turn) -> str:
    teams = [t for t in await turn.service.teams.teams_of(turn.user.id) if t.active]
    if not teams:
        return turn.t("team_none")
    return turn.t("team_yours", teams=", ".join(t.title or t.chat_id for t in teams))


def _topics(turn: Turn, team: Team) -> str:
    if not team.topics:
        return turn.t("all_topics")
    known = turn.service.corpus.topics
    return ", ".join(known[t].label(turn.lang) if t in known else t for t in team.topics)


def _next(team: Team) -> str:
    return team_time(team.next_push_at, team)


def _private(md: str) -> Message:
    return Message(md, private=True)


# ---------------------------------------------------------------- answering privately


async def start_link(turn: Turn, args: str) -> list[Reply] | None:
    """`start team-<id>-<question>` (a deep link from the group): the team question, privately.
    None when `args` is no team link."""
    match = START_LINK.match(args.strip())
    if match is None:
        return None
    return await _ask(turn, int(match.group(1)), match.group(2))


async def press_answer(turn: Turn, payload: str) -> list[Reply]:
    team_id, question_id = _parsed(payload)
    return [Toast(turn.t("team_sent_privately")), *await _ask(turn, team_id, question_id)]


async def press_reveal(turn: Turn, payload: str) -> list[Reply]:
    """The answer, privately: the member joins, and the question counts as asked to them."""
    team_id, question_id = _parsed(payload)
    question_id = known_question(turn, question_id)
    await turn.service.teams.answer_privately(team_id, turn.user.id, question_id)
    card = await turn.service.reveal(turn.user.id, question_id)
    reveal = answer_message(card, turn.lang)
    return [Toast(turn.t("team_sent_privately")), replace(reveal, private=True)]


async def _ask(turn: Turn, team_id: int, question_id: str) -> list[Reply]:
    """The team question as the member's own, its "Show answer" kept private (Slack:
    ephemeral) by carrying the team."""
    question_id = known_question(turn, question_id)
    card = await turn.service.teams.answer_privately(team_id, turn.user.id, question_id)
    payload = actions.team_payload(team_id, question_id)
    button = Button(turn.t("btn_show_answer"), actions.TEAM_REVEAL, payload, "primary")
    return [Message(question_card_md(card, turn.lang), ((button,),), True, QUESTION)]


def _parsed(payload: str) -> tuple[int, str]:
    parsed = actions.parse_team_payload(payload)
    if parsed is None:
        raise StaleQuestion(removed=False)
    return parsed
