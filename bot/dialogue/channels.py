"""How each channel names commands and what it can show: the only per-channel facts the
dialogue needs. A new channel is one more entry here and an adapter under bot/channels."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ChannelStyle:
    name: str  # the channel users are keyed by
    prefix: str  # what comes before a command name: "/" -> "/next", "/drill " -> "/drill next"
    buttons: bool  # shows buttons; without them the dialogue offers typed commands instead
    annotates_pressed: bool = False  # a rating is noted on the pressed message, not sent anew
    welcome_on_first_contact: bool = False  # no /start: the first command also welcomes
    advance_after_rating: bool = False  # the next question follows a rating at once
    begin: str = "start"  # the command that begins again after `forget`
    keys: str | None = None  # catalogue key of the help line about keys and typed ratings
    pushes: bool = True  # sends the daily question (the console never does)

    def command(self, name: str) -> str:
        return f"{self.prefix}{name}"


TELEGRAM = ChannelStyle("telegram", "/", buttons=True, keys="keys_telegram")
SLACK = ChannelStyle(
    "slack", "/drill ", buttons=True, annotates_pressed=True, welcome_on_first_contact=True,
    begin="next",
)  # fmt: skip
CONSOLE = ChannelStyle(
    "console",
    "",
    buttons=False,
    advance_after_rating=True,
    begin="next",
    keys="keys_console",
    pushes=False,
)
