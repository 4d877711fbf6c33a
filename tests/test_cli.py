"""The ``relparty`` command line, run as a subprocess over temporary folders of good and bad files."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from helpers import CMD, CORPUS
from relparty.exports.rows import FACT_COLUMNS
from relparty.models import Fact, NoteExtraction

SUMMARY = re.compile(r"^(\d+) files, (\d+) failed, (\d+) records, (\d+) facts, (\d+) warnings, \d+\.\d s$")
GOOD = ("abcam-2022-r37", "baozun-2020-r46", "best-2019-r51", "browniesmarine-2023-r10", "allianceentertainment-2023-r19")
NOTE = ("During the years ended December 31, 2022 and 2023, the Company sold goods to Acme Trading Co., Ltd. "
        "of RMB1,200 and RMB1,500, respectively.\n")


def run(*args: str | Path, cwd: Path, stdin: bytes | None = None, timeout: float = 300) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*CMD, *map(str, args)], cwd=cwd, input=stdin, capture_output=True, timeout=timeout,
                          stdin=None if stdin is not None else subprocess.DEVNULL)


def lines(data: bytes) -> list[str]:
    return data.decode("utf-8").splitlines()


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """notes/: five corpus notes (one in a subfolder, one as .htm) and one cp1252 note, plus bad files."""
    notes = tmp_path / "notes"
    (notes / "sub").mkdir(parents=True)
    for i, stem in enumerate(GOOD):
        dest = notes / "sub" / f"{stem}.txt" if i == 4 else notes / f"{stem}.txt"
        shutil.copy(CORPUS / f"{stem}.txt", dest)
    (notes / "latin.txt").write_bytes(NOTE.replace("Acme", "Café").encode("cp1252"))
    (notes / "empty.txt").write_bytes(b"")
    (notes / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50)
    with open(notes / "huge.txt", "wb") as fh:  # sparse: over the 20 MB limit without the disk space
        fh.truncate(21_000_000)
    (notes / "ignored.json").write_text("{}")
    (tmp_path / "nothing-here").mkdir()
    return tmp_path


BAD = {
    "notes/binary.txt": "binary file (NUL bytes); not a text note",
    "notes/empty.txt": "empty file",
    "notes/huge.txt": "too large: 21,000,000 bytes, over the 20,000,000-byte limit (see --max-bytes)",
    "missing.txt": "no such file or directory",
    "nothing-here": "directory holds no .txt, .htm or .html files",
    "notes/abcam-2022-r37.txt/x.txt": "not a directory",
    "*.nope": "no files match this pattern",
}
ORDER = ["abcam-2022-r37", "baozun-2020-r46", "best-2019-r51", "browniesmarine-2023-r10", "latin",
         "allianceentertainment-2023-r19"]  # sorted names, then the subfolder


def test_a_mixed_batch_reports_each_bad_file_once_and_writes_the_good_ones(folder: Path) -> None:
    args = ["notes", "missing.txt", "nothing-here", "notes/abcam-2022-r37.txt/x.txt", "*.nope"]
    p = run("extract", *args, "-o", "facts.jsonl", cwd=folder)
    assert p.returncode == 1
    err = lines(p.stderr)
    for path, reason in BAD.items():
        assert err.count(f"relparty: {path}: {reason}") == 1, (path, err)
        assert sum(path in line for line in err) == 1
    offset = NOTE.replace("Acme", "Café").index("é")
    assert f"relparty: notes/latin.txt: warning: not UTF-8 (byte 0xe9 at offset {offset}); read as cp1252" in err
    assert len(err) == len(BAD) + 2  # the errors, the warning and the summary; no progress bar (not a terminal)
    m = SUMMARY.match(err[-1])
    assert m, err[-1]
    files, failed, records, nfacts, warnings = map(int, m.groups())
    assert (files, failed) == (len(ORDER) + len(BAD), len(BAD))
    facts = [Fact.model_validate_json(line) for line in lines((folder / "facts.jsonl").read_bytes())]
    assert len(facts) == nfacts > 0 and records > 0 and warnings >= 1
    notes_in_order = list(dict.fromkeys(f.note for f in facts))
    assert notes_in_order == [n for n in ORDER if any(f.note == n for f in facts)]
    assert {"latin", "abcam-2022-r37", "allianceentertainment-2023-r19"} <= set(notes_in_order)
    latin = [f for f in facts if f.note == "latin"]
    assert {(f.counterparty, f.amount) for f in latin} == {("Café Trading Co., Ltd.", 1200), ("Café Trading Co., Ltd.", 1500)}


def test_all_good_files_exit_0_with_only_the_summary_on_stderr(folder: Path) -> None:
    p = run("extract", "notes/abcam-2022-r37.txt", "notes/sub", cwd=folder)
    assert p.returncode == 0
    err = lines(p.stderr)
    assert len(err) == 1 and SUMMARY.match(err[0]) and err[0].startswith("2 files, 0 failed, ")
    notes = {Fact.model_validate_json(line).note for line in lines(p.stdout)}
    assert notes == {"abcam-2022-r37", "allianceentertainment-2023-r19"}
    q = run("extract", "--quiet", "notes/abcam-2022-r37.txt", "notes/empty.txt", cwd=folder)
    assert q.returncode == 1
    assert lines(q.stderr) == ["relparty: notes/empty.txt: empty file"]  # errors only
    assert {Fact.model_validate_json(line).note for line in lines(q.stdout)} == {"abcam-2022-r37"}


def test_every_format_and_view_parses(folder: Path) -> None:
    inputs = ["notes", "missing.txt"]
    jl = run("extract", *inputs, "-o", "f.jsonl", cwd=folder)
    js = run("extract", *inputs, "--format", "json", "-o", "f.json", cwd=folder)
    cs = run("extract", *inputs, "--format", "csv", "-o", "f.csv", cwd=folder)
    rj = run("extract", *inputs, "--view", "records", "-o", "r.jsonl", cwd=folder)
    rs = run("extract", *inputs, "--view", "records", "--format", "json", cwd=folder)
    assert {p.returncode for p in (jl, js, cs, rj, rs)} == {1}
    facts = [Fact.model_validate_json(line) for line in lines((folder / "f.jsonl").read_bytes())]
    assert [Fact.model_validate(o) for o in json.loads((folder / "f.json").read_bytes())] == facts
    with open(folder / "f.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == list(FACT_COLUMNS)  # the workbook's Facts columns
    assert sorted(rows[0]) == sorted(Fact.model_fields)  # every field of the facts view, nothing else
    assert len(rows) == len(facts) + 1
    assert [r[0] for r in rows[1:]] == [f.note for f in facts]
    assert [r[rows[0].index("evidence")] for r in rows[1:]] == [
        ("'" + f.evidence if f.evidence.startswith(("=", "+", "-", "@", "\t", "\r")) else f.evidence) for f in facts]
    records = [NoteExtraction.model_validate_json(line) for line in lines((folder / "r.jsonl").read_bytes())]
    assert [r.note for r in records] == ORDER  # one per file read, bad files left out
    assert [NoteExtraction.model_validate(o) for o in json.loads(rs.stdout)] == records
    assert sum(len(r.facts()) for r in records) == len(facts)


def test_jobs_2_output_is_byte_identical_to_jobs_1(folder: Path) -> None:
    copies = folder / "many"
    copies.mkdir()
    for k in range(4):  # enough files for several chunks in flight
        for src in sorted(CORPUS.glob("*.txt"))[:12]:
            shutil.copy(src, copies / f"{k}-{src.name}")
    args = ["many", "notes", "missing.txt"]
    for fmt, view in (("jsonl", "facts"), ("csv", "facts"), ("json", "records")):
        one = run("extract", *args, "--format", fmt, "--view", view, "--jobs", "1", "-o", f"one.{fmt}", cwd=folder)
        two = run("extract", *args, "--format", fmt, "--view", view, "--jobs", "2", "-o", f"two.{fmt}", cwd=folder)
        assert one.returncode == two.returncode == 1
        assert (folder / f"one.{fmt}").read_bytes() == (folder / f"two.{fmt}").read_bytes()
        assert (folder / f"one.{fmt}").stat().st_size > 1000
        strip = [re.sub(r"\d+\.\d s$", "", line) for line in lines(one.stderr)]
        assert strip == [re.sub(r"\d+\.\d s$", "", line) for line in lines(two.stderr)]


def _start_long_run(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen[bytes], Path]:
    many = tmp_path / "many"
    many.mkdir()
    texts = [p.read_bytes() for p in sorted(CORPUS.glob("*.txt"))]
    for i in range(4000):  # long enough to be interrupted half-way however fast the extractor gets
        (many / f"n{i:05d}.txt").write_bytes(texts[i % len(texts)])
    proc = subprocess.Popen([*CMD, "extract", "many", "-o", "out.jsonl", *extra], cwd=tmp_path,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 900  # wall time, only ever waited out on failure: a loaded machine is slow to start
    while time.monotonic() < deadline:  # wait until results are being written
        tmp = [p for p in tmp_path.iterdir() if p.name.startswith(".out.jsonl.")]
        if tmp and tmp[0].stat().st_size > 0:
            break
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)
    else:
        proc.kill()
        raise AssertionError("the run wrote nothing in 900 s")
    return proc, tmp_path / "out.jsonl"


@pytest.mark.parametrize(("sig", "jobs"), [(signal.SIGINT, "1"), (signal.SIGTERM, "2")])
def test_an_interrupted_run_leaves_nothing_at_the_output(tmp_path: Path, sig: signal.Signals, jobs: str) -> None:
    proc, out = _start_long_run(tmp_path, "--jobs", jobs)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 130, err
    assert lines(err)[-1] == "relparty: interrupted; nothing written to out.jsonl"
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many"]  # and no temporary file either


def test_an_interrupted_run_keeps_the_previous_output(tmp_path: Path) -> None:
    (tmp_path / "out.jsonl").write_text("previous run\n")
    proc, out = _start_long_run(tmp_path)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=600)
    assert proc.returncode == 130
    assert out.read_text() == "previous run\n"


def test_fail_fast_stops_at_the_first_bad_file_and_writes_nothing(folder: Path) -> None:
    p = run("extract", "--fail-fast", "notes/abcam-2022-r37.txt", "notes/empty.txt", "missing.txt", "notes/sub",
            "-o", "out.jsonl", cwd=folder)
    assert p.returncode == 1
    assert lines(p.stderr) == ["relparty: notes/empty.txt: empty file",
                               "relparty: stopped at the first failed file (--fail-fast); nothing written to out.jsonl"]
    assert not (folder / "out.jsonl").exists()
    assert not [x for x in folder.iterdir() if x.name.startswith(".out")]


def test_standard_input(folder: Path) -> None:
    p = run("extract", "-", "notes/abcam-2022-r37.txt", cwd=folder, stdin=NOTE.encode())
    assert p.returncode == 0, p.stderr
    facts = [Fact.model_validate_json(line) for line in lines(p.stdout)]
    assert [f.note for f in facts][:2] == ["<stdin>", "<stdin>"]
    assert {(f.counterparty, f.amount) for f in facts if f.note == "<stdin>"} == {
        ("Acme Trading Co., Ltd.", 1200), ("Acme Trading Co., Ltd.", 1500)}
    assert "abcam-2022-r37" in {f.note for f in facts}
    e = run("extract", "-", cwd=folder, stdin=b"")
    assert e.returncode == 1 and lines(e.stderr)[0] == "relparty: <stdin>: empty file"


def test_max_bytes(folder: Path) -> None:
    p = run("extract", "--max-bytes", "1k", "notes/latin.txt", "notes/abcam-2022-r37.txt", "-q", cwd=folder)
    size = (folder / "notes/abcam-2022-r37.txt").stat().st_size
    assert p.returncode == 1
    assert lines(p.stderr) == [
        f"relparty: notes/abcam-2022-r37.txt: too large: {size:,} bytes, over the 1,000-byte limit (see --max-bytes)"]
    assert {Fact.model_validate_json(line).note for line in lines(p.stdout)} == {"latin"}


@pytest.mark.parametrize(("args", "message"), [
    ([], "the following arguments are required: PATH"),
    (["notes", "--format", "csv", "--view", "records"], "--format csv holds the facts view only"),
    (["notes", "--format", "xlsx"], "--format xlsx writes a file: give it with -o FILE"),
    (["notes", "--format", "html"], "--format html writes a file: give it with -o FILE"),
    (["notes", "--format", "yaml"], "argument --format: invalid choice: 'yaml'"),
    (["notes", "--jobs", "-1"], "--jobs must be 0 (all cores) or more, not -1"),
    (["notes", "--jobs", "two"], "not a number of jobs: 'two'"),
    (["notes", "--max-bytes", "lots"], "not a size: 'lots'"),
    (["notes", "-o", "no/such/dir/out.jsonl"], "-o no/such/dir/out.jsonl: no such directory: no/such/dir"),
    (["notes", "-o", "nowhere/"], "-o nowhere/: no such directory"),
    (["notes", "-o", "review.xlsx", "--format", "csv"], "-o review.xlsx names a xlsx file, but --format csv was given"),
    (["notes", "-o", "f.csv", "--format", "jsonl"], "-o f.csv names a csv file, but --format jsonl was given"),
    (["notes", "notes/latin.txt", "-o", "notes/latin.txt"], "-o notes/latin.txt is also an input"),
])
def test_usage_errors_exit_2(folder: Path, args: list[str], message: str) -> None:
    p = run("extract", *args, cwd=folder)
    assert p.returncode == 2
    err = p.stderr.decode()
    assert err.startswith("usage: relparty extract") and message in err
    assert p.stdout == b""


def test_version_and_schema(tmp_path: Path) -> None:
    v = run("--version", cwd=tmp_path)
    assert v.returncode == 0 and re.fullmatch(r"relparty \d+\.\d+\.\d+\n", v.stdout.decode())
    s = run("schema", cwd=tmp_path)
    assert s.returncode == 0
    schema = json.loads(s.stdout)
    assert set(schema["$defs"]["NoteExtraction"]["properties"]) == set(NoteExtraction.model_fields)
    assert set(schema["$defs"]["Fact"]["properties"]) == set(Fact.model_fields)
    assert schema["oneOf"] == [{"$ref": "#/$defs/Fact"}, {"$ref": "#/$defs/NoteExtraction"}]  # tests/test_schema.py uses it
    h = run(cwd=tmp_path)
    assert h.returncode == 2 and b"extract" in h.stderr and b"schema" in h.stderr


def test_review_exports_are_written_atomically(folder: Path) -> None:
    x = run("extract", "notes", "-o", "review.xlsx", "--format", "xlsx", cwd=folder)
    h = run("extract", "notes", "-o", "review.html", "--format", "html", cwd=folder)
    assert x.returncode == h.returncode == 1  # the bad files in notes/
    assert SUMMARY.match(lines(x.stderr)[-1]) and SUMMARY.match(lines(h.stderr)[-1])
    with zipfile.ZipFile(folder / "review.xlsx") as z:
        assert "xl/workbook.xml" in z.namelist()
    page = (folder / "review.html").read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html") and "abcam-2022-r37" in page
    assert not [p for p in folder.iterdir() if p.name.startswith(".review")]


def test_progress_bar_on_a_terminal(folder: Path) -> None:
    many = folder / "many"
    many.mkdir()
    for i, src in enumerate(sorted(CORPUS.glob("*.txt"))[:10]):
        shutil.copy(src, many / f"{i}.txt")
    master, slave = pty.openpty()  # a terminal that does not tell its size (the bar falls back to 80 columns)
    try:
        proc = subprocess.Popen([*CMD, "extract", "many", "-o", "out.jsonl"], cwd=folder, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=slave)
        os.close(slave)
        chunks = []
        while True:
            ready, _, _ = select.select([master], [], [], 120)
            if not ready:
                break
            try:
                data = os.read(master, 4096)
            except OSError:  # the terminal closed: the process has ended
                break
            if not data:
                break
            chunks.append(data)
        proc.wait(timeout=120)
    finally:
        os.close(master)
    out = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
    # however fast the run, the bar is drawn when it starts (the counts as it goes: the test below)
    assert re.search(r"\b0/10 \[", out), out
    last = out.replace("\r", "\n").strip().splitlines()[-1].strip()  # the bar is cleared; the summary ends
    assert SUMMARY.match(last) and last.startswith("10 files, 0 failed,")


def test_progress_bar_counts_rate_and_time_left_driven_by_the_bar() -> None:
    """The bar itself, on a clock the test moves: two notes a second, a warning printed above it."""
    from relparty.cli import Reporter

    now = [1000.0]
    buf = io.StringIO()
    reporter = Reporter(quiet=False, progress_total=10, stream=buf, clock=lambda: now[0], mininterval=0)
    frames = []
    for i in range(10):
        now[0] += 0.5
        reporter.advance()
        frames.append(buf.getvalue())
        if i == 4:
            reporter.warning("odd.txt", "read as cp1252")
    reporter.summary("10 files, 0 failed")
    out = buf.getvalue()
    assert "0/10 [00:00<?, ? notes/s]" in frames[0]
    assert "5/10 [00:02<00:02,  2.00 notes/s]" in out  # done of total, elapsed < left, rate
    assert "9/10 [00:04<00:00,  2.00 notes/s]" in out
    assert "\rrelparty: odd.txt: warning: read as cp1252\n" in out  # on its own line, the bar cleared first
    assert out.endswith("\r" + " " * 80 + "\r10 files, 0 failed\n")  # 80 columns: no terminal size; cleared at the end
    quiet = io.StringIO()
    q = Reporter(quiet=True, progress_total=None, stream=quiet)
    q.advance()
    q.warning("odd.txt", "x")
    q.summary("done")
    assert quiet.getvalue() == ""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_filer_names_the_company_whose_notes_these_are(tmp_path: Path, jobs: str) -> None:
    (tmp_path / "n").mkdir()
    note = ("Acme Steel Corp. sells coils to Delta Galvanizing LLC. Rent paid by Acme Steel Corp. to Vega Haulage LLC "
            "was $30 for the year ended December 31, 2023.\n")
    for k in range(17):  # three chunks of files: with -j 2 the workers read --filer from the batch's settings
        (tmp_path / "n" / f"a{k}.txt").write_text(note, encoding="utf-8")
    plain = run("extract", "n", "-q", cwd=tmp_path)
    named = run("extract", "n", "-q", "-j", jobs, "--filer", "ACME STEEL CORP", cwd=tmp_path)
    assert plain.returncode == named.returncode == 0, named.stderr
    assert {json.loads(x)["counterparty"] for x in lines(plain.stdout)} == {"Acme Steel Corp."}
    assert {json.loads(x)["counterparty"] for x in lines(named.stdout)} == {"Vega Haulage LLC"}
