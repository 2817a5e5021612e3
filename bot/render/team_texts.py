"""What the bot says about teams, in English and Chinese (merged into messages.STRINGS)."""

from __future__ import annotations

TEAM_STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "btn_answer_privately": "Answer privately",
        "team_question_title": "**Question of the day** · {topic}",
        "team_question_hint": "Answer privately, then rate yourself: your rating goes into your"
        " own schedule, and only your name shows here.",
        "team_practised": "Practised today: {names}",
        "team_practised_hidden": "{count} more",
        "team_practised_none": "Nobody has practised it yet.",
        "team_board_title": "**Weekly board** · {first} – {last}",
        "team_board_row": "- {name}: {reviewed} reviewed · streak {streak}",
        "team_board_totals": "{practised} of {members} members practised; {reviews} reviews"
        " together.",
        "team_board_weakest": "**Weakest topics this week:** {topics}",
        "team_board_empty": "Nobody practised this week. Today's question is a good start!",
        "team_welcome": "Hello {title}! I'll post a question of the day at {time} ({tz}) and a"
        " weekly board on {day} at {board}. Everyone answers privately with their own schedule."
        " Admins set me up with {team} time HH:MM, {team} tz Area/City, {team} topics,"
        " {team} board DAY HH:MM, {team} pause, {team} resume and {team} off.",
        "team_settings": "**Team settings**\n- question of the day: {time} ({tz}){paused}\n"
        "- weekly board: {day} {board}\n- topics: {topics}\n- next question: {next}",
        "team_paused_mark": ", paused",
        "team_time_set": "The team question now comes at {time} ({tz}); next one {next}.",
        "team_tz_set": "The team's timezone is now {tz}; next question {next}.",
        "team_board_set": "The weekly board now comes on {day} at {board} ({tz}).",
        "team_topics_set": "The team practises: {topics}.",
        "team_topics_list": "Topics: {topics}\n\nType {team} topics ID ... to choose,"
        " {team} topics all for every topic.",
        "team_paused": "Team questions paused. {team} resume brings them back.",
        "team_resumed": "Team questions resumed; next one {next}.",
        "team_off": "Team practice is off for this group. Add me again, or use {team} resume,"
        " to start again.",
        "team_hidden": "You no longer appear by name in the roll call or on the board.",
        "team_shown": "Your name appears in the roll call and on the board again.",
        "team_only_on": "From now on you get only your team's question, not your own daily one.",
        "team_only_off": "Your own daily question comes again as well.",
        "team_not_admin": "Sorry, only the group's admins can change the team settings."
        " You can still answer the daily question and use {team} hide or {team} only.",
        "team_in_group": "Send {team} {sub} in the group itself, so I know which team you mean.",
        "team_none": "You are in no team yet. Tap *Answer privately* under a team question in"
        " a group to join.",
        "team_yours": "Your teams: {teams}",
        "team_usage": "Team commands: {team} time HH:MM, {team} tz Area/City, {team} topics,"
        " {team} board DAY HH:MM, {team} pause, {team} resume, {team} off (admins);"
        " {team} hide, {team} only (everyone; add *off* to undo).",
        "team_joined": "You joined {title}. Here is the team question:",
        "team_sent_privately": "Sent to you privately.",
        "team_start_me": "Open a private chat with me first.",
        "err_board": "Send the board day and time as DAY HH:MM, e.g. fri 17:00 ('{value}').",
        "err_unknown_team": "This team no longer exists.",
        "all_topics": "all topics",
        "cmd_team": "Team practice in a group: settings, hide, only",
    },
    "zh": {
        "btn_answer_privately": "私下作答",
        "team_question_title": "**今日一题** · {topic}",
        "team_question_hint": "私下作答并给自己打分：评分只进入你自己的复习计划，这里只显示名字。",
        "team_practised": "今天已练习：{names}",
        "team_practised_hidden": "另外 {count} 人",
        "team_practised_none": "还没有人练习。",
        "team_board_title": "**本周榜单** · {first} – {last}",
        "team_board_row": "- {name}：复习 {reviewed} 题 · 连续 {streak} 天",
        "team_board_totals": "{members} 名成员中 {practised} 人练习，共复习 {reviews} 题。",
        "team_board_weakest": "**本周最薄弱的主题：** {topics}",
        "team_board_empty": "本周还没有人练习。从今天的题目开始吧！",
        "team_welcome": "大家好，{title}！我会每天 {time}（{tz}）发一道今日一题，并在每周{day} {board}"
        " 发榜单。每个人私下作答，按自己的计划复习。管理员可用 {team} time HH:MM、{team} tz 时区、"
        "{team} topics、{team} board 星期 HH:MM、{team} pause、{team} resume 和 {team} off 设置。",
        "team_settings": "**团队设置**\n- 今日一题：{time}（{tz}）{paused}\n- 每周榜单：{day} {board}\n"
        "- 主题：{topics}\n- 下一题：{next}",
        "team_paused_mark": "，已暂停",
        "team_time_set": "团队题目改为每天 {time}（{tz}）；下一题：{next}。",
        "team_tz_set": "团队时区已设为 {tz}；下一题：{next}。",
        "team_board_set": "每周榜单改为{day} {board}（{tz}）。",
        "team_topics_set": "团队练习：{topics}。",
        "team_topics_list": "主题：{topics}\n\n发送 {team} topics ID ... 选择，{team} topics all 选择全部。",
        "team_paused": "团队题目已暂停。发送 {team} resume 恢复。",
        "team_resumed": "团队题目已恢复；下一题：{next}。",
        "team_off": "本群的团队练习已关闭。重新添加我或发送 {team} resume 即可重新开始。",
        "team_hidden": "你的名字不再出现在签到和榜单上。",
        "team_shown": "你的名字会重新出现在签到和榜单上。",
        "team_only_on": "从现在起你只收到团队题目，不再收到个人每日推送。",
        "team_only_off": "你的个人每日推送也会恢复。",
        "team_not_admin": "抱歉，只有群管理员可以修改团队设置。你仍然可以回答今日一题，"
        "或使用 {team} hide、{team} only。",
        "team_in_group": "请在群里发送 {team} {sub}，这样我才知道是哪个团队。",
        "team_none": "你还没有加入团队。在群里点击团队题目下的*私下作答*即可加入。",
        "team_yours": "你的团队：{teams}",
        "team_usage": "团队命令：{team} time HH:MM、{team} tz 时区、{team} topics、{team} board 星期 HH:MM、"
        "{team} pause、{team} resume、{team} off（管理员）；{team} hide、{team} only（所有人；加 *off* 撤销）。",
        "team_joined": "你已加入 {title}。这是团队题目：",
        "team_sent_privately": "已私下发送给你。",
        "team_start_me": "请先和我私聊。",
        "err_board": "请按 星期 HH:MM 发送榜单时间，例如 fri 17:00（“{value}”）。",
        "err_unknown_team": "这个团队已不存在。",
        "all_topics": "全部主题",
        "cmd_team": "群组团队练习：设置、隐藏、只收团队题",
    },
}
