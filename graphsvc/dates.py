"""Dates as sources write them: ISO days, months or years, and LinkedIn's ``15 Mar 2024``."""
from __future__ import annotations

from datetime import date, datetime

__all__ = ["parse_date", "iso"]

_FORMATS = ("%Y-%m-%d", "%Y-%m", "%Y", "%d %b %Y", "%d %B %Y", "%Y/%m/%d", "%d/%m/%Y")


def parse_date(value) -> date | None:
    """A date from a stored or imported value; ``None`` when empty.

    Raises ``ValueError`` for text that is not a date, so importers can name the cell.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:  # the stored form, and by far the most common: fast path
        return date.fromisoformat(text)
    except ValueError:
        pass
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"not a date: {text!r} (use YYYY-MM-DD)")


def iso(value) -> str | None:
    """The ISO text under which a date is stored (``None`` stays ``None``)."""
    d = parse_date(value)
    return d.isoformat() if d else None
