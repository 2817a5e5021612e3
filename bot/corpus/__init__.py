"""Question corpus: deck loading, validation and importers of notes."""
