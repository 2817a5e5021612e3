"""The one slash command, /drill: its text split into the dialogue's command and arguments."""

from __future__ import annotations

from bot.dialogue import Command

SLASH_COMMAND = "/drill"


def split_command(text: str) -> Command:
    """ "time 08:30" -> Command("time", "08:30"); the subcommand is case-insensitive, and a
    bare /drill asks for help."""
    head, _, rest = (text or "").strip().partition(" ")
    return Command(head.lower() or "help", rest.strip())
