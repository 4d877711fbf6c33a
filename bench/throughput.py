#!/usr/bin/env python
"""Throughput and memory of relparty over the bundled corpus repeated to 20,000 notes (not a test).

    .venv/bin/python bench/throughput.py            # the full run (a few minutes)
    .venv/bin/python bench/throughput.py --notes 4000 --small 500 --no-profile   # quicker

Prints, and writes to bench/results/ (git-ignored) as JSON and text:

- bare tokenization: ``spacy.blank("en")`` over the same texts, notes/s and MB/s;
- extraction in one process (``Extractor.pipe`` plus the facts view), notes/s, MB/s and its
  ratio to bare tokenization (target >= 0.8). The two are measured in ``--rounds`` alternating
  rounds over the same ``--round-notes`` texts, both warmed alike and read in batches of 64, each
  batch in its own memory zone; the ratio is the median of the rounds' ratios, so a burst of load
  from other work on a shared machine slows both sides of a round and barely moves the figure;
- the CLI end to end (``relparty extract DIR -o FILE``, a subprocess) with ``--jobs 1`` and
  ``--jobs 2``, each over 2,000 and over all 20,000 notes: notes/s, MB/s, and the speed-up of
  2 jobs over the 20,000 (target >= 1.7x; the 2,000-note speed-up is printed beside it, where
  the fixed start-up weighs more);
- peak RSS of the CLI at 2,000 and at 20,000 notes, for each ``--jobs`` (target <= 400 MB,
  within 10 %): the largest single process (``wait4`` rusage) and the sum over the process
  tree (sampled);
- unless ``--no-profile``: where the time goes, per pipeline stage (``Extractor.pipe(times=...)``,
  the library's public stage timer) and per function (cProfile).

``--vary`` rewrites the digits of every copy (as real filings differ), so each note brings new
strings into spaCy's string store; with it the memory figures show whether memory stays flat on
new text too, not just on repeats.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "notes"
RESULTS = ROOT / "bench" / "results"
FILES_PER_DIR = 1000

TARGET_RATIO = 0.8
TARGET_SPEEDUP = 1.7
TARGET_RSS_MB = 400.0
TARGET_RSS_GROWTH = 0.10


# --- corpus ------------------------------------------------------------------------------------


def corpus_texts() -> list[tuple[str, str]]:
    files = sorted(CORPUS.glob("*.txt"))
    if not files:
        sys.exit(f"bench: no notes in {CORPUS}")
    return [(f.stem, f.read_text(encoding="utf-8")) for f in files]


_DIGITS = re.compile(r"\d")


def vary(text: str, rnd: random.Random) -> str:
    """The same note with other digits (years kept): new numbers, the same shape."""
    def sub(m: re.Match[str]) -> str:
        return str(rnd.randint(0, 9))

    return re.sub(r"\b(?!(?:19|20)\d\d\b)\d[\d,.]*", lambda m: _DIGITS.sub(sub, m.group(0)), text)


def build_folder(base: list[tuple[str, str]], n: int, root: Path, varied: bool) -> list[str]:
    """Write ``n`` note files under ``root`` (1,000 per folder); return the texts in file order."""
    rnd = random.Random(20240601)
    texts: list[str] = []
    for i in range(n):
        stem, text = base[i % len(base)]
        if varied and i >= len(base):
            text = vary(text, rnd)
        d = root / f"d{i // FILES_PER_DIR:03d}"
        if i % FILES_PER_DIR == 0:
            d.mkdir(parents=True, exist_ok=True)
        (d / f"n{i:06d}-{stem}.txt").write_text(text, encoding="utf-8")
        texts.append(text)
    return texts


def mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


# --- in-process figures ------------------------------------------------------------------------


@dataclass
class Rate:
    notes: int
    seconds: float
    megabytes: float
    cpu_seconds: float | None = None  # CPU time of this process (in-process figures only)

    @property
    def notes_per_cpu_s(self) -> float:
        return self.notes / self.cpu_seconds if self.cpu_seconds else 0.0

    @property
    def notes_per_s(self) -> float:
        return self.notes / self.seconds if self.seconds else 0.0

    @property
    def mb_per_s(self) -> float:
        return self.megabytes / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, float]:
        out = {"notes": self.notes, "seconds": round(self.seconds, 3), "megabytes": round(self.megabytes, 3),
               "notes_per_s": round(self.notes_per_s, 2), "mb_per_s": round(self.mb_per_s, 4)}
        if self.cpu_seconds is not None:
            out |= {"cpu_seconds": round(self.cpu_seconds, 3), "notes_per_cpu_s": round(self.notes_per_cpu_s, 2)}
        return out


BATCH = 64  # texts per batch on both sides: Extractor.pipe's batch size, one memory zone each


def _bare_round(nlp: Any, texts: list[str], zone: int = BATCH) -> tuple[float, float]:
    """Bare ``spacy.blank("en")`` over ``texts``: (wall, CPU) seconds, read in batches of
    ``BATCH`` texts with a memory zone per ``zone`` texts (by default per batch, as
    ``Extractor.pipe`` reads them)."""
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(0, len(texts), zone):
        with nlp.memory_zone():
            for _ in nlp.pipe(texts[i:i + zone], batch_size=BATCH):
                pass
    return time.perf_counter() - t0, time.process_time() - c0


def _extraction_round(ex: Any, texts: list[str]) -> tuple[float, float]:
    """``Extractor.pipe`` plus the facts view over ``texts`` (its own memory zone per batch)."""
    t0, c0 = time.perf_counter(), time.process_time()
    for note in ex.pipe(texts, batch_size=BATCH):
        note.facts()
    return time.perf_counter() - t0, time.process_time() - c0


Timing = tuple[float, float]  # (wall, CPU) seconds of one round


@dataclass
class Rounds:
    """Bare tokenization and extraction measured in alternating rounds over the same texts."""

    texts: list[str]
    bare: list[Timing] = field(default_factory=list)  # a memory zone per batch, as extraction
    bare_one_zone: list[Timing] = field(default_factory=list)  # one memory zone for the whole round
    extraction: list[Timing] = field(default_factory=list)

    def rate(self, side: list[Timing]) -> Rate:
        n = len(side)
        return Rate(n * len(self.texts), sum(w for w, _ in side), n * mb(self.texts), sum(c for _, c in side))

    def ratios(self, cpu: bool = False, baseline: str = "bare") -> list[float]:
        """Extraction's speed as a share of bare tokenization's (``baseline``), one figure per round."""
        k = 1 if cpu else 0
        return [b[k] / e[k] for b, e in zip(getattr(self, baseline), self.extraction)]

    def median(self, cpu: bool = False, baseline: str = "bare") -> float:
        return statistics.median(self.ratios(cpu, baseline))


def interleaved(texts: list[str], rounds: int) -> Rounds:
    """Bare ``spacy.blank("en")`` and extraction in one process, in ``rounds`` rounds over the same
    ``texts``, the order of the sides turning from round to round, so that a burst of load from
    other work slows the sides of a round alike; the ratio is the median of the rounds' ratios.

    Both sides are warmed the same way (one batch, in a memory zone) and read the texts in the
    same batches of ``BATCH``, each batch in its own memory zone (the extraction's way, which
    keeps memory flat). A second bare side reads each round in one memory zone (fewer new
    lexemes: the same words recur across batches), a stricter baseline printed beside the first."""
    import spacy
    from relparty.api import Extractor

    nlp, ex = spacy.blank("en"), Extractor()
    warm = texts[:BATCH]
    _bare_round(nlp, warm)
    _extraction_round(ex, warm)
    out = Rounds(texts)
    sides: list[tuple[str, Any]] = [
        ("bare", lambda: _bare_round(nlp, texts)),
        ("extraction", lambda: _extraction_round(ex, texts)),
        ("bare_one_zone", lambda: _bare_round(nlp, texts, zone=len(texts))),
    ]
    for r in range(rounds):
        k = r % len(sides)
        for name, run in sides[k:] + sides[:k]:
            getattr(out, name).append(run())
    return out


# --- the CLI in a subprocess -------------------------------------------------------------------


def _tree(pid: int) -> set[int]:
    """``pid`` and its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    stat = fh.read()
                parents[int(entry)] = int(stat[stat.rindex(b")") + 2:].split()[1])
            except (OSError, ValueError):
                continue
    tree, todo = {pid}, [pid]
    while todo:
        p = todo.pop()
        for child, parent in parents.items():
            if parent == p and child not in tree:
                tree.add(child)
                todo.append(child)
    return tree


