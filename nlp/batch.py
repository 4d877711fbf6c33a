"""Batch reading of note files: input expansion, careful file reading, and an ordered worker pool.

``extract_files(paths)`` is the library entry point: it yields one :class:`~relparty.results.FileResult`
per path, in input order, as soon as it is ready. Bad files never stop a batch: a missing,
unreadable, binary, empty or oversized file, or a directory, gives a result with ``error`` set
(the reason, in a few words); a file that is not UTF-8 is read as cp1252 with a warning.

With ``jobs > 1`` the files are read and extracted in worker processes, each holding one
:class:`~relparty.api.Extractor`. Work goes out in small chunks through a bounded window, so memory
stays flat however many files there are, and results come back in input order. Each chunk runs in
a spaCy memory zone: the strings of its documents are freed afterwards (without it spaCy's string
store grows with every new number and name it sees).
"""

from __future__ import annotations

import glob
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relparty.files import DEFAULT_MAX_BYTES, STDIN_NAME, decode_note, read_note, reader_kind
from relparty.filings.batch import is_filing_dir, take_filings
from relparty.results import FileResult

if TYPE_CHECKING:
    from relparty.api import Extractor

__all__ = [
    "DEFAULT_MAX_BYTES",
    "NOTE_SUFFIXES",
    "STDIN",
    "InputPath",
    "WorkerCrash",
    "available_cores",
    "decode_note",
    "expand_paths",
    "extract_files",
    "read_note",
    "resolve_jobs",
    "run_batch",
]

NOTE_SUFFIXES = (".txt", ".htm", ".html")
STDIN = "-"
CHUNK_SIZE = 8  # files per task sent to a worker (and per spaCy batch in one process)
WINDOW_PER_JOB = 4  # chunks in flight per worker: enough to keep workers busy, little memory


# --- inputs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InputPath:
    """One input of a batch: a file path (or ``-``), or an argument that names no file and why."""

    path: str
    error: str | None = None


def _has_glob(arg: str) -> bool:
    return glob.has_magic(arg)


def _walk(directory: str) -> Iterator[str]:
    """Note files under ``directory``, recursively, in sorted order; hidden files and folders skipped."""
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(NOTE_SUFFIXES) and ".details" not in name:
                yield os.path.join(root, name)  # NAME.details*.txt pages pair with NAME.txt; they are not notes


def _expand_dir(directory: str) -> Iterator[InputPath]:
    if is_filing_dir(directory):  # an EDGAR filing folder is one input
        yield InputPath(directory)
        return
    found = False
    for path in _walk(directory):
        found = True
        yield InputPath(path)
    if not found:
        yield InputPath(directory, f"directory holds no {', '.join(NOTE_SUFFIXES[:-1])} or {NOTE_SUFFIXES[-1]} files")


def expand_paths(args: Iterable[str | os.PathLike[str]], *, exclude: Iterable[str | os.PathLike[str]] = (),
                 unique: bool = True) -> Iterator[InputPath]:
    """Expand command-line inputs lazily, in order: files as given, directories recursively
    (``*.txt``, ``*.htm``, ``*.html``), glob patterns (``**`` allowed) and ``-`` for standard input.

    An argument that names nothing yields an :class:`InputPath` with ``error`` set; a missing file
    is left to the reader, which says so. With ``unique`` a file named twice (by two arguments, or
    by a path and a folder that holds it; compared by real path) is yielded once, where it first
    comes. Files in ``exclude`` (e.g. the output file, when it lies in an input folder) are skipped.
    """
    skip = {os.path.realpath(os.fspath(p)) for p in exclude}
    seen: set[str] = set()
    for item in _expand(args):
        if item.path == STDIN or item.error is not None or not (skip or unique):
            yield item
            continue
        real = os.path.realpath(item.path)
        if real in skip or (unique and real in seen):
            continue
        if unique:
            seen.add(real)
        yield item


def _expand(args: Iterable[str | os.PathLike[str]]) -> Iterator[InputPath]:
    for raw in args:
        arg = os.fspath(raw)
        if arg == STDIN:
            yield InputPath(STDIN)
        elif os.path.isdir(arg):
            yield from _expand_dir(arg)
        elif _has_glob(arg) and not os.path.exists(arg):
            matches = sorted(glob.iglob(arg, recursive=True))
            if not matches:
                yield InputPath(arg, "no files match this pattern")
            for m in matches:
                if os.path.isdir(m):
                    yield from _walk_quiet(m)
                else:
                    yield InputPath(m)
        else:
            yield InputPath(arg)


def _walk_quiet(directory: str) -> Iterator[InputPath]:
    """A directory matched by a glob pattern: its note files (an empty one is no error)."""
    for path in _walk(directory):
        yield InputPath(path)


