#!/usr/bin/env python
"""Peak memory of each export format on 20,000 notes (not a test).

    .venv/bin/python bench/exports_rss.py                  # 20,000 notes, every format (several minutes)
    .venv/bin/python bench/exports_rss.py --notes 2000 --formats xlsx html

The bundled corpus is repeated to ``--notes`` note files (as ``bench/throughput.py`` does), then
``relparty extract DIR -o out.FORMAT --jobs 1`` runs once per format in its own process and the
process's peak resident set size (``wait4`` rusage, ``ru_maxrss``) is printed with the output's size.
Exit status 1 when any format peaks over ``--limit`` (default 400 MB), 2 when a run fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import build_folder, corpus_texts, relparty_cmd  # noqa: E402

FORMATS = ("jsonl", "json", "csv", "xlsx", "html", "parquet", "arrow")  # parquet and arrow need relparty[frames]
LIMIT_MB = 400.0


def peak_rss_mb(cmd: list[str]) -> tuple[float, float, int, str]:
    """Run ``cmd``; (peak RSS in MB, seconds, exit code, last line of standard error)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    lines = err.decode("utf-8", "replace").strip().splitlines()
    return usage.ru_maxrss / 1024, time.perf_counter() - t0, proc.returncode, lines[-1] if lines else ""


def size_mb(path: Path) -> float:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6
    return path.stat().st_size / 1e6 if path.exists() else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--notes", type=int, default=20_000)
    ap.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    ap.add_argument("--limit", type=float, default=LIMIT_MB, help="MB of peak RSS allowed per format")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="relparty-exports-rss-"))
    try:
        build_folder(corpus_texts(), args.notes, tmp / "notes", varied=False)
        print(f"{args.notes:,} notes; relparty extract notes -o out.FORMAT --jobs 1 (limit {args.limit:.0f} MB)")
        print(f"{'format':<8} {'peak RSS':>10} {'seconds':>8} {'output':>10}  summary")
        over = failed = False
        for fmt in args.formats:
            out = tmp / f"out.{fmt}"
            rss, seconds, code, summary = peak_rss_mb(
                [*relparty_cmd(), "extract", str(tmp / "notes"), "-o", str(out), "--jobs", "1"])
            output = size_mb(out) + size_mb(tmp / f"{out.stem}-notes")
            flag = "" if rss <= args.limit else f"  OVER {args.limit:.0f} MB"
            print(f"{fmt:<8} {rss:>7.1f} MB {seconds:>8.1f} {output:>7.1f} MB  {summary}{flag}", flush=True)
            over |= rss > args.limit
            failed |= code != 0
        return 2 if failed else 1 if over else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
