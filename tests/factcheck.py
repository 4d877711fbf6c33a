"""Facts of an invented note, in the short form the family tests compare: (party, kind, date, amount)."""

from __future__ import annotations

import re

from relparty.api import extract

Fact = tuple[str, str, str, float | None]


def norm(name: str) -> str:
    """A party name as the scorer compares it: no article, quotes or case."""
    s = re.sub(r"[“”\"'’‘]", "", name.lower()).strip()
    return re.sub(r"^(the|a|an) ", "", s)


def facts(text: str) -> set[Fact]:
    out = set()
    for f in extract(text).facts():
        out.add((norm(f.counterparty), f.kind, f.period_end.isoformat(), None if f.amount is None else float(f.amount)))
    return out


def check(text: str, want: list[Fact], absent: list[Fact] = ()) -> None:  # type: ignore[assignment]
    """Every fact of ``want`` is read from ``text`` (party names normalised), none of ``absent``."""
    got = facts(text)
    want_n = {(norm(p), k, d, a) for p, k, d, a in want}
    missing = want_n - got
    assert not missing, f"missing {sorted(missing)}; got {sorted(got)}"
    wrong = {(norm(p), k, d, a) for p, k, d, a in absent} & got
    assert not wrong, f"must not read {sorted(wrong)}; got {sorted(got)}"
