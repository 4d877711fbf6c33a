"""The ``relparty`` command line.

    relparty extract PATH... [-o FILE] [--format jsonl|csv|json|xlsx|html|parquet|arrow] [--view facts|records]
                             [--jobs N] [--engine local|dask --scheduler ADDRESS] [--excel]
                             [--max-bytes SIZE] [--quiet] [--fail-fast]
    relparty schema
    relparty details PAGE... [-o FILE] [--format jsonl|csv] [--cells]
    relparty reconcile NOTE [DETAILS...] [-o FILE] [--format table|jsonl|csv|json|html] [--scale N] [--from-gold]
    relparty locate FILING... [--format table|jsonl]
    relparty --version

This is the one command-line module: the program's name (:data:`PROG`), every parser and the entry point
(:func:`main`). Each subcommand's parser gets a handler with ``parser.set_defaults(func=handler,
command_parser=parser)``; ``handler(args) -> int`` returns the exit code (0 ok, 1 some inputs failed, 2
usage error). ``extract`` and ``schema`` run here; ``details`` and ``reconcile`` run as plain functions of
``relparty.details.commands``, ``locate`` of ``relparty.filings.commands`` (they take the parsed arguments
and ``prog``, and never import this module). Raise :class:`UsageError` for a usage error found after
parsing: it is printed with the usage line of ``command_parser`` and the exit code is 2.

Exit codes of ``extract``: 0 every file read, 1 some files failed, 2 usage error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import errno
import io
import json
import os
import re
import signal
import sys
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import FrameType
from typing import IO, Any

PROG = "relparty"
PROGRESS_MIN_FILES = 6  # a progress bar only for more than a handful of files


class UsageError(Exception):
    """A bad combination of options, found after parsing: exit code 2 with the usage line."""


class Interrupted(BaseException):
    """SIGTERM (or SIGHUP) arrived: unwind like Ctrl-C so no half-written output is left."""


# --- parsing -----------------------------------------------------------------------------------

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", re.I)
_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1000, "m": 1000**2, "mb": 1000**2, "g": 1000**3, "gb": 1000**3,
          "ki": 1024, "kib": 1024, "mi": 1024**2, "mib": 1024**2, "gi": 1024**3, "gib": 1024**3}


def parse_size(text: str) -> int:
    """A byte count: ``5000000``, ``500k``, ``20MB``, ``1.5MiB``."""
    m = _SIZE.match(text)
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 20000000, 500k, 20MB)")
    n = int(float(m.group(1)) * _UNITS[(m.group(2) or "").lower()])
    if n < 1:
        raise argparse.ArgumentTypeError(f"the size limit must be at least 1 byte, not {text!r}")
    return n


def parse_jobs(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of jobs: {text!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"--jobs must be 0 (all cores) or more, not {n}")
    return n


def _version() -> str:
    from relparty import __version__

    return f"{PROG} {__version__}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Read related-party notes of SEC filings into structured records.",
    )
    parser.add_argument("--version", action="version", version=_version())
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    _register_extract(subparsers)
    _register_details(subparsers)
    _register_locate(subparsers)
    return parser


def _register_extract(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``relparty extract`` and ``relparty schema`` (run here)."""
    from relparty.batch import DEFAULT_MAX_BYTES
    from relparty.writers import FORMATS, VIEWS

    p = subparsers.add_parser(
        "extract",
        help="read note files into facts or records",
        description="Read related-party notes into facts (one row per party, kind, period and amount) or "
        "records. Files that cannot be read are reported as 'relparty: FILE: reason' and skipped; a "
        "summary line ends the run (its warnings count file warnings, such as a cp1252 fallback, and "
        "the extraction warnings written with the records).",
        epilog="Exit status: 0 every file read, 1 some files failed, 2 usage error, 130 interrupted.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="note files, directories (searched recursively for *.txt, *.htm, *.html), "
                        "glob patterns ('notes/**/*.txt'), or - for standard input")
    p.add_argument("-o", "--output", metavar="FILE", default="-",
                   help="where to write (default: standard output); the format follows the suffix (.jsonl, .json, "
                        ".csv, .xlsx, .html); a directory (DIR/) gets facts.jsonl, records.jsonl or review.xlsx/.html "
                        "in it; written atomically: the file appears only when the run has finished")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="jsonl (default), json, csv (facts view): streamed; xlsx or html: review exports; parquet or "
                        "arrow: a facts table (needs relparty[frames]); these four need -o; by default the suffix "
                        "of -o decides")
    p.add_argument("--view", choices=VIEWS, default="facts",
                   help="facts: one object per fact (default); records: one NoteExtraction per file")
    p.add_argument("--excel", action="store_true",
                   help="CSV for Excel on Windows: a UTF-8 byte-order mark first, so accents and CJK names open right")
    p.add_argument("-j", "--jobs", type=parse_jobs, default=1, metavar="N",
                   help="worker processes (default 1; 0 = one per core)")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: this machine, --jobs processes (default); dask: the dask.distributed cluster at "
                        "--scheduler (relparty[dask]; the workers must see the files at the same paths)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="the Dask scheduler for --engine dask, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--max-bytes", type=parse_size, default=DEFAULT_MAX_BYTES, metavar="SIZE",
                   help=f"skip files larger than this, unread (default {DEFAULT_MAX_BYTES:,} bytes; 500k, 20MB...). "
                        "What is read goes through the pipeline in windows of at most 120,000 characters, so "
                        "the time a file takes grows linearly with this size and the memory only through the "
                        "text, its offset map and the records")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress bar, summary or warnings on standard error; errors only")
    p.add_argument("--fail-fast", action="store_true",
                   help="stop at the first file that cannot be read (exit 1; nothing is written to -o)")
    p.add_argument("--filer", metavar="NAME",
                   help="the company whose notes these are (\"Acme Steel Corp.\"): it and its short name (\"Acme "
                        "Steel\") are read as the filer, never as a counterparty")
    p.set_defaults(func=cmd_extract, command_parser=p)

    s = subparsers.add_parser("schema", help="print the JSON schema of the records and facts",
                              description="Print the JSON schema of a note extraction (records) and of a fact.")
    s.set_defaults(func=cmd_schema, command_parser=s)


