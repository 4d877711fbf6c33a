"""Facts as tables for analysts: pandas DataFrames, Arrow tables, Parquet and Arrow files.

Needs the optional extra ``relparty[frames]`` (pandas and pyarrow)::

    import relparty
    from relparty.batch import expand_paths, extract_files

    results = extract_files(p.path for p in expand_paths(["filings/"]))
    df = relparty.to_frame(results)                      # amounts as exact decimals
    df = relparty.to_frame(results, decimals="float")    # or as floats

A table has one row per fact, the columns of :data:`FRAME_COLUMNS` (the facts view's, then the
file it was read from, ``file``): ``period_end`` a date, ``amount`` a ``decimal128(38, 10)`` in Arrow and Parquet
(Decimal objects in pandas) or a float64 by choice, null exactly when ``blank``; ``aliases`` and
``warnings`` lists of strings. :class:`TableWriter` streams results to a Parquet or an Arrow IPC
file in row groups, so memory stays flat however many notes there are (``relparty extract -o
facts.parquet`` uses it).
"""

from __future__ import annotations

import os
import types
import typing
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from relparty.models import Fact, NoteExtraction
from relparty.results import FileResult

__all__ = ["FRAME_COLUMNS", "AMOUNT_SCALE", "arrow_schema", "to_arrow", "to_frame", "TableWriter", "MissingExtra"]

FRAME_COLUMNS: tuple[str, ...] = (*Fact.model_fields, "file")
AMOUNT_PRECISION, AMOUNT_SCALE = 38, 10  # 28 integer digits, 10 after the point: any amount a note states
ROW_GROUP_FACTS = 50_000
BATCH_FACTS = 1_000  # facts gathered as Python values before they become Arrow arrays
Decimals = Literal["decimal", "float"]


class MissingExtra(ImportError):
    """pandas or pyarrow is not installed: ``pip install 'relparty[frames]'``."""


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError as e:
        raise MissingExtra("relparty's tables need pyarrow: pip install 'relparty[frames]'") from e
    return pyarrow


def _arrow_type(annotation: Any, pa: Any, decimals: Decimals) -> Any:
    """The Arrow type of a Fact field's annotation (``X | None`` is nullable ``X``)."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        annotation = args[0]
    if annotation is Decimal:
        return pa.decimal128(AMOUNT_PRECISION, AMOUNT_SCALE) if decimals == "decimal" else pa.float64()
    if typing.get_origin(annotation) is list:
        return pa.list_(pa.string())
    return {date: pa.date32(), bool: pa.bool_(), int: pa.int64()}.get(annotation, pa.string())


def arrow_schema(decimals: Decimals = "decimal") -> Any:
    """The Arrow schema of a facts table: a column per Fact field (types from its annotations), then ``file``."""
    pa = _pyarrow()
    fields = [pa.field(name, _arrow_type(info.annotation, pa, decimals), nullable=not info.is_required()
                       or typing.get_origin(info.annotation) in (typing.Union, types.UnionType))
              for name, info in Fact.model_fields.items()]
    return pa.schema([*fields, pa.field("file", pa.string())])


def _facts(results: Iterable[FileResult | NoteExtraction | Fact]) -> Iterator[tuple[Fact, str | None]]:
    for r in results:
        if isinstance(r, Fact):
            yield r, None
        elif isinstance(r, NoteExtraction):
            for f in r.facts():
                yield f, r.source
        elif isinstance(r, FileResult):
            if r.extraction is not None:
                for f in r.extraction.facts():
                    yield f, r.path
        else:
            raise TypeError(f"not a FileResult, NoteExtraction or Fact: {type(r).__name__}")


def _amount(value: Decimal | None, decimals: Decimals) -> Decimal | float | None:
    if value is None:
        return None
    if decimals == "float":
        return float(value)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > AMOUNT_SCALE:
        raise ValueError(f"amount {value} has more than {AMOUNT_SCALE} decimal places")
    return value


def _columns(pairs: Iterable[tuple[Fact, str | None]], decimals: Decimals) -> dict[str, list[Any]]:
    cols: dict[str, list[Any]] = {c: [] for c in FRAME_COLUMNS}
    _append(cols, pairs, decimals)
    return cols


def _append(cols: dict[str, list[Any]], pairs: Iterable[tuple[Fact, str | None]], decimals: Decimals) -> int:
    """Each fact's values onto the end of its column; how many facts."""
    n = 0
    for fact, source in pairs:
        for name in Fact.model_fields:
            value = getattr(fact, name)
            cols[name].append(_amount(value, decimals) if name == "amount" else value)
        cols["file"].append(source)
        n += 1
    return n


