"""``relparty details PAGE...`` (tagged facts) and ``relparty reconcile NOTE [DETAILS...]``.

``relparty.cli`` parses the command line; :func:`run_details` and :func:`run_reconcile` take its parsed
arguments and the program's name and return the exit status (0 fine, 1 some input could not be read,
2 usage: nothing to do). Messages go to standard error
as ``relparty: PATH: reason`` (``warning:`` before warnings); ``-o FILE`` is written atomically.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO

from relparty.details.reader import read_details_file
from relparty.details.rows import TAGGED_COLUMNS, tagged_rows
from relparty.exports.reconciliation import reconciliation_html
from relparty.exports.rows import RECONCILIATION_COLUMNS, reconciliation_rows
from relparty.models import DetailsPage, NoteExtraction, Reconciliation
from relparty.models.details import STATUSES
from relparty.reconcile import (
    details_for,
    is_details_file,
    load_extraction,
    reconcile,
)

__all__ = ["run_details", "run_reconcile"]


# --- helpers ---------------------------------------------------------------------------------------


def _format(args: argparse.Namespace, choices: Sequence[str], default: str) -> str:
    if args.format:
        return str(args.format)
    suffix = Path(args.output).suffix.lstrip(".").lower() if args.output != "-" else ""
    return suffix if suffix in choices else default


@contextmanager
def _stdout() -> Iterator[IO[str]]:
    """Standard output as UTF-8 whatever the locale (or as it is, when it is not a file: a test capture)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, io.UnsupportedOperation):
        yield sys.stdout
        return
    sys.stdout.flush()
    out = open(fd, "w", encoding="utf-8", newline="", closefd=False)
    try:
        yield out
    finally:
        out.flush()


def _open_out(path: str) -> AbstractContextManager[IO[str]]:
    """Standard output, or a file that appears only once it is complete."""
    if path == "-":
        return _stdout()
    from relparty.writers import atomic_output

    return atomic_output(path)


def _json_cell(v: object) -> object:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, date):
        return v.isoformat()
    return v


def _write_rows(out: IO[str], fmt: str, columns: Sequence[str], rows: list[dict]) -> None:
    if fmt == "csv":
        from relparty.exports.rows import csv_value

        w = csv.writer(out)
        w.writerow(columns)
        for row in rows:
            w.writerow([csv_value(row[c]) for c in columns])
    else:
        for row in rows:
            out.write(json.dumps({c: _json_cell(row[c]) for c in columns}, ensure_ascii=False) + "\n")


def _error(prog: str, where: str, message: str) -> None:
    print(f"{prog}: {where}: {message}", file=sys.stderr, flush=True)


def _warn(prog: str, quiet: bool, where: str, message: str) -> None:
    if not quiet:
        print(f"{prog}: {where}: warning: {message}", file=sys.stderr, flush=True)


def _page_files(args: Sequence[str]) -> Iterator[tuple[Path, str | None]]:
    for a in args:
        p = Path(a)
        if p.is_dir():
            found = sorted(q for q in p.rglob("*.txt") if is_details_file(q))
            if not found:
                yield p, "folder holds no *.details*.txt"
            yield from ((q, None) for q in found)
        elif p.is_file():
            yield p, None
        else:
            yield p, "no such file"


# --- details -------------------------------------------------------------------------------------


def _read_pages(paths: list[str], quiet: bool, prog: str) -> tuple[list[DetailsPage], int]:
    """Read details pages, reporting each unreadable file and each page's warnings; (pages, 1 if any failed)."""
    pages: list[DetailsPage] = []
    status = 0
    for path, error in _page_files(paths):
        if error:
            _error(prog, str(path), error)
            status = 1
            continue
        page = read_details_file(path)
        for w in page.warnings:
            _warn(prog, quiet, str(path), w.message)
        pages.append(page)
    return pages, status


def run_details(args: argparse.Namespace, *, prog: str) -> int:
    fmt = _format(args, ("jsonl", "csv"), "jsonl")
    pages, status = _read_pages(args.pages, args.quiet, prog)
    if fmt == "jsonl":
        with _open_out(args.output) as out:
            for page in pages:
                for f in [*page.facts, *page.cells] if args.cells else page.facts:
                    out.write(json.dumps({**f.model_dump(mode="json"), "page": page.source}, ensure_ascii=False) + "\n")
    else:
        with _open_out(args.output) as out:
            _write_rows(out, "csv", TAGGED_COLUMNS, tagged_rows(pages, cells=args.cells))
    if not args.quiet:
        n = sum(len(p.facts) for p in pages)
        placed = sum(len(p.placed()) for p in pages)
        print(f"{prog}: {len(pages)} page{'s' if len(pages) != 1 else ''}, {n} tagged facts ({placed} placed, "
              f"{n - placed} ambiguous)", file=sys.stderr)
    return status if pages or status else 2


