"""Ask SQLite about many values at once without passing its limit on host parameters."""
from __future__ import annotations

from typing import Iterable

__all__ = ["CHUNK", "select_in"]

#: SQLite's default limit on host parameters is 32766; stay well under it.
CHUNK = 900


def select_in(cur, sql: str, values: Iterable, repeat: int = 1) -> list[tuple]:
    """Rows of ``sql`` whose ``IN ({marks})`` takes ``values``, asked in chunks.

    Values are deduplicated and sorted, so each chunk comes in the query's order and the
    chunks by value. ``repeat``: how many ``IN ({marks})`` the query holds, each taking the
    same values. ``cur`` is a cursor or connection (inside the caller's transaction).
    """
    values = sorted(set(values))
    size = CHUNK // repeat
    rows: list[tuple] = []
    for i in range(0, len(values), size):
        chunk = values[i:i + size]
        rows += cur.execute(sql.format(marks=",".join("?" * len(chunk))), chunk * repeat).fetchall()
    return rows