# --- extraction of a chunk ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Config:
    max_bytes: int
    keep_text: bool
    post: Callable[[FileResult], Any] | None
    filer: str | None = None  # the company whose notes these are (``relparty extract --filer``)


# (path, error from expansion, bytes already read or None)
_Task = tuple[str, str | None, bytes | None]


def _extract_chunk(ex: Extractor, tasks: list[_Task], cfg: _Config) -> list[Any]:
    results = [FileResult(path, error=err) if err is not None else read_note(path, cfg.max_bytes, data)
               for path, err, data in tasks]
    take_filings(ex, results)  # whole filings (a primary document, an EDGAR folder): relparty.filings
    good = [r for r in results if r.error is None and r.text is not None and r.extraction is None]
    # one spaCy batch per reader kind (HTML by suffix, the rest sniffed)
    for kind in sorted({reader_kind(r.path) or "" for r in good}):
        group = [r for r in good if (reader_kind(r.path) or "") == kind]
        try:
            # Extractor.pipe runs each batch in spaCy's memory zone (zones must not be nested)
            extractions = list(ex.pipe([r.text or "" for r in group], sources=[r.path for r in group],
                                       kind=kind or None))
            for r, e in zip(group, extractions):
                r.extraction = e
        except Exception:  # one note broke the batch: read them one by one to name it
            for r in group:
                try:
                    r.extraction = ex.extract(r.text or "", source=r.path, kind=kind or None)
                except MemoryError:  # reported for this file, never swallowed
                    r.error = "out of memory while extracting this file"
                except Exception as err:
                    r.error = f"internal error while extracting: {type(err).__name__}: {err}"
    for r in results:
        _shown_name(r)
    if not cfg.keep_text:
        for r in results:
            r.text = None
    return [cfg.post(r) for r in results] if cfg.post is not None else results


def _shown_name(r: FileResult) -> None:
    """A file name that is not UTF-8 (bytes kept as surrogate escapes) cannot be written to JSON,
    CSV or a terminal: from here on the result shows it with U+FFFD for each bad byte."""
    try:
        r.path.encode("utf-8")
    except UnicodeEncodeError:
        shown = r.path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        r.warnings.append("the file name is not UTF-8; shown with U+FFFD for its bad bytes")
        r.path = shown
        if r.extraction is not None:
            r.extraction.source = shown
            r.extraction.note = Path(shown).stem


_WORKER: tuple[Extractor, _Config] | None = None


def _die_with_parent() -> None:
    """A worker ends when the parent process dies, even by SIGKILL: on Linux the kernel sends it
    SIGTERM (``prctl(PR_SET_PDEATHSIG)``); elsewhere a daemon thread watches the parent's pid."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(1, signal.SIGTERM, 0, 0, 0) == 0:  # PR_SET_PDEATHSIG = 1
                if os.getppid() != parent:  # the parent died before the call
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="relparty-parent-watch", daemon=True).start()


def _init_worker(cfg: _Config) -> None:
    """Worker start: the parent handles Ctrl-C (and stops the pool); each worker builds one Extractor."""
    global _WORKER
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from relparty.api import Extractor

    _WORKER = (Extractor(filer=cfg.filer), cfg)


def _worker_chunk(tasks: list[_Task]) -> list[Any]:
    assert _WORKER is not None, "worker not initialised"
    ex, cfg = _WORKER
    return _extract_chunk(ex, tasks, cfg)


# --- the ordered pool --------------------------------------------------------------------------


def _tasks(inputs: Iterable[InputPath], max_bytes: int) -> Iterator[_Task]:
    stdin_read = False
    for item in inputs:
        if item.path == STDIN and item.error is None:
            if stdin_read:
                yield STDIN_NAME, "standard input was already read (- given twice)", None
                continue
            stdin_read = True
            try:
                data = sys.stdin.buffer.read(max_bytes + 1)
            except OSError as e:
                yield STDIN_NAME, f"cannot read standard input: {e}", None
                continue
            yield STDIN_NAME, None, data
        else:
            yield item.path, item.error, None


def _chunks(tasks: Iterator[_Task], size: int) -> Iterator[list[_Task]]:
    while chunk := list(islice(tasks, size)):
        yield chunk


def available_cores() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def resolve_jobs(jobs: int, files: int | None = None) -> int:
    """``jobs`` worker processes (0 means one per available core), capped at the available cores
    and, when it is known, at the number of ``files``: more would only wait or compete."""
    if jobs < 0:
        raise ValueError(f"jobs must be 0 (all cores) or more, not {jobs}")
    cores = available_cores()
    n = cores if jobs == 0 else min(jobs, cores)
    if files is not None:
        n = min(n, max(1, files))
    return n


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop at once: cancel waiting chunks and end the workers (no half-done work is kept)."""
    pool.shutdown(wait=False, cancel_futures=True)
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        terminate()
        return
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        if proc.is_alive():
            proc.terminate()


