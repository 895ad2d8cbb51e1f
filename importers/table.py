"""Reading an input file into rows that remember their line, whatever the format.

CSV (UTF-8, BOM tolerated) and JSON (a list of objects) give rows of raw text; headers are
matched to model fields through aliases, so every importer can report ``FILE:LINE: column``.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

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


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRejected([Problem(str(path), 0, "", f"cannot read file: {exc.strerror or exc}")]) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ImportRejected([Problem(str(path), line, "", "not UTF-8 text: save the file as UTF-8 (CSV UTF-8)")]) from exc


def _csv_records(text: str, file: str) -> tuple[list[str], list[tuple[int, dict]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    records = []
    try:
        start = 1
        for cells in reader:
            if header is None:
                if cells and any(c.strip() for c in cells):
                    header = [c.strip() for c in cells]
                start = reader.line_num + 1
                continue
            if any(c.strip() for c in cells):
                if len(cells) > len(header):
                    raise ImportRejected([Problem(file, start, "", f"{len(cells)} cells but the header has "
                                                  f"{len(header)} columns (a stray comma or quote?)")])
                records.append((start, dict(zip(header, cells))))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportRejected([Problem(file, reader.line_num, "", f"malformed CSV: {exc}")]) from exc
    return header or [], records


def _json_records(text: str, file: str) -> tuple[list[str], list[tuple[int, dict]]]:
    """Objects of a top-level JSON list, each with the line on which it starts."""
    decoder = json.JSONDecoder()
    records, header = [], []
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
        if not isinstance(obj, dict):
            raise ImportRejected([Problem(file, line, "", "each item of the list must be an object")])
        header.extend(k for k in obj if k not in header)
        records.append((line, obj))
    return header, records


def _skip(text: str, i: int, extra: str = "") -> int:
    while i < len(text) and (text[i].isspace() or text[i] in extra):
        i += 1
    return i


def map_columns(header: list[str], aliases: Mapping[str, str], column_map: Mapping[str, str] | None,
                file: str) -> dict[str, str]:
    """File column → model field, from an explicit map first, then the aliases."""
    mapping: dict[str, str] = {}
    explicit = dict(column_map or {})
    unknown = [c for c in explicit if c not in header]
    if unknown:
        raise ImportRejected([Problem(file, 1, c, "--map names a column that is not in the header")
                              for c in unknown])
    for column in header:
        field = explicit.get(column) or aliases.get(normalise_header(column))
        if field and field not in mapping.values():
            mapping[column] = field
    return mapping


def read_table(path: str | Path, aliases: Mapping[str, str],
               column_map: Mapping[str, str] | None = None) -> Table:
    """Rows of a CSV or JSON file with values keyed by model field.

    Raises :class:`ImportRejected` for a file that cannot be read as a table at all.
    """
    path = Path(path)
    file = str(path)
    text = _read_text(path)
    if path.suffix.lower() == ".json":
        header, records = _json_records(text, file)
    else:
        header, records = _csv_records(text, file)
    if not records:
        raise ImportRejected([Problem(file, 1 if header else 0, "", "no data rows")])
    mapping = map_columns(header, aliases, column_map, file)
    columns = {field: column for column, field in mapping.items()}
    rows = [Row(line, {field: _cell(rec.get(column)) for column, field in mapping.items()}, columns)
            for line, rec in records]
    return Table(file, header, rows)
