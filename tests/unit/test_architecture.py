"""All SQL lives in bot/storage: no string outside it reads like a query."""

from __future__ import annotations

import ast
import re
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"
SQL = re.compile(
    r"\bSELECT\b[\s\S]*\bFROM\b|\bINSERT\s+(OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b"
    r"|\bDELETE\s+FROM\b|\bREPLACE\s+INTO\b"
)


def sql_strings(source: str) -> list[str]:
    """String literals (f-strings included, parts joined) that contain an SQL statement."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            text = "".join(
                v.value if isinstance(v, ast.Constant) else "{}" for v in node.values
            )
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if SQL.search(text):
            found.append(text)
    return found


def test_the_check_sees_queries_in_every_string_form():
    assert sql_strings('q = "SELECT id FROM users WHERE x = ?"')
    assert sql_strings('q = ("SELECT id"\n " FROM users")')  # implicit concatenation
    assert sql_strings('q = f"UPDATE users SET {a} = ? WHERE id = ?"')
    assert sql_strings("q = 'INSERT OR IGNORE INTO t VALUES (1)'")
    assert sql_strings("q = 'DELETE FROM t'")
    assert not sql_strings('say = "Select a topic from the list"')


def test_no_sql_outside_storage():
    offenders = {
        str(path.relative_to(BOT.parent)): sql_strings(path.read_text(encoding="utf-8"))
        for path in sorted(BOT.rglob("*.py"))
        if BOT / "storage" not in path.parents
    }
    assert {path: found for path, found in offenders.items() if found} == {}
