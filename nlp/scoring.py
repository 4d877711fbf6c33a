"""Score a facts view against gold facts (GOLD.md): the corpus regression measure.

    python -m relparty.scoring GOLD_DIR PRED.jsonl [--verbose]

A predicted fact matches a gold fact when kind, party (name or any alias, after normalising
legal suffixes, quotes and case; or one name a whole-word part of the other), period and amount
(or both blank) agree; each gold fact matches once. Headline: micro P/R/F1 over revenue, cost,
receivable, payable; blank recall over gold blanks. Flows of kind ``other`` (loans, guarantees,
asset purchases, key management pay...) are scored on their own line (``score_other``), never in the headline.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

HEADLINE = ("revenue", "cost", "receivable", "payable")
OTHER = ("other",)
_LEGAL = {"co", "company", "ltd", "limited", "inc", "incorporated", "corp", "corporation", "llc", "lp", "llp", "plc",
          "sa", "ag", "gmbh", "bv", "nv", "pte", "bhd", "sdn", "pty", "kk", "srl", "spa"}


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s or "").lower()
    s = re.sub(r"[\u2018\u2019\u201c\u201d\"'`]", "", s)
    words = re.sub(r"[^\w&]+", " ", s).split()
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    while words and words[-1] in _LEGAL:
        words = words[:-1]
    return " ".join(words)


def _names(f: dict) -> set[str]:
    return {n for n in [_norm(f.get("counterparty") or "")] + [_norm(a) for a in f.get("aliases") or []] if n}


def _same_party(a: set[str], b: set[str]) -> bool:
    if a & b:
        return True
    for x in a:
        for y in b:
            short, long_ = sorted((x, y), key=len)
            if len(short.split()) >= 2 and re.search(rf"(^| ){re.escape(short)}( |$)", long_):
                return True
    return False


def _same_period(a: object, b: object) -> bool:
    x, y = str(a or ""), str(b or "")
    if not x or not y:
        return False
    return x[:4] == y[:4] if len(x) == 4 or len(y) == 4 else x == y


def _same_value(g: dict, p: dict) -> bool:
    if g.get("blank"):
        return bool(p.get("blank")) and p.get("amount") is None
    if p.get("blank") or p.get("amount") is None or g.get("amount") is None:
        return False
    x, y = float(g["amount"]), float(p["amount"])
    return abs(x - y) <= 1e-6 * max(1.0, abs(x))


def _match(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    used: set[int] = set()
    pairs = []
    for pi, p in enumerate(pred):
        pn = _names(p)
        for gi, g in enumerate(gold):
            if gi in used or g.get("kind") != p.get("kind") or not _same_period(g.get("period_end"), p.get("period_end")):
                continue
            if _same_party(_names(g), pn) and _same_value(g, p):
                used.add(gi)
                pairs.append((gi, pi))
                break
    return pairs


@dataclass
class Score:
    tp: int = 0
    pred: int = 0
    gold: int = 0
    blank_tp: int = 0
    blank_gold: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def blank_recall(self) -> float:
        return self.blank_tp / self.blank_gold if self.blank_gold else 1.0


def load_gold(gold_dir: Path) -> dict[str, list[dict]]:
    return {p.name[: -len(".gold.json")]: json.loads(p.read_text(encoding="utf-8"))["facts"]
            for p in sorted(gold_dir.glob("*.gold.json")) if not p.name.endswith(".details.gold.json")}


def score(gold: dict[str, list[dict]], pred_rows: Iterable[dict], kinds: tuple[str, ...] = HEADLINE) -> dict[str, Score]:
    """Per-note scores over ``kinds`` (the headline kinds unless told) plus the total under key ``"*"``."""
    by_note: dict[str, list[dict]] = {}
    for r in pred_rows:
        by_note.setdefault(Path(str(r.get("note") or "")).stem, []).append(r)
    out: dict[str, Score] = {}
    total = Score()
    for note, facts in gold.items():
        g = [f for f in facts if f.get("kind") in kinds]
        p = [f for f in by_note.get(note, []) if f.get("kind") in kinds]
        pairs = _match(g, p)
        s = Score(len(pairs), len(p), len(g), sum(1 for gi, _ in pairs if g[gi].get("blank")),
                  sum(1 for f in g if f.get("blank")))
        got_g = {gi for gi, _ in pairs}
        got_p = {pi for _, pi in pairs}
        s.misses = [f"MISSED   {f['kind']:<10} {f.get('period_end')} {f.get('counterparty')!r} "
                    f"{'BLANK' if f.get('blank') else f.get('amount')}" for i, f in enumerate(g) if i not in got_g]
        s.misses += [f"SPURIOUS {f['kind']:<10} {f.get('period_end')} {f.get('counterparty')!r} "
                     f"{'BLANK' if f.get('blank') else f.get('amount')}" for i, f in enumerate(p) if i not in got_p]
        out[note] = s
        for a in ("tp", "pred", "gold", "blank_tp", "blank_gold"):
            setattr(total, a, getattr(total, a) + getattr(s, a))
    out["*"] = total
    return out


def score_other(gold: dict[str, list[dict]], pred_rows: Iterable[dict]) -> dict[str, Score]:
    """The same measure over facts of kind ``other`` only (the "other F1" line)."""
    return score(gold, pred_rows, OTHER)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m relparty.scoring", description=__doc__.splitlines()[0])
    ap.add_argument("gold_dir", type=Path)
    ap.add_argument("pred", type=Path)
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args(argv)
    rows = [json.loads(line) for line in a.pred.read_text(encoding="utf-8").splitlines() if line.strip()]
    gold = load_gold(a.gold_dir)
    scores = score(gold, rows)
    other = score_other(gold, rows)
    if a.verbose:
        for table in (scores, other):
            for note, s in table.items():
                if note != "*":
                    for m in s.misses:
                        print(f"{note}  {m}")
    t = scores["*"]
    print(f"notes {len(scores) - 1}: headline F1 {t.f1:.3f}  P {t.precision:.3f}  R {t.recall:.3f}  "
          f"({t.tp} of {t.gold} gold, {t.pred} predicted); blank recall {t.blank_recall:.3f} ({t.blank_tp} of {t.blank_gold})")
    o = other["*"]
    print(f"other F1 {o.f1:.3f}  P {o.precision:.3f}  R {o.recall:.3f}  ({o.tp} of {o.gold} gold, {o.pred} predicted)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
