"""How many Item 404 records, sections and people of the real proxies, prospectuses and Item 13 sections have each field.

    python tools/item404_fields.py [--filings ../shared/filings] [-v]

Reads every primary document of the folder whole (``relparty.read_filing``) and counts, for each Item 404
field (related person, basis of the relationship, the person's interest, amount, "no transactions"): the
records that have it, the sections with at least one such record, and the distinct people (per filing) whose
records have it; then the amounts of the records (``Item404.amounts``: every amount of the person's clause) and
how many have a period. ``-v`` prints every record.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from relparty import read_filing

FIELDS = ("related_person", "relationship", "interest", "amount", "no_transactions")


def _documents(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not (p.name.startswith("R") and p.name[1:2].isdigit())
                  and p.suffix.lower() in (".htm", ".html", ".txt"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--filings", type=Path, default=Path("/work/shared/filings"))
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args(argv)
    records: Counter[str] = Counter()
    sections: dict[str, set[tuple[str, int | None]]] = {f: set() for f in ("any", *FIELDS)}
    people: dict[str, set[tuple[str, str]]] = {f: set() for f in ("any", *FIELDS)}
    amounts = dated = 0
    for path in _documents(a.filings):
        fx = read_filing(path)
        for r in fx.item404:
            amounts += len(r.amounts)
            dated += sum(1 for x in r.amounts if x.period is not None)
            records["any"] += 1
            sections["any"].add((path.name, r.section))
            if r.related_person:
                people["any"].add((path.name, r.related_person))
            for f in FIELDS:
                if getattr(r, f):
                    records[f] += 1
                    sections[f].add((path.name, r.section))
                    if r.related_person:
                        people[f].add((path.name, r.related_person))
            if a.verbose:
                print(f"  {path.name[:30]} | {r.related_person!r} | {r.relationship!r} | {r.interest!r} | {r.amount!r}"
                      f"{' | NONE' if r.no_transactions else ''}"
                      + "".join(f"\n      {x.amount.text} {x.period.end if x.period else 'no period'}" for x in r.amounts))
    print(f"{'field':<16} {'records':>8} {'sections':>9} {'people':>7}")
    for f in ("any", *FIELDS):
        print(f"{f:<16} {records[f]:>8} {len(sections[f]):>9} {len(people[f]):>7}")
    print(f"amounts of the records: {amounts} ({dated} with a period)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
