"""One sending process per SQLite database: an OS file lock on `<database>.lock`.

The lock is held for the life of the process (the OS releases it when the process dies, even
by kill -9), so a second `drillbot run` on the same file refuses to start instead of sending
every daily question twice.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from bot.storage.connection import DatabaseError


class SenderLock:
    def __init__(self, database: Path | str) -> None:
        self.path = Path(f"{database}.lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise DatabaseError naming the process that holds it."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise DatabaseError(f"{self.path}: cannot create the lock file: {error}") from error
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise DatabaseError(
                f"{str(self.path).removesuffix('.lock')} is already used by another running"
                f" drillbot (pid {holder}); stop it first, only one may send per database"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the lock
            self._fd = None