def _register_details(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``relparty details`` and ``relparty reconcile`` (run by ``relparty.details.commands``)."""
    d = subparsers.add_parser(
        "details", help="read XBRL '(Details)' pages into tagged facts (JSONL or CSV)",
        description="Read the text rendering of EDGAR '(Details)' pages. Each value lists every column it can "
                    "occupy (empty cells are dropped by the rendering); it is placed only when that is one column.")
    d.add_argument("pages", nargs="+", metavar="PAGE", help="details page files, or folders holding *.details*.txt")
    d.add_argument("-o", "--output", default="-", help="output file (default: standard output)")
    d.add_argument("--format", choices=("jsonl", "csv"), help="default: from the output suffix, else jsonl")
    d.add_argument("--cells", action="store_true", help="also percentages, counts, durations and dates (not facts)")
    d.add_argument("-q", "--quiet", action="store_true", help="no warnings on standard error")
    d.set_defaults(func=_run_details, command_parser=d)

    r = subparsers.add_parser(
        "reconcile", help="reconcile a note's extraction with the '(Details)' pages of the same filing",
        description="Match the note's facts to the tagged facts (party, kind, period, value after scale) and give "
                    "each pair or single a status: agree, differ, blank-in-text, text-only, tagged-only. NOTE may be "
                    "a note (.txt/.htm), a facts JSON (GOLD.md shape) or a folder: then every NAME.txt is paired with "
                    "the NAME.details*.txt beside it. Without DETAILS the pages beside NOTE are used.")
    r.add_argument("note", metavar="NOTE")
    r.add_argument("details", nargs="*", metavar="DETAILS")
    r.add_argument("-o", "--output", default="-", help="output file (default: standard output)")
    r.add_argument("--format", choices=("table", "jsonl", "csv", "json", "html"),
                   help="default: from the output suffix, else table")
    r.add_argument("--scale", type=int, help="multiplier of note amounts written without a scale word "
                                             "(1000 when the statements are in thousands); inferred by default")
    r.add_argument("--from-gold", action="store_true",
                   help="take the note's facts from NAME.gold.json beside NAME.txt instead of extracting them")
    r.add_argument("-q", "--quiet", action="store_true", help="no warnings on standard error")
    r.set_defaults(func=_run_reconcile, command_parser=r)


def _register_locate(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``relparty locate`` (run by ``relparty.filings.commands``)."""
    p = subparsers.add_parser(
        "locate", help="say where the related-party sections of whole filings are",
        description="Find the related-party note (an inline XBRL text block and its continuedAt parts, or a heading "
                    "outside the table of contents) and the other related-party sections (Item 13, Item 7.B, a proxy's "
                    "Item 404 section) of each filing. Offsets: visible text (tags dropped, blocks to lines) and the "
                    "document as given. A folder with FilingSummary.xml is read as one filing.")
    p.add_argument("filings", nargs="+", metavar="FILING", help="primary documents (.htm, .html, .txt) or EDGAR folders")
    p.add_argument("--format", choices=("table", "jsonl"), default="table")
    p.add_argument("-q", "--quiet", action="store_true", help="no warnings on standard error")
    p.set_defaults(func=_run_locate, command_parser=p)


# The other commands' work is done elsewhere, as plain functions; they are imported when they run, so
# ``relparty --help`` stays quick.


def _run_details(args: argparse.Namespace) -> int:
    from relparty.details.commands import run_details

    return run_details(args, prog=PROG)


def _run_reconcile(args: argparse.Namespace) -> int:
    from relparty.details.commands import run_reconcile

    return run_reconcile(args, prog=PROG)


def _run_locate(args: argparse.Namespace) -> int:
    from relparty.filings.commands import run_locate

    return run_locate(args, prog=PROG)


# --- schema ------------------------------------------------------------------------------------


def cmd_schema(args: argparse.Namespace) -> int:
    from relparty.models import json_schema

    out = _stdout()
    out.write(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
    out.flush()
    return 0


# --- extract -----------------------------------------------------------------------------------


def _stdout() -> IO[str]:
    """Standard output as UTF-8 whatever the locale, lines ending as written."""
    return open(sys.stdout.fileno(), "w", encoding="utf-8", newline="", closefd=False)


class Reporter:
    """Errors, warnings, the progress bar and the summary, all on standard error."""

    def __init__(self, *, quiet: bool, progress_total: int | None, stream: IO[str] | None = None,
                 clock: Callable[[], float] | None = None, mininterval: float = 0.2) -> None:
        """``stream`` (default: standard error) gets the bar; ``clock`` (default: the monotonic
        clock tqdm uses) and ``mininterval`` (seconds between redraws) are there for tests."""
        self.quiet = quiet
        self.stream = stream
        self.bar: Any = None
        if progress_total is not None:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread (worker processes are forked)
            out = stream if stream is not None else sys.stderr
            try:
                width, height = os.get_terminal_size(out.fileno())
            except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
                width = height = 0
            # a terminal that does not tell its size (0 x 0) still gets a bar: 80 columns
            self.bar = tqdm(total=progress_total, unit=" notes", file=out, dynamic_ncols=width > 0,
                            ncols=None if width > 0 else 80, nrows=None if height > 0 else 24,
                            mininterval=mininterval, smoothing=0.1, leave=False, delay=0)
            if clock is not None:
                self.bar._time = clock  # tqdm reads its clock from this attribute
                self.bar.start_t = self.bar.last_print_t = clock()

    def _print(self, line: str) -> None:
        out = self.stream if self.stream is not None else sys.stderr
        if self.bar is not None:
            self.bar.write(line, file=out)
        else:
            print(line, file=out, flush=True)

    def error(self, path: str, reason: str) -> None:
        self._print(f"{PROG}: {shown_name(path)}: {reason}")

    def warning(self, path: str, message: str) -> None:
        if not self.quiet:
            self._print(f"{PROG}: {shown_name(path)}: warning: {message}")

    def message(self, text: str) -> None:
        self._print(f"{PROG}: {text}")

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def summary(self, line: str) -> None:
        self.close()
        if not self.quiet:
            print(line, file=self.stream if self.stream is not None else sys.stderr, flush=True)


_NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}  # disk or quota full, file too big


def shown_name(path: str) -> str:
    """A file name as messages show it: as it is when every character prints, else quoted with
    escapes (a newline in a name must not start a line of its own on standard error)."""
    return path if path.isprintable() else repr(path)


@dataclass
class Tally:
    files: int = 0
    failed: int = 0
    records: int = 0
    facts: int = 0
    warnings: int = 0

    def line(self, seconds: float) -> str:
        return (f"{self.files} files, {self.failed} failed, {self.records} records, {self.facts} facts, "
                f"{self.warnings} warnings, {seconds:.1f} s")


class _FailFast(Exception):
    def __init__(self, path: str) -> None:
        self.path = path


# -o NAME.SUFFIX picks the format; --format, when given too, must agree
SUFFIX_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".xlsx": "xlsx",
                  ".html": "html", ".htm": "html", ".parquet": "parquet", ".arrow": "arrow", ".feather": "arrow"}
