"""Corpus regression: the bundled real notes scored against their gold (GOLD.md). Fails below the bar."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from relparty import Extractor
from relparty.scoring import load_gold, score

NOTES = Path("corpus/notes")
SEED = ("cloopen-2024-r29", "globespecialtymetals-2014-r25", "marimed-2022-doc2037", "westlakechemical-2020-r27")


@pytest.fixture(scope="module")
def predictions() -> list[dict]:
    ex = Extractor()
    rows = []
    paths = sorted(NOTES.glob("*.txt"))
    for res in ex.pipe((p.read_text(encoding="utf-8") for p in paths), sources=(str(p) for p in paths)):
        rows += [json.loads(f.model_dump_json()) for f in res.facts()]
    return rows


def test_corpus_has_sources_for_every_note() -> None:
    golds = sorted(NOTES.glob("*.gold.json"))
    assert len(golds) >= 34
    for g in golds:
        d = json.loads(g.read_text(encoding="utf-8"))
        assert d["source"], g
        # a note whose section states no transactions may have no facts, but only when its gold says why
        assert d["facts"] or d.get("no_facts_reason"), g
        assert (NOTES / g.name.replace(".gold.json", ".txt")).exists()


def test_seed_notes_at_the_bar(predictions: list[dict]) -> None:
    gold = {k: v for k, v in load_gold(NOTES).items() if k in SEED}
    s = score(gold, predictions)
    assert s["cloopen-2024-r29"].tp == 27 == s["cloopen-2024-r29"].gold == s["cloopen-2024-r29"].pred
    assert s["*"].f1 >= 0.95, s["*"].misses
    assert s["*"].blank_recall == 1.0


def test_whole_corpus_at_the_bar(predictions: list[dict]) -> None:
    s = score(load_gold(NOTES), predictions)["*"]
    # bars sit about 0.03 under main's measured figure after each first-sight batch (corpus/FIRST-SIGHT.md)
    assert s.f1 >= 0.66, f"headline F1 {s.f1:.3f}"
    assert s.precision >= 0.80


def test_no_note_hits_an_internal_error() -> None:
    """The API turns an exception in assembly into a warning so a batch survives; on the real
    corpus there must be none."""
    ex = Extractor()
    paths = sorted(NOTES.glob("*.txt")) + sorted(Path("corpus/details").glob("*.txt"))
    for res in ex.pipe((p.read_text(encoding="utf-8") for p in paths), sources=(str(p) for p in paths)):
        assert not [w.message for w in res.warnings if "internal error" in w.message], res.note
