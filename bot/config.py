"""Settings: built-in defaults < YAML file < environment variables. Secrets only from the environment."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from bot.domain.push_time import canonical_timezone, normalize_hhmm
from bot.storage.database_url import is_postgres
from bot.yaml_errors import yaml_error_at

# The decks shipped as package data (bot/content/, authored in place in a checkout).
BUNDLED_CONTENT = Path(str(files("bot") / "content"))


class ConfigError(Exception):
    """Invalid configuration: the message is one line naming the key and what is allowed."""


class Secret:
    """A token that never shows itself in logs, reprs or tracebacks."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class TelegramSettings:
    mode: str = "polling"  # polling | webhook
    api_base_url: str = "https://api.telegram.org"
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_url: str | None = None  # public URL Telegram posts updates to
    token: Secret | None = None
    webhook_secret: Secret | None = None
    # Bot API 7.11 paid broadcasts: daily questions up to 1,000 a second, for Stars per message.
    paid_broadcast: bool = False
    paid_broadcast_rate: int = 1000  # paid messages a second (the bot's, split among instances)
    paid_broadcast_daily_cap: int = 10_000  # paid messages per UTC day; then the free rate


@dataclass(frozen=True)
class SlackSettings:
    mode: str = "socket"  # socket | http
    api_base_url: str = "https://slack.com/api/"
    http_listen: str = "0.0.0.0"
    http_port: int = 3000
    bot_token: Secret | None = None
    app_token: Secret | None = None
    signing_secret: Secret | None = None


@dataclass(frozen=True)
class GradingSettings:
    mode: str = "offline"  # offline | llm
    base_url: str | None = None  # any OpenAI-compatible endpoint; None: OpenAI's
    model: str | None = None
    timeout_seconds: int = 20
    daily_limit: int = 30  # model and transcription calls per user per local day
    api_key: Secret | None = None


@dataclass(frozen=True)
class TranscriptionSettings:
    base_url: str | None = None  # an OpenAI-compatible /v1/audio/transcriptions; None: OpenAI's
    model: str | None = None  # voice answers are on when a model is set
    api_key: Secret | None = None  # defaults to grading.api_key


@dataclass(frozen=True)
class Settings:
    # A SQLite file, or a postgresql:// URL (kept as str).
    database: Path | str = field(default_factory=lambda: default_database_path())
    # Files beside the database (heartbeat, charts) when the database is a URL.
    data_dir: Path = field(default_factory=lambda: default_data_dir())
    content: Path = BUNDLED_CONTENT
    default_push_time: str = "09:00"
    default_timezone: str = "Asia/Shanghai"
    desired_retention: float = 0.90
    max_new_per_day: int = 10
    interview_max_new_per_day: int = 25  # hard ceiling when an interview date raises the cap
    access: str = "open"  # open | allowlist
    allowed_users: tuple[str, ...] = ()
    admins: tuple[str, ...] = ()
    log_level: str = "INFO"
    delivery_tick_seconds: int = 60  # how often the daily delivery looks for due users
    delivery_lease_seconds: int = 60  # a claimed delivery stays its instance's this long unrenewed
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    slack: SlackSettings = field(default_factory=SlackSettings)
    grading: GradingSettings = field(default_factory=GradingSettings)
    transcription: TranscriptionSettings = field(default_factory=TranscriptionSettings)

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram.token)

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack.bot_token)

    @property
    def files_dir(self) -> Path:
        """Where the bot keeps its files (heartbeat, channel report, charts): next to a SQLite
        database, in `data_dir` for a PostgreSQL one."""
        return self.data_dir if is_postgres(self.database) else Path(self.database).parent