def _memory_kb(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in kB: its resident memory now and its high-water mark."""
    rss = hwm = 0
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
    except OSError:
        pass
    return rss, hwm


class MemorySampler(threading.Thread):
    """Samples a process tree every 0.1 s: the high-water mark of each process (VmHWM, which
    starts afresh at exec, unlike wait4's ru_maxrss, which keeps the spawning process's peak)
    and the resident memory of the whole tree at each instant."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.stop = threading.Event()
        self.hwm: dict[int, int] = {}
        self.tree_peak = 0

    def run(self) -> None:
        while not self.stop.is_set():
            total = 0
            for p in _tree(self.pid):
                rss, hwm = _memory_kb(p)
                total += rss
                self.hwm[p] = max(self.hwm.get(p, 0), hwm)
            self.tree_peak = max(self.tree_peak, total)
            self.stop.wait(0.1)


@dataclass
class CliRun:
    jobs: int
    rate: Rate
    exit_code: int
    peak_rss_mb: float  # the largest single process (its VmHWM)
    peak_tree_rss_mb: float  # all processes together at one instant (sampled every 0.1 s)
    cpu_seconds: float  # user + system time of the process and its workers
    summary: str = ""

    @property
    def busy_cpus(self) -> float:
        return self.cpu_seconds / self.rate.seconds if self.rate.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"jobs": self.jobs, **self.rate.as_dict(), "exit_code": self.exit_code,
                "peak_rss_mb": round(self.peak_rss_mb, 1), "peak_tree_rss_mb": round(self.peak_tree_rss_mb, 1),
                "cpu_seconds": round(self.cpu_seconds, 2), "cpu_ms_per_note": round(1000 * self.cpu_seconds / self.rate.notes, 3),
                "busy_cpus": round(self.busy_cpus, 2), "summary": self.summary}


