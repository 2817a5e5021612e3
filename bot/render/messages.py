"""The catalogue of what the bot says, in English and Chinese, and the Markdown composed from it.

Every channel (Telegram, Slack, the console) words its replies from these texts; command names
are parameters filled in by the dialogue, so each channel names its own commands.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.models import (
    NothingDue,
    Question,
    QuestionCard,
    Rating,
    RatingResult,
    Stats,
    User,
)
from bot.domain.push_time import local_today
from bot.render.team_texts import TEAM_STRINGS

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "btn_show_answer": "Show answer",
        "btn_again": "Again",
        "btn_hard": "Hard",
        "btn_good": "Good",
        "btn_easy": "Easy",
        "btn_practise": "Practise",
        "btn_more": "One more",
        "btn_confirm_forget": "Yes, delete everything",
        "btn_cancel": "Cancel",
        "btn_all_topics": "All topics",
        "new": "New",
        "review": "Review",
        "again_today": "Again today",
        "no_answer": "_The notes give no reference answer for this question. "
        "Answer it yourself, then rate how well you did._",
        "key_points": "Key points",
        "reference_answer": "Reference answer",
        "rate_prompt": "How well did you know it? 1 Again · 2 Hard · 3 Good · 4 Easy",
        "rated": "{rating} — back {when}. Streak: {streak} day(s).",
        "already_rated": "Already rated {rating}.",
        "nothing_due": "Nothing is due right now — {reviewed} reviewed today.",
        "nothing_due_next": "Next review: {when}.",
        "nothing_due_more": "Want to keep going? Ask for one more.",
        "forgotten": "All your data is deleted. Send {start} to begin again.",
        "forget_confirm": "Delete all your progress, reviews and settings? This cannot be undone.",
        "forget_cancelled": "Nothing was deleted.",
        "paused": "Daily questions paused. Resume any time.",
        "resumed": "Daily questions resumed: next one {when}.",
        "time_set": "Daily question at {time} ({tz}); next one {when}.",
        "tz_set": "Timezone set to {tz}; next question {when}.",
        "time_show": "Your daily question comes at {time} ({tz}).",
        "tz_show": "Your timezone is {tz}.",
        "search_none": "No question matches “{words}”.",
        "search_results": "Questions matching “{words}”:",
        "search_usage": "Tell me what to look for, e.g. {search} GRPO.",
        "topics_prompt": "Choose the topics you want to practise (tap to switch on/off):",
        "topics_all": "You practise every topic.",
        "topics_some": "You practise: {topics}.",
        "access_denied": "Sorry, this bot is private. Ask its owner to add your user id ({id}).",
        "stale_button": "This button belongs to an older question.",
        "removed_question": "This question is no longer in the question set.",
        "unknown_input": "Reply 1–4 to rate the current question, or send {help} for the commands.",
        "something_wrong": "Something went wrong on my side. Please try again in a moment.",
        "today": "today",
        "tomorrow": "tomorrow",
        "in_days": "in {n} days ({date})",
        "on_date": "on {date}",
        "schedule": "Daily question at **{time}** ({tz}){paused}.",
        "schedule_paused": ", paused",
        "welcome": "**Welcome to drillbot!** Every day I ask you one interview question from "
        "the notes. Think it through, reveal the reference answer, then rate yourself: "
        "questions you find hard come back sooner.",
        "welcome_back": "**Welcome back!**",
        "help_title": "**Commands**",
        "stats_empty": "No reviews yet — answer your first question and your progress "
        "shows up here. Every expert was once a beginner!",
        "stats_title": "**Your progress**",
        "stats_streak": "Streak: **{current}** day(s) (best {best})",
        "stats_reviews": "Reviewed today: {today} · this week: {week} · total: {total}",
        "stats_retention": "Retention (30 days): {retention}",
        "stats_due": "Due today: {today} · tomorrow: {tomorrow}",
        "stats_seen": "Questions seen: {seen} of {total}",
        "stats_topics": "**Mastery by topic**",
        "stats_weakest": "**Weakest questions**",
        "n_a": "n/a",
        "slack_sent_to_dm": "Sent to our direct messages.",
        "answer_below": "Answer below.",
        "slack_missed": "Yesterday's question is still unrated: {question}",
        "slack_home_title": "drillbot",
        "slack_home_chart": "Progress chart ({date})",
        "slack_home_chart_link": "[Open the chart]({url})",
        "slack_home_hint": "Use /drill stats for the chart in our messages, /drill help for every command.",
        "slack_chart_title": "Progress chart",
        "err_unknown_user": "You are not registered yet: send {start} first.",
        "err_no_current": "There is no open question: ask for one with {next}.",
        "err_unknown_question": "No such question.",
        "err_invalid_rating": "Rate with 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy).",
        "err_push_time": "Send the time as HH:MM in 24-hour format, for example 08:30.",
        "err_timezone": "Unknown timezone '{value}': use an IANA name such as Asia/Shanghai or"
        " Europe/Berlin.",
        "err_topics": "Unknown topic: {value}.",
        "next_hint": "Send {next} for today's.",
        "unknown_command": "Unknown command '{command}'.",
        "typed_more": "Type *{more}* for one more, *{stats}* for progress.",
        "typed_practise": "Type *{practise} ID* to practise one.",
        "typed_topics": "Type *{topics} ID ...* to choose, *{topics} all* for every topic.",
        "typed_confirm": "Type *yes* to confirm.",
        "chart_saved": "Chart saved to {path}",
        "prompt_asked": "[Enter] answer · 1-4 rate › ",
        "prompt_revealed": "Rate 1-4 › ",
        "prompt": "› ",
        "keys_console": "*Enter*: show the answer · *1*–*4*: rate (Again, Hard, Good, Easy)",
        "keys_telegram": "Reply 1–4 to rate the current question.",
        "cmd_start": "Start, and show the schedule",
        "cmd_next": "A question now",
        "cmd_more": "One more after today's are done",
        "cmd_answer": "Reveal the reference answer",
        "cmd_stats": "Your progress, with a chart",
        "cmd_time": "Daily question time, e.g. {command} 08:30",
        "cmd_tz": "Timezone, e.g. {command} Europe/Berlin",
        "cmd_pause": "Pause the daily question",
        "cmd_resume": "Resume the daily question",
        "cmd_topics": "Choose topics",
        "cmd_search": "Find questions",
        "cmd_practise": "Practise one question by its id",
        "cmd_forget": "Delete all my data",
        "cmd_help": "What I can do",
        "cmd_quit": "End the session",
        "missed": "You didn't answer yesterday's question: “{question}”",
    },
    "zh": {
        "btn_show_answer": "显示答案",
        "btn_again": "忘了",
        "btn_hard": "困难",
        "btn_good": "良好",
        "btn_easy": "简单",
        "btn_practise": "练习",
        "btn_more": "再来一题",
        "btn_confirm_forget": "确认删除全部数据",
        "btn_cancel": "取消",
        "btn_all_topics": "全部主题",
        "new": "新题",
        "review": "复习",
        "again_today": "今天再练",
        "no_answer": "_笔记里没有这道题的参考答案。先自己作答，再给自己打分。_",
        "key_points": "要点",
        "reference_answer": "参考答案",
        "rate_prompt": "掌握得怎么样？1 忘了 · 2 困难 · 3 良好 · 4 简单",
        "rated": "{rating}——{when}再复习。连续打卡 {streak} 天。",
        "already_rated": "这道题已经评过分：{rating}。",
        "nothing_due": "现在没有待复习的题目，今天已复习 {reviewed} 题。",
        "nothing_due_next": "下次复习：{when}。",
        "nothing_due_more": "还想继续？可以再来一题。",
        "forgotten": "你的所有数据已删除。发送 {start} 重新开始。",
        "forget_confirm": "确定删除你的全部进度、复习记录和设置吗？此操作无法撤销。",
        "forget_cancelled": "没有删除任何数据。",
        "paused": "每日推送已暂停，随时可以恢复。",
        "resumed": "每日推送已恢复：下一题在{when}。",
        "time_set": "每日推送时间 {time}（{tz}）；下一题在{when}。",
        "tz_set": "时区已设为 {tz}；下一题在{when}。",
        "time_show": "每日推送时间：{time}（{tz}）。",
        "tz_show": "你的时区：{tz}。",
        "search_none": "没有找到与“{words}”相关的题目。",
        "search_results": "与“{words}”相关的题目：",
        "search_usage": "请告诉我要找什么，例如 {search} GRPO。",
        "topics_prompt": "选择要练习的主题（点击切换）：",
        "topics_all": "你在练习全部主题。",
        "topics_some": "你在练习：{topics}。",
        "access_denied": "抱歉，这是私人机器人。请联系管理员把你的用户 ID（{id}）加入名单。",
        "stale_button": "这个按钮属于之前的题目。",
        "removed_question": "这道题已不在题库中。",
        "unknown_input": "回复 1–4 给当前题目打分，或发送 {help} 查看命令。",
        "something_wrong": "出了点问题，请稍后再试。",
        "today": "今天",
        "tomorrow": "明天",
        "in_days": "{n} 天后（{date}）",
        "on_date": "{date}",
        "schedule": "每日推送：**{time}**（{tz}）{paused}。",
        "schedule_paused": "，已暂停",
        "welcome": "**欢迎使用 drillbot！** 我每天从笔记里问你一道面试题。先思考，再查看参考答案，"
        "然后给自己打分：觉得难的题会更快再出现。",
        "welcome_back": "**欢迎回来！**",
        "help_title": "**命令**",
        "stats_empty": "还没有复习记录——回答第一道题后，这里就会显示你的进度。每个专家都是从新手开始的！",
        "stats_title": "**学习进度**",
        "stats_streak": "连续打卡：**{current}** 天（最长 {best} 天）",
        "stats_reviews": "今天复习：{today} · 本周：{week} · 累计：{total}",
        "stats_retention": "30 天记忆保持率：{retention}",
        "stats_due": "今天待复习：{today} · 明天：{tomorrow}",
        "stats_seen": "已学题目：{seen} / {total}",
        "stats_topics": "**各主题掌握度**",
        "stats_weakest": "**最薄弱的题目**",
        "n_a": "暂无",
        "slack_sent_to_dm": "已发送到私信。",
        "answer_below": "答案见下方。",
        "slack_missed": "昨天的题目还没有评分：{question}",
        "slack_home_title": "drillbot",
        "slack_home_chart": "学习进度图（{date}）",
        "slack_home_chart_link": "[打开进度图]({url})",
        "slack_home_hint": "用 /drill stats 在私信里查看进度图，用 /drill help 查看全部命令。",
        "slack_chart_title": "学习进度图",
        "err_unknown_user": "你还没有注册：请先发送 {start}。",
        "err_no_current": "现在没有进行中的题目：用 {next} 获取一道。",
        "err_unknown_question": "没有这道题。",
        "err_invalid_rating": "请用 1（忘了）、2（困难）、3（良好）或 4（简单）打分。",
        "err_push_time": "请用 24 小时制 HH:MM 格式发送时间，例如 08:30。",
        "err_timezone": "未知时区“{value}”：请使用 IANA 名称，例如 Asia/Shanghai 或 Europe/Berlin。",
        "err_topics": "未知主题：{value}。",
        "next_hint": "用 {next} 获取今天的题目。",
        "unknown_command": "未知命令“{command}”。",
        "typed_more": "输入 *{more}* 再来一题，输入 *{stats}* 查看进度。",
        "typed_practise": "输入 *{practise} ID* 练习其中一题。",
        "typed_topics": "输入 *{topics} ID ...* 选择主题，*{topics} all* 选择全部主题。",
        "typed_confirm": "输入 *yes* 确认。",
        "chart_saved": "进度图已保存到 {path}",
        "prompt_asked": "[回车] 答案 · 1-4 打分 › ",
        "prompt_revealed": "打分 1-4 › ",
        "prompt": "› ",
        "keys_console": "*回车*：显示答案 · *1*–*4*：打分（忘了、困难、良好、简单）",
        "keys_telegram": "回复 1–4 给当前题目打分。",
        "cmd_start": "开始并查看推送时间",
        "cmd_next": "现在来一道题",
        "cmd_more": "今天的题做完后再来一题",
        "cmd_answer": "查看参考答案",
        "cmd_stats": "学习进度和图表",
        "cmd_time": "每日推送时间，例如 {command} 08:30",
        "cmd_tz": "时区，例如 {command} Asia/Shanghai",
        "cmd_pause": "暂停每日推送",
        "cmd_resume": "恢复每日推送",
        "cmd_topics": "选择主题",
        "cmd_search": "搜索题目",
        "cmd_practise": "按 ID 练习一道题",
        "cmd_forget": "删除我的全部数据",
        "cmd_help": "使用帮助",
        "cmd_quit": "结束会话",
        "missed": "你还没有回答昨天的题目：“{question}”",
    },
}

for _lang, _texts in TEAM_STRINGS.items():  # team practice keeps its texts in their own file
    assert not STRINGS[_lang].keys() & _texts.keys(), "a team text would replace another"
    STRINGS[_lang].update(_texts)

RATING_KEYS = {
    Rating.AGAIN: "btn_again",
    Rating.HARD: "btn_hard",
    Rating.GOOD: "btn_good",
    Rating.EASY: "btn_easy",
}
BAR_WIDTH = 10
MISSED_EXCERPT = 80


def lang_of(code: str | None) -> str:
    """Chinese for zh* language codes, English otherwise."""
    return "zh" if code and code.lower().startswith("zh") else "en"


def t(key: str, lang: str | None, **params: object) -> str:
    table = STRINGS[lang_of(lang)]
    return (table.get(key) or STRINGS["en"][key]).format(**params)


def rating_label(rating: Rating | int, lang: str | None) -> str:
    return t(RATING_KEYS[Rating(int(rating))], lang)


def when_text(instant: datetime, user: User, now: datetime, lang: str | None) -> str:
    """'today' / 'tomorrow' / 'in 3 days (Mar 05)', counted in the user's calendar days."""
    zone = ZoneInfo(user.timezone)
    local = instant.astimezone(zone)
    days = (local.date() - local_today(now, user.timezone)).days
    if days <= 0:
        return t("today", lang) + f" {local:%H:%M}"
    if days == 1:
        return t("tomorrow", lang) + f" {local:%H:%M}"
    stamp = f"{local.month}月{local.day}日" if lang_of(lang) == "zh" else f"{local:%b %d}"
    return t("in_days", lang, n=days, date=stamp)