def to_arrow(results: Iterable[FileResult | NoteExtraction | Fact], *, decimals: Decimals = "decimal") -> Any:
    """A ``pyarrow.Table`` of the facts of ``results`` (FileResults, NoteExtractions or Facts)."""
    pa = _pyarrow()
    schema = arrow_schema(decimals)
    return pa.Table.from_pydict(_columns(_facts(results), decimals), schema=schema)


def to_frame(results: Iterable[FileResult | NoteExtraction | Fact], *, decimals: Decimals = "decimal") -> Any:
    """A pandas DataFrame of the facts of ``results``: one row per fact, :data:`FRAME_COLUMNS`.

    ``decimals="decimal"`` (the default) keeps amounts exact (``decimal.Decimal`` objects);
    ``"float"`` gives a float64 column. ``period_end`` is a datetime64 column (midnight)."""
    try:
        import pandas  # noqa: F401
    except ImportError as e:
        raise MissingExtra("relparty.to_frame needs pandas: pip install 'relparty[frames]'") from e
    return to_arrow(results, decimals=decimals).to_pandas(date_as_object=False)


class TableWriter:
    """Facts streamed to a Parquet (``fmt="parquet"``) or Arrow IPC file (``fmt="arrow"``), one row
    group per :data:`ROW_GROUP_FACTS` facts; :meth:`add` takes one file's result."""

    def __init__(self, path: str | os.PathLike[str], fmt: str = "parquet", *, decimals: Decimals = "decimal") -> None:
        pa = _pyarrow()
        self.pa = pa
        self.decimals = decimals
        self.schema = arrow_schema(decimals)
        # The row group being gathered: Arrow record batches of BATCH_FACTS facts, and the last few
        # facts as columns of Python values. Kept till the flush as Fact models (or as Python values:
        # the values of each note, allocated amid its garbage, kept its memory from being reused),
        # 50,000 facts took 320 MB over the run (bench/exports_rss.py).
        self.batches: list[Any] = []
        self.columns: dict[str, list[Any]] = {c: [] for c in FRAME_COLUMNS}
        self.pending = self.gathered = 0
        if fmt == "parquet":
            import pyarrow.parquet as pq

            self.writer: Any = pq.ParquetWriter(os.fspath(path), self.schema, compression="zstd")
        elif fmt == "arrow":
            self.writer = pa.ipc.new_file(os.fspath(path), self.schema)
        else:
            raise ValueError(f"not a table format: {fmt!r}")
        self.fmt = fmt

    def add(self, result: FileResult | NoteExtraction | Fact) -> None:
        self.pending += _append(self.columns, _facts([result]), self.decimals)
        if self.pending >= BATCH_FACTS:
            self._batch()
        if self.gathered >= ROW_GROUP_FACTS:
            self._flush()

    def _batch(self) -> None:
        """The facts gathered as Python values into one Arrow record batch."""
        if self.pending:
            self.batches.append(self.pa.RecordBatch.from_pydict(self.columns, schema=self.schema))
            self.columns = {c: [] for c in FRAME_COLUMNS}
            self.gathered += self.pending
            self.pending = 0

    def _flush(self) -> None:
        self._batch()
        if self.batches:
            table = self.pa.Table.from_batches(self.batches, schema=self.schema)
            self.batches, self.gathered = [], 0
            if self.fmt == "parquet":
                self.writer.write_table(table, row_group_size=len(table))  # one row group
            else:
                self.writer.write(table)
            del table

    def close(self) -> None:
        self._flush()
        self.writer.close()
