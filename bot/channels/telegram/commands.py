"""The command menu, registered with setMyCommands in English and Chinese, from the dialogue's
command table."""

from __future__ import annotations

from telegram import Bot, BotCommand

from bot.dialogue import TELEGRAM
from bot.dialogue.commands import menu
from bot.dialogue.table import COMMANDS


def bot_commands(lang: str) -> list[BotCommand]:
    return [BotCommand(name, text) for name, text in menu(COMMANDS, TELEGRAM, lang)]


async def register_commands(bot: Bot) -> None:
    """English for everyone, Chinese for Telegram clients set to Chinese."""
    await bot.set_my_commands(bot_commands("en"))
    await bot.set_my_commands(bot_commands("zh"), language_code="zh")