FILE_FORMATS = ("xlsx", "html", "parquet", "arrow")  # written to a file, never to standard output
TABLE_FORMATS = ("parquet", "arrow")  # through pyarrow (relparty[frames])


def default_name(fmt: str, view: str) -> str:
    """The file ``-o DIR/`` writes in the directory."""
    return f"review.{fmt}" if fmt in ("xlsx", "html") else f"{view}.{fmt}"


def resolve_output(output: str, fmt: str | None, view: str) -> tuple[str, str]:
    """``(output, format)`` from ``-o`` and ``--format``: a directory gets a default file name; the
    format is ``--format``, else the suffix of ``-o``, else jsonl. A usage error when they disagree."""
    if output == "-":
        return output, fmt or "jsonl"
    if output.endswith(("/", os.sep)) or os.path.isdir(output):
        if not os.path.isdir(output):
            raise UsageError(f"-o {output}: no such directory")
        fmt = fmt or "jsonl"
        return os.path.join(output, default_name(fmt, view)), fmt
    by_suffix = SUFFIX_FORMATS.get(Path(output).suffix.lower())
    if fmt is not None and by_suffix is not None and fmt != by_suffix:
        raise UsageError(f"-o {output} names a {by_suffix} file, but --format {fmt} was given: "
                         f"drop --format or give a .{fmt} file name")
    return output, fmt or by_suffix or "jsonl"


