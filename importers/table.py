"""Reading an input file into rows that remember their line, whatever the format.

CSV (UTF-8, BOM tolerated; UTF-16 with a BOM, as Excel's "Unicode text" writes it), JSON (a
list of objects) and Excel ``.xlsx`` (the first sheet) give rows of raw text; headers are
matched to model fields through aliases, so every importer can report ``FILE:LINE: column``.
Cell text is never interpreted here: a spreadsheet formula such as ``=cmd|' /C calc'!A0``
is just text, and an ``.xlsx`` formula cell is read as its formula text, never evaluated.
"""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from contextlib import closing
from itertools import chain
from operator import itemgetter
from dataclasses import dataclass
from pathlib import Path
from datetime import date, datetime
from typing import Callable, Collection, Mapping

from graphsvc import limits
from importers.problems import ImportRejected, Problem

__all__ = ["Row", "Table", "read_table", "normalise_header", "map_columns"]


@dataclass
class Row:
    line: int
    values: dict[str, str]  # model field → raw text (stripped)
    columns: dict[str, str]  # model field → the file's own column name, for messages


@dataclass
class Table:
    file: str
    header: list[str]
    rows: list[Row]
    columns: dict[str, str]  # model field → the file's own column name; every row shares it

    def require(self, *fields: str, expected: str) -> None:
        """Reject the file unless it has a column for each of ``fields``, naming those missing.

        ``expected`` is the format's header, shown so the user can fix theirs.
        """
        missing = [f for f in fields if f not in self.columns]
        if missing:
            self._reject(f"missing column(s) {', '.join(missing)}: expected {expected}")

    def require_one_of(self, fields: Collection[str], problem: str) -> None:
        """Reject the file with ``problem`` unless it has a column for at least one of ``fields``."""
        if not any(f in self.columns for f in fields):
            self._reject(problem)

    def _reject(self, problem: str) -> None:
        # A missing column is a problem of the header, line 1, whatever the rows hold.
        raise ImportRejected([Problem(self.file, 1, "", problem)])


def normalise_header(name: str) -> str:
    """``Employee ID``, ``employee_id`` and ``employeeId`` all become ``employeeid``."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value).strip()


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportRejected([Problem(str(path), 0, "", f"cannot read file: {exc.strerror or exc}")]) from exc


def _read_text(path: Path) -> str:
    data = _read_bytes(path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportRejected([Problem(str(path), 0, "", "not valid UTF-16 text: save the file as "
                                          "UTF-8 (CSV UTF-8)")]) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ImportRejected([Problem(str(path), line, "", "not UTF-8 text: save the file as UTF-8 (CSV UTF-8)")]) from exc


#: Is this row (its stripped cells) the header? The default: the first row that is not empty.
HeaderTest = Callable[[list[str]], bool]


def _any_cell(cells: list[str]) -> bool:
    return any(cells)


def _rows_to_records(rows, file: str, is_header: HeaderTest) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """(line, cells) pairs → header and (line, stripped cells) records; rows before the header
    are a preamble, empty rows are skipped, and empty cells at the end of a row do not count.

    Rejects a file past the row or column caps (:mod:`graphsvc.limits`) at the row that
    crosses them, before reading further.
    """
    max_rows, max_columns = limits.import_max_rows(), limits.import_max_columns()
    header: list[str] | None = None
    records = []
    for line, cells in rows:
        cells = list(map(str.strip, cells))
        while cells and not cells[-1]:
            cells.pop()
        if len(cells) > max_columns:
            raise ImportRejected([Problem(file, line, "", f"a value in column {len(cells):,}: an import takes "
                                          f"at most {max_columns:,} columns (INTROGRAPH_IMPORT_MAX_COLUMNS)")])
        if header is None:
            if is_header(cells):
                header = cells
            continue
        if cells:
            if len(cells) > len(header):
                raise ImportRejected([Problem(file, line, "", f"{len(cells)} cells but the header has "
                                              f"{len(header)} columns (a stray comma or quote?)")])
            if len(records) == max_rows:
                raise ImportRejected([Problem(file, line, "", _too_many_rows(max_rows))])
            records.append((line, cells))
    return header or [], records


def _too_many_rows(max_rows: int) -> str:
    return (f"more than {max_rows:,} data rows: an import takes at most {max_rows:,} "
            "(INTROGRAPH_IMPORT_MAX_ROWS); split the file")


def _csv_rows(text: str, file: str):
    """(first line of the row, cells) of each CSV row; a quoted cell may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportRejected([Problem(file, start, "", f"malformed CSV: {exc}")]) from exc


