"""The package's layers: each folder (or top-level module) sits on a floor and imports only from
the floors below it; no module imports itself back through others.

Every import counts: at module level, inside functions (loaded on use, still a dependency)
and under TYPE_CHECKING. The floors, from the top:
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "sse_channels"

# Top floor first. A room is a folder of the package or a module at its top; rooms on one
# floor do not import each other.
FLOORS: tuple[frozenset[str], ...] = tuple(
    frozenset(floor.split())
    for floor in (
        "__main__",
        "cli",  # the shell: the only Typer importer
        "web",  # the other shell: `serve`, a page and a JSON API (Starlette)
        "api",  # the typed functions every shell calls
        "handoff",  # QR codes, the clipboard, calendar files
        "formats",  # CSV, Markdown, vCard, iCalendar
        "output",  # plain text, the terminal (Rich), JSON; the streams
        "answers",  # what each command answers
        "store",  # where the directory comes from: compiled, cached, the readings that ship
        "search days",  # ranking; trading days, staffing, typed dates
        "directory",  # reading and checking the directory's files
        "dial files",  # dial sequences; safe reading and writing of files
        "model",  # the records
        "textnorm errors l10n streams _compat",  # shared leaves
        "__init__",
    )
)
FLAT_LIMIT = 12


def _module(path: Path, package: Path = PACKAGE) -> str:
    rel = path.relative_to(package).with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return ".".join(parts) or "__init__"


def _targets(current: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    """The package's modules an import names (a name may be a module or an attribute)."""
    if node.level:
        base = current.split(".") if current != "__init__" else []
        if not is_package:
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
        target = ".".join([*base, *([node.module] if node.module else [])])
    elif node.module and (node.module == "sse_channels" or node.module.startswith("sse_channels.")):
        target = node.module.removeprefix("sse_channels").lstrip(".")
    else:
        return []
    names = [f"{target}.{a.name}" if target else a.name for a in node.names]
    return [target, *names] if target else names


def _edges(package: Path = PACKAGE) -> dict[str, set[str]]:
    files = {_module(p, package): p for p in package.rglob("*.py")}
    edges: dict[str, set[str]] = {m: set() for m in files}
    for mod, path in files.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                for name in _targets(mod, path.name == "__init__.py", node):
                    # A submodule's own parent package is imported before it: no edge.
                    if name in files and name != mod and not mod.startswith(name + "."):
                        edges[mod].add(name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    name = alias.name.removeprefix("sse_channels").lstrip(".")
                    if alias.name.startswith("sse_channels.") and name in files:
                        edges[mod].add(name)
    return edges


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for n in sorted(edges[m]):
            if state.get(n) == 1:
                return [*stack[stack.index(n) :], n]
            if n not in state and (found := visit(n)):
                return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(edges):
        if m not in state and (found := visit(m)):
            return found
    return None


def _room(module: str) -> str:
    return module.split(".")[0]


def _floor(room: str) -> int:
    return next(i for i, floor in enumerate(FLOORS) if room in floor)


def _climbs(edges: dict[str, set[str]]) -> list[str]:
    """Imports from a room to one on its own floor or above it."""
    return sorted(
        f"{m} -> {n}"
        for m, targets in edges.items()
        for n in targets
        if _room(m) != _room(n) and _floor(_room(n)) <= _floor(_room(m))
    )


def test_the_graph_is_read() -> None:
    edges = _edges()
    assert "answers" in edges["api"]
    assert "search.index" in edges["search.rank"]
    assert "output.checks" in edges["output.plain"]  # imported inside a function
    assert "directory.diff" in edges["output.as_json"]  # imported under TYPE_CHECKING


def test_every_room_has_a_floor() -> None:
    rooms = {_room(m) for m in _edges()}
    assert sorted(r for r in rooms if not any(r in f for f in FLOORS)) == []
    assert sorted(r for f in FLOORS for r in f if r not in rooms) == []


def test_no_import_cycle_lazy_imports_included() -> None:
    assert _cycle(_edges()) is None


def test_every_import_goes_down_a_floor() -> None:
    assert _climbs(_edges()) == []


def test_at_most_twelve_modules_lie_flat_in_the_package() -> None:
    flat = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(flat) <= FLAT_LIMIT, flat


def test_only_the_shell_imports_typer_and_only_the_terminal_output_rich() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        mod = _module(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            for name in names:
                top = name.split(".")[0]
                if top == "typer" and _room(mod) != "cli":
                    offenders.append(f"{mod}: {name}")
                if top == "rich" and not mod.startswith("output.terminal"):
                    offenders.append(f"{mod}: {name}")
    assert offenders == []


def test_a_cycle_is_found() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_a_climb_is_found(tmp_path: Path) -> None:
    """The check itself: a module of `model` that imports `api` is a climb."""
    (tmp_path / "model.py").write_text("from .api import search\n")
    (tmp_path / "api.py").write_text("def search() -> None: ...\n")
    edges = _edges(tmp_path)
    assert _climbs(edges) == ["model -> api"]