# --- reconcile -----------------------------------------------------------------------------------


def _note_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.txt") if not is_details_file(p) and details_for(p))


def _extraction(note: Path, from_gold: bool) -> NoteExtraction:
    if from_gold and note.suffix != ".json":
        gold = note.with_name(note.name[: -len(note.suffix)] + ".gold.json")
        if gold.is_file():
            ex = load_extraction(gold)
            ex.source = str(note)
            return ex
        raise FileNotFoundError(f"no {gold.name} beside the note")
    return load_extraction(note)


def _table(rec: Reconciliation) -> str:
    counts = rec.counts()
    lines = [f"== {rec.note}: " + ", ".join(f"{k} {v}" for k, v in counts.items()),
             f"   pages: {', '.join(str(p) for p in rec.pages)}", f"   scale: {rec.scale_reason}"]
    lines += [f"   warning: {w}" for w in rec.warnings]
    for row in reconciliation_rows(rec):
        period = ""
        if row["period_end"] is not None:
            period = f"{row['period_end']}" + (f" ({row['period_months']}m)" if row["period_months"] else "")
        lines.append(f"   {row['status']:<13} {str(row['party'] or '-')[:38]:<38} {str(row['kind'] or '-'):<12} "
                     f"{period:<17} {row['message']}")
    return "\n".join(lines)


def _totals(recs: list[Reconciliation]) -> str:
    head = f"{'note':<28}" + "".join(f"{s:>14}" for s in STATUSES)
    rows = [head, "-" * len(head)]
    total = dict.fromkeys(STATUSES, 0)
    for rec in recs:
        c = rec.counts()
        rows.append(f"{(rec.note or '-')[:28]:<28}" + "".join(f"{c[s]:>14}" for s in STATUSES))
        for s in STATUSES:
            total[s] += c[s]
    rows.append(f"{'total':<28}" + "".join(f"{total[s]:>14}" for s in STATUSES))
    return "\n".join(rows)


def run_reconcile(args: argparse.Namespace, *, prog: str) -> int:
    fmt = _format(args, ("table", "jsonl", "csv", "json", "html"), "table")
    note = Path(args.note)
    jobs: list[tuple[Path, list[Path]]] = []
    status = 0
    if note.is_dir():
        if args.details:
            _warn(prog, args.quiet, str(note), "with a folder, the details pages are found beside each note; DETAILS ignored")
        jobs = [(p, details_for(p)) for p in _note_files(note)]
        if not jobs:
            _error(prog, str(note), "no NAME.txt with NAME.details*.txt beside it")
            return 2
    elif note.is_file():
        pages = [Path(d) for d in args.details] if args.details else details_for(note)
        if not pages:
            _error(prog, str(note), "no details pages given and no NAME.details*.txt beside the note")
            return 2
        jobs = [(note, pages)]
    else:
        _error(prog, str(note), "no such file or directory")
        return 2
    recs: list[Reconciliation] = []
    for note_path, page_paths in jobs:
        try:
            ex = _extraction(note_path, args.from_gold)
        except (OSError, ValueError) as e:  # unreadable note, malformed facts JSON
            _error(prog, str(note_path), f"cannot read the note: {e}")
            status = 1
            continue
        pages, failed = _read_pages([str(p) for p in page_paths], args.quiet, prog)
        status = max(status, failed)
        rec = reconcile(ex, pages, scale=args.scale)
        for w in rec.warnings:
            _warn(prog, args.quiet, str(note_path), w)
        recs.append(rec)
    with _open_out(args.output) as out:
        if fmt == "table":
            out.write("\n\n".join(_table(r) for r in recs) + "\n")
            if len(recs) > 1:
                out.write("\n" + _totals(recs) + "\n")
        elif fmt == "json":
            out.write(json.dumps([r.model_dump(mode="json") for r in recs], ensure_ascii=False, indent=1) + "\n")
        elif fmt == "html":
            out.write(_html_page(recs))
        else:
            _write_rows(out, fmt, RECONCILIATION_COLUMNS, [row for r in recs for row in reconciliation_rows(r)])
    return status


_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def _html_page(recs: list[Reconciliation]) -> str:
    buf = io.StringIO()
    buf.write(f'<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
              f'content="{_CSP}"><title>Reconciliation</title><style>'
              "body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
              "padding:2px 6px;font-size:13px}.status-agree{background:#e8f5e9}.status-differ{background:#ffcdd2}"
              ".status-blank-in-text{background:#fff9c4}</style></head><body>\n")
    for rec in recs:
        buf.write(reconciliation_html(rec, heading=f"Reconciliation: {rec.note}") + "\n")
    buf.write("</body></html>\n")
    return buf.getvalue()