def _xlsx_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check_expansion(path: Path, file: str) -> None:
    """Refuse a workbook (a zip) with a part that expands like a compression bomb: openpyxl
    keeps the shared strings in memory, several times their size in the file."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return  # not a zip: opening the workbook says so
    for part in parts:
        if part.file_size > max(limits.XLSX_EXPANSION_FLOOR, limits.XLSX_EXPANSION * part.compress_size):
            raise ImportRejected([Problem(
                file, 0, "", f"{part.filename} expands from {part.compress_size:,} to {part.file_size:,} bytes, "
                f"more than {limits.XLSX_EXPANSION} times: not a workbook intrograph reads; save it again "
                "from Excel, or as CSV UTF-8")])


def _xlsx_rows(path: Path, file: str):
    """(row number, cells) of the first worksheet of an Excel workbook, one row at a time.

    The sheet's declared ``<dimension>`` is ignored: openpyxl would pad every row to it, and
    ``A1:XFD800`` would mean 13 million empty cells. A row is as long as its last cell.
    """
    from openpyxl import load_workbook  # only for .xlsx: keeps other imports light
    _read_bytes(path)  # a missing or unreadable file gets the same message as for CSV
    _check_expansion(path, file)
    # A damaged workbook fails deep inside zipfile, XML parsers or openpyxl with many kinds
    # of exception; whichever it is, the user's problem is the same: the file is unreadable.
    try:
        book = load_workbook(path, read_only=True, data_only=False)
        try:
            if not book.worksheets:
                return
            sheet = book.worksheets[0]
            sheet.reset_dimensions()
            for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
                if values:  # openpyxl fills a gap in the rows with empty ones
                    yield number, [_xlsx_value(v) for v in values]
        finally:
            book.close()
    except Exception as exc:
        raise ImportRejected([Problem(file, 0, "", f"not a readable .xlsx workbook ({type(exc).__name__}: "
                                      f"{exc}); save it again from Excel, or as CSV UTF-8")]) from exc


#: What a JSON import may hold, for the message that refuses anything deeper.
_JSON_SHAPE = (f"nested too deeply: an import is a list of objects whose values are text, numbers, true/false "
               f"or lists of those (at most {limits.JSON_DEPTH} levels)")


def _flat(value) -> bool:
    """Is ``value`` a cell: a scalar, or a list of scalars?"""
    if isinstance(value, list):
        return not any(isinstance(v, (list, dict)) for v in value)
    return not isinstance(value, dict)


def _json_records(text: str, file: str) -> tuple[list[str], list[tuple[int, dict]]]:
    """Objects of a top-level JSON list, each with the line on which it starts."""
    decoder = json.JSONDecoder()
    max_rows, max_columns = limits.import_max_rows(), limits.import_max_columns()
    records, header = [], {}
    i = _skip(text, 0)
    if i >= len(text) or text[i] != "[":
        raise ImportRejected([Problem(file, text[:i].count("\n") + 1, "", "JSON input must be a list of objects")])
    i += 1
    while True:
        i = _skip(text, i, ",")
        if i >= len(text):
            raise ImportRejected([Problem(file, text.count("\n") + 1, "", "malformed JSON: the list is not closed")])
        if text[i] == "]":
            break
        line = text.count("\n", 0, i) + 1
        try:
            obj, i = decoder.raw_decode(text, i)
        except json.JSONDecodeError as exc:
            raise ImportRejected([Problem(file, exc.lineno, "", f"malformed JSON: {exc.msg}")]) from exc
        except RecursionError:
            # the decoder recurses once a level; past Python's limit the item is surely too deep
            raise ImportRejected([Problem(file, line, "", _JSON_SHAPE)]) from None
        if not isinstance(obj, dict):
            raise ImportRejected([Problem(file, line, "", "each item of the list must be an object")])
        deep = [key for key, value in obj.items() if not _flat(value)]
        if deep:
            raise ImportRejected([Problem(file, line, deep[0], _JSON_SHAPE)])
        header.update(dict.fromkeys(obj))
        if len(header) > max_columns:
            raise ImportRejected([Problem(file, line, "", f"{len(header):,} different keys: an import takes at most "
                                          f"{max_columns:,} columns (INTROGRAPH_IMPORT_MAX_COLUMNS)")])
        if len(records) == max_rows:
            raise ImportRejected([Problem(file, line, "", _too_many_rows(max_rows))])
        records.append((line, obj))
    return list(header), records


def _skip(text: str, i: int, extra: str = "") -> int:
    while i < len(text) and (text[i].isspace() or text[i] in extra):
        i += 1
    return i


def map_columns(header: list[str], aliases: Mapping[str, str], column_map: Mapping[str, str] | None,
                file: str) -> dict[str, str]:
    """File column → model field, from an explicit map first, then the aliases."""
    mapping: dict[str, str] = {}
    explicit = dict(column_map or {})
    fields = sorted(set(aliases.values()))
    problems = [Problem(file, 1, c, "--map names a column that is not in the header")
                for c in explicit if c not in header]
    problems += [Problem(file, 1, c, f"--map {c}={f}: no field {f!r} here; fields are {', '.join(fields)}")
                 for c, f in explicit.items() if f not in fields]
    if problems:
        raise ImportRejected(problems)
    for column in header:
        field = explicit.get(column) or aliases.get(normalise_header(column))
        if field and field not in mapping.values():
            mapping[column] = field
    return mapping


def _rows_by_position(records: list[tuple[int, list[str]]], at: list[tuple[str, int]],
                      columns: dict[str, str]) -> list[Row]:
    """Rows of ``(line, cells)`` records, each field ``(field, index)`` of ``at`` taken from its
    cell; a row shorter than the header has empty trailing cells. Cells are picked by one
    ``itemgetter`` per row rather than a test per cell: a file has a million cells."""
    fields = [field for field, _ in at]
    if not at:
        return [Row(line, {}, columns) for line, _ in records]
    width = max(i for _, i in at) + 1
    pick = itemgetter(*(i for _, i in at))
    if len(at) == 1:
        one = pick
        pick = lambda cells: (one(cells),)  # noqa: E731 - itemgetter of one index gives no tuple
    return [Row(line, dict(zip(fields, pick(cells if len(cells) >= width else cells + [""] * (width - len(cells))))),
                columns) for line, cells in records]


def read_table(path: str | Path, aliases: Mapping[str, str],
               column_map: Mapping[str, str] | None = None, is_header: HeaderTest = _any_cell) -> Table:
    """Rows of a CSV, JSON or ``.xlsx`` file with values keyed by model field.

    ``is_header`` picks the header row of a CSV or workbook that starts with a preamble
    (LinkedIn's ``Notes:``). Raises :class:`ImportRejected` for a file that cannot be read
    as a table at all.
    """
    path = Path(path)
    file = str(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        header, objects = _json_records(_read_text(path), file)
    elif suffix in {".xlsx", ".xlsm"}:
        with closing(_xlsx_rows(path, file)) as rows:
            header, records = _rows_to_records(rows, file, is_header)
    else:
        header, records = _rows_to_records(_csv_rows(_read_text(path), file), file, is_header)
    if not (objects if suffix == ".json" else records):
        raise ImportRejected([Problem(file, 1 if header else 0, "", "no data rows")])
    mapping = map_columns(header, aliases, column_map, file)
    columns = {field: column for column, field in mapping.items()}
    if suffix == ".json":
        rows = [Row(line, {field: _cell(obj.get(column)) for column, field in mapping.items()}, columns)
                for line, obj in objects]
    else:
        rows = _rows_by_position(records, [(field, header.index(column)) for column, field in mapping.items()],
                                 columns)
    longest = max(map(len, chain.from_iterable(row.values.values() for row in rows)), default=0)
    too_long = [Problem(file, row.line, columns[field], f"{len(value):,} characters: a cell holds at most "
                        f"{limits.IMPORT_CELL:,}") for row in rows for field, value in row.values.items()
                if len(value) > limits.IMPORT_CELL] if longest > limits.IMPORT_CELL else []
    if too_long:
        raise ImportRejected(too_long)
    return Table(file, header, rows, columns)
