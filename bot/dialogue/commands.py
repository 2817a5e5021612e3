"""Command specs and how a channel lists them (help, Telegram's menu). The table itself is
in table.py; each command is named once and shown with each channel's prefix."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from bot.dialogue.channels import ChannelStyle
from bot.dialogue.replies import Reply
from bot.dialogue.turn import Turn
from bot.render.messages import t

CommandFlow = Callable[[Turn, str], Awaitable[list[Reply]]]


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str
    flow: CommandFlow | None  # None: the channel itself handles it (the console's quit)
    usage: str = ""  # the arguments as help shows them, e.g. "HH:MM"
    aliases: tuple[str, ...] = ()
    channels: frozenset[str] | None = None  # None: every channel
    push: bool = False  # a daily-push setting: understood everywhere, listed where it pushes

    def on(self, style: ChannelStyle) -> bool:
        return self.channels is None or style.name in self.channels

    def listed(self, style: ChannelStyle) -> bool:
        """Shown in help and menus on `style`."""
        return self.on(style) and (style.pushes or not self.push)

    def usage_on(self, style: ChannelStyle) -> str:
        return f"{style.command(self.name)} {self.usage}".strip()

    def description(self, style: ChannelStyle, lang: str | None) -> str:
        return t(f"cmd_{self.name}", lang, command=style.command(self.name))


def find(commands: Sequence[CommandSpec], name: str, style: ChannelStyle) -> CommandSpec | None:
    name = name.lower()
    return next(
        (c for c in commands if c.on(style) and (name == c.name or name in c.aliases)), None
    )


def menu(
    commands: Sequence[CommandSpec], style: ChannelStyle, lang: str | None
) -> list[tuple[str, str]]:
    """(name, description) of every command on `style`, in help order."""
    return [(c.name, c.description(style, lang)) for c in commands if c.listed(style)]


def commands_md(commands: Sequence[CommandSpec], style: ChannelStyle, lang: str | None) -> str:
    """The command list as Markdown, for start and help."""
    lines = [
        f"- {c.usage_on(style)} — {c.description(style, lang)}" for c in commands if c.listed(style)
    ]
    keys = [t(style.keys, lang), ""] if style.keys else []
    return "\n".join([t("help_title", lang), "", *keys, *lines])
