"""`drillbot fsrs optimize`: fit users' FSRS parameters now and print how each fit compares."""

from __future__ import annotations

import asyncio
from typing import TextIO

from bot.bootstrap import interview_service, open_service
from bot.config import Settings
from bot.domain.fsrs_fit import FitResult


async def optimize(settings: Settings, user_id: int | None, out: TextIO, err: TextIO) -> int:
    async with open_service(settings) as practice:
        interviews = interview_service(settings, practice)
        async with practice.store.unit() as uow:
            ids = [user_id] if user_id is not None else await uow.reviews.user_ids()
            users = [user for i in ids if (user := await uow.users.get(i)) is not None]
        if user_id is not None and not users:
            print(f"drillbot: no user with id {user_id}", file=err)
            return 1
        for user in users:
            result = await interviews.fit(user.id)
            print(describe(f"user {user.id} ({user.channel}:{user.external_id})", result), file=out)
        if not users:
            print("no user has reviews yet", file=out)
    return 0


def describe(who: str, fit: FitResult) -> str:
    if fit.parameters is None:
        return (
            f"{who}: {fit.reviews_used} reviews, below the optimizer's minimum;"
            " default parameters kept"
        )
    verdict = "personal parameters in use" if fit.in_use else "default parameters kept"
    return (
        f"{who}: {fit.reviews_used} reviews; log loss {fit.default_log_loss:.4f} default,"
        f" {fit.fitted_log_loss:.4f} fitted; RMSE {fit.default_rmse:.4f} default,"
        f" {fit.fitted_rmse:.4f} fitted; {verdict}"
    )


def run(settings: Settings, user_id: int | None, out: TextIO, err: TextIO) -> int:
    return asyncio.run(optimize(settings, user_id, out, err))
