"""How much text and how large a file intrograph takes: every limit in one place.

The services check the text limits (so the CLI, the pages and the API refuse alike), the
API's OpenAPI document publishes them as ``maxLength`` (so a request body is refused at the
edge, naming the field), and README.md lists them (``LIMITS``, which a test keeps in step).
Without them one goal of 8 MB made every answer that shows it megabytes long.

Import files are capped by row and column: a spreadsheet can declare, or hold one cell at,
column XFD, and a reader that believes it spends gigabytes on empty cells. The row and
column caps can be raised through the environment for an organisation that needs more.
"""
from __future__ import annotations

import os
from typing import Mapping, Sequence

__all__ = [
    "GOAL_STATEMENT", "GOAL_MEASURE", "GOAL_REASON", "SPEC_ITEM", "SPEC_ITEMS", "PROGRESS_NOTE",
    "INTRO_MESSAGE", "TRANSITION_NOTE", "EMAIL", "PASSWORD", "SEARCH_TEXT", "PERSON_REF", "RECORD_ID",
    "IMPORT_CELL", "JSON_DEPTH", "MENTEE_PLACES", "XLSX_EXPANSION", "XLSX_EXPANSION_FLOOR", "LIMITS",
    "too_long", "list_too_long", "import_max_rows", "import_max_columns",
]

#: A goal in one sentence.
GOAL_STATEMENT = 500
#: How a goal's progress is measured ("introductions made").
GOAL_MEASURE = 200
#: A goal's Achievable and Relevant notes, each.
GOAL_REASON = 2_000
#: One part of a goal's spec (a skill, title, department, organisation, person, location).
SPEC_ITEM = 200
#: Entries in each part of a goal's spec.
SPEC_ITEMS = 50
#: The note recorded with a goal's progress.
PROGRESS_NOTE = 2_000
#: The message of an introduction request.
INTRO_MESSAGE = 2_000
#: The note of a step of an introduction (closing takes it as the outcome).
TRANSITION_NOTE = 2_000
#: An account's e-mail (RFC 5321's longest address).
EMAIL = 254
#: Longer passwords are refused rather than hashed: nobody types more, and hashing
#: megabytes on request would be a cheap way to load the server.
PASSWORD = 1_024
#: Text typed into a search (a name or id contains it; a skill; a department).
SEARCH_TEXT = 200
#: Longest cell an import takes. Names, e-mails, URLs and organisation names are indexed,
#: and Neo4j cannot index a value of more than about 8 KB (up to 4 bytes a character).
IMPORT_CELL = 1_000
#: A person named in a request (id or e-mail): at most an imported cell.
PERSON_REF = IMPORT_CELL
#: A goal's or an introduction's id given in a request.
RECORD_ID = 100
#: The most mentees a person can be set to take (``max_mentees``, imported or edited by an
#: admin): more is a typing slip, not a mentoring programme.
MENTEE_PLACES = 100
#: Levels of nesting in a JSON import: a list (1) of objects (2) whose values may be lists (3).
JSON_DEPTH = 3
#: A part of an .xlsx (a zip) that expands more than this many times its stored size, and
#: past ``XLSX_EXPANSION_FLOOR`` bytes, is refused: real sheets expand 5-20 times, a
#: compression bomb about 1,000.
XLSX_EXPANSION = 100
XLSX_EXPANSION_FLOOR = 64 * 1024 * 1024

#: Rows and columns an import takes by default; ``INTROGRAPH_IMPORT_MAX_ROWS`` and
#: ``INTROGRAPH_IMPORT_MAX_COLUMNS`` change them.
DEFAULT_IMPORT_ROWS = 2_000_000
DEFAULT_IMPORT_COLUMNS = 200

#: What README.md's table of limits lists: what → characters.
LIMITS: dict[str, int] = {
    "goal statement": GOAL_STATEMENT,
    "goal measure": GOAL_MEASURE,
    "goal achievable / relevant note": GOAL_REASON,
    "goal spec entry (skill, title, …)": SPEC_ITEM,
    "progress note": PROGRESS_NOTE,
    "introduction request message": INTRO_MESSAGE,
    "introduction step note (outcome)": TRANSITION_NOTE,
    "account e-mail": EMAIL,
    "password": PASSWORD,
    "search text": SEARCH_TEXT,
    "import cell": IMPORT_CELL,
}


def too_long(text: str | None, limit: int) -> str | None:
    """What is wrong with ``text`` for a field of at most ``limit`` characters, or ``None``.

    >>> too_long("abc", 2)
    'at most 2 characters, not 3'
    """
    length = len(text or "")
    return f"at most {limit:,} characters, not {length:,}" if length > limit else None


def list_too_long(lists: Mapping[str, Sequence], items: int, each: int) -> str | None:
    """What is wrong with the first of ``lists`` (name → entries) holding more than ``items``
    entries or an entry longer than ``each`` characters, or ``None``.

    >>> list_too_long({"skills": ["Go", "Rust"]}, 1, 10)
    'skills: at most 1 entries, not 2'
    """
    for name, entries in lists.items():
        if len(entries) > items:
            return f"{name}: at most {items:,} entries, not {len(entries):,}"
        for number, entry in enumerate(entries, 1):
            if problem := too_long(str(entry), each):
                return f"{name}, entry {number}: {problem}"
    return None


def _env_count(name: str, default: int, environ: Mapping[str, str]) -> int:
    text = environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {text!r}") from None
    if value < 1:
        raise ValueError(f"{name} must be at least 1, not {value}")
    return value


def import_max_rows(environ: Mapping[str, str] = os.environ) -> int:
    """Data rows an import file may hold."""
    return _env_count("INTROGRAPH_IMPORT_MAX_ROWS", DEFAULT_IMPORT_ROWS, environ)


def import_max_columns(environ: Mapping[str, str] = os.environ) -> int:
    """Columns an import file may use (the last non-empty cell of any row)."""
    return _env_count("INTROGRAPH_IMPORT_MAX_COLUMNS", DEFAULT_IMPORT_COLUMNS, environ)
