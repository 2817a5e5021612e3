"""Storage on SQLite or PostgreSQL: connection set-up, migrations and repositories. All SQL
lives here."""

from bot.storage.connection import DatabaseError
from bot.storage.store import Store, UnitOfWork

__all__ = ["DatabaseError", "Store", "UnitOfWork"]
