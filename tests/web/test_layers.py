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


# Graph logic belongs to the service (issue 10, item 8): the web UI parses requests, calls a
# graphsvc function and shows its answer; pages and the API call the same functions.

def _webui_modules() -> dict[str, ast.Module]:
    return {path.relative_to(ROOT).as_posix(): ast.parse(path.read_text(encoding="utf-8"), str(path))
            for path in sorted((ROOT / "webui").rglob("*.py"))}


def _blueprint_modules(modules: dict[str, ast.Module]) -> set[str]:
    """The dotted names of the web modules that define a Blueprint (pages and the API)."""
    return {name[:-3].replace("/", ".") for name, tree in modules.items()
            if any(isinstance(n, ast.Call) and getattr(n.func, "id", None) == "Blueprint" for n in ast.walk(tree))}


def test_the_api_imports_no_page_blueprint():
    modules = _webui_modules()
    pages = _blueprint_modules(modules) - {"webui.api"}
    assert pages, "no page blueprints found: the test reads the wrong place"
    assert _imported(ROOT / "webui" / "api.py") & pages == set()


def test_only_the_drawing_module_imports_graph_libraries():
    for library in ("networkx", "pyvis", "numpy", "scipy"):
        assert {m for m in importers_of("webui", library)} <= {"webui/graphs.py"}, library


def test_no_web_module_reads_the_graph_itself():
    """Every read behind the questions (ties, weights, neighbourhoods, matching, search) is the
    service's; the web UI may look people up by id (``get_people``) and nothing more. A store
    method is reached as an attribute (``get_store().search_people``); a graphsvc function of
    the same name, imported by name, is not one."""
    from graphsvc.store import GraphReads
    reads = {name for name, member in vars(GraphReads).items() if callable(member) and not name.startswith("_")}
    assert {"incident_edges", "weighted_neighbours", "search_people", "path_evidence"} <= reads
    forbidden = reads - {"get_people"}
    calls = {(name, n.attr) for name, tree in _webui_modules().items() for n in ast.walk(tree)
             if isinstance(n, ast.Attribute) and n.attr in forbidden}
    assert calls == set()


def test_query_arguments_and_json_bodies_are_read_in_one_place():
    readers = {"args": "webui/params.py", "get_json": "webui/request_body.py", "json": "webui/request_body.py"}
    found = {(name, n.attr) for name, tree in _webui_modules().items() for n in ast.walk(tree)
             if isinstance(n, ast.Attribute) and n.attr in readers and isinstance(n.value, ast.Name)
             and n.value.id == "request" and readers[n.attr] != name}
    assert found == set()
