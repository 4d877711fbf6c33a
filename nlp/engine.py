"""Engine-neutral extraction: ``(id, text)`` pairs in, flat fact rows out.

:func:`extract_rows` is what a map step of any engine runs (a Dask bag partition, a Spark
``mapInPandas`` batch, a Ray task, a plain ``multiprocessing`` pool): it takes an iterable of
``(id, text)`` pairs and yields one flat ``dict`` per fact, keyed by :data:`ROW_COLUMNS` (the
input's ``id`` first, then the :class:`~relparty.models.Fact` fields). Each process (each thread,
where an engine runs several in one process) builds one :class:`~relparty.api.Extractor` the first
time and keeps it: the pipeline loads once per worker, not once per task.

Values are plain Python: ``str``, ``int``, ``bool``, ``None``, ``datetime.date`` for
``period_end``, :class:`decimal.Decimal` for ``amount`` (exact; ``None`` exactly when ``blank``), and
``aliases``/``warnings`` as lists of strings. :func:`read_rows` does the same for note files,
reading each as ``relparty extract`` does.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from relparty.models import Fact

if TYPE_CHECKING:
    from relparty.api import Extractor

__all__ = ["ROW_COLUMNS", "extract_rows", "read_rows", "fact_row", "worker_extractor"]

#: The keys of a row: the input's id, then every field of a fact, in the facts view's order.
ROW_COLUMNS: tuple[str, ...] = ("id", *Fact.model_fields)
BATCH = 64  # texts per Extractor.pipe call (its own batch size)

_local = threading.local()


def worker_extractor() -> Extractor:
    """The Extractor of this process (of this thread, where one process runs several): built once."""
    ex = getattr(_local, "extractor", None)
    if ex is None:
        from relparty.api import Extractor

        ex = _local.extractor = Extractor()
    return ex


def fact_row(id_: str, fact: Fact) -> dict[str, Any]:
    """One flat row: ``id`` and the fact's fields (Python values, the amount a Decimal)."""
    row: dict[str, Any] = {"id": id_}
    for name in Fact.model_fields:
        value = getattr(fact, name)
        row[name] = list(value) if isinstance(value, list) else value
    return row


def extract_rows(pairs: Iterable[tuple[str, str]], *, kind: str | None = None) -> Iterator[dict[str, Any]]:
    """One row per fact of each ``(id, text)`` pair, in input order. ``id`` is also the source the
    facts name (their ``note`` is its file stem). ``kind``: the reader (``"html"``, ``"text"``, or
    None to sniff each text)."""
    ex = worker_extractor()
    it = iter(pairs)
    while chunk := list(islice(it, BATCH)):
        ids = [str(i) for i, _ in chunk]
        for id_, result in zip(ids, ex.pipe([t for _, t in chunk], sources=ids, kind=kind, batch_size=BATCH)):
            for fact in result.facts():
                yield fact_row(id_, fact)


def read_rows(paths: Iterable[str], *, max_bytes: int | None = None) -> Iterator[dict[str, Any]]:
    """:func:`extract_rows` over note files, read as ``relparty extract`` reads them (a file that
    cannot be read gives no rows; HTML by suffix)."""
    from relparty.batch import DEFAULT_MAX_BYTES, InputPath, run_batch

    for result in run_batch((InputPath(p) for p in paths), jobs=1, max_bytes=max_bytes or DEFAULT_MAX_BYTES,
                            keep_text=False, extractor=worker_extractor()):
        if result.extraction is not None:
            for fact in result.extraction.facts():
                yield fact_row(result.path, fact)
