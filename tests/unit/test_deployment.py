"""The compose files and the proxy config: what `docker compose up` would run, read as data.

There is no Docker engine here, so these read the files the way compose and nginx would and
check what a deployment depends on: PostgreSQL is healthy before the bot starts, there are two
bot replicas with the healthcheck and the environment the bot's own config loader needs, and
the proxy sends the paths the bot really serves to every replica.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import crossplane  # type: ignore[import-untyped]
import pytest
import yaml

from bot.channels.slack.http import PATHS as SLACK_PATHS
from bot.config import Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]
SQLITE_COMPOSE = ROOT / "docker-compose.yml"
POSTGRES_COMPOSE = ROOT / "docker-compose.postgres.yml"
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
# What an operator puts in .env for the PostgreSQL deployment (besides the tokens).
OPERATOR_ENV = {"POSTGRES_PASSWORD": "s3cret", "DRILLBOT_DOMAIN": "bot.example.org"}
VARIABLE = re.compile(r"\$\{(?P<name>\w+)(?P<rule>:?[-?][^}]*)?\}")
HEALTHCHECK = ["CMD", "drillbot", "health"]


def compose(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.read_text())
    return loaded


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?error}."""

    def one(match: re.Match[str]) -> str:
        name, rule = match["name"], match["rule"] or ""
        if env.get(name):
            return env[name]
        if rule.startswith(":?"):
            raise KeyError(f"{name}: {rule[2:]}")
        return rule[2:] if rule.startswith(":-") else ""

    return VARIABLE.sub(one, value)


def bot_services(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: service
        for name, service in spec["services"].items()
        if service.get("healthcheck", {}).get("test") == HEALTHCHECK
    }


def bot_settings(service: dict[str, Any]) -> Settings:
    """The bot's settings from the service's environment, through the bot's own loader."""
    env = {key: interpolate(str(value), OPERATOR_ENV) for key, value in service["environment"].items()}
    env |= {"TELEGRAM_BOT_TOKEN": "123:ABC", "SLACK_BOT_TOKEN": "xoxb-1"}  # from .env
    return load_settings(None, environ=env)


def test_the_default_compose_file_keeps_one_bot_on_sqlite_in_a_volume():
    spec = compose(SQLITE_COMPOSE)
    assert list(spec["services"]) == ["drillbot"]
    bot = spec["services"]["drillbot"]
    assert bot["environment"]["DRILLBOT_DB"] == "/data/drillbot.sqlite3"
    assert "drillbot-data:/data" in bot["volumes"] and "drillbot-data" in spec["volumes"]
    assert bot["healthcheck"]["test"] == HEALTHCHECK


def test_postgres_is_kept_in_a_volume_and_checked_with_pg_isready():
    spec = compose(POSTGRES_COMPOSE)
    postgres = spec["services"]["postgres"]
    assert postgres["image"].startswith("postgres:16")
    volume, target = postgres["volumes"][0].split(":")
    assert target == "/var/lib/postgresql/data" and volume in spec["volumes"]
    assert "pg_isready" in postgres["healthcheck"]["test"]
    # The database is made with the C collation, so text sorts as on SQLite.
    assert "--lc-collate=C" in postgres["environment"]["POSTGRES_INITDB_ARGS"].split()
    # The project name keeps it apart from docker-compose.yml's containers and volumes.
    assert spec["name"] != ROOT.name


