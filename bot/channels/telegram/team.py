"""Teams on Telegram: the bot added to or removed from a group (my_chat_member), `/team`
commands typed in the group, and the group message's presses answered in private."""

from __future__ import annotations

import logging
from functools import partial

from telegram import Chat, ChatMember, Update
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.channels.telegram import handlers, keyboards
from bot.channels.telegram.handlers import Renderer, decode_text, deps_of
from bot.channels.telegram.presses import answer_press
from bot.channels.telegram.sender import CHANNEL, send_markdown, send_message
from bot.channels.telegram.team_keyboards import deep_link
from bot.dialogue import Command, Sender, actions
from bot.dialogue.flows.team import welcome_md
from bot.dialogue.inputs import Group
from bot.dialogue.replies import Message, Refusal, Toast
from bot.render.messages import lang_of, t

logger = logging.getLogger(__name__)

GROUP_TYPES = (Chat.GROUP, Chat.SUPERGROUP)
PRESENT = (ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER)
GONE = (ChatMember.LEFT, ChatMember.BANNED)


def in_group(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type in GROUP_TYPES


async def on_my_chat_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot joined a group (register its team and say hello) or left it (deactivate)."""
    change = update.my_chat_member
    if change is None or change.chat.type not in GROUP_TYPES:
        return
    teams = deps_of(context).service.teams
    chat, status = change.chat, change.new_chat_member.status
    if status in GONE:
        if (team := await teams.find(CHANNEL, str(chat.id))) is not None:
            await teams.deactivate(team.id)
            logger.info("Telegram team %s: the bot was removed; deactivated", team.id)
        return
    if status not in PRESENT or change.old_chat_member.status in PRESENT:
        return  # promoted or restricted: still the same team
    added_by = change.from_user
    team, _created = await teams.register(
        CHANNEL,
        str(chat.id),
        title=chat.title,
        owner_id=str(added_by.id),
        language=added_by.language_code,
    )
    lang = lang_of(added_by.language_code)
    try:
        await send_markdown(context.bot, chat.id, welcome_md(team, lang, "/team"))
    except TelegramError as error:  # the team works without the greeting
        logger.warning("Could not greet Telegram team %s: %s", team.id, error)


def _sender(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Sender:
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None

    async def is_admin() -> bool:
        admins = await context.bot.get_chat_administrators(chat.id)
        return any(admin.user.id == user.id for admin in admins)

    # No chat id from a group: the private chat exists only once they have started the bot.
    register = partial(
        deps_of(context).service.register,
        CHANNEL,
        str(user.id),
        display_name=user.full_name,
        language=user.language_code,
    )
    group = Group(str(chat.id), chat.title, is_admin)
    return Sender(CHANNEL, str(user.id), register, user.language_code, group=group)


async def on_group_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In groups `/team ...` is for the bot; other commands are told where personal practice
    happens, and everything else is the members' chat."""
    message = update.effective_message
    given = decode_text(message.text if message else None)
    if not isinstance(given, Command) or update.effective_user is None:
        return
    if given.name != "team":
        await handlers.personal_practice_is_private(update, context, given)
        return
    sender = _sender(update, context)
    assert sender.group is not None
    replies = await deps_of(context).dialogue.handle(sender, given)
    await Renderer(context.bot, int(sender.group.chat_id), None).render(replies)


async def on_group_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A press on the group's question: the answer goes to the member's private chat; one who
    never started the bot is sent to it through the deep link."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    deps = deps_of(context)
    press = keyboards.decode(query.data or "", deps.ids)
    replies = await deps.dialogue.handle(_sender(update, context), press)
    refusals = [r.markdown for r in replies if isinstance(r, Refusal)]
    if refusals:
        await answer_press(query, refusals[0][:200], show_alert=True)
        return
    try:
        for reply in replies:
            if isinstance(reply, Message):
                await send_message(context.bot, user.id, reply)
    except (Forbidden, BadRequest) as error:  # no private chat with this member yet
        logger.info("Telegram user %s has no private chat (%s): deep link", user.id, error)
        team = actions.parse_team_payload(press.payload)
        link = deep_link(context.bot.username, *team) if team else None
        if link:
            await answer_press(query, url=link)
        else:
            start_me = t("team_start_me", lang_of(user.language_code))
            await answer_press(query, start_me, show_alert=True)
        return
    toasts = [r.text for r in replies if isinstance(r, Toast)]
    await answer_press(query, toasts[0] if toasts else None)


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every press: those in groups are team presses, the rest the private conversation's."""
    if in_group(update):
        await on_group_press(update, context)
    else:
        await handlers.on_press(update, context)