def _check_output(output: str, fmt: str, inputs: list[str]) -> None:
    if fmt in FILE_FORMATS and output == "-":
        raise UsageError(f"--format {fmt} writes a file: give it with -o FILE")
    if output == "-":
        return
    target = Path(output)
    if target.is_dir():
        raise UsageError(f"-o {output}: is a directory")
    parent = target.parent
    if not parent.is_dir():
        raise UsageError(f"-o {output}: no such directory: {parent}")
    if not os.access(parent, os.W_OK):
        raise UsageError(f"-o {output}: cannot write in {parent}")
    real = os.path.realpath(output)
    for arg in inputs:
        if arg != "-" and os.path.isfile(arg) and os.path.realpath(arg) == real:
            raise UsageError(f"-o {output} is also an input: it would be overwritten while it is read")


def _on_signal(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signum)


def cmd_extract(args: argparse.Namespace) -> int:
    from relparty.batch import WorkerCrash, expand_paths, resolve_jobs
    from relparty.writers import STREAM_FORMATS

    if args.excel and args.format is None and (args.output == "-" or Path(args.output).suffix.lower() not in SUFFIX_FORMATS):
        args.format = "csv"  # --excel alone means CSV for Excel
    args.output, args.format = resolve_output(args.output, args.format, args.view)
    fmt: str = args.format
    if fmt == "csv" and args.view != "facts":
        raise UsageError("--format csv holds the facts view only; use --view facts, or jsonl/json for records")
    if fmt in TABLE_FORMATS:
        if args.view != "facts":
            raise UsageError(f"--format {fmt} holds the facts view only (one row per fact)")
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise UsageError(f"--format {fmt} needs pyarrow: pip install 'relparty[frames]'") from None
    if args.engine == "dask":
        if not args.scheduler:
            raise UsageError("--engine dask needs --scheduler ADDRESS (a running dask.distributed scheduler)")
        if fmt not in STREAM_FORMATS:
            raise UsageError(f"--engine dask writes jsonl, json or csv, not {fmt}")
        if "-" in [os.fspath(p) for p in args.paths]:
            raise UsageError("--engine dask reads files the workers can open, not standard input")
    elif args.scheduler:
        raise UsageError("--scheduler is for --engine dask")
    if args.engine == "dask" and args.filer:
        raise UsageError("--filer is for --engine local")
    if args.excel and fmt != "csv":
        raise UsageError(f"--excel is for CSV output (a byte-order mark for Excel), not {fmt}")
    _check_output(args.output, fmt, [os.fspath(p) for p in args.paths])
    # the output is never read back as a note (it may lie in an input folder, left by a previous run)
    args.inputs = partial(expand_paths, args.paths, exclude=[] if args.output == "-" else [args.output])
    started = time.monotonic()

    tally = Tally()
    reporter = Reporter(quiet=True, progress_total=None)  # replaced once the files are counted
    nothing = "" if args.output == "-" else f"; nothing written to {args.output}"
    previous = {s: signal.signal(s, _on_signal) for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None))
                if s is not None}
    try:
        total: int | None = None
        bar = not args.quiet and sys.stderr.isatty()
        files: int | None = None
        if bar or args.jobs != 1 or fmt not in STREAM_FORMATS:
            files = sum(1 for _ in args.inputs())  # a counting pass for the bar and --jobs (paths are not kept)
            total = files if bar and files >= PROGRESS_MIN_FILES else None
        jobs = resolve_jobs(args.jobs, files)  # no more workers than cores or files
        reporter = Reporter(quiet=args.quiet, progress_total=total)
        if args.engine == "dask":
            _extract_stream(args, jobs, reporter, tally, dask=True)
        elif fmt in STREAM_FORMATS:
            _extract_stream(args, jobs, reporter, tally)
        elif fmt in TABLE_FORMATS:
            _extract_table(args, jobs, reporter, tally)
        else:
            _extract_collected(args, jobs, reporter, tally, files or 0)
    except _FailFast:
        reporter.close()
        reporter.message(f"stopped at the first failed file (--fail-fast){nothing}")
        return 1
    except WorkerCrash as e:
        reporter.close()
        reporter.message(f"{e}{nothing}")
        return 1
    except OSError as e:
        if e.errno not in _NO_SPACE:
            raise
        reporter.close()  # the temporary file is gone (atomic_path): nothing partial is left
        reporter.message(f"{'standard output' if args.output == '-' else shown_name(args.output)}: no space left")
        return 1
    except (KeyboardInterrupt, Interrupted):
        reporter.close()
        reporter.message(f"interrupted{nothing}")
        return 130
    finally:
        reporter.close()
        for s, h in previous.items():
            signal.signal(s, h)
    reporter.summary(tally.line(time.monotonic() - started))
    return 1 if tally.failed else 0


