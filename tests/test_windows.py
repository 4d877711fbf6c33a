"""A long note read in bounded windows (relparty.windows; issue 16): no fact lost at a seam, every
span into the original, and the pipeline never holds more than a window and a batch at once."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from relparty.api import BATCH_CHARS, Extractor, default_extractor
from relparty.layout import lay_out
from relparty.models import NoteExtraction
from relparty.readers import read_text
from relparty.windows import LEAD, WINDOW, plan_windows

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "bench"))  # bench/shapes.py: the corpus concatenated, as bench/scaling.py reads it
SEED = Path("/work/shared/corpus/notes")


def _facts(res: NoteExtraction) -> list[str]:
    return sorted(f.model_dump_json(exclude={"note"}) for f in res.facts())


def _seed_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEED.glob("*.txt")))


@pytest.mark.skipif(not SEED.is_dir(), reason="needs the seed notes in /work/shared/corpus/notes (absent here)")
@pytest.mark.parametrize(("window", "lead"), [(1000, 2000), (2000, 2000), (3000, 1000), (5000, 5000)])
def test_the_seed_notes_concatenated_give_the_same_facts_windowed_or_not(window: int, lead: int) -> None:
    text = _seed_text()
    whole = default_extractor().extract(text)
    ex = Extractor(window=window, lead=lead)
    assert len(plan_windows(lay_out(read_text(text)), window, lead)) >= 2  # the windows are there to test
    windowed = ex.extract(text)
    assert len(whole.facts()) >= 60
    assert _facts(windowed) == _facts(whole)


def test_windows_cover_the_text_once_and_begin_where_a_paragraph_or_table_begins() -> None:
    prose = "Revenue from Alpha Ltd. was $5 in 2023.\n" * 40
    table = "Due from related parties | 2023 | 2024\n" + "Alpha Ltd. | 1,000 | 2,000\n" * 60
    laid = lay_out(read_text((prose + table) * 20))
    text = laid.text
    windows = plan_windows(laid, 3000, 1000)
    assert windows[0].start == windows[0].part == 0 and windows[-1].end == len(text)
    for a, b in zip(windows, windows[1:]):
        assert a.end == b.part and b.start <= b.part and b.part - b.start <= 1000
    tables = [blk for blk in laid.blocks if blk.kind != "prose"]
    assert tables
    for w in windows[1:]:
        assert text[w.part - 1] == "\n" and text[w.start - 1] == "\n" and not w.forced
        assert not any(blk.start < w.part < blk.end for blk in tables)  # never inside a table


def _table_note(rows: int) -> str:
    return ("Amounts due from related parties:\n | December 31, 2024 | December 31, 2023\n"
            + "".join(f"Alpha{i} Holdings Ltd. | $1,{i % 1000:03d} | $2,000\n" for i in range(rows)))


def _records(res: NoteExtraction) -> list[str]:
    return [r.model_dump_json() for r in res.records]


def test_a_table_longer_than_a_window_is_read_under_its_head_in_every_window() -> None:
    """A window that begins inside a table (cut between two rows) reads the table's caption and
    header lines first: its rows keep their columns and kind, as when the note is read whole
    (before, every row after the first cut was read as prose: no record, a warning per amount)."""
    text = _table_note(60)
    laid = lay_out(read_text(text))
    windows = plan_windows(laid, 1000, 200)
    inside = [w for w in windows if w.head is not None]
    assert len(inside) >= 2 and all(w.forced or w.end == len(laid.text) for w in inside)
    h0, h1 = inside[0].head
    assert laid.text[h0:h1].startswith("Amounts due from related parties:") and "December 31, 2023" in laid.text[h0:h1]
    whole = default_extractor().extract(text)
    windowed = Extractor(window=1000, lead=200).extract(text)
    assert len(whole.records) == 60
    assert _records(windowed) == _records(whole)
    assert not any("no kind" in w.message for w in windowed.warnings)


def test_a_window_that_begins_in_prose_or_at_a_table_has_no_head() -> None:
    prose = "Revenue from Alpha Ltd. was $5 in 2023.\n" * 40
    laid = lay_out(read_text((prose + _table_note(5)) * 20))
    windows = plan_windows(laid, 3000, 1000)
    assert len(windows) >= 5 and all(w.head is None and w.whole == (w.start == w.part) for w in windows)


def test_one_endless_line_is_cut_at_a_space_with_a_warning() -> None:
    text = "Revenue from Alpha Ltd. were " + "$1,000, " * 5000 + "."
    res = Extractor(window=10_000, lead=1000).extract(text)
    assert any("ends where no paragraph or table begins" in w.message for w in res.warnings)
    for rec in res.records:
        for pa in rec.amounts:
            sp = pa.amount.span
            assert sp is not None and text[sp.start : sp.end] == sp.text


def test_a_windowed_note_keeps_every_span_into_the_original_and_no_record_twice() -> None:
    note = ("The Company provided services to Shanghai Keshen Information Technology Co., Ltd (\u201cShanghai "
            "Keshen\u201d). Revenues of RMB34 and RMB6 were recorded for the years ended December 31, 2022 and 2023, "
            "respectively.\nBalances with related parties were as follows:\n| December 31, 2023 | December 31, 2024\n"
            "Amounts due from Shanghai Keshen | 4 | 5\n")
    text = "".join(note.replace("RMB34", f"RMB{k}") for k in range(300))
    res = Extractor(window=5000, lead=2000).extract(text)
    whole = Extractor(window=len(text) + 1).extract(text)
    assert len(res.records) == len(whole.records) >= 300
    assert _facts(res) == _facts(whole)
    seen = set()
    for rec in res.records:
        assert text[rec.evidence.start : rec.evidence.end] == rec.evidence.text
        for pa in rec.amounts:
            sp = pa.amount.span
            assert sp is not None and text[sp.start : sp.end] == sp.text
        key = (rec.kind, rec.evidence.start, tuple(pa.amount.span.start for pa in rec.amounts if pa.amount.span))
        assert key not in seen
        seen.add(key)


def test_the_pipeline_never_holds_more_than_a_window_and_a_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    import shapes

    ex = Extractor()
    sizes: list[list[int]] = []
    run = ex._run

    def spy(texts: list[str], *rest):  # type: ignore[no-untyped-def]
        sizes.append([len(t) for t in texts])
        return run(texts, *rest)

    monkeypatch.setattr(ex, "_run", spy)
    text, _ = shapes.SHAPES["corpus"]["notes_concatenated"](1_000_000)
    res = ex.extract(text)
    assert len(res.records) > 2000
    assert len(sizes) >= 3
    assert max(max(b) for b in sizes) <= WINDOW + LEAD
    assert max(sum(b) for b in sizes) <= BATCH_CHARS + WINDOW + LEAD
    assert all(len(b) == 1 for b in sizes)  # a long note's windows are read one at a time


def test_max_bytes_bounds_the_work_and_what_the_pipeline_holds(tmp_path: Path) -> None:
    """``--max-bytes`` (``run_batch(max_bytes=)``): a file one byte over is refused before it is
    read; a file at the limit is read in windows, each at most WINDOW + LEAD characters, and the
    pipeline reads at most 2.5 times the file's characters in all (in practice 1.2: the leads), so
    time and memory are bounded by the limit, not only the size of what is read."""
    import shapes
    from relparty.batch import InputPath, run_batch

    text, _ = shapes.SHAPES["corpus"]["notes_concatenated"](600_000)
    note = tmp_path / "big.txt"
    note.write_text(text, encoding="utf-8")
    size = note.stat().st_size
    ex = Extractor()
    seen: list[int] = []
    run = ex._run

    def spy(texts: list[str], *rest):  # type: ignore[no-untyped-def]
        seen.extend(len(t) for t in texts)
        return run(texts, *rest)

    ex._run = spy  # type: ignore[method-assign]
    over = list(run_batch([InputPath(str(note))], max_bytes=size - 1, extractor=ex))
    assert over[0].error is not None and over[0].error.startswith("too large") and seen == []
    done = list(run_batch([InputPath(str(note))], max_bytes=size, extractor=ex))
    assert done[0].error is None and len(done[0].extraction.records) > 1000
    assert len(seen) >= 6 and max(seen) <= WINDOW + LEAD
    assert sum(seen) <= 2.5 * len(text)


def test_a_windowed_notes_records_are_the_models_assembly_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each record of a windowed note is built once, by assembly, and kept as it is: not written to
    JSON per window and read back at the end (that was a third of a windowed note's time, and made
    the 100 KB to 1 MB step of ``bench/scaling.py`` grow x15 where a note first spans windows)."""
    import relparty.api as api

    made: set[int] = set()
    real = api.assemble

    def spy(doc, source):  # type: ignore[no-untyped-def]
        records, more = real(doc, source)
        made.update(id(r) for r in records)
        return records, more

    monkeypatch.setattr(api, "assemble", spy)
    note = "The Company sold services to Alpha Holdings Ltd. (\u201cAlpha\u201d) of $1,200 for the year ended December 31, 2023.\n"
    text = note * 400
    ex = Extractor(window=5000, lead=1000)
    assert len(plan_windows(lay_out(read_text(text)), 5000, 1000)) >= 5
    res = ex.extract(text)
    assert len(res.records) == 400
    assert all(id(r) in made for r in res.records)


