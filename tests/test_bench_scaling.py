"""``bench/scaling.py`` measures every run from the same warmed-up state (issue 16): a run of a
text does not leave the tokenizer's cache or the kept lexemes filled for the next run of it (best
of three at 100 KB was then a warm figure and 1 MB a cold one: ``grammar/amounts_new_numbers``
grew x26 from 100 KB to 1 MB where its cold figures grow x9)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from relparty.api import default_extractor

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import scaling  # noqa: E402  (bench/scaling.py)
import shapes  # noqa: E402

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the bench forks a copy per run (no os.fork here)")


def test_a_run_of_the_bench_leaves_the_process_as_it_was() -> None:
    text, kind = shapes.all_shapes()["grammar/amounts_new_numbers"](3000)  # new numbers: runs the cache lacks
    ex = default_extractor()
    ex.extract("warm up: Revenue from Alpha Ltd. of $5 in 2023.")
    kept, cached = ex.kept_words, dict(ex.nlp.tokenizer._chunks)
    assert "$100,000 " not in cached
    runs = [scaling._fresh_run(text, kind) for _ in range(2)]
    assert ex.kept_words == kept and ex.nlp.tokenizer._chunks == cached  # nothing the runs filled stayed
    assert runs[0][1] == runs[1][1]
    ex.extract(text, kind=kind)  # the control: a run in the process itself fills them
    assert ex.nlp.tokenizer._chunks != cached


def test_a_forked_run_reports_what_the_run_in_process_gives() -> None:
    text = "Revenue from Alpha Ltd. of $5 and $7 for the years ended December 31, 2023 and 2022."
    seconds, records, rss = scaling._fresh_run(text, None)
    assert seconds >= 0 and rss > 0
    assert records == len(default_extractor().extract(text).records) == 1
