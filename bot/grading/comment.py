"""The one-paragraph comment of an offline grade, in the user's language (Chinese or English)."""

from __future__ import annotations

from bot.domain.models import Rating

# How many missed points the comment names; the verdict lists them all.
NAMED_MISSES = 2


def write_comment(
    covered: tuple[str, ...], missed: tuple[str, ...], suggested: Rating, language: str | None
) -> str:
    zh = bool(language and language.startswith("zh"))
    total = len(covered) + len(missed)
    named = missed[:NAMED_MISSES]
    if zh:
        return _zh(len(covered), total, named, len(missed), suggested)
    return _en(len(covered), total, named, len(missed), suggested)


def _en(covered: int, total: int, named: tuple[str, ...], missed: int, suggested: Rating) -> str:
    opening = f"You made {covered} of the {total} key points"
    if suggested is Rating.AGAIN:
        verdict = (
            f"{opening}, this answer misses what the question is about. "
            "Read the reference answer closely; the question will come back soon."
        )
    elif suggested is Rating.HARD:
        verdict = f"{opening}: the direction is right but important parts are missing."
    elif suggested is Rating.GOOD:
        verdict = f"{opening}: a solid answer."
    else:
        return f"{opening}: complete. Nothing important is missing."
    if named and suggested is not Rating.AGAIN:
        quoted = "; ".join(f"“{p}”" for p in named)
        more = f" (and {missed - len(named)} more)" if missed > len(named) else ""
        verdict += f" Add: {quoted}{more}."
    return verdict


def _zh(covered: int, total: int, named: tuple[str, ...], missed: int, suggested: Rating) -> str:
    opening = f"{total} 个要点中你答到了 {covered} 个"
    if suggested is Rating.AGAIN:
        return f"{opening}，这个回答没有抓住问题的核心。请仔细读一遍参考答案，这道题很快会再出现。"
    if suggested is Rating.EASY:
        return f"{opening}，回答完整，没有遗漏重要内容。"
    verdict = (
        f"{opening}，方向正确，但缺少重要内容。"
        if suggested is Rating.HARD
        else f"{opening}，回答扎实。"
    )
    if named:
        quoted = "；".join(f"「{p}」" for p in named)
        more = f"（另有 {missed - len(named)} 点）" if missed > len(named) else ""
        verdict += f"可以补充：{quoted}{more}。"
    return verdict
