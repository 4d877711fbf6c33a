"""Score whole filings against ``corpus/filings/NAME.gold.json`` (GOLD.md facts plus the note's location).

    python -m relparty.filings.score corpus/filings [--filings ../shared/filings] [-o PRED.jsonl] [-v]

Each gold names its filing (``file``, under ``--filings``) and the note's place (``location``). The filing is
read whole with :func:`relparty.read_filing`; the facts of the section at that place are scored (the headline
kinds, as ``relparty.scoring`` does); a second line scores every fact of the whole filing against the same gold
(what ``relparty extract FILING`` gives). Then the tag agreement: the statuses of the note's ``ix:nonFraction``
tags reconciled with its narrative facts.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from relparty.filings.folder import read_filing
from relparty.models.details import STATUSES
from relparty.scoring import load_gold, score, score_other

__all__ = ["main", "run"]


def run(gold_dir: Path, filings: Path) -> tuple[list[dict], list[dict], Counter[str], list[str]]:
    """(note facts, whole-filing facts, tag statuses, problems) over every gold of ``gold_dir``."""
    note_rows: list[dict] = []
    all_rows: list[dict] = []
    tags: Counter[str] = Counter()
    problems: list[str] = []
    for p in sorted(gold_dir.glob("*.gold.json")):
        name = p.name[: -len(".gold.json")]
        gold = json.loads(p.read_text(encoding="utf-8"))
        path = filings / gold["file"]
        if not path.is_file():
            problems.append(f"{name}: {path} not found")
            continue
        fx = read_filing(path)
        where = gold["location"]["doc_start"]
        notes = [n for n in fx.notes if n.section_start == where]
        if not notes:
            problems.append(f"{name}: no section located at {where}; sections at {[s.span.start for s in fx.sections]}")
        for n in fx.notes:
            for f in n.facts():
                row = json.loads(f.model_dump_json())
                row["note"] = name
                all_rows.append(row)
                if n in notes:
                    note_rows.append(row)
        for rec in fx.reconciliations:
            if any(rec.note == n.note for n in notes):
                tags.update(i.status for i in rec.items)
    return note_rows, all_rows, tags, problems


def _default_filings() -> Path:
    """``../shared/filings`` beside the checkout (``/work/shared/filings`` when the checkout is a worktree)."""
    here = Path(__file__).resolve().parents[2].parent / "shared" / "filings"
    return here if here.is_dir() else Path("/work/shared/filings")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m relparty.filings.score", description=__doc__.splitlines()[0])
    ap.add_argument("gold_dir", type=Path)
    ap.add_argument("--filings", type=Path, default=_default_filings())
    ap.add_argument("-o", "--output", type=Path, help="write the note facts (JSONL) here")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args(argv)
    note_rows, all_rows, tags, problems = run(a.gold_dir, a.filings)
    for line in problems:
        print(f"problem: {line}", file=sys.stderr)
    if a.output:
        a.output.write_text("".join(json.dumps(r) + "\n" for r in note_rows), encoding="utf-8")
    gold = load_gold(a.gold_dir)
    for label, rows in (("note", note_rows), ("whole filing", all_rows)):
        s, o = score(gold, rows), score_other(gold, rows)
        t, ot = s["*"], o["*"]
        print(f"{label}: notes {len(s) - 1}: headline F1 {t.f1:.3f}  P {t.precision:.3f}  R {t.recall:.3f}  "
              f"({t.tp} of {t.gold} gold, {t.pred} predicted); blank recall {t.blank_recall:.3f} "
              f"({t.blank_tp} of {t.blank_gold}); other F1 {ot.f1:.3f} ({ot.tp} of {ot.gold} gold, {ot.pred} predicted)")
        if a.verbose and label == "note":
            for table in (s, o):
                for note, sc in table.items():
                    for m in sc.misses if note != "*" else []:
                        print(f"  {note}  {m}")
    print("tags: " + ", ".join(f"{k} {tags.get(k, 0)}" for k in STATUSES))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