def relparty_cmd() -> list[str]:
    script = Path(sys.executable).with_name("relparty")
    return [str(script)] if script.exists() else [sys.executable, "-m", "relparty.cli"]


def run_cli(inputs: list[Path], jobs: int, out: Path, texts: list[str]) -> CliRun:
    cmd = [*relparty_cmd(), "extract", *map(str, inputs), "-o", str(out), "--jobs", str(jobs)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = MemorySampler(proc.pid)
    sampler.start()
    stderr = proc.stderr.read() if proc.stderr else b""  # the summary (and any errors)
    # wait without reaping, so the last sample still sees the process; then reap with its rusage
    os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
    sampler.stop.set()
    sampler.join()
    for p in _tree(proc.pid):  # a last look at the high-water marks
        sampler.hwm[p] = max(sampler.hwm.get(p, 0), _memory_kb(p)[1])
    _, status, rusage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return CliRun(jobs, Rate(len(texts), seconds, mb(texts)), proc.returncode, max(sampler.hwm.values(), default=0) / 1024,
                  sampler.tree_peak / 1024, rusage.ru_utime + rusage.ru_stime, lines[-1] if lines else "")


def startup_seconds(tmp: Path, text: str) -> float:
    one = tmp / "one.txt"
    one.write_text(text, encoding="utf-8")
    t0 = time.perf_counter()
    subprocess.run([*relparty_cmd(), "extract", str(one), "-o", str(tmp / "one.jsonl"), "-q"], check=True,
                   stdin=subprocess.DEVNULL)
    return time.perf_counter() - t0


# --- profile -----------------------------------------------------------------------------------


def stage_times(texts: list[str]) -> list[tuple[str, float]]:
    """CPU seconds per pipeline stage over ``texts`` (``Extractor.pipe(times=...)``: the reader and
    layout, the tokenizer, each component, assembly, the results), then the facts view and JSON."""
    from relparty.api import STAGES, Extractor

    ex = Extractor()
    _extraction_round(ex, texts[:BATCH])  # warmed as the rounds are
    times: dict[str, float] = {}
    notes = list(ex.pipe(texts, batch_size=BATCH, times=times))
    out = [(name, times.get(name, 0.0)) for name in STAGES]
    t0 = time.process_time()
    facts = [n.facts() for n in notes]
    out.append(("facts view", time.process_time() - t0))
    t0 = time.process_time()
    for fs in facts:
        for f in fs:
            f.model_dump_json()
    out.append(("JSON of the facts", time.process_time() - t0))
    return out


def profile(texts: list[str]) -> str:
    from relparty.api import Extractor

    ex = Extractor()
    prof = cProfile.Profile()
    _extraction_round(ex, texts[:BATCH])  # warmed as the rounds are
    prof.enable()
    _extraction_round(ex, texts)  # memory zones per batch, as in the rounds
    prof.disable()
    buf = io.StringIO()
    st = pstats.Stats(prof, stream=buf)
    st.sort_stats("cumulative").print_stats(r"nlp/|models/|span_ruler|matcher|doc\.pyx|tokenizer\.pyx", 45)
    st.sort_stats("tottime").print_stats(25)
    st.sort_stats("tottime").print_callers(r"doc\.pyx:\d+\(__get__\)|genexpr", 5)
    return buf.getvalue()


# --- main --------------------------------------------------------------------------------------


@dataclass
class Report:
    when: str
    machine: dict[str, Any]
    corpus: dict[str, Any]
    bare: dict[str, Any] = field(default_factory=dict)
    in_process: dict[str, Any] = field(default_factory=dict)
    rounds: dict[str, Any] = field(default_factory=dict)
    cli: list[dict[str, Any]] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)
    targets: dict[str, Any] = field(default_factory=dict)
    stages: list[tuple[str, float]] = field(default_factory=list)


