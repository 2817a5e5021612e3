"""Who may practise: everyone, or an allowlist plus admins (ids bare or channel-qualified)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.models import User


@dataclass(frozen=True)
class AccessPolicy:
    mode: str  # open | allowlist
    allowed: frozenset[str]
    admins: frozenset[str]

    def allows(self, channel: str, external_id: str) -> bool:
        if self.mode == "open":
            return True
        keys = _keys(channel, external_id)
        return bool(keys & self.allowed or keys & self.admins)

    def is_admin(self, user: User) -> bool:
        return bool(_keys(user.channel, user.external_id) & self.admins)


def _keys(channel: str, external_id: str) -> set[str]:
    return {str(external_id), f"{channel}:{external_id}"}
