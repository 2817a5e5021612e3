"""SQLite storage: connection set-up, migrations and repositories. All SQL lives here."""

from bot.storage.store import Store, UnitOfWork

__all__ = ["Store", "UnitOfWork"]