def test_two_bot_replicas_start_once_postgres_is_healthy_and_check_their_own_health():
    spec = compose(POSTGRES_COMPOSE)
    [(name, bot)] = bot_services(spec).items()
    assert bot["deploy"]["replicas"] == 2
    assert bot["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert bot["restart"] == "unless-stopped"
    # The replicas share the data directory; each reports its health in a folder named after
    # its host (container), see bot/health.py and tests/unit/test_health.py.
    [mount] = bot["volumes"]
    volume, target = mount.split(":")
    assert target == bot["environment"]["DRILLBOT_DATA_DIR"] and volume in spec["volumes"]
    assert bot_settings(bot).files_dir == Path(target)


def test_the_bots_environment_points_at_the_postgres_service_in_webhook_and_http_modes():
    spec = compose(POSTGRES_COMPOSE)
    postgres_env = spec["services"]["postgres"]["environment"]
    [bot] = bot_services(spec).values()
    settings = bot_settings(bot)
    url = urlsplit(str(settings.database))
    assert (url.scheme, url.hostname, url.port) == ("postgresql", "postgres", 5432)
    assert url.username == postgres_env["POSTGRES_USER"]
    assert url.path == "/" + postgres_env["POSTGRES_DB"]
    assert url.password == interpolate(postgres_env["POSTGRES_PASSWORD"], OPERATOR_ENV)
    assert settings.telegram.mode == "webhook" and settings.slack.mode == "http"
    assert settings.telegram.webhook_url == "https://bot.example.org/telegram"
    assert bot["expose"] == [str(settings.telegram.webhook_port), str(settings.slack.http_port)]


@pytest.mark.parametrize("missing", sorted(OPERATOR_ENV))
def test_compose_refuses_to_start_without_the_password_or_the_domain(missing: str):
    env = {k: v for k, v in OPERATOR_ENV.items() if k != missing}
    spec = compose(POSTGRES_COMPOSE)
    values = [
        str(value)
        for service in spec["services"].values()
        for value in (service.get("environment") or {}).values()
    ]
    with pytest.raises(KeyError, match=missing):
        for value in values:
            interpolate(value, env)


def route(config: list[dict[str, Any]], path: str) -> str | None:
    """The upstream nginx hands a request for `path` to: an exact location first, then the
    first regular expression that matches, then the longest prefix (nginx's order)."""
    [http] = directives(config, "http")
    [server] = [d for d in http["block"] if d["directive"] == "server"]
    locations = [d for d in server["block"] if d["directive"] == "location"]

    def target(location: dict[str, Any]) -> str | None:
        passes = [d["args"][0] for d in location["block"] if d["directive"] == "proxy_pass"]
        return urlsplit(passes[0]).hostname if passes else None

    for location in locations:
        if location["args"] == ["=", path]:
            return target(location)
    for location in locations:
        if location["args"][0] == "~" and re.search(location["args"][1], path):
            return target(location)
    prefixes = [loc for loc in locations if len(loc["args"]) == 1 and path.startswith(loc["args"][0])]
    if not prefixes:
        return None
    return target(max(prefixes, key=lambda loc: len(loc["args"][0])))


def directives(config: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    """Every `name` directive, at any depth."""
    found = []
    for directive in config:
        if directive["directive"] == name:
            found.append(directive)
        found += directives(directive.get("block", []), name)
    return found


def upstream_servers(config: list[dict[str, Any]], upstream: str) -> list[list[str]]:
    [block] = [d["block"] for d in directives(config, "upstream") if d["args"] == [upstream]]
    return [d["args"] for d in block if d["directive"] == "server"]


def nginx_config() -> list[dict[str, Any]]:
    parsed = crossplane.parse(str(NGINX_CONF), combine=True)
    assert parsed["status"] == "ok", parsed["errors"]
    config: list[dict[str, Any]] = parsed["config"][0]["parsed"]
    return config


def test_the_proxy_sends_the_webhook_and_slack_paths_the_bot_serves_to_every_replica():
    spec = compose(POSTGRES_COMPOSE)
    [(name, bot)] = bot_services(spec).items()
    settings = bot_settings(bot)
    config = nginx_config()
    webhook = urlsplit(settings.telegram.webhook_url or "")
    assert webhook.hostname == OPERATOR_ENV["DRILLBOT_DOMAIN"] and webhook.scheme == "https"
    # The bot listens on its webhook URL's path (bot/channels/telegram/webhook.py) and port,
    # and serves Slack's paths (bot/channels/slack/http.py) on its HTTP port. The service's
    # name, resolved while running, stands for every replica.
    every_replica = {
        webhook.path: [f"{name}:{settings.telegram.webhook_port}", "resolve"],
        **{path: [f"{name}:{settings.slack.http_port}", "resolve"] for path in SLACK_PATHS},
    }
    for path, server in every_replica.items():
        upstream = route(config, path)
        assert upstream is not None, path
        assert [args[: len(server)] for args in upstream_servers(config, upstream)] == [server]
    [resolver] = directives(config, "resolver")
    assert resolver["args"][0] == "127.0.0.11"  # Docker's DNS, which knows the replicas
    for elsewhere in ("/", "/slack/healthz", "/telegram/other", "/slack/events/x"):
        assert route(config, elsewhere) is None, elsewhere


def test_the_proxy_serves_tls_with_the_config_and_certificates_mounted():
    spec = compose(POSTGRES_COMPOSE)
    proxy = spec["services"]["proxy"]
    assert proxy["ports"] == ["443:443"]
    mounts = dict(v.removesuffix(":ro").split(":")[::-1] for v in proxy["volumes"])
    assert Path(mounts["/etc/nginx/nginx.conf"]).resolve() == NGINX_CONF
    assert set(proxy["depends_on"]) == set(bot_services(spec))
    config = nginx_config()
    [listen] = directives(config, "listen")  # one server, TLS only
    assert listen["args"] == ["443", "ssl"]
    certificates = [d["args"][0] for d in directives(config, "ssl_certificate")]
    certificates += [d["args"][0] for d in directives(config, "ssl_certificate_key")]
    assert mounts["/etc/nginx/tls"] == "./deploy/tls"
    assert len(certificates) == 2 and all(c.startswith("/etc/nginx/tls/") for c in certificates)


@pytest.mark.skipif(
    shutil.which("docker") is None
    or subprocess.run(["docker", "compose", "version"], capture_output=True).returncode != 0,
    reason="needs the docker compose client",
)
@pytest.mark.parametrize("path", [SQLITE_COMPOSE, POSTGRES_COMPOSE])
def test_docker_compose_accepts_the_files(path: Path, tmp_path: Path):
    shutil.copy(path, tmp_path / path.name)
    (tmp_path / ".env").write_text("")  # env_file: the operator's, here empty
    command = ["docker", "compose", "-f", path.name, "config", "--quiet"]
    env = os.environ | OPERATOR_ENV
    checked = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, env=env)
    assert checked.returncode == 0, checked.stderr
