#!/usr/bin/env python
"""Scale-out: notes/s of --jobs 1, --jobs 2 and a two-worker Dask cluster on the same notes, and what
that projects for all of EDGAR (not a test).

    .venv/bin/python bench/scale_out.py                 # 20,000 notes (long: do not run it on a busy machine)
    .venv/bin/python bench/scale_out.py --notes 2000    # a rough check

The bundled corpus is repeated to ``--notes`` files (as ``bench/throughput.py`` does). In one run, on
the same files, it times ``relparty extract DIR -o out.jsonl`` with ``--jobs 1``, ``--jobs 2`` and
``--engine dask --scheduler`` a ``distributed.LocalCluster`` of two single-threaded worker processes
started here (needs ``relparty[dask]``), and checks the three outputs are byte-identical. Then it
projects, from each rate:

- all EDGAR related-party notes: ``--edgar-notes`` (default 500,000) notes of the corpus's mean size;
- all 10-K, 10-Q and 20-F primary documents: ``--primary-docs`` documents (default 1,000,000: about
  33,000 a year since 1993) of ``--primary-mb`` MB of text each (default 1.5; the filings in
  shared/filings hold 1.4 to 2.6 MB of HTML), at the measured MB/s. A whole filing costs more than
  its text's size suggests only if relparty reads all of it; with the filings reader finding the
  related-party section first, this is an upper bound.

The projections are for one machine like this one (2 cores); divide by the number of such machines
for a cluster, as the Dask figure is per two workers.
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
from throughput import build_folder, corpus_texts, mb, relparty_cmd  # noqa: E402


def timed(cmd: list[str]) -> tuple[float, str]:
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} exited {p.returncode}: {p.stderr.decode(errors='replace')[-500:]}")
    return seconds, p.stderr.decode(errors="replace").strip().splitlines()[-1]


def load() -> str:
    """The load average now (1, 5, 15 minutes): the machine is shared, so every figure comes with it."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} ({os.cpu_count()} cores)"


def duration(seconds: float) -> str:
    if seconds < 3600:
        return f"{seconds / 60:.1f} min"
    if seconds < 3 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--notes", type=int, default=20_000)
    ap.add_argument("--edgar-notes", type=int, default=500_000)
    ap.add_argument("--primary-docs", type=int, default=1_000_000)
    ap.add_argument("--primary-mb", type=float, default=1.5)
    args = ap.parse_args(argv)
    try:
        import distributed
    except ImportError:
        sys.exit("bench: the Dask figure needs relparty[dask]: pip install -e '.[dask]'")

    tmp = Path(tempfile.mkdtemp(prefix="relparty-scale-out-"))
    try:
        texts = build_folder(corpus_texts(), args.notes, tmp / "notes", varied=False)
        size = mb(texts)
        print(f"{args.notes:,} notes, {size:.1f} MB; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {load()}")
        runs: dict[str, tuple[float, str]] = {}
        base = [*relparty_cmd(), "extract", str(tmp / "notes")]
        runs["--jobs 1"] = timed([*base, "--jobs", "1", "-o", str(tmp / "j1.jsonl")])
        runs["--jobs 2"] = timed([*base, "--jobs", "2", "-o", str(tmp / "j2.jsonl")])
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            runs["dask, 2 workers"] = timed([*base, "--engine", "dask", "--scheduler", cluster.scheduler_address,
                                             "-o", str(tmp / "dask.jsonl")])
        print(f"after the runs: {load()}")
        same = (tmp / "j1.jsonl").read_bytes() == (tmp / "j2.jsonl").read_bytes() == (tmp / "dask.jsonl").read_bytes()
        mean_mb = size / args.notes
        print(f"{'run':<16} {'seconds':>8} {'notes/s':>9} {'MB/s':>7}  {'500k notes':>11}  {'primary docs':>12}")
        for name, (seconds, _) in runs.items():
            rate, mbs = args.notes / seconds, size / seconds
            notes_t = args.edgar_notes * mean_mb / mbs
            docs_t = args.primary_docs * args.primary_mb / mbs
            print(f"{name:<16} {seconds:>8.1f} {rate:>9.1f} {mbs:>7.3f}  {duration(notes_t):>11}  {duration(docs_t):>12}")
        print(f"projections: {args.edgar_notes:,} notes of {mean_mb * 1e3:.1f} KB; {args.primary_docs:,} primary documents "
              f"of {args.primary_mb} MB; one 2-core machine (divide by the machines of a cluster)")
        print(f"outputs byte-identical: {'yes' if same else 'NO'}")
        return 0 if same else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