_SENTENCE = "The Company sold services to Alpha Holdings Ltd. of $1,200 for the year ended December 31, 2023.\n"


def test_the_collector_stays_paused_over_the_windows_of_one_note_and_is_back_after_it(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import gc

    import relparty.api as api

    at_window: list[bool] = []  # whether the collector was on when each window was cut (between batches)
    cut = api.window_source
    monkeypatch.setattr(api, "window_source", lambda st, w: (at_window.append(gc.isenabled()), cut(st, w))[1])
    ex = Extractor(window=1000, lead=200)
    long_note = _SENTENCE * 40  # about 4,000 characters: several windows, each a batch of its own
    after_result = [gc.isenabled() for _ in ex.pipe(["Revenue of $5 from A Ltd.", long_note, "Rent of $3 paid to B Ltd."])]
    # a window is cut when the batch loop asks for the next piece: the short note's and the long note's first
    # before any batch has run; each later window after the one before it has run, with the collector paused
    assert len(at_window) >= 6 and at_window[:2] == [True, True]
    assert at_window[2:-1] == [False] * (len(at_window) - 3)
    assert at_window[-1] is True  # the last short note's: after the long note's last window, the collector is back
    assert after_result == [True, True, True] and gc.isenabled()


def test_the_collector_is_left_as_it_was_when_a_pipe_stops_early_or_it_was_off() -> None:
    import gc

    ex = Extractor(window=1000, lead=200)
    it = ex.pipe([_SENTENCE * 40, _SENTENCE * 40])
    next(it)
    it.close()  # stopped after the first long note
    assert gc.isenabled()
    gc.disable()
    try:
        ex.extract(_SENTENCE * 40)
        assert not gc.isenabled()  # the caller's choice is kept
    finally:
        gc.enable()
