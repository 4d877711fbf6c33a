"""No import cycles among relparty's modules (house rule: data flows one way).

The graph is read from the source with ``ast``: every ``import`` and ``from ... import`` anywhere in a
module (at the top, inside functions, under ``TYPE_CHECKING``), so an import moved into a function to
dodge a cycle at run time still counts. ``from relparty.a import b`` is an edge to the module
``relparty.a.b`` when that is a module, else to ``relparty.a``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]


def package_dirs() -> dict[str, Path]:
    """Import package -> folder, from pyproject.toml's ``[tool.setuptools.package-dir]``."""
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {pkg: ROOT / folder for pkg, folder in conf["tool"]["setuptools"]["package-dir"].items()}


def modules() -> dict[str, Path]:
    """Every module of relparty: dotted name -> file."""
    dirs = package_dirs()
    out: dict[str, Path] = {}
    for pkg, folder in dirs.items():
        for path in folder.rglob("*.py"):
            rel = path.relative_to(folder).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            inner = pkg + "".join(f".{p}" for p in parts)
            # a sub-folder mapped as its own package (relparty.models) is listed under that name only
            if not any(other != pkg and other.startswith(pkg + ".") and path.is_relative_to(dirs[other])
                       for other in dirs):
                out[inner] = path
    return out


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The relparty modules that module ``name`` imports anywhere in its source."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_pkg = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in known:
                    out.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_pkg else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in known:
                    out.add(sub)
                elif target in known:
                    out.add(target)
    out.discard(name)
    return out


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports_of(name, path, known) for name, path in mods.items()}


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(g.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


def test_the_graph_sees_the_package() -> None:
    g = graph()
    assert {"relparty", "relparty.api", "relparty.models.records", "relparty.models.facts", "relparty.patterns",
            "relparty.exports.html", "relparty.reconcile", "relparty.cli"} <= set(g)
    assert "relparty.models.facts" in g["relparty.models.records"]  # records builds the facts view


def test_the_finder_sees_a_cycle_hidden_in_a_function(tmp_path: Path) -> None:
    """The control: a cycle through an import inside a function (or under TYPE_CHECKING) is found."""
    (tmp_path / "a.py").write_text("def f():\n    from relparty.b import g\n    return g\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from relparty import a\n",
                                   encoding="utf-8")
    known = {"relparty", "relparty.a", "relparty.b"}
    g = {"relparty.a": imports_of("relparty.a", tmp_path / "a.py", known),
         "relparty.b": imports_of("relparty.b", tmp_path / "b.py", known)}
    assert cycles(g) == [["relparty.a", "relparty.b"]]


def test_no_import_cycles_among_relparty_modules() -> None:
    found = cycles(graph())
    assert not found, "import cycles (each a group of modules that import each other):\n" + "\n".join(
        " <-> ".join(c) for c in found)
