"""The actions buttons carry, with the payload each expects. Channels encode them in their own
formats (Telegram callback_data, Slack action_id + value) and decode presses back to these."""

from __future__ import annotations

SHOW_ANSWER = "show_answer"  # payload: question id
RATE = "rate"  # payload: "<1-4>:<question id>"
PRACTISE = "practise"  # payload: question id
MORE = "more"  # no payload
TOPIC = "topic"  # payload: topic id
ALL_TOPICS = "all_topics"  # no payload
FORGET_YES = "forget_yes"  # no payload
FORGET_NO = "forget_no"  # no payload
KEEP_OWN = "keep_own"  # payload: question id
INTERVIEW_OUTCOME = "outcome"  # payload: how the interview went (good, mixed, bad)


def rate_payload(rating: int, question_id: str) -> str:
    return f"{rating}:{question_id}"


def parse_rate_payload(payload: str) -> tuple[str, str]:
    """ "3:<question id>" -> ("3", "<question id>"); the rating is checked by the engine."""
    rating, _, question_id = payload.partition(":")
    return rating, question_id


TEAM_ANSWER = "team_answer"  # payload: "<team id>:<question id>" (answer privately)
TEAM_REVEAL = "team_reveal"  # payload: "<team id>:<question id>" (show the answer privately)


def team_payload(team_id: int, question_id: str) -> str:
    return f"{team_id}:{question_id}"


def parse_team_payload(payload: str) -> tuple[int, str] | None:
    team, _, question_id = payload.partition(":")
    return (int(team), question_id) if team.isdigit() and question_id else None
