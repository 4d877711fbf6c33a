"""Matcher patterns as data: JSONL in spaCy's span_ruler format, plus small JSON lexicons.

Each ``*.jsonl`` line is ``{"label": ..., "pattern": [...token patterns...], "id": ...}``.
Adding a phrasing is a data change: add a line to the file of its concern. Every row the lexicon ruler
gets (the vocabulary's currencies and scale words, then these files) is
``relparty.vocabulary.all_patterns``: this package reads files and imports nothing of relparty.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

PATTERN_DIR = Path(__file__).resolve().parent
RULE_FILES = ("money", "periods", "kinds", "parties", "services", "mentions", "clauses")
#: The keys a pattern row may have; any other key is an error (a misspelt "pattern" or "id" would
#: otherwise be a rule that silently never fires). ``rule`` names the rule on every result it makes;
#: a row without one is named ``FILE:LINE``.
ROW_KEYS = frozenset({"label", "pattern", "id", "rule"})

__all__ = ["PATTERN_DIR", "ROW_KEYS", "RULE_FILES", "load_patterns", "load_lexicon", "expand_in"]


def load_patterns(name: str, directory: Path | None = None) -> list[dict[str, Any]]:
    """The patterns of ``NAME.jsonl`` (blank lines and ``//`` comment lines skipped)."""
    path = (directory or PATTERN_DIR) / f"{name}.jsonl"
    out: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{n}: not JSON: {e}") from None
            if not isinstance(row, dict) or "label" not in row or "pattern" not in row:
                raise ValueError(f"{path}:{n}: a pattern needs 'label' and 'pattern'")
            unknown = set(row) - ROW_KEYS
            if unknown:
                raise ValueError(f"{path}:{n}: unknown keys {sorted(unknown)} (a row has {sorted(ROW_KEYS)})")
            row.setdefault("rule", f"{name}:{n}")
            out.append(row)
    return out


def expand_in(row: dict[str, Any], limit: int = 400) -> list[dict[str, Any]]:
    """One pattern with IN-sets on LOWER/ORTH as the equivalent list of plain patterns."""
    tokens = row["pattern"]
    if not isinstance(tokens, list):
        return [row]
    options: list[list[dict[str, Any]]] = []
    size = 1
    for tok in tokens:
        alts = [tok]
        if len(tok) == 1:
            (attr, val), = tok.items()
            if attr in ("LOWER", "ORTH") and isinstance(val, dict) and list(val) == ["IN"]:
                alts = [{attr: v} for v in dict.fromkeys(val["IN"])]
        options.append(alts)
        size *= len(alts)
    if size > limit:
        return [row]
    out: list[dict[str, Any]] = [{**row, "pattern": []}]
    for alts in options:
        out = [{**o, "pattern": o["pattern"] + [a]} for o in out for a in alts]
    return out


@cache
def load_lexicon(name: str) -> dict[str, Any]:
    """A JSON lexicon (word lists and tables used by the components)."""
    return json.loads((PATTERN_DIR / f"{name}.json").read_text(encoding="utf-8"))
