"""The fixed day the synthetic organisation is observed, and dates as the files write them.

Every date is a day number (``date.toordinal``) relative to :data:`AS_OF` rather than
"today", so the output never depends on the clock.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

#: The day the synthetic organisation is observed: fixed, so output never depends on the clock.
AS_OF = date(2025, 6, 1)
AS_OF_DAY = AS_OF.toordinal()

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@lru_cache(maxsize=None)
def iso(day: int) -> str:
    """``2024-03-15``; cached, as a million rows share a few thousand days."""
    return date.fromordinal(day).isoformat()


def linkedin_date(day: int) -> str:
    """``15 Mar 2024`` independent of the process locale."""
    d = date.fromordinal(day)
    return f"{d.day:02d} {_MONTHS[d.month - 1]} {d.year}"