def default_data_dir() -> Path:
    """The user's data directory: the same files wherever the command is run from."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("drillbot"))


def default_database_path() -> Path:
    return default_data_dir() / "drillbot.sqlite3"


# Environment variable -> (section or None, key): every key has one. Secrets are only read here.
ENV_KEYS: dict[str, tuple[str | None, str]] = {
    "DRILLBOT_DB": (None, "database"),
    "DRILLBOT_DATA_DIR": (None, "data_dir"),
    "DRILLBOT_CONTENT": (None, "content"),
    "DRILLBOT_PUSH_TIME": (None, "default_push_time"),
    "DRILLBOT_TIMEZONE": (None, "default_timezone"),
    "DRILLBOT_RETENTION": (None, "desired_retention"),
    "DRILLBOT_MAX_NEW_PER_DAY": (None, "max_new_per_day"),
    "DRILLBOT_INTERVIEW_MAX_NEW_PER_DAY": (None, "interview_max_new_per_day"),
    "DRILLBOT_ACCESS": (None, "access"),
    "DRILLBOT_ALLOWED_USERS": (None, "allowed_users"),
    "DRILLBOT_ADMINS": (None, "admins"),
    "DRILLBOT_LOG_LEVEL": (None, "log_level"),
    "DRILLBOT_TICK_SECONDS": (None, "delivery_tick_seconds"),
    "DRILLBOT_LEASE_SECONDS": (None, "delivery_lease_seconds"),
    "TELEGRAM_BOT_TOKEN": ("telegram", "token"),
    "TELEGRAM_MODE": ("telegram", "mode"),
    "TELEGRAM_API_BASE_URL": ("telegram", "api_base_url"),
    "TELEGRAM_WEBHOOK_LISTEN": ("telegram", "webhook_listen"),
    "TELEGRAM_WEBHOOK_PORT": ("telegram", "webhook_port"),
    "TELEGRAM_WEBHOOK_URL": ("telegram", "webhook_url"),
    "TELEGRAM_WEBHOOK_SECRET": ("telegram", "webhook_secret"),
    "TELEGRAM_PAID_BROADCAST": ("telegram", "paid_broadcast"),
    "TELEGRAM_PAID_BROADCAST_RATE": ("telegram", "paid_broadcast_rate"),
    "TELEGRAM_PAID_BROADCAST_DAILY_CAP": ("telegram", "paid_broadcast_daily_cap"),
    "SLACK_BOT_TOKEN": ("slack", "bot_token"),
    "SLACK_APP_TOKEN": ("slack", "app_token"),
    "SLACK_SIGNING_SECRET": ("slack", "signing_secret"),
    "SLACK_MODE": ("slack", "mode"),
    "SLACK_API_BASE_URL": ("slack", "api_base_url"),
    "SLACK_HTTP_LISTEN": ("slack", "http_listen"),
    "SLACK_HTTP_PORT": ("slack", "http_port"),
    "DRILLBOT_GRADING": ("grading", "mode"),
    "DRILLBOT_LLM_BASE_URL": ("grading", "base_url"),
    "DRILLBOT_LLM_MODEL": ("grading", "model"),
    "DRILLBOT_LLM_TIMEOUT": ("grading", "timeout_seconds"),
    "DRILLBOT_LLM_DAILY_LIMIT": ("grading", "daily_limit"),
    "DRILLBOT_LLM_API_KEY": ("grading", "api_key"),
    "DRILLBOT_STT_BASE_URL": ("transcription", "base_url"),
    "DRILLBOT_STT_MODEL": ("transcription", "model"),
    "DRILLBOT_STT_API_KEY": ("transcription", "api_key"),
}
SECRET_KEYS = {"token", "webhook_secret", "bot_token", "app_token", "signing_secret", "api_key"}
SECTIONS = {
    "telegram": TelegramSettings,
    "slack": SlackSettings,
    "grading": GradingSettings,
    "transcription": TranscriptionSettings,
}
MODES = {
    "telegram": ("polling", "webhook"),
    "slack": ("socket", "http"),
    "grading": ("offline", "llm"),
}
INT_RANGES = {
    "timeout_seconds": (1, 300),
    "daily_limit": (0, 100_000),
    "paid_broadcast_rate": (1, 1000),
    "paid_broadcast_daily_cap": (0, 100_000_000),
}
BOOL_KEYS = {"paid_broadcast"}
TRUE_WORDS, FALSE_WORDS = ("true", "yes", "on", "1"), ("false", "no", "off", "0")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def load_settings(
    path: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Build settings from an optional YAML file and the environment; raise ConfigError."""
    env = os.environ if environ is None else environ
    path = path or env.get("DRILLBOT_CONFIG") or None
    raw: dict[str, Any] = _read_yaml(Path(path)) if path else {}
    for section in SECTIONS:
        if section in raw and not isinstance(raw[section], dict):
            raise ConfigError(f"config key '{section}' must be a mapping of its own keys")
        raw[section] = dict(raw.get(section) or {})
    _check_keys(raw)
    set_by: dict[str, str] = {}  # config key -> the environment variable that set it
    for name, (within, key) in ENV_KEYS.items():
        value = env.get(name)
        if value is None or value == "":
            continue
        target = raw[within] if within else raw
        target[key] = Secret(value) if key in SECRET_KEYS else value
        set_by[f"{within}.{key}" if within else key] = name
    try:
        return _build(raw)
    except ConfigError as error:
        named = re.match(r"config key '([\w.]+)'", str(error))
        if named and named.group(1) in set_by:
            raise ConfigError(f"{error} (set by {set_by[named.group(1)]})") from None
        raise


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        line, column, message = yaml_error_at(exc)
        where = f"{path}:{line}:{column}" if line else str(path)
        raise ConfigError(f"{where}: malformed YAML ({message})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the config file must be a mapping of keys to values")
    return data


