"""The package's layers: no import cycles at module level, and the core never imports the shell.

Imports inside functions (loaded on use, for start-up) and under TYPE_CHECKING are not edges
that run at import time, so they are left out; everything else is.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "sse_channels"
SHELL = {"cli", "cli_files", "cli_options", "cli_params", "entry", "__main__", "i18n"}


def _module(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return ".".join(parts) or "__init__"


def _resolve(current: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    base = current.split(".") if current != "__init__" else []
    if not is_package:
        base = base[:-1]
    if node.level:
        base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
        prefix = ".".join(base)
    elif node.module and node.module.startswith("sse_channels"):
        prefix = ""
    else:
        return []
    mod = node.module or ""
    if not node.level:
        mod = mod.removeprefix("sse_channels").lstrip(".")
    target = ".".join(x for x in (prefix, mod) if x)
    names = [f"{target}.{a.name}" if target else a.name for a in node.names]
    return [target, *names] if target else names


def _edges() -> dict[str, set[str]]:
    files = {_module(p): p for p in PACKAGE.rglob("*.py")}
    edges: dict[str, set[str]] = {m: set() for m in files}
    for mod, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # module level only: function-level imports load on use
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            stmts = [node] if not isinstance(node, (ast.If, ast.Try)) else ast.walk(node)
            for stmt in stmts:
                if isinstance(stmt, ast.ImportFrom):
                    for name in _resolve(mod, path.name == "__init__.py", stmt):
                        # A submodule's own parent package is imported before it: no edge.
                        if name in files and name != mod and not mod.startswith(name + "."):
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


def test_the_graph_is_read() -> None:
    edges = _edges()
    assert "answers" in edges["api"]
    assert "search.index" in edges["search.rank"] or "search.index" in edges["search"]


def test_no_import_cycle_at_module_level() -> None:
    assert _cycle(_edges()) is None


def test_the_core_never_imports_the_shell() -> None:
    edges = _edges()
    offenders = {m: sorted(e & SHELL) for m, e in edges.items() if m not in SHELL and e & SHELL}
    assert offenders == {}


def test_a_cycle_is_found() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
