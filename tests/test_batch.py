"""The batch layer (relparty.batch) and the streaming writers (relparty.writers), in process."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import relparty
from hypothesis import given, settings
from hypothesis import strategies as st
from relparty.batch import (
    DEFAULT_MAX_BYTES,
    InputPath,
    decode_note,
    expand_paths,
    extract_files,
    read_note,
    resolve_jobs,
    run_batch,
)
from relparty.exports.cells import FORMULA_START
from relparty.models import Fact, NoteExtraction
from relparty.results import FileResult
from relparty.writers import FACT_COLUMNS, StreamWriter, atomic_output, atomic_path, csv_cell, render

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "notes"
NOTES = sorted(CORPUS.glob("*.txt"))
# a note with facts, written here so the tests do not hang on the corpus of the day
NOTE = ("Related party transactions\n"
        "During the years ended December 31, 2022 and 2023, the Company sold goods to Acme Trading Co., Ltd. "
        "of RMB1,200 and RMB1,500, respectively.\n"
        "As of December 31, 2022 and 2023, amounts due from Acme Trading Co., Ltd. were RMB300 and RMB400, "
        "respectively.\n")


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


# --- inputs ------------------------------------------------------------------------------------


def test_expand_paths_walks_directories_in_order_and_keeps_note_files_only(tmp_path: Path) -> None:
    for name in ("b.txt", "a.htm", "c.HTML", "d.json", ".hidden.txt", "sub/z.txt", "sub/deeper/y.html",
                 ".git/x.txt", "a.txt.tmp"):
        write(tmp_path / name, NOTE)
    got = [i.path for i in expand_paths([tmp_path])]
    rel = [os.path.relpath(p, tmp_path) for p in got]
    assert rel == ["a.htm", "b.txt", "c.HTML", "sub/z.txt", "sub/deeper/y.html"]
    assert all(i.error is None for i in expand_paths([tmp_path]))


def test_expand_paths_globs_stdin_missing_and_empty_directories(tmp_path: Path) -> None:
    write(tmp_path / "n1.txt", NOTE)
    write(tmp_path / "n2.txt", NOTE)
    write(tmp_path / "deep/n3.txt", NOTE)
    (tmp_path / "empty").mkdir()
    items = list(expand_paths([f"{tmp_path}/*.txt", "-", f"{tmp_path}/**/n3.txt", f"{tmp_path}/*.nothing",
                               tmp_path / "missing.txt", tmp_path / "empty"]))
    assert [(os.path.relpath(i.path, tmp_path) if i.path != "-" else "-", i.error) for i in items] == [
        ("n1.txt", None),
        ("n2.txt", None),
        ("-", None),
        ("deep/n3.txt", None),
        ("*.nothing", "no files match this pattern"),
        ("missing.txt", None),  # the reader says what is wrong with it
        ("empty", "directory holds no .txt, .htm or .html files"),
    ]


def test_expand_paths_reads_each_file_once_and_skips_the_excluded(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", NOTE)
    write(tmp_path / "sub/b.txt", NOTE)
    write(tmp_path / "out.txt", NOTE)  # last run's output, in the input folder
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    args = [tmp_path / "a.txt", tmp_path, f"{tmp_path}/sub/*.txt", tmp_path / "sub" / ".." / "a.txt", tmp_path / "link.txt"]
    got = [os.path.relpath(i.path, tmp_path) for i in expand_paths(args, exclude=[tmp_path / "out.txt"])]
    assert got == ["a.txt", "sub/b.txt"]
    everything = [os.path.relpath(i.path, tmp_path) for i in expand_paths([tmp_path, tmp_path], unique=False)]
    assert everything == ["a.txt", "link.txt", "out.txt", "sub/b.txt"] * 2


def test_expand_paths_is_lazy() -> None:
    def args() -> Iterator[str]:
        yield str(NOTES[0])
        raise AssertionError("read past the first argument")

    assert next(expand_paths(args())).path == str(NOTES[0])


def test_resolve_jobs_is_capped_at_the_cores_and_the_files() -> None:
    from relparty.batch import available_cores

    cores = available_cores()
    assert resolve_jobs(0) == cores
    assert resolve_jobs(1) == 1
    assert resolve_jobs(cores + 5) == cores
    assert resolve_jobs(0, files=1) == 1 and resolve_jobs(cores + 5, files=0) == 1
    assert resolve_jobs(2, files=10) == min(2, cores)
    with pytest.raises(ValueError):
        resolve_jobs(-1)


# --- reading -----------------------------------------------------------------------------------


def test_read_note_reports_each_kind_of_bad_file(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", NOTE)
    cases = {
        str(tmp_path / "missing.txt"): "no such file or directory",
        str(tmp_path): "is a directory",
        str(write(tmp_path / "empty.txt", b"")): "empty file",
        str(write(tmp_path / "blank.txt", " \n\t\n")): "empty file (only white space)",
        str(write(tmp_path / "nul.txt", b"Revenue\x00\x01\x02 of RMB1")): "binary file (control characters); not a text note",
        str(write(tmp_path / "ctl.txt", bytes(range(1, 32)) * 20)): "binary file (control characters); not a text note",
        str(good / "under-a-file.txt"): "not a directory",
    }
    for path, reason in cases.items():
        r = read_note(path)
        assert (r.error, r.text, r.ok) == (reason, None, False), path
    r = read_note(str(good))
    assert r.error is None and r.text == NOTE and r.warnings == []


def test_read_note_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:  # a sparse file over the default limit: nothing is read
        fh.truncate(DEFAULT_MAX_BYTES + 1)
    assert read_note(str(big)).error == (f"too large: {DEFAULT_MAX_BYTES + 1:,} bytes, over the "
                                         f"{DEFAULT_MAX_BYTES:,}-byte limit (see --max-bytes)")
    note = write(tmp_path / "note.txt", NOTE)
    assert read_note(str(note), max_bytes=len(NOTE)).error is None
    assert read_note(str(note), max_bytes=len(NOTE) - 1).error.startswith("too large: ")  # type: ignore[union-attr]
    assert read_note("<stdin>", max_bytes=10, data=b"x" * 11).error == "too large: over the 10-byte limit (see --max-bytes)"


def test_read_note_maps_permission_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    note = write(tmp_path / "locked.txt", NOTE)

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    import relparty.files

    monkeypatch.setattr(relparty.files, "_read_regular", denied)  # the file is opened (without blocking) there
    assert read_note(str(note)).error == "permission denied"


def test_decode_note_encodings() -> None:
    assert decode_note("Revenue from Café Ltd".encode()) == ("Revenue from Café Ltd", None, [])
    assert decode_note(b"\xef\xbb\xbfRevenue") == ("Revenue", None, [])  # BOM dropped
    assert decode_note("Revenue – €5".encode("utf-16")) == ("Revenue – €5", None, [])
    text, err, warns = decode_note("Revenue from Café Ltd – €5".encode("cp1252"))
    assert (text, err) == ("Revenue from Café Ltd – €5", None)
    assert warns == ["not UTF-8 (byte 0xe9 at offset 16); read as cp1252"]
    text, err, warns = decode_note(b"Revenue \x81 and \xe9")  # 0x81 is undefined in cp1252
    assert text == "Revenue \ufffd and é" and err is None
    assert warns == ["not UTF-8 (byte 0x81 at offset 8); read as cp1252, 1 undefined byte replaced by U+FFFD"]


# --- extract_files -----------------------------------------------------------------------------


@pytest.fixture()
def mixed(tmp_path: Path) -> list[str]:
    """Good notes and bad files, interleaved."""
    paths = [
        write(tmp_path / "acme.txt", NOTE),
        tmp_path / "missing.txt",
        write(tmp_path / "empty.txt", b""),
        write(tmp_path / "ambow-2021-rpt.details.txt", NOTE.replace("Acme", "Zenith")),
        write(tmp_path / "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00"),
        write(tmp_path / "latin.txt", NOTE.replace("Acme", "Café").encode("cp1252")),
        write(tmp_path / "page.html", "<html><body><p>" + NOTE.replace("\n", "</p><p>") + "</p></body></html>"),
    ]
    return [str(p) for p in paths]


def test_extract_files_yields_one_result_per_path_in_order(mixed: list[str]) -> None:
    results = list(relparty.extract_files(mixed))
    assert [r.path for r in results] == mixed
    assert [r.ok for r in results] == [True, False, False, True, False, True, True]
    assert [r.error for r in results if not r.ok] == [
        "no such file or directory", "empty file", "binary file (NUL bytes); not a text note"]
    acme, details, latin, page = (r for r in results if r.ok)
    for r in (acme, details, latin, page):
        assert r.extraction is not None and r.text is not None
        assert r.extraction.source == r.path
        assert r.extraction.note == Path(r.path).stem
        assert r.extraction.length == len(r.text)
    assert details.extraction.note == "ambow-2021-rpt.details"  # type: ignore[union-attr]
    offset = NOTE.replace("Acme", "Café").index("é")
    assert latin.warnings == [f"not UTF-8 (byte 0xe9 at offset {offset}); read as cp1252"]
    facts = acme.extraction.facts()  # type: ignore[union-attr]
    assert {(f.counterparty, f.kind, str(f.period_end), f.amount) for f in facts} >= {
        ("Acme Trading Co., Ltd.", "revenue", "2022-12-31", 1200),
        ("Acme Trading Co., Ltd.", "receivable", "2023-12-31", 400),
    }
    for f in facts:  # spans point into the text as read
        assert acme.text[f.start:f.end] == f.evidence  # type: ignore[index]
    assert {f.counterparty for f in latin.extraction.facts()} == {"Café Trading Co., Ltd."}  # type: ignore[union-attr]
    assert {f.amount for f in page.extraction.facts()} == {f.amount for f in facts}  # type: ignore[union-attr]


def test_extract_files_with_two_jobs_gives_the_same_results(mixed: list[str]) -> None:
    paths = mixed * 5  # several chunks, so the pool is used
    one = [(r.path, r.error, r.warnings, r.text, r.extraction) for r in extract_files(paths, jobs=1)]
    two = [(r.path, r.error, r.warnings, r.text, r.extraction) for r in extract_files(paths, jobs=2)]
    assert one == two


def test_extract_files_streams(tmp_path: Path) -> None:
    note = write(tmp_path / "n.txt", NOTE)
    taken = 0

    def paths() -> Iterator[str]:
        nonlocal taken
        for _ in range(200):
            taken += 1
            yield str(note)

    gen = extract_files(paths(), keep_text=False)
    first = next(gen)
    assert first.ok and first.text is None
    assert taken <= 40  # a couple of chunks, not the 200 paths
    gen.close()


class _Flaky:
    """An extractor whose spaCy batch fails on one text: that file alone is reported."""

    def __init__(self) -> None:
        from relparty.api import default_extractor

        self.real = default_extractor()
        self.nlp = object()  # no memory zone

    def _check(self, text: str) -> None:
        if "BOOM" in text:
            raise ValueError("boom")

    def pipe(self, texts: list[str], sources: list[str], kind: str | None = None) -> Iterator[NoteExtraction]:
        for t in texts:
            self._check(t)
        return self.real.pipe(texts, sources=sources, kind=kind)

    def extract(self, text: str, source: str | None = None, kind: str | None = None) -> NoteExtraction:
        self._check(text)
        return self.real.extract(text, source=source, kind=kind)


def test_an_internal_error_fails_one_file_only(tmp_path: Path) -> None:
    paths = [str(write(tmp_path / f"n{i}.txt", NOTE if i != 2 else NOTE + "BOOM")) for i in range(4)]
    results = list(run_batch([InputPath(p) for p in paths], extractor=_Flaky()))  # type: ignore[arg-type]
    assert [r.error for r in results] == [None, None, "internal error while extracting: ValueError: boom", None]
    assert all(r.extraction is not None for i, r in enumerate(results) if i != 2)


def _die_on_crash_file(result: FileResult) -> FileResult:
    """A ``post`` hook that kills its worker process on one file (as an out-of-memory kill would)."""
    if result.path.endswith("crash.txt") and result.error is None:  # (the failure is passed through in the parent)
        os._exit(9)
    return result


def test_a_dying_worker_fails_its_file_and_the_batch_goes_on(tmp_path: Path) -> None:
    paths = [str(write(tmp_path / f"n{i:02d}.txt", NOTE)) for i in range(20)]
    paths[13] = str(write(tmp_path / "crash.txt", NOTE))
    results = list(run_batch([InputPath(p) for p in paths], jobs=2, post=_die_on_crash_file))
    assert [r.path for r in results] == paths
    assert [r.error for r in results if not r.ok] == ["the worker process reading this file died (crash or out of memory)"]
    assert results[13].path.endswith("crash.txt") and not results[13].ok


# --- writers -----------------------------------------------------------------------------------


def _result(tmp_path: Path) -> FileResult:
    return next(extract_files([write(tmp_path / "acme.txt", NOTE)]))


def test_render_jsonl_json_and_csv_agree(tmp_path: Path) -> None:
    r = _result(tmp_path)
    facts = r.extraction.facts()  # type: ignore[union-attr]
    assert len(facts) >= 4
    jl = render(r, "jsonl", "facts")
    assert (jl.records, jl.facts, jl.error) == (len(r.extraction.records), len(facts), None)  # type: ignore[union-attr]
    assert [Fact.model_validate_json(line) for line in jl.payload.splitlines()] == facts
    js = render(r, "json", "facts")
    assert [Fact.model_validate(o) for o in json.loads("[" + js.payload + "]")] == facts
    rec = render(r, "jsonl", "records")
    assert NoteExtraction.model_validate_json(rec.payload) == r.extraction
    rows = list(csv.reader(io.StringIO(render(r, "csv", "facts").payload)))
    assert len(rows) == len(facts)
    first = dict(zip(FACT_COLUMNS, rows[0]))
    assert first["note"] == "acme" and first["period_end"] == str(facts[0].period_end)
    assert first["amount"] == str(facts[0].amount) and first["blank"] == "false"
    with pytest.raises(ValueError):
        render(r, "csv", "records")


def test_render_of_a_failed_file_has_no_payload() -> None:
    out = render(FileResult("x.txt", error="empty file", warnings=["w"]), "jsonl", "facts")
    assert (out.path, out.error, out.warnings, out.payload, out.facts) == ("x.txt", "empty file", ["w"], "", 0)


@pytest.mark.parametrize("chunks", [[], [""], ['{"a":1}'], ['{"a":1}', "", '{"b":2},\n{"c":3}']])
def test_json_stream_is_one_valid_array(chunks: list[str]) -> None:
    buf = io.StringIO()
    w = StreamWriter(buf, "json")
    for c in chunks:
        w.add(c)
    w.close()
    assert json.loads(buf.getvalue()) == [o for c in chunks if c for o in json.loads("[" + c + "]")]


def test_csv_stream_has_the_fact_fields_as_header() -> None:
    buf = io.StringIO()
    StreamWriter(buf, "csv").close()
    assert next(csv.reader(io.StringIO(buf.getvalue()))) == list(FACT_COLUMNS)  # the workbook's Facts columns


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=40), st.lists(st.text(max_size=10), max_size=3))
def test_csv_cells_never_start_like_a_formula(text: str, aliases: list[str]) -> None:
    fact = Fact(note=text, counterparty=text, aliases=aliases, kind="cost", period_end=date(2022, 12, 31),
                evidence=text, start=0, end=1, amount=Decimal(-5), warnings=[text])
    buf = io.StringIO()
    w = StreamWriter(buf, "csv")
    from relparty.writers import _csv_text, _fact_cells

    w.add(_csv_text([_fact_cells(fact)]))
    w.close()
    rows = list(csv.reader(io.StringIO(buf.getvalue(), newline="")))
    assert len(rows) == 2
    row = dict(zip(FACT_COLUMNS, rows[1]))
    for name in ("note", "counterparty", "evidence", "warnings"):
        cell = row[name]
        assert not cell.startswith(FORMULA_START)
        assert cell in (text, "'" + text)
    assert row["amount"] == "-5"  # a number stays a number
    assert not row["aliases"].startswith(FORMULA_START)


def test_csv_cell_formats() -> None:
    assert [csv_cell(v) for v in (None, True, False, date(2022, 12, 31), Decimal("1.20E+3"), 7, "=SUM(A1)",
                                  ["=x", "B"], "+1")] == [
        "", "true", "false", "2022-12-31", "1200", "7", "'=SUM(A1)", "'=x; B", "'+1"]


def test_atomic_output_appears_only_on_success(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    with atomic_output(target) as fh:
        fh.write("line\r\n")
        assert not target.exists()
        assert [p.name.startswith(".out.jsonl.") for p in tmp_path.iterdir()] == [True]
    assert target.read_bytes() == b"line\r\n"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask  # not the temporary file's 0600
    os.chmod(target, 0o640)
    with pytest.raises(KeyboardInterrupt), atomic_output(target) as fh:
        fh.write("half")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"line\r\n"  # the old file is untouched
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]  # no temporary file left
    with atomic_output(target) as fh:
        fh.write("new\n")
    assert target.read_text() == "new\n" and stat.S_IMODE(target.stat().st_mode) == 0o640  # mode kept


def test_atomic_path_keeps_the_suffix_and_cleans_up(tmp_path: Path) -> None:
    target = tmp_path / "review.xlsx"
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        assert tmp.suffix == ".xlsx" and tmp.parent == tmp_path
        tmp.write_bytes(b"half")
        raise RuntimeError("writer failed")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_of_notes_and_details_pages_reads_only_the_notes() -> None:
    from relparty.batch import expand_paths

    found = [p.path for p in expand_paths(["corpus/details"])]
    assert found and all(".details" not in os.path.basename(p) for p in found)
    assert len(found) == len(list(Path("corpus/details").glob("*.gold.json"))) - len(list(Path("corpus/details").glob("*.details.gold.json")))


def test_pipe_streams_in_order_across_memory_zones() -> None:
    from relparty import Extractor

    texts = [f"Revenues from Acme Co., Ltd were RMB{i} for the year ended December 31, 2023." for i in range(1, 40)]
    got = [r.facts()[0].amount for r in Extractor().pipe(texts, batch_size=8)]
    assert got == list(range(1, 40))