def _check_keys(raw: dict[str, Any]) -> None:
    allowed = {f.name for f in fields(Settings)}
    for key in raw:
        if key not in allowed:
            raise ConfigError(
                f"unknown config key '{key}'; allowed keys: {', '.join(sorted(allowed))}"
            )
    for section, cls in SECTIONS.items():
        allowed_sub = {f.name for f in fields(cls)} - SECRET_KEYS
        for key in raw[section]:
            if key in SECRET_KEYS:
                raise ConfigError(
                    f"config key '{section}.{key}' is a secret: set it in the environment, not the file"
                )
            if key not in allowed_sub:
                raise ConfigError(
                    f"unknown config key '{section}.{key}'; allowed keys: "
                    + ", ".join(sorted(allowed_sub))
                )


def _build(raw: dict[str, Any]) -> Settings:
    s = Settings()
    top: dict[str, Any] = {}
    if "database" in raw:
        database = _str(raw, "database")
        top["database"] = database if is_postgres(database) else Path(database)
    if "data_dir" in raw:
        top["data_dir"] = Path(_str(raw, "data_dir"))
    if "content" in raw:
        top["content"] = Path(_str(raw, "content"))
    if "default_push_time" in raw:
        _refuse_time_read_as_number(raw["default_push_time"], "default_push_time")
        top["default_push_time"] = parse_push_time(
            _str(raw, "default_push_time"), "default_push_time"
        )
    if "default_timezone" in raw:
        top["default_timezone"] = parse_timezone(_str(raw, "default_timezone"), "default_timezone")
    if "desired_retention" in raw:
        top["desired_retention"] = _retention(raw["desired_retention"])
    if "max_new_per_day" in raw:
        top["max_new_per_day"] = _int(raw["max_new_per_day"], "max_new_per_day", 0, 1000)
    if "interview_max_new_per_day" in raw:
        top["interview_max_new_per_day"] = _int(
            raw["interview_max_new_per_day"], "interview_max_new_per_day", 1, 1000
        )
    if "access" in raw:
        top["access"] = _choice(raw["access"], "access", ("open", "allowlist"))
    for key in ("allowed_users", "admins"):
        if key in raw:
            top[key] = _id_list(raw[key], key)
    if "log_level" in raw:
        top["log_level"] = _choice(str(raw["log_level"]).upper(), "log_level", LOG_LEVELS)
    if "delivery_tick_seconds" in raw:
        top["delivery_tick_seconds"] = _int(
            raw["delivery_tick_seconds"], "delivery_tick_seconds", 1, 3600
        )
    if "delivery_lease_seconds" in raw:
        top["delivery_lease_seconds"] = _int(
            raw["delivery_lease_seconds"], "delivery_lease_seconds", 3, 3600
        )
    top["telegram"] = _section(raw["telegram"], "telegram", TelegramSettings)
    top["slack"] = _section(raw["slack"], "slack", SlackSettings)
    top["grading"] = _section(raw["grading"], "grading", GradingSettings)
    transcription = _section(raw["transcription"], "transcription", TranscriptionSettings)
    if transcription.api_key is None:
        transcription = replace(transcription, api_key=top["grading"].api_key)
    top["transcription"] = transcription
    settings = replace(s, **top)
    if settings.grading.mode == "llm" and not settings.grading.model:
        raise ConfigError(
            "config key 'grading.model' (DRILLBOT_LLM_MODEL) is required when grading.mode is 'llm'"
        )
    if settings.access == "allowlist" and not settings.allowed_users:
        raise ConfigError(
            "config key 'allowed_users' must list at least one user id when access is 'allowlist'"
        )
    if (
        settings.telegram.mode == "webhook"
        and settings.telegram.token
        and not settings.telegram.webhook_url
    ):
        raise ConfigError(
            "config key 'telegram.webhook_url' is required when telegram.mode is 'webhook'"
        )
    return settings


