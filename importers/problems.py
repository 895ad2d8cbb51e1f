"""Problems found while validating an import, named by file, line and column."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, NamedTuple

__all__ = ["Problem", "ImportRejected", "Collector", "Parsed"]


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


class Collector:
    """Gathers the errors and warnings of one file, so that every problem is reported at once.

    ``cell(row, field, parse)`` runs one of the pure parsers of :mod:`importers.cells` and
    files its ``ValueError`` under the row's line and the file's own column name.
    """

    def __init__(self, file: str):
        self.file = file
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []

    def error(self, line: int, column: str, message: str) -> None:
        self.errors.append(Problem(self.file, line, column, message))

    def warn(self, line: int, column: str, message: str) -> None:
        self.warnings.append(Problem(self.file, line, column, message))

    def column(self, row, field: str) -> str:
        return row.columns.get(field, field)

    def row_error(self, row, field: str, message: str) -> None:
        self.error(row.line, self.column(row, field), message)

    def cell(self, row, field: str, parse: Callable[..., Any], *args: Any) -> Any:
        """The parsed value of ``row``'s ``field`` (``None`` and an error when it is invalid)."""
        try:
            return parse(row.values.get(field, ""), *args)
        except ValueError as exc:
            self.row_error(row, field, str(exc))
            return None

    def raise_if_any(self) -> None:
        if self.errors:
            raise ImportRejected(self.errors)


class Parsed(NamedTuple):
    """What a parser hands to the store: the batch, and warnings that did not stop it."""

    batch: Any
    warnings: list[Problem]
