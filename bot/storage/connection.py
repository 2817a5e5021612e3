"""Open an aiosqlite connection with the PRAGMAs the bot relies on."""

from __future__ import annotations

from pathlib import Path

import aiosqlite

BUSY_TIMEOUT_MS = 5000


async def connect(path: Path | str) -> aiosqlite.Connection:
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    # isolation_level=None: the store issues BEGIN/COMMIT itself, so transactions are explicit.
    conn = await aiosqlite.connect(str(path), isolation_level=None)
    conn.row_factory = aiosqlite.Row
    # busy_timeout first: switching to WAL itself may have to wait for another process's lock.
    await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    await conn.execute("PRAGMA journal_mode = WAL")
    await conn.execute("PRAGMA synchronous = NORMAL")
    await conn.execute("PRAGMA foreign_keys = ON")
    return conn
