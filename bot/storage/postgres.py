"""Open an asyncpg pool for a `postgresql://` URL, or say in one line why not (naming host and
database, never the password)."""

from __future__ import annotations

from urllib.parse import urlsplit

import asyncpg

from bot.storage.connection import DatabaseError
from bot.storage.database_url import redacted

CONNECT_TIMEOUT_SECONDS = 10
POOL_MAX_SIZE = 10

# asyncpg's errors -> what the operator should understand from them.
PROBLEMS: tuple[tuple[type[BaseException], str], ...] = (
    (asyncpg.InvalidPasswordError, "the password was refused"),
    (asyncpg.InvalidAuthorizationSpecificationError, "the user was refused (no such role?)"),
    (asyncpg.InvalidCatalogNameError, "the database does not exist (create it first)"),
    (asyncpg.InsufficientPrivilegeError, "the user may not use this database"),
    (ConnectionRefusedError, "the connection was refused (is the server running?)"),
    (TimeoutError, f"no answer within {CONNECT_TIMEOUT_SECONDS} s"),
)


async def open_pool(url: str) -> asyncpg.Pool:
    """A pool of connections to the database (raises DatabaseError)."""
    try:
        urlsplit(url).port  # noqa: B018 (a bad port raises here, before asyncpg sees the URL)
        pool = await asyncpg.create_pool(
            url, min_size=1, max_size=POOL_MAX_SIZE, timeout=CONNECT_TIMEOUT_SECONDS
        )
    except (OSError, TimeoutError, ValueError, asyncpg.PostgresError) as error:
        raise describe_postgres(url, error) from None
    assert pool is not None  # create_pool only returns None when told not to initialise
    return pool


def describe_postgres(url: str, error: BaseException) -> DatabaseError:
    where = _where(url)
    for kind, problem in PROBLEMS:
        if isinstance(error, kind):
            return DatabaseError(f"{where}: {problem}")
    text = str(error).replace(url, redacted(url))
    password = urlsplit(url).password
    if password:
        text = text.replace(password, "***")
    text = " ".join(text.split()) or type(error).__name__
    return DatabaseError(f"{where}: {text}")


def _where(url: str) -> str:
    parts = urlsplit(url)
    try:
        port = parts.port or 5432
    except ValueError:
        port = None
    host = parts.hostname or "localhost"
    database = parts.path.lstrip("/") or parts.username or "(default)"
    return f"PostgreSQL database {database!r} on {host}" + (f":{port}" if port else "")
