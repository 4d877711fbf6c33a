"""Hostile input (issue 16): every reproduction of the issue as a named test, and the regex audit.

No test here times the code against a target. Where a test guards against a hang, the bound is
generous (seconds for work that takes milliseconds, see ``_within``), so it fails on a hang or on
blow-up (exponential backtracking, a quadratic path at the issue's size), not on a slow machine.
Growth with size is measured by ``bench/scaling.py``, not here.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import regex
import regex_audit
from relparty.api import extract

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "bench"))  # bench/shapes.py: the hostile shapes, shared with bench/scaling.py
PATTERN_BOUND_S = 2.0  # CPU seconds per call on a 10 KB string; a linear pattern takes well under 10 ms
WALL_BACKSTOP_S = 60.0

# Patterns the package only ever uses anchored (fullmatch or match, on a line, a cell or a label):
# for them the audit runs fullmatch and match, not a search from every start (where they are
# superlinear, and never used). ``test_anchored_patterns_are_used_anchored_only`` checks the claim.
ANCHORED = {
    "relparty.components.linking._HEADING": "components/linking.py",
    "relparty.details.reader._SCALE_PART": "details/reader.py",
    "relparty.details.reader._DURATION": "details/reader.py",
    "relparty.details.reader._DEFAULT_MONEY": "details/reader.py",
    "relparty.layout._GLUE": "layout.py",
    "relparty.layout._VALUE_THEN_WORD": "layout.py",
    "relparty.readers._HEADER_ROW": "readers.py",
    "relparty.readers._RULER": "readers.py",
    "relparty.readers._PAGE_DATE_ROW": "readers.py",
    "relparty.readers._PIPES_ONLY": "readers.py",
    "relparty.reconcile._AGGREGATE": "reconcile.py",
    "relparty.components.linking._ITEM_MARKER": "components/linking.py",
    "relparty.components.tables._COLUMN_AT_START": "components/tables.py",
}


@contextmanager
def _within(seconds: float) -> Iterator[None]:
    """Fail (instead of hanging) if the block takes more than ``seconds`` of this process's CPU
    time (``ITIMER_PROF``), or ten times that in wall time (``ITIMER_REAL``: a hang that blocks
    without running, such as opening a FIFO). CPU time, so a loaded machine, where a second of
    work can take a minute of wall time, does not fail a test; the regex engine and spaCy's Python
    code both check for signals, so a runaway match stops too."""

    def _alarm(signum, frame):  # type: ignore[no-untyped-def]
        raise TimeoutError(f"still running after {seconds} s of CPU time (or {10 * seconds} s of wall time)")

    old_prof = signal.signal(signal.SIGPROF, _alarm)
    old_alarm = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, 10 * seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGPROF, old_prof)
        signal.signal(signal.SIGALRM, old_alarm)


# --- the regex audit ---------------------------------------------------------------------------


def test_the_audit_finds_the_patterns_of_every_stage() -> None:
    names = set(regex_audit.collect())
    for expected in ("relparty.readers._RULER", "relparty.readers._FOOTER", "relparty.readers._HTML_START",
                     "relparty.components.tables._FOOTNOTE", "tokenizer.prefix_search", "tokenizer.infix_finditer"):
        assert expected in names, expected
    assert any(n.endswith("(inline)") for n in names)
    assert any(n.startswith("relparty.details.reader.") for n in names)  # the regex-module patterns too
    assert len(names) > 80


def _audit(patterns: dict[str, object], bound: float) -> list[str]:
    """Run each pattern against its adversarial strings in a child process, each call bounded to
    ``bound`` seconds of CPU time; the patterns (and strings) that went over. A child that stops
    answering for a minute of wall time (a pattern the CPU timer could not stop) is killed and
    restarted after that pattern."""
    spec = [["regex" if isinstance(p, regex.Pattern) else "re", p.pattern, p.flags, n, n in ANCHORED]  # type: ignore[attr-defined]
            for n, p in patterns.items()]
    slow: list[str] = []

    def over(i: int, j: int, how: str) -> None:
        name, pattern = spec[i][3], spec[i][1]
        sample = regex_audit.adversarial(pattern)[j]
        slow.append(f"{name} ({pattern[:80]!r}) on {sample[:24]!r}... ({len(sample)} chars): {how}")

    start = 0
    while start < len(spec):
        path = HERE / f".regex-audit-{os.getpid()}.json"
        path.write_text(json.dumps(spec[start:]), encoding="utf-8")
        try:
            proc = subprocess.Popen([sys.executable, str(HERE / "regex_audit.py"), str(path), str(bound)],
                                    stdout=subprocess.PIPE, text=True, bufsize=1)
            assert proc.stdout is not None
            current: tuple[int, int] | None = None
            since = time.monotonic()
            backstop = WALL_BACKSTOP_S
            done = len(spec)
            while True:
                ready, _, _ = select.select([proc.stdout], [], [], 0.5)
                if ready:
                    line = proc.stdout.readline()
                    if not line:
                        break
                    kind, *nums = line.split()
                    if kind == "B":  # the bound as calibrated on this machine (regex_audit.calibrate)
                        bound = float(nums[0])
                        backstop = max(WALL_BACKSTOP_S, 3 * bound)
                    elif kind == "S":
                        current, since = (start + int(nums[0]), int(nums[1])), time.monotonic()
                    elif kind == "T":
                        over(start + int(nums[0]), int(nums[1]), f"over {bound} s of CPU")
                elif current is not None and time.monotonic() - since > backstop:
                    proc.kill()
                    over(*current, f"no answer in {backstop:.0f} s")
                    done = current[0] + 1
                    break
            proc.wait()
            assert proc.returncode in (0, -signal.SIGKILL), f"audit child failed: {proc.returncode}"
        finally:
            path.unlink(missing_ok=True)
        start = done
    return slow


def test_every_regex_of_the_package_is_fast_on_adversarial_10kb_strings() -> None:
    """Each compiled regex of the package (module level, components, tokenizer, inline calls) on
    runs of punctuation, dashes, pipes, white space, digits, words and brackets of 10 KB, and of
    its own literal characters and words, with and without a failing tail: each search and
    fullmatch within 2 s of CPU time, or 20 times a known quadratic search timed in the same
    child at the start, whichever is more (``regex_audit.calibrate``: a linear pattern takes well
    under 10 ms and a quadratic one about the reference, while an exponential one never ends).
    CPU time, not wall time, and a bound that grows as the machine slows: the outcome does not
    depend on the machine's speed or load (a quadratic pattern near 2 s on a busy CI machine
    failed before the calibration). Growth over whole notes is measured by ``bench/scaling.py``."""
    slow = _audit(regex_audit.collect(), PATTERN_BOUND_S)
    assert not slow, "patterns over the bound:\n" + "\n".join(slow)


def test_anchored_patterns_are_used_anchored_only() -> None:
    """The claim behind ANCHORED: every method called on the pattern in its module is match or
    fullmatch (directly, or on ``(x or PATTERN)``); a search or finditer would void it."""
    import re

    for name, file in ANCHORED.items():
        var = name.rsplit(".", 1)[1]
        source = (HERE.parent / "nlp" / file).read_text(encoding="utf-8")
        calls = re.findall(rf"\b{re.escape(var)}\)?\.(\w+)\(", source)
        assert calls and set(calls) <= {"match", "fullmatch"}, (name, calls)


def test_the_audit_catches_an_exponential_pattern() -> None:
    """Control: the R-page ruler pattern as it was (a separator that can match nothing)."""
    import re

    slow = _audit({"old ruler": re.compile(r"[\s|]*-{3,}(?:[\s|]*-{3,})*[\s|]*")}, 1.0)  # not in ANCHORED: searched
    assert slow and slow[0].startswith("old ruler")


# --- hangs and superlinear time: the reproductions ---------------------------------------
# Each runs at the size (or the size where it was already slow) under a bound 20-100 times
# what it takes now, so that it fails on a hang, never on a slow machine.


def test_dashes_then_words_do_not_hang_the_ruler_pattern() -> None:
    with _within(60):
        for n in (48, 60, 2000):
            r = extract("-" * n + " Note 5")
            assert r.length == n + 7


def test_footer_search_over_blank_lines_is_not_quadratic() -> None:
    text = "Revenue\n" + " \n" * 40000 + "x"
    with _within(60):
        r = extract(text)
    assert r.length == len(text)


def test_years_under_a_header_do_not_hang() -> None:
    with _within(120):
        r = extract("Related party transactions\n" + "2022\n" * 100_000)
    assert r.records == []


def test_a_run_on_sentence_with_amounts_keeps_its_amounts() -> None:
    text = "Revenue from Alpha Ltd. were " + "$1,000, " * 12_500 + "."  # 100 KB in one sentence
    with _within(120):
        r = extract(text)
    assert r.length == len(text)
    assert all(text[a.span.start:a.span.end] == a.span.text for rec in r.records for _, a in _amounts(rec))


@pytest.mark.parametrize("lists", [10, 40, 400])
def test_a_sentence_of_many_amount_lists_gives_a_record_for_each(lists: int) -> None:
    """More than ``relparty.assemble.MANY_LISTS`` (32) lists in one sentence are read in windows
    around each list: they give the same records as a shorter sentence of the same kind (the
    windowed call passed the list twice: every list failed, an internal-error warning each that
    held the whole sentence, and no record; a 1 MB run-on note took 2.3 GB)."""
    text = "The Company recorded " + "revenue from Alpha Ltd. of $1,000 for the year ended December 31, 2023, " * lists + "in total."
    r = extract(text)
    assert not [w for w in r.warnings if "internal error" in w.message]
    assert len(r.records) == lists
    assert {(rec.kind, rec.counterparty.name, str(rec.amounts[0].amount.value)) for rec in r.records} == {
        ("revenue", "Alpha Ltd.", "1000")}


def _amounts(rec):  # type: ignore[no-untyped-def]
    return [(pa.period, pa.amount) for pa in rec.amounts]


def test_many_defined_short_names_do_not_hang() -> None:
    import shapes

    text, _ = shapes.SHAPES["parties"]["defined_short_names"](300_000)
    with _within(120):
        r = extract(text)
    assert r.length == len(text) and not any(w.message.startswith("internal error") for w in r.warnings)


def test_table_rows_with_triggers_do_not_hang() -> None:
    text = "| 2023 | 2024\n" + "Due from related parties | 1,000 | 2,000\n" * 5000
    with _within(120):
        extract(text)


@pytest.mark.parametrize("opening", ["<!--", "<script>", "<style>", "<a", "<a x "])
def test_unclosed_html_is_read_in_linear_time(opening: str) -> None:
    text = "<div>Revenue of $5 from A Ltd. in 2023.</div>" + opening * 20_000 + " tail"
    with _within(60):
        r = extract(text, kind="html")
    assert r.length == len(text)


def test_unclosed_script_content_is_text_and_closed_script_is_dropped() -> None:
    from relparty.readers import read_html

    assert "var" in read_html("<div>a</div><script>var x").text
    assert "var" not in read_html("<div>a</div><script>var x</script >b").text
    assert "hidden" not in read_html("<p>a<!-- hidden -->b</p>").text


def test_nested_divs_are_read_in_linear_time() -> None:
    text = "<div>" * 100_000 + "Revenue of $5 from A Ltd." + "</div>" * 100_000
    with _within(60):
        r = extract(text, kind="html")
    assert r.length == len(text)


def test_inline_xbrl_end_tags_of_a_kind_not_open_are_read_in_linear_time() -> None:
    from relparty.filings.visible import visible_text

    text = "<div>Related Party Transactions</div>" + ("<ix:nonFraction name='a'>1</ix:continuation>" * 50_000)
    for bulk in (True, False):  # the bulk pass and the tokenizer loop: each end tag searched the open stack
        with _within(60):
            vis = visible_text(text, bulk=bulk)
        assert len(vis.ix) == 50_000 and "50000 inline XBRL element(s) never closed" in vis.warnings[0]


def test_a_long_unterminated_tag_name_is_read_in_linear_time() -> None:
    from relparty.filings.visible import strip_tags, visible_text

    text = "<p>Related Party Transactions</p><" + "a" * 1_000_000 + " tail"  # a tag name never closed by ">"
    for bulk in (True, False):  # the name was tried at every length against the rest of the tag: quadratic
        with _within(60):
            vis = visible_text(text, bulk=bulk)
        assert vis.text.endswith("a tail") and len(vis.text) > 1_000_000
    with _within(60):
        assert strip_tags(text).endswith("a tail")


def test_table_footnote_stars_do_not_backtrack() -> None:
    from relparty.components.tables import _FOOTNOTE  # noqa: PLC2701 (the pattern under audit)

    with _within(10):
        assert _FOOTNOTE.search("Revenue" + "*" * 5000 + "x") is None
    assert _FOOTNOTE.sub("", "Revenue (a)**") == "Revenue"


# --- silent loss -----------------------------------------------------------------------------


def test_a_lone_surrogate_loses_nothing_in_a_batch() -> None:
    from relparty.api import default_extractor

    good = "Revenue from Alpha Ltd. were $5 in 2023."
    results = list(default_extractor().pipe([good] * 10 + ["x \udc80"] + [good] * 10))
    assert len(results) == 21
    assert [len(r.records) for r in results] == [1] * 10 + [0] + [1] * 10
    assert any("surrogate" in w.message for w in results[10].warnings)


def test_extract_reads_a_lone_surrogate_as_a_replacement_character() -> None:
    text = "Revenue from Alpha Ltd. \udc80 were $5 in 2023."
    r = extract(text)
    assert len(r.records) == 1
    span = r.records[0].amounts[0].amount.span
    assert text[span.start:span.end] == "$5"


def test_a_superscript_digit_before_months_is_no_error() -> None:
    r = extract("Fees paid to Alpha Ltd. of $5 for the \u00b2 months ended June 30, 2024.")
    assert not any(w.message.startswith("internal error") for w in r.warnings)


def test_a_failing_stage_fails_one_note_of_a_batch_not_the_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    from relparty.api import Extractor

    ex = Extractor()
    name, proc = ex.nlp.pipeline[-1]
    calls = {"n": 0}

    def flaky(doc):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if "BOOM" in doc.text:
            raise RuntimeError("boom")
        return proc(doc)

    monkeypatch.setattr(ex.nlp, "_components", [(n, flaky if n == name else p) for n, p in ex.nlp._components])
    good = "Revenue from Alpha Ltd. were $5 in 2023."
    results = list(ex.pipe([good, "BOOM " + good, good]))
    assert [len(r.records) for r in results] == [1, 0, 1]
    assert results[1].warnings[0].message.startswith(f"internal error in the {name} stage: RuntimeError: boom")


def test_an_error_in_one_sentence_loses_only_that_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    import relparty.assemble as asm

    real = asm._record

    def fragile(doc, src, sent, al, *rest):  # type: ignore[no-untyped-def]
        if "Beta" in sent.text:
            raise ValueError("invalid record")
        return real(doc, src, sent, al, *rest)

    monkeypatch.setattr(asm, "_record", fragile)
    text = "Revenue from Alpha Ltd. were $5 in 2023. Revenue from Beta Ltd. were $7 in 2023. Costs paid to Gamma Ltd. were $9 in 2023."
    r = extract(text)
    assert len(r.records) == 2
    failed = [w for w in r.warnings if w.message.startswith("internal error")]
    assert len(failed) == 1 and "ValueError: invalid record" in failed[0].message
    assert failed[0].span is not None and "Beta" in failed[0].span.text
    long = "Revenue " + "from Beta Ltd. of $7 for 2023, " * 300 + "in total."  # one run-on sentence: each list fails
    spans = [w.span for w in extract(long).warnings if w.message.startswith("internal error")]
    assert len(spans) == 300 and all(sp is not None and sp.end - sp.start <= asm.MAX_EVIDENCE + 2 for sp in spans)


def test_an_error_in_one_table_row_loses_only_that_row(monkeypatch: pytest.MonkeyPatch) -> None:
    import relparty.components.tables as asm

    real = asm._table_row_record

    def fragile(doc, src, r, *rest):  # type: ignore[no-untyped-def]
        if "Beta" in r.label:
            raise ValueError("invalid record")
        return real(doc, src, r, *rest)

    monkeypatch.setattr(asm, "_table_row_record", fragile)
    table = ("Related party balances\nAs of December 31,\n2023\n2024\nRMB\nRMB\nDue from related parties:\n"
             "Alpha Ltd.\n215\n66\nBeta Ltd.\n13\n10\nGamma Ltd.\n9\n9\n")
    r = extract(table)
    assert sorted(rec.counterparty.name for rec in r.records) == ["Alpha Ltd.", "Gamma Ltd."]
    failed = [w for w in r.warnings if w.message.startswith("internal error in a table row")]
    assert len(failed) == 1 and failed[0].span is not None and "Beta" in failed[0].span.text


def test_out_of_memory_is_not_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    import relparty.assemble as asm

    def oom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise MemoryError

    monkeypatch.setattr(asm, "_record", oom)
    with pytest.raises(MemoryError):
        extract("Revenue from Alpha Ltd. were $5 in 2023.")


# --- batch and files -------------------------------------------------------------------------


def test_a_fifo_in_the_input_folder_does_not_hang_the_batch(tmp_path: Path) -> None:
    from relparty.batch import read_note

    os.mkfifo(tmp_path / "pipe.txt")
    with _within(30):
        r = read_note(str(tmp_path / "pipe.txt"))
    assert r.error is not None and "FIFO" in r.error


def _cli(*args: str, stdout=subprocess.PIPE):  # type: ignore[no-untyped-def]
    return subprocess.run([sys.executable, "-m", "relparty.cli", *args], stdout=stdout, stderr=subprocess.PIPE, text=True,
                          timeout=300)


def test_a_file_name_that_is_not_utf8_and_a_newline_in_a_name(tmp_path: Path) -> None:
    (tmp_path / os.fsdecode(b"caf\xe9.txt")).write_bytes(b"Revenue from Alpha Ltd. were $5 in 2023.")
    (tmp_path / "new\nline.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    for fmt in ("jsonl", "csv"):
        out = tmp_path / f"out.{fmt}"
        p = _cli("extract", str(tmp_path), "-o", str(out))
        assert p.returncode == 1 and "Traceback" not in p.stderr, p.stderr
        assert "caf\ufffd" in out.read_text(encoding="utf-8")
        assert "'" + str(tmp_path / "new\\nline.txt") + "'" in p.stderr.replace("\\\\", "\\")
        assert not any(line.startswith("line.txt") for line in p.stderr.splitlines())


def test_dev_full_is_reported_as_no_space_left(tmp_path: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    note = tmp_path / "a.txt"
    note.write_text("Revenue from Alpha Ltd. were $5 in 2023.", encoding="utf-8")
    p = _cli("extract", str(note), "-o", "/dev/full")
    assert p.returncode == 1 and "relparty: /dev/full: no space left" in p.stderr, p.stderr
    assert os.path.exists("/dev/full") and not os.path.isfile("/dev/full")  # written to, not replaced
    with open("/dev/full", "w") as full:
        p = _cli("extract", str(note), stdout=full)
    assert p.returncode == 1 and "relparty: standard output: no space left" in p.stderr, p.stderr


def test_workers_exit_when_the_parent_is_killed(tmp_path: Path) -> None:
    text = (HERE.parent / "corpus" / "notes" / "cloopen-2024-r29.txt").read_bytes()
    for i in range(3000):
        (tmp_path / f"n{i}.txt").write_bytes(text)
    proc = subprocess.Popen([sys.executable, "-m", "relparty.cli", "extract", str(tmp_path), "--jobs", "2",
                             "-o", str(tmp_path / "out.jsonl")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: list[int] = []
    deadline = time.monotonic() + 900  # wall time, waited out only on failure (a loaded machine starts slowly)
    while not children and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.5)
        children = [int(c) for c in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()] \
            if Path(f"/proc/{proc.pid}/task/{proc.pid}/children").exists() else []
    if not children:
        pytest.skip("the batch ended before its workers could be seen (or /proc has no children list)")
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(Path(f"/proc/{c}").exists() and "Z" not in
                                               Path(f"/proc/{c}/stat").read_text().split()[2] for c in children):
        time.sleep(0.5)
    alive = [c for c in children if Path(f"/proc/{c}").exists() and "Z" not in Path(f"/proc/{c}/stat").read_text().split()[2]]
    assert not alive, f"workers still running after the parent was killed: {alive}"


def _temps(folder: Path, name: str) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith(f".{name}.relparty-"))


def test_a_run_killed_outright_leaves_a_temp_file_the_next_run_deletes(tmp_path: Path) -> None:
    """SIGKILL gives no chance to clean up: the temporary output stays, named with its process id
    (``.out.jsonl.relparty-PID.XXXX.tmp.jsonl``), and the next run writing the same output deletes
    it, since that process is gone. The run is the real CLI, killed while it waits for its input."""
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "relparty.cli", "extract", "-", "-o", str(out)],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 900  # wall time, waited out only on failure
        while not _temps(tmp_path, "out.jsonl") and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
        left = _temps(tmp_path, "out.jsonl")
        assert left and f".relparty-{proc.pid}." in left[0].name, left
    finally:
        proc.kill()  # SIGKILL
        proc.wait()
    assert _temps(tmp_path, "out.jsonl") == left and not out.exists()  # what SIGKILL leaves
    note = tmp_path / "a.txt"
    note.write_text("Revenue from Alpha Ltd. were $5 in 2023.", encoding="utf-8")
    p = _cli("extract", str(note), "-o", str(out))
    assert p.returncode == 0, p.stderr
    assert _temps(tmp_path, "out.jsonl") == [] and "Alpha" in out.read_text(encoding="utf-8")


def test_stale_temps_of_live_processes_and_other_names_are_kept(tmp_path: Path) -> None:
    from relparty.atomic import remove_stale_temps

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(gone.stdout)
    live = os.getppid()
    stale = tmp_path / f".out.jsonl.relparty-{dead}.abc123.tmp.jsonl"
    stale_dir = tmp_path / f".review-notes.relparty-{dead}.x1y2.tmp"  # a paged HTML review's folder
    kept = [tmp_path / f".out.jsonl.relparty-{live}.abc123.tmp.jsonl", tmp_path / f".out.jsonl.relparty-{os.getpid()}.q.tmp.jsonl",
            tmp_path / f".other.jsonl.relparty-{dead}.abc123.tmp.jsonl", tmp_path / ".out.jsonl.unrelated"]
    for p in [stale, *kept]:
        p.write_text("x", encoding="utf-8")
    stale_dir.mkdir()
    (stale_dir / "note-1.html").write_text("x", encoding="utf-8")
    assert remove_stale_temps(tmp_path / "out.jsonl") == [stale]
    assert remove_stale_temps(tmp_path / "review-notes") == [stale_dir]
    assert all(p.exists() for p in kept) and not stale.exists() and not stale_dir.exists()
