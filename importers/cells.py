"""Pure parsers for one cell of an import: each returns the clean value or raises ``ValueError``.

The message of the ``ValueError`` is what the user reads after ``FILE:LINE: column:``, so it
says what is wrong and what would be right. Importers call these through
:class:`importers.problems.Collector`, which turns the error into a :class:`Problem`.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import urlsplit

from graphsvc.dates import parse_date

__all__ = ["email", "date", "whole_number", "flag", "items", "name", "linkedin_url", "valid_email",
           "name_key"]

_EMAIL = re.compile(r"^[^@\s,;<>\"']+@[^@\s,;<>\"'.][^@\s,;<>\"']*\.[^@\s,;<>\"'.]+$")
_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f"}


def valid_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


def email(text: str) -> str | None:
    """A lower-cased address, ``None`` for an empty cell."""
    if not text:
        return None
    if not valid_email(text):
        raise ValueError(f"malformed e-mail {text!r}")
    return text.lower()


@lru_cache(maxsize=16_384)
def date(text: str) -> str | None:
    """ISO ``YYYY-MM-DD`` from ISO days, months, years or LinkedIn's ``15 Mar 2024``.

    Remembered: a file names a few thousand days in a hundred thousand cells (a text that is
    not a date raises each time, uncached)."""
    try:
        day = parse_date(text)
    except ValueError:
        raise ValueError(f"not a date: {text!r} (use YYYY-MM-DD or 15 Mar 2024)") from None
    return day.isoformat() if day else None


def whole_number(text: str, minimum: int | None = None, maximum: int | None = None) -> int | None:
    if not text:
        return None
    if not re.fullmatch(r"[+-]?\d{1,15}", text):
        raise ValueError(f"must be a whole number, not {text!r}")
    value = int(text)
    if minimum is not None and value < minimum:
        raise ValueError(f"must be at least {minimum}, not {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"must be at most {maximum}, not {value}")
    return value


def flag(text: str) -> bool | None:
    """``true``/``false`` (also yes/no, y/n, 1/0), ``None`` for an empty cell."""
    if not text:
        return None
    lowered = text.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"must be true or false, not {text!r}")


def items(text: str) -> list[str] | None:
    """A ``;``-separated list, trimmed, empty entries and repeats dropped, order kept."""
    if not text:
        return None
    out: list[str] = []
    for part in text.split(";"):
        part = " ".join(part.split())
        if part and part not in out:
            out.append(part)
    return out


def name(text: str) -> str:
    """A display name with its whitespace collapsed, so that names compare as people read them."""
    return " ".join(text.split())


def name_key(text: str) -> str:
    """What two spellings of one name have in common: case, accents and spacing folded."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(folded.casefold().split())


def linkedin_url(text: str) -> str | None:
    """The canonical ``https://www.linkedin.com/in/<slug>`` of a profile URL.

    Exports and HR systems write the same profile with or without scheme, ``www.``, a
    country subdomain, a trailing slash or tracking parameters; the canonical form is the
    merge key, so all of those meet.
    """
    if not text:
        return None
    raw = text.strip()
    parts = urlsplit(raw if "://" in raw else f"https://{raw}")
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    if parts.scheme.lower() not in {"http", "https"} or not (host == "linkedin.com" or host.endswith(".linkedin.com")) \
            or len(segments) < 2 or segments[0].lower() not in {"in", "pub"}:
        raise ValueError(f"not a LinkedIn profile URL: {text!r} (expected https://www.linkedin.com/in/NAME)")
    return f"https://www.linkedin.com/in/{segments[1].lower()}"
