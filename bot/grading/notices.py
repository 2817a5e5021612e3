"""One-line notices shown when a configured model could not be used, in English or Chinese."""

from __future__ import annotations

from enum import StrEnum


class Fallback(StrEnum):
    """Why the offline grader (or no transcript) stood in for the configured model."""

    TIMEOUT = "timeout"
    RATE_LIMITED = "rate_limited"  # the provider said 429
    UNAVAILABLE = "unavailable"  # 5xx, connection refused, DNS
    BAD_KEY = "bad_key"  # 401/403
    NONSENSE = "nonsense"  # a reply that is not a valid grade
    DAILY_LIMIT = "daily_limit"  # the user's own per-day allowance is used up


_EN = {
    Fallback.TIMEOUT: "The grading model did not answer in time, so this was graded offline.",
    Fallback.RATE_LIMITED: "The grading model is rate-limited right now, so this was graded offline.",
    Fallback.UNAVAILABLE: "The grading model is unavailable, so this was graded offline.",
    Fallback.BAD_KEY: "The grading model rejected the API key, so this was graded offline.",
    Fallback.NONSENSE: "The grading model's reply made no sense, so this was graded offline.",
    Fallback.DAILY_LIMIT: "Today's {limit} model gradings are used up, so this was graded offline.",
}
_ZH = {
    Fallback.TIMEOUT: "评分模型超时未响应，已改用离线评分。",
    Fallback.RATE_LIMITED: "评分模型当前被限流，已改用离线评分。",
    Fallback.UNAVAILABLE: "评分模型暂不可用，已改用离线评分。",
    Fallback.BAD_KEY: "评分模型拒绝了 API 密钥，已改用离线评分。",
    Fallback.NONSENSE: "评分模型的回复无法解析，已改用离线评分。",
    Fallback.DAILY_LIMIT: "今天的 {limit} 次模型评分已用完，已改用离线评分。",
}
_STT_EN = {
    "not_configured": (
        "Voice answers are not enabled on this bot. Its owner can enable them by setting "
        "DRILLBOT_STT_MODEL (and DRILLBOT_STT_BASE_URL for a self-hosted Whisper server). "
        "You can type your answer instead."
    ),
    "daily_limit": "Today's {limit} voice transcriptions and model gradings are used up. Please type your answer.",
    "failed": "The voice message could not be transcribed ({reason}). Please try again or type your answer.",
    "empty": "No speech was heard in that voice message. Please try again or type your answer.",
    "too_large": "That voice message is too long to transcribe (over {mb} MB). Please send a shorter one.",
}
_STT_ZH = {
    "not_configured": (
        "本机器人未开启语音作答。管理员可设置 DRILLBOT_STT_MODEL（自建 Whisper 服务还需 "
        "DRILLBOT_STT_BASE_URL）来开启。你也可以直接输入文字回答。"
    ),
    "daily_limit": "今天的 {limit} 次语音转写和模型评分已用完，请改为输入文字回答。",
    "failed": "语音转写失败（{reason}）。请重试或输入文字回答。",
    "empty": "这条语音里没有听到内容。请重试或输入文字回答。",
    "too_large": "语音太长，无法转写（超过 {mb} MB）。请发送更短的语音。",
}


def _zh(language: str | None) -> bool:
    return bool(language and language.startswith("zh"))


def fallback_notice(reason: Fallback, language: str | None, **params: object) -> str:
    return (_ZH if _zh(language) else _EN)[reason].format(**params)


def transcription_message(key: str, language: str | None, **params: object) -> str:
    return (_STT_ZH if _zh(language) else _STT_EN)[key].format(**params)
