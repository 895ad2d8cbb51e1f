"""An import's problems as a CSV file an admin can open in a spreadsheet and work through.

Problems quote the cells they are about, and those cells come from untrusted files: a
column named ``=cmd|' /C calc'!A0`` would run as a formula in the admin's spreadsheet.
Every cell that a spreadsheet would read as a formula is written with a leading ``'``,
which spreadsheets show as text (OWASP's advice for CSV injection).
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Iterable

from importers.problems import Problem

__all__ = ["csv_safe", "write_problems_csv"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_safe(value: object) -> str:
    """The text of a cell, with ``'`` in front when a spreadsheet would evaluate it.

    >>> csv_safe("=cmd|' /C calc'!A0"), csv_safe("-2+3"), csv_safe("Initech"), csv_safe(7)
    ("'=cmd|' /C calc'!A0", "'-2+3", 'Initech', '7')
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_problems_csv(path: str | Path, errors: Iterable[Problem], warnings: Iterable[Problem]) -> None:
    """``severity,file,line,column,problem``: one row per error, then one per warning."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["severity", "file", "line", "column", "problem"])
        for severity, problems in (("error", errors), ("warning", warnings)):
            out.writerows([csv_safe(v) for v in (severity, p.file, p.line, p.column, p.message)]
                          for p in problems)
