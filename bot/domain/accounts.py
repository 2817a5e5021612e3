"""Users: sign-up (idempotent, access-checked), look-up, deactivation and deletion."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from bot.domain import errors
from bot.domain.access import AccessPolicy
from bot.domain.base import ServiceBase
from bot.domain.models import Registration, User
from bot.domain.push_time import next_push_at, valid_timezone


class Accounts(ServiceBase):
    @cached_property
    def access(self) -> AccessPolicy:
        return AccessPolicy(
            self.config.access, frozenset(self.config.allowed_users), frozenset(self.config.admins)
        )

    def is_allowed(self, channel: str, external_id: str) -> bool:
        return self.access.allows(channel, str(external_id))

    def is_admin(self, user: User) -> bool:
        return self.access.is_admin(user)

    async def register(
        self,
        channel: str,
        external_id: str,
        *,
        chat_id: str | None = None,
        display_name: str | None = None,
        language: str | None = None,
        timezone: str | None = None,
    ) -> Registration:
        """Create the user or refresh their contact details; idempotent. Reactivates a user."""
        external_id = str(external_id)
        if not self.is_allowed(channel, external_id):
            raise errors.AccessDenied(user_id=external_id)
        now = self.clock.now()
        async with self.store.unit(write=True) as uow:
            user = await uow.users.find(channel, external_id)
            if user is None:
                tz = (
                    timezone
                    if timezone and valid_timezone(timezone)
                    else self.config.default_timezone
                )
                push = self.config.default_push_time
                user_id = await uow.users.insert(
                    channel=channel,
                    external_id=external_id,
                    chat_id=chat_id,
                    display_name=display_name,
                    timezone=tz,
                    push_time=push,
                    language=language,
                    created_at=now,
                    next_push_at=next_push_at(push, tz, now),
                )
                return Registration(await self._user(uow, user_id), created=True)
            changes: dict[str, Any] = {}
            if chat_id is not None and chat_id != user.chat_id:
                changes["chat_id"] = chat_id
            if display_name and display_name != user.display_name:
                changes["display_name"] = display_name
            if language and language != user.language:
                changes["language"] = language
            reactivated = not user.active
            if reactivated:
                changes["active"] = True
                delivered = await uow.deliveries.last_local_date(user.id)
                changes["next_push_at"] = next_push_at(
                    user.push_time, user.timezone, now, delivered
                )
            if changes:
                await uow.users.update(user.id, **changes)
                user = await self._user(uow, user.id)
            return Registration(user, created=False, reactivated=reactivated)

    async def find_user(self, channel: str, external_id: str) -> User | None:
        async with self.store.unit() as uow:
            return await uow.users.find(channel, str(external_id))

    async def deactivate(self, user_id: int) -> None:
        """The channel reports the user unreachable (blocked the bot): stop sending."""
        async with self.store.unit(write=True) as uow:
            await uow.users.update(user_id, active=False)

    async def forget(self, user_id: int) -> None:
        """Delete every row about the user."""
        async with self.store.unit(write=True) as uow:
            await uow.users.delete(user_id)
