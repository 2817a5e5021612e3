"""The one slash command, /drill, and its subcommands as the help lists them."""

from __future__ import annotations

from bot.render.messages import lang_of, t

SLASH_COMMAND = "/drill"

# (usage, English description, Chinese description), in help order.
SUBCOMMANDS: tuple[tuple[str, str, str], ...] = (
    ("next", "A question now", "现在来一道题"),
    ("answer", "Reveal the reference answer", "查看参考答案"),
    ("stats", "Your progress, with a chart", "学习进度和图表"),
    (
        "time HH:MM",
        "Daily question time, e.g. /drill time 08:30",
        "每日推送时间，例如 /drill time 08:30",
    ),
    (
        "tz Area/City",
        "Timezone, e.g. /drill tz Europe/Berlin",
        "时区，例如 /drill tz Asia/Shanghai",
    ),
    ("pause", "Pause the daily question", "暂停每日推送"),
    ("resume", "Resume the daily question", "恢复每日推送"),
    ("topics", "Choose topics", "选择主题"),
    ("search WORDS", "Find questions", "搜索题目"),
    ("forget", "Delete all my data", "删除我的全部数据"),
    ("help", "What I can do", "使用帮助"),
)


def split_command(text: str) -> tuple[str, str]:
    """ "time 08:30" -> ("time", "08:30"); the subcommand is case-insensitive."""
    head, _, rest = (text or "").strip().partition(" ")
    return head.lower(), rest.strip()


def commands_md(lang: str) -> str:
    zh = lang_of(lang) == "zh"
    lines = [
        f"- `{SLASH_COMMAND} {usage}` — {zh_text if zh else en_text}"
        for usage, en_text, zh_text in SUBCOMMANDS
    ]
    return t("help_title", lang) + "\n\n" + "\n".join(lines)
