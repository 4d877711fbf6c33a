"""The corpus scorer: headline kinds and the separate other-flow line."""

from __future__ import annotations

from relparty.scoring import score, score_other

GOLD = {"n": [
    {"counterparty": "Acme Ltd", "aliases": [], "kind": "cost", "period_end": "2023-12-31", "amount": 5, "blank": False},
    {"counterparty": "Mr. Lee", "aliases": [], "kind": "other", "period_end": "2023-12-31", "amount": 9, "blank": False},
    {"counterparty": "Mr. Lee", "aliases": [], "kind": "other", "period_end": "2022-12-31", "amount": 4, "blank": False},
]}


def _row(kind: str, end: str, amount: float, party: str = "Mr. Lee") -> dict:
    return {"note": "n.txt", "counterparty": party, "aliases": [], "kind": kind, "period_end": end,
            "amount": amount, "blank": False}


def test_other_flows_are_scored_apart_from_the_headline() -> None:
    pred = [_row("cost", "2023-12-31", 5, "Acme"), _row("other", "2023-12-31", 9), _row("other", "2022-12-31", 7)]
    head, other = score(GOLD, pred)["*"], score_other(GOLD, pred)["*"]
    assert (head.tp, head.gold, head.pred) == (1, 1, 1)
    assert (other.tp, other.gold, other.pred) == (1, 2, 2)
    assert round(other.f1, 3) == 0.5


def test_an_other_fact_never_counts_in_the_headline() -> None:
    pred = [_row("other", "2023-12-31", 5, "Acme")]
    assert score(GOLD, pred)["*"].tp == 0
    assert score_other(GOLD, pred)["*"].tp == 0
