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
PATTERN_BOUND_S = 2.0  # CPU seconds per call on a 10 KB string; a linear pattern takes well under 10 ms
WALL_BACKSTOP_S = 60.0


@contextmanager
def _within(seconds: float) -> Iterator[None]:
    """Fail (instead of hanging) if the block runs longer than ``seconds`` (SIGALRM, main thread).
    The regex engine and spaCy's Python code both check for signals, so a runaway match stops too."""

    def _alarm(signum, frame):  # type: ignore[no-untyped-def]
        raise TimeoutError(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# --- the regex audit ---------------------------------------------------------------------------


def test_the_audit_finds_the_patterns_of_every_stage() -> None:
    names = set(regex_audit.collect())
    for expected in ("relparty.readers._RULER", "relparty.readers._FOOTER", "relparty.readers._HTML_START",
                     "relparty.components.parties._QUOTED_ALIAS", "tokenizer.prefix_search", "tokenizer.infix_finditer"):
        assert expected in names, expected
    assert any(n.endswith("(inline)") for n in names)
    assert any(n.startswith("relparty.details.reader.") for n in names)  # the regex-module patterns too
    assert len(names) > 80


def _audit(patterns: dict[str, object], bound: float) -> list[str]:
    """Run each pattern against its adversarial strings in a child process, each call bounded to
    ``bound`` seconds of CPU time; the patterns (and strings) that went over. A child that stops
    answering for a minute of wall time (a pattern the CPU timer could not stop) is killed and
    restarted after that pattern."""
    spec = [["regex" if isinstance(p, regex.Pattern) else "re", p.pattern, p.flags, n]  # type: ignore[attr-defined]
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
            done = len(spec)
            while True:
                ready, _, _ = select.select([proc.stdout], [], [], 0.5)
                if ready:
                    line = proc.stdout.readline()
                    if not line:
                        break
                    kind, *nums = line.split()
                    if kind == "S":
                        current, since = (start + int(nums[0]), int(nums[1])), time.monotonic()
                    elif kind == "T":
                        over(start + int(nums[0]), int(nums[1]), f"over {bound} s of CPU")
                elif current is not None and time.monotonic() - since > WALL_BACKSTOP_S:
                    proc.kill()
                    over(*current, f"no answer in {WALL_BACKSTOP_S} s")
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
    fullmatch within 2 s of CPU time (generous: a linear pattern takes well under 10 ms and even
    a quadratic one about 0.5 s, while an exponential one never ends; CPU time, not wall time,
    so a busy machine does not matter, and the bound does not depend on the machine's speed in
    practice). Quadratic growth over whole notes is measured by ``bench/scaling.py``."""
    slow = _audit(regex_audit.collect(), PATTERN_BOUND_S)
    assert not slow, "patterns over the bound:\n" + "\n".join(slow)


def test_the_audit_catches_an_exponential_pattern() -> None:
    """Control: the R-page ruler pattern as it was (a separator that can match nothing)."""
    import re

    slow = _audit({"old ruler": re.compile(r"[\s|]*-{3,}(?:[\s|]*-{3,})*[\s|]*")}, 1.0)
    assert slow and slow[0].startswith("old ruler")