def _count(tally: Tally, reporter: Reporter, path: str, error: str | None, warnings: list[str],
           records: int, facts: int, note_warnings: int, fail_fast: bool, failed_parts: int = 0) -> None:
    tally.files += 1
    reporter.advance()
    for w in warnings:
        reporter.warning(path, w)
    tally.warnings += len(warnings) + note_warnings
    if error is not None:
        tally.failed += 1
        reporter.error(path, error)
        if fail_fast:
            raise _FailFast(path)
        return
    tally.records += records
    tally.facts += facts
    if failed_parts:  # the rest of the note was read, but not all of it: the file counts as failed
        tally.failed += 1
        reporter.error(path, f"{failed_parts} part{'s' if failed_parts != 1 else ''} of the note could not be read "
                             "(internal error; see its warnings)")
        if fail_fast:
            raise _FailFast(path)


def _dask_items(args: argparse.Namespace) -> Generator[Any, None, None]:
    """The batch's rendered results from the Dask cluster at ``--scheduler``, in input order."""
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("--engine dask needs dask.distributed: pip install 'relparty[dask]'") from None
    from relparty.dask import rendered_partitions

    try:
        client = Client(args.scheduler, timeout=30)
    except OSError as e:
        raise UsageError(f"--scheduler {args.scheduler}: cannot reach the scheduler ({e})") from None
    try:
        yield from rendered_partitions(client, ((i.path, i.error) for i in args.inputs()), fmt=args.format,
                                       view=args.view, max_bytes=args.max_bytes)
    finally:
        client.close()


