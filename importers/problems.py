"""Problems found while validating an import, named by file, line and column."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Problem", "ImportRejected"]


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column, "message": self.message}


class ImportRejected(Exception):
    """The input has errors; nothing was written. ``problems`` names every one."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