def check(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--notes", type=int, default=20_000, help="notes in the large run (default 20,000)")
    ap.add_argument("--small", type=int, default=2_000,
                    help="notes in the small runs: throughput of --jobs 1 and 2, RSS at this size (default 2,000)")
    ap.add_argument("--vary", action="store_true", help="vary the digits of each copy (new strings every note)")
    ap.add_argument("--rounds", type=int, default=7,
                    help="alternating rounds of bare tokenization and extraction in one process (default 7)")
    ap.add_argument("--round-notes", type=int, default=500,
                    help="notes per round (the first of the small runs' notes; default 500)")
    ap.add_argument("--profile-notes", type=int, default=500, help="notes to profile (default 500)")
    ap.add_argument("--no-profile", action="store_true", help="skip the per-stage timing and cProfile")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder of notes")
    args = ap.parse_args(argv)
    if args.small > args.notes:
        ap.error("--small must not be larger than --notes")
    if args.rounds < 1 or args.round_notes < 1:
        ap.error("--rounds and --round-notes must be at least 1")

    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    base = corpus_texts()
    tmp = Path(tempfile.mkdtemp(prefix="relparty-bench-"))
    log: list[str] = []

    def say(line: str = "") -> None:
        print(line, flush=True)
        log.append(line)

    try:
        notes_dir = tmp / "notes"
        texts = build_folder(base, args.notes, notes_dir, args.vary)
        # the small runs read whole folders of 1,000 notes: --small is rounded up to them
        small_dirs = sorted(notes_dir.iterdir())[: -(-args.small // FILES_PER_DIR)]
        small = texts[: len(small_dirs) * FILES_PER_DIR]
        report = Report(
            when=stamp,
            machine={"python": platform.python_version(), "platform": platform.platform(),
                     "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
                     "load_average_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None},
            corpus={"distinct_notes": len(base), "notes": len(texts), "megabytes": round(mb(texts), 2),
                    "small_notes": len(small), "varied": args.vary},
        )
        say(f"relparty throughput bench, {stamp}: {len(base)} distinct notes repeated to {len(texts):,} "
            f"({mb(texts):.1f} MB){', digits varied' if args.vary else ''}; small runs: {len(small):,} notes; "
            f"{report.machine['cpus']} CPUs, load {report.machine['load_average_at_start']}")
        say()

        rounds = interleaved(small[: args.round_notes], args.rounds)
        bare, inproc = rounds.rate(rounds.bare), rounds.rate(rounds.extraction)
        report.bare, report.in_process = bare.as_dict(), inproc.as_dict()
        ratio, cpu_ratio = rounds.median(), rounds.median(cpu=True)
        report.rounds = {"rounds": args.rounds, "notes_per_round": len(rounds.texts),
                         "ratios": [round(x, 4) for x in rounds.ratios()],
                         "cpu_ratios": [round(x, 4) for x in rounds.ratios(cpu=True)]}
        say(f"in one process, {args.rounds} alternating rounds over the same {len(rounds.texts):,} notes "
            "(both sides warmed alike, a memory zone per batch of 64):")
        say(f"bare spacy.blank('en') tokenization   {bare.notes_per_s:9.1f} notes/s  {bare.mb_per_s:7.3f} MB/s"
            f"   ({bare.notes_per_cpu_s:.1f} notes per CPU second)")
        say(f"extraction in one process (library)   {inproc.notes_per_s:9.1f} notes/s  {inproc.mb_per_s:7.3f} MB/s"
            f"   ({inproc.notes_per_cpu_s:.1f} notes per CPU second)")
        say(f"  ratio per round (wall): {', '.join(f'{x:.3f}' for x in rounds.ratios())}")
        say(f"  = median {ratio:.3f} of bare tokenization by wall time, {cpu_ratio:.3f} by CPU time")
        strict, strict_cpu = rounds.median(baseline="bare_one_zone"), rounds.median(True, "bare_one_zone")
        one_zone = rounds.rate(rounds.bare_one_zone)
        report.rounds |= {"ratios_to_bare_one_zone": [round(x, 4) for x in rounds.ratios(baseline="bare_one_zone")],
                          "bare_one_zone": one_zone.as_dict()}
        say(f"bare, one memory zone per round       {one_zone.notes_per_s:9.1f} notes/s  {one_zone.mb_per_s:7.3f} MB/s"
            f"   (stricter baseline: extraction = median {strict:.3f} of it by wall time, {strict_cpu:.3f} by CPU time)")

        start = startup_seconds(tmp, base[0][1])
        say(f"CLI start-up (one note)               {start:9.2f} s")
        out = tmp / "out.jsonl"
        # each --jobs over the small folders (peak RSS at the small size) and over all the notes
        runs = {(jobs, size): run_cli(dirs, jobs, out, these)
                for size, dirs, these in (("small", small_dirs, small), ("large", [notes_dir], texts))
                for jobs in (1, 2)}
        for run_ in runs.values():
            report.cli.append({"notes": run_.rate.notes, **run_.as_dict()})
            say(f"CLI --jobs {run_.jobs}, {run_.rate.notes:6,} notes          {run_.rate.notes_per_s:9.1f} notes/s  "
                f"{run_.rate.mb_per_s:7.3f} MB/s   peak RSS {run_.peak_rss_mb:6.1f} MB (largest process), "
                f"{run_.peak_tree_rss_mb:6.1f} MB (all processes); CPU {1000 * run_.cpu_seconds / run_.rate.notes:.2f} ms/note, "
                f"{run_.busy_cpus:.2f} CPUs busy; exit {run_.exit_code}: {run_.summary}")
        j1, j2 = runs[(1, "large")], runs[(2, "large")]
        cli_ratio = j1.rate.notes_per_s / bare.notes_per_s
        speedup = j2.rate.notes_per_s / j1.rate.notes_per_s
        speedup_small = runs[(2, "small")].rate.notes_per_s / runs[(1, "small")].rate.notes_per_s
        growth_by_jobs = {jobs: (runs[(jobs, "large")].peak_rss_mb - runs[(jobs, "small")].peak_rss_mb)
                          / runs[(jobs, "small")].peak_rss_mb for jobs in (1, 2)}
        growth = max(growth_by_jobs.values(), key=abs)
        peak = max(r.peak_rss_mb for r in runs.values())
        report.figures = {
            "bare_notes_per_s": round(bare.notes_per_s, 2), "bare_mb_per_s": round(bare.mb_per_s, 4),
            "extract_in_process_notes_per_s": round(inproc.notes_per_s, 2),
            "extract_in_process_mb_per_s": round(inproc.mb_per_s, 4),
            "ratio_in_process_to_bare": round(ratio, 4), "ratio_in_process_to_bare_cpu_time": round(cpu_ratio, 4),
            "ratio_in_process_to_bare_one_zone": round(strict, 4),
            "cli_startup_s": round(start, 2),
            "ratio_cli_jobs1_to_bare": round(cli_ratio, 4), "speedup_jobs2": round(speedup, 3),
            f"speedup_jobs2_at_{len(small)}": round(speedup_small, 3),
            "rss_growth_small_to_large": round(growth, 4),
        }
        for (jobs, _size), r in runs.items():
            n = r.rate.notes
            report.figures |= {
                f"cli_jobs{jobs}_at_{n}_notes_per_s": round(r.rate.notes_per_s, 2),
                f"cli_jobs{jobs}_at_{n}_mb_per_s": round(r.rate.mb_per_s, 4),
                f"cli_jobs{jobs}_at_{n}_busy_cpus": round(r.busy_cpus, 2),
                f"peak_rss_mb_at_{n}_jobs{jobs}": round(r.peak_rss_mb, 1),
                f"peak_tree_rss_mb_at_{n}_jobs{jobs}": round(r.peak_tree_rss_mb, 1),
            }
        report.targets = {
            "ratio_in_process_to_bare >= 0.8": check(ratio >= TARGET_RATIO),
            "speedup_jobs2 >= 1.7": check(speedup >= TARGET_SPEEDUP),
            "peak_rss <= 400 MB (largest process)": check(peak <= TARGET_RSS_MB),
            "rss within 10 % from small to large": check(abs(growth) <= TARGET_RSS_GROWTH),
        }
        say()
        say(f"ratio extraction / bare tokenization: {ratio:.3f} in one process (library, median of {args.rounds} rounds; "
            f"{cpu_ratio:.3f} by CPU time), {cli_ratio:.3f} "
            f"for the CLI with --jobs 1 over {len(texts):,} notes (start-up and I/O included)   target >= {TARGET_RATIO}: "
            f"{report.targets['ratio_in_process_to_bare >= 0.8']}")
        say(f"--jobs 2 / --jobs 1 over {len(texts):,} notes: {speedup:.2f}x   target >= {TARGET_SPEEDUP}x: "
            f"{report.targets['speedup_jobs2 >= 1.7']}   (CPUs busy: {j1.busy_cpus:.2f} with --jobs 1, {j2.busy_cpus:.2f} "
            f"with --jobs 2; over {len(small):,} notes, where the {start:.1f} s start-up weighs more: {speedup_small:.2f}x)")
        load = report.machine["load_average_at_start"]
        if load and load[0] > 0.5:
            say(f"NOTE: the machine was busy (load average {load[0]:.2f} at the start, {os.getloadavg()[0]:.2f} now): "
                "other processes took CPU time, so the speed figures (the --jobs 2 speed-up above all) are low")
        for jobs in (1, 2):
            say(f"peak RSS (largest process), --jobs {jobs}: {runs[(jobs, 'small')].peak_rss_mb:.1f} MB at {len(small):,} notes, "
                f"{runs[(jobs, 'large')].peak_rss_mb:.1f} MB at {len(texts):,} notes: {growth_by_jobs[jobs]:+.1%}")
        say(f"  targets <= {TARGET_RSS_MB:.0f} MB: {report.targets['peak_rss <= 400 MB (largest process)']}, within 10 %: "
            f"{report.targets['rss within 10 % from small to large']}")

        if not args.no_profile:
            ptexts = [t for _, t in base] * (-(-args.profile_notes // len(base)))
            ptexts = ptexts[: args.profile_notes]
            report.stages = [(name, round(s, 4)) for name, s in stage_times(ptexts)]
            total = sum(s for _, s in report.stages)
            say()
            say(f"where the time goes ({len(ptexts)} notes, one process, CPU time):")
            for name, s in report.stages:
                say(f"  {name:55s} {s:8.3f} s  {100 * s / total:5.1f} %")
            prof = profile(ptexts)
            (RESULTS / f"profile-{stamp}.txt").write_text(prof, encoding="utf-8")
            say(f"cProfile of {len(ptexts)} notes: {RESULTS / f'profile-{stamp}.txt'}")

        (RESULTS / f"throughput-{stamp}.json").write_text(json.dumps(asdict(report), indent=2), encoding="utf-8")
        (RESULTS / f"throughput-{stamp}.txt").write_text("\n".join(log) + "\n", encoding="utf-8")
        shutil.copy(RESULTS / f"throughput-{stamp}.json", RESULTS / "throughput-latest.json")
        shutil.copy(RESULTS / f"throughput-{stamp}.txt", RESULTS / "throughput-latest.txt")
        print(f"\nresults: {RESULTS / f'throughput-{stamp}.json'} and .txt")
    finally:
        if args.keep:
            print(f"notes kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
