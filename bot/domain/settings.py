"""A user's settings: daily push time, timezone, pause, topics and language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.domain import errors
from bot.domain.base import ServiceBase
from bot.domain.models import Topic, User
from bot.domain.push_time import canonical_timezone, next_push_at, normalize_hhmm
from bot.domain.search import count_by_topic


class Settings(ServiceBase):
    async def set_push_time(self, user_id: int, text: str) -> User:
        push = normalize_hhmm(text or "")
        if push is None:
            raise errors.InvalidSetting(setting="push_time", value=text)
        return await self._update_schedule(user_id, push_time=push)

    async def set_timezone(self, user_id: int, name: str) -> User:
        """Any letter case is accepted; the name is stored as the tz database spells it."""
        canonical = canonical_timezone(name)
        if canonical is None:
            raise errors.InvalidSetting(setting="timezone", value=(name or "").strip())
        return await self._update_schedule(user_id, timezone=canonical)

    async def set_paused(self, user_id: int, paused: bool) -> User:
        return await self._update_schedule(user_id, paused=paused)

    def topic_counts(self) -> list[tuple[Topic, int]]:
        return [(self._topic(t), n) for t, n in count_by_topic(self._ordered).items()]

    async def set_topics(self, user_id: int, topics: Sequence[str] | None) -> User:
        """Limit practice to `topics` (None or empty: every topic)."""
        known = count_by_topic(self._ordered)
        chosen = tuple(dict.fromkeys(topics or ()))
        unknown = [t for t in chosen if t not in known]
        if unknown:
            raise errors.InvalidSetting(setting="topics", value=", ".join(unknown))
        async with self.store.unit(write=True) as uow:
            await self._user(uow, user_id)
            await uow.users.update(user_id, topics=chosen or None)
            return await self._user(uow, user_id)

    async def toggle_topic(self, user_id: int, topic_id: str) -> User:
        user = await self.get_user(user_id)
        everything = list(count_by_topic(self._ordered))
        chosen = list(user.topics or everything)
        chosen = [t for t in chosen if t != topic_id] if topic_id in chosen else [*chosen, topic_id]
        return await self.set_topics(user_id, None if set(chosen) >= set(everything) else chosen)

    async def set_open_questions(self, user_id: int, wanted: bool) -> User:
        """Whether questions without a reference answer or key points may come."""
        async with self.store.unit(write=True) as uow:
            await self._user(uow, user_id)
            await uow.users.update(user_id, open_questions=wanted)
            return await self._user(uow, user_id)

    async def set_language(self, user_id: int, language: str) -> User:
        async with self.store.unit(write=True) as uow:
            await uow.users.update(user_id, language=language)
            return await self._user(uow, user_id)

    async def _update_schedule(self, user_id: int, **changes: Any) -> User:
        now = self.clock.now()
        async with self.store.unit(write=True) as uow:
            user = await self._user(uow, user_id)
            push = changes.get("push_time", user.push_time)
            tz = changes.get("timezone", user.timezone)
            delivered = await uow.deliveries.last_local_date(user_id)
            # Strictly after now: a time already past today waits for tomorrow.
            changes["next_push_at"] = next_push_at(push, tz, now, delivered)
            await uow.users.update(user_id, **changes)
            return await self._user(uow, user_id)
