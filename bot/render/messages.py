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
        "still_open": "Still open",
        "still_open_hint": "_You haven't rated this one yet. Rate it when you're ready, or send"
        " {skip} to move on._",
        "open_question": "_Open question: no reference in your notes. Answer it yourself, then"
        " rate how well you did._",
        "skipped": "Skipped: “{question}”. It comes back another day.",
        "open_on": "Open questions (no reference in your notes) are on: they come after the"
        " answered ones. Send {command} off to stop them.",
        "open_off": "Open questions (no reference in your notes) are off: you only get questions"
        " with an answer or key points. Send {command} on to allow them.",
        "open_usage": "Send {command} on or {command} off.",
        "no_push_here": "The terminal sends no daily questions: they come on Telegram or Slack,"
        " where you set their time. Here you practise whenever you like.",
        "practice_day": "Your practice day follows **{tz}**.",
        "tz_set_here": "Timezone set to {tz}: your practice day follows it.",
        "private_only": "I practise with each of you in a private chat: send me {command} there.",
        "no_answer": "_The notes give no reference answer for this question. "
        "Answer it yourself, then rate how well you did._",
        "key_points": "Key points",
        "reference_answer": "Reference answer",
        "rate_prompt": "How well did you know it? 1 Again · 2 Hard · 3 Good · 4 Easy",
        "rated": "{rating} — back {when}. Streak: {streak} {days}.",
        "day_one": "day",
        "day_other": "days",
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
        "stats_streak": "Streak: **{current}** {days} (best {best})",
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
        "keys_console": "*Enter*: show the answer · *1*–*4*: rate (Again, Hard, Good, Easy)"
        " · any other line: your answer, checked against the reference",
        "keys_telegram": "Reply 1–4 to rate the current question, or reply with your answer"
        " (typed or a voice message) to have it checked.",
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
        "cmd_skip": "Move past the open question without rating it",
        "cmd_open": "Questions without a reference answer: on or off",
        "missed": "You didn't answer yesterday's question: “{question}”",
        "cmd_myanswer": "Keep your own reference answer for the current question",
        "btn_keep_own": "Keep my answer as my reference",
        "btn_suggested": "★ {rating}",
        "grading": "grading…",
        "heard": "I heard: “{text}”",
        "verdict_title": "**Your answer**",
        "verdict_parts": "**Your answer** ({parts} messages together)",
        "verdict_covered": "✅ **Covered**",
        "verdict_missed": "❌ **Missed** (from the reference)",
        "verdict_suggested": "Suggested: **{rating}** — your own tap is the rating.",
        "verdict_own_reference": "_Graded against your own reference answer._",
        "verdict_cannot_grade": "This question has no reference answer or key points, so I "
        "cannot grade your answer. Keep it as your own reference? It is shown whenever you "
        "reveal this question.",
        "typed_verdict": "Type *1*–*4* to rate, or *{answer}* for the reference answer.",
        "typed_keep_own": "Type *{myanswer}* to keep your answer as your reference.",
        "own_saved": "Kept as your own reference answer; it is shown when you reveal this "
        "question.",
        "own_usage": "Answer the current question first, or write your reference answer: "
        "{myanswer} TEXT.",
        "own_answer": "**Your answer** (your own reference)",
        "voice_no_question": "Ask for a question first ({next}), then answer it by voice.",
        "stats_answers": "Answered before rating: {answered} · just revealed: {revealed}",
        "stats_agreement": "Your rating matched the suggestion: {agreed} of {compared} ({share})",
        "err_empty_answer": "Your answer is empty: type (or say) what you would answer.",
        "err_answer_too_long": "Your answer is longer than {limit} characters; please keep it to "
        "what you would say in an interview.",
        "err_nothing_to_keep": "There is no answer of yours to keep yet: answer the question "
        "first, or send {myanswer} TEXT.",
        "cmd_interview": "Interview date and the plan toward it, e.g. {command} 2027-01-20",
        "interview_none": "No interview date set. Send {interview} YYYY-MM-DD and I plan your"
        " practice toward it.",
        "interview_past": "Your interview on {date} has passed: the plan ended and normal"
        " scheduling goes on. Send {interview} YYYY-MM-DD for the next one.",
        "interview_head": "**Interview on {date}**: in {days} {unit}",
        "interview_head_today": "**Interview on {date}**: today. Good luck!",
        "interview_new": "New questions a day: {n} ({unseen} of {total} not seen yet)",
        "interview_planned": "Planned today: {n}",
        "interview_ready": "Ready on the day (recall ≥ {target}): {kept} if you keep to the plan"
        " · {stopped} if you stop today",
        "interview_feasible": "On track: every question is introduced in time.",
        "interview_infeasible": "⚠️ Not feasible: {unseen} new questions need {needed} a day,"
        " more than the {ceiling} a day I plan at most. Any one of these makes it feasible:",
        "interview_later": "a later date: {date} or after",
        "interview_drop": "{n} fewer questions: leave out {topics} ({topics_cmd})",
        "interview_more_per_day": "{needed} new questions a day (the bot's owner can raise"
        " interview_max_new_per_day)",
        "interview_personal": "Schedule: FSRS parameters fitted to your reviews",
        "interview_default": "Schedule: default FSRS parameters",
        "interview_hint": "{interview} off clears the date · {interview} target 95% sets the"
        " recall wanted on the day.",
        "interview_cleared": "Interview date cleared: normal scheduling goes on.",
        "interview_target_set": "Recall wanted on the day: {target}.",
        "interview_ask": "How did your interview on {date} go?",
        "interview_ask_typed": "Type *{interview} good*, *{interview} mixed* or *{interview} bad*.",
        "interview_noted": "Noted: your interview on {date} went {outcome}. Thanks! Practice goes"
        " on as usual.",
        "outcome_good": "well",
        "outcome_mixed": "so-so",
        "outcome_bad": "badly",
        "btn_outcome_good": "Well",
        "btn_outcome_mixed": "So-so",
        "btn_outcome_bad": "Badly",
        "daily_plan": "{n} due today for your interview in {days} {unit}.",
        "daily_plan_today": "Your interview is today. Good luck!",
        "stats_interview": "Interview on {date}: in {days} {unit} · planned today: {today}",
        "stats_interview_today": "Interview today ({date}). Good luck!",
        "err_interview_date": "'{value}' is not a date: send it as YYYY-MM-DD, for example"
        " {interview} {example}.",
        "err_interview_past": "{value} has passed (today is {today} where you are): send today"
        " or a later date.",
        "err_interview_far": "{value} is too far ahead: I plan up to a year, until {latest}.",
        "err_interview_target": "'{value}' is no target: send the recall wanted on the day"
        " between {low} and {high}, e.g. {interview} target 90%.",
        "err_interview_outcome": "Answer one of: {allowed}.",
        "err_interview_outcome_not_due": "There is no past interview to note: set a date with"
        " {interview} YYYY-MM-DD.",
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
        "still_open": "尚未完成",
        "still_open_hint": "_这道题还没有打分。准备好了就打分，或发送 {skip} 跳过。_",
        "open_question": "_开放题：笔记里没有参考答案。先自己作答，再给自己打分。_",
        "skipped": "已跳过：“{question}”。它会在以后再出现。",
        "open_on": "开放题（笔记里没有参考答案的题）已开启：排在有答案的题之后。发送 {command} off 关闭。",
        "open_off": "开放题（笔记里没有参考答案的题）已关闭：只出有答案或要点的题。发送 {command} on 开启。",
        "open_usage": "请发送 {command} on 或 {command} off。",
        "no_push_here": "终端不推送每日题目：每日题目在 Telegram 或 Slack 上推送，推送时间也在那里设置。"
        "在这里你可以随时练习。",
        "practice_day": "你的练习日按 **{tz}** 计算。",
        "tz_set_here": "时区已设为 {tz}：你的练习日按它计算。",
        "private_only": "我在私聊中和每个人单独练习：请在私聊里发送 {command}。",
        "no_answer": "_笔记里没有这道题的参考答案。先自己作答，再给自己打分。_",
        "key_points": "要点",
        "reference_answer": "参考答案",
        "rate_prompt": "掌握得怎么样？1 忘了 · 2 困难 · 3 良好 · 4 简单",
        "rated": "{rating}——{when}再复习。连续打卡 {streak} {days}。",
        "day_one": "天",
        "day_other": "天",
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
        "stats_streak": "连续打卡：**{current}** {days}（最长 {best} 天）",
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
        "keys_console": "*回车*：显示答案 · *1*–*4*：打分（忘了、困难、良好、简单）"
        " · 其他输入：你的回答，对照参考答案检查",
        "keys_telegram": "回复 1–4 给当前题目打分，或直接回复你的回答（文字或语音）进行检查。",
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
        "cmd_skip": "跳过当前题目，不打分",
        "cmd_open": "没有参考答案的题：开启或关闭",
        "missed": "你还没有回答昨天的题目：“{question}”",
        "cmd_myanswer": "保存你自己对当前题目的参考答案",
        "btn_keep_own": "把我的回答存为参考答案",
        "btn_suggested": "★ {rating}",
        "grading": "评分中…",
        "heard": "我听到的是：“{text}”",
        "verdict_title": "**你的回答**",
        "verdict_parts": "**你的回答**（共 {parts} 条消息）",
        "verdict_covered": "✅ **已答到**",
        "verdict_missed": "❌ **遗漏**（摘自参考答案）",
        "verdict_suggested": "建议评分：**{rating}** —— 以你自己点的为准。",
        "verdict_own_reference": "_按你自己保存的参考答案评分。_",
        "verdict_cannot_grade": "这道题没有参考答案和要点，无法评分。要把你的回答存为自己的参考答案吗？"
        "以后查看这道题的答案时会显示。",
        "typed_verdict": "输入 *1*–*4* 打分，输入 *{answer}* 查看参考答案。",
        "typed_keep_own": "输入 *{myanswer}* 把你的回答存为参考答案。",
        "own_saved": "已存为你自己的参考答案，查看这道题的答案时会显示。",
        "own_usage": "请先回答当前题目，或直接写下你的参考答案：{myanswer} 内容。",
        "own_answer": "**你的回答**（你自己的参考答案）",
        "voice_no_question": "请先获取一道题（{next}），再用语音作答。",
        "stats_answers": "先作答再打分：{answered} 次 · 直接看答案：{revealed} 次",
        "stats_agreement": "你的打分与建议一致：{agreed} / {compared}（{share}）",
        "err_empty_answer": "回答是空的：请输入（或说出）你的回答。",
        "err_answer_too_long": "回答超过 {limit} 个字符，请控制在面试中会说的长度。",
        "err_nothing_to_keep": "还没有可保存的回答：请先回答这道题，或发送 {myanswer} 内容。",
        "cmd_interview": "面试日期和备考计划，例如 {command} 2027-01-20",
        "interview_none": "还没有设置面试日期。发送 {interview} YYYY-MM-DD，我会按日期安排练习。",
        "interview_past": "你 {date} 的面试已经过去：计划已结束，恢复正常复习安排。"
        "发送 {interview} YYYY-MM-DD 设置下一次面试。",
        "interview_head": "**面试日期 {date}**：还有 {days} 天",
        "interview_head_today": "**面试日期 {date}**：就是今天，祝你顺利！",
        "interview_new": "每天新题：{n}（{total} 题中还有 {unseen} 题没学过）",
        "interview_planned": "今天计划：{n} 题",
        "interview_ready": "面试当天记忆概率 ≥ {target} 的题目：按计划练习 {kept} · 今天停止 {stopped}",
        "interview_feasible": "进度正常：所有题目都能按时学到。",
        "interview_infeasible": "⚠️ 计划无法完成：{unseen} 道新题每天需要学 {needed} 道，"
        "超过每天最多 {ceiling} 道。以下任意一项即可完成：",
        "interview_later": "推迟面试日期：{date} 或之后",
        "interview_drop": "减少 {n} 道题：去掉主题 {topics}（{topics_cmd}）",
        "interview_more_per_day": "每天学 {needed} 道新题（管理员可调高 interview_max_new_per_day）",
        "interview_personal": "复习安排：根据你的复习记录拟合的 FSRS 参数",
        "interview_default": "复习安排：默认 FSRS 参数",
        "interview_hint": "{interview} off 清除日期 · {interview} target 95% 设置面试当天的目标记忆概率。",
        "interview_cleared": "面试日期已清除：恢复正常复习安排。",
        "interview_target_set": "面试当天的目标记忆概率：{target}。",
        "interview_ask": "你 {date} 的面试怎么样？",
        "interview_ask_typed": "输入 *{interview} good*（顺利）、*{interview} mixed*（一般）或"
        " *{interview} bad*（不顺利）。",
        "interview_noted": "已记录：你 {date} 的面试{outcome}。谢谢！练习照常进行。",
        "outcome_good": "很顺利",
        "outcome_mixed": "一般",
        "outcome_bad": "不太顺利",
        "btn_outcome_good": "顺利",
        "btn_outcome_mixed": "一般",
        "btn_outcome_bad": "不顺利",
        "daily_plan": "距离面试还有 {days} 天，今天有 {n} 题要练。",
        "daily_plan_today": "今天就是面试日，祝你顺利！",
        "stats_interview": "面试日期 {date}：还有 {days} 天 · 今天计划 {today} 题",
        "stats_interview_today": "今天（{date}）就是面试日，祝你顺利！",
        "err_interview_date": "“{value}”不是日期：请用 YYYY-MM-DD 格式，例如 {interview} {example}。",
        "err_interview_past": "{value} 已经过去（你所在时区的今天是 {today}）：请发送今天或之后的日期。",
        "err_interview_far": "{value} 太远了：最多只能安排一年，到 {latest} 为止。",
        "err_interview_target": "“{value}”不是有效目标：请发送 {low} 到 {high} 之间的目标记忆概率，"
        "例如 {interview} target 90%。",
        "err_interview_outcome": "请选择：{allowed}。",
        "err_interview_outcome_not_due": "没有可以记录的面试：先用 {interview} YYYY-MM-DD 设置日期。",
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
    if card.resumed:
        kind = "still_open"
    else:
        kind = "again_today" if card.repeated else ("new" if card.is_new else "review")
    topic = card.topic.label(lang) if card.topic else q.topic
    md = f"**{t(kind, lang)}** · {topic}\n\n{q.question}"
    if not q.has_answer and not q.key_points:
        md += "\n\n" + t("open_question", lang)
    return md


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
        days=day_word(result.streak, lang),
    )