def _extract_stream(args: argparse.Namespace, jobs: int, reporter: Reporter, tally: Tally, dask: bool = False) -> None:
    from relparty.batch import run_batch
    from relparty.writers import Rendered, StreamWriter, atomic_output, render

    post: Callable[[Any], Rendered] = partial(render, fmt=args.format, view=args.view)

    def consume(fh: IO[str], *, flush_each: bool) -> None:
        writer = StreamWriter(fh, args.format, flush_each=flush_each, bom=args.excel)
        items: Generator[Rendered, None, None] = _dask_items(args) if dask else run_batch(
            args.inputs(), jobs=jobs, max_bytes=args.max_bytes, keep_text=False, post=post, filer=args.filer)
        try:
            for item in items:
                _count(tally, reporter, item.path, item.error, item.warnings, item.records, item.facts,
                       item.notes_warnings, args.fail_fast, item.failed_parts)
                writer.add(item.payload)
        finally:
            items.close()  # stops the workers now if we leave early
        writer.close()

    if args.output == "-":
        out = _stdout()
        consume(out, flush_each=True)
    else:
        with atomic_output(args.output) as fh:
            consume(fh, flush_each=False)


def _extract_table(args: argparse.Namespace, jobs: int, reporter: Reporter, tally: Tally) -> None:
    """parquet and arrow: the facts streamed through pyarrow in row groups."""
    from relparty.batch import run_batch
    from relparty.frames import TableWriter
    from relparty.results import FileResult
    from relparty.writers import atomic_path

    items: Generator[FileResult, None, None] = run_batch(args.inputs(), jobs=jobs, max_bytes=args.max_bytes, keep_text=False,
                                                         filer=args.filer)
    with atomic_path(args.output) as tmp:
        table = TableWriter(tmp, args.format)
        try:
            for r in items:
                ex = r.extraction
                error = r.error if r.error is not None or ex is not None else "no extraction"
                _count(tally, reporter, r.path, error, r.warnings, len(ex.records) if ex else 0,
                       len(ex.facts()) if ex else 0, len(ex.warnings) if ex else 0, args.fail_fast)
                table.add(r)
        finally:
            items.close()
            table.close()


def _extract_collected(args: argparse.Namespace, jobs: int, reporter: Reporter, tally: Tally, files: int) -> None:
    """xlsx and html: each result (with its text) goes to the writer as it comes; the file (and the
    review's note pages) appear when the writer closes."""
    from relparty.batch import run_batch
    from relparty.exports.html import SINGLE_PAGE_MAX_NOTES, ReviewWriter, review_link
    from relparty.exports.xlsx import WorkbookWriter
    from relparty.results import FileResult, failed_parts
    from relparty.writers import atomic_path

    paged = files > SINGLE_PAGE_MAX_NOTES  # the workbook links to the review this batch would get
    items: Generator[FileResult, None, None] = run_batch(args.inputs(), jobs=jobs, max_bytes=args.max_bytes, keep_text=True,
                                                         filer=args.filer)

    def feed(add: Callable[[FileResult], None]) -> None:
        try:
            for r in items:
                ex = r.extraction
                error = r.error if r.error is not None or ex is not None else "no extraction"
                _count(tally, reporter, r.path, error, r.warnings,
                       len(ex.records) if ex else 0, len(ex.facts()) if ex else 0, len(ex.warnings) if ex else 0,
                       args.fail_fast, failed_parts(ex))
                add(r)
        finally:
            items.close()

    if args.format == "xlsx":
        review = Path(args.output).with_suffix(".html")
        with atomic_path(args.output) as tmp:
            book = WorkbookWriter(tmp, review_link=review_link(review, paged))
            feed(book.add)
            book.close()
    else:
        with ReviewWriter(args.output, paged=paged) as page:
            feed(page.add)


# --- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:  # no command: say which there are
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args))
    except UsageError as e:
        cp: argparse.ArgumentParser = getattr(args, "command_parser", None) or parser
        sys.stderr.write(cp.format_usage())
        sys.stderr.write(f"{cp.prog}: error: {e}\n")
        return 2
    except BrokenPipeError:  # the reader went away (e.g. | head): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