def run_batch(inputs: Iterable[InputPath], *, jobs: int = 1, max_bytes: int = DEFAULT_MAX_BYTES,
              keep_text: bool = True, post: Callable[[FileResult], Any] | None = None,
              extractor: Extractor | None = None, chunk_size: int = CHUNK_SIZE,
              filer: str | None = None) -> Generator[Any, None, None]:
    """Read and extract ``inputs`` in order; yield ``post(result)`` (or the FileResult) per input.

    ``post`` runs where the extraction ran (in the worker with ``jobs > 1``), so it must be a
    picklable module-level function (or a ``functools.partial`` of one) and should return a small,
    picklable value. ``extractor`` is used when the batch runs in this process. ``filer``: the
    company whose notes these are (never a counterparty); with it, a new Extractor names it.
    """
    jobs = resolve_jobs(jobs)
    cfg = _Config(max_bytes, keep_text, post, filer)
    chunks = _chunks(_tasks(inputs, max_bytes), chunk_size)
    head = list(islice(chunks, 2))
    if jobs == 1 or len(head) < 2:  # one chunk is not worth starting workers for
        if extractor is None and filer:
            from relparty.api import Extractor

            extractor = Extractor(filer=filer)
        elif extractor is None:
            from relparty.api import default_extractor

            extractor = default_extractor()
        for chunk in _chain(head, chunks):
            yield from _extract_chunk(extractor, chunk, cfg)
        return
    yield from _run_pool(_chain(head, chunks), jobs, cfg)


def _chain(head: list[list[_Task]], rest: Iterator[list[_Task]]) -> Iterator[list[_Task]]:
    yield from head
    yield from rest


def _new_pool(jobs: int, cfg: _Config) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(cfg,))


MAX_CRASHES_IN_A_ROW = 3


class WorkerCrash(RuntimeError):
    """Worker processes died one after another: the batch cannot go on."""


def _run_pool(chunks: Iterator[list[_Task]], jobs: int, cfg: _Config) -> Iterator[Any]:
    window: deque[tuple[list[_Task], Future[list[Any]]]] = deque()
    pool = _new_pool(jobs, cfg)
    try:
        exhausted = False
        while True:
            while not exhausted and len(window) < jobs * WINDOW_PER_JOB:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                window.append((chunk, pool.submit(_worker_chunk, chunk)))
            if not window:
                break
            chunk, fut = window.popleft()
            try:
                out = fut.result()
            except BrokenProcessPool:
                # a worker died (killed, out of memory, a crash in native code): a new pool redoes
                # the chunks in flight one file at a time, to name the file that did it
                _stop_pool(pool)
                pending = [task for c in [chunk, *(c for c, _ in window)] for task in c]
                window.clear()
                pool = _new_pool(jobs, cfg)
                crashes = 0
                for task in pending:
                    try:
                        out = pool.submit(_worker_chunk, [task]).result()
                        crashes = 0
                    except BrokenProcessPool:
                        crashes += 1
                        if crashes >= MAX_CRASHES_IN_A_ROW:
                            raise WorkerCrash("worker processes keep dying (out of memory?)") from None
                        _stop_pool(pool)
                        pool = _new_pool(jobs, cfg)
                        failed = FileResult(task[0], error="the worker process reading this file died (crash or out of memory)")
                        out = [cfg.post(failed)] if cfg.post is not None else [failed]
                    yield from out
                continue
            yield from out
    except BaseException:
        _stop_pool(pool)
        raise
    pool.shutdown(wait=True)


# --- the library entry point -------------------------------------------------------------------


def extract_files(paths: Iterable[str | os.PathLike[str]], *, jobs: int = 1, max_bytes: int = DEFAULT_MAX_BYTES,
                  keep_text: bool = True, extractor: Extractor | None = None) -> Generator[FileResult, None, None]:
    """Yield one :class:`FileResult` per path, in order, as each is ready (a generator).

    ``paths`` are files (``"-"`` reads standard input); use :func:`expand_paths` first for
    directories and glob patterns. A file that cannot be read gives a result with ``error`` set
    and the batch goes on. ``jobs``: worker processes (0 = one per core). ``keep_text``: fill
    ``FileResult.text`` with the text as read (the review exports need it). Note names are the
    file names without suffix (``NoteExtraction.note``); ``source`` is the path. ``extractor``
    (default: the shared default one) is used when the files are read in this process; worker
    processes each build their own default :class:`~relparty.api.Extractor`.
    """
    inputs = (InputPath(os.fspath(p)) for p in paths)
    yield from run_batch(inputs, jobs=jobs, max_bytes=max_bytes, keep_text=keep_text, extractor=extractor)