def day_word(n: int, lang: str | None) -> str:
    """'day' or 'days' as the number asks (Chinese has one form)."""
    return t("day_one" if n == 1 else "day_other", lang)


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


def schedule_or_day_md(user: User, lang: str | None, pushes: bool) -> str:
    """The daily push schedule, or on a channel that never pushes, where pushes come from and
    which timezone the user's practice day follows."""
    if pushes:
        return schedule_md(user, lang)
    return t("no_push_here", lang) + " " + t("practice_day", lang, tz=user.timezone)


def welcome_md(
    user: User, lang: str | None, commands: str, returning: bool = False, pushes: bool = True
) -> str:
    head = t("welcome_back", lang) if returning else t("welcome", lang)
    return f"{head}\n\n{schedule_or_day_md(user, lang, pushes)}\n\n{commands}"


def stats_md(stats: Stats, lang: str | None) -> str:
    """The text half of /stats: figures identical to the chart's (same Stats object)."""
    if stats.is_empty:
        return "\n\n".join([t("stats_empty", lang), *interview_stats_md(stats, lang)[:-1]])
    retention = f"{stats.retention_30d:.0%}" if stats.retention_30d is not None else t("n_a", lang)
    lines = [
        t("stats_title", lang),
        "",
        t(
            "stats_streak",
            lang,
            current=stats.current_streak,
            days=day_word(stats.current_streak, lang),
            best=stats.best_streak,
        ),
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
        *interview_stats_md(stats, lang),
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
        from bot.render.weakest import weak_figures  # it words its figures with this catalogue

        lines += ["", t("stats_weakest", lang), ""]
        for i, weak in enumerate(stats.weakest, 1):
            lines.append(f"{i}. {weak.question.question} — {weak_figures(weak, lang)}")
    return "\n".join(lines)


def percent(share: float) -> str:
    return f"{share:.0%}"


def ready_md(target: float, kept: float, stopped: float, lang: str | None) -> str:
    """The projected share of questions at the target recall on the interview day."""
    return t(
        "interview_ready",
        lang,
        target=percent(target),
        kept=percent(kept),
        stopped=percent(stopped),
    )


def interview_stats_md(stats: Stats, lang: str | None) -> list[str]:
    """The countdown, today's plan and the projection, and whose FSRS parameters schedule."""
    params = t("interview_personal" if stats.personal_parameters else "interview_default", lang)
    plan = stats.interview
    if plan is None:
        return [params]
    ready = ready_md(plan.target, plan.ready_if_kept, plan.ready_if_stopped, lang)
    countdown = t(
        "stats_interview" if plan.days_left else "stats_interview_today",
        lang,
        date=plan.day,
        days=plan.days_left,
        unit=day_word(plan.days_left, lang),
        today=plan.planned_today,
    )
    return [countdown, ready, params]


def mastery_bar(share: float, width: int = BAR_WIDTH) -> str:
    filled = round(max(0.0, min(1.0, share)) * width)
    return "█" * filled + "░" * (width - filled)


def settings_md(
    user: User, lang: str | None, topic_labels: list[str] | None = None, pushes: bool = True
) -> str:
    lines = [schedule_or_day_md(user, lang, pushes)]
    if topic_labels:
        lines.append(t("topics_some", lang, topics=", ".join(topic_labels)))
    else:
        lines.append(t("topics_all", lang))
    return "\n\n".join(lines)