def _section(raw: dict[str, Any], name: str, cls: type) -> Any:
    values: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in raw:
            continue
        value = raw[f.name]
        key = f"{name}.{f.name}"
        if f.name in SECRET_KEYS:
            values[f.name] = value
        elif f.name == "mode":
            values[f.name] = _choice(value, key, MODES[name])
        elif f.name in INT_RANGES:
            values[f.name] = _int(value, key, *INT_RANGES[f.name])
        elif f.name in BOOL_KEYS:
            values[f.name] = _bool(value, key)
        elif f.name.endswith("_port"):
            values[f.name] = _int(value, key, 1, 65535)
        elif f.name.endswith("_url"):
            values[f.name] = _url(value, key)
        else:
            values[f.name] = _str(raw, f.name, key)
    return cls(**values)


def _str(raw: dict[str, Any], name: str, key: str | None = None) -> str:
    value = raw[name]
    if (
        not isinstance(value, str | int | float)
        or isinstance(value, bool)
        or str(value).strip() == ""
    ):
        raise ConfigError(f"config key '{key or name}' must be a non-empty string")
    return str(value).strip()


def _int(value: Any, key: str, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ConfigError(
            f"config key '{key}' must be a whole number from {low} to {high}, got {value!r}"
        ) from None
    if not low <= number <= high:
        raise ConfigError(
            f"config key '{key}' must be a whole number from {low} to {high}, got {number}"
        )
    return number


def _bool(value: Any, key: str) -> bool:
    text = str(value).strip().lower()  # YAML gives a bool, the environment a word
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ConfigError(f"config key '{key}' must be true or false, got {value!r}")


def _retention(value: Any) -> float:
    try:
        number = float(str(value).strip())
    except ValueError:
        number = -1.0
    if not 0.0 < number < 1.0:
        raise ConfigError(
            f"config key 'desired_retention' must be a number strictly between 0 and 1 (e.g. 0.9), got {value!r}"
        )
    return number


def _choice(value: Any, key: str, allowed: tuple[str, ...]) -> str:
    text = str(value).strip()
    if text not in allowed:
        raise ConfigError(f"config key '{key}' must be one of: {', '.join(allowed)}; got {value!r}")
    return text


def _url(value: Any, key: str) -> str:
    text = str(value).strip()
    if not re.match(r"^https?://[^\s/]+", text):
        raise ConfigError(f"config key '{key}' must be an http(s) URL, got {value!r}")
    return text


def _id_list(value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        items = [v for v in re.split(r"[,\s]+", value) if v]
    elif isinstance(value, list | tuple):
        items = [str(v).strip() for v in value]
    elif isinstance(value, int) and not isinstance(value, bool):
        items = [str(value)]
    else:
        raise ConfigError(
            f"config key '{key}' must be a list of user ids (e.g. [12345, 'slack:U0123'])"
        )
    if any(not item for item in items):
        raise ConfigError(f"config key '{key}' contains an empty user id")
    return tuple(items)


def _refuse_time_read_as_number(value: Any, key: str) -> None:
    """YAML 1.1 reads an unquoted 12:30 as the base-60 number 750: ask for quotes."""
    if isinstance(value, int) and not isinstance(value, bool):
        hours, minutes = divmod(value, 60)
        example = f"{hours:02d}:{minutes:02d}" if 0 <= value < 24 * 60 else "09:00"
        raise ConfigError(
            f"config key '{key}' must be written in quotes, e.g. {key}: \"{example}\""
            f" (without them YAML reads a time as the number {value})"
        )


def parse_push_time(value: str, key: str = "push time") -> str:
    normalized = normalize_hhmm(str(value))
    if normalized is None:
        raise ConfigError(
            f"config key '{key}' must be a 24-hour time HH:MM from 00:00 to 23:59, got {value!r}"
        )
    return normalized


def parse_timezone(value: str, key: str = "timezone") -> str:
    name = canonical_timezone(str(value))
    if name is None:
        raise ConfigError(
            f"config key '{key}' must be an IANA timezone name such as Asia/Shanghai or "
            f"Europe/Berlin, got {value!r}"
        )
    return name
