"""Which package may import which (ARCHITECTURE.md, Invariants), read from the source.

``webui`` reaches ``importers`` for web uploads only: ``webui/admin.py`` runs an import
through its entry point ``importers.run`` (which also names the ``ImportRejected`` it raises); no other web module
knows the importers. ``graphsvc`` imports neither outside ``graphsvc/cli/``.
"""
from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import ROOT



def _imported(path: Path) -> set[str]:
    """The absolute module names a file imports (``from a.b import c`` counts as ``a.b``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def importers_of(package: str, imported: str) -> dict[str, list[str]]:
    """Each module of ``package`` that imports ``imported`` (or a module inside it), with what it imports."""
    out = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        hits = sorted(m for m in _imported(path) if m == imported or m.startswith(imported + "."))
        if hits:
            out[path.relative_to(ROOT).as_posix()] = hits
    return out


def test_only_web_uploads_import_importers_through_its_entry_point():
    assert importers_of("webui", "importers") == {"webui/admin.py": ["importers.run"]}


def test_importers_do_not_import_the_web_ui():
    assert importers_of("importers", "webui") == {}


def test_graphsvc_imports_neither_outside_its_cli():
    for outer in ("webui", "importers"):
        assert {m for m in importers_of("graphsvc", outer) if not m.startswith("graphsvc/cli/")} == set()
