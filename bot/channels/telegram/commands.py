"""The command menu, registered with setMyCommands in English and Chinese."""

from __future__ import annotations

from telegram import Bot, BotCommand

from bot.render.messages import lang_of, t

# (command, English description, Chinese description), in menu order.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("next", "A question now", "现在来一道题"),
    ("answer", "Reveal the reference answer", "查看参考答案"),
    ("stats", "Your progress", "学习进度"),
    ("time", "Daily push time: /time 08:30", "每日推送时间：/time 08:30"),
    ("tz", "Timezone: /tz Europe/Berlin", "时区：/tz Asia/Shanghai"),
    ("pause", "Pause the daily question", "暂停每日推送"),
    ("resume", "Resume the daily question", "恢复每日推送"),
    ("topics", "Choose topics", "选择主题"),
    ("search", "Find questions: /search WORDS", "搜索题目：/search 关键词"),
    ("forget", "Delete all my data", "删除我的全部数据"),
    ("help", "What I can do", "使用帮助"),
    ("start", "Start, and show the schedule", "开始并查看推送时间"),
)


def bot_commands(lang: str) -> list[BotCommand]:
    zh = lang_of(lang) == "zh"
    return [BotCommand(name, zh_text if zh else en_text) for name, en_text, zh_text in COMMANDS]


def commands_md(lang: str) -> str:
    """The command list as Markdown, for /start and /help."""
    lines = [f"- /{command.command} — {command.description}" for command in bot_commands(lang)]
    return t("help_title", lang) + "\n\n" + "\n".join(lines)


async def register_commands(bot: Bot) -> None:
    """English for everyone, Chinese for Telegram clients set to Chinese."""
    await bot.set_my_commands(bot_commands("en"))
    await bot.set_my_commands(bot_commands("zh"), language_code="zh")
