"""Open an aiosqlite connection with the PRAGMAs the bot relies on, and refuse a file it cannot
use (damaged, not a database, read-only, emptied) with one line naming the file and the problem."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import aiosqlite

BUSY_TIMEOUT_MS = 5000

# SQLite's own words -> what the operator should understand from them.
PROBLEMS = (
    ("file is not a database", "is not a SQLite database (damaged or another kind of file)"),
    ("malformed", "is damaged (database disk image is malformed)"),
    ("readonly", "cannot be written (read-only or immutable file)"),
    ("unable to open", "cannot be opened for writing (read-only folder or missing permission)"),
    ("disk i/o error", "cannot be read or written (disk I/O error)"),
)


class DatabaseError(Exception):
    """The database file cannot be used; the message names the file and the problem."""


def describe(path: Path | str, error: BaseException) -> DatabaseError:
    text = " ".join(str(error).split()) or type(error).__name__  # one line, always
    lowered = text.lower()
    for words, problem in PROBLEMS:
        if words in lowered:
            return DatabaseError(f"{path} {problem}; SQLite said: {text}")
    return DatabaseError(f"{path}: {text}")


async def connect(path: Path | str) -> aiosqlite.Connection:
    """The connection, checked to be readable and writable before anyone uses it.

    Raises DatabaseError. The connection's worker thread is closed on every failure, so that
    a failed start-up exits instead of hanging on a live thread.
    """
    memory = str(path) == ":memory:"
    if not memory:
        file = Path(path)
        if file.exists() and file.is_file() and file.stat().st_size == 0:
            # drillbot creates the file itself; an empty one means its data was lost (a failed
            # copy, a full disk). A fresh schema here would silently replace it.
            raise DatabaseError(
                f"{path} is empty (0 bytes) although it exists: restore it from a backup,"
                " or delete it to start with a new database"
            )
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseError(f"{path}: cannot create its folder: {error}") from error
    try:
        conn = await aiosqlite.connect(str(path), isolation_level=None)
    except sqlite3.Error as error:
        raise describe(path, error) from error
    try:
        await _configure(conn, check=not memory)
    except BaseException as error:
        await conn.close()
        if isinstance(error, sqlite3.Error):
            raise describe(path, error) from error
        raise
    return conn


async def _configure(conn: aiosqlite.Connection, *, check: bool) -> None:
    # isolation_level=None: the store issues BEGIN/COMMIT itself, so transactions are explicit.
    conn.row_factory = aiosqlite.Row
    # busy_timeout first: switching to WAL itself may have to wait for another process's lock.
    await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    await conn.execute("PRAGMA journal_mode = WAL")
    await conn.execute("PRAGMA synchronous = NORMAL")
    await conn.execute("PRAGMA foreign_keys = ON")
    # Deleted rows are overwritten with zeros, so that /forget leaves no readable text behind.
    await conn.execute("PRAGMA secure_delete = ON")
    if check:
        await _check(conn)


async def _check(conn: aiosqlite.Connection) -> None:
    """Fail now rather than on the first user action: every page readable, the file writable."""
    rows = await conn.execute_fetchall("PRAGMA quick_check")
    verdict = "; ".join(str(r[0]) for r in list(rows)[:3])
    if verdict != "ok":
        raise sqlite3.DatabaseError(f"database disk image is malformed ({verdict})")
    # A write probe: rewriting user_version changes nothing but must reach the file.
    await conn.execute("BEGIN IMMEDIATE")
    try:
        version = list(await conn.execute_fetchall("PRAGMA user_version"))[0][0]
        await conn.execute(f"PRAGMA user_version = {int(version)}")
        await conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            await conn.rollback()
        raise
