"""Which database a `database` setting names: a PostgreSQL URL or a SQLite file path."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

SCHEMES = ("postgresql://", "postgres://")


def is_postgres(database: Path | str) -> bool:
    return isinstance(database, str) and database.startswith(SCHEMES)


def redacted(database: Path | str) -> str:
    """What may be printed or logged: a path as is, a URL without its password."""
    if not is_postgres(database):
        return str(database)
    parts = urlsplit(str(database))
    user = f"{parts.username}@" if parts.username else ""
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{user}{host}{port}{parts.path}"