def question_md(card: QuestionCard, lang: str | None) -> str:
    q = card.question
    kind = "again_today" if card.repeated else ("new" if card.is_new else "review")
    topic = card.topic.label(lang) if card.topic else q.topic
    return f"**{t(kind, lang)}** · {topic}\n\n{q.question}"


def missed_md(question: Question, lang: str | None) -> str:
    """One line above the daily question: yesterday's was never rated (it may be asked again)."""
    return t("missed", lang, question=excerpt(question.question))


def excerpt(text: str, limit: int = MISSED_EXCERPT) -> str:
    """The first line of `text`, cut at a word boundary to about `limit` characters."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0] if " " in line[:limit] else line[:limit]
    return cut.rstrip(" ,;:") + "…"


def rating_md(result: RatingResult, user: User, now: datetime, lang: str | None) -> str:
    return t(
        "rated",
        lang,
        rating=rating_label(result.rating, lang),
        when=when_text(result.next_due, user, now, lang),
        streak=result.streak,
    )


def nothing_due_md(nothing: NothingDue, user: User, now: datetime, lang: str | None) -> str:
    lines = [t("nothing_due", lang, reviewed=nothing.reviewed_today)]
    if nothing.next_due is not None:
        lines.append(t("nothing_due_next", lang, when=when_text(nothing.next_due, user, now, lang)))
    if nothing.can_practise_more:
        lines.append(t("nothing_due_more", lang))
    return "\n\n".join(lines)


def schedule_md(user: User, lang: str | None) -> str:
    paused = t("schedule_paused", lang) if user.paused else ""
    return t("schedule", lang, time=user.push_time, tz=user.timezone, paused=paused)


def welcome_md(user: User, lang: str | None, commands: str, returning: bool = False) -> str:
    head = t("welcome_back", lang) if returning else t("welcome", lang)
    return f"{head}\n\n{schedule_md(user, lang)}\n\n{commands}"


def stats_md(stats: Stats, lang: str | None) -> str:
    """The text half of /stats: figures identical to the chart's (same Stats object)."""
    if stats.is_empty:
        return t("stats_empty", lang)
    retention = f"{stats.retention_30d:.0%}" if stats.retention_30d is not None else t("n_a", lang)
    lines = [
        t("stats_title", lang),
        "",
        t("stats_streak", lang, current=stats.current_streak, best=stats.best_streak),
        t(
            "stats_reviews",
            lang,
            today=stats.reviewed_today,
            week=stats.reviewed_this_week,
            total=stats.total_reviews,
        ),
        t("stats_retention", lang, retention=retention),
        t("stats_due", lang, today=stats.due_today, tomorrow=stats.due_tomorrow),
        t("stats_seen", lang, seen=stats.seen_questions, total=stats.total_questions),
        "",
        t("stats_topics", lang),
        "",
    ]
    for topic in stats.topics:
        lines.append(
            f"- `{mastery_bar(topic.mastery)}` {topic.mastery:.0%} {topic.topic.label(lang)}"
            f" ({topic.mastered}/{topic.questions})"
        )
    if stats.weakest:
        lines += ["", t("stats_weakest", lang), ""]
        for i, weak in enumerate(stats.weakest, 1):
            lines.append(f"{i}. {weak.question.question} ({weak.retrievability:.0%})")
    return "\n".join(lines)


def mastery_bar(share: float, width: int = BAR_WIDTH) -> str:
    filled = round(max(0.0, min(1.0, share)) * width)
    return "█" * filled + "░" * (width - filled)


def settings_md(user: User, lang: str | None, topic_labels: list[str] | None = None) -> str:
    lines = [schedule_md(user, lang)]
    if topic_labels:
        lines.append(t("topics_some", lang, topics=", ".join(topic_labels)))
    else:
        lines.append(t("topics_all", lang))
    return "\n\n".join(lines)
