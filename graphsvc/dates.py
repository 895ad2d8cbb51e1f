"""Dates as sources write them (ISO days, months or years, and LinkedIn's ``15 Mar 2024``), and
the years a tie or a tenure lasted as people read them."""
from __future__ import annotations

from datetime import date, datetime

__all__ = ["parse_date", "iso", "year_span"]

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


def year_span(since, until) -> str:
    """When something held, in whole years: ``2019–2023``, ``2021``, ``since 2019``, ``until 2023``.

    ``since`` and ``until`` are dates or stored date text, either may be missing (then ``""``
    when both are). Evidence explanations and "who can help" reasons both say it this way.

    Examples
    --------
    >>> year_span("2019-03-01", "2023-06-30"), year_span("2021-01-01", "2021-12-31")
    ('2019–2023', '2021')
    >>> year_span("2019-03-01", None), year_span(None, "2023-06-30"), year_span(None, "")
    ('since 2019', 'until 2023', '')
    """
    start, end = parse_date(since), parse_date(until)
    if start and end:
        return f"{start.year}–{end.year}" if start.year != end.year else str(start.year)
    if start:
        return f"since {start.year}"
    if end:
        return f"until {end.year}"
    return ""
