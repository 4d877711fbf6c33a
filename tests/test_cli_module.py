"""House rule: one command-line module. ``relparty.cli`` alone names the program, builds parsers and is the
entry point; the modules that do a subcommand's work are plain functions and never import it."""

from __future__ import annotations

import ast
from pathlib import Path

import tomllib
from test_import_cycles import ROOT, graph, modules

PARSER_CALLS = {"ArgumentParser", "add_parser", "add_subparsers", "add_argument"}
# ``python -m`` tools of the project's own evaluation (scoring against the gold), not commands of the
# ``relparty`` program: they name no program and nothing imports them for parsing
EVALUATION_SCRIPTS = {"relparty.scoring", "relparty.filings.score"}


def _parser_code(path: Path) -> list[str]:
    """What in a module names the program or builds a parser: ``PROG = ...`` and argparse parser calls."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "PROG" for t in node.targets):
            found.append(f"PROG at line {node.lineno}")
        elif isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in PARSER_CALLS:
                found.append(f"{name}() at line {node.lineno}")
    return found


def test_only_relparty_cli_builds_parsers_or_names_the_program() -> None:
    found = {name: _parser_code(path) for name, path in modules().items()}
    assert found["relparty.cli"], "the finder sees relparty.cli's parsers (the control)"
    others = {name: f for name, f in found.items() if f and name != "relparty.cli"
              and not (name in EVALUATION_SCRIPTS and not any(x.startswith("PROG") for x in f))}
    assert not others, others


def test_the_entry_point_is_relparty_cli() -> None:
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert conf["project"]["scripts"] == {"relparty": "relparty.cli:main"}


def test_no_module_imports_the_command_line() -> None:
    g = graph()
    importers = sorted(name for name, deps in g.items() if "relparty.cli" in deps and name != "relparty.__main__")
    assert not importers, importers
